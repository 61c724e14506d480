// SPDX-License-Identifier: GPL-2.0
/* C constants as fields of a module's table, as luaposix LPOSIX_CONST does. */
#include <lua.h>

#include "constants.h"

/* Set each constant as a field of the table on top of the stack. */
void constants_set(lua_State *L, const struct module_constant *c)
{
	for (; c->name; c++) {
		lua_pushinteger(L, c->value);
		lua_setfield(L, -2, c->name);
	}
}
