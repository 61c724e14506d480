// SPDX-License-Identifier: GPL-2.0
/*
 * Name-to-value arguments, as luaL_checkoption() but with values, integers
 * let through, and an error that says what would have been accepted.
 */
#include <string.h>

#include <lauxlib.h>

#include "names.h"

/* Raise "no @kind 'x'; want a, b or c", the list read from @names. */
static int names_error(lua_State *L, int arg, const char *kind,
		       const struct named_value *names)
{
	luaL_Buffer b;

	luaL_buffinit(L, &b);
	lua_pushfstring(L, "no %s '%s'; want ", kind, lua_tostring(L, arg));
	luaL_addvalue(&b);
	for (int i = 0; names[i].name; i++) {
		if (i > 0)
			luaL_addstring(&b, names[i + 1].name ? ", " : " or ");
		luaL_addstring(&b, names[i].name);
	}
	luaL_pushresult(&b);
	return luaL_argerror(L, arg, lua_tostring(L, -1));
}

const struct named_value *names_find(lua_State *L, int arg, const char *kind,
				     const struct named_value *names)
{
	const char *name = luaL_checkstring(L, arg);

	for (int i = 0; names[i].name; i++)
		if (!strcmp(names[i].name, name))
			return &names[i];
	names_error(L, arg, kind, names);
	return NULL;
}

long names_check(lua_State *L, int arg, const char *kind,
		 const struct named_value *names)
{
	if (lua_type(L, arg) == LUA_TNUMBER)
		return (long)luaL_checkinteger(L, arg);
	return names_find(L, arg, kind, names)->value;
}

long names_check_or(lua_State *L, int first, int last, const char *kind,
		    const struct named_value *names)
{
	long value = 0;

	for (int arg = first; arg <= last; arg++)
		value |= names_check(L, arg, kind, names);
	return value;
}
