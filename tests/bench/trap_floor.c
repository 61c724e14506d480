// SPDX-License-Identifier: GPL-2.0
/*
 * The floor of a UML guest syscall: what the host itself pays for the round
 * trip each of UML's userspace modes makes per guest syscall, measured on
 * the host with no UML at all.
 *
 *   ptrace mode: the guest process stops at the syscall (PTRACE_SYSEMU),
 *   the UML kernel's thread wakes in waitpid(), reads and writes the
 *   registers and resumes it.
 *   seccomp mode: a seccomp filter traps the syscall (SIGSYS); the stub's
 *   handler wakes the UML kernel through a futex in shared memory and
 *   sleeps on it until the kernel wakes it back, then returns from the
 *   signal.
 *
 * One line each, "NAME NS_PER_CALL": getppid natively, the ptrace round
 * trip, the SIGSYS trap alone, a futex hand-off between two processes and
 * back alone, and the two together (seccomp mode's floor).  The median of
 * ROUNDS.  Prints numbers; judges nothing.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 5
#define CALLS 20000

#ifndef PTRACE_SYSEMU
#define PTRACE_SYSEMU 31
#endif

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "trap_floor: %s: %s\n", what, strerror(errno));
	exit(2);
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v)
{
	qsort(v, ROUNDS, sizeof(v[0]), by_value);
	return v[ROUNDS / 2];
}

static double native_getppid(void)
{
	double start = now_ns();

	for (int i = 0; i < CALLS; i++)
		syscall(SYS_getppid);
	return (now_ns() - start) / CALLS;
}

/* A tracee that makes syscalls for ever; each stops it, emulated. */
static double ptrace_round_trip(void)
{
	struct user_regs_struct regs;
	pid_t pid = fork();
	int status;
	double start;

	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
			_exit(1);
		raise(SIGSTOP);
		for (;;)
			syscall(SYS_getppid);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
		die("a tracee");
	ptrace(PTRACE_SYSEMU, pid, NULL, NULL);
	start = now_ns();
	for (int i = 0; i < CALLS; i++) {
		if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
			die("waitpid of the tracee");
		if (ptrace(PTRACE_GETREGS, pid, NULL, &regs) ||
		    ptrace(PTRACE_SETREGS, pid, NULL, &regs) ||
		    ptrace(PTRACE_SYSEMU, pid, NULL, NULL))
			die("ptrace");
	}
	start = (now_ns() - start) / CALLS;
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return start;
}

/* The futex word the stub and the "kernel" hand over: 1 the kernel's turn. */
static atomic_int *turn;
static int hand_over; /* the SIGSYS handler also hands over to the kernel */

static void futex(atomic_int *word, int op, int value)
{
	syscall(SYS_futex, word, op, value, NULL, NULL, 0);
}

/* Give the turn to the other process (@to) and sleep until it is back. */
static void round_trip(int to, int back)
{
	atomic_store(turn, to);
	futex(turn, FUTEX_WAKE, 1);
	while (atomic_load(turn) != back)
		futex(turn, FUTEX_WAIT, to);
}

static void on_sigsys(int sig)
{
	(void)sig;
	if (hand_over)
		round_trip(1, 0);
}

/* A "kernel" process that answers every hand-over until killed. */
static pid_t start_kernel(void)
{
	pid_t pid = fork();

	if (pid == 0)
		for (;;) {
			while (atomic_load(turn) != 1)
				futex(turn, FUTEX_WAIT, 0);
			atomic_store(turn, 0);
			futex(turn, FUTEX_WAKE, 1);
		}
	if (pid < 0)
		die("fork");
	return pid;
}

static double futex_hand_off(void)
{
	double start = now_ns();

	for (int i = 0; i < CALLS; i++)
		round_trip(1, 0);
	return (now_ns() - start) / CALLS;
}

/* In a child with getppid trapped: the trap, and with @handing a hand-over. */
static double trapped_getppid(int handing)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(filter) / sizeof(filter[0]), filter };
	double *answer = mmap(NULL, sizeof(double), PROT_READ | PROT_WRITE,
			      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t pid;
	double ns;

	if (answer == MAP_FAILED)
		die("mmap");
	pid = fork();
	if (pid == 0) {
		double start;

		hand_over = handing;
		signal(SIGSYS, on_sigsys);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
			_exit(1);
		start = now_ns();
		for (int i = 0; i < CALLS; i++)
			syscall(SYS_getppid);
		*answer = (now_ns() - start) / CALLS;
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, NULL, 0) != pid)
		die("a trapped child");
	ns = *answer;
	munmap(answer, sizeof(double));
	return ns;
}

int main(void)
{
	double native[ROUNDS], ptrace_rt[ROUNDS], trap[ROUNDS],
		futex_rt[ROUNDS], seccomp_rt[ROUNDS];
	pid_t kernel;

	turn = mmap(NULL, sizeof(*turn), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (turn == MAP_FAILED)
		die("mmap");
	kernel = start_kernel();
	for (int r = 0; r < ROUNDS; r++) {
		native[r] = native_getppid();
		ptrace_rt[r] = ptrace_round_trip();
		trap[r] = trapped_getppid(0);
		futex_rt[r] = futex_hand_off();
		seccomp_rt[r] = trapped_getppid(1);
	}
	kill(kernel, SIGKILL);
	waitpid(kernel, NULL, 0);
	printf("native-getppid %.0f\n", median(native));
	printf("ptrace-stop-resume %.0f\n", median(ptrace_rt));
	printf("sigsys-trap %.0f\n", median(trap));
	printf("futex-hand-off %.0f\n", median(futex_rt));
	printf("sigsys-trap+futex-hand-off %.0f\n", median(seccomp_rt));
	return 0;
}
