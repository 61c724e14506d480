# nsfd console: a User-Mode Linux 6.12 kernel with the 2010 nsfd/setns RFC,
# booting into a Lua console.  See README.
#
#   make deps      install the Debian packages (root; once per machine)
#   make           build ./linux
#   make setup     deps, ./linux, and a demo boot
#   make check     every test
#   make UML_CONFIG=debug ...   the same with uml-config/debug.config too

SHELL := /bin/bash
.DELETE_ON_ERROR:

DEBIAN_PACKAGES := linux-source-6.12 make gcc libc6-dev bc flex bison \
	libelf-dev libssl-dev perl python3 xz-utils cpio quilt \
	liblua5.4-dev lua5.4 libreadline-dev libncurses-dev \
	user-mode-linux clang-format rsync procps
KERNEL_TARBALL := /usr/src/linux-source-6.12.tar.xz

empty :=
space := $(empty) $(empty)

B := build
KSRC := $(B)/linux-source-6.12
UML_CONFIG ?=
KOBJ := $(B)/kobj$(if $(UML_CONFIG),-$(subst $(space),-,$(UML_CONFIG)))
FRAGMENTS := uml-config/base.config $(foreach f,$(UML_CONFIG),uml-config/$(f).config)
JOBS ?= $(shell nproc)
KMAKE = $(MAKE) -C $(KSRC) O=$(abspath $(KOBJ)) ARCH=um -j$(JOBS)

all: linux

.PHONY: all deps setup demo check bench api-doc clean distclean console kernel-config linux FORCE

deps:
	apt-get install -y --no-install-recommends $(DEBIAN_PACKAGES)

setup: deps
	$(MAKE) linux
	$(MAKE) demo

demo: linux
	./linux run=smoke

# ---- kernel source: Debian's tarball + our series ------------------------
$(B)/source.stamp: $(KERNEL_TARBALL) kernel/prepare-source kernel/patches/series \
		$(wildcard kernel/patches/*.patch kernel/patches/*/*.patch)
	kernel/prepare-source $(KERNEL_TARBALL) $(KSRC) kernel/patches
	touch $@

# ---- console: /init, statically linked (the guest has no libc) -----------
CONSOLE_SRC := $(wildcard console/*.c)
CONSOLE_OBJ := $(patsubst console/%.c,$(B)/console/%.o,$(CONSOLE_SRC))
CFLAGS ?= -O2 -g
# The patched tree's uapi headers come first: __NR_nsfd, linux/nsfd.h.
UAPI := $(B)/uapi
CONSOLE_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror \
	-I$(UAPI)/include -I/usr/include/lua5.4 -MMD -MP
CONSOLE_LIBS := -l:liblua5.4.a -lreadline -ltinfo -lm -ldl

$(B)/console/%.o: console/%.c | $(UAPI)/.stamp
	@mkdir -p $(@D)
	$(CC) $(CONSOLE_CFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/console/init: $(CONSOLE_OBJ)
	$(CC) -static -o $@ $^ $(CONSOLE_LIBS) 2> >(grep -v 'statically linked applications requires at runtime' | grep -v 'in function' >&2)

console: $(B)/console/init

-include $(CONSOLE_OBJ:.o=.d)

# ---- initramfs list: rewritten only when its text changes ----------------
$(B)/initramfs.list: FORCE $(B)/console/init
	@mkdir -p $(@D)
	console/initramfs-list $(B)/console/init scripts tap console/lua > $@.new
	@if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi

# ---- kernel config: fragments on allnoconfig, then validated -------------
$(KOBJ)/merged.config: $(FRAGMENTS) $(B)/source.stamp Makefile
	@mkdir -p $(@D)
	cat $(FRAGMENTS) > $@
	echo 'CONFIG_INITRAMFS_SOURCE="$(abspath $(B)/initramfs.list)"' >> $@

$(KOBJ)/.config: $(KOBJ)/merged.config uml-config/validate
	$(KMAKE) -s KCONFIG_ALLCONFIG=$(abspath $<) allnoconfig
	$(KMAKE) -s olddefconfig
	uml-config/validate $@ $(FRAGMENTS)

kernel-config: $(KOBJ)/.config

# ---- the UML binary ------------------------------------------------------
$(KOBJ)/linux: FORCE $(KOBJ)/.config $(B)/initramfs.list
	$(KMAKE) linux

# ./linux is whichever configuration was built last.
linux: $(KOBJ)/linux
	@cmp -s $< $@ || { cp $< $@.new && mv $@.new $@; }

# ---- tests ---------------------------------------------------------------
# The patched tree's user-space headers (x86: the UML guest runs x86-64
# programs): linux/nsfd.h, NSFD_FS_MAGIC, __NR_nsfd in both tables.
$(UAPI)/.stamp: $(B)/source.stamp
	$(MAKE) -s -C $(KSRC) ARCH=x86 O=$(abspath $(B)/uapi-obj) \
		INSTALL_HDR_PATH=$(abspath $(UAPI)) headers_install
	touch $@

TEST_CFLAGS := -static -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror

$(B)/tests/%: tests/data/%.c
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -o $@ $<

$(B)/tests/nsfd_test: tests/guest/nsfd_test.c tests/guest/nsfd_test_nr32.c tests/guest/nsfd_test.h \
		$(UAPI)/.stamp
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -I$(UAPI)/include -o $@ $(filter %.c,$^)

$(B)/tests/nsfd_bench: tests/bench/nsfd_bench.c $(UAPI)/.stamp
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -I$(UAPI)/include -o $@ $<

GUEST_TESTS := $(B)/tests/nsfd_test

# Host tests first (tap module, harness, console booted from the host),
# then every scenario and guest test program under prove, one boot each.
# With the debug fragment, tap/boot fails a boot whose kernel log holds a
# report (KASAN, lockdep, kmemleak, a warning...).  A fragment's "# boot:"
# lines are words every test boot needs (the debug kernel's mem=).
BOOT_WORDS := $(shell sed -n 's/^\# boot: //p' $(FRAGMENTS))
check: export TAP_SCAN_KERNEL_LOG := $(if $(filter debug,$(UML_CONFIG)),1)
check: export LINUX_ARGS := $(strip $(LINUX_ARGS) $(BOOT_WORDS))
check: linux $(B)/tests/exit_status $(GUEST_TESTS)
	prove tests/host/
	prove -j$(JOBS) --exec tap/boot scripts/*.lua tests/guest/*.lua $(GUEST_TESTS)

# Numbers, not verdicts: syscall costs inside the guest, then boot times.
bench: linux $(B)/tests/nsfd_bench
	./linux quiet run=$(abspath $(B)/tests/nsfd_bench)
	tests/bench/bench_boot.py 10

# The API reference, from the same table as the console's help().
api-doc:
	lua5.4 -e 'package.path = "console/lua/?.lua"' \
		-e 'io.write(require("help").markdown())' > console/API.md

clean:
	rm -rf $(B)/console $(B)/kobj* linux

distclean:
	rm -rf $(B) linux
