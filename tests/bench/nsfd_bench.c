// SPDX-License-Identifier: GPL-2.0
/*
 * What a handle costs, RFC against mainline, measured inside ./linux:
 *
 *   nsfd(0, NSTYPE_NET) + close   against   open("/proc/self/ns/net") + close
 *   nsfd_setns(NSTYPE_NET, fd)    against   setns(fd, CLONE_NEWNET)
 *   bind mount of an nsfd file    against   bind mount of an nsfs file
 *   umount of each
 *
 * the setns pair entering the namespace the caller is already in, through
 * handles on the same namespace.  The two sides alternate in rounds.  Each
 * side prints its wall time per call.  With --marks it also prints
 * "begin LABEL" and "end LABEL CALLS" around each side and waits for a
 * line on stdin after each: tests/bench/kernel_work.py, on the host, reads
 * the UML kernel process's CPU time there, which is the guest kernel's
 * work.  Prints numbers (make bench); it judges nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfd.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "nsfd_guest.h"

#define ROUNDS 3
#define CALLS 100000
#define MOUNTS 20000 /* names bound, then unmounted, per side and round */
#define NAME_DIR "/tmp/bench-names"

static bool marks;
static int rfc_fd, mainline_fd;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* Tell the host sampler where we are, and wait until it has looked. */
static void mark(const char *what, const char *label, int calls)
{
	char ack[16];

	if (!marks)
		return;
	printf("%s %s %d\n", what, label, calls);
	fflush(stdout);
	if (!fgets(ack, sizeof(ack), stdin)) {
		fprintf(stderr, "nsfd_bench: no answer from the sampler\n");
		exit(2);
	}
}

static void fail(const char *what)
{
	fprintf(stderr, "nsfd_bench: %s: %s\n", what, strerror(errno));
	exit(2);
}

static int nsfd_and_close(int i)
{
	(void)i;
	return close(nsfd(0, NSTYPE_NET));
}

static int open_and_close(int i)
{
	(void)i;
	return close(open("/proc/self/ns/net", O_RDONLY));
}

static int enter_rfc(int i)
{
	(void)i;
	return nsfd_setns(NSTYPE_NET, rfc_fd);
}

static int enter_mainline(int i)
{
	(void)i;
	return setns(mainline_fd, CLONE_NEWNET);
}

static int bind_name(int i, int fd)
{
	char source[64], target[64];

	snprintf(source, sizeof(source), "/proc/self/fd/%d", fd);
	snprintf(target, sizeof(target), NAME_DIR "/%d", i);
	return mount(source, target, NULL, MS_BIND, NULL);
}

static int bind_rfc(int i)
{
	return bind_name(i, rfc_fd);
}

static int bind_mainline(int i)
{
	return bind_name(i, mainline_fd);
}

static int umount_name(int i)
{
	char target[64];

	snprintf(target, sizeof(target), NAME_DIR "/%d", i);
	return umount2(target, 0);
}

struct side {
	const char *label; /* one word, for the sampler */
	const char *what;
	int (*call)(int i);
};

static double run_side(const struct side *s, int calls)
{
	double start;
	int i;

	mark("begin", s->label, calls);
	start = now_ns();
	for (i = 0; i < calls; i++)
		if (s->call(i) < 0)
			fail(s->what);
	start = (now_ns() - start) / calls;
	mark("end", s->label, calls);
	return start;
}

/* The two sides in turn, ROUNDS times; the wall time per call of each. */
static void compare(const struct side *rfc, const struct side *mainline,
		    int calls)
{
	double a = 0, b = 0;
	int round;

	for (round = 0; round < ROUNDS; round++) {
		a += run_side(rfc, calls);
		b += run_side(mainline, calls);
	}
	printf("wall %-40s %8.0f ns\n", rfc->what, a / ROUNDS);
	printf("wall %-40s %8.0f ns\n", mainline->what, b / ROUNDS);
}

/* Binds and umounts alternate: each round binds MOUNTS names, then unmounts them. */
static void compare_mounts(void)
{
	static const struct side bind[2] = {
		{ "bind-nsfd", "bind mount of an nsfd file", bind_rfc },
		{ "bind-nsfs", "bind mount of an nsfs file", bind_mainline },
	};
	static const struct side unbind[2] = {
		{ "umount-nsfd", "umount of an nsfd file's name", umount_name },
		{ "umount-nsfs", "umount of an nsfs file's name", umount_name },
	};
	double wall[4] = { 0 };
	int round, side;

	for (round = 0; round < ROUNDS; round++)
		for (side = 0; side < 2; side++) {
			wall[side] += run_side(&bind[side], MOUNTS);
			wall[2 + side] += run_side(&unbind[side], MOUNTS);
		}
	for (side = 0; side < 4; side++)
		printf("wall %-40s %8.0f ns\n",
		       side < 2 ? bind[side].what : unbind[side - 2].what,
		       wall[side] / ROUNDS);
}

/* A private mount namespace and MOUNTS empty files to bind onto. */
static void make_names(void)
{
	char path[64];
	int i, fd;

	if (unshare(CLONE_NEWNS) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    (mkdir(NAME_DIR, 0755) && errno != EEXIST) ||
	    mount("bench", NAME_DIR, "tmpfs", 0, "nr_inodes=0"))
		fail("a tmpfs for the names");
	for (i = 0; i < MOUNTS; i++) {
		snprintf(path, sizeof(path), NAME_DIR "/%d", i);
		fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
		if (fd < 0)
			fail(path);
		close(fd);
	}
}

int main(int argc, char **argv)
{
	static const struct side handles[2] = {
		{ "nsfd+close", "nsfd(0, NSTYPE_NET) + close", nsfd_and_close },
		{ "open+close", "open(\"/proc/self/ns/net\") + close",
		  open_and_close },
	};
	static const struct side enter[2] = {
		{ "nsfd_setns", "nsfd_setns(NSTYPE_NET, nsfd fd)", enter_rfc },
		{ "setns", "setns(nsfs fd, CLONE_NEWNET)", enter_mainline },
	};

	marks = argc > 1 && !strcmp(argv[1], "--marks");
	rfc_fd = nsfd(0, NSTYPE_NET);
	mainline_fd = open("/proc/self/ns/net", O_RDONLY);
	if (rfc_fd < 0 || mainline_fd < 0)
		fail("opening the handles");
	make_names();
	printf("# %d rounds, sides alternating, mean wall time per call inside ./linux\n",
	       ROUNDS);
	compare(&handles[0], &handles[1], CALLS);
	compare(&enter[0], &enter[1], CALLS);
	compare_mounts();
	return 0;
}
