// SPDX-License-Identifier: GPL-2.0
/*
 * Module "fs": files as plain integer fds (closed explicitly, never by the
 * garbage collector: namespace lifetime depends on exactly when an fd
 * closes), mounts with flags by name, and fd passing over unix sockets.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <lauxlib.h>

#include "args.h"
#include "constants.h"
#include "interrupt.h"
#include "modules.h"
#include "names.h"
#include "result.h"

#define READ_DEFAULT 65536
/* The most one fs.read() asks for: its buffer is allocated in full first. */
#define READ_MAX (16 * 1024 * 1024)

static const struct named_value open_flags[] = {
	{ "r", O_RDONLY },
	{ "w", O_WRONLY },
	{ "rw", O_RDWR },
	{ "create", O_CREAT },
	{ "excl", O_EXCL },
	{ "trunc", O_TRUNC },
	{ "append", O_APPEND },
	{ "cloexec", O_CLOEXEC },
	{ "nofollow", O_NOFOLLOW },
	{ "directory", O_DIRECTORY },
	{ "path", O_PATH },
	{ "nonblock", O_NONBLOCK },
	{ NULL, 0 },
};

/* fs.open(path, flag...) -> fd; flags by name ("r", "create", ...), mode 0644. */
static int l_open(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	int flags = (int)names_check_or(L, 2, lua_gettop(L), "open flag",
					open_flags);

	return result_int(L, open(path, flags, 0644), path);
}

static int l_close(lua_State *L)
{
	int fd = args_check_fd(L, 1);

	args_check_nargs(L, 1);
	return result_true(L, close(fd), "close");
}

/* fs.dup(fd [, newfd]) -> the new fd. */
static int l_dup(lua_State *L)
{
	int fd = args_check_fd(L, 1);

	args_check_nargs(L, 2);
	if (lua_isnoneornil(L, 2))
		return result_int(L, dup(fd), "dup");
	return result_int(L, dup2(fd, args_check_fd(L, 2)), "dup2");
}

/*
 * Whether read(2) of @fd may block: an fd open for reading, without
 * O_NONBLOCK.  One open write-only (a pipe's write end, the console's
 * stdout and stderr) never polls readable, and read(2) fails on it at
 * once (EBADF), as it does on a closed fd.
 */
static bool read_may_block(int fd)
{
	int flags = fcntl(fd, F_GETFL);

	return flags >= 0 && !(flags & O_NONBLOCK) &&
	       (flags & O_ACCMODE) != O_WRONLY;
}

/* fs.read(fd [, max]) -> string ("" at end of file). */
static int l_read(lua_State *L)
{
	int fd = args_check_fd(L, 1);
	lua_Integer max = luaL_optinteger(L, 2, READ_DEFAULT);
	luaL_Buffer b;
	ssize_t len;
	char *p;

	args_check_nargs(L, 2);
	luaL_argcheck(L, max > 0 && max <= READ_MAX, 2, "size out of range");
	p = luaL_buffinitsize(L, &b, max);
	/* Block in ppoll(), where a ^C can stop the chunk, not in read(). */
	if (read_may_block(fd) && interrupt_poll(fd, POLLIN, NULL))
		return result_errno(L, errno, "read");
	len = read(fd, p, max);
	if (len < 0)
		return result_errno(L, errno, "read");
	luaL_pushresultsize(&b, len);
	return 1;
}

/* fs.write(fd, string) -> bytes written. */
static int l_write(lua_State *L)
{
	int fd = args_check_fd(L, 1);
	size_t len;
	const char *s = luaL_checklstring(L, 2, &len);

	args_check_nargs(L, 2);
	return result_int(L, write(fd, s, len), "write");
}

/* fs.pipe() -> read fd, write fd. */
static int l_pipe(lua_State *L)
{
	int fds[2];

	args_check_nargs(L, 0);
	if (pipe(fds))
		return result_errno(L, errno, "pipe");
	lua_pushinteger(L, fds[0]);
	lua_pushinteger(L, fds[1]);
	return 2;
}

static int l_mkdir(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	lua_Integer mode = luaL_optinteger(L, 2, 0755);

	args_check_nargs(L, 2);
	luaL_argcheck(L, mode >= 0 && mode <= 07777, 2, "mode out of range");
	return result_true(L, mkdir(path, (mode_t)mode), path);
}

static int l_unlink(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);

	args_check_nargs(L, 1);
	return result_true(L, unlink(path), path);
}

static int l_rmdir(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);

	args_check_nargs(L, 1);
	return result_true(L, rmdir(path), path);
}

static const char *file_type(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
		return "file";
	case S_IFDIR:
		return "directory";
	case S_IFLNK:
		return "link";
	case S_IFCHR:
		return "char";
	case S_IFBLK:
		return "block";
	case S_IFIFO:
		return "fifo";
	case S_IFSOCK:
		return "socket";
	}
	return "unknown";
}

