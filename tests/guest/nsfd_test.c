// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel half of the RFC, checked with raw syscall(2) inside ./linux:
 *
 *   ./linux run=$PWD/build/tests-7.3/nsfd_test      (make check runs it)
 *
 * Prints TAP; exits 0 if every test passed, 1 if one failed, 2 if the
 * program could not run its tests.  Whether a namespace is alive is read
 * from the kernel's own accounting: with /proc/sys/user/max_net_namespaces
 * at 1, creating a network namespace fails with ENOSPC while one other is
 * alive (the initial one is not counted).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/nsfd.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef __NR_listns
#include <linux/nsfs.h>
#endif

#include "ns_types.h"
#include "nsfd_guest.h"
#include "nsfd_test.h"
#include "tap.h"

#define PLANNED_TESTS 103
/* A creator's net.ipv4.ip_default_ttl: sc.TTL_MARKER, scripts/lib/ */
#define TTL_MARKER "77"
#define HOSTNAME_MARKER "pinned-by-nsfd"
#define CHILD_SETUP_FAILED 200
#define MNT_DIR "/tmp/nsfd-mnt"
#define MNT_MARKER MNT_DIR "/marker"
#define CGROUP_DIR "/sys/fs/cgroup/nsfd-test"

/* A syscall that should fail with @expected_errno. */
static void expect_errno(long ret, int expected_errno, const char *what)
{
	int saved = errno;

	if (ret != -1)
		tap_diag("returned %ld", ret);
	else if (saved != expected_errno)
		tap_diag("errno %s, want %s", strerrorname_np(saved),
			 strerrorname_np(expected_errno));
	tap_ok(ret == -1 && saved == expected_errno, "%s: %s", what,
	       strerrorname_np(expected_errno));
}

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	ssize_t len = fd < 0 ? -1 : write(fd, text, strlen(text));

	if (fd >= 0)
		close(fd);
	return len == (ssize_t)strlen(text) ? 0 : -1;
}

static int read_text(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t len = fd < 0 ? -1 : read(fd, buf, size - 1);

	if (fd >= 0)
		close(fd);
	if (len < 0)
		return -1;
	buf[len] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* Run @fn in a child and return its exit status (-1 if it did not exit). */
static int in_child(int (*fn)(void *), void *arg)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		tap_bail_out("fork");
	if (pid == 0)
		_exit(fn(arg));
	if (waitpid(pid, &status, 0) != pid)
		tap_bail_out("waitpid");
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int try_unshare_net(void *unused)
{
	(void)unused;
	if (unshare(CLONE_NEWNET) == 0)
		return 0;
	return errno == ENOSPC ? 1 : 2;
}

/*
 * Whether a network namespace other than the initial one is alive, from
 * the ucount limit of 1.  A namespace dies asynchronously (cleanup_net()
 * on a workqueue), so poll, bounded, for the answer we hope for.
 */
static bool other_netns_alive(bool hope)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	int tries;

	for (tries = 0; tries < 500; tries++) {
		int status = in_child(try_unshare_net, NULL);

		if (status != 0 && status != 1)
			tap_bail_out("probe unshare(CLONE_NEWNET)");
		if ((status == 1) == hope)
			return hope;
		nanosleep(&pause, NULL);
	}
	return !hope;
}

/*
 * unshare(CLONE_NEWNET) once the namespaces a probe left behind are gone.
 * Succeeding at the limit of 1 proves that no other netns is alive, so an
 * ENOSPC seen later means the one this creator made.
 */
static int unshare_net_when_possible(void)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	int tries;

	for (tries = 0; tries < 500; tries++) {
		if (unshare(CLONE_NEWNET) == 0)
			return 0;
		if (errno != ENOSPC)
			return -1;
		nanosleep(&pause, NULL);
	}
	return -1;
}

/*
 * A task that made a namespace and holds it until told to go: @target is
 * the task whose namespace to take, the creator itself or the init of
 * the pid namespace it made.
 */
struct creator {
	pid_t pid;
	pid_t target;
	int go; /* write end: closing it lets the creator exit */
};

/*
 * Fork a creator that runs @setup(go), which returns the target's pid or
 * -1, then waits on go (as may the children @setup leaves) and reaps its
 * children before it exits.
 */
static struct creator start_creator(pid_t (*setup)(int go))
{
	int ready[2], go[2];
	struct creator c;
	char byte;

	if (pipe(ready) || pipe(go))
		tap_bail_out("pipe");
	fflush(stdout);
	c.pid = fork();
	if (c.pid < 0)
		tap_bail_out("fork");
	if (c.pid == 0) {
		close(ready[0]);
		close(go[1]);
		c.target = setup(go[0]);
		if (c.target < 0 ||
		    write(ready[1], &c.target, sizeof(c.target)) !=
			    sizeof(c.target) ||
		    read(go[0], &byte, 1) < 0)
			_exit(1);
		while (wait(NULL) > 0)
			;
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	if (read(ready[0], &c.target, sizeof(c.target)) != sizeof(c.target))
		tap_bail_out("namespace creator did not start");
	close(ready[0]);
	c.go = go[1];
	return c;
}

static pid_t new_netns_with_marker(int go)
{
	(void)go;
	if (unshare_net_when_possible() ||
	    write_text("/proc/sys/net/ipv4/ip_default_ttl", TTL_MARKER))
		return -1;
	return getpid();
}

/* A task in a new network namespace that holds a marker until told to go. */
static struct creator start_netns_creator(void)
{
	return start_creator(new_netns_with_marker);
}

static void stop_creator(struct creator *c)
{
	close(c->go);
	if (waitpid(c->pid, NULL, 0) != c->pid)
		tap_bail_out("waitpid creator");
}

static void touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT, 0600);

	if (fd < 0)
		tap_bail_out(path);
	close(fd);
}

/* 0 if this netns has the creator's marker, 3 or 4 if not. */
static int check_marker(void)
{
	char ttl[16];

	if (read_text("/proc/sys/net/ipv4/ip_default_ttl", ttl, sizeof(ttl)))
		return 3;
	return strcmp(ttl, TTL_MARKER) ? 4 : 0;
}

/* In a child: enter the netns of *fd with nsfd_setns, read the marker. */
static int enter_and_check_marker(void *fd)
{
	if (nsfd_setns(NSTYPE_NET, *(int *)fd))
		return 10 + errno % 100;
	return check_marker();
}

