// SPDX-License-Identifier: GPL-2.0
/*
 * Module "proc": processes.  fork() runs a Lua function in the child, whose
 * return value (or error) becomes the child's exit status, so that a
 * child's error never escapes into the parent's flow; wait() has a
 * timeout; identities and credentials can be dropped for EPERM paths.
 */
#include <errno.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>

#include "args.h"
#include "chunk.h"
#include "clone_types.h"
#include "constants.h"
#include "drain.h"
#include "interrupt.h"
#include "modules.h"
#include "names.h"
#include "result.h"
#include "run_program.h"

/* A child's status when its function raised: the console's bail-out. */
#define CHILD_RAISED 2

/* The exit status a child's function asks for by what it returns. */
static int status_of_results(lua_State *L, int nresults)
{
	if (nresults == 0 || lua_isnil(L, -nresults))
		return 0;
	if (lua_isboolean(L, -nresults))
		return lua_toboolean(L, -nresults) ? 0 : 1;
	if (lua_isinteger(L, -nresults))
		return (int)(lua_tointeger(L, -nresults) & 0xff);
	return 0;
}

/*
 * proc.fork(fn, ...) -> pid.  The child runs fn(...) and exits: with the
 * integer fn returns, 0 for nothing or true, 1 for false, 2 if it raised
 * (the error goes to stderr).  The child never returns to the caller.
 */
static noreturn void run_child(lua_State *L, int fn);

static int l_fork(lua_State *L)
{
	pid_t pid;

	luaL_checktype(L, 1, LUA_TFUNCTION);
	fflush(NULL);
	pid = fork();
	if (pid != 0)
		return result_int(L, pid, "fork");
	run_child(L, 1);
}

/*
 * proc.clone(types, fn, ...) -> pid: proc.fork() into new namespaces, as
 * clone(2) makes them: types is a name ("net"), a CLONE_ number, or a
 * table of them.  With "pid" the child is PID 1 of its pid namespace.
 */
static int l_clone(lua_State *L)
{
	int flags;
	pid_t pid;

	luaL_checktype(L, 2, LUA_TFUNCTION);
	flags = clone_types_check_arg(L, 1);
	/* clone(2)'s low byte is the exit signal, where CLONE_NEWTIME sits. */
	luaL_argcheck(L, !(flags & CSIGNAL), 1,
		      "clone(2) can't take \"time\": unshare it in a child");
	fflush(NULL);
	pid = syscall(SYS_clone, (unsigned long)flags | SIGCHLD, 0, NULL, NULL,
		      0);
	if (pid != 0)
		return result_int(L, pid, "clone");
	run_child(L, 2);
}

/* In the child: call the function at @fn with what follows it, then exit. */
static noreturn void run_child(lua_State *L, int fn)
{
	int status;

	lua_rotate(L, 1, -(fn - 1)); /* drop what precedes the function */
	lua_settop(L, lua_gettop(L) - (fn - 1));
	status = chunk_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	if (status != LUA_OK) {
		chunk_report(L, "child");
		status = CHILD_RAISED;
	} else {
		status = status_of_results(L, lua_gettop(L));
	}
	drain_output();
	_exit(status);
}

/* Push pid, "exited"|"killed"|"stopped", code, as luaposix Pwait(). */
static int push_wait_status(lua_State *L, pid_t pid, int wstatus)
{
	lua_pushinteger(L, pid);
	if (WIFEXITED(wstatus)) {
		lua_pushliteral(L, "exited");
		lua_pushinteger(L, WEXITSTATUS(wstatus));
	} else if (WIFSIGNALED(wstatus)) {
		lua_pushliteral(L, "killed");
		lua_pushinteger(L, WTERMSIG(wstatus));
	} else {
		lua_pushliteral(L, "stopped");
		lua_pushinteger(L, WSTOPSIG(wstatus));
	}
	return 3;
}

/*
 * proc.wait([pid [, timeout]]) -> pid, how, code.  pid -1 (the default)
 * is any child; timeout in seconds (default: wait for ever) ends in
 * nil, "ETIMEDOUT: ...", ETIMEDOUT with the child left running.
 */
static int l_wait(lua_State *L)
{
	pid_t pid = lua_isnoneornil(L, 1) ? -1 : args_check_pid(L, 1);
	double timeout = luaL_optnumber(L, 2, -1);
	struct timespec pause = { 0, 1000 * 1000 };
	double waited = 0;
	int wstatus;
	pid_t got;

	args_check_nargs(L, 2);
	luaL_argcheck(L, timeout == timeout, 2, "not a number");
	for (;;) {
		/* A ^C before the wait: waitpid() would not see it. */
		if (interrupt_requested())
			return result_errno(L, EINTR, "wait");
		got = waitpid(pid, &wstatus, timeout < 0 ? 0 : WNOHANG);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return result_errno(L, errno, "wait");
		if (got > 0)
			return push_wait_status(L, got, wstatus);
		if (waited >= timeout)
			return result_errno(L, ETIMEDOUT, "wait");
		if (interrupt_poll(-1, 0, &pause))
			return result_errno(L, errno, "wait");
		waited += pause.tv_nsec / 1e9;
		if (pause.tv_nsec < 10 * 1000 * 1000)
			pause.tv_nsec *= 2;
	}
}

