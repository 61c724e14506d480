-- non_child: the RFC's second problem, "it is not possible to use a
-- namespace unless you are the child of the original creator".  With
-- nsfd, tasks that are not the creator's children enter its namespace: a
-- sibling (by the creator's pid), a grandchild of the fd's holder (by
-- inheritance), a task forked before the fd existed (by SCM_RIGHTS), and
-- a task that has exec'd (the fd survives exec: the RFC has no CLOEXEC).
local tap = require "tap"
local sc = require "scenario"

local baseline = sc.baseline()
tap.plan(5 + sc.leak_tests(baseline))

-- Forked before the creator and before any handle exists: only a unix
-- socket can bring it the fd.
local mine, theirs = assert(fs.socketpair())
local early = assert(proc.fork(function()
	local got = assert(fs.recvfd(theirs))
	assert(ns.nsfd_setns("net", got))
	return sc.marker("net")
end))

local c = sc.creator("net")

tap.ok(sc.in_child(function()
	local fd = assert(ns.nsfd(c.pid, "net"))
	assert(ns.nsfd_setns("net", fd))
	return sc.marker("net")
end), "a sibling of the creator takes nsfd(creator) and enters")

local fd = assert(ns.nsfd(c.pid, "net"))
sc.step("a creator in a new netns; the console holds an nsfd fd; a task forked earlier waits on a socket")
tap.ok(sc.in_child(function()
	return sc.in_child(function()
		assert(ns.nsfd_setns("net", fd))
		return sc.marker("net")
	end)
end), "a grandchild of the fd's holder enters through the inherited fd")

c.release()
sc.step("the creator exits: the console's fd holds the netns")
tap.ok(fs.sendfd(mine, fd), "send the fd over a unix socket (SCM_RIGHTS)")
local _, how, code = proc.wait(early, 10)
tap.ok(how == "exited" and code == 0, "the receiver enters the namespace, its creator gone")
fs.close(mine)
fs.close(theirs)

local script = assert(fs.open("/tmp/enter.lua", "w", "create", "trunc"))
fs.write(script, [[
local fd = math.tointeger(tonumber(arg[1]))
assert(ns.nsfd_setns("net", fd))
proc.exit(sys.sysctl("net.ipv4.ip_default_ttl") == arg[2] and 0 or 1)
]])
fs.close(script)
tap.ok(sc.in_child(function()
	proc.exec("/init", "/tmp/enter.lua", tostring(fd), sc.TTL_MARKER)
	return false
end), "after exec, the inherited fd still enters the namespace")
fs.unlink("/tmp/enter.lua")
fs.close(fd)
sc.step("the last fd closed: freed")
sc.back_to(baseline)
tap.done_testing()
