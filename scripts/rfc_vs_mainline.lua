-- rfc_vs_mainline: the same lifetime story told twice, with the RFC's
-- handles (nsfd + nsfd_setns) and with mainline's (/proc/<pid>/ns/net +
-- setns), which grew out of the RFC in 3.0 and 3.8.  Each step passes for
-- both; a "# differs:" line marks each point where the two differ.
local tap = require "tap"
local sc = require "scenario"

local baseline = sc.baseline()

local families = {
	{
		name = "RFC",
		open = function(pid) return ns.nsfd(pid, "net") end,
		enter = function(fd) return ns.nsfd_setns("net", fd) end,
		magic = fs.NSFD_FS_MAGIC,
		fstype = "nsfd",
	},
	{
		name = "mainline",
		open = function(pid) return ns.open(pid, "net") end,
		enter = function(fd) return ns.setns(fd, "net") end,
		magic = fs.NSFS_MAGIC,
		fstype = "nsfs",
	},
}

tap.plan(#families * 6 + 2 + sc.leak_tests(baseline))

local function enters(family, fd)
	return sc.in_child(function()
		assert(family.enter(fd))
		return sc.marker("net")
	end)
end

for _, f in ipairs(families) do
	local c = sc.creator("net")
	local fd = f.open(c.pid)
	tap.ok(fd, f.name .. ": a handle on the creator's netns")
	sc.step(f.name .. ": a handle on a creator's netns")
	c.release()
	sc.step(f.name .. ": the creator exits; the handle alone holds it")
	tap.ok(life.wait("net", baseline.net + 1), f.name .. ": the handle alone pins it")
	tap.ok(enters(f, fd), f.name .. ": entering it finds the marker")
	tap.ok(fs.bind(fd, "/run/story"), f.name .. ": bind mount names it")
	fs.close(fd)
	local again = fs.open("/run/story", "r")
	tap.ok(again and fs.statfs(again) == f.magic and enters(f, again),
		f.name .. ": open() of the name gives a handle that enters it")
	sc.step(f.name .. ": bound at /run/story, reopened")
	fs.close(again)
	fs.umount("/run/story")
	fs.unlink("/run/story")
	tap.ok(life.wait("net", baseline.net), f.name .. ": umount frees it")
	sc.step(f.name .. ": unmounted: freed")
end

tap.diag("differs: the RFC's call is nsfd_setns(type, fd), mainline's setns(fd, type); "
	.. "mainline's type may be 0 (any), the RFC's must name the type")
tap.diag("differs: nsfd(pid) asks for ptrace attach access; /proc/<pid>/ns/* for read access")
tap.diag("differs: an nsfd file is named \"nsfd\" in /proc/<pid>/fd and mounts with root \"/\"; "
	.. "an nsfs file is \"net:[inode]\" in both")
tap.diag("differs: mainline setns and rtnetlink (IFLA_NET_NS_FD) take only nsfs fds; "
	.. "nsfd_setns takes only nsfd files")
tap.diag("differs: each nsfd() call makes a new inode; nsfs shares one dentry per namespace")
local rfc, mainline = ns.nsfd(0, "net"), ns.open(0, "net")
local _, _, err_a = ns.setns(rfc, "net")
local _, _, err_b = ns.nsfd_setns("net", mainline)
tap.ok(err_a == errno.EINVAL and err_b == errno.EINVAL, "each family's setns refuses the other's handle: EINVAL")
tap.is(ns.id(rfc), ns.id(mainline), "both handles name the same namespace by inode number")
fs.close(rfc)
fs.close(mainline)
sc.back_to(baseline)
tap.done_testing()
