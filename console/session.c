// SPDX-License-Identifier: GPL-2.0
/*
 * A session is what one boot does, run in a child of PID 1: a script
 * (run=NAME or run=/abs/path.lua), a host program (run=/abs/path of an
 * ELF: a dynamically linked one with the host's / as its root), a chunk read from a non-terminal stdin, or the REPL.  Its exit
 * status becomes the host's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lualib.h>

#include "channel.h"
#include "chunk.h"
#include "drain.h"
#include "host_view.h"
#include "interrupt.h"
#include "modules.h"
#include "print.h"
#include "repl.h"
#include "session.h"
#include "target.h"

#define LUA_MODULE_PATH "/lib/lua/?.lua;/scripts/?.lua"

/*
 * A static program runs in the guest's root as it is; one that wants the
 * host's loader and libraries, or the host's interpreter, runs with the
 * host's / as its root, where its path is the host's own.
 */
static int exec_program(const struct target *t, const struct boot_args *args)
{
	char **argv = calloc(args->argc + 2, sizeof(*argv));
	const char *path = t->path, *step;
	int fd = -1;

	if (!argv)
		return STATUS_ERROR;
	argv[0] = (char *)args->run;
	memcpy(argv + 1, args->argv, args->argc * sizeof(*argv));
	if (t->wants_host_root) {
		/* Open across exec: a script's interpreter reads /dev/fd/N. */
		fd = open(path, O_RDONLY);
		if (host_view_enter(&step)) {
			fprintf(stderr,
				"console: run=%s: the host's root: %s: %s\n",
				args->run, step, strerror(errno));
			return STATUS_ERROR;
		}
		if (!strncmp(path, "/host/", strlen("/host/")))
			path += strlen("/host");
		/* Under the host's /tmp or /run, which the guest's cover. */
		if (fd >= 0 && !host_view_same_file(path, fd)) {
			drain_output();
			fexecve(fd, argv, environ);
		}
		if (fd >= 0)
			close(fd);
	}
	drain_output();
	execv(path, argv);
	fprintf(stderr, "console: run=%s: exec: %s\n", args->run,
		strerror(errno));
	free(argv);
	return STATUS_ERROR;
}