static int become_unprivileged(void)
{
	return setgid(UNPRIVILEGED_UID) || setuid(UNPRIVILEGED_UID);
}

static int unprivileged_nsfd_of_pid1(void *unused)
{
	(void)unused;
	if (become_unprivileged())
		return 2;
	return nsfd(1, NSTYPE_NET) == -1 && errno == EPERM ? 0 : 1;
}

static int unprivileged_nsfd_setns(void *fd)
{
	if (become_unprivileged())
		return 2;
	return nsfd_setns(NSTYPE_NET, *(int *)fd) == -1 && errno == EPERM ? 0 :
									    1;
}

static int unprivileged_bind_mount(void *fd)
{
	char src[64];

	snprintf(src, sizeof(src), "/proc/self/fd/%d", *(int *)fd);
	if (become_unprivileged())
		return 2;
	return mount(src, "/tmp/nsfd-unpriv", NULL, MS_BIND, NULL) == -1 &&
			       errno == EPERM ?
		       0 :
		       1;
}

static int mainline_setns_nsfd(void *fd)
{
	return setns(*(int *)fd, 0) == -1 && errno == EINVAL ? 0 : 1;
}

static int mainline_setns_proc(void *unused)
{
	int fd = open("/proc/self/ns/net", O_RDONLY);

	(void)unused;
	return fd >= 0 && setns(fd, CLONE_NEWNET) == 0 ? 0 : 1;
}

#ifdef __NR_listns
/* In a child: enter the netns of the nsfs fd *fd with setns, read the marker. */
static int mainline_enter_and_check_marker(void *fd)
{
	if (setns(*(int *)fd, CLONE_NEWNET))
		return 10 + errno % 100;
	return check_marker();
}
#endif

static int enter_uts_and_check(void *fd)
{
	char name[64];

	if (nsfd_setns(NSTYPE_UTS, *(int *)fd) ||
	    gethostname(name, sizeof(name)))
		return 1;
	return strcmp(name, HOSTNAME_MARKER) ? 2 : 0;
}

static int set_hostname_in_new_uts(void *unused)
{
	(void)unused;
	return unshare(CLONE_NEWUTS) ||
	       sethostname(HOSTNAME_MARKER, strlen(HOSTNAME_MARKER));
}

static int bind_fd(int fd, const char *target)
{
	char src[64];

	snprintf(src, sizeof(src), "/proc/self/fd/%d", fd);
	touch(target);
	return mount(src, target, NULL, MS_BIND, NULL);
}

static void test_file_identity(void)
{
	struct stat st, proc_st;
	struct statfs sfs;
	char link[64], target[64];
	ssize_t len;
	int fd = nsfd(0, NSTYPE_NET);

	tap_ok(fd >= 0, "nsfd(0, NSTYPE_NET) returns an fd");
	if (fd < 0)
		tap_bail_out("nsfd(0, NSTYPE_NET)");
	tap_ok(fstatfs(fd, &sfs) == 0 && sfs.f_type == NSFD_FS_MAGIC,
	       "fstatfs of it reports NSFD_FS_MAGIC");
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	len = readlink(link, target, sizeof(target) - 1);
	target[len > 0 ? len : 0] = '\0';
	tap_ok(!strcmp(target, "nsfd"), "its name is \"nsfd\" (got \"%s\")",
	       target);
	tap_ok(fstat(fd, &st) == 0 &&
		       stat("/proc/self/ns/net", &proc_st) == 0 &&
		       st.st_ino == proc_st.st_ino,
	       "its inode number is the namespace's, as in /proc/self/ns/net");
	tap_ok((fcntl(fd, F_GETFD) & FD_CLOEXEC) == 0,
	       "it is not close-on-exec (the RFC has no flags)");
	close(fd);
}

static void test_nsfd_errors(void)
{
	int fd;

	expect_errno(nsfd(0, 99), EINVAL, "nsfd of an unknown nstype");
	expect_errno(nsfd(0, (unsigned long)-1), EINVAL, "nsfd of nstype ~0UL");
	/* nstype is a word: 32 bits on i386, 64 on x86-64; none may be lost. */
	expect_errno(nsfd(0, (unsigned long)INT_MIN), EINVAL,
		     "nsfd of nstype (unsigned long)INT_MIN, the sign bit");
#if ULONG_MAX > 0xffffffffUL
	expect_errno(
		nsfd(0, (1UL << 32) | NSTYPE_NET), EINVAL,
		"x86-64: nsfd of NSTYPE_NET plus bit 32 (cut to 32 bits it would pass)");
#else
	expect_errno(
		nsfd_setns(0x80000000UL | NSTYPE_NET, -1), EINVAL,
		"i386: nsfd_setns of NSTYPE_NET plus bit 31, checked before the fd");
#endif
	expect_errno(nsfd(999999, NSTYPE_NET), ESRCH, "nsfd of no such pid");
	expect_errno(nsfd(-1, NSTYPE_NET), ESRCH, "nsfd of pid -1");
	tap_ok(in_child(unprivileged_nsfd_of_pid1, NULL) == 0,
	       "nsfd of PID 1 by an unprivileged task: EPERM");

	fd = nsfd(0, NSTYPE_NET);
	tap_ok(in_child(unprivileged_nsfd_setns, &fd) == 0,
	       "nsfd_setns without CAP_SYS_ADMIN: EPERM");
	close(fd);
}

