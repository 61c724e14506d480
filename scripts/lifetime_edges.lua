-- lifetime_edges: where the "lifetime of a deleted file" gets subtle.  A
-- pin held only by a mount inside a mount namespace dies with that mount
-- namespace; an fd inherited across fork keeps the namespace until every
-- copy is closed; O_CLOEXEC drops a handle at exec; a name made under a
-- shared mount propagates to its peer, and so does its umount; a thousand pin/unpin
-- cycles leave nothing behind; a zombie's namespaces are gone already
-- (ESRCH); a pid that was reused names the new task, while a handle taken
-- before still holds the old namespace.
local tap = require "tap"
local sc = require "scenario"

local baseline = sc.baseline()
tap.plan(13 + sc.leak_tests(baseline))

-- A pin held only by a mount in a mount namespace that dies.
local c = sc.creator("net")
local fd = assert(ns.nsfd(c.pid, "net"))
c.release()
local go_r, go_w = assert(fs.pipe())
local ready_r, ready_w = assert(fs.pipe())
local holder = assert(proc.fork(function()
	fs.close(go_w)
	assert(ns.unshare("mnt"))
	assert(fs.propagation("/", "private", "rec"))
	assert(fs.bind(fd, "/tmp/only-here"))
	fs.close(fd)
	fs.write(ready_w, "r")
	fs.read(go_r)
end))
fs.close(go_r)
fs.close(ready_w)
fs.read(ready_r)
fs.close(ready_r)
fs.close(fd)
sc.step("a task in its own mount namespace bound the netns at /tmp/only-here; every fd closed")
tap.is(fs.statfs("/tmp/only-here"), fs.TMPFS_MAGIC,
	"outside that mount namespace the name is a plain tmpfs file, not the mount")
tap.ok(life.wait("net", baseline.net + 1), "a mount in another mount namespace alone keeps the netns")
fs.close(go_w)
proc.wait(holder)
fs.unlink("/tmp/only-here")
sc.step("that task exits: its mount namespace dies, the netns with it")
tap.ok(life.wait("net", baseline.net), "when that mount namespace dies, the netns goes with it")

-- An fd inherited across fork, closed in one process only.
c = sc.creator("net")
fd = assert(ns.nsfd(c.pid, "net"))
c.release()
go_r, go_w = assert(fs.pipe())
local sharer = assert(proc.fork(function()
	fs.close(go_w)
	fs.read(go_r)	-- holds its copy of fd until told to go
end))
fs.close(go_r)
fs.close(fd)
sc.step("an fd inherited across fork, closed in the parent")
tap.ok(life.wait("net", baseline.net + 1), "closed in the parent, the child's inherited copy keeps it")
fs.close(go_w)
proc.wait(sharer)
tap.ok(life.wait("net", baseline.net), "the child's exit closes the last copy")

-- O_CLOEXEC: a handle reopened with "cloexec" is gone after exec.
c = sc.creator("net")
fd = assert(ns.nsfd(c.pid, "net"))
c.release()
assert(fs.bind(fd, "/run/edge"))
fs.close(fd)
local kept = assert(fs.open("/run/edge", "r"))
local dropped = assert(fs.open("/run/edge", "r", "cloexec"))
sc.step("/run/edge reopened twice: plainly and with O_CLOEXEC")
local probe = assert(fs.open("/tmp/probe.lua", "w", "create", "trunc"))
fs.write(probe, [[
local kept, dropped = math.tointeger(tonumber(arg[1])), math.tointeger(tonumber(arg[2]))
proc.exit((fs.stat(kept) and not fs.stat(dropped)) and 0 or 1)
]])
fs.close(probe)
tap.ok(sc.in_child(function()
	proc.exec("/init", "/tmp/probe.lua", tostring(kept), tostring(dropped))
	return false
end), "after exec the plain handle is open, the O_CLOEXEC one closed")
fs.unlink("/tmp/probe.lua")
fs.close(kept)
fs.close(dropped)
fs.umount("/run/edge")
fs.unlink("/run/edge")
tap.ok(life.wait("net", baseline.net), "and nothing of it is left")

