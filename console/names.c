// SPDX-License-Identifier: GPL-2.0
/*
 * Name-to-value arguments, as luaL_checkoption() but with values, integers
 * let through, and an error that says what would have been accepted.
 */
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include "names.h"

/*
 * Raise "@where no @kind '@name'; want a, b or c" against argument @arg,
 * the list read from @names; @where is "" or which element of a list.
 */
static int names_error(lua_State *L, int arg, const char *where,
		       const char *name, const char *kind,
		       const struct named_value *names)
{
	luaL_Buffer b;

	luaL_buffinit(L, &b);
	lua_pushfstring(L, "%sno %s '%s'; want ", where, kind, name);
	luaL_addvalue(&b);
	for (int i = 0; names[i].name; i++) {
		if (i > 0)
			luaL_addstring(&b, names[i + 1].name ? ", " : " or ");
		luaL_addstring(&b, names[i].name);
	}
	luaL_pushresult(&b);
	return luaL_argerror(L, arg, lua_tostring(L, -1));
}

/* The row named @name, or NULL. */
const struct named_value *names_lookup(const char *name,
				       const struct named_value *names)
{
	for (int i = 0; names[i].name; i++)
		if (!strcmp(names[i].name, name))
			return &names[i];
	return NULL;
}

/* The name of the row whose value is @value, or NULL. */
const char *names_name(long value, const struct named_value *names)
{
	for (int i = 0; names[i].name; i++)
		if (names[i].value == value)
			return names[i].name;
	return NULL;
}

const struct named_value *names_find(lua_State *L, int arg, const char *kind,
				     const struct named_value *names)
{
	const char *name = luaL_checkstring(L, arg);
	const struct named_value *row = names_lookup(name, names);

	if (!row)
		names_error(L, arg, "", name, kind, names);
	return row;
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

/*
 * Element @i of the list at argument @arg, on top of the stack: an
 * integer as it is, or a name's value.  luaL_checkinteger() and
 * names_find() would blame the stack slot the element was pushed to, not
 * the argument, so each error here names both.
 */
static long list_element(lua_State *L, int arg, lua_Integer i, const char *kind,
			 const struct named_value *names)
{
	const struct named_value *row;
	const char *msg;
	char where[32];
	int is_integer;
	lua_Integer n;

	snprintf(where, sizeof(where), "element %lld: ", (long long)i);
	if (lua_type(L, -1) == LUA_TNUMBER) {
		n = lua_tointegerx(L, -1, &is_integer);
		if (is_integer)
			return (long)n;
		msg = "number has no integer representation";
	} else if (lua_type(L, -1) == LUA_TSTRING) {
		row = names_lookup(lua_tostring(L, -1), names);
		if (row)
			return row->value;
		return names_error(L, arg, where, lua_tostring(L, -1), kind,
				   names);
	} else {
		msg = lua_pushfstring(L, "%s name expected, got %s", kind,
				      luaL_typename(L, -1));
	}
	return luaL_argerror(L, arg, lua_pushfstring(L, "%s%s", where, msg));
}

long names_check_list(lua_State *L, int arg, const char *kind,
		      const struct named_value *names)
{
	lua_Integer n = luaL_len(L, arg);
	long value = 0;

	for (lua_Integer i = 1; i <= n; i++) {
		lua_geti(L, arg, i);
		value |= list_element(L, arg, i, kind, names);
		lua_pop(L, 1);
	}
	return value;
}