static void test_setns_errors(void)
{
	int net = nsfd(0, NSTYPE_NET), uts = nsfd(0, NSTYPE_UTS);
	int proc = open("/proc/self/ns/net", O_RDONLY);
	int file = open("/init", O_RDONLY);
	int pipes[2];

	if (net < 0 || uts < 0 || proc < 0 || file < 0 || pipe(pipes))
		tap_bail_out("opening the fds for the setns error tests");
	touch("/tmp/nsfd-unpriv");
	expect_errno(nsfd_setns(NSTYPE_NET, 9999), EBADF,
		     "nsfd_setns of a closed fd");
	expect_errno(nsfd_setns(99, 9999), EINVAL,
		     "nsfd_setns of an unknown nstype, checked before the fd");
	expect_errno(nsfd_setns(NSTYPE_NET, file), EINVAL,
		     "nsfd_setns of a regular file");
	expect_errno(nsfd_setns(NSTYPE_NET, pipes[0]), EINVAL,
		     "nsfd_setns of a pipe");
	expect_errno(nsfd_setns(NSTYPE_NET, proc), EINVAL,
		     "nsfd_setns of a mainline nsfs fd");
	expect_errno(nsfd_setns(NSTYPE_NET, uts), EINVAL,
		     "nsfd_setns of an nsfd fd of another nstype");
	tap_ok(in_child(mainline_setns_nsfd, &net) == 0,
	       "mainline setns refuses an nsfd fd: EINVAL");
	tap_ok(in_child(mainline_setns_proc, NULL) == 0,
	       "mainline setns still takes /proc/self/ns/net");
	tap_ok(in_child(unprivileged_bind_mount, &net) == 0,
	       "an unprivileged task may not bind mount an nsfd fd: EPERM");
	close(net);
	close(uts);
	close(proc);
	close(file);
	close(pipes[0]);
	close(pipes[1]);
}

static void test_pin_by_fd(void)
{
	struct creator c = start_netns_creator();
	int fd = nsfd(c.pid, NSTYPE_NET);

	tap_ok(fd >= 0, "nsfd of the creator's netns");
	tap_ok(in_child(enter_and_check_marker, &fd) == 0,
	       "nsfd_setns enters it while the creator runs");
	stop_creator(&c);
	tap_ok(other_netns_alive(true),
	       "after the creator exits, the fd keeps the netns alive");
	tap_ok(in_child(enter_and_check_marker, &fd) == 0,
	       "nsfd_setns enters it and finds the creator's marker");
	close(fd);
	tap_ok(!other_netns_alive(false),
	       "closing the last fd frees the netns");
}

static void test_pin_by_bind_mount(void)
{
	struct creator c = start_netns_creator();
	int fd = nsfd(c.pid, NSTYPE_NET), reopened;

	tap_ok(bind_fd(fd, "/tmp/nsfd-net") == 0,
	       "mount --bind /proc/self/fd/N /tmp/nsfd-net");
	close(fd);
	stop_creator(&c);
	tap_ok(other_netns_alive(true),
	       "with every fd closed and the creator gone, the mount keeps it");
	reopened = open("/tmp/nsfd-net", O_RDONLY);
	tap_ok(reopened >= 0, "open() of the mount gives a new handle");
	tap_ok(in_child(enter_and_check_marker, &reopened) == 0,
	       "nsfd_setns of the reopened handle finds the marker");
	close(reopened);
	tap_ok(umount("/tmp/nsfd-net") == 0, "umount of the name");
	tap_ok(!other_netns_alive(false), "umount frees the netns");

	c = start_netns_creator();
	fd = nsfd(c.pid, NSTYPE_NET);
	stop_creator(&c);
	if (bind_fd(fd, "/tmp/nsfd-net"))
		tap_bail_out("bind mount");
	close(fd);
	reopened = open("/tmp/nsfd-net", O_RDONLY);
	tap_ok(umount2("/tmp/nsfd-net", MNT_DETACH) == 0 &&
		       other_netns_alive(true),
	       "after a lazy umount, a reopened fd still keeps the netns");
	close(reopened);
	tap_ok(!other_netns_alive(false), "closing that fd frees it");
}

static void test_two_names(void)
{
	struct creator c = start_netns_creator();
	int fd = nsfd(c.pid, NSTYPE_NET);
	struct stat a, b;

	stop_creator(&c);
	tap_ok(bind_fd(fd, "/tmp/nsfd-a") == 0 &&
		       bind_fd(fd, "/tmp/nsfd-b") == 0,
	       "one nsfd fd bound at two names");
	close(fd);
	tap_ok(stat("/tmp/nsfd-a", &a) == 0 && stat("/tmp/nsfd-b", &b) == 0 &&
		       a.st_ino == b.st_ino,
	       "both names show the same namespace inode number");
	umount("/tmp/nsfd-a");
	tap_ok(other_netns_alive(true), "one name left keeps it alive");
	umount("/tmp/nsfd-b");
	tap_ok(!other_netns_alive(false), "the last umount frees it");
}

static void test_uts(void)
{
	int ready[2], fd;
	pid_t pid;
	char byte;

	if (pipe(ready))
		tap_bail_out("pipe");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(ready[0]);
		_exit(set_hostname_in_new_uts(NULL) ||
		      write(ready[1], "r", 1) != 1 || pause());
	}
	close(ready[1]);
	if (read(ready[0], &byte, 1) != 1)
		tap_bail_out("uts creator");
	fd = nsfd(pid, NSTYPE_UTS);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	tap_ok(fd >= 0 && in_child(enter_uts_and_check, &fd) == 0,
	       "NSTYPE_UTS: the hostname set by a dead creator is still there");
	close(fd);
	close(ready[0]);
}

/*
 * The other types: mount, PID, user and cgroup namespaces.  A child that
 * makes a check for them reports the errno of the call under test (0 if
 * it succeeded), or CHILD_SETUP_FAILED if it could not get that far.
 */
static const struct nstype_name {
	unsigned long nstype;
	const char *name; /* the macro's */
	const char *proc; /* in /proc/self/ns/ */
} nstype_names[] = {
#define NSTYPE_NAME(name, nstype, ...) { nstype, #nstype, name },
	NSFD_TYPE_ROWS(NSTYPE_NAME)
};

/* The types the RFC did not have: NSTYPE_MNT and after. */
static const struct nstype_name *const new_types = &nstype_names[NSTYPE_MNT];
#define NEW_TYPES (NS_TYPES - NSTYPE_MNT)

struct setns_call {
	unsigned long nstype;
	int fd;
};

/* @status: a child's, from one of the functions below. */
static void expect_child_errno(int status, int expected_errno, const char *what)
{
	if (status == 0)
		tap_diag("succeeded");
	else if (status < 0 || status >= CHILD_SETUP_FAILED)
		tap_diag("the child failed before the call (status %d)",
			 status);
	else if (status != expected_errno)
		tap_diag("errno %s, want %s", strerrorname_np(status),
			 strerrorname_np(expected_errno));
	tap_ok(status == expected_errno, "%s: %s", what,
	       strerrorname_np(expected_errno));
}

