-- enumerate_pins: what nobody holds a process in, enumerated three ways.
-- A netns whose creator exited is held by one thing only: an RFC nsfd fd,
-- an RFC bind mount, an nsfs fd, a mainline bind mount, an nsfd fd in
-- flight in a unix socket (sent, not yet received), a bind mount inside a
-- mount namespace that only such an fd holds, or a unix socket made in
-- it.  For each, three witnesses: the kernel's per-user count (the
-- census, life.count), listns() (ns.list: the namespaces in active use)
-- and the /proc walk (life.pinners: tasks, their fds, the bind mounts in
-- reach).  An nsfd file holds an active reference in this port
-- (kernel/PORTING.md), so listns() lists the RFC's pins as it lists
-- nsfs's; an fd in flight is in no task's fd table, and no task can reach
-- a mount namespace only such an fd holds, so only listns() and the
-- census see what they hold; a socket holds its netns without making it active, so
-- only the census counts it, and no id opens it (ns.open_id: ESTALE).
local tap = require "tap"
local parked = require "parked"
local sc = require "scenario"

if select(3, ns.list()) == errno.ENOSYS then
	tap.plan { skip_all = "no listns() on this kernel (ENOSYS): it came in 6.19" }
end

local baseline = sc.baseline()
local NAME = "/run/enumerated"

-- A pin of a family's handle (take: ns.nsfd or ns.open): its fd, or a
-- bind mount of it on NAME.  hold(pid) returns the function that drops it.
local function an_fd(take)
	return function(pid)
		local fd = assert(take(pid, "net"))
		return function() fs.close(fd) end
	end
end

local function a_mount(take)
	return function(pid)
		local fd = assert(take(pid, "net"))
		assert(fs.bind(fd, NAME))
		fs.close(fd)
		return function() assert(fs.umount(NAME)) end
	end
end

-- A unix socket pair for an fd in flight: the end to send it on, and the
-- function that receives it, closes it and the pair.
local function in_flight()
	local a, b = assert(fs.socketpair())
	return a, function()
		fs.close(assert(fs.recvfd(b)))
		fs.close(a)
		fs.close(b)
	end
end

-- Each way to hold a netns with its creator gone.
local holders = {
	{ what = "an RFC nsfd fd", hold = an_fd(ns.nsfd), listed = true, walked = true },
	{ what = "an RFC bind mount", hold = a_mount(ns.nsfd), listed = true, walked = true },
	{ what = "an nsfs fd", hold = an_fd(ns.open), listed = true, walked = true },
	{ what = "a mainline bind mount", hold = a_mount(ns.open), listed = true, walked = true },
	{
		what = "an nsfd fd in flight in a unix socket",
		hold = function(pid)
			local a, drop = in_flight()
			local fd = assert(ns.nsfd(pid, "net"))
			assert(fs.sendfd(a, fd))
			fs.close(fd)
			return drop
		end,
		listed = true, walked = false,
	},
	{
		what = "a bind mount inside a mount namespace that only an fd in flight keeps",
		hold = function(pid)
			local a, drop = in_flight()
			local namer = assert(proc.fork(function()
				assert(ns.unshare("mnt") and fs.propagation("/", "private", "rec"))
				assert(fs.bind(assert(ns.open(pid, "net")), NAME))
				assert(fs.sendfd(a, assert(ns.open(0, "mnt"))))
			end))
			local _, how, code = proc.wait(namer, 10)
			assert(how == "exited" and code == 0, "the namer failed")
			return drop
		end,
		listed = true, walked = false,
	},
	{
		what = "a unix socket made in it",
		-- The creator makes it; it comes out over a socket made before.
		socket = true,
		listed = false, walked = false,
	},
}

tap.plan(#holders * 5 + sc.leak_tests(baseline))

local function has(list, id)
	for _, v in ipairs(list or {}) do
		if v == id then
			return true
		end
	end
	return false
end

-- Whether the /proc walk finds a task, fd or mount holding it.
local function walked(inode)
	for _, e in ipairs(life.pinners()) do
		if e.type == "net" and e.id == inode then
			return #e.tasks + #e.fds + #e.mounts > 0
		end
	end
	return false
end

-- A creator in a new netns; with @socket, it also makes a unix socket
-- there and sends it out.  Returns its parked child, the netns's ns id and
-- inode, and (with @socket) the function that drops that socket.
local function creator(socket)
	local out, into = assert(fs.socketpair())
	local p = assert(parked.fork(function()
		assert(ns.unshare("net"))
		if socket then
			local mine, peer = assert(fs.socketpair())
			assert(fs.sendfd(out, mine))
			fs.close(mine)
			fs.close(peer)
		end
		local f = assert(ns.open(0, "net"))
		return string.format("%d %d", ns.id(f, "ns_id"), ns.id(f))
	end))
	local id, inode = p.said:match("^(%d+) (%d+)$")
	local drop
	if socket then
		local sock = assert(fs.recvfd(into))
		drop = function() fs.close(sock) end
	end
	fs.close(out)
	fs.close(into)
	return p, math.tointeger(tonumber(id)), math.tointeger(tonumber(inode)), drop
end

local function yes(cond)
	return cond and "yes" or "no"
end

for _, h in ipairs(holders) do
	local p, id, inode, drop = creator(h.socket)
	if not h.socket then
		drop = h.hold(p.pid)
	end
	assert(p.release(10))
	sc.step("creator gone: its netns held only by " .. h.what)
	tap.ok(life.wait("net", baseline.net + 1), h.what .. ": the census counts the netns")
	tap.is(yes(has(ns.list { type = "net" }, id)), yes(h.listed), h.what .. ": listns() "
		.. (h.listed and "lists it" or "does not list it (not in active use)"))
	tap.is(yes(walked(inode)), yes(h.walked), h.what .. ": the /proc walk "
		.. (h.walked and "finds it" or "cannot see it"))
	local fd, msg = ns.open_id(id)
	tap.is(fd and "ok" or msg:match("^E%u+"), h.listed and "ok" or "ESTALE",
		h.what .. ": ns.open_id of its id " .. (h.listed and "opens it" or "is ESTALE"))
	if fd then
		fs.close(fd)
	end
	drop()
	tap.ok(life.wait("net", baseline.net) and not has(ns.list { type = "net" }, id),
		h.what .. " dropped: freed, and no longer listed")
end
sc.step("every holder dropped: the initial namespaces only")
fs.unlink(NAME)
sc.back_to(baseline)
tap.done_testing()
