/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An nsfs file handle as text a scenario can print and store:
 * "nsfs:<type>:<handle_type>:<f_handle>", the last two in hex.
 */
#ifndef NS_HANDLE_H
#define NS_HANDLE_H

#include <fcntl.h>

#include <lua.h>

#include "names.h"

/* A struct file_handle with room for the largest f_handle. */
union ns_handle {
	struct file_handle fh;
	char space[sizeof(struct file_handle) + MAX_HANDLE_SZ];
};

void ns_handle_push(lua_State *L, const char *type, const union ns_handle *h);
const struct named_value *ns_handle_check(lua_State *L, int arg,
					  union ns_handle *h,
					  const struct named_value *types);

#endif
