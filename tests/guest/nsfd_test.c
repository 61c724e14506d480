// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel half of the RFC, checked with raw syscall(2) inside ./linux:
 *
 *   ./linux run=$PWD/build/tests/nsfd_test      (make check runs it)
 *
 * Prints TAP; exits 0 if every test passed, 1 if one failed, 2 if the
 * program could not run its tests.  Whether a namespace is alive is read
 * from the kernel's own accounting: with /proc/sys/user/max_net_namespaces
 * at 1, creating a network namespace fails with ENOSPC while one other is
 * alive (the initial one is not counted).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/nsfd.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "nsfd_test.h"

#define PLANNED_TESTS 40
#define UNPRIVILEGED_UID 65534
#define TTL_MARKER "77"
#define HOSTNAME_MARKER "pinned-by-nsfd"

static int tests_run, tests_failed;

static void test_result(bool pass, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", pass ? "ok" : "not ok", ++tests_run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!pass)
		tests_failed++;
}

static void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static noreturn void bail_out(const char *what)
{
	printf("Bail out! %s: %s\n", what, strerror(errno));
	exit(2);
}

static int nsfd(pid_t pid, unsigned long nstype)
{
	return syscall(__NR_nsfd, pid, nstype);
}

static int nsfd_setns(unsigned long nstype, int fd)
{
	return syscall(__NR_nsfd_setns, nstype, fd);
}

