// SPDX-License-Identifier: GPL-2.0
/*
 * Every module of the console, opened like lua's linit.c loadedlibs[]:
 * each is in package.loaded and a global of its name.  Only the list.
 */
#include <lauxlib.h>

#include "modules.h"

static const luaL_Reg console_modules[] = {
	{ "ns", luaopen_ns },	    { "proc", luaopen_proc },
	{ "fs", luaopen_fs },	    { "sys", luaopen_sys },
	{ "errno", luaopen_errno }, { NULL, NULL },
};

void modules_open(lua_State *L)
{
	const luaL_Reg *m;

	for (m = console_modules; m->func; m++) {
		luaL_requiref(L, m->name, m->func, 1);
		lua_pop(L, 1);
	}
}
