/* SPDX-License-Identifier: GPL-2.0 */
/* The global print(), leaving the flushing to stdout's buffering. */
#ifndef PRINT_H
#define PRINT_H

#include <lua.h>

void print_open(lua_State *L);

#endif
