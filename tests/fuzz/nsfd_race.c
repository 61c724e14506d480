// SPDX-License-Identifier: GPL-2.0
/*
 * nsfd_race: the nsfd paths raced by two processes at the same moment, each
 * on its own CPU where the kernel has two (the debug kernel: UML SMP), with
 * TAP on stdout, a test per race:
 *
 *   ./linux quiet seccomp=on ncpus=2 run=$PWD/build/tests-7.3/nsfd_race race_rounds=1000
 *
 * Each race runs race_rounds rounds (100).  In a round the two sides meet at
 * a spin barrier in shared memory, each makes its call, and they meet
 * again.  A test asserts what every interleaving must give: each call
 * succeeds or fails with its one documented errno, and at the end every
 * namespace the races made is freed and no fd is left.  How many rounds
 * the two calls really overlapped in time is a figure printed beside it:
 * on one CPU they overlap only when preemption splits a call.  The sides
 * are processes, not threads: UML runs the threads of one process on one
 * host stub, so only processes are in user mode on two CPUs at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/nsfd.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuzz.h"
#include "tap.h"

#define ROUNDS_DEFAULT 100
/* Then yield: on one CPU the other side must get to run. */
#define SPINS_BEFORE_YIELD 1000
#define MEET_TIMEOUT_NS (30 * 1000000000LL)
#define SETTLE_S 30
#define NAME "/run/nsfd-race" /* where race 3 binds and unmounts */

/* Between the two sides of a race: an anonymous shared mapping. */
struct race {
	atomic_int arrived[2]; /* the last step each side reached */
	int64_t begin[2], end[2]; /* each side's call, timed */
	int overlaps; /* rounds whose two calls overlapped (side 0 counts) */
	pid_t task; /* race 2: the task side 1 makes and kills */
	int fd; /* race 4: the fd side 0 enters and side 1 closes */
	int nstype; /* this round's type, for side 1 */
	atomic_int failed;
	char why[256];
};

/* What one side keeps from its prepare() to its act() and finish(). */
struct side {
	int fd;
	const struct ns_type *type;
};

struct race_ops {
	const char *name;
	int clone_flags; /* with which side 0 makes side 1 */
	void (*prepare)(struct race *r, struct side *s, int side, int round,
			int sock);
	void (*act)(struct race *r, struct side *s, int side);
	void (*finish)(struct race *r, struct side *s, int side);
	void (*cleanup)(struct race *r, struct side *s, int side);
};

static void fail(struct race *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void fail(struct race *r, const char *fmt, ...)
{
	int expected = 0;
	va_list ap;

	if (!atomic_compare_exchange_strong(&r->failed, &expected, 1))
		return;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
}

/* Wait for the other side to reach @step; false if the race failed. */
static bool meet(struct race *r, int side, int step)
{
	int64_t deadline = now_ns() + MEET_TIMEOUT_NS;
	long spins = 0;

	atomic_store(&r->arrived[side], step);
	while (atomic_load(&r->arrived[!side]) < step) {
		if (atomic_load(&r->failed))
			return false;
		if (++spins % SPINS_BEFORE_YIELD)
			continue;
		sched_yield();
		if (now_ns() > deadline) {
			fail(r, "side %d waited 30 s for the other at step %d",
			     side, step);
			return false;
		}
	}
	return !atomic_load(&r->failed);
}

/* The types a race cycles through: all but pid (made for the children). */
static const struct ns_type *type_of_round(int round)
{
	static const char *const names[] = { "net", "uts",  "ipc",
					     "mnt", "user", "cgroup" };
	const char *name = names[round % (sizeof(names) / sizeof(names[0]))];

	for (int t = 0; t < NS_TYPES; t++)
		if (!strcmp(ns_types[t].name, name))
			return &ns_types[t];
	return &ns_types[0];
}

/*
 * Two nsfd files (two inodes) of a new namespace of @type whose creator
 * has exited: the only two things that hold it.
 */
static int lone_pair(const struct ns_type *type, int fds[2])
{
	int sv[2], status;
	pid_t helper;

	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv))
		return -1;
	helper = fork();
	if (helper == 0) {
		bool sent = !unshare(type->clone_flag) &&
			    !send_fd(sv[0], nsfd(0, type->nstype)) &&
			    !send_fd(sv[0], nsfd(0, type->nstype));

		_exit(sent ? 0 : 1);
	}
	fds[0] = fds[1] = -1;
	if (helper > 0 && waitpid(helper, &status, 0) == helper &&
	    status == 0) {
		fds[0] = recv_fd(sv[1]);
		fds[1] = recv_fd(sv[1]);
	}
	close(sv[0]);
	close(sv[1]);
	return fds[0] >= 0 && fds[1] >= 0 ? 0 : -1;
}

