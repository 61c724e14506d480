/* SPDX-License-Identifier: GPL-2.0 */
/* Running Lua code the way lua.c does: traceback on error, one reporter. */
#ifndef CHUNK_H
#define CHUNK_H

#include <stdbool.h>
#include <time.h>

#include <lua.h>

int chunk_call(lua_State *L, int nargs, int nresults);
void chunk_report(lua_State *L, const char *what);
void chunk_catch_interrupts(void);
bool chunk_interrupted(void);
int chunk_poll(int fd, short events, const struct timespec *timeout);

#endif
