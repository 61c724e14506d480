// SPDX-License-Identifier: GPL-2.0
/*
 * The argument checks the bindings share.  A wrong argument is a
 * programming error and raises, as luaL_check*() does.
 */
#include <stdint.h>
#include <string.h>

#include <lauxlib.h>

#include "args.h"

/* Extra arguments are a programming error, as luaposix checknargs(). */
void args_check_nargs(lua_State *L, int max)
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
int args_check_fd(lua_State *L, int arg)
{
	lua_Integer fd = luaL_checkinteger(L, arg);

	luaL_argcheck(L, fd >= -1 && fd <= INT32_MAX, arg,
		      "not a file descriptor");
	return (int)fd;
}

/* A pid argument: any integer that fits a pid_t (0 and -1 have meanings). */
int args_check_pid(lua_State *L, int arg)
{
	lua_Integer pid = luaL_checkinteger(L, arg);

	luaL_argcheck(L, pid >= INT32_MIN && pid <= INT32_MAX, arg,
		      "pid out of range");
	return (int)pid;
}

/*
 * The keys of the table argument @arg are among @fields (a NULL-ended
 * list): a misspelt option raises instead of being ignored.
 */
void args_check_fields(lua_State *L, int arg, const char *const fields[])
{
	args_check_list_fields(L, arg, 0, fields);
}

/*
 * args_check_fields() of a table that is also a list of @len items: the
 * keys 1 to @len are allowed too.
 */
void args_check_list_fields(lua_State *L, int arg, lua_Integer len,
			    const char *const fields[])
{
	luaL_checktype(L, arg, LUA_TTABLE);
	lua_pushnil(L);
	while (lua_next(L, arg)) {
		int i = 0;

		lua_pop(L, 1);
		if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 &&
		    lua_tointeger(L, -1) <= len)
			continue;
		/* lua_tostring() on a number key would confuse lua_next(). */
		if (lua_type(L, -1) != LUA_TSTRING)
			luaL_argerror(L, arg,
				      lua_pushfstring(L,
						      "a %s key in the table",
						      luaL_typename(L, -1)));
		while (fields[i] && strcmp(fields[i], lua_tostring(L, -1)))
			i++;
		if (!fields[i])
			luaL_argerror(L, arg,
				      lua_pushfstring(L, "no field '%s'",
						      lua_tostring(L, -1)));
	}
}
