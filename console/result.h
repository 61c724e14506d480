/* SPDX-License-Identifier: GPL-2.0 */
/* The one error convention of the bindings: nil, "ESYM: message", errno. */
#ifndef RESULT_H
#define RESULT_H

#include <lua.h>

int result_errno(lua_State *L, int saved_errno, const char *what);
int result_int(lua_State *L, long ret, const char *what);
int result_true(lua_State *L, long ret, const char *what);

#endif
