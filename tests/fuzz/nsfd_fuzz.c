// SPDX-License-Identifier: GPL-2.0
/*
 * nsfd_fuzz: random, seeded, racing sequences of the nsfd paths, run inside
 * ./linux, with TAP on stdout:
 *
 *   ./linux quiet run=$PWD/build/tests-7.3/nsfd_fuzz fuzz_seed=7 fuzz_ops=100000
 *
 * Boot words (all optional): fuzz_seed=N (1), fuzz_ops=N (3000),
 * fuzz_secs=N (10: the run stops at whichever bound comes first),
 * fuzz_procs=N (3) and fuzz_threads=N (2), fuzz_keep=A-B,C (replay only
 * these op indices), fuzz_trace=1 (print each op as it runs),
 * fuzz_inject=A,B (a test of the harness: fail once ops A and B both ran),
 * fuzz_baseline=1+0,0+0,... (the live namespaces to start from, per type
 * for root and uid 65534, as a run printed them: a replay skips counting).
 * tests/fuzz/fuzz runs it, and shrinks a failure to the fewest ops.
 *
 * What it checks, as it runs and at the end: every op's own invariants
 * (fuzz_ops.c), no kernel report in the log, every namespace type's live
 * count back at its baseline once the run's tasks are gone, no fd left in
 * this process, and the RFC's calls still working.
 * Exit status: 0 all passed, 1 a check failed, 2 the run could not start.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/nsfd.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuzz.h"
#include "tap.h"

#define NS_HEADROOM 48 /* namespaces of a type the run may hold */
#define STOP_GRACE_S 20 /* past the deadline, a run that hangs */
#define SETTLE_S 30 /* for namespaces to die after the run */
#define POLL_NS 50000000 /* 50 ms */

void fuzz_fail(struct fuzz_shared *shared, long op, const char *fmt, ...)
{
	int expected = 0;
	va_list ap;

	if (!atomic_compare_exchange_strong(&shared->failed, &expected, 1))
		return;
	va_start(ap, fmt);
	vsnprintf(shared->failure, sizeof(shared->failure), fmt, ap);
	va_end(ap);
	atomic_store(&shared->fail_op, op);
}

static long env_long(const char *name, long fallback, long min, long max)
{
	const char *text = getenv(name);
	char *end;
	long value;

	if (!text)
		return fallback;
	errno = 0;
	value = strtol(text, &end, 0);
	if (errno || end == text || *end || value < min || value > max) {
		printf("Bail out! %s=%s: want a number from %ld to %ld\n", name,
		       text, min, max);
		exit(2);
	}
	return value;
}

static void read_config(struct fuzz_config *cfg)
{
	const char *inject = getenv("fuzz_inject");

	cfg->seed = env_long("fuzz_seed", 1, 0, LONG_MAX);
	cfg->ops = env_long("fuzz_ops", 3000, 1, LONG_MAX);
	cfg->secs = env_long("fuzz_secs", 10, 1, 1000000);
	cfg->procs = env_long("fuzz_procs", 3, 1, FUZZ_MAX_PROCS);
	cfg->threads = env_long("fuzz_threads", 2, 1, FUZZ_MAX_THREADS);
	cfg->trace = env_long("fuzz_trace", 0, 0, 1);
	cfg->keep = getenv("fuzz_keep");
	cfg->baseline = getenv("fuzz_baseline");
	cfg->injects = 0;
	while (inject && *inject && cfg->injects < FUZZ_MAX_INJECT) {
		char *end;

		cfg->inject[cfg->injects++] = strtol(inject, &end, 10);
		inject = *end ? end + 1 : end;
	}
}

/*
 * The run's tasks in a PID namespace of their own: the fuzz root is its
 * PID 1, so one SIGKILL ends them all.  Returns the forked helper that
 * waits for the root, whose pid it leaves in shared->root_pid.
 */
static pid_t start_run(const struct fuzz_config *cfg,
		       struct fuzz_shared *shared, const char *self)
{
	pid_t helper = fork(), root;
	int status;

	if (helper)
		return helper;
	if (unshare(CLONE_NEWPID | CLONE_NEWNS)) {
		fuzz_fail(shared, -1, "unshare: %s", strerror(errno));
		_exit(1);
	}
	root = fork();
	if (root == 0)
		_exit(fuzz_root(cfg, shared, self));
	shared->root_pid = root;
	if (root < 0 || waitpid(root, &status, 0) != root)
		_exit(1);
	_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}

/* Until the run ends, is stopped by a report, or hangs. */
static const char *watch_run(struct fuzz_shared *shared, pid_t helper, int kmsg,
			     bool *hung)
{
	const char *report = NULL;
	int64_t give_up = shared->deadline_ns + STOP_GRACE_S * 1000000000LL;
	struct timespec pause = { 0, POLL_NS };
	int64_t next_progress = now_ns();

	*hung = false;
	while (waitpid(helper, NULL, WNOHANG) == 0) {
		/* For a run the kernel ends: how far it got. */
		if (now_ns() > next_progress) {
			tap_diag("%ld ops run, up to op %ld",
				 atomic_load(&shared->ops_run),
				 atomic_load(&shared->last_op));
			next_progress += 1000000000LL;
		}
		if (!report && (report = kmsg_report(kmsg)))
			atomic_store(&shared->stop, 1);
		if (now_ns() > give_up) {
			*hung = true;
			break;
		}
		nanosleep(&pause, NULL);
	}
	if (shared->root_pid > 0)
		kill(shared->root_pid, SIGKILL);
	waitpid(helper, NULL, 0);
	return report;
}