/* fs.stat(path or fd) -> {ino=, dev=, mode=, type=, size=, nlink=, uid=, gid=} */
static int l_stat(lua_State *L)
{
	struct stat st;
	int err;

	args_check_nargs(L, 1);
	if (lua_type(L, 1) == LUA_TNUMBER)
		err = fstat(args_check_fd(L, 1), &st);
	else
		err = stat(luaL_checkstring(L, 1), &st);
	if (err)
		return result_errno(L, errno, "stat");
	lua_createtable(L, 0, 8);
	lua_pushinteger(L, (lua_Integer)st.st_ino);
	lua_setfield(L, -2, "ino");
	lua_pushinteger(L, (lua_Integer)st.st_dev);
	lua_setfield(L, -2, "dev");
	lua_pushinteger(L, st.st_mode & 07777);
	lua_setfield(L, -2, "mode");
	lua_pushstring(L, file_type(st.st_mode));
	lua_setfield(L, -2, "type");
	lua_pushinteger(L, (lua_Integer)st.st_size);
	lua_setfield(L, -2, "size");
	lua_pushinteger(L, (lua_Integer)st.st_nlink);
	lua_setfield(L, -2, "nlink");
	lua_pushinteger(L, st.st_uid);
	lua_setfield(L, -2, "uid");
	lua_pushinteger(L, st.st_gid);
	lua_setfield(L, -2, "gid");
	return 1;
}

/* fs.statfs(path or fd) -> the filesystem's magic number (f_type). */
static int l_statfs(lua_State *L)
{
	struct statfs sfs;
	int err;

	args_check_nargs(L, 1);
	if (lua_type(L, 1) == LUA_TNUMBER)
		err = fstatfs(args_check_fd(L, 1), &sfs);
	else
		err = statfs(luaL_checkstring(L, 1), &sfs);
	if (err)
		return result_errno(L, errno, "statfs");
	lua_pushinteger(L, (lua_Integer)sfs.f_type);
	return 1;
}

static int l_readlink(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	char target[PATH_MAX];
	ssize_t len;

	args_check_nargs(L, 1);
	len = readlink(path, target, sizeof(target));
	if (len < 0)
		return result_errno(L, errno, path);
	lua_pushlstring(L, target, len);
	return 1;
}

/* fs.listdir(path) -> the names in a directory, without "." and "..". */
static int l_listdir(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	DIR *dir;
	struct dirent *entry;
	int n = 0;

	args_check_nargs(L, 1);
	dir = opendir(path);
	if (!dir)
		return result_errno(L, errno, path);
	lua_newtable(L);
	while ((entry = readdir(dir))) {
		if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, ".."))
			continue;
		lua_pushstring(L, entry->d_name);
		lua_rawseti(L, -2, ++n);
	}
	closedir(dir);
	return 1;
}

static const struct named_value mount_flags[] = {
	{ "bind", MS_BIND },
	{ "rec", MS_REC },
	{ "move", MS_MOVE },
	{ "remount", MS_REMOUNT },
	{ "ro", MS_RDONLY },
	{ "nosuid", MS_NOSUID },
	{ "nodev", MS_NODEV },
	{ "noexec", MS_NOEXEC },
	{ "private", MS_PRIVATE },
	{ "shared", MS_SHARED },
	{ "slave", MS_SLAVE },
	{ "unbindable", MS_UNBINDABLE },
	{ NULL, 0 },
};

static const char *opt_path(lua_State *L, int arg)
{
	return lua_isnoneornil(L, arg) ? NULL : luaL_checkstring(L, arg);
}

/*
 * fs.mount(source, target, fstype [, data [, flag...]]) -> true; source,
 * fstype and data may be nil; flags by name ("bind", "rec", "private"...).
 */
static int l_mount(lua_State *L)
{
	const char *source = opt_path(L, 1);
	const char *target = luaL_checkstring(L, 2);
	const char *fstype = opt_path(L, 3);
	const char *data = opt_path(L, 4);
	unsigned long flags =
		names_check_or(L, 5, lua_gettop(L), "mount flag", mount_flags);

	return result_true(L, mount(source, target, fstype, flags, data),
			   target);
}

/*
 * fs.bind(source, target) -> true: mount --bind, where source is a path or
 * an open fd (bound as /proc/self/fd/N, the RFC's way of naming an nsfd
 * file).  A missing target is created as an empty file.
 */