static void expect_child_success(int status, const char *what)
{
	if (status > 0 && status < CHILD_SETUP_FAILED)
		tap_diag("errno %s", strerrorname_np(status));
	else if (status != 0)
		tap_diag("the child failed before the call (status %d)",
			 status);
	tap_ok(status == 0, "%s", what);
}

static int nsfd_setns_errno(void *call)
{
	struct setns_call *c = call;

	return nsfd_setns(c->nstype, c->fd) ? errno : 0;
}

static int unprivileged_nsfd_setns_errno(void *call)
{
	if (become_unprivileged())
		return CHILD_SETUP_FAILED;
	return nsfd_setns_errno(call);
}

static int unprivileged_mainline_setns_errno(void *call)
{
	struct setns_call *c = call;

	if (become_unprivileged())
		return CHILD_SETUP_FAILED;
	return setns(c->fd, 0) ? errno : 0;
}

static int unprivileged_open_errno(void *path)
{
	int fd;

	if (become_unprivileged())
		return CHILD_SETUP_FAILED;
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* Run @fn in a child made by clone(@flags | SIGCHLD), as in_child() does. */
static int in_clone_child(unsigned long flags, int (*fn)(void *), void *arg)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, 0);
	if (pid < 0)
		tap_bail_out("clone");
	if (pid == 0)
		_exit(fn(arg));
	if (waitpid(pid, &status, 0) != pid)
		tap_bail_out("waitpid");
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static char thread_stack[64 * 1024] __attribute__((aligned(16)));

static int sleep_forever(void *unused)
{
	(void)unused;
	for (;;)
		pause();
	return 0;
}

/* nsfd_setns from a process with a second thread (exit kills both). */
static int nsfd_setns_errno_multithreaded(void *call)
{
	if (clone(sleep_forever, thread_stack + sizeof(thread_stack),
		  CLONE_VM | CLONE_SIGHAND | CLONE_THREAD, NULL) < 0)
		return CHILD_SETUP_FAILED;
	return nsfd_setns_errno(call);
}

/* nsfd_setns from the init of a new pid namespace. */
static int nsfd_setns_errno_in_new_pidns(void *call)
{
	int status;
	pid_t pid;

	if (unshare(CLONE_NEWPID))
		return CHILD_SETUP_FAILED;
	pid = fork();
	if (pid == 0)
		_exit(nsfd_setns_errno(call));
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return CHILD_SETUP_FAILED;
	return WEXITSTATUS(status);
}

static ino_t inode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : st.st_ino;
}

static ino_t inode_of_fd(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? 0 : st.st_ino;
}

/* Whether something is mounted on @path, a file in /tmp. */
static bool mounted_in_tmp(const char *path)
{
	struct stat st, tmp;

	if (stat(path, &st) || stat("/tmp", &tmp))
		tap_bail_out(path);
	return st.st_dev != tmp.st_dev;
}

/* In a child: whether @path is a mount point in a new copy of the mount ns. */
static int mounted_in_tmp_after_unshare(void *path)
{
	struct stat st, tmp;

	if (unshare(CLONE_NEWNS) || stat(path, &st) || stat("/tmp", &tmp))
		return CHILD_SETUP_FAILED;
	return st.st_dev != tmp.st_dev;
}

static int bind_fd_errno(int fd, const char *target)
{
	int ret = bind_fd(fd, target);

	if (ret == 0)
		umount(target);
	return ret ? errno : 0;
}

static void test_new_types_identity(void)
{
	char path[64];
	unsigned int i;

	for (i = 0; i < NEW_TYPES; i++) {
		int fd = nsfd(0, new_types[i].nstype);

		snprintf(path, sizeof(path), "/proc/self/ns/%s",
			 new_types[i].proc);
		tap_ok(fd >= 0 && inode_of_fd(fd) == inode_of(path),
		       "nsfd(0, %s): its inode number is that of %s",
		       new_types[i].name, path);
		if (fd >= 0)
			close(fd);
	}
	expect_errno(
		nsfd(0, 7), EINVAL,
		"nsfd of nstype 7, past NSTYPE_CGROUP (no time namespaces)");
	expect_errno(nsfd(0, 8), EINVAL, "nsfd of nstype 8");
}

static void test_new_types_setns_errors(void)
{
	struct setns_call call;
	char what[128];
	int fds[NEW_TYPES];
	unsigned int i;

	for (i = 0; i < NEW_TYPES; i++) {
		fds[i] = nsfd(0, new_types[i].nstype);
		if (fds[i] < 0)
			tap_bail_out(new_types[i].name);
	}
	for (i = 0; i < NEW_TYPES; i++) {
		const struct nstype_name *other =
			&new_types[(i + 1) % NEW_TYPES];

		snprintf(what, sizeof(what), "nsfd_setns(%s) of an %s fd",
			 other->name, new_types[i].name);
		expect_errno(nsfd_setns(other->nstype, fds[i]), EINVAL, what);
	}
	for (i = 0; i < NEW_TYPES; i++) {
		call = (struct setns_call){ new_types[i].nstype, fds[i] };
		snprintf(what, sizeof(what),
			 "nsfd_setns(%s) without CAP_SYS_ADMIN",
			 new_types[i].name);
		expect_child_errno(in_child(unprivileged_nsfd_setns_errno,
					    &call),
				   EPERM, what);
	}

	call = (struct setns_call){ NSTYPE_USER, fds[2] };
	expect_child_errno(
		in_child(nsfd_setns_errno, &call), EINVAL,
		"nsfd_setns(NSTYPE_USER) of the caller's own user namespace");

	call = (struct setns_call){ NSTYPE_MNT, fds[0] };
	tap_ok(in_child(nsfd_setns_errno, &call) == 0,
	       "nsfd_setns(NSTYPE_MNT) of the caller's own mount namespace succeeds with an unshared fs_struct");
	expect_child_errno(
		in_clone_child(CLONE_FS, nsfd_setns_errno, &call), EINVAL,
		"nsfd_setns(NSTYPE_MNT) by a task sharing its fs_struct (CLONE_FS)");

	call = (struct setns_call){ NSTYPE_PID, fds[1] };
	expect_child_errno(
		in_child(nsfd_setns_errno_in_new_pidns, &call), EINVAL,
		"nsfd_setns(NSTYPE_PID) from a child pid namespace into its parent, not a descendant");

	for (i = 0; i < NEW_TYPES; i++)
		close(fds[i]);
}

