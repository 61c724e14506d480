/* SPDX-License-Identifier: GPL-2.0 */
/* The argument checks the bindings share: a bad argument raises. */
#ifndef ARGS_H
#define ARGS_H

#include <lua.h>

void args_check_nargs(lua_State *L, int max);
int args_check_fd(lua_State *L, int arg);
int args_check_pid(lua_State *L, int arg);
void args_check_fields(lua_State *L, int arg, const char *const fields[]);
void args_check_list_fields(lua_State *L, int arg, lua_Integer len,
			    const char *const fields[]);

#endif
