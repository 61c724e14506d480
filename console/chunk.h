/* SPDX-License-Identifier: GPL-2.0 */
/* Running Lua code the way lua.c does: traceback on error, one reporter. */
#ifndef CHUNK_H
#define CHUNK_H

#include <lua.h>

int chunk_call(lua_State *L, int nargs, int nresults);
void chunk_report(lua_State *L, const char *what);

#endif
