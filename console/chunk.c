// SPDX-License-Identifier: GPL-2.0
/*
 * Running Lua code: docall(), msghandler() and report() of lua.c (5.4), in
 * kernel style; a ^C interrupts the chunk while it runs (interrupt.c).
 */
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include <lauxlib.h>

#include "chunk.h"
#include "interrupt.h"

static int msghandler(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);

	if (!msg) {
		if (luaL_callmeta(L, 1, "__tostring") &&
		    lua_type(L, -1) == LUA_TSTRING)
			return 1;
		msg = lua_pushfstring(L, "(error object is a %s value)",
				      luaL_typename(L, 1));
	}
	luaL_traceback(L, L, msg, 1);
	return 1;
}

/* Call the function below its nargs arguments, with a traceback on error. */
int chunk_call(lua_State *L, int nargs, int nresults)
{
	int base = lua_gettop(L) - nargs;
	int status;

	lua_pushcfunction(L, msghandler);
	lua_insert(L, base);
	interrupt_arm(L);
	status = lua_pcall(L, nargs, nresults, base);
	interrupt_disarm(L);
	lua_remove(L, base);
	return status;
}

/*
 * Print the error message on top of the stack to stderr, after "what: "
 * (none at the prompt, as lua.c's l_message() in its REPL), and pop it.
 * One writev(), so that a forked child's report and its parent's, both
 * raised by one ^C, never interleave on the terminal.
 */
void chunk_report(lua_State *L, const char *what)
{
	const char *msg = lua_tostring(L, -1);
	struct iovec line[] = {
		{ (void *)(what ? what : ""), what ? strlen(what) : 0 },
		{ (void *)": ", what ? 2 : 0 },
		{ (void *)(msg ? msg : "(no message)"), 0 },
		{ (void *)"\n", 1 },
	};

	line[2].iov_len = strlen(line[2].iov_base);
	fflush(stdout);
	fflush(stderr);
	if (writev(STDERR_FILENO, line, 4) < 0) {
		/* stderr is gone: there is nowhere left to say so */
	}
	lua_pop(L, 1);
}
