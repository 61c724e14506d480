-- util_linux: the host's lsns, nsenter, unshare and umount, run in the
-- guest, on a netns named the RFC's way (nsfd bound at /run/rfc) and one
-- named mainline's way (`unshare --net=/run/mainline`, a bind mount of
-- an nsfs file).  lsns finds namespaces through /proc/<pid>/ns and names
-- through nsfs mounts: an nsfd mount is neither, so a netns the RFC's
-- name alone holds is invisible to it, and a task's netns shows no name.
-- nsenter --net=NAME is setns(): EINVAL on the nsfd file, while --target
-- PID reaches the same netns through mainline's /proc handle.
local tap = require "tap"
local sc = require "scenario"
local parked = require "parked"

local versions = sc.need_tools{ { "lsns", "--version" }, { "nsenter", "--version" }, { "unshare", "--version" } }
local baseline = sc.baseline()
tap.plan(14 + sc.leak_tests(baseline))

local RFC, MAINLINE = "/run/rfc", "/run/mainline"

-- lsns -t net as {[id] = NSFS column}.
local function lsns_net()
	local r = sc.run{ "lsns", "-t", "net", "-n", "-o", "NS,NSFS" }
	local rows = {}
	for id, nsfs in r.stdout:gmatch("(%d+)[ \t]*([^\n]*)") do
		rows[tonumber(id)] = nsfs
	end
	return rows, r
end

local function id_of(path)
	local f = assert(fs.open(path, "r"))
	local id = ns.id(f)
	fs.close(f)
	return id
end

local function task_in(path, enter)
	local p = assert(parked.fork(function()
		assert(enter(assert(fs.open(path, "r"))))
		return "in"
	end))
	assert(p.said == "in", "a task could not enter " .. path)
	return p
end

sc.step("before (" .. versions.lsns .. ")")
assert(fs.close(assert(fs.open(MAINLINE, "w", "create"))))
local r = sc.run{ "unshare", "--net=" .. MAINLINE, "true" }
tap.is(r.code, 0, "unshare --net=/run/mainline: mainline's persistent netns")
tap.is(fs.statfs(MAINLINE), fs.NSFS_MAGIC, "an nsfs bind mount, seen by the console")
local mainline_id = id_of(MAINLINE)
local c = sc.creator("net")
local fd = assert(ns.nsfd(c.pid, "net"))
assert(fs.bind(fd, RFC))
c.release()
local rfc_id = ns.id(fd)
fs.close(fd)
tap.ok(life.wait("net", baseline.net + 2), "and the RFC's: nsfd bound at /run/rfc; both held by their mounts alone")
sc.step("two netns, each held only by a name: mainline's and the RFC's")

local listed, lsns = lsns_net()
tap.is(lsns.code, 0, "lsns -t net runs")
tap.ok(listed[ns.id(0, "net")], "it lists the console's netns")
tap.ok(not listed[rfc_id], "not the RFC-named one: no task is in it, and an nsfd mount is not nsfs")
tap.diag("the mainline-named one, with no task in it: " .. (listed[mainline_id] and "listed" or "not listed")
	.. " by " .. versions.lsns)

local in_rfc = task_in(RFC, function(f) return ns.nsfd_setns("net", f) end)
local in_mainline = task_in(MAINLINE, function(f) return ns.setns(f, "net") end)
listed = lsns_net()
tap.is(listed[rfc_id], "", "a task in the RFC-named netns: listed, with no name (NSFS empty)")
tap.is(listed[mainline_id], MAINLINE, "a task in the mainline-named one: NSFS is /run/mainline")
sc.step("a task in each: lsns lists both, and names only mainline's")

r = sc.run{ "nsenter", "--net=" .. RFC, "true" }
tap.ok(r.code ~= 0 and r.stderr:find("Invalid argument", 1, true),
	"nsenter --net=/run/rfc fails: setns() of an nsfd file is EINVAL")
r = sc.run{ "nsenter", "--net=" .. MAINLINE, "readlink", "/proc/self/ns/net" }
tap.is(r.stdout, "net:[" .. mainline_id .. "]\n", "nsenter --net=/run/mainline enters it")
r = sc.run{ "nsenter", "--target", tostring(in_rfc.pid), "--net", "readlink", "/proc/self/ns/net" }
tap.is(r.stdout, "net:[" .. rfc_id .. "]\n",
	"nsenter --target PID --net reaches the RFC-named netns through /proc/PID/ns/net")
in_rfc.release(10)
in_mainline.release(10)
sc.step("nsenter: only mainline's handles")

r = sc.run{ "umount", RFC }
tap.is(r.code, 0, "the host's umount takes the RFC's name down")
r = sc.run{ "umount", MAINLINE }
tap.is(r.code, 0, "and mainline's")
tap.ok(life.wait("net", baseline.net), "both netns freed")
assert(fs.unlink(RFC) and fs.unlink(MAINLINE))
sc.step("unmounted: freed")
sc.back_to(baseline)
tap.done_testing()
