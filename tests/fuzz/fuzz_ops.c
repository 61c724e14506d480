// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzz root and its workers.  The root is PID 1 of a new PID namespace
 * with a private mount namespace, so killing it ends every task the run
 * made, and a name it bind mounts never leaks out.  It forks the workers,
 * each a process of several threads that share one table of fd slots.
 *
 * Worker 0 has one thread, so that it can enter mount and user namespaces
 * (setns() refuses those to a task that shares its fs_struct or mm); the
 * others have several.  Op i belongs to thread i % (all threads), and what
 * it does follows from (seed, i) alone: a run with the same seed and ops does the
 * same operations, in an order the scheduler interleaves, and a subset of
 * op indices (keep=) can be replayed to shrink a failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include <linux/nsfd.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuzz.h"

#define SLOTS 16
#define NAMES 12
#define ZOMBIES 8
#define NAME_DIR "/tmp/nsfd-fuzz"

/* One worker process: what its threads share. */
struct worker {
	int index;
	const struct fuzz_config *cfg;
	struct fuzz_shared *shared;
	const uint8_t *keep;
	const char *self;
	int sockets[FUZZ_MAX_PROCS][2]; /* [p][0] sends to worker p's [p][1] */
	atomic_int slots[SLOTS]; /* an fd, or -1; each fd in one slot */
	atomic_int slot_types[SLOTS]; /* the ns_types index it was made for */
	atomic_int zombies[ZOMBIES]; /* children not reaped yet, or gone */
	atomic_uint zombie_next;
};

/* One op being run: its random stream and a line for the trace. */
struct op {
	long index;
	uint64_t state;
	struct worker *w;
	char trace[256];
	size_t len;
};

static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned int pick(struct op *op, unsigned int n)
{
	return splitmix64(&op->state) % n;
}

