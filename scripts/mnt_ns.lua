-- mnt_ns: a mount namespace, named and pinned by nsfd (beyond the RFC,
-- kernel/patches/0004-0005).  A creator unshares its mount namespace,
-- mounts a tmpfs holding a marker file, and exits: the nsfd fd alone
-- keeps the namespace and its mounts; a task that is not the creator's
-- child enters it with nsfd_setns and finds the marker.  A bind mount in
-- the console's (older) namespace names it.  The loop rule: inside the
-- namespace, binding its own file is refused (EINVAL), for an nsfd file
-- as for an nsfs one, and a copy of the console's namespace leaves both
-- names out.  Closing and unmounting frees it.
local tap = require "tap"
local sc = require "scenario"

local baseline = sc.baseline()
tap.plan(13 + sc.leak_tests(baseline))

local c = sc.creator("mnt")
local fd = ns.nsfd(c.pid, "mnt")
tap.ok(fd, "nsfd of the creator's mount namespace")
tap.is(ns.id(fd), ns.id(c.pid, "mnt"), "the fd names it")
local nsfs = ns.open(c.pid, "mnt")
c.release()
sc.step("the creator of a mount namespace exits: an nsfd fd and an nsfs fd hold it")
tap.ok(life.wait("mnt", baseline.mnt + 1), "with the creator gone, the kernel still counts it")
tap.ok(not sc.marker("mnt"), "its tmpfs is not in the console's namespace")
tap.ok(sc.enters_with_marker("mnt", fd), "nsfd_setns enters it and finds the tmpfs with the marker")

tap.ok(sc.in_child(function()
	assert(ns.nsfd_setns("mnt", fd))
	local _, _, err = fs.bind(ns.nsfd(0, "mnt"), "/tmp/mnt-loop")
	return err == errno.EINVAL
end), "inside it, a bind mount of its own nsfd file is refused: EINVAL")
tap.ok(sc.in_child(function()
	assert(ns.nsfd_setns("mnt", fd))
	local _, _, err = fs.bind(ns.open(0, "mnt"), "/tmp/mnt-loop")
	return err == errno.EINVAL
end), "as is one of its own nsfs file (mainline's rule)")

tap.ok(fs.bind(fd, "/run/mnt-ns"), "the console's older namespace may bind it: /run/mnt-ns")
tap.ok(fs.bind(nsfs, "/run/mnt-nsfs"), "and an nsfs file of it: /run/mnt-nsfs")
fs.close(fd)
fs.close(nsfs)
sc.step("named twice in the console's namespace, every fd closed")
tap.ok(sc.in_child(function()
	assert(ns.unshare("mnt"))
	for _, m in ipairs(fs.mountinfo()) do
		if m.mount_point == "/run/mnt-ns" or m.mount_point == "/run/mnt-nsfs" then
			return false
		end
	end
	return true
end), "a copy of the console's namespace leaves both names out (no loop through a copy)")
local reopened = fs.open("/run/mnt-ns", "r")
tap.ok(reopened and sc.enters_with_marker("mnt", reopened),
	"with no fd and no task, open() of the name enters it: the marker is there")
fs.close(reopened)
tap.ok(fs.umount("/run/mnt-ns") and fs.umount("/run/mnt-nsfs"), "umount both names")
sc.step("both names unmounted: freed")
tap.ok(sc.clean("mnt"), "the marker's mount point is removed")
sc.back_to(baseline)
tap.done_testing()
