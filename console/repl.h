/* SPDX-License-Identifier: GPL-2.0 */
#ifndef REPL_H
#define REPL_H

#include <lua.h>

void repl_run(lua_State *L);

#endif