static int l_bind(lua_State *L)
{
	const char *target = luaL_checkstring(L, 2);
	char fd_path[64];
	const char *source;
	int fd;

	args_check_nargs(L, 2);
	/* A bad source is the source's error, and leaves no target behind. */
	if (lua_type(L, 1) == LUA_TNUMBER) {
		fd = args_check_fd(L, 1);
		if (fcntl(fd, F_GETFD) < 0)
			return result_errno(L, errno, "bind");
		snprintf(fd_path, sizeof(fd_path), "/proc/self/fd/%d", fd);
		source = fd_path;
	} else {
		source = luaL_checkstring(L, 1);
		if (access(source, F_OK))
			return result_errno(L, errno, source);
	}
	fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0)
		close(fd);
	else if (errno != EEXIST)
		return result_errno(L, errno, target);
	if (mount(source, target, NULL, MS_BIND, NULL)) {
		int saved = errno;

		if (fd >= 0)
			unlink(target);
		return result_errno(L, saved, target);
	}
	lua_pushboolean(L, 1);
	return 1;
}

static const struct named_value umount_flags[] = {
	{ "detach", MNT_DETACH },
	{ "force", MNT_FORCE },
	{ "expire", MNT_EXPIRE },
	{ "nofollow", UMOUNT_NOFOLLOW },
	{ NULL, 0 },
};

/* fs.umount(target [, flag...]) -> true; "detach" is umount -l. */
static int l_umount(lua_State *L)
{
	const char *target = luaL_checkstring(L, 1);
	int flags = (int)names_check_or(L, 2, lua_gettop(L), "umount flag",
					umount_flags);

	return result_true(L, umount2(target, flags), target);
}

/* fs.propagation(path, "private"|"shared"|"slave"|"unbindable" [, "rec"]) */
static int l_propagation(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	unsigned long flags =
		names_check_or(L, 2, lua_gettop(L), "mount flag", mount_flags);

	return result_true(L, mount(NULL, path, NULL, flags, NULL), path);
}

/* fs.socketpair() -> two connected unix stream sockets, for sendfd(). */
static int l_socketpair(lua_State *L)
{
	int fds[2];

	args_check_nargs(L, 0);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds))
		return result_errno(L, errno, "socketpair");
	lua_pushinteger(L, fds[0]);
	lua_pushinteger(L, fds[1]);
	return 2;
}

/* fs.sendfd(socket, fd) -> true: hand fd to the peer (SCM_RIGHTS). */
static int l_sendfd(lua_State *L)
{
	int sock = args_check_fd(L, 1), fd = args_check_fd(L, 2);
	char byte = 'F';
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} control = {};
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = control.buf,
		.msg_controllen = sizeof(control.buf),
	};
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);

	args_check_nargs(L, 2);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	return result_true(L, sendmsg(sock, &msg, 0) == 1 ? 0 : -1, "sendfd");
}

/* fs.recvfd(socket) -> the fd the peer sent, new in this process. */
static int l_recvfd(lua_State *L)
{
	int sock = args_check_fd(L, 1), fd;
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} control = {};
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = control.buf,
		.msg_controllen = sizeof(control.buf),
	};
	struct cmsghdr *cmsg;
	ssize_t len;

	args_check_nargs(L, 1);
	len = recvmsg(sock, &msg, 0);
	if (len < 0)
		return result_errno(L, errno, "recvfd");
	cmsg = CMSG_FIRSTHDR(&msg);
	if (len == 0 || !cmsg || cmsg->cmsg_type != SCM_RIGHTS)
		return result_errno(L, len == 0 ? ECONNRESET : EBADMSG,
				    "recvfd: no fd in the message");
	memcpy(&fd, CMSG_DATA(cmsg), sizeof(int));
	lua_pushinteger(L, fd);
	return 1;
}

static const luaL_Reg fs_functions[] = {
	{ "open", l_open },
	{ "close", l_close },
	{ "dup", l_dup },
	{ "read", l_read },
	{ "write", l_write },
	{ "pipe", l_pipe },
	{ "mkdir", l_mkdir },
	{ "unlink", l_unlink },
	{ "rmdir", l_rmdir },
	{ "stat", l_stat },
	{ "statfs", l_statfs },
	{ "readlink", l_readlink },
	{ "listdir", l_listdir },
	{ "mount", l_mount },
	{ "bind", l_bind },
	{ "umount", l_umount },
	{ "propagation", l_propagation },
	{ "socketpair", l_socketpair },
	{ "sendfd", l_sendfd },
	{ "recvfd", l_recvfd },
	{ NULL, NULL },
};

int luaopen_fs(lua_State *L)
{
	static const struct module_constant constants[] = {
		MODULE_CONSTANT(NSFD_FS_MAGIC),	   MODULE_CONSTANT(NSFS_MAGIC),
		MODULE_CONSTANT(PROC_SUPER_MAGIC), MODULE_CONSTANT(TMPFS_MAGIC),
		MODULE_CONSTANT(O_CLOEXEC),	   { NULL, 0 }
	};

	luaL_newlib(L, fs_functions);
	constants_set(L, constants);
	return 1;
}
