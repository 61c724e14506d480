// SPDX-License-Identifier: GPL-2.0
/*
 * What a handle costs, RFC against mainline, measured inside ./linux:
 *
 *   nsfd(0, NSTYPE_NET) + close   against   open("/proc/self/ns/net") + close
 *   nsfd_setns(NSTYPE_NET, fd)    against   setns(fd, CLONE_NEWNET)
 *
 * the setns pair entering the namespace the caller is already in, through
 * handles on the same namespace.  The two sides alternate in rounds and
 * the median round counts, so that drift hits both alike.  A UML system
 * call spends tens of microseconds in ptrace round trips before the kernel
 * does any work, and that cost is in both sides.  Prints numbers (make
 * bench); it judges nothing.
 */
#include <fcntl.h>
#include <linux/nsfd.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 15
#define CALLS_PER_ROUND 2000

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int open_nsfd(void)
{
	return syscall(__NR_nsfd, 0, NSTYPE_NET);
}

static int open_proc_ns(void)
{
	return open("/proc/self/ns/net", O_RDONLY);
}

static int rfc_fd, mainline_fd;

static int enter_rfc(void)
{
	return syscall(__NR_nsfd_setns, NSTYPE_NET, rfc_fd);
}

static int enter_mainline(void)
{
	return setns(mainline_fd, CLONE_NEWNET);
}

static int open_and_close(int (*open_handle)(void))
{
	int fd = open_handle();

	if (fd < 0)
		return -1;
	return close(fd);
}

/* Median over ROUNDS of the time per call of @op (open, or enter). */
static void compare(const char *what, const char *a_name, int (*a)(void),
		    const char *b_name, int (*b)(void), bool opens)
{
	double a_round[ROUNDS], b_round[ROUNDS], a_ns, b_ns;
	int round, i;

	for (round = 0; round < ROUNDS; round++) {
		for (int side = 0; side < 2; side++) {
			int (*op)(void) = side ? b : a;
			double start = now_ns();

			for (i = 0; i < CALLS_PER_ROUND; i++) {
				int ret = opens ? open_and_close(op) : op();

				if (ret < 0) {
					perror(side ? b_name : a_name);
					exit(2);
				}
			}
			(side ? b_round : a_round)[round] =
				(now_ns() - start) / CALLS_PER_ROUND;
		}
	}
	qsort(a_round, ROUNDS, sizeof(double), compare_doubles);
	qsort(b_round, ROUNDS, sizeof(double), compare_doubles);
	a_ns = a_round[ROUNDS / 2];
	b_ns = b_round[ROUNDS / 2];
	printf("%s\n", what);
	printf("  %-44s %9.0f ns\n", a_name, a_ns);
	printf("  %-44s %9.0f ns\n", b_name, b_ns);
	printf("  mainline / RFC: %.2f\n", b_ns / a_ns);
}

int main(void)
{
	rfc_fd = open_nsfd();
	mainline_fd = open_proc_ns();
	if (rfc_fd < 0 || mainline_fd < 0) {
		perror("opening the handles");
		return 2;
	}
	printf("%d rounds of %d calls, median round, inside ./linux\n", ROUNDS,
	       CALLS_PER_ROUND);
	compare("a new handle on the caller's netns, then close",
		"nsfd(0, NSTYPE_NET) + close", open_nsfd,
		"open(\"/proc/self/ns/net\") + close", open_proc_ns, true);
	compare("entering the caller's own netns through a handle",
		"nsfd_setns(NSTYPE_NET, nsfd fd)", enter_rfc,
		"setns(nsfs fd, CLONE_NEWNET)", enter_mainline, false);
	return 0;
}
