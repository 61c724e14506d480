/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MODULES_H
#define MODULES_H

#include <lua.h>

void modules_open(lua_State *L);

#endif
