// SPDX-License-Identifier: GPL-2.0
/*
 * proc.run(): a program in a child, its stdout and stderr kept apart, its
 * stdin a string (or /dev/null), a timeout and a ^C that kill it.  A
 * child that cannot start the program (a step of the host root, or exec)
 * says why on a close-on-exec pipe, as posix_spawn() learns it: a
 * successful exec closes the pipe unwritten.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "host_view.h"
#include "interrupt.h"
#include "run_program.h"

#define READ_SIZE 65536
#define KILLED_GRACE_NS 1000000000LL /* to read what a killed child left */
#define REAP_PAUSE_NS 1000000L

/*
 * What a child that could not start the program sends.  step points at
 * a string literal: the parent, the child's fork, has it at the same
 * address.
 */
struct start_failure {
	int err;
	const char *step;
};

/* @fd as @target, open across exec (dup2() of an fd onto itself keeps
 * its close-on-exec flag). */
static int move_fd(int fd, int target)
{
	if (fd == target)
		return fcntl(fd, F_SETFD, 0);
	return dup2(fd, target) < 0 ? -1 : 0;
}

static noreturn void start_child(const struct run_request *req,
				 const int fds[3], int status)
{
	struct start_failure failure = { .step = "exec" };
	sigset_t none;
	ssize_t sent;
	int i;

	/* The program starts as from a shell: nothing blocked or ignored. */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	for (i = 0; i < 3; i++) {
		if (move_fd(fds[i], i)) {
			failure.step = "its stdin, stdout and stderr";
			goto failed;
		}
	}
	if (req->host_root && host_view_enter(&failure.step))
		goto failed;
	execvp(req->argv[0], req->argv);
failed:
	failure.err = errno;
	/* If this write fails, the parent still sees status 127. */
	sent = write(status, &failure, sizeof(failure));
	(void)sent;
	_exit(127);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Read what is there into @o: 0 at end of file, 1 for more, -1 on error. */
static int read_into(int fd, struct output *o)
{
	ssize_t len;

	if (o->size - o->len < READ_SIZE) {
		char *more = realloc(o->data, o->size + READ_SIZE);

		if (!more)
			return -1;
		o->data = more;
		o->size += READ_SIZE;
	}
	len = read(fd, o->data + o->len, READ_SIZE);
	if (len < 0)
		return errno == EINTR || errno == EAGAIN ? 1 : -1;
	o->len += len;
	return len > 0;
}

/*
 * write(2) to a pipe the child may have closed: EPIPE, and not the
 * SIGPIPE that would end the session (the console keeps its default).
 */
static ssize_t write_no_sigpipe(int fd, const void *buf, size_t len)
{
	const struct timespec no_wait = { 0, 0 };
	sigset_t pipe_only, old;
	ssize_t written;
	int saved;

	sigemptyset(&pipe_only);
	sigaddset(&pipe_only, SIGPIPE);
	sigprocmask(SIG_BLOCK, &pipe_only, &old);
	written = write(fd, buf, len);
	saved = errno;
	if (written < 0 && saved == EPIPE)
		sigtimedwait(&pipe_only, NULL, &no_wait);
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = saved;
	return written;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

enum { STATUS, OUT, ERR, IN, NFDS };

struct child {
	pid_t pid;
	struct pollfd pfd[NFDS]; /* our ends; fd -1 once closed */
	size_t input_sent;
	struct start_failure failure;
	size_t failure_len;
};

/* Our ends of the pipes, and the child's, which it gets as 0, 1, 2. */
static int make_pipes(const struct run_request *req, struct child *c,
		      int theirs[3], int *status_theirs)
{
	int p[2], i;

	for (i = 0; i < NFDS; i++)
		c->pfd[i].fd = -1;
	theirs[0] = theirs[1] = theirs[2] = *status_theirs = -1;
	if (pipe2(p, O_CLOEXEC))
		return -1;
	c->pfd[STATUS] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	*status_theirs = p[1];
	for (i = OUT; i <= ERR; i++) {
		if (pipe2(p, O_CLOEXEC))
			return -1;
		c->pfd[i] = (struct pollfd){ .fd = p[0], .events = POLLIN };
		theirs[i - OUT + 1] = p[1];
	}
	if (!req->input) {
		theirs[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
		return theirs[0] < 0 ? -1 : 0;
	}
	/* Only our end may be non-blocking: pipe2()'s O_NONBLOCK would give
	 * the program a stdin that fails with EAGAIN when it reads first. */
	if (pipe2(p, O_CLOEXEC))
		return -1;
	theirs[0] = p[0];
	c->pfd[IN] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	return fcntl(p[1], F_SETFL, O_NONBLOCK) ? -1 : 0;
}

/* One round of the pipes that are ready; -1 only when out of memory. */
static int serve_pipes(const struct run_request *req, struct child *c,
		       struct run_result *res)
{
	struct output *to[NFDS] = { [OUT] = &res->out, [ERR] = &res->err };
	int i;

	for (i = 0; i < NFDS; i++) {
		struct pollfd *p = &c->pfd[i];
		ssize_t len;
		int more;

		if (p->fd < 0 || !p->revents)
			continue;
		if (i == IN) {
			len = write_no_sigpipe(p->fd,
					       req->input + c->input_sent,
					       req->input_len - c->input_sent);
			if (len > 0)
				c->input_sent += len;
			if ((len < 0 && errno != EAGAIN && errno != EINTR) ||
			    c->input_sent == req->input_len)
				close_fd(&p->fd);
			continue;
		}
		if (i == STATUS) {
			len = read(p->fd, (char *)&c->failure + c->failure_len,
				   sizeof(c->failure) - c->failure_len);
			if (len > 0)
				c->failure_len += len;
			if (len == 0 || c->failure_len == sizeof(c->failure))
				close_fd(&p->fd);
			continue;
		}
		more = read_into(p->fd, to[i]);
		if (more < 0 && errno == ENOMEM)
			return -1;
		if (more <= 0)
			close_fd(&p->fd);
	}
	return 0;
}

static bool reading(const struct child *c)
{
	return c->pfd[STATUS].fd >= 0 || c->pfd[OUT].fd >= 0 ||
	       c->pfd[ERR].fd >= 0;
}

/* Wait for the child to end; a ^C kills it.  0, or -1 with errno. */
static int reap(struct child *c, struct run_result *res, int64_t deadline)
{
	struct timespec pause = { 0, REAP_PAUSE_NS };

	for (;;) {
		pid_t got = waitpid(c->pid, &res->wstatus, WNOHANG);

		if (got == c->pid)
			return 0;
		if (got < 0 && errno != EINTR)
			return -1;
		if (deadline && now_ns() > deadline && !res->timed_out) {
			kill(c->pid, SIGKILL);
			res->timed_out = true;
		}
		if (interrupt_poll(-1, 0, &pause)) {
			kill(c->pid, SIGKILL);
			waitpid(c->pid, &res->wstatus, 0);
			return -1;
		}
	}
}

/* Pipes and child until it ends; -1 with errno on a ^C or no memory. */
static int supervise(const struct run_request *req, struct child *c,
		     struct run_result *res)
{
	int64_t deadline = req->timeout >= 0 ?
				   now_ns() + (int64_t)(req->timeout * 1e9) :
				   0,
		give_up = 0;

	while (reading(c)) {
		int64_t wait_ns = give_up ? give_up : deadline;
		struct timespec left;

		if (wait_ns) {
			wait_ns -= now_ns();
			if (wait_ns < 0)
				wait_ns = 0;
			left.tv_sec = wait_ns / 1000000000LL;
			left.tv_nsec = wait_ns % 1000000000LL;
		}
		if (interrupt_ppoll(c->pfd, NFDS, wait_ns ? &left : NULL) ||
		    serve_pipes(req, c, res))
			goto kill_it;
		if (give_up && now_ns() >= give_up)
			break; /* another process holds its pipes open */
		if (deadline && !give_up && now_ns() >= deadline) {
			kill(c->pid, SIGKILL);
			res->timed_out = true;
			give_up = now_ns() + KILLED_GRACE_NS;
		}
	}
	return reap(c, res, deadline);
kill_it:
	kill(c->pid, SIGKILL);
	waitpid(c->pid, &res->wstatus, 0);
	return -1;
}

int run_program(const struct run_request *req, struct run_result *res)
{
	struct child c = { .pid = -1 };
	int theirs[3], status_theirs, rc = -1, i, saved;

	memset(res, 0, sizeof(*res));
	res->failed_step = "pipe";
	if (make_pipes(req, &c, theirs, &status_theirs))
		goto out;
	res->failed_step = "fork";
	c.pid = fork();
	if (c.pid == 0)
		start_child(req, theirs, status_theirs);
	if (c.pid < 0)
		goto out;
	close_fd(&status_theirs);
	for (i = 0; i < 3; i++)
		close_fd(&theirs[i]);
	rc = supervise(req, &c, res);
	if (rc)
		res->failed_step = errno == EINTR ? "interrupted" :
						    "its output";
	if (rc == 0 && c.failure_len == sizeof(c.failure)) {
		res->failed_step = c.failure.step;
		errno = c.failure.err;
		rc = -1;
	}
out:
	saved = errno;
	close_fd(&status_theirs);
	for (i = 0; i < 3; i++)
		close_fd(&theirs[i]);
	for (i = 0; i < NFDS; i++)
		close_fd(&c.pfd[i].fd);
	errno = saved;
	return rc;
}
