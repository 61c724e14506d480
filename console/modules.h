/* SPDX-License-Identifier: GPL-2.0 */
/* The console's Lua modules, and what they share. */
#ifndef MODULES_H
#define MODULES_H

#include <lua.h>

void modules_open(lua_State *L);

/* A C constant exported under its C name, as luaposix LPOSIX_CONST. */
struct module_constant {
	const char *name;
	lua_Integer value;
};

#define MODULE_CONSTANT(c) \
	{                  \
#c, c      \
	}

void modules_set_constants(lua_State *L, const struct module_constant *c);

int luaopen_ns(lua_State *L);
int ns_check_clone_flags(lua_State *L, int first, int last);
int ns_check_clone_list(lua_State *L, int arg);
int luaopen_proc(lua_State *L);
int luaopen_fs(lua_State *L);
int luaopen_sys(lua_State *L);
int luaopen_errno(lua_State *L);

#endif
