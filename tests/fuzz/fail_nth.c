// SPDX-License-Identifier: GPL-2.0
/*
 * Every allocation of each nsfd path failing in turn, as syzkaller's
 * fault injection does it: write N to /proc/thread-self/fail-nth, make the
 * call, and its Nth allocation (slab or page) fails.  For N = 1, 2, ...
 * until the call makes fewer than N allocations, the call must fail with
 * ENOMEM or succeed, and the kernel must not report anything.  At the end,
 * every namespace the calls made is gone and no fd is left.
 *
 *   ./linux quiet run=$PWD/build/tests-7.3/fail_nth    (needs the debug kernel:
 *   CONFIG_FAULT_INJECTION, FAILSLAB, FAIL_PAGE_ALLOC; otherwise it skips)
 *
 * Each attempt runs in a child of its own, so each starts from the same
 * state and whatever it made dies with it.  The first walk is fork()
 * itself, whose failure halfway through dup_mmap() once crashed UML.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfd.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"
#include "tap.h"

#define MAX_ALLOCATIONS 5000
#define SETTLE_S 30 /* for the namespaces the calls made to die */
#define NAME "/tmp/fail-nth-name"
#define FAULT_DIRS \
	"/sys/kernel/debug/failslab", "/sys/kernel/debug/fail_page_alloc"

enum outcome {
	WALKED,
	FAILED_ENOMEM,
	FAILED_OTHER,
	SURVIVED,
	BAD_ERRNO,
	SETUP_FAILED
};

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = write(fd, text, strlen(text)) == (ssize_t)strlen(text) ? 0 : -1;
	close(fd);
	return rc;
}

/* Allocations that may sleep fail too, and single pages. */
static int arm_fault_injection(void)
{
	static const char *const dirs[] = { FAULT_DIRS };
	char path[128];
	size_t i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/ignore-gfp-wait", dirs[i]);
		if (write_text(path, "N\n"))
			return -1;
		snprintf(path, sizeof(path), "%s/verbose", dirs[i]);
		if (write_text(path, "0\n"))
			return -1;
	}
	return write_text("/sys/kernel/debug/fail_page_alloc/min-order", "0\n");
}

struct walk {
	const char *name;
	const struct ns_type *type;
	int fd; /* made by setup, in the child */
	int (*setup)(struct walk *w);
	long (*call)(struct walk *w);
	int also; /* an errno besides ENOMEM a failed allocation may give */
};

static long call_fork(struct walk *w)
{
	pid_t pid = fork();

	(void)w;
	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return pid;
}

static long call_nsfd(struct walk *w)
{
	return nsfd(0, w->type->nstype);
}

static int setup_lone(struct walk *w)
{
	return (w->fd = lone_namespace(w->type)) < 0 ? -1 : 0;
}

static long call_nsfd_setns(struct walk *w)
{
	return nsfd_setns(w->type->nstype, w->fd);
}