static const struct named_value signals[] = {
	{ "HUP", SIGHUP },   { "INT", SIGINT },	  { "QUIT", SIGQUIT },
	{ "KILL", SIGKILL }, { "USR1", SIGUSR1 }, { "USR2", SIGUSR2 },
	{ "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM },
	{ "CHLD", SIGCHLD }, { "CONT", SIGCONT }, { "STOP", SIGSTOP },
	{ NULL, 0 },
};

/* A signal by number or name, with or without "SIG"; none is TERM. */
static int check_signal(lua_State *L, int arg)
{
	const char *name;

	if (lua_isnoneornil(L, arg))
		return SIGTERM;
	/* lua_tostring() would turn a number argument into a string. */
	name = lua_type(L, arg) == LUA_TSTRING ? lua_tostring(L, arg) : "";
	if (!strncmp(name, "SIG", 3)) {
		lua_pushstring(L, name + 3);
		lua_replace(L, arg);
	}
	return (int)names_check(L, arg, "signal", signals);
}

/* proc.kill(pid [, sig]) -> true; sig by name ("TERM", "SIGKILL") or number. */
static int l_kill(lua_State *L)
{
	pid_t pid = args_check_pid(L, 1);
	int sig = check_signal(L, 2);

	args_check_nargs(L, 2);
	return result_true(L, kill(pid, sig), "kill");
}

static int l_getpid(lua_State *L)
{
	args_check_nargs(L, 0);
	lua_pushinteger(L, getpid());
	return 1;
}

static int l_getppid(lua_State *L)
{
	args_check_nargs(L, 0);
	lua_pushinteger(L, getppid());
	return 1;
}

/* proc.exec(path, arg...) replaces the process; returns only on failure. */
static int l_exec(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	int argc = lua_gettop(L);
	const char **argv = lua_newuserdatauv(L, (argc + 1) * sizeof(*argv), 0);

	argv[0] = path;
	for (int i = 1; i < argc; i++)
		argv[i] = luaL_checkstring(L, i + 1);
	argv[argc] = NULL;
	drain_output();
	execv(path, (char *const *)argv);
	return result_errno(L, errno, path);
}

static const char *const run_fields[] = { "input", "root", "timeout", NULL };

/* The options of proc.run's table at index 1 into @req. */
static void check_run_options(lua_State *L, struct run_request *req)
{
	size_t len;

	if (lua_getfield(L, 1, "input") != LUA_TNIL) {
		luaL_argcheck(L, lua_type(L, -1) == LUA_TSTRING, 1,
			      "input: a string");
		req->input =
			lua_tolstring(L, -1, &len); /* the table keeps it */
		req->input_len = len;
	}
	lua_pop(L, 1);
	if (lua_getfield(L, 1, "root") != LUA_TNIL) {
		const char *root = lua_tostring(L, -1);

		luaL_argcheck(L,
			      lua_type(L, -1) == LUA_TSTRING &&
				      (!strcmp(root, "host") ||
				       !strcmp(root, "guest")),
			      1, "root: \"host\" or \"guest\"");
		req->host_root = !strcmp(root, "host");
	}
	lua_pop(L, 1);
	if (lua_getfield(L, 1, "timeout") != LUA_TNIL) {
		req->timeout = lua_tonumber(L, -1);
		luaL_argcheck(L,
			      lua_isnumber(L, -1) && req->timeout >= 0 &&
				      req->timeout < 1e6,
			      1, "timeout: seconds, 0 to 1e6");
	}
	lua_pop(L, 1);
}

static void push_output(lua_State *L, const char *field, struct output *o)
{
	lua_pushlstring(L, o->data ? o->data : "", o->len);
	lua_setfield(L, -2, field);
}

/*
 * proc.run{prog, arg..., input = s, root = "host", timeout = s}
 *   -> {how, code, stdout, stderr, timed_out}
 * Runs prog (a path, or a name looked up in PATH) in a child to its end,
 * with the host's / as its root (root = "guest": the console's), stdin
 * the input string or /dev/null; how and code as proc.wait's.  A program
 * that could not start: nil, "ESYM: ... (prog: step)", errno.
 */
static int l_run(lua_State *L)
{
	struct run_request req = { .host_root = true, .timeout = -1 };
	struct run_result res;
	const char **argv;
	lua_Integer n, i;
	int rc, saved;

	args_check_nargs(L, 1);
	luaL_checktype(L, 1, LUA_TTABLE);
	n = luaL_len(L, 1);
	args_check_list_fields(L, 1, n, run_fields);
	luaL_argcheck(L, n >= 1 && n < INT32_MAX, 1,
		      "no program: {\"ip\", \"netns\", \"list\"}");
	argv = lua_newuserdatauv(L, (n + 1) * sizeof(*argv), 0);
	for (i = 1; i <= n; i++) {
		if (lua_rawgeti(L, 1, i) != LUA_TSTRING)
			luaL_argerror(L, 1,
				      lua_pushfstring(L, "word %d: a string",
						      (int)i));
		argv[i - 1] = lua_tostring(L, -1); /* the table keeps it */
		lua_pop(L, 1);
	}
	argv[n] = NULL;
	req.argv = (char *const *)argv;
	check_run_options(L, &req);
	drain_output();
	rc = run_program(&req, &res);
	saved = errno;
	if (rc) {
		free(res.out.data);
		free(res.err.data);
		lua_pushfstring(L, "%s: %s", argv[0], res.failed_step);
		return result_errno(L, saved, lua_tostring(L, -1));
	}
	lua_createtable(L, 0, 5);
	push_wait_status(L, 0, res.wstatus);
	lua_setfield(L, -4, "code");
	lua_setfield(L, -3, "how");
	lua_pop(L, 1);
	push_output(L, "stdout", &res.out);
	push_output(L, "stderr", &res.err);
	lua_pushboolean(L, res.timed_out);
	lua_setfield(L, -2, "timed_out");
	free(res.out.data);
	free(res.err.data);
	return 1;
}

/* proc.exit([status]): flush and end the process now, no finalizers. */
static int l_exit(lua_State *L)
{
	int status = (int)luaL_optinteger(L, 1, 0);

	drain_output();
	_exit(status & 0xff);
}

static uid_t check_id(lua_State *L, int arg)
{
	lua_Integer id = luaL_checkinteger(L, arg);

	luaL_argcheck(L, id >= 0 && id <= UINT32_MAX - 1, arg,
		      "id out of range");
	return (uid_t)id;
}

/* proc.setuid(uid) -> true; from root this drops every capability. */
static int l_setuid(lua_State *L)
{
	uid_t uid = check_id(L, 1);

	args_check_nargs(L, 1);
	return result_true(L, setuid(uid), "setuid");
}

static int l_setgid(lua_State *L)
{
	gid_t gid = check_id(L, 1);

	args_check_nargs(L, 1);
	return result_true(L, setgid(gid), "setgid");
}

/* proc.drop_caps() -> true: empty effective, permitted, inheritable sets. */
static int l_drop_caps(lua_State *L)
{
	struct __user_cap_header_struct header = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};

	args_check_nargs(L, 0);
	return result_true(L, syscall(SYS_capset, &header, data), "capset");
}

