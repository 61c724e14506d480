# nsfd console: the 2010 nsfd/setns RFC on User-Mode Linux (Debian's 7.3
# and 6.12 LTS), booting into a Lua console.  See README.
#
#   make deps      install the Debian packages (root; once per machine)
#   make           build ./linux (the default kernel, $(DEFAULT_KERNEL))
#   make setup     deps, ./linux, and a demo boot
#   make check     every test
#   make fuzz      the racing fuzzer, long (SEED=, OPS=, TIME=)
#   make coverage  which lines of the RFC series make check runs
#   make storyboard  every scenario drawn step by step: build/storyboard/index.html
#   make semantics   docs/semantics.md, the RFC's handles against mainline's, from a run
#                    on each kernel (builds ./linux-6.12 too)
#   make series    both series as mboxes with cover letters, checked with git am
#   make help      the variants and the binary each one builds
# Variants, each built apart into a binary of its own (make help):
#   make KERNEL=6.12 ...        the series on Debian's 6.12 LTS: ./linux-6.12
#   make UML_CONFIG=debug ...   the same with uml-config/debug.config too: ./linux-debug
#   make UML_CONFIG=i386 ...    a 32-bit UML (SUBARCH=i386), console and
#                               tests built -m32, the RFC's 32-bit table: ./linux-i386

SHELL := /bin/bash
.DELETE_ON_ERROR:

empty :=
space := $(empty) $(empty)

# ---- which kernel: kernel/<KERNEL>/ holds its series ---------------------
KERNELS := 7.3 6.12
DEFAULT_KERNEL := 7.3
KERNEL ?= $(DEFAULT_KERNEL)
ifeq ($(filter $(KERNEL),$(KERNELS)),)
$(error KERNEL=$(KERNEL): this tree has a series for $(KERNELS) only (kernel/<version>/))
endif
# 6.12: Debian's linux-source-6.12 package (bookworm-security, trixie),
# installed by make deps.  7.3: linux-source-7.3 from trixie-backports at
# this exact version, fetched into build/ and never installed
# (kernel/fetch-deb); a newer upload is tried with KERNEL_DEB_VERSION=.
ifeq ($(KERNEL),6.12)
KERNEL_PACKAGE := linux-source-6.12
KERNEL_TARBALL := /usr/src/linux-source-6.12.tar.xz
else
KERNEL_DEB_VERSION ?= 7.3.4-1~bpo13+1
KERNEL_DEB_SUITE := trixie-backports
KERNEL_DEB_DIR := $(abspath build)/debian/linux-source-$(KERNEL)_$(KERNEL_DEB_VERSION)
KERNEL_TARBALL := $(KERNEL_DEB_DIR)/usr/src/linux-source-$(KERNEL).tar.xz
endif

DEBIAN_PACKAGES := $(KERNEL_PACKAGE) make gcc libc6-dev bc flex bison \
	libelf-dev libssl-dev perl python3 xz-utils cpio quilt \
	liblua5.4-dev lua5.4 libreadline-dev libncurses-dev \
	user-mode-linux clang-format rsync procps lcov iproute2 strace groff-base \
	graphviz chromium chromium-driver python3-selenium \
	debian-archive-keyring

B := build
KSRC := $(B)/linux-source-$(KERNEL)
SERIES := kernel/$(KERNEL)
UML_CONFIG ?=
# The variant's name: the kernel unless it is the default, then the
# configuration fragments.  It names the build directory and the binary,
# so that building one variant never replaces another's ./linux.
LINUX_BIN = $(call variant_bin,$(KERNEL),$(UML_CONFIG))
KOBJ_SUFFIX := $(if $(UML_CONFIG),-$(subst $(space),-,$(UML_CONFIG)))
KOBJ := $(B)/kobj-$(KERNEL)$(KOBJ_SUFFIX)
FRAGMENTS := uml-config/base.config $(wildcard uml-config/linux-$(KERNEL).config) \
	$(foreach f,$(UML_CONFIG),uml-config/$(f).config $(wildcard uml-config/$(f)-$(KERNEL).config))
JOBS ?= $(shell nproc)
# The 32-bit configuration builds its kernel, console and tests apart.
I386 := $(filter i386,$(UML_CONFIG))
ARCH_SUFFIX := $(if $(I386),-i386)
# The gcov kernel: gcc 12's libgcov defines a mangle_path() of its own
# (gcov-io.c, not called at run time) beside the one fs/seq_file.c exports.
# The kernel's comes first in the link and wins; arch/um's two flags kept.
COVERAGE_LINK := LDFLAGS_EXECSTACK="-z noexecstack --no-warn-rwx-segments --allow-multiple-definition"
KMAKE = $(MAKE) -C $(KSRC) O=$(abspath $(KOBJ)) ARCH=um $(if $(I386),SUBARCH=i386) \
	$(if $(filter coverage,$(UML_CONFIG)),$(COVERAGE_LINK)) -j$(JOBS)

