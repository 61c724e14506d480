/* SPDX-License-Identifier: GPL-2.0 */
/* Namespace types as clone(2) flags, by name: what ns and proc both take. */
#ifndef CLONE_TYPES_H
#define CLONE_TYPES_H

#include <lua.h>

#include "names.h"

extern const struct named_value clone_types[];

int clone_types_check(lua_State *L, int first, int last);
int clone_types_check_arg(lua_State *L, int arg);

#endif
