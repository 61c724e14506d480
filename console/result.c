// SPDX-License-Identifier: GPL-2.0
/*
 * How every binding reports: a failing system call returns
 * nil, "ESYM: message (what)", errno, as luaL_fileresult() does, with the
 * errno saved by the caller before any Lua API call could change it.  A
 * wrong argument is a programming error and raises (luaL_check*).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <lauxlib.h>

#include "result.h"

/* Push the failure for @saved_errno; @what names the call or its object. */
int result_errno(lua_State *L, int saved_errno, const char *what)
{
	const char *name = strerrorname_np(saved_errno);

	lua_pushnil(L);
	if (what)
		lua_pushfstring(L, "%s: %s (%s)", name ? name : "E?",
				strerror(saved_errno), what);
	else
		lua_pushfstring(L, "%s: %s", name ? name : "E?",
				strerror(saved_errno));
	lua_pushinteger(L, saved_errno);
	return 3;
}

/* A syscall's non-negative result as an integer, or the failure. */
int result_int(lua_State *L, long ret, const char *what)
{
	if (ret < 0)
		return result_errno(L, errno, what);
	lua_pushinteger(L, ret);
	return 1;
}

/* true for a syscall that returns 0 on success, or the failure. */
int result_true(lua_State *L, long ret, const char *what)
{
	if (ret < 0)
		return result_errno(L, errno, what);
	lua_pushboolean(L, 1);
	return 1;
}

/* Extra arguments are a programming error, as luaposix checknargs(). */
void result_check_nargs(lua_State *L, int max)
{
	int nargs = lua_gettop(L);

	/* "bad argument #N to 'fs.pipe'": the error names the function. */
	if (nargs > max)
		luaL_argerror(
			L, max + 1,
			lua_pushfstring(
				L,
				"no more than %d argument%s expected, got %d",
				max, max == 1 ? "" : "s", nargs));
}

/* An fd argument: an integer that fits an int (-1 allowed, to test EBADF). */
int result_check_fd(lua_State *L, int arg)
{
	lua_Integer fd = luaL_checkinteger(L, arg);

	luaL_argcheck(L, fd >= -1 && fd <= INT32_MAX, arg,
		      "not a file descriptor");
	return (int)fd;
}

/* A pid argument: any integer that fits a pid_t (0 and -1 have meanings). */
int result_check_pid(lua_State *L, int arg)
{
	lua_Integer pid = luaL_checkinteger(L, arg);

	luaL_argcheck(L, pid >= INT32_MIN && pid <= INT32_MAX, arg,
		      "pid out of range");
	return (int)pid;
}