/* Race 1: the last close of a namespace's only two nsfd files, at once. */
static void close_prepare(struct race *r, struct side *s, int side, int round,
			  int sock)
{
	int fds[2];

	if (side == 1) {
		struct pollfd in = { .fd = sock, .events = POLLIN };
		int ms = MEET_TIMEOUT_NS / 1000000;

		/* recv_fd() does not wait; the other side may still be making it. */
		s->fd = poll(&in, 1, ms) == 1 ? recv_fd(sock) : -1;
		if (s->fd < 0)
			fail(r, "side 1 received no nsfd fd");
		return;
	}
	if (lone_pair(type_of_round(round), fds) || send_fd(sock, fds[1])) {
		fail(r, "a namespace with two nsfd files: %s", strerror(errno));
		shutdown(sock, SHUT_RDWR);
		s->fd = fds[0];
		close(fds[1]);
		return;
	}
	close(fds[1]);
	s->fd = fds[0];
}

static void close_act(struct race *r, struct side *s, int side)
{
	if (close(s->fd))
		fail(r, "side %d: close of an nsfd fd: %s", side,
		     strerror(errno));
}

/* Race 2: nsfd() of a task that is exiting on the other CPU. */
static void exiting_prepare(struct race *r, struct side *s, int side, int round,
			    int sock)
{
	int ready[2];
	pid_t task;
	char c;

	(void)sock;
	s->type = round % 2 ? type_of_round(0) :
			      type_of_round(1); /* net, uts */
	if (side == 0)
		return;
	if (pipe(ready)) {
		fail(r, "pipe: %s", strerror(errno));
		return;
	}
	/* The shared r->task is the parent's to write (a fork writes it too). */
	task = fork();
	if (task == 0) {
		close(ready[0]);
		if (unshare(s->type->clone_flag) ||
		    write(ready[1], "r", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(ready[1]);
	r->task = task;
	if (task < 0 || read(ready[0], &c, 1) != 1)
		fail(r, "a task in a new %s namespace did not start",
		     s->type->name);
	close(ready[0]);
}

static void exiting_act(struct race *r, struct side *s, int side)
{
	if (side == 1) {
		if (r->task > 0)
			kill(r->task, SIGKILL);
		return;
	}
	s->fd = r->task > 0 ? nsfd(r->task, s->type->nstype) : -1;
	if (s->fd < 0 && errno != ESRCH)
		fail(r, "nsfd() of an exiting task: %s, not a fd or ESRCH",
		     strerror(errno));
}

static void exiting_finish(struct race *r, struct side *s, int side)
{
	struct statfs fs;

	if (side == 1) {
		if (r->task > 0)
			waitpid(r->task, NULL, 0);
		return;
	}
	if (s->fd < 0)
		return;
	if (fstatfs(s->fd, &fs) || fs.f_type != NSFD_FS_MAGIC)
		fail(r,
		     "nsfd() of an exiting task gave a fd that is no nsfd file");
	close(s->fd);
}

/* Race 3: a bind of an nsfd name while the other CPU unmounts it. */
static void bind_prepare(struct race *r, struct side *s, int side, int round,
			 int sock)
{
	int fds[2];

	(void)sock;
	if (side == 1 || round > 0)
		return;
	if (lone_pair(type_of_round(0), fds)) {
		fail(r, "a netns with two nsfd files: %s", strerror(errno));
		return;
	}
	close(fds[1]);
	s->fd = fds[0];
}

static void bind_act(struct race *r, struct side *s, int side)
{
	char source[64];

	if (side == 1) {
		if (umount2(NAME, MNT_DETACH) && errno != EINVAL)
			fail(r, "umount of the name: %s, not ok or EINVAL",
			     strerror(errno));
		return;
	}
	/*
	 * With two CPUs the umount can come first and the binds stack; then
	 * the target is the top bind, and if that one is unmounted between
	 * the lookup and the lock, mainline's do_lock_mount() says ENOENT,
	 * for any filesystem's mount.
	 */
	snprintf(source, sizeof(source), "/proc/self/fd/%d", s->fd);
	if (mount(source, NAME, NULL, MS_BIND, NULL) && errno != ENOENT)
		fail(r, "bind of an nsfd fd: %s, not ok or ENOENT",
		     strerror(errno));
}

static void bind_cleanup(struct race *r, struct side *s, int side)
{
	(void)r;
	if (side == 1)
		return;
	while (!umount2(NAME, MNT_DETACH))
		;
	close(s->fd);
}

/* Race 4: nsfd_setns() while the other CPU closes the fd (one fd table). */
static void setns_prepare(struct race *r, struct side *s, int side, int round,
			  int sock)
{
	int fds[2];

	(void)sock;
	if (side == 1)
		return;
	s->type = round % 2 ? type_of_round(0) :
			      type_of_round(1); /* net, uts */
	if (lone_pair(s->type, fds)) {
		fail(r, "a namespace with two nsfd files: %s", strerror(errno));
		return;
	}
	close(fds[1]);
	r->fd = fds[0];
	r->nstype = s->type->nstype;
}

static void setns_act(struct race *r, struct side *s, int side)
{
	(void)s;
	if (side == 1) {
		if (close(r->fd))
			fail(r, "close of the shared fd: %s", strerror(errno));
		return;
	}
	if (nsfd_setns(r->nstype, r->fd) && errno != EBADF)
		fail(r,
		     "nsfd_setns() of a fd being closed: %s, not ok or EBADF",
		     strerror(errno));
}

static const struct race_ops races[] = {
	{ "the last close of a namespace's only two nsfd files, one on each CPU",
	  0, close_prepare, close_act, NULL, NULL },
	{ "nsfd() of a task exiting on the other CPU (a fd or ESRCH)", 0,
	  exiting_prepare, exiting_act, exiting_finish, NULL },
	{ "a bind of an nsfd name while the other CPU unmounts it (ok or ENOENT)",
	  0, bind_prepare, bind_act, NULL, bind_cleanup },
	{ "nsfd_setns() while the other CPU closes the fd (ok or EBADF)",
	  CLONE_FILES, setns_prepare, setns_act, NULL, NULL },
};

/* Both sides run this, side 0 counting the rounds whose calls overlapped. */
static void run_side(struct race *r, const struct race_ops *ops, int side,
		     int rounds, int sock)
{
	struct side s = { .fd = -1 };

	for (int round = 0; round < rounds && !atomic_load(&r->failed);
	     round++) {
		ops->prepare(r, &s, side, round, sock);
		if (!meet(r, side, 2 * round + 1))
			break;
		r->begin[side] = now_ns();
		ops->act(r, &s, side);
		r->end[side] = now_ns();
		if (!meet(r, side, 2 * round + 2))
			break;
		if (side == 0 && r->begin[0] < r->end[1] &&
		    r->begin[1] < r->end[0])
			r->overlaps++;
		if (ops->finish)
			ops->finish(r, &s, side);
	}
	if (ops->cleanup)
		ops->cleanup(r, &s, side);
}

struct side1_args {
	struct race *r;
	const struct race_ops *ops;
	int rounds, sock;
};

static int side1_main(void *data)
{
	struct side1_args *a = data;

	run_side(a->r, a->ops, 1, a->rounds, a->sock);
	_exit(0);
}

/* Keep task @pid (0: the caller) on CPU @cpu. */
static void pin_to_cpu(pid_t pid, int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(pid, sizeof(set), &set);
}

/*
 * Side 0 in a child of its own (it enters namespaces), which makes side 1
 * with the race's clone flags; each pinned to its CPU.  Returns the race's
 * outcome in the shared @r.
 */
static void run_race(struct race *r, const struct race_ops *ops, int rounds,
		     int cpus)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	pid_t side0;

	memset(r, 0, sizeof(*r));
	side0 = fork();
	if (side0 == 0) {
		struct side1_args a = { r, ops, rounds, -1 };
		int sv[2], status;
		pid_t side1;

		/* A side that fails shuts it: the other's recv_fd() ends. */
		if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
			_exit(1);
		a.sock = sv[1];
		side1 = clone(side1_main, stack + sizeof(stack),
			      ops->clone_flags | SIGCHLD, &a);
		if (side1 < 0) {
			fail(r, "clone: %s", strerror(errno));
			_exit(1);
		}
		pin_to_cpu(0, 0);
		pin_to_cpu(side1, cpus > 1 ? 1 : 0);
		run_side(r, ops, 0, rounds, sv[0]);
		if (waitpid(side1, &status, 0) != side1 || status)
			fail(r, "side 1 ended with status %#x", status);
		_exit(0);
	}
	if (side0 < 0 || waitpid(side0, NULL, 0) != side0)
		fail(r, "side 0 did not run: %s", strerror(errno));
}

int main(void)
{
	const char *text = getenv("race_rounds");
	int rounds = text ? atoi(text) : ROUNDS_DEFAULT;
	int cpus = (int)sysconf(_SC_NPROCESSORS_ONLN), fds;
	struct census base, now;
	struct race *r;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (rounds < 1) {
		printf("Bail out! race_rounds=%s: want a number of rounds, 1 or more\n",
		       text);
		return 2;
	}
	r = mmap(NULL, sizeof(*r), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (r == MAP_FAILED)
		tap_bail_out("mmap");
	if (census_baseline(&base))
		tap_bail_out("the census of live namespaces");
	fds = census_fds();
	close(open(NAME, O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
	tap_plan((int)(sizeof(races) / sizeof(races[0])) + 2);
	tap_diag("%d CPU%s online, %d rounds a race", cpus,
		 cpus == 1 ? "" : "s", rounds);
	for (size_t i = 0; i < sizeof(races) / sizeof(races[0]); i++) {
		int64_t start = now_ns();
		double busy = cpu_busy_seconds(), wall;

		run_race(r, &races[i], rounds, cpus);
		if (!tap_ok(!r->failed, "%s", races[i].name))
			tap_diag("%s", r->why);
		wall = (now_ns() - start) / 1e9;
		tap_diag(
			"the two calls overlapped in %d of %d rounds; %.2f CPUs busy at once in %.1f s",
			r->overlaps, rounds, (cpu_busy_seconds() - busy) / wall,
			wall);
	}
	unlink(NAME);
	if (!tap_ok(census_settle(&base, &now, SETTLE_S),
		    "every namespace the races made is freed")) {
		char text_now[256];

		census_text(&now, text_now, sizeof(text_now));
		tap_diag("alive now: %s", text_now);
	}
	tap_ok(census_fds() == fds, "no fd left open");
	return tap_tests_failed() ? 1 : 0;
}