static void note(struct op *op, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note(struct op *op, const char *fmt, ...)
{
	va_list ap;

	if (op->len >= sizeof(op->trace))
		return;
	va_start(ap, fmt);
	op->len += vsnprintf(op->trace + op->len, sizeof(op->trace) - op->len,
			     fmt, ap);
	va_end(ap);
}

/* A call's result for the trace, errno by name: "= 5", "= -1 EBADF". */
static long result(struct op *op, long rc)
{
	int saved = errno;

	if (rc >= 0)
		note(op, " = %ld", rc);
	else
		note(op, " = -1 %s", strerrorname_np(saved) ?: "?");
	errno = saved;
	return rc;
}

/* ---- slots: an fd is owned by one slot, or by the op that took it ---- */

/* @type (or NULL): which namespace type the fd was made for, -1 if unknown. */
static int slot_peek(struct op *op, int *type)
{
	unsigned int s = pick(op, SLOTS);
	int fd = atomic_load(&op->w->slots[s]);

	if (type)
		*type = atomic_load(&op->w->slot_types[s]);
	note(op, " slot%u(fd %d)", s, fd);
	return fd;
}

static int slot_take(struct op *op, int *type)
{
	unsigned int s = pick(op, SLOTS);

	if (type)
		*type = atomic_load(&op->w->slot_types[s]);
	note(op, " take slot%u", s);
	return atomic_exchange(&op->w->slots[s], -1);
}

static void slot_put(struct op *op, int fd, int type)
{
	unsigned int s = pick(op, SLOTS);
	int old;

	if (fd < 0)
		return;
	atomic_store(&op->w->slot_types[s], type);
	old = atomic_exchange(&op->w->slots[s], fd);
	note(op, " -> slot%u", s);
	if (old >= 0)
		close(old);
}

static const struct ns_type *pick_type(struct op *op)
{
	const struct ns_type *t = &ns_types[pick(op, NS_TYPES)];

	note(op, " %s", t->name);
	return t;
}

/* Mostly the type an fd was made for, so that entering it can succeed. */
static const struct ns_type *pick_type_for(struct op *op, int hint)
{
	if (hint < 0 || !pick(op, 4))
		return pick_type(op);
	note(op, " %s", ns_types[hint].name);
	return &ns_types[hint];
}

/* Mostly a real type; sometimes one nsfd() must refuse. */
static unsigned long pick_nstype(struct op *op, const struct ns_type **type)
{
	static const unsigned long bad[] = { NS_TYPES, 7777, ~0UL,
					     (unsigned long)INT_MIN };

	unsigned long nstype;

	*type = NULL;
	if (pick(op, 16)) {
		*type = pick_type(op);
		return (*type)->nstype;
	}
	nstype = bad[pick(op, 4)];
	note(op, " nstype %#lx", nstype);
	return nstype;
}

static pid_t pick_pid(struct op *op)
{
	struct worker *w = op->w;
	pid_t pid;

	switch (pick(op, 8)) {
	case 0:
		pid = 0;
		break;
	case 1:
		pid = gettid();
		break;
	case 2:
	case 3:
		pid = w->shared->worker_pids[pick(op, w->cfg->procs)];
		break;
	case 4:
	case 5:
		pid = atomic_load(&w->zombies[pick(op, ZOMBIES)]);
		break;
	case 6:
		pid = 1 + pick(op, 400); /* live, reaped or reused */
		break;
	default:
		pid = (pid_t[]){ -1, INT_MAX, 1 }[pick(op, 3)];
	}
	note(op, " pid %d", pid);
	return pid;
}

static const char *pick_name(struct op *op, char *path, size_t size)
{
	snprintf(path, size, NAME_DIR "/n%u", pick(op, NAMES));
	note(op, " %s", path);
	return path;
}

static void fail(struct op *op, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail(struct op *op, const char *fmt, ...)
{
	char text[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	fuzz_fail(op->w->shared, op->index, "op %ld (%s): %s", op->index,
		  op->trace, text);
}

/* ---- checks an op makes on what it got ------------------------------- */

/* An nsfd file of @type names the namespace @current shows now. */
static void check_names_current(struct op *op, int fd, const char *current)
{
	char path[64];
	struct statfs sfs;
	struct stat file, ns;

	snprintf(path, sizeof(path), "/proc/thread-self/ns/%s", current);
	if (fstatfs(fd, &sfs) || fstat(fd, &file) || stat(path, &ns))
		fail(op, "fstatfs/fstat/stat %s: %s", path, strerror(errno));
	else if (sfs.f_type != NSFD_FS_MAGIC)
		fail(op, "fd %d is not an nsfd file (f_type %#lx)", fd,
		     (unsigned long)sfs.f_type);
	else if (file.st_ino != ns.st_ino)
		fail(op, "fd %d names namespace %lu, %s is %lu", fd,
		     (unsigned long)file.st_ino, path,
		     (unsigned long)ns.st_ino);
}

static void expect_errno(struct op *op, const char *call, const int *allowed)
{
	int e = errno;

	for (; *allowed; allowed++)
		if (*allowed == e)
			return;
	fail(op, "%s: unexpected %s", call, strerrorname_np(e) ?: "errno");
}

/* ---- the operations ------------------------------------------------- */

static void op_nsfd(struct op *op)
{
	const struct ns_type *type;
	unsigned long nstype = pick_nstype(op, &type);
	pid_t pid = pick_pid(op);
	int fd;

	note(op, " nsfd");
	fd = result(op, nsfd(pid, nstype));
	if (fd >= 0 && !type)
		fail(op, "nsfd() took an unknown type");
	if (fd >= 0 && pid == 0)
		check_names_current(op, fd, type->name);
	if (fd < 0 && !type && errno != EINVAL)
		fail(op, "nsfd() of an unknown type: %s, not EINVAL",
		     strerrorname_np(errno));
	if (fd < 0 && type && pid == 0)
		expect_errno(op, "nsfd(0)", (const int[]){ ENOMEM, 0 });
	if (fd < 0 && type && pid != 0)
		expect_errno(op, "nsfd(pid)",
			     (const int[]){ ESRCH, EPERM, ENOMEM, 0 });
	slot_put(op, fd, type ? type - ns_types : -1);
}

static void op_open_proc_ns(struct op *op)
{
	const struct ns_type *type = pick_type(op);
	pid_t pid = pick_pid(op);
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/ns/%s", pid ? pid : getpid(),
		 type->name);
	note(op, " open");
	slot_put(op, result(op, open(path, O_RDONLY | O_CLOEXEC)),
		 type - ns_types);
}

/* Worker 0 runs one thread when there are others (it enters mnt and user). */
static int threads_of(const struct fuzz_config *cfg, int worker)
{
	return worker == 0 && cfg->procs > 1 ? 1 : cfg->threads;
}

/*
 * Worker 0 enters mount and user namespaces; the others must keep the
 * privilege binds and nsfd_setns() need, and setns() refuses both to a
 * process of several threads (EINVAL).  A worker of one thread but the
 * first (THREADS=1, for two CPUs: UML runs one thread of a process at a
 * time) is refused the same way here, for an entry that may land in
 * either: as the fd's type says (@hint, -1 if unknown), or the type asked
 * for (@type, NULL for whatever the fd is).
 */
static bool keeps_its_namespaces(struct op *op, int hint,
				 const struct ns_type *type)
{
	const int moving = CLONE_NEWNS | CLONE_NEWUSER;
	const struct worker *w = op->w;

	if (w->index == 0 || threads_of(w->cfg, w->index) > 1)
		return false;
	if (hint >= 0 && !(ns_types[hint].clone_flag & moving) &&
	    !(type && type->clone_flag & moving))
		return false;
	note(op, " = -1 EINVAL (kept out, as a process of two threads)");
	errno = EINVAL;
	return true;
}

/* Race a slot's fd against the other threads' closes and dup3s. */
static void op_nsfd_setns_racing(struct op *op)
{
	const struct ns_type *type;
	int hint, fd = slot_peek(op, &hint);
	unsigned long nstype = pick(op, 2) ?
				       pick_nstype(op, &type) :
				       (type = pick_type_for(op, hint))->nstype;

	note(op, " nsfd_setns");
	if (keeps_its_namespaces(op, hint, type))
		return;
	if (result(op, nsfd_setns(nstype, fd)) == 0 && !type)
		fail(op, "nsfd_setns() took an unknown type");
}

/* Own the fd, so that success can be checked against /proc. */
static void op_nsfd_setns_checked(struct op *op)
{
	int hint, fd = slot_take(op, &hint);
	const struct ns_type *type = pick_type_for(op, hint);

	note(op, " nsfd_setns");
	if (keeps_its_namespaces(op, hint, type))
		goto out;
	if (result(op, nsfd_setns(type->nstype, fd)) == 0)
		check_names_current(op, fd, type->setns_entry);
	else if (fd >= 0)
		expect_errno(op, "nsfd_setns",
			     (const int[]){ EINVAL, EPERM, EBADF, ENOMEM,
					    EUSERS, ENOSPC, 0 });
out:
	slot_put(op, fd, hint);
}

static void op_setns(struct op *op)
{
	int hint, fd = slot_peek(op, &hint);
	const struct ns_type *type = pick(op, 2) ? NULL :
						   pick_type_for(op, hint);
	int flags = type ? type->clone_flag : 0;

	note(op, " setns(%#x)", flags);
	if (!keeps_its_namespaces(op, hint, type))
		result(op, setns(fd, flags));
}

static void op_close(struct op *op)
{
	int fd = slot_take(op, NULL);

	note(op, " close");
	if (fd >= 0)
		result(op, close(fd));
}

static void op_dup(struct op *op)
{
	int hint, fd = slot_peek(op, &hint);

	note(op, " dup");
	slot_put(op,
		 result(op,
			fcntl(fd, pick(op, 2) ? F_DUPFD_CLOEXEC : F_DUPFD, 0)),
		 hint);
}

/* dup3() onto another slot's fd: that slot now holds another file. */
static void op_dup3(struct op *op)
{
	int from = slot_peek(op, NULL), to = slot_peek(op, NULL);

	note(op, " dup3");
	if (to >= 0)
		result(op, dup3(from, to, pick(op, 2) ? O_CLOEXEC : 0));
}

/*
 * Keep the newest ZOMBIES children to name, and reap the one this pushes
 * out (unless a reap op took it first): every child exits at once, and a
 * child nobody reaps is a task the kernel keeps to the end of the run.
 * Left to the reap op alone, zombies grew by thousands a minute, and the
 * run slowed with them.
 */
static void remember_zombie(struct op *op, pid_t pid)
{
	unsigned int i = atomic_fetch_add(&op->w->zombie_next, 1) % ZOMBIES;
	pid_t old = atomic_exchange(&op->w->zombies[i], pid);
	int saved = errno; /* the op's own result */

	if (old > 0)
		while (waitpid(old, NULL, 0) < 0 && errno == EINTR)
			;
	errno = saved;
}

/* A child that is gone at once: a zombie (or exiting) task to name. */
static void op_fork_exit(struct op *op)
{
	pid_t pid;

	note(op, " fork+exit");
	pid = result(op, fork());
	if (pid == 0)
		_exit(0);
	if (pid > 0)
		remember_zombie(op, pid);
}

static void op_reap(struct op *op)
{
	note(op, " waitpid");
	result(op, waitpid(-1, NULL, WNOHANG));
}

/* exec drops the O_CLOEXEC fds and keeps the others: exec's own paths. */
static void op_exec(struct op *op)
{
	pid_t pid;

	note(op, " fork+exec");
	pid = result(op, fork());
	if (pid == 0) {
		execl(op->w->self, op->w->self, "exec-child", (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		remember_zombie(op, pid);
}

static void op_send(struct op *op)
{
	unsigned int to = pick(op, op->w->cfg->procs);
	int fd = slot_peek(op, NULL);

	note(op, " send to worker %u", to);
	send_fd(op->w->sockets[to][0], fd);
}

static void op_recv(struct op *op)
{
	note(op, " recv");
	slot_put(op, result(op, recv_fd(op->w->sockets[op->w->index][1])), -1);
}

/* A child in new namespaces: it names one, passes it on, and is gone. */
static void op_child_in_new_ns(struct op *op)
{
	static const int choices[] = { CLONE_NEWNET, CLONE_NEWUTS,
				       CLONE_NEWIPC, CLONE_NEWNS,
				       CLONE_NEWPID, CLONE_NEWCGROUP };
	int flags = 0, i;
	unsigned int to = pick(op, op->w->cfg->procs);
	const struct ns_type *type = pick_type(op);
	char path[64];
	pid_t pid;

	for (i = 0; i < 6; i++)
		if (pick(op, 3) == 0)
			flags |= choices[i];
	pick_name(op, path, sizeof(path));
	note(op, " fork+unshare(%#x) nsfd send", flags);
	pid = result(op, fork());
	if (pid == 0) {
		int fd;

		if (unshare(flags))
			_exit(0);
		fd = nsfd(0, type->nstype);
		if (fd >= 0) {
			char source[64];

			send_fd(op->w->sockets[to][0], fd);
			/* From a copied mount table, it propagates back. */
			snprintf(source, sizeof(source), "/proc/self/fd/%d",
				 fd);
			mount(source, path, NULL, MS_BIND, NULL);
		}
		_exit(0);
	}
	if (pid > 0)
		remember_zombie(op, pid);
}

static void op_bind(struct op *op)
{
	char source[64], target[64];
	int fd = slot_peek(op, NULL);

	if (pick(op, 4))
		snprintf(source, sizeof(source), "/proc/self/fd/%d", fd);
	else
		snprintf(source, sizeof(source), "/proc/thread-self/ns/%s",
			 pick_type(op)->name);
	pick_name(op, target, sizeof(target));
	note(op, " bind %s", source);
	if (result(op, mount(source, target, NULL, MS_BIND, NULL)) < 0)
		expect_errno(op, "bind mount",
			     (const int[]){ ENOENT, EINVAL, ENOTDIR, EBADF,
					    ELOOP, ENOMEM, EACCES, ENOSPC,
					    EPERM, 0 });
}

/*
 * Binds stack on a name and one umount takes one layer off: with only
 * that, a name's stack grows without bound (over 1,000 mounts within
 * 12,000 ops, each mount op and mount namespace copy slower for it, and
 * ENOSPC at fs.mount-max in a long run).  One umount in four takes the
 * whole stack, as umount does until EINVAL.
 */
static void op_umount(struct op *op)
{
	char target[64];
	int flags = pick(op, 2) ? MNT_DETACH : 0;
	bool every_layer = !pick(op, 4);

	pick_name(op, target, sizeof(target));
	note(op, " umount2(%d)%s", flags, every_layer ? " every layer" : "");
	do {
		if (result(op, umount2(target, flags)) < 0) {
			expect_errno(op, "umount",
				     (const int[]){ EINVAL, EBUSY, EPERM, 0 });
			return;
		}
	} while (every_layer);
}

static void op_open_name(struct op *op)
{
	char path[64];

	pick_name(op, path, sizeof(path));
	note(op, " open");
	slot_put(op,
		 result(op,
			open(path, O_RDONLY | (pick(op, 2) ? O_CLOEXEC : 0))),
		 -1);
}

/* open_tree(OPEN_TREE_CLONE) of a name: a detached copy, moved or dropped. */
static void op_open_tree(struct op *op)
{
	char from[64], to[64];
	int tree;

	pick_name(op, from, sizeof(from));
	pick_name(op, to, sizeof(to));
	note(op, " open_tree");
	tree = result(op, syscall(SYS_open_tree, AT_FDCWD, from,
				  OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC));
	if (tree < 0)
		return;
	if (pick(op, 2)) {
		note(op, " move_mount");
		result(op, syscall(SYS_move_mount, tree, "", AT_FDCWD, to,
				   MOVE_MOUNT_F_EMPTY_PATH));
	}
	close(tree);
}

/* A child in its own mount namespace: copy, change, propagate, leave. */
static void op_mnt_child(struct op *op)
{
	char path[64];
	int fd = slot_peek(op, NULL);
	pid_t pid;

	pick_name(op, path, sizeof(path));
	note(op, " fork+unshare(NEWNS) bind/umount/nsfd(mnt)");
	pid = result(op, fork());
	if (pid == 0) {
		char source[64];

		if (unshare(CLONE_NEWNS))
			_exit(0);
		snprintf(source, sizeof(source), "/proc/self/fd/%d", fd);
		mount(source, path, NULL, MS_BIND, NULL);
		umount2(path, MNT_DETACH);
		fd = nsfd(0, NSTYPE_MNT);
		snprintf(source, sizeof(source), "/proc/self/fd/%d", fd);
		mount(source, path, NULL, MS_BIND, NULL); /* the loop rule */
		_exit(0);
	}
	if (pid > 0)
		remember_zombie(op, pid);
}

/*
 * A child that gives up root: every RFC call is refused it, then in a user
 * namespace of its own it names that namespace and passes it on.
 */
static void op_unprivileged(struct op *op)
{
	unsigned int to = pick(op, op->w->cfg->procs);
	char path[64];
	int fd = slot_peek(op, NULL);
	pid_t pid;

	pick_name(op, path, sizeof(path));
	note(op, " fork+setuid(%d)+unshare(NEWUSER|NEWNET)", UNPRIVILEGED_UID);
	pid = result(op, fork());
	if (pid == 0) {
		struct statfs sfs;
		int own, named;

		if (setresgid(UNPRIVILEGED_UID, UNPRIVILEGED_UID,
			      UNPRIVILEGED_UID) ||
		    setresuid(UNPRIVILEGED_UID, UNPRIVILEGED_UID,
			      UNPRIVILEGED_UID))
			_exit(0);
		/* The RFC asks for CAP_SYS_ADMIN before anything else. */
		if (nsfd_setns(NSTYPE_NET, fd) == 0 || errno != EPERM)
			fail(op, "nsfd_setns() as uid %d: %s, not EPERM",
			     UNPRIVILEGED_UID, strerrorname_np(errno));
		/* An nsfd file is root's, mode 0600 (an nsfs one is 0444). */
		named = open(path, O_RDONLY);
		if (named >= 0 && fstatfs(named, &sfs) == 0 &&
		    sfs.f_type == NSFD_FS_MAGIC)
			fail(op, "uid %d opened the nsfd file %s",
			     UNPRIVILEGED_UID, path);
		if (unshare(CLONE_NEWUSER | CLONE_NEWNET))
			_exit(0);
		own = nsfd(0, NSTYPE_USER);
		if (own >= 0)
			send_fd(op->w->sockets[to][0], own);
		own = nsfd(0, NSTYPE_NET);
		if (own >= 0 &&
		    (nsfd_setns(NSTYPE_NET, own) == 0 || errno != EPERM))
			fail(op, "nsfd_setns() of its own netns as uid %d: %s",
			     UNPRIVILEGED_UID, strerrorname_np(errno));
		_exit(0);
	}
	if (pid > 0)
		remember_zombie(op, pid);
}

static void op_yield(struct op *op)
{
	note(op, " sched_yield");
	sched_yield();
}

static const struct {
	const char *name;
	void (*run)(struct op *op);
	int weight;
} ops[] = {
	{ "nsfd", op_nsfd, 8 },
	{ "open_proc_ns", op_open_proc_ns, 3 },
	{ "nsfd_setns_racing", op_nsfd_setns_racing, 4 },
	{ "nsfd_setns_checked", op_nsfd_setns_checked, 4 },
	{ "setns", op_setns, 3 },
	{ "close", op_close, 6 },
	{ "dup", op_dup, 3 },
	{ "dup3", op_dup3, 2 },
	{ "fork_exit", op_fork_exit, 2 },
	{ "reap", op_reap, 3 },
	{ "exec", op_exec, 1 },
	{ "send", op_send, 3 },
	{ "recv", op_recv, 3 },
	{ "child_in_new_ns", op_child_in_new_ns, 2 },
	{ "bind", op_bind, 6 },
	{ "umount", op_umount, 5 },
	{ "open_name", op_open_name, 4 },
	{ "open_tree", op_open_tree, 2 },
	{ "mnt_child", op_mnt_child, 1 },
	{ "unprivileged", op_unprivileged, 1 },
	{ "yield", op_yield, 1 },
};
#define OPS (int)(sizeof(ops) / sizeof(ops[0]))
_Static_assert(OPS <= FUZZ_MAX_OPS, "struct fuzz_shared counts FUZZ_MAX_OPS");

int fuzz_op_count(void)
{
	return OPS;
}

const char *fuzz_op_name(int i)
{
	return ops[i].name;
}

static int pick_op(struct op *op)
{
	int total = 0, i, r;

	for (i = 0; i < OPS; i++)
		total += ops[i].weight;
	r = pick(op, total);
	for (i = 0; r >= ops[i].weight; i++)
		r -= ops[i].weight;
	return i;
}

static void inject(struct op *op)
{
	const struct fuzz_config *cfg = op->w->cfg;
	struct fuzz_shared *shared = op->w->shared;
	int i, all = (1 << cfg->injects) - 1;

	for (i = 0; i < cfg->injects; i++)
		if (cfg->inject[i] == op->index &&
		    (atomic_fetch_or(&shared->injected, 1 << i) | 1 << i) ==
			    all)
			fail(op, "the failure fuzz_inject= asked for");
}

struct thread_arg {
	struct worker *w;
	int global; /* this thread's index among all the run's threads */
	int local; /* among its worker's */
};

/* The global index of @worker's first thread; of all, the number. */
static int first_thread(const struct fuzz_config *cfg, int worker)
{
	int p, n = 0;

	for (p = 0; p < worker; p++)
		n += threads_of(cfg, p);
	return n;
}

static void *run_thread(void *arg)
{
	struct thread_arg *t = arg;
	struct worker *w = t->w;
	const struct fuzz_config *cfg = w->cfg;
	long stride = first_thread(cfg, cfg->procs), i;
	struct op op = { .w = w };

	for (i = t->global; i < cfg->ops; i += stride) {
		int which;

		if (w->keep && !(w->keep[i / 8] & 1 << (i % 8)))
			continue;
		if (atomic_load(&w->shared->failed) ||
		    atomic_load(&w->shared->stop) ||
		    now_ns() > w->shared->deadline_ns)
			break;
		op.index = i;
		for (long last = atomic_load(&w->shared->last_op);
		     last < i && !atomic_compare_exchange_weak(
					 &w->shared->last_op, &last, i);)
			;
		op.state = cfg->seed ^ (uint64_t)i * 0xd1342543de82ef95ULL;
		op.len = 0;
		op.trace[0] = '\0';
		which = pick_op(&op);
		note(&op, "op %ld w%d.%d %s:", i, w->index, t->local,
		     ops[which].name);
		errno = 0;
		ops[which].run(&op);
		if (errno)
			atomic_fetch_add(&w->shared->err[which], 1);
		else
			atomic_fetch_add(&w->shared->ok[which], 1);
		atomic_fetch_add(&w->shared->ops_run, 1);
		if (cfg->injects)
			inject(&op);
		if (cfg->trace)
			dprintf(STDOUT_FILENO, "# %s\n", op.trace);
	}
	return NULL;
}

static void run_worker(struct worker *w)
{
	struct thread_arg args[FUZZ_MAX_THREADS];
	pthread_t threads[FUZZ_MAX_THREADS];
	int t;

	for (t = 0; t < SLOTS; t++)
		atomic_init(&w->slots[t], -1);
	for (t = 0; t < ZOMBIES; t++)
		atomic_init(&w->zombies[t], -1);
	while (!atomic_load(&w->shared->started))
		sched_yield();
	for (t = 0; t < threads_of(w->cfg, w->index); t++) {
		args[t] = (struct thread_arg){
			w, first_thread(w->cfg, w->index) + t, t
		};
		if (t &&
		    pthread_create(&threads[t], NULL, run_thread, &args[t])) {
			fuzz_fail(w->shared, -1, "pthread_create: %s",
				  strerror(errno));
			_exit(1);
		}
	}
	run_thread(&args[0]);
	for (t = 1; t < threads_of(w->cfg, w->index); t++)
		pthread_join(threads[t], NULL);
	_exit(0);
}

/* The names: one empty file each, on a shared tmpfs so that mounts made
 * in a copied mount namespace propagate back. */
static int make_names(void)
{
	char path[64];
	int i, fd;

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("proc", "/proc", "proc", 0, NULL) ||
	    (mkdir(NAME_DIR, 0755) && errno != EEXIST) ||
	    mount("fuzz", NAME_DIR, "tmpfs", 0, NULL) ||
	    mount(NULL, NAME_DIR, NULL, MS_SHARED, NULL))
		return -1;
	for (i = 0; i < NAMES; i++) {
		snprintf(path, sizeof(path), NAME_DIR "/n%d", i);
		fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
		if (fd < 0)
			return -1;
		close(fd);
	}
	return 0;
}

int fuzz_root(const struct fuzz_config *cfg, struct fuzz_shared *shared,
	      const char *self)
{
	static struct worker w;
	uint8_t *keep = NULL;
	int p;

	if (make_names()) {
		fuzz_fail(shared, -1, "setting up " NAME_DIR ": %s",
			  strerror(errno));
		return 1;
	}
	if (cfg->keep && !fuzz_keep_parse(cfg->keep, cfg->ops, &keep)) {
		fuzz_fail(shared, -1, "keep=%s: want ranges like 3-9,12",
			  cfg->keep);
		return 1;
	}
	w = (struct worker){
		.cfg = cfg, .shared = shared, .keep = keep, .self = self
	};
	for (p = 0; p < cfg->procs; p++)
		if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0,
			       w.sockets[p])) {
			fuzz_fail(shared, -1, "socketpair: %s",
				  strerror(errno));
			return 1;
		}
	for (p = 0; p < cfg->procs; p++) {
		pid_t pid = fork();

		if (pid < 0) {
			fuzz_fail(shared, -1, "fork: %s", strerror(errno));
			return 1;
		}
		if (pid == 0) {
			w.index = p;
			run_worker(&w);
		}
		shared->worker_pids[p] = pid;
	}
	atomic_store(&shared->started, 1);
	/* PID 1 of the namespace: reap the workers and every orphan. */
	while (wait(NULL) > 0 || errno == EINTR)
		;
	return 0;
}

bool fuzz_keep_parse(const char *keep, long ops, uint8_t **bitmap)
{
	const char *s = keep;

	*bitmap = calloc(ops / 8 + 1, 1);
	if (!*bitmap)
		return false;
	while (*s) {
		char *end;
		long from = strtol(s, &end, 10), to = from;

		if (end == s || from < 0)
			return false;
		if (*end == '-')
			to = strtol(end + 1, &end, 10);
		if (to < from || (*end && *end != ','))
			return false;
		for (; from <= to && from < ops; from++)
			(*bitmap)[from / 8] |= 1 << (from % 8);
		s = *end ? end + 1 : end;
	}
	return true;
}