static pid_t new_mntns_with_tmpfs(int go)
{
	int fd;

	(void)go;
	if (unshare(CLONE_NEWNS) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("nsfd-test", MNT_DIR, "tmpfs", 0, NULL))
		return -1;
	fd = open(MNT_MARKER, O_WRONLY | O_CREAT, 0600);
	if (fd < 0)
		return -1;
	close(fd);
	return getpid();
}

static int enter_mnt_and_find_marker(void *fd)
{
	if (nsfd_setns(NSTYPE_MNT, *(int *)fd))
		return 10 + errno % 100;
	return access(MNT_MARKER, F_OK) ? 3 : 0;
}

static int enter_mnt_from_tmp_and_getcwd(void *fd)
{
	char cwd[64];

	if (chdir("/tmp") || nsfd_setns(NSTYPE_MNT, *(int *)fd))
		return 10 + errno % 100;
	return getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/") ? 0 : 3;
}

struct bind_call {
	int ns_fd; /* nsfd of the mount namespace to bind in */
	int file_fd; /* the file to bind */
	const char *target;
};

static int bind_errno_in_mntns(void *arg)
{
	struct bind_call *b = arg;

	if (nsfd_setns(NSTYPE_MNT, b->ns_fd))
		return CHILD_SETUP_FAILED;
	return bind_fd_errno(b->file_fd, b->target);
}

static void test_mnt(void)
{
	int own = nsfd(0, NSTYPE_MNT), uts = nsfd(0, NSTYPE_UTS);
	int own_nsfs = open("/proc/self/ns/mnt", O_RDONLY);
	int newer, newer_nsfs, reopened;
	struct bind_call older;
	struct creator c;
	char path[64];
	ino_t ino;

	if (own < 0 || own_nsfs < 0 || uts < 0)
		tap_bail_out("opening the fds for the NSTYPE_MNT tests");
	if (mkdir(MNT_DIR, 0755) && errno != EEXIST)
		tap_bail_out("mkdir " MNT_DIR);
	c = start_creator(new_mntns_with_tmpfs);
	newer = nsfd(c.target, NSTYPE_MNT);
	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", c.target);
	newer_nsfs = open(path, O_RDONLY);
	ino = inode_of(path);
	stop_creator(&c);
	tap_ok(newer >= 0 && inode_of_fd(newer) == ino,
	       "NSTYPE_MNT: nsfd of a creator's new mount namespace has the inode number of /proc/<creator>/ns/mnt");
	if (newer < 0 || newer_nsfs < 0)
		tap_bail_out("nsfd of the new mount namespace");
	tap_ok(access(MNT_MARKER, F_OK) != 0,
	       "NSTYPE_MNT: the creator's tmpfs is not mounted in the caller's namespace");
	tap_ok(in_child(enter_mnt_and_find_marker, &newer) == 0,
	       "NSTYPE_MNT: nsfd_setns enters it after the creator exited and finds the marker on its tmpfs");
	tap_ok(in_child(enter_mnt_from_tmp_and_getcwd, &newer) == 0,
	       "NSTYPE_MNT: nsfd_setns moves the caller's cwd to the namespace's root");

	expect_errno(
		bind_fd(own, "/tmp/nsfd-mnt-own"), EINVAL,
		"mount --bind of an nsfd file of the caller's own mount namespace (mnt_ns_loop)");
	if (mounted_in_tmp("/tmp/nsfd-mnt-own"))
		umount("/tmp/nsfd-mnt-own");
	expect_errno(
		bind_fd(own_nsfs, "/tmp/nsfs-mnt-own"), EINVAL,
		"mount --bind of /proc/self/ns/mnt (nsfs) in its own mount namespace (mnt_ns_loop)");
	if (mounted_in_tmp("/tmp/nsfs-mnt-own"))
		umount("/tmp/nsfs-mnt-own");
	touch("/tmp/nsfd-mnt-older");
	older = (struct bind_call){ newer, own, "/tmp/nsfd-mnt-older" };
	expect_child_errno(
		in_child(bind_errno_in_mntns, &older), EINVAL,
		"mount --bind, inside a newer mount namespace, of an nsfd file of an older one");

	tap_ok(bind_fd(newer, "/tmp/nsfd-mnt-newer") == 0,
	       "mount --bind of an nsfd file of a newer mount namespace into an older one");
	close(newer);
	reopened = open("/tmp/nsfd-mnt-newer", O_RDONLY);
	tap_ok(reopened >= 0 && inode_of_fd(reopened) == ino,
	       "NSTYPE_MNT: with the creator gone and the fd closed, open() of the bind mount names the newer namespace (same inode number)");
	tap_ok(in_child(enter_mnt_and_find_marker, &reopened) == 0,
	       "nsfd_setns(NSTYPE_MNT) of the reopened handle finds the creator's tmpfs");
	close(reopened);

	if (bind_fd(newer_nsfs, "/tmp/nsfs-mnt-newer") ||
	    bind_fd(uts, "/tmp/nsfd-uts-bound"))
		tap_bail_out("bind mounts for the unshare(CLONE_NEWNS) tests");
	close(newer_nsfs);
	tap_ok(mounted_in_tmp("/tmp/nsfd-mnt-newer") &&
		       in_child(mounted_in_tmp_after_unshare,
				"/tmp/nsfd-mnt-newer") == 0,
	       "unshare(CLONE_NEWNS) leaves a bind mount of an nsfd mnt file out of the copy");
	tap_ok(mounted_in_tmp("/tmp/nsfs-mnt-newer") &&
		       in_child(mounted_in_tmp_after_unshare,
				"/tmp/nsfs-mnt-newer") == 0,
	       "unshare(CLONE_NEWNS) leaves a bind mount of an nsfs mnt file out of the copy, the same way");
	tap_ok(in_child(mounted_in_tmp_after_unshare, "/tmp/nsfd-uts-bound") ==
		       1,
	       "unshare(CLONE_NEWNS) copies a bind mount of an nsfd file of another type (NSTYPE_UTS)");
	if (umount("/tmp/nsfd-mnt-newer") || umount("/tmp/nsfs-mnt-newer") ||
	    umount("/tmp/nsfd-uts-bound"))
		tap_diag("cleanup: umount: %s", strerror(errno));
	if (rmdir(MNT_DIR))
		tap_diag("cleanup: rmdir " MNT_DIR ": %s", strerror(errno));
	close(own);
	close(own_nsfs);
	close(uts);
}

