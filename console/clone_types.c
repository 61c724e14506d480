// SPDX-License-Identifier: GPL-2.0
/*
 * Namespace types as clone(2) flags, given by name ("net", "uts", ...) or
 * by number, so that a scenario can also pass a number the kernel must
 * refuse: the check ns.setns(), ns.unshare() and proc.clone() share.
 */
#include <sched.h>

#include <lauxlib.h>

#include "clone_types.h"
#include "ns_types.h"

/* Every type by its name in /proc/<pid>/ns/, as clone(2) flags. */
#define CLONE_TYPE(name, nstype, flag, ...) { name, flag },
const struct named_value clone_types[] = {
	NSFD_TYPE_ROWS(CLONE_TYPE) /* "net", ..., "cgroup" */
	CLONE_ONLY_TYPE_ROWS(CLONE_TYPE) /* "time" */
	{ NULL, 0 },
};

/* CLONE_ flags: names or integers, arguments first..last, or'ed. */
int clone_types_check(lua_State *L, int first, int last)
{
	return (int)names_check_or(L, first, last, "namespace type",
				   clone_types);
}

/* One argument: a name, an integer, or a list of them ({"net", "uts"}). */
int clone_types_check_arg(lua_State *L, int arg)
{
	if (!lua_istable(L, arg))
		return clone_types_check(L, arg, arg);
	/* Far more than the 8 types: a list that long is a mistake. */
	luaL_argcheck(L, luaL_len(L, arg) <= 64, arg, "too many names");
	return (int)names_check_list(L, arg, "namespace type", clone_types);
}
