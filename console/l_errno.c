// SPDX-License-Identifier: GPL-2.0
/*
 * Module "errno": every errno the C library names, under that name
 * (errno.EINVAL == 22), so that scripts compare with names, not numbers;
 * and errno.result(e, what), the failure every binding returns
 * (nil, "ESYM: message (what)", e), for the API written in Lua.
 */
#include <string.h>

#include <lauxlib.h>

#include "args.h"
#include "constants.h"
#include "modules.h"
#include "result.h"

/* Beyond the largest errno Linux has (EHWPOISON, 133). */
#define ERRNO_LIMIT 256

/* errno.result(e [, what]) -> nil, "ESYM: message (what)", e */
static int l_result(lua_State *L)
{
	lua_Integer e = luaL_checkinteger(L, 1);
	const char *what = luaL_optstring(L, 2, NULL);

	luaL_argcheck(L, e > 0 && e < ERRNO_LIMIT && strerrorname_np((int)e), 1,
		      "not an errno");
	args_check_nargs(L, 2);
	return result_errno(L, (int)e, what);
}

static const luaL_Reg errno_functions[] = {
	{ "result", l_result },
	{ NULL, NULL },
};

int luaopen_errno(lua_State *L)
{
	int e;

	luaL_newlib(L, errno_functions);
	for (e = 1; e < ERRNO_LIMIT; e++) {
		const char *name = strerrorname_np(e);

		if (name) {
			lua_pushinteger(L, e);
			lua_setfield(L, -2, name);
		}
	}
	return 1;
}
