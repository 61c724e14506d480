# The kernel's own namespace selftests, built from the tree under test and
# booted one program a time by make check (GUEST_TESTS += $(SELFTESTS)):
# the series' own, and mainline's behaviour, unchanged by the series.
# Included by the Makefile.
#
#   nsfd (the series' 0006)                 every program
#   filesystems/nsfs (7.3; nsfs in 6.12)   every program
#   namespaces (7.3 only: 6.12 has none)    every program
#   pidfd                                   pidfd_setns_test
#
# Built the kselftest way (lib.mk, OUTPUT=), statically, against the
# patched tree's uapi headers; the programs land in
# build/selftests-KERNEL/{nsfd,nsfs,namespaces,pidfd}/.  One alone, in the
# guest:  LINUX=$PWD/linux tap/boot build/selftests-7.3/namespaces/nsid_test
#
# The 32-bit configuration (UML_CONFIG=i386) builds and boots the nsfd
# programs only, -m32 (gcc-multilib's libc is all they link), into
# build/selftests-KERNEL-i386/: nsfd_wordsize_test then calls through the
# i386 table.  The others link libcap, which its sysroot does not have.
#
# Most print KTAP themselves and are booted as they are.  The rest get a
# stub, PROG.lua, run through tests/selftests/ksft_run.lua (runner.sh's
# run_one() in the guest): KSFT_RUN_dir/prog is its mode, then the
# program's arguments.
#   plain    prints no TAP (nsfs/owner, pidns), or TAP prove cannot read:
#            one test, its exit status
#   harness  kselftest_harness.h, with tests left out (-T), each for a
#            reason not the series':
KSFT_RUN_nsfs/owner := plain
KSFT_RUN_nsfs/pidns := plain
# Without a time namespace it reports that skip with ksft_test_result_skip()
# inside its one harness TEST: a second "ok 1" that prove reads as a
# parse error (kunit.py does not).  Its status is the verdict, as in
# runner.sh.
KSFT_RUN_namespaces/init_ino_test := plain
# pthread_join() returns when the exiting thread's clear_child_tid wakes it
# from exit_mm(), before the same do_exit() reaches
# exit_nsproxy_namespaces(): the thread's net namespace can still be
# active when the test expects it gone (about 1 run in 3 here; with a
# sleep after the join, 0 in 30).  The test races mainline's exit order;
# the series does not touch do_exit().
KSFT_RUN_namespaces/ns_active_ref_test := harness \
	-T thread_ns_inactive_after_exit -T thread_ns_fd_keeps_active
# An AF_INET6 socket: the configuration has no IPv6.
KSFT_RUN_namespaces/siocgskns_test := harness -T siocgskns_ipv6

# Skipped by the programs themselves: the time namespace tests (UML
# cannot have CONFIG_TIME_NS); in ns_active_ref_test, the tests whose
# child exits before the parent opens its namespaces (their own race).

ifeq ($(KERNEL),6.12)
KSFT_SUBDIR_nsfs := nsfs
KSFT_PROGS := nsfs/owner nsfs/pidns
else
KSFT_SUBDIR_nsfs := filesystems/nsfs
KSFT_PROGS := nsfs/owner nsfs/pidns nsfs/iterate_mntns \
	$(addprefix namespaces/,nsid_test file_handle_test init_ino_test \
		ns_active_ref_test listns_test listns_permissions_test \
		listns_efault_test siocgskns_test cred_change_test stress_test \
		listns_pagination_bug regression_pidfd_setns_test)
endif
KSFT_PROGS += pidfd/pidfd_setns_test
KSFT_SUBDIR_namespaces := namespaces
KSFT_SUBDIR_pidfd := pidfd
# The series' selftest: print KTAP themselves, on both kernels.
KSFT_SUBDIR_nsfd := nsfd
KSFT_NSFD := $(addprefix nsfd/,nsfd_abi_test nsfd_lifetime_test nsfd_types_test \
	nsfd_wordsize_test)
KSFT_PROGS += $(KSFT_NSFD)

# namespaces/ links libcap (filesystems/utils.c), statically.
DEBIAN_PACKAGES += libcap-dev

KSFT_DIR := $(B)/selftests-$(KERNEL)$(ARCH_SUFFIX)
KSFT_SRC := $(KSRC)/tools/testing/selftests
KSFT_UAPI := -isystem $(abspath $(UAPI))/include

KSFT_BINS := $(addprefix $(KSFT_DIR)/,$(KSFT_PROGS))
KSFT_STUBS := $(foreach p,$(KSFT_PROGS),$(if $(KSFT_RUN_$(p)),$(KSFT_DIR)/$(p).lua))
# The 32-bit configuration: the nsfd programs only (its sysroot has no
# i386 libcap).
SELFTESTS := $(foreach p,$(if $(I386),$(KSFT_NSFD),$(KSFT_PROGS)),$(KSFT_DIR)/$(p)$(if $(KSFT_RUN_$(p)),.lua))

# One lib.mk run per program, its goal that program (lib.mk knows what it
# depends on, and says "CC prog" when it builds one).  glibc's warning for
# getpwnam() in a static link is noise.
$(KSFT_BINS): $(KSFT_DIR)/%: FORCE | $(UAPI)/.stamp
	@mkdir -p $(@D)
	@$(MAKE) -s -C $(KSFT_SRC)/$(KSFT_SUBDIR_$(patsubst %/,%,$(dir $*))) \
		OUTPUT=$(abspath $(@D)) KHDR_INCLUDES="$(KSFT_UAPI)" \
		USERCFLAGS="$(KSFT_UAPI) $(M32)" USERLDFLAGS=-static $(abspath $@) \
		2> >(grep -v -e 'statically linked applications requires at runtime' -e 'in function' >&2)

$(KSFT_STUBS): $(KSFT_DIR)/%.lua: tests/selftests.mk | $(KSFT_DIR)/%
	printf 'return dofile("/host%s")("%s", "/host%s", "selftests: %s: %s"%s)\n' \
		$(abspath tests/selftests/ksft_run.lua) $(firstword $(KSFT_RUN_$*)) \
		$(abspath $(KSFT_DIR)/$*) $(patsubst %/,%,$(dir $*)) $(notdir $*) \
		'$(foreach a,$(wordlist 2,$(words $(KSFT_RUN_$*)),$(KSFT_RUN_$*)),, "$(a)")' > $@

clean: clean-selftests
clean-selftests:
	rm -rf $(B)/selftests-*
.PHONY: clean-selftests

# "Every program" stays true when Debian moves the tree: make check fails
# naming a program a directory's Makefile builds and KSFT_PROGS leaves out.
check: selftests-programs
selftests-programs: $(B)/source-$(KERNEL).stamp
	@missing=; \
	$(foreach d,$(filter-out pidfd,$(sort $(patsubst %/,%,$(dir $(KSFT_PROGS))))), \
		for p in $$($(MAKE) -s --no-print-directory -C $(KSFT_SRC)/$(KSFT_SUBDIR_$(d)) \
			-f Makefile -f <(echo 'ksft-list: ; @echo $$(notdir $$(TEST_GEN_PROGS))') ksft-list); do \
			case " $(KSFT_PROGS) " in (*" $(d)/$$p "*) ;; (*) missing="$$missing $(d)/$$p" ;; esac; \
		done;) \
	if [ -n "$$missing" ]; then echo "tests/selftests.mk: KSFT_PROGS misses$$missing" >&2; exit 1; fi
.PHONY: selftests-programs
