// SPDX-License-Identifier: GPL-2.0
/*
 * Module "ns": the RFC's calls, mainline's handles for comparison, unshare,
 * and the identity of a namespace.  Types are given by name ("net", "uts",
 * ...) or by number (an NSTYPE_ value for the RFC's calls, CLONE_ flags for
 * mainline's), so that a scenario can also pass a number the kernel must
 * refuse.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/nsfd.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <lauxlib.h>

#include "args.h"
#include "clone_types.h"
#include "constants.h"
#include "modules.h"
#include "names.h"
#include "ns_handle.h"
#include "ns_types.h"
#include "result.h"

#ifndef __NR_nsfd
#error "__NR_nsfd: build against the patched tree's headers (build/uapi)"
#endif

/* The types the RFC's calls take, as NSTYPE_ numbers. */
#define NSFD_TYPE(name, nstype, ...) { name, nstype },
static const struct named_value nsfd_types[] = {
	NSFD_TYPE_ROWS(NSFD_TYPE) /* "net", ..., "cgroup" */
	{ NULL, 0 },
};

/* ns.nsfd(pid, type) -> fd: the RFC's handle on a task's namespace. */
static int l_nsfd(lua_State *L)
{
	pid_t pid = args_check_pid(L, 1);
	long nstype = names_check(L, 2, "nsfd type", nsfd_types);

	args_check_nargs(L, 2);
	return result_int(L, syscall(__NR_nsfd, pid, (unsigned long)nstype),
			  "nsfd");
}

/* ns.nsfd_setns(type, fd) -> true: the RFC's setns(nstype, fd). */
static int l_nsfd_setns(lua_State *L)
{
	long nstype = names_check(L, 1, "nsfd type", nsfd_types);
	int fd = args_check_fd(L, 2);

	args_check_nargs(L, 2);
	return result_true(L,
			   syscall(__NR_nsfd_setns, (unsigned long)nstype, fd),
			   "nsfd_setns");
}

/*
 * ns.setns(fd [, type...]) -> true: mainline's setns(fd, nstype).  With a
 * pidfd the types are or'ed and the kernel enters them all or none (5.8).
 */
static int l_setns(lua_State *L)
{
	int fd = args_check_fd(L, 1);
	int flags = clone_types_check(L, 2, lua_gettop(L));

	return result_true(L, setns(fd, flags), "setns");
}

/* ns.unshare(type, ...) -> true */
static int l_unshare(lua_State *L)
{
	return result_true(L, unshare(clone_types_check(L, 1, lua_gettop(L))),
			   "unshare");
}

/* /proc/<pid>/ns/<type>; pid 0 is the caller, as for nsfd(). */
static void proc_ns_path(char *path, size_t size, pid_t pid,
			 const struct named_value *t)
{
	if (pid == 0)
		snprintf(path, size, "/proc/self/ns/%s", t->name);
	else
		snprintf(path, size, "/proc/%d/ns/%s", pid, t->name);
}

/* ns.open(pid, type) -> fd of /proc/<pid>/ns/<type>: mainline's handle. */
static int l_open(lua_State *L)
{
	pid_t pid = args_check_pid(L, 1);
	const struct named_value *t =
		names_find(L, 2, "namespace type", clone_types);
	char path[64];

	args_check_nargs(L, 2);
	proc_ns_path(path, sizeof(path), pid, t);
	return result_int(L, open(path, O_RDONLY), path);
}

#ifndef NS_GET_ID
/* From 7.3's uapi <linux/nsfs.h>; a kernel without it answers ENOTTY. */
#define NS_GET_ID _IOR(NSIO, 13, __u64)
#endif

/*
 * The kinds of id ns.id() returns, named in its second result: the inode
 * number every kernel gives every handle of a namespace (the default, as
 * before), or the 64-bit id of NS_GET_ID.  Neither falls back to the
 * other: on an nsfd file, or a kernel without NS_GET_ID, "ns_id" fails.
 */
enum id_kind { ID_INODE, ID_NS_ID };
static const char *const id_kinds[] = { "inode", "ns_id", NULL };

static bool is_id_kind(lua_State *L, int arg)
{
	if (lua_type(L, arg) != LUA_TSTRING)
		return false;
	for (int i = 0; id_kinds[i]; i++)
		if (!strcmp(lua_tostring(L, arg), id_kinds[i]))
			return true;
	return false;
}