all: linux

.PHONY: all deps setup demo help check fuzz coverage bench storyboard semantics series api-doc clean distclean console kernel-config linux FORCE

deps:
	apt-get install -y --no-install-recommends $(DEBIAN_PACKAGES) $(if $(I386),gcc-multilib)

setup: deps
	$(MAKE) linux
	$(MAKE) demo

demo: linux
	./$(LINUX_BIN) run=smoke

# The binary of a variant: $(call variant_bin,KERNEL,UML_CONFIG)
variant_name = $(subst $(space),-,$(strip $(filter-out $(DEFAULT_KERNEL),$(1)) $(2)))
variant_bin = linux$(if $(call variant_name,$(1),$(2)),-$(call variant_name,$(1),$(2)))
HELP_CONFIGS := - debug smp i386 i386+debug nonsfd coverage

help:
	@echo 'Kernels: $(KERNELS) (default $(DEFAULT_KERNEL)); KERNEL=$(KERNEL) builds $(KSRC) with $(SERIES)/series.'
	@echo 'Each variant has its own build directory and binary:'
	@$(foreach k,$(KERNELS),$(foreach c,$(HELP_CONFIGS),printf '  make KERNEL=%-5s %-24s -> ./%s\n' \
		$(k) '$(if $(filter-out -,$(c)),UML_CONFIG="$(subst +, ,$(c))")' \
		$(call variant_bin,$(k),$(filter-out -,$(subst +, ,$(c))));))

# ---- kernel source: Debian's tarball + our series ------------------------
ifneq ($(KERNEL_DEB_DIR),)
$(KERNEL_TARBALL): kernel/fetch-deb
	kernel/fetch-deb $(KERNEL_DEB_DIR) amd64 $(KERNEL_DEB_SUITE) \
		linux-source-$(KERNEL)=$(KERNEL_DEB_VERSION)
	touch $@
endif

$(B)/source-$(KERNEL).stamp: $(KERNEL_TARBALL) kernel/prepare-source $(SERIES)/series \
		$(wildcard $(SERIES)/*.patch $(SERIES)/*/*.patch)
	kernel/prepare-source $(KERNEL_TARBALL) $(KSRC) $(SERIES)
	touch $@

# ---- i386: can the host run 32-bit programs, and Debian's libraries ------
# Some x86-64 hosts have IA32 emulation off: say so before building
# anything (uml-config/can-run-i386), in one line.
ifneq ($(I386),)
ifneq ($(filter-out deps help clean distclean,$(or $(MAKECMDGOALS),all)),)
I386_HOST := $(shell uml-config/can-run-i386 $(B) 2>&1)
$(if $(I386_HOST),$(error $(I386_HOST)))
endif
endif

# Downloaded and unpacked, never installed (kernel/fetch-deb): bookworm's
# and bookworm-updates' i386 indexes only, no dpkg --add-architecture on
# the machine (bookworm-security's i386 index does not download here).
I386_PACKAGES := liblua5.4-dev:i386 libreadline-dev:i386 libncurses-dev:i386
I386_SYSROOT := $(abspath $(B))/i386/sysroot

$(I386_SYSROOT)/.stamp: kernel/fetch-deb
	kernel/fetch-deb $(I386_SYSROOT) i386 "bookworm bookworm-updates" $(I386_PACKAGES)
	touch $@

