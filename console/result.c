// SPDX-License-Identifier: GPL-2.0
/*
 * How every binding reports: a failing system call returns
 * nil, "ESYM: message (what)", errno, as luaL_fileresult() does, with the
 * errno saved by the caller before any Lua API call could change it.
 */
#include <errno.h>
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