/* Push the id of kind @kind of the namespace file @fd, and the kind. */
static int push_id(lua_State *L, int fd, enum id_kind kind)
{
	struct statfs fs;
	struct stat st;
	__u64 id;

	if (fstat(fd, &st) || fstatfs(fd, &fs))
		return result_errno(L, errno, "fstat");
	/* Only a namespace file has a namespace's id. */
	if (fs.f_type != NSFS_MAGIC && fs.f_type != NSFD_FS_MAGIC)
		return result_errno(L, EINVAL, "id");
	if (kind == ID_INODE)
		id = st.st_ino;
	else if (ioctl(fd, NS_GET_ID, &id))
		return result_errno(L, errno, "NS_GET_ID");
	lua_pushinteger(L, (lua_Integer)id);
	lua_pushstring(L, id_kinds[kind]);
	return 2;
}

/* ns.id(pid, type [, kind]): the id of /proc/<pid>/ns/<type>. */
static int id_of_task(lua_State *L)
{
	pid_t pid = args_check_pid(L, 1);
	const struct named_value *t =
		names_find(L, 2, "namespace type", clone_types);
	enum id_kind kind = luaL_checkoption(L, 3, "inode", id_kinds);
	char path[64];
	int fd, n;

	args_check_nargs(L, 3);
	proc_ns_path(path, sizeof(path), pid, t);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return result_errno(L, errno, path);
	n = push_id(L, fd, kind);
	close(fd);
	return n;
}

/*
 * ns.id(fd [, kind]) or ns.id(pid, type [, kind]) -> id, kind: the
 * namespace's inode number ("inode", the same for an nsfd file, an nsfs
 * file and /proc/<pid>/ns/<type>) or its NS_GET_ID ("ns_id").
 */
static int l_id(lua_State *L)
{
	if (lua_isnoneornil(L, 2) || is_id_kind(L, 2)) {
		int fd = args_check_fd(L, 1);
		enum id_kind kind = luaL_checkoption(L, 2, "inode", id_kinds);

		args_check_nargs(L, 2);
		return push_id(L, fd, kind);
	}
	return id_of_task(L);
}

/*
 * ns.owner(fd) -> fd of the user namespace that owns fd's namespace, and
 * ns.parent(fd) -> fd of the parent of a pid or user namespace: mainline's
 * NS_GET_USERNS and NS_GET_PARENT ioctls.  Only nsfs files answer them
 * (an nsfd file is ENOTTY); EPERM where the answer is outside the caller's
 * view (the initial namespaces).
 */
static int ns_ioctl(lua_State *L, unsigned long request, const char *what)
{
	int fd = args_check_fd(L, 1);

	args_check_nargs(L, 1);
	return result_int(L, ioctl(fd, request), what);
}

static int l_owner(lua_State *L)
{
	return ns_ioctl(L, NS_GET_USERNS, "NS_GET_USERNS");
}

static int l_parent(lua_State *L)
{
	return ns_ioctl(L, NS_GET_PARENT, "NS_GET_PARENT");
}

#ifndef FD_NSFS_ROOT
/* From 7.3's uapi <linux/fcntl.h>; a kernel without it answers EBADF. */
#define FD_NSFS_ROOT -10003
#endif

/*
 * ns.handle(fd) -> "nsfs:<type>:<hex>:<hex>": name_to_handle_at() on an
 * nsfs fd (7.3), as text to print and store.  An nsfd file, or any other,
 * is ENOTTY (NS_GET_NSTYPE); a kernel whose nsfs has no handles (6.12),
 * EOPNOTSUPP.
 */
static int l_handle(lua_State *L)
{
	int fd = args_check_fd(L, 1);
	union ns_handle h = { .fh.handle_bytes = MAX_HANDLE_SZ };
	const char *type;
	int nstype, mount_id;

	args_check_nargs(L, 1);
	nstype = ioctl(fd, NS_GET_NSTYPE);
	if (nstype < 0)
		return result_errno(L, errno, "NS_GET_NSTYPE");
	if (name_to_handle_at(fd, "", &h.fh, &mount_id, AT_EMPTY_PATH))
		return result_errno(L, errno, "name_to_handle_at");
	type = names_name(nstype, clone_types);
	ns_handle_push(L, type ? type : "?", &h);
	return 1;
}

