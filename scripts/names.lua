-- names: the RFC's third problem, "namespaces don't have names that
-- userspace can use to talk about them".  A bind mount names a namespace;
-- two names can name one; a naming policy like `ip netns` (a shared
-- /run/netns, add, list, exec, delete) takes a few lines on top of nsfd.
-- Then what readlink, fstatfs and mountinfo show for an nsfd file against
-- mainline's nsfs file.
local tap = require "tap"
local sc = require "scenario"

local baseline = sc.baseline()
tap.plan(14 + sc.leak_tests(baseline))

-- Two names for one namespace.
local c = sc.creator("net")
local fd = assert(ns.nsfd(c.pid, "net"))
c.release()
tap.ok(fs.bind(fd, "/run/name-a") and fs.bind(fd, "/run/name-b"), "one fd bound at two names")
fs.close(fd)
sc.step("one netns bound at /run/name-a and /run/name-b; fd closed")
tap.is(fs.stat("/run/name-a").ino, fs.stat("/run/name-b").ino, "both names show one namespace")
fs.umount("/run/name-a")
sc.step("/run/name-a unmounted: /run/name-b holds it")
tap.ok(life.wait("net", baseline.net + 1), "with one name gone, the other keeps it")
fs.umount("/run/name-b")
tap.ok(life.wait("net", baseline.net), "the last umount frees it")
fs.unlink("/run/name-a")
fs.unlink("/run/name-b")
sc.step("the last name unmounted: freed")

-- A naming policy like ip-netns(8), in Lua.
local netns = { dir = "/run/netns" }

function netns.add(name)
	fs.mkdir(netns.dir)
	if not fs.propagation(netns.dir, "shared", "rec") then
		-- not a mount point yet: make it one, as ip netns does
		assert(fs.mount(netns.dir, netns.dir, nil, nil, "bind", "rec"))
		assert(fs.propagation(netns.dir, "shared", "rec"))
	end
	local creator = sc.creator("net")
	local handle = assert(ns.nsfd(creator.pid, "net"))
	creator.release()
	local ok, msg, err = fs.bind(handle, netns.dir .. "/" .. name)
	fs.close(handle)
	return ok, msg, err
end

function netns.list()
	local names = fs.listdir(netns.dir) or {}
	table.sort(names)
	return names
end

function netns.exec(name, fn)
	return sc.in_child(function()
		local handle = assert(fs.open(netns.dir .. "/" .. name, "r"))
		assert(ns.nsfd_setns("net", handle))
		fs.close(handle)
		return fn()
	end)
end

function netns.delete(name)
	local path = netns.dir .. "/" .. name
	local ok, msg, err = fs.umount(path, "detach")
	fs.unlink(path)
	return ok, msg, err
end

tap.ok(netns.add("blue") and netns.add("red"), "netns add blue; netns add red")
tap.is(table.concat(netns.list(), " "), "blue red", "netns list")
sc.step("netns add blue; netns add red: two names under the shared /run/netns")
tap.ok(life.wait("net", baseline.net + 2), "two named namespaces, no task in either")
local blue_id = fs.stat("/run/netns/blue").ino
tap.ok(netns.exec("blue", function()
	return ns.id(0, "net") == blue_id and sc.marker("net")
end), "netns exec blue: in blue, with its creator's marker")
tap.ok(fs.stat("/run/netns/red").ino ~= blue_id, "red is another namespace")
tap.ok(netns.delete("blue") and netns.delete("red"), "netns delete blue red")
tap.ok(life.wait("net", baseline.net), "deleting the names frees both")
sc.step("netns delete blue red: both freed")

-- What each kind of handle looks like.
local nsfd = assert(ns.nsfd(0, "net"))
local nsfs = assert(ns.open(0, "net"))
local nsfd_link = fs.readlink("/proc/self/fd/" .. nsfd)
local nsfs_link = fs.readlink("/proc/self/fd/" .. nsfs)
tap.diag("readlink: nsfd fd -> " .. nsfd_link .. "; nsfs fd -> " .. nsfs_link)
tap.ok(nsfd_link == "nsfd" and nsfs_link:match("^net:%[%d+%]$"),
	"readlink names an nsfd file \"nsfd\", an nsfs file \"net:[inode]\"")
tap.diag(string.format("fstatfs: nsfd 0x%x, nsfs 0x%x", fs.statfs(nsfd), fs.statfs(nsfs)))
tap.ok(fs.statfs(nsfd) == fs.NSFD_FS_MAGIC and fs.statfs(nsfs) == fs.NSFS_MAGIC,
	"fstatfs: NSFD_FS_MAGIC against NSFS_MAGIC")
assert(fs.bind(nsfd, "/run/shown-nsfd") and fs.bind(nsfs, "/run/shown-nsfs"))
sc.step("the console's own netns bound twice: by an nsfd fd and by an nsfs fd")
local shown = {}
for _, m in ipairs(fs.mountinfo()) do
	if m.mount_point:match("^/run/shown%-") then
		shown[m.mount_point] = m
		tap.diag(string.format("mountinfo: %s root=%s fstype=%s source=%s",
			m.mount_point, m.root, m.fstype, m.source))
	end
end
tap.ok(shown["/run/shown-nsfd"] and shown["/run/shown-nsfd"].fstype == "nsfd"
	and shown["/run/shown-nsfs"] and shown["/run/shown-nsfs"].fstype == "nsfs",
	"mountinfo: fstype nsfd against nsfs")
fs.umount("/run/shown-nsfd")
fs.umount("/run/shown-nsfs")
fs.unlink("/run/shown-nsfd")
fs.unlink("/run/shown-nsfs")
fs.close(nsfd)
fs.close(nsfs)
sc.back_to(baseline)
tap.done_testing()
