/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Values a scenario may give by name: namespace types, open and mount
 * flags, signals.  One check for all of them, whose error lists the names
 * from the very table it checked against.
 */
#ifndef NAMES_H
#define NAMES_H

#include <lua.h>

struct named_value {
	const char *name;
	long value;
};

/* The row named @name, or NULL; the name of the row of @value, or NULL. */
const struct named_value *names_lookup(const char *name,
				       const struct named_value *names);
const char *names_name(long value, const struct named_value *names);
/* The row named by string argument @arg, or raise "no @kind 'x'; want ...". */
const struct named_value *names_find(lua_State *L, int arg, const char *kind,
				     const struct named_value *names);
/* An integer as it is (to let the kernel refuse it), or a name's value. */
long names_check(lua_State *L, int arg, const char *kind,
		 const struct named_value *names);
/* The or of names_check() over arguments @first to @last. */
long names_check_or(lua_State *L, int first, int last, const char *kind,
		    const struct named_value *names);
/* The same over the list at argument @arg: an error names the element. */
long names_check_list(lua_State *L, int arg, const char *kind,
		      const struct named_value *names);

#endif