/*
 * ns.open_handle(handle) -> fd: open_by_handle_at() in nsfs (FD_NSFS_ROOT),
 * no name in any filesystem needed.  ESTALE once the namespace is gone;
 * EINVAL if it is not of the type the string names.
 */
static int l_open_handle(lua_State *L)
{
	union ns_handle h;
	const struct named_value *t = ns_handle_check(L, 1, &h, clone_types);
	int fd;

	args_check_nargs(L, 1);
	fd = open_by_handle_at(FD_NSFS_ROOT, &h.fh, O_RDONLY);
	if (fd < 0)
		return result_errno(L, errno, "open_by_handle_at");
	if (ioctl(fd, NS_GET_NSTYPE) != t->value) {
		close(fd);
		return result_errno(L, EINVAL, "not the handle's type");
	}
	lua_pushinteger(L, fd);
	return 1;
}

/*
 * nsfs's handle type (FILEID_NSFS in the kernel's <linux/exportfs.h>, not
 * uapi) and the size of the first struct nsfs_file_handle: ns_id, then
 * ns_type and ns_inum, which may both be 0 (any).
 */
#define NSFS_HANDLE_TYPE 0xf1
#define NSFS_HANDLE_BYTES 16

/*
 * ns.open_id(id) -> fd: open_by_handle_at() of a handle that holds only
 * the ns id (ns.list's, ns.id(fd, "ns_id")), as lsns does with listns()'s
 * ids.  ESTALE when no namespace in active use has that id; EBADF on a
 * kernel without FD_NSFS_ROOT (6.12).
 */
static int l_open_id(lua_State *L)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	union ns_handle h = { .fh.handle_bytes = NSFS_HANDLE_BYTES,
			      .fh.handle_type = NSFS_HANDLE_TYPE };
	__u64 ns_id = (__u64)id;

	luaL_argcheck(L, id > 0, 1, "an ns id (ns.list, ns.id(fd, \"ns_id\"))");
	args_check_nargs(L, 1);
	memset(h.fh.f_handle, 0, NSFS_HANDLE_BYTES);
	memcpy(h.fh.f_handle, &ns_id, sizeof(ns_id));
	return result_int(L, open_by_handle_at(FD_NSFS_ROOT, &h.fh, O_RDONLY),
			  "open_by_handle_at");
}

#ifndef LISTNS_CURRENT_USER
/* From 7.3's uapi <linux/nsfs.h>: the owner "current" of ns.list(). */
#define LISTNS_CURRENT_USER 0xffffffffffffffff
#endif

#if defined(__NR_listns) && defined(NS_ID_REQ_SIZE_VER0)
/* How many ids one listns() call returns at most. */
#define LISTNS_BATCH 64

/* Push the list of ns ids listns() returns, batch after batch. */
static int list_ids(lua_State *L, __u32 types, __u64 owner)
{
	struct ns_id_req req = {
		.size = sizeof(req),
		.ns_type = types,
		.user_ns_id = owner,
	};
	__u64 ids[LISTNS_BATCH];
	lua_Integer n = 0;
	long got;

	lua_newtable(L);
	do {
		got = syscall(__NR_listns, &req, ids, LISTNS_BATCH, 0);
		/* After the last id, a next batch finds nothing: ENOENT. */
		if (got < 0 && errno == ENOENT && req.ns_id)
			break;
		if (got < 0)
			return result_errno(L, errno, "listns");
		for (long i = 0; i < got; i++) {
			lua_pushinteger(L, (lua_Integer)ids[i]);
			lua_rawseti(L, -2, ++n);
		}
		if (got > 0)
			req.ns_id = ids[got - 1];
	} while (got == LISTNS_BATCH);
	return 1;
}
#else
/* Headers without listns() (6.12) mean a kernel without it. */
static int list_ids(lua_State *L, __u32 types, __u64 owner)
{
	(void)types;
	(void)owner;
	return result_errno(L, ENOSYS, "listns");
}
#endif

