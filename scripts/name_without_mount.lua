-- name_without_mount: a namespace named by a string, no filesystem needed.
-- 7.3's nsfs file handles (name_to_handle_at() on a namespace fd,
-- open_by_handle_at() to get it back: ns.handle, ns.open_handle) name a
-- namespace without any mount, but a handle does not pin: once every
-- process and fd is gone the namespace is freed and the handle is stale.
-- The RFC's name is a bind mount, and the mount pins.  Both together: a
-- handle reopens a namespace that only the RFC's bind mount holds (an nsfd
-- file holds an active reference in this port, kernel/PORTING.md), though
-- an nsfd file itself has no handle.
local tap = require "tap"
local sc = require "scenario"

local probe = assert(ns.open(0, "net"))
local _, _, no_handles = ns.handle(probe)
fs.close(probe)
if no_handles == errno.EOPNOTSUPP then
	tap.plan { skip_all = "no file handles on this kernel's nsfs (EOPNOTSUPP): they came in 6.18" }
end

local baseline = sc.baseline()
local NAME = "/run/named"
tap.plan(9 + sc.leak_tests(baseline))

-- In a child: enter the namespace of nsfs fd @fd with mainline's setns,
-- check the creator's marker.
local function enters(fd)
	return sc.in_child(function()
		assert(ns.setns(fd, "net"))
		return sc.marker("net")
	end)
end

local function stale(handle)
	local fd, msg = ns.open_handle(handle)
	if fd then
		fs.close(fd)
	end
	return msg == "ESTALE: Stale file handle (open_by_handle_at)"
end

local c = sc.creator("net")
local nsfs = assert(ns.open(c.pid, "net"))
local handle = assert(ns.handle(nsfs))
local rfc = assert(ns.nsfd(c.pid, "net"))
sc.step("a creator's netns; its handle stored as a string")
tap.is(select(3, ns.handle(rfc)), errno.ENOTTY, "an nsfd file has no handle (ENOTTY)")
fs.close(rfc)
c.release()
sc.step("creator gone: an nsfs fd holds the netns")
local again = ns.open_handle(handle)
tap.ok(again and enters(again), "the handle reopens it while the fd holds it, and setns enters it")
fs.close(again)
fs.close(nsfs)
sc.step("every process and fd gone: only the stored string")
tap.ok(life.wait("net", baseline.net), "a handle does not pin: the netns is freed")
tap.ok(stale(handle), "the handle is stale: ESTALE")

c = sc.creator("net")
nsfs = assert(ns.open(c.pid, "net"))
handle = assert(ns.handle(nsfs))
fs.close(nsfs)
rfc = assert(ns.nsfd(c.pid, "net"))
assert(fs.bind(rfc, NAME))
fs.close(rfc)
c.release()
sc.step("a second netns, its handle stored, bound at " .. NAME .. " by the RFC; creator and fds gone")
tap.ok(life.wait("net", baseline.net + 1), "the RFC's bind mount keeps it")
local named = fs.open(NAME, "r")
tap.ok(named and sc.enters_with_marker("net", named), "open() of the name gives an nsfd fd that enters it")
fs.close(named)
again = ns.open_handle(handle)
tap.ok(again and enters(again), "the handle reopens it too: an nsfs fd that setns enters")
fs.close(again)
assert(fs.umount(NAME))
sc.step("unmounted: freed")
tap.ok(life.wait("net", baseline.net), "umount frees it")
tap.ok(stale(handle), "and the handle is stale: ESTALE")
fs.unlink(NAME)
sc.back_to(baseline)
tap.done_testing()