-- Propagation: a name made under a shared mount appears in its peer, and
-- its umount propagates too; the namespace lives until the last copy goes.
assert(fs.mkdir("/run/shared") and fs.mkdir("/run/peer"))
assert(fs.mount("/run/shared", "/run/shared", nil, nil, "bind"))
assert(fs.propagation("/run/shared", "shared"))
assert(fs.mount("/run/shared", "/run/peer", nil, nil, "bind"))
c = sc.creator("net")
fd = assert(ns.nsfd(c.pid, "net"))
c.release()
assert(fs.bind(fd, "/run/shared/name"))
fs.close(fd)
sc.step("bound at /run/shared/name: the mount propagates to its peer /run/peer")
tap.is(fs.statfs("/run/peer/name"), fs.NSFD_FS_MAGIC,
	"a bind mount under a shared mount propagates to its peer")
assert(fs.umount("/run/shared/name"))
tap.ok(fs.statfs("/run/peer/name") ~= fs.NSFD_FS_MAGIC and life.wait("net", baseline.net),
	"its umount propagates too, and frees the netns")
sc.step("its umount propagates too: freed")
fs.unlink("/run/shared/name")
assert(fs.umount("/run/peer") and fs.umount("/run/shared"))
fs.rmdir("/run/peer")
fs.rmdir("/run/shared")

-- A thousand pin/unpin cycles on one namespace.
c = sc.creator("net")
local cycles_ok = true
for _ = 1, 1000 do
	local h = ns.nsfd(c.pid, "net")
	cycles_ok = cycles_ok and h and fs.bind(h, "/run/cycle") and fs.close(h)
		and fs.umount("/run/cycle") and true
	if not cycles_ok then
		break
	end
end
c.release()
fs.unlink("/run/cycle")
sc.step("after 1000 cycles of nsfd, bind, close, umount")
tap.ok(cycles_ok, "1000 cycles of nsfd, bind, close, umount")
tap.ok(life.wait("net", baseline.net), "after them the count is back at its baseline")

-- A zombie, and a pid that was reused.
local zombie = assert(proc.fork(function() end))
-- It stays a zombie until reaped; poll, bounded, for its exit.
local function state(pid)
	local f = io.open("/proc/" .. pid .. "/stat")
	local s = f and f:read("a")
	if f then f:close() end
	return s and s:match("^%d+ %b() (%a)")
end
for _ = 1, 500 do
	if state(zombie) == "Z" then break end
	proc.sleep(0.01)
end
local _, _, err = ns.nsfd(zombie, "net")
tap.is(state(zombie) .. ":" .. tostring(err), "Z:3",
	"nsfd of a zombie: ESRCH (its namespaces are released at exit)")
proc.wait(zombie)

-- Past pid_max, pids wrap to 300 (RESERVED_PIDS), never lower: with
-- pid_max at 400, use up the pids below 300 first, so that the creator's
-- pid comes round again within 100 forks.
local saved_max = sys.sysctl("kernel.pid_max")
assert(sys.sysctl("kernel.pid_max", "400"))
local function fork_until(done)
	for _ = 1, 800 do
		local p = assert(proc.fork(function() proc.sleep(2) end))
		if done(p) then
			return p
		end
		proc.kill(p, "KILL")
		proc.wait(p)
	end
end
local burnt = assert(fork_until(function(p) return p >= 300 end), "no pid reached 300")
proc.kill(burnt, "KILL")
proc.wait(burnt)
c = sc.creator("uts")
local old = assert(ns.nsfd(c.pid, "uts"))
local pid = c.pid
c.release()
sc.step("a uts creator exited; an nsfd fd still holds its namespace")
local reused = fork_until(function(p) return p == pid end)
sys.sysctl("kernel.pid_max", saved_max)
if reused then
	local new = assert(ns.nsfd(reused, "uts"))
	sc.step("its pid came round again: a new task, in the initial uts namespace")
	tap.ok(ns.id(new) ~= ns.id(old) and sc.enters_with_marker("uts", old),
		"after pid reuse, nsfd(pid) names the new task's namespace; the old handle still holds the old one")
	fs.close(new)
	proc.kill(reused, "KILL")
	proc.wait(reused)
else
	tap.skip("nsfd of a reused pid", "pid " .. pid .. " did not come round again in 800 forks")
end
fs.close(old)
sc.back_to(baseline)
tap.done_testing()
