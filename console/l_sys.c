// SPDX-License-Identifier: GPL-2.0
/*
 * Module "sys": the state a scenario leaves in a namespace and reads back:
 * the hostname (uts), per-namespace sysctls (net, ipc, uts), and network
 * interfaces (net): list, up/down, veth pairs and moving a link into
 * another network namespace through rtnetlink.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <lauxlib.h>

#include "args.h"
#include "constants.h"
#include "modules.h"
#include "result.h"

static int l_hostname(lua_State *L)
{
	char name[HOST_NAME_MAX + 1];

	args_check_nargs(L, 0);
	if (gethostname(name, sizeof(name)))
		return result_errno(L, errno, "gethostname");
	lua_pushstring(L, name);
	return 1;
}

static int l_sethostname(lua_State *L)
{
	size_t len;
	const char *name = luaL_checklstring(L, 1, &len);

	args_check_nargs(L, 1);
	return result_true(L, sethostname(name, len), "sethostname");
}

/* "net.ipv4.ip_default_ttl" -> "/proc/sys/net/ipv4/ip_default_ttl" */
static void sysctl_path(char *path, size_t size, const char *name)
{
	size_t n = snprintf(path, size, "/proc/sys/%s", name);

	for (size_t i = strlen("/proc/sys/"); i < n && i < size; i++)
		if (path[i] == '.')
			path[i] = '/';
}

/* sys.sysctl(name [, value]) -> the value (trailing newline dropped) or true. */
static int l_sysctl(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	const char *value = luaL_optstring(L, 2, NULL);
	char path[256], buf[4096];
	ssize_t len;
	int fd;

	args_check_nargs(L, 2);
	luaL_argcheck(L, !strstr(name, ".."), 1, "not a sysctl name");
	sysctl_path(path, sizeof(path), name);
	fd = open(path, value ? O_WRONLY | O_TRUNC : O_RDONLY);
	if (fd < 0)
		return result_errno(L, errno, path);
	if (value)
		len = write(fd, value, strlen(value));
	else
		len = read(fd, buf, sizeof(buf));
	if (len < 0) {
		int saved = errno;

		close(fd);
		return result_errno(L, saved, path);
	}
	close(fd);
	if (value) {
		lua_pushboolean(L, 1);
		return 1;
	}
	while (len > 0 && buf[len - 1] == '\n')
		len--;
	lua_pushlstring(L, buf, len);
	return 1;
}

/* sys.interfaces() -> { {index=, name=, up=}, ... } of this netns. */
static int l_interfaces(lua_State *L)
{
	struct if_nameindex *ifs, *i;
	int sock, n = 0;

	args_check_nargs(L, 0);
	ifs = if_nameindex();
	sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (!ifs || sock < 0) {
		int saved = errno;

		if (ifs)
			if_freenameindex(ifs);
		if (sock >= 0)
			close(sock);
		return result_errno(L, saved, "interfaces");
	}
	lua_newtable(L);
	for (i = ifs; i->if_index; i++) {
		struct ifreq ifr = {};

		lua_createtable(L, 0, 3);
		lua_pushinteger(L, i->if_index);
		lua_setfield(L, -2, "index");
		lua_pushstring(L, i->if_name);
		lua_setfield(L, -2, "name");
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", i->if_name);
		if (!ioctl(sock, SIOCGIFFLAGS, &ifr)) {
			lua_pushboolean(L, ifr.ifr_flags & IFF_UP);
			lua_setfield(L, -2, "up");
		}
		lua_rawseti(L, -2, ++n);
	}
	if_freenameindex(ifs);
	close(sock);
	return 1;
}

/* sys.link_up(name [, up]) -> true: ip link set NAME up (or down). */
static int l_link_up(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	int up = lua_isnoneornil(L, 2) || lua_toboolean(L, 2);
	struct ifreq ifr = {};
	int sock, err;

	args_check_nargs(L, 2);
	luaL_argcheck(L, strlen(name) < IFNAMSIZ, 1, "interface name too long");
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sock < 0)
		return result_errno(L, errno, "socket");
	err = ioctl(sock, SIOCGIFFLAGS, &ifr);
	if (!err) {
		ifr.ifr_flags = up ? ifr.ifr_flags | IFF_UP :
				     ifr.ifr_flags & ~IFF_UP;
		err = ioctl(sock, SIOCSIFFLAGS, &ifr);
	}
	if (err) {
		int saved = errno;

		close(sock);
		return result_errno(L, saved, name);
	}
	close(sock);
	lua_pushboolean(L, 1);
	return 1;
}

/* An rtnetlink request being built: header, ifinfomsg, attributes. */
struct rtnl_request {
	struct nlmsghdr header;
	struct ifinfomsg info;
	char attrs[512];
};

static struct rtattr *rtnl_tail(struct rtnl_request *req)
{
	return (struct rtattr *)((char *)req +
				 NLMSG_ALIGN(req->header.nlmsg_len));
}