static pid_t new_userns_with_uid_map(int go)
{
	(void)go;
	if (unshare(CLONE_NEWUSER) || write_text("/proc/self/uid_map", "7 0 1"))
		return -1;
	return getpid();
}

static pid_t new_userns_of_nobody(int go)
{
	(void)go;
	if (become_unprivileged() || unshare(CLONE_NEWUSER))
		return -1;
	return getpid();
}

static int enter_user_and_read_uid_map(void *fd)
{
	unsigned int inside, outside, count;
	char map[64];

	if (nsfd_setns(NSTYPE_USER, *(int *)fd))
		return 10 + errno % 100;
	if (read_text("/proc/self/uid_map", map, sizeof(map)) ||
	    sscanf(map, "%u %u %u", &inside, &outside, &count) != 3)
		return 3;
	return inside == 7 && outside == 0 && count == 1 ? 0 : 4;
}

static int enter_user_and_getuid(void *fd)
{
	if (nsfd_setns(NSTYPE_USER, *(int *)fd))
		return 10 + errno % 100;
	return getuid() == 7 ? 0 : 3;
}

/* In a child: nsfd_setns into the user namespace *fd, then once more. */
static int enter_user_and_again(void *fd)
{
	if (nsfd_setns(NSTYPE_USER, *(int *)fd))
		return CHILD_SETUP_FAILED;
	return nsfd_setns(NSTYPE_USER, *(int *)fd) ? errno : 0;
}

static void test_user(void)
{
	struct creator c = start_creator(new_userns_with_uid_map);
	int fd = nsfd(c.target, NSTYPE_USER), nsfs;
	struct setns_call call = { NSTYPE_USER, fd };
	char path[64];

	stop_creator(&c);
	tap_ok(fd >= 0, "NSTYPE_USER: nsfd of a creator's new user namespace");
	tap_ok(in_child(enter_user_and_read_uid_map, &fd) == 0,
	       "NSTYPE_USER: nsfd_setns enters it after the creator exited; its uid_map reads \"7 0 1\"");
	tap_ok(in_child(enter_user_and_getuid, &fd) == 0,
	       "NSTYPE_USER: after nsfd_setns into it, the entering root's uid 0 shows as 7");
	expect_child_errno(
		in_child(enter_user_and_again, &fd), EPERM,
		"NSTYPE_USER: after nsfd_setns into a user namespace, nsfd_setns fails the RFC's capable(CAP_SYS_ADMIN)");
	expect_child_errno(
		in_child(nsfd_setns_errno_multithreaded, &call), EINVAL,
		"nsfd_setns(NSTYPE_USER) by a multithreaded process");
	close(fd);

	c = start_creator(new_userns_of_nobody);
	fd = nsfd(c.target, NSTYPE_USER);
	snprintf(path, sizeof(path), "/proc/%d/ns/user", c.target);
	nsfs = open(path, O_RDONLY);
	stop_creator(&c);
	if (fd < 0 || nsfs < 0)
		tap_bail_out("a user namespace made by uid 65534");
	call = (struct setns_call){ NSTYPE_USER, nsfs };
	expect_child_success(
		in_child(unprivileged_mainline_setns_errno, &call),
		"mainline setns lets uid 65534 into a user namespace it owns");
	call.fd = fd;
	expect_child_errno(
		in_child(unprivileged_nsfd_setns_errno, &call), EPERM,
		"nsfd_setns(NSTYPE_USER) refuses uid 65534 the user namespace it owns, the RFC's capable() check first");
	close(fd);
	close(nsfs);
}

/* The init of a new pid namespace, which waits on @go. */
static pid_t new_pidns_with_init(int go)
{
	pid_t init;
	char byte;

	if (unshare(CLONE_NEWPID))
		return -1;
	init = fork();
	if (init == 0)
		_exit(read(go, &byte, 1) < 0);
	return init;
}

struct ns_link_check {
	int fd; /* nsfd of the pid namespace to enter */
	const char *link; /* a /proc/self/ns/ file to stat then */
	ino_t want;
};

static int enter_pid_and_stat(void *arg)
{
	struct ns_link_check *check = arg;

	if (nsfd_setns(NSTYPE_PID, check->fd))
		return 10 + errno % 100;
	return inode_of(check->link) == check->want ? 0 : 3;
}

/* In a child: enter the pid namespace *fd, fork, and see where that landed. */
static int enter_pid_and_fork(void *fd)
{
	int status;
	pid_t pid;

	if (nsfd_setns(NSTYPE_PID, *(int *)fd))
		return 10 + errno % 100;
	pid = fork();
	if (pid == 0)
		_exit(getpid() < 256 ? getpid() : 255);
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return 3;
	if (WEXITSTATUS(status) == 2 && pid != 2)
		return 0;
	tap_diag("getpid() in the child: %d, fork() returned %d",
		 WEXITSTATUS(status), pid);
	fflush(stdout);
	return 4;
}

/* In a child: the errno of fork() after entering the pid namespace *fd. */
static int enter_pid_and_fork_errno(void *fd)
{
	pid_t pid;

	if (nsfd_setns(NSTYPE_PID, *(int *)fd))
		return CHILD_SETUP_FAILED;
	pid = fork();
	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return errno;
	waitpid(pid, NULL, 0);
	return 0;
}