/* arg[0] is the script, arg[1..] the boot command line's other words. */
static void set_arg_table(lua_State *L, const char *script,
			  const struct boot_args *args)
{
	int i;

	lua_createtable(L, args->argc, 1);
	lua_pushstring(L, script);
	lua_rawseti(L, -2, 0);
	for (i = 0; i < args->argc; i++) {
		lua_pushstring(L, args->argv[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setglobal(L, "arg");
}

/* lua_pcall()ed by tap_started(): package.loaded.tap.started. */
static int read_tap_started(lua_State *L)
{
	bool started = false;

	lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	if (lua_getfield(L, -1, "tap") == LUA_TTABLE)
		started = lua_getfield(L, -1, "started") == LUA_TBOOLEAN &&
			  lua_toboolean(L, -1);
	lua_pushboolean(L, started);
	return 1;
}

/*
 * Whether the TAP module (tap/tap.lua) has begun a stream on stdout.  A
 * lookup that fails (no memory left) says yes: a "Bail out!" too many
 * beats a stream cut short without one.
 */
static bool tap_started(lua_State *L)
{
	bool started = true;

	lua_pushcfunction(L, read_tap_started);
	if (lua_pcall(L, 0, 1, 0) == LUA_OK)
		started = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return started;
}

/*
 * A chunk that raises: the error on stderr, status 2, and, if it had
 * begun a TAP stream, "Bail out!" to end it.  A chunk that printed no
 * TAP (echo 'error("x")' | ./linux) gets no TAP line: as lua's, its
 * stdout is its own.
 */
static int bail_out(lua_State *L, const char *what)
{
	const char *msg = lua_tostring(L, -1);
	size_t first_line = msg ? strcspn(msg, "\n") : 0;

	if (tap_started(L))
		printf("Bail out! %.*s\n", (int)first_line,
		       msg ? msg : "error");
	chunk_report(L, what);
	return STATUS_ERROR;
}

/*
 * Run a file (NULL: stdin) with the words of the command line as "...".
 * A C function may push only LUA_MINSTACK values unchecked: make room for
 * every word, and for the message handler chunk_call() adds below them.
 */
static int run_chunk(lua_State *L, const char *path,
		     const struct boot_args *args)
{
	int i, status = luaL_loadfile(L, path);

	if (status != LUA_OK)
		return bail_out(L, "lua");
	luaL_checkstack(L, args->argc + 1, "the command line's words");
	for (i = 0; i < args->argc; i++)
		lua_pushstring(L, args->argv[i]);
	status = chunk_call(L, args->argc, 0);
	if (status != LUA_OK)
		return bail_out(L, "lua");
	return STATUS_PASS;
}

struct session_call {
	const struct boot_args *args;
	const struct target *target; /* NULL without run= */
	enum host_file stdin_kind;
	int status;
};

/* lua.c pmain(): everything that may raise runs under lua_pcall. */
static int session_main(lua_State *L)
{
	struct session_call *call = lua_touserdata(L, 1);
	const char *script = call->target ? call->target->path : "stdin";

	luaL_checkversion(L);
	luaL_openlibs(L);
	print_open(L);
	modules_open(L);
	lua_getglobal(L, "package");
	lua_pushliteral(L, LUA_MODULE_PATH);
	lua_setfield(L, -2, "path");
	lua_pop(L, 1);
	/* The part of the API written in Lua (console/lua/prelude.lua). */
	lua_getglobal(L, "require");
	lua_pushliteral(L, "prelude");
	lua_call(L, 1, 0);
	set_arg_table(L, script, call->args);
	lua_gc(L, LUA_GCGEN, 0, 0);

	interrupt_catch();
	if (call->target) {
		call->status = run_chunk(L, script, call->args);
	} else if (call->stdin_kind == HOST_TERMINAL && !call->args->run) {
		printf("%s  (nsfd console: help() lists the API)\n",
		       LUA_COPYRIGHT);
		repl_run(L);
		call->status = STATUS_PASS;
	} else {
		call->status = run_chunk(L, NULL, call->args);
	}
	return 0;
}

/* Run the call's target, chunk or REPL in a new Lua state. */
static int run_lua(struct session_call *call)
{
	lua_State *L = luaL_newstate();

	if (!L) {
		fprintf(stderr, "console: cannot create the Lua state\n");
		return STATUS_ERROR;
	}
	lua_pushcfunction(L, session_main);
	lua_pushlightuserdata(L, call);
	if (lua_pcall(L, 1, 0, 0) != LUA_OK)
		call->status = bail_out(L, "console");
	/*
	 * After an error the process ends as it is: closing the state would
	 * run finalizers (the TAP module's verdict) over a bail-out.
	 */
	if (call->status != STATUS_ERROR)
		lua_close(L);
	return call->status;
}

int session_run(const struct boot_args *args)
{
	struct session_call call = { .args = args, .status = STATUS_ERROR };
	struct target target;
	char err[256];

	setsid();
	if (channel_open_stdio(&call.stdin_kind, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return STATUS_ERROR;
	}
	atexit(drain_output);
	/* run=- (./linux -) is the standard input, as lua - reads it. */
	if (args->run && strcmp(args->run, "-")) {
		if (target_resolve(args->run, &target))
			return STATUS_ERROR;
		if (target.is_program)
			return exec_program(&target, args);
		call.target = &target;
	}
	return run_lua(&call);
}

/*
 * /init run by a process that is not PID 1 ("/init script.lua arg..."):
 * the script runs with the console's modules, as under run=, on the
 * stdio it was given.  What a scenario execs to show a handle surviving
 * exec.
 */
int session_script(int argc, char **argv)
{
	struct boot_args args = { .argc = argc - 2, .argv = argv + 2 };
	struct session_call call = { .args = &args, .status = STATUS_ERROR };
	struct target target = { .is_program = false };

	if (argc < 2) {
		fprintf(stderr,
			"usage: /init SCRIPT.lua [ARG...] (as PID 1: boot ./linux)\n");
		return STATUS_ERROR;
	}
	args.run = argv[1];
	snprintf(target.path, sizeof(target.path), "%s", argv[1]);
	call.target = &target;
	call.stdin_kind = HOST_NOTHING;
	return run_lua(&call);
}
