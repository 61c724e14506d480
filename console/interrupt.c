// SPDX-License-Identifier: GPL-2.0
/*
 * The SIGINT policy of a session, laction()/lstop() of lua.c (5.4) in
 * kernel style.  SIGINT stays caught for the whole session: a first ^C
 * interrupts the running chunk, and a second must not kill the session
 * (that would power the machine off), so the handler is never reset.  A
 * binding that blocks waits in interrupt_poll(), where a ^C ends the wait.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <time.h>

#include <lauxlib.h>

#include "interrupt.h"

/* The state a ^C should interrupt: set only while a chunk runs. */
static lua_State *interruptible_L;
/* A ^C arrived and the chunk has not stopped yet. */
static volatile sig_atomic_t interrupt_pending;

static void stop_running_chunk(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	interrupt_pending = 0;
	lua_sethook(L, NULL, 0, 0);
	luaL_error(L, "interrupted!");
}

/* Only arm a hook: never touch the state itself from a signal handler. */
static void on_sigint(int sig)
{
	lua_State *L = interruptible_L;

	(void)sig;
	if (!L)
		return;
	interrupt_pending = 1;
	lua_sethook(L, stop_running_chunk,
		    LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT,
		    1);
}

/*
 * A binding that restarts a system call after EINTR asks this first: the
 * hook can only stop the chunk once the binding returns to Lua.
 */
bool interrupt_requested(void)
{
	return interrupt_pending;
}

/* sigprocmask(@how) of SIGINT alone; the mask before goes to @old. */
static void mask_sigint(int how, sigset_t *old)
{
	sigset_t sigint;

	sigemptyset(&sigint);
	sigaddset(&sigint, SIGINT);
	sigprocmask(how, &sigint, old);
}

/* a - b, for times a bit apart: nanoseconds stay in range. */
static struct timespec timespec_sub(struct timespec a, struct timespec b)
{
	a.tv_sec -= b.tv_sec;
	a.tv_nsec -= b.tv_nsec;
	if (a.tv_nsec < 0) {
		a.tv_sec--;
		a.tv_nsec += 1000000000L;
	}
	return a;
}

/*
 * Wait until one of the @n fds has one of its events (its revents say
 * which), or the timeout (if not NULL) ends: 0.  A ^C for the running
 * chunk ends the wait: -1 with errno EINTR; so does a failing ppoll(),
 * with its errno.  SIGINT is blocked except inside ppoll(), so a ^C that
 * lands just before the wait starts is not waited through.
 */
int interrupt_ppoll(struct pollfd *fds, nfds_t n,
		    const struct timespec *timeout)
{
	struct timespec start, now, left;
	sigset_t old, unblocked;
	int ready, err = 0;

	mask_sigint(SIG_BLOCK, &old);
	unblocked = old;
	sigdelset(&unblocked, SIGINT);
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		if (interrupt_pending) {
			err = EINTR;
			break;
		}
		if (timeout) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			left = timespec_sub(*timeout, timespec_sub(now, start));
			if (left.tv_sec < 0)
				break;
		}
		ready = ppoll(fds, n, timeout ? &left : NULL, &unblocked);
		if (ready >= 0)
			break;
		if (errno != EINTR) {
			err = errno;
			break;
		}
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = err;
	return err ? -1 : 0;
}

/* interrupt_ppoll() of one fd, or of none (-1): a pause. */
int interrupt_poll(int fd, short events, const struct timespec *timeout)
{
	struct pollfd pfd = { .fd = fd, .events = events };

	return interrupt_ppoll(&pfd, fd >= 0, timeout);
}

void interrupt_catch(void)
{
	struct sigaction sa = { .sa_handler = on_sigint };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
}

/* From now on a ^C stops the Lua that runs in @L. */
void interrupt_arm(lua_State *L)
{
	mask_sigint(SIG_BLOCK, NULL);
	interrupt_pending = 0;
	interruptible_L = L;
	/* A ^C that came while the chunk was being read is the chunk's. */
	mask_sigint(SIG_UNBLOCK, NULL);
}

/* @L has stopped running: a ^C that lands now must not stop what runs next. */
void interrupt_disarm(lua_State *L)
{
	mask_sigint(SIG_BLOCK, NULL);
	interruptible_L = NULL;
	interrupt_pending = 0;
	lua_sethook(L, NULL, 0, 0);
	mask_sigint(SIG_UNBLOCK, NULL);
}