/* nsfd, a bind mount of it, open() of the name and nsfd_setns still work. */
static const char *still_works(void)
{
	const char *name = "/tmp/nsfd-fuzz-after";
	char source[64];
	int fd, named, rc;

	fd = nsfd(0, NSTYPE_NET);
	if (fd < 0)
		return "nsfd(0, NSTYPE_NET)";
	snprintf(source, sizeof(source), "/proc/self/fd/%d", fd);
	close(open(name, O_CREAT | O_WRONLY | O_CLOEXEC, 0600));
	if (mount(source, name, NULL, MS_BIND, NULL))
		return "bind mount";
	close(fd);
	named = open(name, O_RDONLY | O_CLOEXEC);
	if (named < 0)
		return "open() of the name";
	rc = nsfd_setns(NSTYPE_NET, named);
	close(named);
	if (rc)
		return "nsfd_setns() of it";
	if (umount2(name, 0) || unlink(name))
		return "umount";
	return NULL;
}

static void print_stats(const struct fuzz_shared *shared)
{
	int i;

	printf("# ops run, ok/failed:");
	for (i = 0; i < fuzz_op_count(); i++)
		printf("%s %s %ld/%ld", i ? "," : "", fuzz_op_name(i),
		       atomic_load(&shared->ok[i]),
		       atomic_load(&shared->err[i]));
	printf("\n");
}

int main(int argc, char **argv)
{
	struct fuzz_config cfg;
	struct fuzz_shared *shared;
	struct census base, after;
	char base_text[256], after_text[256];
	const char *report, *broken;
	int kmsg, fds, later;
	int64_t started;
	double busy, wall;
	bool hung, settled;
	pid_t helper;

	if (argc > 1 && !strcmp(argv[1], "exec-child"))
		return 0;
	read_config(&cfg);
	setvbuf(stdout, NULL, _IOLBF, 0);
	tap_plan(5);
	tap_diag(
		"seed %llu, %ld ops, %d s at most, %d processes x %d threads%s%s",
		(unsigned long long)cfg.seed, cfg.ops, cfg.secs, cfg.procs,
		cfg.threads, cfg.keep ? ", keep " : "",
		cfg.keep ? cfg.keep : "");
	shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (cfg.baseline && census_parse(&base, cfg.baseline)) {
		printf("Bail out! fuzz_baseline=%s: want %d counts ROOT+NOBODY, comma-separated\n",
		       cfg.baseline, NS_TYPES);
		return 2;
	}
	if (shared == MAP_FAILED || (!cfg.baseline && census_baseline(&base)) ||
	    census_set_limits(NS_HEADROOM, &base) || (kmsg = kmsg_open()) < 0) {
		tap_bail_out("setting up the run");
	}
	census_text(&base, base_text, sizeof(base_text));
	tap_diag("live namespaces (root+uid %d) before: %s", UNPRIVILEGED_UID,
		 base_text);
	fds = census_fds();

	busy = cpu_busy_seconds();
	started = now_ns();
	shared->deadline_ns = started + cfg.secs * 1000000000LL;
	helper = start_run(&cfg, shared, argv[0]);
	report = watch_run(shared, helper, kmsg, &hung);
	if (hung)
		fuzz_fail(shared, -1,
			  "the run did not end %d s after its deadline",
			  STOP_GRACE_S);
	tap_ok(!atomic_load(&shared->failed),
	       "%ld ops in %.1f s, every op's checks held",
	       atomic_load(&shared->ops_run), (now_ns() - started) / 1e9);
	if (atomic_load(&shared->failed))
		tap_diag("failed at op %ld: %s", atomic_load(&shared->fail_op),
			 shared->failure);
	tap_diag("up to op %ld", atomic_load(&shared->last_op));
	print_stats(shared);
	/* How parallel the run was: the workers are processes, so on an SMP
	 * kernel they are in the kernel on every CPU at once. */
	wall = (now_ns() - started) / 1e9;
	busy = cpu_busy_seconds() - busy;
	tap_diag(
		"%ld CPU%s online; busy %.1f CPU-s in %.1f s: %.2f CPUs at once on average",
		sysconf(_SC_NPROCESSORS_ONLN),
		sysconf(_SC_NPROCESSORS_ONLN) == 1 ? "" : "s", busy, wall,
		busy / wall);

	settled = !census_restore_limits() &&
		  census_settle(&base, &after, SETTLE_S);
	census_text(&after, after_text, sizeof(after_text));
	if (!report)
		report = kmsg_report(kmsg);
	tap_ok(!report, "no kernel report in the log");
	if (report)
		tap_diag("the kernel reported: %s", report);
	tap_ok(settled,
	       "live namespaces back to the baseline (or below) within %d s",
	       SETTLE_S);
	if (!settled)
		tap_diag("before: %s\n# after:  %s", base_text, after_text);
	later = census_fds();
	tap_ok(later == fds, "no fd left open (%d before, %d after)", fds,
	       later);
	broken = still_works();
	tap_ok(!broken,
	       "nsfd, a bind mount, open() and nsfd_setns() work after the run");
	if (broken)
		tap_diag("%s: %s", broken, strerror(errno));
	if (tap_tests_failed())
		tap_diag(
			"replay: fuzz_seed=%llu fuzz_ops=%ld fuzz_procs=%d fuzz_threads=%d%s%s",
			(unsigned long long)cfg.seed, cfg.ops, cfg.procs,
			cfg.threads, cfg.keep ? " fuzz_keep=" : "",
			cfg.keep ? cfg.keep : "");
	return tap_tests_failed() ? 1 : 0;
}