static void test_pid(void)
{
	struct creator c = start_creator(new_pidns_with_init);
	int fd = nsfd(c.target, NSTYPE_PID);
	struct setns_call call = { NSTYPE_PID, fd };
	struct ns_link_check check;
	char path[64];
	ino_t ino;

	snprintf(path, sizeof(path), "/proc/%d/ns/pid", c.target);
	ino = inode_of(path);
	tap_ok(fd >= 0 && ino && inode_of_fd(fd) == ino,
	       "NSTYPE_PID: nsfd of a new pid namespace's init has the inode number of /proc/<init>/ns/pid");
	if (fd < 0)
		tap_bail_out("nsfd of the new pid namespace");
	tap_ok(in_child(enter_pid_and_fork, &fd) == 0,
	       "NSTYPE_PID: after nsfd_setns, the caller's next child is pid 2 there");
	check = (struct ns_link_check){ fd, "/proc/self/ns/pid",
					inode_of("/proc/self/ns/pid") };
	tap_ok(in_child(enter_pid_and_stat, &check) == 0,
	       "NSTYPE_PID: nsfd_setns leaves the caller's own pid namespace (/proc/self/ns/pid) as it was");
	check = (struct ns_link_check){ fd, "/proc/self/ns/pid_for_children",
					ino };
	tap_ok(in_child(enter_pid_and_stat, &check) == 0,
	       "NSTYPE_PID: nsfd_setns sets /proc/self/ns/pid_for_children to it");
	expect_child_errno(
		in_child(nsfd_setns_errno_in_new_pidns, &call), EINVAL,
		"nsfd_setns(NSTYPE_PID) from one child pid namespace into a sibling");
	stop_creator(&c);
	expect_child_errno(
		in_child(enter_pid_and_fork_errno, &fd), ENOMEM,
		"NSTYPE_PID: once its init has exited, the fd keeps the namespace but fork() into it fails");
	close(fd);
}

static pid_t new_cgroupns_in_cgroup(int go)
{
	(void)go;
	if (write_text(CGROUP_DIR "/cgroup.procs", "0") ||
	    unshare(CLONE_NEWCGROUP))
		return -1;
	return getpid();
}

struct cgroup_check {
	int fd;
	bool join; /* move into CGROUP_DIR first */
	const char *want; /* /proc/self/cgroup */
};

static int enter_cgroup_and_read(void *arg)
{
	struct cgroup_check *check = arg;
	char cgroup[256];

	if (check->join && write_text(CGROUP_DIR "/cgroup.procs", "0"))
		return 2;
	if (nsfd_setns(NSTYPE_CGROUP, check->fd))
		return 10 + errno % 100;
	if (read_text("/proc/self/cgroup", cgroup, sizeof(cgroup)))
		return 3;
	if (!strcmp(cgroup, check->want))
		return 0;
	tap_diag("/proc/self/cgroup: \"%s\", want \"%s\"", cgroup, check->want);
	fflush(stdout);
	return 4;
}

static void test_cgroup(void)
{
	struct cgroup_check check;
	struct creator c;
	int fd;

	if (mkdir(CGROUP_DIR, 0755) && errno != EEXIST)
		tap_bail_out("mkdir " CGROUP_DIR);
	c = start_creator(new_cgroupns_in_cgroup);
	fd = nsfd(c.target, NSTYPE_CGROUP);
	stop_creator(&c);
	tap_ok(fd >= 0,
	       "NSTYPE_CGROUP: nsfd of a creator's new cgroup namespace");
	check = (struct cgroup_check){ fd, false, "0::/.." };
	tap_ok(in_child(enter_cgroup_and_read, &check) == 0,
	       "NSTYPE_CGROUP: nsfd_setns enters it after the creator exited; from the root cgroup, /proc/self/cgroup reads 0::/..");
	check = (struct cgroup_check){ fd, true, "0::/" };
	tap_ok(in_child(enter_cgroup_and_read, &check) == 0,
	       "NSTYPE_CGROUP: a task in the creator's cgroup that enters it reads 0::/ in /proc/self/cgroup");
	close(fd);
	if (rmdir(CGROUP_DIR))
		tap_diag("cleanup: rmdir " CGROUP_DIR ": %s", strerror(errno));
}

static void test_mode(void)
{
	int fd = nsfd(0, NSTYPE_NET), reopened;
	int nsfs = open("/proc/self/ns/net", O_RDONLY);
	char fd_path[64], nsfs_path[64];
	struct stat st;

	if (fd < 0 || nsfs < 0)
		tap_bail_out("opening the fds for the mode tests");
	snprintf(fd_path, sizeof(fd_path), "/proc/self/fd/%d", fd);
	snprintf(nsfs_path, sizeof(nsfs_path), "/proc/self/fd/%d", nsfs);
	tap_ok(fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		       (st.st_mode & 07777) == 0600 && st.st_uid == 0 &&
		       st.st_gid == 0,
	       "an nsfd file has the RFC's mode 0600, owned by root");
	tap_ok(fstat(nsfs, &st) == 0 && (st.st_mode & 07777) == 0444,
	       "an nsfs file has mode 0444, for comparison");
	if (bind_fd(fd, "/tmp/nsfd-mode") || bind_fd(nsfs, "/tmp/nsfs-mode"))
		tap_bail_out("bind mounts for the mode tests");
	reopened = open("/tmp/nsfd-mode", O_RDONLY);
	tap_ok(reopened >= 0,
	       "the RFC's mode 0600: root may open() a bind mount of an nsfd file");
	if (reopened >= 0)
		close(reopened);
	expect_child_errno(
		in_child(unprivileged_open_errno, "/tmp/nsfd-mode"), EACCES,
		"the RFC's mode 0600: uid 65534 may not open() a bind mount of an nsfd file");
	expect_child_errno(
		in_child(unprivileged_open_errno, fd_path), EACCES,
		"the RFC's mode 0600: uid 65534 may not reopen its own nsfd fd through /proc/self/fd/N");
	expect_child_success(
		in_child(unprivileged_open_errno, "/tmp/nsfs-mode"),
		"nsfs's mode 0444: uid 65534 may open() a bind mount of an nsfs file");
	expect_child_success(
		in_child(unprivileged_open_errno, nsfs_path),
		"nsfs's mode 0444: uid 65534 may reopen its /proc/self/ns/net fd through /proc/self/fd/N");
	if (umount("/tmp/nsfd-mode") || umount("/tmp/nsfs-mode"))
		tap_diag("cleanup: umount: %s", strerror(errno));
	close(fd);
	close(nsfs);
}

/*
 * The numbers follow the last one of the kernel the series is on: 7.3
 * (which has listns()) ends at 472, 6.12 at 462 with 463-470 taken since.
 */
#ifdef __NR_listns
#define NR_NSFD_EXPECTED 473
#else
#define NR_NSFD_EXPECTED 471
#endif