/* A private mount namespace, a name, and an nsfd to bind there. */
static int setup_name(struct walk *w)
{
	int fd;

	if (unshare(CLONE_NEWNS) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return -1;
	fd = open(NAME, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	close(fd);
	return (w->fd = nsfd(0, NSTYPE_NET)) < 0 ? -1 : 0;
}

/* The same with mainline's handle, an nsfs file. */
static int setup_nsfs_name(struct walk *w)
{
	if (setup_name(w))
		return -1;
	close(w->fd);
	return (w->fd = open("/proc/self/ns/net", O_RDONLY)) < 0 ? -1 : 0;
}

static long call_bind(struct walk *w)
{
	char source[64];

	snprintf(source, sizeof(source), "/proc/self/fd/%d", w->fd);
	return mount(source, NAME, NULL, MS_BIND, NULL);
}

static int setup_bound_name(struct walk *w)
{
	return setup_name(w) || call_bind(w) ? -1 : 0;
}

static long call_open_name(struct walk *w)
{
	(void)w;
	return open(NAME, O_RDONLY);
}

/* One attempt, in a child: the call with its @nth allocation failing. */
static enum outcome attempt(struct walk *w, int nth)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		char text[16], left[16] = "";
		int fail_nth;
		long rc;

		if (w->setup && w->setup(w))
			_exit(SETUP_FAILED);
		fail_nth = open("/proc/thread-self/fail-nth", O_RDWR);
		snprintf(text, sizeof(text), "%d", nth);
		if (fail_nth < 0 || write(fail_nth, text, strlen(text)) < 0)
			_exit(SETUP_FAILED);
		rc = w->call(w);
		if (rc < 0 && errno != ENOMEM && errno != w->also)
			tap_diag("%s, allocation %d failing: %s", w->name, nth,
				 strerrorname_np(errno));
		fflush(stdout);
		/* "0": the fault was injected; N: the call made fewer. */
		if (pread(fail_nth, left, sizeof(left) - 1, 0) <= 0)
			_exit(SETUP_FAILED);
		if (atoi(left) != 0)
			_exit(rc < 0 ? BAD_ERRNO : WALKED);
		_exit(rc >= 0	       ? SURVIVED :
		      errno == ENOMEM  ? FAILED_ENOMEM :
		      errno == w->also ? FAILED_OTHER :
					 BAD_ERRNO);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return SETUP_FAILED;
	if (!WIFEXITED(status)) {
		tap_diag("%s, allocation %d failing: killed by signal %d",
			 w->name, nth, WTERMSIG(status));
		return BAD_ERRNO;
	}
	return WEXITSTATUS(status);
}

static void walk(struct walk *w)
{
	int nth, failed = 0, other = 0, survived = 0;
	enum outcome o = SETUP_FAILED;

	for (nth = 1; nth <= MAX_ALLOCATIONS; nth++) {
		o = attempt(w, nth);
		if (o == WALKED || o == BAD_ERRNO || o == SETUP_FAILED)
			break;
		failed += o == FAILED_ENOMEM;
		other += o == FAILED_OTHER;
		survived += o == SURVIVED;
	}
	if (o == WALKED) {
		char also[48] = "";

		if (other)
			snprintf(also, sizeof(also), "%s %d times, ",
				 strerrorname_np(w->also), other);
		tap_ok(true,
		       "%s: %d allocations, each failing in turn: ENOMEM %d times, %ssuccess %d",
		       w->name, nth - 1, failed, also, survived);
		return;
	}
	tap_ok(false, "%s: each allocation failing in turn", w->name);
	tap_diag("%s at allocation %d",
		 o == SETUP_FAILED ? "the setup failed" :
		 o == BAD_ERRNO	   ? "a failure other than ENOMEM" :
				     "still allocating",
		 nth);
}

int main(void)
{
	static struct walk walks[4 + 2 * NS_TYPES];
	char names[2 * NS_TYPES][32];
	struct census base, after;
	int n = 0, t, fds = census_fds(), kmsg;
	const char *report;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (access("/proc/thread-self/fail-nth", W_OK)) {
		tap_skip_all(
			"no fault injection in this kernel (make check UML_CONFIG=debug has it)");
		return 0;
	}
	if (arm_fault_injection() || census_baseline(&base) ||
	    (kmsg = kmsg_open()) < 0)
		tap_bail_out("setting up fault injection");
	walks[n++] = (struct walk){ .name = "fork()", .call = call_fork };
	for (t = 0; t < NS_TYPES; t++) {
		snprintf(names[2 * t], sizeof(names[0]), "nsfd(0, %s)",
			 ns_types[t].name);
		walks[n++] = (struct walk){ .name = names[2 * t],
					    .type = &ns_types[t],
					    .call = call_nsfd };
		snprintf(names[2 * t + 1], sizeof(names[0]),
			 "nsfd_setns(%s, fd)", ns_types[t].name);
		walks[n++] = (struct walk){ .name = names[2 * t + 1],
					    .type = &ns_types[t],
					    .setup = setup_lone,
					    .call = call_nsfd_setns };
	}
	/*
	 * A path walk through /proc/PID/fd answers ENOENT, not ENOMEM, when
	 * it can't allocate a dentry there: for nsfs files alike.
	 */
	walks[n++] = (struct walk){ .name = "bind mount of an nsfd file",
				    .setup = setup_name,
				    .call = call_bind,
				    .also = ENOENT };
	walks[n++] =
		(struct walk){ .name = "bind mount of an nsfs file (mainline)",
			       .setup = setup_nsfs_name,
			       .call = call_bind,
			       .also = ENOENT };
	walks[n++] = (struct walk){ .name = "open() of its name",
				    .setup = setup_bound_name,
				    .call = call_open_name };
	tap_plan(n + 3);
	for (t = 0; t < n; t++)
		walk(&walks[t]);

	report = kmsg_report(kmsg);
	if (!tap_ok(!report, "no kernel report in the log"))
		tap_diag("the kernel reported: %s", report);
	tap_ok(census_settle(&base, &after, SETTLE_S),
	       "every namespace the calls made is gone");
	close(kmsg);
	t = census_fds();
	tap_ok(t == fds, "no fd left open (%d before, %d after)", fds, t);
	return tap_tests_failed() ? 1 : 0;
}
