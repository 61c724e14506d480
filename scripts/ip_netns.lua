-- ip_netns: iproute2's `ip netns`, the host's own program run in the guest,
-- on the names it makes itself (mainline: a bind mount of
-- /proc/self/ns/net at /run/netns/NAME) and on a name the RFC makes (a
-- bind mount of an nsfd fd at the same place).  ip finds both by
-- readdir(), but every call it makes with the name's fd is mainline's:
-- setns() and RTM_GETNSID refuse an nsfd file (EINVAL), and identify and
-- pids compare st_dev and st_ino with /proc/<pid>/ns/net, which an nsfd
-- file never matches.  A umount is a umount: `ip netns delete` frees both.
local tap = require "tap"
local sc = require "scenario"
local parked = require "parked"

local versions = sc.need_tools{ { "ip", "-V" } }
local baseline = sc.baseline()
tap.plan(18 + sc.leak_tests(baseline))

-- A child that enters the netns named at path with enter(fd) and parks.
local function task_in(path, enter)
	local p = assert(parked.fork(function()
		local fd = assert(fs.open(path, "r"))
		assert(enter(fd))
		return "in"
	end))
	assert(p.said == "in", "a task could not enter " .. path)
	return p
end

local function lines(text)
	local set = {}
	for line in text:gmatch("[^\n]+") do
		set[#set + 1] = line
	end
	return set
end

sc.step("before: no names under /run/netns (" .. versions.ip .. ")")
local r = sc.run{ "ip", "netns", "add", "red" }
tap.is(r.code, 0, "ip netns add red")
tap.ok(life.wait("net", baseline.net + 1), "a netns with no task in it: the mount holds it")
local red_mount = fs.statfs("/run/netns/red")
tap.is(red_mount, fs.NSFS_MAGIC, "the console sees /run/netns/red, an nsfs mount (/run is shared)")
sc.step("ip netns add red: an nsfs bind mount at /run/netns/red")

r = sc.run{ "ip", "netns", "exec", "red", "ip", "-br", "link" }
tap.like(r.stdout, "^lo%s", "ip netns exec red runs in it: only lo")
local red_task = task_in("/run/netns/red", function(fd) return ns.setns(fd, "net") end)
r = sc.run{ "ip", "netns", "identify", tostring(red_task.pid) }
tap.is(r.stdout, "red\n", "ip netns identify finds a task's netns by the mainline name")
r = sc.run{ "ip", "netns", "pids", "red" }
tap.is(r.stdout, red_task.pid .. "\n", "ip netns pids red lists that task")
sc.step("a task in red: identify and pids find it")

local c = sc.creator("net")
local fd = assert(ns.nsfd(c.pid, "net"))
assert(fs.bind(fd, "/run/netns/blue"))
fs.close(fd)
c.release()
tap.ok(life.wait("net", baseline.net + 2), "the RFC's name: nsfd bound at /run/netns/blue, fd closed, creator gone")
local blue_task = task_in("/run/netns/blue", function(fd) return ns.nsfd_setns("net", fd) end)
sc.step("the RFC's name at /run/netns/blue, a task entered by nsfd_setns")

r = sc.run{ "ip", "netns", "list" }
local listed = lines(r.stdout)
table.sort(listed)
tap.is(table.concat(listed, " "), "blue red", "ip netns list shows both names (readdir)")
tap.like(r.stderr, "Peer netns reference is invalid",
	"and asks for blue's peer id with its fd: the kernel refuses an nsfd file (RTM_GETNSID, EINVAL)")
r = sc.run{ "ip", "netns", "exec", "blue", "cat", "/proc/sys/net/ipv4/ip_default_ttl" }
tap.ok(r.code ~= 0 and r.stderr:find("Invalid argument", 1, true),
	"ip netns exec blue fails: setns() of an nsfd file is EINVAL")
r = sc.run{ "ip", "netns", "exec", "red", "cat", "/proc/sys/net/ipv4/ip_default_ttl" }
tap.ok(r.code == 0 and r.stdout ~= sc.TTL_MARKER .. "\n", "while red's works (and is not blue's netns)")
r = sc.run{ "ip", "netns", "identify", tostring(blue_task.pid) }
tap.like(r.stdout, "^%s*$", "ip netns identify: no name for a task in blue (an nsfd file's st_dev is not nsfs's)")
r = sc.run{ "ip", "netns", "pids", "blue" }
tap.is(r.stdout, "", "ip netns pids blue: none, with a task in it")
tap.ok(sc.in_child(function()
	assert(ns.nsfd_setns("net", assert(fs.open("/run/netns/blue", "r"))))
	return sc.marker("net")
end), "the RFC's own call enters blue by that name: the creator's marker")
sc.step("ip lists blue, and can do nothing else with it")

red_task.release(10)
blue_task.release(10)
r = sc.run{ "ip", "netns", "delete", "blue" }
tap.is(r.code, 0, "ip netns delete blue: a umount and an unlink, as for its own names")
tap.ok(life.wait("net", baseline.net + 1), "and that frees blue's netns")
r = sc.run{ "ip", "netns", "delete", "red" }
tap.ok(r.code == 0 and life.wait("net", baseline.net), "ip netns delete red frees red")
tap.ok(not fs.stat("/run/netns/red") and not fs.stat("/run/netns/blue"), "no name left")
sc.step("both deleted: freed")
sc.back_to(baseline)
tap.done_testing()