static struct rtattr *rtnl_add(struct rtnl_request *req, int type,
			       const void *data, size_t len)
{
	struct rtattr *rta = rtnl_tail(req);

	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(rta), data, len);
	req->header.nlmsg_len =
		NLMSG_ALIGN(req->header.nlmsg_len) + RTA_ALIGN(rta->rta_len);
	return rta;
}

static void rtnl_end_nest(struct rtnl_request *req, struct rtattr *nest)
{
	nest->rta_len = (char *)rtnl_tail(req) - (char *)nest;
}

/* Send the request and wait for its acknowledgement; 0 or -errno. */
static int rtnl_talk(struct rtnl_request *req)
{
	struct {
		struct nlmsghdr header;
		struct nlmsgerr error;
	} ack;
	int sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	ssize_t len;
	int err;

	if (sock < 0)
		return -errno;
	req->header.nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	if (send(sock, req, req->header.nlmsg_len, 0) < 0) {
		err = -errno;
		close(sock);
		return err;
	}
	len = recv(sock, &ack, sizeof(ack), 0);
	err = len < 0 ? -errno : 0;
	close(sock);
	if (err)
		return err;
	if (len < (ssize_t)sizeof(ack) || ack.header.nlmsg_type != NLMSG_ERROR)
		return -EBADMSG;
	return ack.error.error;
}

static int push_rtnl_result(lua_State *L, int err, const char *what)
{
	if (err)
		return result_errno(L, -err, what);
	lua_pushboolean(L, 1);
	return 1;
}

static const char *check_ifname(lua_State *L, int arg)
{
	const char *name = luaL_checkstring(L, arg);

	luaL_argcheck(L, *name && strlen(name) < IFNAMSIZ, arg,
		      "not an interface name");
	return name;
}

/* sys.veth(name, peer) -> true: ip link add NAME type veth peer name PEER. */
static int l_veth(lua_State *L)
{
	const char *name = check_ifname(L, 1), *peer = check_ifname(L, 2);
	struct rtnl_request req = {
		.header = {
			.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)),
			.nlmsg_type = RTM_NEWLINK,
			.nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL,
		},
	};
	struct ifinfomsg peer_info = {};
	struct rtattr *linkinfo, *data, *peer_nest;

	args_check_nargs(L, 2);
	rtnl_add(&req, IFLA_IFNAME, name, strlen(name) + 1);
	linkinfo = rtnl_add(&req, IFLA_LINKINFO, NULL, 0);
	rtnl_add(&req, IFLA_INFO_KIND, "veth", 4);
	data = rtnl_add(&req, IFLA_INFO_DATA, NULL, 0);
	peer_nest =
		rtnl_add(&req, VETH_INFO_PEER, &peer_info, sizeof(peer_info));
	rtnl_add(&req, IFLA_IFNAME, peer, strlen(peer) + 1);
	rtnl_end_nest(&req, peer_nest);
	rtnl_end_nest(&req, data);
	rtnl_end_nest(&req, linkinfo);
	return push_rtnl_result(L, rtnl_talk(&req), "veth");
}

/*
 * sys.link_netns(name, {pid = N} or {fd = N}) -> true: move the link into
 * the network namespace of a task, or of a namespace fd.  The kernel takes
 * only nsfs fds (/proc/<pid>/ns/net) here, not nsfd files.
 */
static int l_link_netns(lua_State *L)
{
	const char *name = check_ifname(L, 1);
	struct rtnl_request req = {
		.header = {
			.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)),
			.nlmsg_type = RTM_NEWLINK,
		},
	};
	lua_Integer value;
	int is_pid, index;
	__u32 target;

	args_check_nargs(L, 2);
	luaL_checktype(L, 2, LUA_TTABLE);
	is_pid = lua_getfield(L, 2, "pid") != LUA_TNIL;
	if (!is_pid)
		lua_getfield(L, 2, "fd");
	value = lua_tointeger(L, -1);
	luaL_argcheck(L,
		      lua_isinteger(L, -1) && value >= 0 && value <= INT32_MAX,
		      2, "want {pid = N} or {fd = N}");
	target = (__u32)value;
	index = if_nametoindex(name);
	if (!index)
		return result_errno(L, errno, name);
	req.info.ifi_index = index;
	rtnl_add(&req, is_pid ? IFLA_NET_NS_PID : IFLA_NET_NS_FD, &target,
		 sizeof(target));
	return push_rtnl_result(L, rtnl_talk(&req), name);
}

static const luaL_Reg sys_functions[] = {
	{ "hostname", l_hostname },	{ "sethostname", l_sethostname },
	{ "sysctl", l_sysctl },		{ "interfaces", l_interfaces },
	{ "link_up", l_link_up },	{ "veth", l_veth },
	{ "link_netns", l_link_netns }, { NULL, NULL },
};

int luaopen_sys(lua_State *L)
{
	luaL_newlib(L, sys_functions);
	return 1;
}