/* The owner= of ns.list(): an ns id, "current" or nil (any). */
static __u64 check_owner(lua_State *L, int arg)
{
	lua_Integer id;
	__u64 owner = 0;

	lua_getfield(L, arg, "owner");
	if (lua_type(L, -1) == LUA_TSTRING &&
	    !strcmp(lua_tostring(L, -1), "current")) {
		owner = LISTNS_CURRENT_USER;
	} else if (!lua_isnil(L, -1)) {
		id = lua_tointeger(L, -1);
		luaL_argcheck(L, lua_isinteger(L, -1) && id > 0, arg,
			      "owner: a user namespace's ns id or \"current\"");
		owner = (__u64)id;
	}
	lua_pop(L, 1);
	return owner;
}

/*
 * ns.list([{type = types, owner = id}]) -> {id...}: listns() (7.3), the
 * ns ids of the namespaces in active use, of the types given (a name, a
 * CLONE_ number or a list; all if none) and owned by the user namespace
 * of ns id owner ("current": the caller's).
 */
static int l_list(lua_State *L)
{
	static const char *const fields[] = { "type", "owner", NULL };
	__u64 owner = 0;
	int types = 0;

	args_check_nargs(L, 1);
	if (!lua_isnoneornil(L, 1)) {
		args_check_fields(L, 1, fields);
		owner = check_owner(L, 1);
		/* The type in the table's place: errors name argument 1. */
		lua_getfield(L, 1, "type");
		lua_replace(L, 1);
		if (!lua_isnil(L, 1))
			types = clone_types_check_arg(L, 1);
	}
	return list_ids(L, (__u32)types, owner);
}

static const luaL_Reg ns_functions[] = {
	{ "nsfd", l_nsfd },	  { "nsfd_setns", l_nsfd_setns },
	{ "setns", l_setns },	  { "unshare", l_unshare },
	{ "open", l_open },	  { "id", l_id },
	{ "owner", l_owner },	  { "parent", l_parent },
	{ "handle", l_handle },	  { "open_handle", l_open_handle },
	{ "open_id", l_open_id }, { "list", l_list },
	{ NULL, NULL },
};

/*
 * ns.types: one table per type, ns_types.h's columns by name; nstype
 * only where the RFC's calls take the type.
 */
static void push_types(lua_State *L)
{
#define TYPE_ROW(name, nstype, flag, entry, ucount) \
	{ name, nstype, flag, entry, ucount },
	static const struct {
		const char *name;
		int nstype;
		int clone;
		const char *setns_entry, *ucount;
	} rows[] = { NSFD_TYPE_ROWS(TYPE_ROW) CLONE_ONLY_TYPE_ROWS(TYPE_ROW) };

	lua_createtable(L, sizeof(rows) / sizeof(rows[0]), 0);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		lua_createtable(L, 0, 5);
		lua_pushstring(L, rows[i].name);
		lua_setfield(L, -2, "name");
		lua_pushinteger(L, rows[i].clone);
		lua_setfield(L, -2, "clone");
		if (rows[i].nstype >= 0) {
			lua_pushinteger(L, rows[i].nstype);
			lua_setfield(L, -2, "nstype");
		}
		lua_pushstring(L, rows[i].setns_entry);
		lua_setfield(L, -2, "setns_entry");
		lua_pushstring(L, rows[i].ucount);
		lua_setfield(L, -2, "ucount");
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
}

/* Stringized here, not by MODULE_CONSTANT(): an argument gets expanded. */
#define NSTYPE_CONSTANT(name, nstype, ...) { #nstype, nstype },
#define CLONE_CONSTANT(name, nstype, flag, ...) { #flag, flag },

int luaopen_ns(lua_State *L)
{
	static const struct module_constant constants[] = {
		NSFD_TYPE_ROWS(NSTYPE_CONSTANT) /* NSTYPE_NET, ... */
		NSFD_TYPE_ROWS(CLONE_CONSTANT) /* CLONE_NEWNET, ... */
		CLONE_ONLY_TYPE_ROWS(CLONE_CONSTANT) /* CLONE_NEWTIME */
		/* The RFC's syscall numbers: strace, which does not know
		 * them, shows syscall_0x<number>. */
		{ "NR_nsfd", __NR_nsfd },
		{ "NR_nsfd_setns", __NR_nsfd_setns },
		{ NULL, 0 }
	};

	luaL_newlib(L, ns_functions);
	constants_set(L, constants);
	push_types(L);
	lua_setfield(L, -2, "types");
	return 1;
}
