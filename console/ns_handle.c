// SPDX-License-Identifier: GPL-2.0
/*
 * The text form of an nsfs file handle (name_to_handle_at() on a namespace
 * fd, 7.3): "nsfs:<type>:<handle_type>:<f_handle>", the type by name, the
 * rest in hex.  The bytes stay opaque: only the kernel reads them.  A
 * string not of that form is a bad argument and raises.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include "ns_handle.h"

#define NS_HANDLE_PREFIX "nsfs:"
#define NS_HANDLE_TYPE_MAX 16 /* "cgroup" and room to spare */

/* Push @h as "nsfs:<type>:<handle_type>:<f_handle>". */
void ns_handle_push(lua_State *L, const char *type, const union ns_handle *h)
{
	const unsigned char *bytes = h->fh.f_handle;
	char type_hex[sizeof("ffffffff:")], hex[3];
	luaL_Buffer b;

	luaL_buffinit(L, &b);
	lua_pushfstring(L, NS_HANDLE_PREFIX "%s:", type);
	luaL_addvalue(&b);
	snprintf(type_hex, sizeof(type_hex),
		 "%x:", (unsigned int)h->fh.handle_type);
	luaL_addstring(&b, type_hex);
	for (unsigned int i = 0; i < h->fh.handle_bytes; i++) {
		snprintf(hex, sizeof(hex), "%02x", bytes[i]);
		luaL_addstring(&b, hex);
	}
	luaL_pushresult(&b);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Read the handle type, 1 to 8 hex digits then ':'; the rest, or NULL. */
static const char *parse_handle_type(const char *s, int *type)
{
	unsigned int value = 0;
	int n = 0;

	for (; hex_digit(*s) >= 0 && n < 8; s++, n++)
		value = value << 4 | (unsigned int)hex_digit(*s);
	if (n == 0 || *s != ':')
		return NULL;
	*type = (int)value;
	return s + 1;
}

/* Read f_handle: pairs of hex digits to the end, at most MAX_HANDLE_SZ. */
static bool parse_bytes(const char *s, struct file_handle *fh)
{
	size_t len = strlen(s);

	if (len == 0 || len % 2 || len / 2 > MAX_HANDLE_SZ)
		return false;
	for (size_t i = 0; i < len / 2; i++) {
		int hi = hex_digit(s[2 * i]), lo = hex_digit(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		fh->f_handle[i] = (unsigned char)(hi << 4 | lo);
	}
	fh->handle_bytes = (unsigned int)(len / 2);
	return true;
}

/* The type named in "nsfs:<type>:", a row of @types; *rest after it. */
static const struct named_value *parse_type(const char *s, const char **rest,
					    const struct named_value *types)
{
	const char *colon;
	char name[NS_HANDLE_TYPE_MAX];

	if (strncmp(s, NS_HANDLE_PREFIX, strlen(NS_HANDLE_PREFIX)))
		return NULL;
	s += strlen(NS_HANDLE_PREFIX);
	colon = strchr(s, ':');
	if (!colon || (size_t)(colon - s) >= sizeof(name))
		return NULL;
	memcpy(name, s, (size_t)(colon - s));
	name[colon - s] = '\0';
	*rest = colon + 1;
	return names_lookup(name, types);
}

/*
 * The handle in string argument @arg, into @h; returns its type's row of
 * @types.  Raises unless the string is what ns_handle_push() makes.
 */
const struct named_value *ns_handle_check(lua_State *L, int arg,
					  union ns_handle *h,
					  const struct named_value *types)
{
	const char *s = luaL_checkstring(L, arg);
	const struct named_value *type = parse_type(s, &s, types);

	if (!type || !(s = parse_handle_type(s, &h->fh.handle_type)) ||
	    !parse_bytes(s, &h->fh))
		luaL_argerror(L, arg,
			      "not a namespace handle: want "
			      "\"nsfs:<type>:<hex>:<hex>\" as ns.handle makes");
	return type;
}