static void test_syscall_numbers(void)
{
#ifdef __i386__
	/* This program is 32-bit: every call below goes through that table. */
	tap_ok(__NR_nsfd == NR_NSFD_EXPECTED &&
		       __NR_nsfd_setns == NR_NSFD_EXPECTED + 1,
	       "i386 (this program): nsfd is %d, nsfd_setns %d",
	       NR_NSFD_EXPECTED, NR_NSFD_EXPECTED + 1);
#else
	tap_ok(__NR_nsfd == NR_NSFD_EXPECTED &&
		       __NR_nsfd_setns == NR_NSFD_EXPECTED + 1,
	       "x86-64: nsfd is %d, nsfd_setns %d", NR_NSFD_EXPECTED,
	       NR_NSFD_EXPECTED + 1);
#endif
	tap_ok(nr32_nsfd == __NR_nsfd && nr32_nsfd_setns == __NR_nsfd_setns,
	       "i386 (asm/unistd_32.h) declares the same numbers");
}

#ifdef __NR_listns
/* The root of nsfs for open_by_handle_at() (uapi linux/fcntl.h, 6.18). */
#ifndef FD_NSFS_ROOT
#define FD_NSFS_ROOT -10003
#endif

/* Whether listns() lists the network namespace @id. */
static bool netns_listed(__u64 id)
{
	struct ns_id_req req = { .size = sizeof(req), .ns_type = CLONE_NEWNET };
	__u64 ids[64];
	long i, n = syscall(__NR_listns, &req, ids, 64, 0);

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* listns() as the netns dies (cleanup_net() is asynchronous): poll, bounded. */
static bool netns_listed_until(__u64 id, bool hope)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	int tries;

	for (tries = 0; tries < 500; tries++) {
		if (netns_listed(id) == hope)
			return hope;
		nanosleep(&pause, NULL);
	}
	return !hope;
}

static struct file_handle *new_handle(void)
{
	struct file_handle *fh = malloc(sizeof(*fh) + MAX_HANDLE_SZ);

	if (!fh)
		tap_bail_out("malloc");
	fh->handle_bytes = MAX_HANDLE_SZ;
	return fh;
}

/*
 * What 7.3's namespace ids, file handles and listns() make of an nsfd pin
 * (kernel/PORTING.md, "On 7.3"): the file holds an active reference, as
 * an nsfs file does, so the namespace stays listed and its handle opens;
 * the file itself answers no ioctl and has no handle, as in the RFC.
 */
static void test_modern_handles(void)
{
	struct creator c = start_netns_creator();
	struct file_handle *fh = new_handle(), *nsfd_fh = new_handle();
	int fd = nsfd(c.pid, NSTYPE_NET), proc, reopened, mount_id;
	char path[64];
	__u64 id, nsfd_id;

	snprintf(path, sizeof(path), "/proc/%d/ns/net", c.pid);
	proc = open(path, O_RDONLY);
	if (fd < 0 || proc < 0 || ioctl(proc, NS_GET_ID, &id) ||
	    name_to_handle_at(proc, "", fh, &mount_id, AT_EMPTY_PATH))
		tap_bail_out("the creator's netns: id and handle through nsfs");
	close(proc);

	expect_errno(ioctl(fd, NS_GET_ID, &nsfd_id), ENOTTY,
		     "NS_GET_ID of an nsfd fd");
	expect_errno(name_to_handle_at(fd, "", nsfd_fh, &mount_id,
				       AT_EMPTY_PATH),
		     EOPNOTSUPP, "name_to_handle_at of an nsfd fd");
	if (bind_fd(fd, "/tmp/nsfd-net"))
		tap_bail_out("bind mount");
	nsfd_fh->handle_bytes = MAX_HANDLE_SZ;
	expect_errno(name_to_handle_at(AT_FDCWD, "/tmp/nsfd-net", nsfd_fh,
				       &mount_id, 0),
		     EOPNOTSUPP, "name_to_handle_at of a bound nsfd name");
	if (umount("/tmp/nsfd-net"))
		tap_bail_out("umount");

	stop_creator(&c);
	tap_ok(netns_listed_until(id, true),
	       "listns() lists a netns only an nsfd fd holds: in active use");
	reopened = open_by_handle_at(FD_NSFS_ROOT, fh, O_RDONLY);
	tap_ok(reopened >= 0 && in_child(mainline_enter_and_check_marker,
					 &reopened) == 0,
	       "its nsfs file handle opens it; setns() finds the marker");
	if (reopened >= 0)
		close(reopened);
	close(fd);
	tap_ok(!netns_listed_until(id, false),
	       "closing the nsfd fd: listns() no longer lists it");
	expect_errno(open_by_handle_at(FD_NSFS_ROOT, fh, O_RDONLY), ESTALE,
		     "and its file handle is stale");
	free(fh);
	free(nsfd_fh);
}
#else
/* Namespace ids and nsfs file handles came in 6.18, listns() in 6.19. */
static void test_modern_handles(void)
{
	static const char *const tests[] = {
		"NS_GET_ID of an nsfd fd",
		"name_to_handle_at of an nsfd fd",
		"name_to_handle_at of a bound nsfd name",
		"listns() lists a netns only an nsfd fd holds",
		"its nsfs file handle opens it",
		"closing the nsfd fd: listns() no longer lists it",
		"and its file handle is stale",
	};
	size_t i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		tap_skip(tests[i], "no namespace ids, handles, listns()");
}
#endif

int main(void)
{
	tap_plan(PLANNED_TESTS);
	if (write_text("/proc/sys/user/max_net_namespaces", "1"))
		tap_bail_out("setting max_net_namespaces to 1");
	test_syscall_numbers();
	test_file_identity();
	test_nsfd_errors();
	test_setns_errors();
	test_pin_by_fd();
	test_pin_by_bind_mount();
	test_two_names();
	test_uts();
	test_new_types_identity();
	test_new_types_setns_errors();
	test_mnt();
	test_user();
	test_pid();
	test_cgroup();
	test_mode();
	test_modern_handles();
	if (tap_tests_run() != PLANNED_TESTS)
		tap_diag("planned %d tests, ran %d", PLANNED_TESTS,
			 tap_tests_run());
	return tap_tests_failed() || tap_tests_run() != PLANNED_TESTS;
}
