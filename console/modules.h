/* SPDX-License-Identifier: GPL-2.0 */
/* The console's Lua modules: each binding's luaopen_*(), opened together. */
#ifndef MODULES_H
#define MODULES_H

#include <lua.h>

void modules_open(lua_State *L);

int luaopen_ns(lua_State *L);
int luaopen_proc(lua_State *L);
int luaopen_fs(lua_State *L);
int luaopen_sys(lua_State *L);
int luaopen_errno(lua_State *L);

#endif
