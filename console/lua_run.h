/* SPDX-License-Identifier: GPL-2.0 */
/* Running Lua code the way lua.c does: traceback on error, one reporter. */
#ifndef LUA_RUN_H
#define LUA_RUN_H

#include <stdbool.h>
#include <time.h>

#include <lua.h>

int lua_run_call(lua_State *L, int nargs, int nresults);
void lua_run_report(lua_State *L, const char *what);
void lua_run_set_interrupt_handler(void);
bool lua_run_interrupted(void);
int lua_run_poll(int fd, short events, const struct timespec *timeout);

#endif
