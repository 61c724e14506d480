// SPDX-License-Identifier: GPL-2.0
/*
 * The cost of scale, inside ./linux (make bench):
 *
 *   memory per pinned namespace of each type: MemFree and Slab in
 *   /proc/meminfo before and after PINS namespaces (NET_PINS network
 *   namespaces: they are large), each made by a helper that exits and
 *   kept only by an nsfd fd, once the previous type's are all freed;
 *   the time to pin MANY UTS namespaces (unshare, then nsfd of the new
 *   one, in one process) and to release them (close every fd).
 *
 * The ucount limits are raised for the run and put back.  Prints numbers;
 * judges nothing.
 */
#include <errno.h>
#include <linux/nsfd.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuzz.h"

#define PINS 1000
#define NET_PINS 100
#define MANY 10000
#define SETTLE_S 30 /* for the previous type's namespaces to die */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long meminfo_kb(const char *key)
{
	char name[64];
	long kb, found = -1;
	FILE *f = fopen("/proc/meminfo", "re");

	while (f && fscanf(f, "%63[^:]: %ld kB\n", name, &kb) == 2)
		if (!strcmp(name, key))
			found = kb;
	if (f)
		fclose(f);
	return found;
}

/*
 * Until every namespace made since @base is freed; then raise the limits
 * again (a census puts the machine's own back, a few hundred of each type
 * with the default 64 MiB).
 */
static void settle(const struct census *base)
{
	struct census now;

	census_settle(base, &now, SETTLE_S);
	if (census_set_limits(2 * MANY, base)) {
		perror("scale_bench: raising the ucount limits");
		exit(2);
	}
}

static void memory_per_pin(const struct ns_type *type,
			   const struct census *base)
{
	static int fds[PINS];
	int pins = type->nstype == NSTYPE_NET ? NET_PINS : PINS, i;
	long free_before, slab_before;

	settle(base);
	free_before = meminfo_kb("MemFree");
	slab_before = meminfo_kb("Slab");
	for (i = 0; i < pins; i++) {
		fds[i] = lone_namespace(type);
		if (fds[i] < 0) {
			printf("  %-7s pinning %d failed at %d: %s\n",
			       type->name, pins, i, strerror(errno));
			break;
		}
	}
	if (i == pins)
		printf("  %-7s %6d %8.1f kB %8.1f kB\n", type->name, pins,
		       (double)(free_before - meminfo_kb("MemFree")) / pins,
		       (double)(meminfo_kb("Slab") - slab_before) / pins);
	while (i-- > 0)
		close(fds[i]);
}

/* In a child, whose own UTS namespace moves each time. */
static void pin_many(void)
{
	struct rlimit files = { MANY + 64, MANY + 64 };
	static int fds[MANY];
	double start, pinned, released;
	pid_t pid = fork();
	int i, status;

	if (pid == 0) {
		if (setrlimit(RLIMIT_NOFILE, &files))
			_exit(1);
		start = now_s();
		for (i = 0; i < MANY; i++)
			if (unshare(CLONE_NEWUTS) ||
			    (fds[i] = nsfd(0, NSTYPE_UTS)) < 0) {
				printf("  pinning failed at %d: %s\n", i,
				       strerror(errno));
				_exit(1);
			}
		pinned = now_s();
		for (i = 0; i < MANY; i++)
			close(fds[i]);
		released = now_s();
		printf("  %d UTS namespaces pinned by nsfd in %.2f s (%.0f us each), released in %.2f s (%.0f us each)\n",
		       MANY, pinned - start, (pinned - start) / MANY * 1e6,
		       released - pinned, (released - pinned) / MANY * 1e6);
		_exit(0);
	}
	waitpid(pid, &status, 0);
}

int main(void)
{
	struct census base;
	int t;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (census_baseline(&base)) {
		perror("scale_bench: counting namespaces");
		return 2;
	}
	printf("memory per namespace pinned by an nsfd fd, no task in them:\n");
	printf("  %-7s %6s %11s %11s\n", "type", "pins", "MemFree", "Slab");
	for (t = 0; t < NS_TYPES; t++)
		memory_per_pin(&ns_types[t], &base);
	settle(&base);
	pin_many();
	return census_restore_limits() ? 2 : 0;
}