/*
 * proc.pidfd_open(pid) -> fd: pidfd_open(2), mainline's handle on a
 * process (5.3), which setns() takes too (5.8).  No flags: a pidfd is
 * what ns.setns() needs, PIDFD_NONBLOCK is for waiting.
 */
static int l_pidfd_open(lua_State *L)
{
	pid_t pid = args_check_pid(L, 1);

	args_check_nargs(L, 1);
	return result_int(L, syscall(__NR_pidfd_open, pid, 0), "pidfd_open");
}

/* proc.sleep(seconds) -> true; fractions allowed. */
static int l_sleep(lua_State *L)
{
	double seconds = luaL_checknumber(L, 1);
	struct timespec ts;

	args_check_nargs(L, 1);
	luaL_argcheck(L, seconds >= 0 && seconds < 1e6, 1, "out of range");
	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - ts.tv_sec) * 1e9);
	interrupt_poll(-1, 0, &ts);
	lua_pushboolean(L, 1);
	return 1;
}

static const luaL_Reg proc_functions[] = {
	{ "fork", l_fork },	{ "clone", l_clone },
	{ "wait", l_wait },	{ "kill", l_kill },
	{ "getpid", l_getpid }, { "getppid", l_getppid },
	{ "exec", l_exec },	{ "run", l_run },
	{ "exit", l_exit },	{ "setuid", l_setuid },
	{ "setgid", l_setgid }, { "drop_caps", l_drop_caps },
	{ "sleep", l_sleep },	{ "pidfd_open", l_pidfd_open },
	{ NULL, NULL },
};

int luaopen_proc(lua_State *L)
{
	static const struct module_constant constants[] = {
		MODULE_CONSTANT(SIGTERM),
		MODULE_CONSTANT(SIGKILL),
		MODULE_CONSTANT(SIGINT),
		MODULE_CONSTANT(ETIMEDOUT),
		{ NULL, 0 }
	};

	luaL_newlib(L, proc_functions);
	constants_set(L, constants);
	return 1;
}