/* A syscall that should fail with @expected_errno. */
static void expect_errno(long ret, int expected_errno, const char *what)
{
	int saved = errno;

	if (ret != -1)
		diag("returned %ld", ret);
	else if (saved != expected_errno)
		diag("errno %s, want %s", strerrorname_np(saved),
		     strerrorname_np(expected_errno));
	test_result(ret == -1 && saved == expected_errno, "%s: %s", what,
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
		bail_out("fork");
	if (pid == 0)
		_exit(fn(arg));
	if (waitpid(pid, &status, 0) != pid)
		bail_out("waitpid");
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
			bail_out("probe unshare(CLONE_NEWNET)");
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

/* A task in a new network namespace that holds a marker until told to go. */
struct creator {
	pid_t pid;
	int go; /* write end: closing it lets the creator exit */
};

static struct creator start_netns_creator(void)
{
	int ready[2], go[2];
	struct creator c;
	char byte;

	if (pipe(ready) || pipe(go))
		bail_out("pipe");
	fflush(stdout);
	c.pid = fork();
	if (c.pid < 0)
		bail_out("fork");
	if (c.pid == 0) {
		close(ready[0]);
		close(go[1]);
		if (unshare_net_when_possible() ||
		    write_text("/proc/sys/net/ipv4/ip_default_ttl", TTL_MARKER))
			_exit(1);
		if (write(ready[1], "r", 1) != 1 || read(go[0], &byte, 1) < 0)
			_exit(1);
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	if (read(ready[0], &byte, 1) != 1)
		bail_out("netns creator did not start");
	close(ready[0]);
	c.go = go[1];
	return c;
}

static void stop_creator(struct creator *c)
{
	close(c->go);
	if (waitpid(c->pid, NULL, 0) != c->pid)
		bail_out("waitpid creator");
}

static void touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT, 0600);

	if (fd < 0)
		bail_out(path);
	close(fd);
}

/* In a child: enter the netns of *fd with nsfd_setns, read the marker. */
static int enter_and_check_marker(void *fd)
{
	char ttl[16];

	if (nsfd_setns(NSTYPE_NET, *(int *)fd))
		return 10 + errno % 100;
	if (read_text("/proc/sys/net/ipv4/ip_default_ttl", ttl, sizeof(ttl)))
		return 3;
	return strcmp(ttl, TTL_MARKER) ? 4 : 0;
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

	test_result(fd >= 0, "nsfd(0, NSTYPE_NET) returns an fd");
	if (fd < 0)
		bail_out("nsfd(0, NSTYPE_NET)");
	test_result(fstatfs(fd, &sfs) == 0 && sfs.f_type == NSFD_FS_MAGIC,
		    "fstatfs of it reports NSFD_FS_MAGIC");
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	len = readlink(link, target, sizeof(target) - 1);
	target[len > 0 ? len : 0] = '\0';
	test_result(!strcmp(target, "nsfd"),
		    "its name is \"nsfd\" (got \"%s\")", target);
	test_result(
		fstat(fd, &st) == 0 &&
			stat("/proc/self/ns/net", &proc_st) == 0 &&
			st.st_ino == proc_st.st_ino,
		"its inode number is the namespace's, as in /proc/self/ns/net");
	test_result((fcntl(fd, F_GETFD) & FD_CLOEXEC) == 0,
		    "it is not close-on-exec (the RFC has no flags)");
	close(fd);
}

static void test_nsfd_errors(void)
{
	int fd;

	expect_errno(nsfd(0, 99), EINVAL, "nsfd of an unknown nstype");
	expect_errno(nsfd(0, (unsigned long)-1), EINVAL, "nsfd of nstype ~0UL");
	expect_errno(nsfd(999999, NSTYPE_NET), ESRCH, "nsfd of no such pid");
	expect_errno(nsfd(-1, NSTYPE_NET), ESRCH, "nsfd of pid -1");
	test_result(in_child(unprivileged_nsfd_of_pid1, NULL) == 0,
		    "nsfd of PID 1 by an unprivileged task: EPERM");

	fd = nsfd(0, NSTYPE_NET);
	test_result(in_child(unprivileged_nsfd_setns, &fd) == 0,
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
		bail_out("opening the fds for the setns error tests");
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
	test_result(in_child(mainline_setns_nsfd, &net) == 0,
		    "mainline setns refuses an nsfd fd: EINVAL");
	test_result(in_child(mainline_setns_proc, NULL) == 0,
		    "mainline setns still takes /proc/self/ns/net");
	test_result(
		in_child(unprivileged_bind_mount, &net) == 0,
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

	test_result(fd >= 0, "nsfd of the creator's netns");
	test_result(in_child(enter_and_check_marker, &fd) == 0,
		    "nsfd_setns enters it while the creator runs");
	stop_creator(&c);
	test_result(other_netns_alive(true),
		    "after the creator exits, the fd keeps the netns alive");
	test_result(in_child(enter_and_check_marker, &fd) == 0,
		    "nsfd_setns enters it and finds the creator's marker");
	close(fd);
	test_result(!other_netns_alive(false),
		    "closing the last fd frees the netns");
}

static void test_pin_by_bind_mount(void)
{
	struct creator c = start_netns_creator();
	int fd = nsfd(c.pid, NSTYPE_NET), reopened;

	test_result(bind_fd(fd, "/tmp/nsfd-net") == 0,
		    "mount --bind /proc/self/fd/N /tmp/nsfd-net");
	close(fd);
	stop_creator(&c);
	test_result(
		other_netns_alive(true),
		"with every fd closed and the creator gone, the mount keeps it");
	reopened = open("/tmp/nsfd-net", O_RDONLY);
	test_result(reopened >= 0, "open() of the mount gives a new handle");
	test_result(in_child(enter_and_check_marker, &reopened) == 0,
		    "nsfd_setns of the reopened handle finds the marker");
	close(reopened);
	test_result(umount("/tmp/nsfd-net") == 0, "umount of the name");
	test_result(!other_netns_alive(false), "umount frees the netns");

	c = start_netns_creator();
	fd = nsfd(c.pid, NSTYPE_NET);
	stop_creator(&c);
	if (bind_fd(fd, "/tmp/nsfd-net"))
		bail_out("bind mount");
	close(fd);
	reopened = open("/tmp/nsfd-net", O_RDONLY);
	test_result(umount2("/tmp/nsfd-net", MNT_DETACH) == 0 &&
			    other_netns_alive(true),
		    "after a lazy umount, a reopened fd still keeps the netns");
	close(reopened);
	test_result(!other_netns_alive(false), "closing that fd frees it");
}

static void test_two_names(void)
{
	struct creator c = start_netns_creator();
	int fd = nsfd(c.pid, NSTYPE_NET);
	struct stat a, b;

	stop_creator(&c);
	test_result(bind_fd(fd, "/tmp/nsfd-a") == 0 &&
			    bind_fd(fd, "/tmp/nsfd-b") == 0,
		    "one nsfd fd bound at two names");
	close(fd);
	test_result(stat("/tmp/nsfd-a", &a) == 0 &&
			    stat("/tmp/nsfd-b", &b) == 0 &&
			    a.st_ino == b.st_ino,
		    "both names show the same namespace inode number");
	umount("/tmp/nsfd-a");
	test_result(other_netns_alive(true), "one name left keeps it alive");
	umount("/tmp/nsfd-b");
	test_result(!other_netns_alive(false), "the last umount frees it");
}

static void test_uts(void)
{
	int ready[2], fd;
	pid_t pid;
	char byte;

	if (pipe(ready))
		bail_out("pipe");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(ready[0]);
		_exit(set_hostname_in_new_uts(NULL) ||
		      write(ready[1], "r", 1) != 1 || pause());
	}
	close(ready[1]);
	if (read(ready[0], &byte, 1) != 1)
		bail_out("uts creator");
	fd = nsfd(pid, NSTYPE_UTS);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	test_result(
		fd >= 0 && in_child(enter_uts_and_check, &fd) == 0,
		"NSTYPE_UTS: the hostname set by a dead creator is still there");
	close(fd);
	close(ready[0]);
}

static void test_syscall_numbers(void)
{
	test_result(__NR_nsfd == 471 && __NR_nsfd_setns == 472,
		    "x86-64: nsfd is 471, nsfd_setns 472");
	test_result(nr32_nsfd == __NR_nsfd &&
			    nr32_nsfd_setns == __NR_nsfd_setns,
		    "i386 (asm/unistd_32.h) declares the same numbers");
}

int main(void)
{
	printf("TAP version 13\n1..%d\n", PLANNED_TESTS);
	if (write_text("/proc/sys/user/max_net_namespaces", "1"))
		bail_out("setting max_net_namespaces to 1");
	test_syscall_numbers();
	test_file_identity();
	test_nsfd_errors();
	test_setns_errors();
	test_pin_by_fd();
	test_pin_by_bind_mount();
	test_two_names();
	test_uts();
	if (tests_run != PLANNED_TESTS)
		diag("planned %d tests, ran %d", PLANNED_TESTS, tests_run);
	return tests_failed || tests_run != PLANNED_TESTS;
}
