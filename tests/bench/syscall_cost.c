// SPDX-License-Identifier: GPL-2.0
/*
 * What a call costs, in wall time per call: getppid, open+close of an nsfs
 * file, nsfd+close, nsfd_setns into the caller's own netns, and a bind and
 * umount of an nsfd name.  Run inside ./linux, and natively on the host
 * with --native, where only the calls the host has run (no nsfd; no
 * mounts, which would change the host's).  One line per call, "NAME
 * NS_PER_CALL", or "NAME -" for one not run; the median of ROUNDS.
 * tests/bench/syscall_cost.py runs it in each mode and prints the table.
 * Prints numbers; judges nothing.
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
#include <time.h>
#include <unistd.h>

#include "nsfd_guest.h"

#define ROUNDS 5
#define NAME "/tmp/syscall-cost-name"

static int net_nsfd;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int do_getppid(void)
{
	return getppid() > 0 ? 0 : -1;
}

static int open_close_nsfs(void)
{
	return close(open("/proc/self/ns/net", O_RDONLY));
}

static int nsfd_close(void)
{
	return close(nsfd(0, NSTYPE_NET));
}

static int enter_own_netns(void)
{
	return nsfd_setns(NSTYPE_NET, net_nsfd);
}

static int bind_umount(void)
{
	char source[64];

	snprintf(source, sizeof(source), "/proc/self/fd/%d", net_nsfd);
	if (mount(source, NAME, NULL, MS_BIND, NULL))
		return -1;
	return umount2(NAME, 0);
}

struct call {
	const char *name;
	int (*fn)(void);
	int calls; /* a round: enough to take ~0.1 s in ./linux */
	bool native; /* the host has it, and it changes nothing there */
};

static const struct call calls[] = {
	{ "getppid", do_getppid, 5000, true },
	{ "open+close-nsfs", open_close_nsfs, 1000, true },
	{ "nsfd+close", nsfd_close, 1000, false },
	{ "nsfd_setns", enter_own_netns, 1000, false },
	{ "bind+umount-nsfd", bind_umount, 300, false },
};

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median over ROUNDS of the wall time per call, or -1 if one failed. */
static double per_call(const struct call *c, int scale)
{
	double round[ROUNDS];
	int n = c->calls * scale;

	for (int r = 0; r < ROUNDS; r++) {
		double start = now_ns();

		for (int i = 0; i < n; i++)
			if (c->fn()) {
				fprintf(stderr, "syscall_cost: %s: %s\n",
					c->name, strerror(errno));
				return -1;
			}
		round[r] = (now_ns() - start) / n;
	}
	qsort(round, ROUNDS, sizeof(round[0]), by_value);
	return round[ROUNDS / 2];
}

int main(int argc, char **argv)
{
	bool native = argc > 1 && !strcmp(argv[1], "--native");
	/* The host is ~50 times faster a call: as many more, for a readable time. */
	int scale = native ? 50 : 1;
	int status = 0;

	if (!native) {
		net_nsfd = nsfd(0, NSTYPE_NET);
		close(open(NAME, O_WRONLY | O_CREAT, 0600));
		if (net_nsfd < 0) {
			perror("syscall_cost: nsfd");
			return 2;
		}
	}
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		const struct call *c = &calls[i];
		double ns = native && !c->native ? 0 : per_call(c, scale);

		if (ns < 0)
			status = 1;
		if (ns > 0)
			printf("%s %.0f\n", c->name, ns);
		else
			printf("%s -\n", c->name);
	}
	if (!native)
		unlink(NAME);
	return status;
}