# ---- console: /init, statically linked (the guest has no libc) -----------
CONSOLE_SRC := $(wildcard console/*.c)
CONSOLE_DIR := $(B)/console-$(KERNEL)$(ARCH_SUFFIX)
CONSOLE_OBJ := $(patsubst console/%.c,$(CONSOLE_DIR)/%.o,$(CONSOLE_SRC))
CFLAGS ?= -O2 -g
# The patched tree's uapi headers come first: __NR_nsfd, linux/nsfd.h.
UAPI := $(B)/uapi-$(KERNEL)
M32 := $(if $(I386),-m32)
LUA_CPPFLAGS := $(if $(I386),-I$(I386_SYSROOT)/usr/include/i386-linux-gnu \
	-I$(I386_SYSROOT)/usr/include/lua5.4 -I$(I386_SYSROOT)/usr/include,-I/usr/include/lua5.4)
CONSOLE_CFLAGS := $(M32) -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror \
	-I$(UAPI)/include $(LUA_CPPFLAGS) -MMD -MP
CONSOLE_LIBS := $(if $(I386),-L$(I386_SYSROOT)/usr/lib/i386-linux-gnu) \
	-l:liblua5.4.a -lreadline -ltinfo -lm -ldl
# Readline's user database calls and Lua's dlopen() go to
# console/static_link.c: the guest has no passwd and no shared libraries.
CONSOLE_WRAPS := getpwnam getpwuid getpwent setpwent endpwent dlopen dlerror

$(CONSOLE_DIR)/%.o: console/%.c | $(UAPI)/.stamp $(if $(I386),$(I386_SYSROOT)/.stamp)
	@mkdir -p $(@D)
	$(CC) $(CONSOLE_CFLAGS) $(CFLAGS) -c -o $@ $<

$(CONSOLE_DIR)/init: $(CONSOLE_OBJ)
	$(CC) $(M32) -static -o $@ $^ $(CONSOLE_WRAPS:%=-Wl,--wrap=%) $(CONSOLE_LIBS)

console: $(CONSOLE_DIR)/init

-include $(CONSOLE_OBJ:.o=.d)

# ---- initramfs list: rewritten only when its text changes ----------------
$(KOBJ)/initramfs.list: FORCE $(CONSOLE_DIR)/init
	@mkdir -p $(@D)
	console/initramfs-list $(CONSOLE_DIR)/init scripts tap/kernel-report.ere tap scripts/lib console/lua > $@.new
	@if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi

# ---- kernel config: fragments on allnoconfig, then validated -------------
$(KOBJ)/merged.config: $(FRAGMENTS) $(B)/source-$(KERNEL).stamp Makefile
	@mkdir -p $(@D)
	cat $(FRAGMENTS) > $@
	echo 'CONFIG_INITRAMFS_SOURCE="$(abspath $(KOBJ)/initramfs.list)"' >> $@

$(KOBJ)/.config: $(KOBJ)/merged.config uml-config/validate
	$(KMAKE) -s KCONFIG_ALLCONFIG=$(abspath $<) allnoconfig
	$(KMAKE) -s olddefconfig
	uml-config/validate $@ $(FRAGMENTS)
	@touch $@ # kconfig leaves a .config it did not change as it was

kernel-config: $(KOBJ)/.config

# ---- the UML binary ------------------------------------------------------
$(KOBJ)/linux: FORCE $(KOBJ)/.config $(KOBJ)/initramfs.list
	$(KMAKE) linux

# The variant's own binary: ./linux for the default kernel, ./linux-6.12,
# ./linux-i386... (make help).
ifneq ($(LINUX_BIN),linux)
linux: $(LINUX_BIN)
$(LINUX_BIN): $(KOBJ)/linux
	@cmp -s $< $@ || { cp $< $@.new && mv $@.new $@; }
.PHONY: $(LINUX_BIN)
else
linux: $(KOBJ)/linux
	@cmp -s $< $@ || { cp $< $@.new && mv $@.new $@; }
endif

# ---- tests ---------------------------------------------------------------
# The patched tree's user-space headers (x86: the UML guest runs x86-64
# programs): linux/nsfd.h, NSFD_FS_MAGIC, __NR_nsfd in both tables.
$(UAPI)/.stamp: $(B)/source-$(KERNEL).stamp
	$(MAKE) -s -j$(JOBS) -C $(KSRC) ARCH=x86 O=$(abspath $(UAPI)-obj) \
		INSTALL_HDR_PATH=$(abspath $(UAPI)) headers_install
	touch $@

TEST_CFLAGS := $(M32) -static -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -Itap \
	-Itests -Iconsole
# TAP from the C test programs, as tap.lua is for the scenarios.
TAP_C := tap/tap.c tap/tap.h
# The raw syscalls, and the namespace-type table the console also reads.
GUEST_H := tests/nsfd_guest.h console/ns_types.h
TESTS_DIR := $(B)/tests-$(KERNEL)$(ARCH_SUFFIX)

$(TESTS_DIR)/%: tests/data/%.c
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -o $@ $<

$(TESTS_DIR)/nsfd_bench: tests/bench/nsfd_bench.c $(GUEST_H) $(UAPI)/.stamp
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -I$(UAPI)/include -o $@ $<

$(TESTS_DIR)/syscall_cost: tests/bench/syscall_cost.c $(GUEST_H) $(UAPI)/.stamp
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -I$(UAPI)/include -o $@ $<

# On the host, never in the guest: what UML's round trip costs the host.
$(TESTS_DIR)/trap_floor: tests/bench/trap_floor.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -o $@ $<

$(TESTS_DIR)/scale_bench: tests/bench/scale_bench.c tests/fuzz/fuzz_census.c tests/fuzz/fd_passing.c \
		tests/fuzz/fuzz.h $(GUEST_H) $(UAPI)/.stamp
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -Itests/fuzz -I$(UAPI)/include -o $@ $(filter %.c,$^)

# The fuzzer and the fault-injection walk share its census and fd passing.
FUZZ_COMMON := tests/fuzz/fuzz_census.c tests/fuzz/fd_passing.c tests/fuzz/fuzz.h \
	$(GUEST_H) $(TAP_C)
$(TESTS_DIR)/nsfd_fuzz: tests/fuzz/nsfd_fuzz.c tests/fuzz/fuzz_ops.c $(FUZZ_COMMON) $(UAPI)/.stamp
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -pthread -I$(UAPI)/include -o $@ $(filter %.c,$^)

$(TESTS_DIR)/fail_nth: tests/fuzz/fail_nth.c $(FUZZ_COMMON) $(UAPI)/.stamp
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -I$(UAPI)/include -o $@ $(filter %.c,$^)

# Races of two processes on two CPUs (the debug kernel's), on one elsewhere.
$(TESTS_DIR)/nsfd_race: tests/fuzz/nsfd_race.c $(FUZZ_COMMON) $(UAPI)/.stamp
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -I$(UAPI)/include -o $@ $(filter %.c,$^)

GUEST_TESTS := $(TESTS_DIR)/nsfd_fuzz $(TESTS_DIR)/fail_nth $(TESTS_DIR)/nsfd_race
# The kernel's own namespace selftests, the series' nsfd ones among them
# (tests/selftests.mk).
include tests/selftests.mk
GUEST_TESTS += $(SELFTESTS)

# One prove run, JOBS files at a time: the host tests (tap module,
# harness, console booted from the host; the longest, so first), then
# every scenario and guest test program, one boot each (tap/run).  Each
# stream must read as KTAP to kunit.py too (TAP_KUNIT).
# With the debug fragment, tap/boot fails a boot whose kernel log holds a
# report (KASAN, lockdep, kmemleak, a warning...).  A fragment's "# boot:"
# lines are words every test boot needs (the debug kernel's mem=).
BOOT_WORDS := $(shell sed -n 's/^\# boot: //p' $(FRAGMENTS))
# One file more than CPUs: a third of make check's time is waiting
# (pauses, timeouts, a browser), and a spare file fills it: 34.5 s with 2
# at a time against 27.4 s with 3 on 2 CPUs (tests/bench/check_time.py).
CHECK_JOBS ?= $(shell echo $$(($(JOBS) + 1)))
check: export TAP_SCAN_KERNEL_LOG := $(if $(filter debug,$(UML_CONFIG)),1)
check: export LINUX_ARGS := $(strip $(LINUX_ARGS) $(BOOT_WORDS))
check: export BUILD_TESTS := $(abspath $(TESTS_DIR))
check: export TAP_KUNIT := $(abspath $(KSRC)/tools/testing/kunit/kunit.py)
check: export LINUX := $(abspath $(LINUX_BIN))
check: export TAP_KSRC := $(abspath $(KSRC))
check: export TAP_SERIES := $(SERIES)
check: linux $(TESTS_DIR)/exit_status $(TESTS_DIR)/reboot $(TESTS_DIR)/line_input $(GUEST_TESTS)
	prove -j$(CHECK_JOBS) --exec tap/run tests/host/*.t scripts/*.lua tests/guest/*.lua $(GUEST_TESTS)

# The racing fuzzer, long: make fuzz [SEED=n] [OPS=n] [TIME=seconds]
# [PROCS=n THREADS=n], UML_CONFIG=debug for KASAN, lockdep and kmemleak.
# On two CPUs (the 7.3 debug kernel), THREADS=1: the threads of one guest
# process take turns on UML's stub and crawl (docs/testing.md).  It boots that
# configuration's kernel and leaves ./linux as it is.  A failure is shrunk
# to the fewest ops and written to build/fuzz/repro-SEED.sh.
SEED ?= $(shell date +%s)
OPS ?= 100000
TIME ?= 600
fuzz: export TAP_SCAN_KERNEL_LOG := 1
fuzz: export LINUX_ARGS := $(strip $(LINUX_ARGS) $(BOOT_WORDS))
fuzz: export LINUX := $(abspath $(KOBJ)/linux)
fuzz: $(KOBJ)/linux $(TESTS_DIR)/nsfd_fuzz
	tests/fuzz/fuzz --seed $(SEED) --ops $(OPS) --secs $(TIME) \
		$(if $(PROCS),--procs $(PROCS)) $(if $(THREADS),--threads $(THREADS)) \
		--program $(abspath $(TESTS_DIR)/nsfd_fuzz)

# Which lines of the RFC series make check runs (the fuzzer's short run
# and the fault-injection walks included), from a gcov build of the whole
# kernel: build/coverage/series.txt and build/coverage/html.
coverage:
	$(MAKE) UML_CONFIG=coverage linux
	find $(B)/kobj-$(KERNEL)-coverage -name '*.gcda' -delete
	status=0; $(MAKE) UML_CONFIG=coverage check || status=$$?; \
	tests/coverage/series_coverage $(B)/kobj-$(KERNEL)-coverage $(KSRC) $(SERIES) $(B)/coverage \
		&& exit $$status

# Numbers, not verdicts: what each call costs the guest kernel (the UML
# process's host CPU time) and the wall clock, memory per pinned namespace
# and pinning 10,000, then boot times.
bench: export LINUX := $(abspath $(LINUX_BIN))
bench: export LINUX_INITRAMFS := $(abspath $(KOBJ)/initramfs.list)
bench: linux $(TESTS_DIR)/nsfd_bench $(TESTS_DIR)/scale_bench $(TESTS_DIR)/syscall_cost \
		$(TESTS_DIR)/trap_floor
	tests/bench/syscall_cost.py $(TESTS_DIR)/syscall_cost $(TESTS_DIR)/trap_floor
	tests/bench/kernel_work.py $(abspath $(TESTS_DIR)/nsfd_bench)
	./$(LINUX_BIN) quiet run=$(abspath $(TESTS_DIR)/scale_bench)
	tests/bench/bench_boot.py 10
	tests/bench/output.py

# Every scenario booted with storyboard=DIR, its steps drawn with
# Graphviz, one HTML page each and an index; then every page opened in
# headless Chromium (pictures loaded, links resolve) and one screenshot.
# The check runs even when a scenario failed (its page shows how).
storyboard: export LINUX_ARGS := $(strip $(LINUX_ARGS) $(BOOT_WORDS))
storyboard: export LINUX := $(abspath $(LINUX_BIN))
storyboard: linux
	docs/storyboard $(B)/storyboard; status=$$?; \
	docs/storyboard-check $(B)/storyboard && exit $$status

# The RFC's handles against mainline's, property by property: one run of
# docs/semantics.lua on each kernel (every one in KERNELS, built first, in
# this UML_CONFIG), merged by docs/semantics_table.py into one page, a
# column per kernel; tests/host/semantics.t fails when a kernel's run is
# not its columns of docs/semantics.md.
semantics: export LINUX_ARGS := $(strip $(LINUX_ARGS) $(BOOT_WORDS))
semantics:
	for k in $(KERNELS); do $(MAKE) KERNEL=$$k linux || exit; done
	for k in $(KERNELS); do \
		$(B)/kobj-$$k$(KOBJ_SUFFIX)/linux quiet $(LINUX_ARGS) run=$(abspath docs/semantics.lua) \
			> $(B)/semantics-$$k.run || exit; \
	done
	docs/semantics_table.py $(foreach k,$(KERNELS),$(k)=$(B)/semantics-$(k).run) > $(B)/semantics.md
	mv $(B)/semantics.md docs/semantics.md

# Both series as a reviewer receives them: build/series-KERNEL/um.mbox and
# rfc.mbox, each with a cover letter (kernel/KERNEL/cover-*.txt), To/Cc
# from get_maintainer.pl, base-commit: Debian's tree imported into git;
# then both applied with git am to that tree must give the build tree.
series: $(B)/source-$(KERNEL).stamp
	kernel/export-series $(KERNEL_TARBALL) $(SERIES) $(KSRC) $(B)/series-$(KERNEL)

# The API reference, from the same table as the console's help().
api-doc:
	lua5.4 -e 'package.path = "console/lua/?.lua"' \
		-e 'io.write(require("help").markdown())' > console/API.md

clean:
	rm -rf $(B)/console* $(B)/kobj* $(B)/tests* linux linux-*

distclean:
	rm -rf $(B) linux linux-*
