/* SPDX-License-Identifier: GPL-2.0 */
/* C constants as fields of a module's table, under their C names. */
#ifndef CONSTANTS_H
#define CONSTANTS_H

#include <lua.h>

/* A C constant exported under its C name, as luaposix LPOSIX_CONST. */
struct module_constant {
	const char *name;
	lua_Integer value;
};

#define MODULE_CONSTANT(c) \
	{                  \
#c, c      \
	}

void constants_set(lua_State *L, const struct module_constant *c);

#endif
