-- enter_several: entering a task's namespaces, several at once.  Mainline's
-- setns(pidfd, CLONE_NEWNET | CLONE_NEWUTS | ...) (5.8) enters every type
-- asked for, all or none: one refused type and nothing changes.  The RFC
-- (like mainline's setns() on a namespace fd) enters one type per call, so
-- a refusal on the third call leaves the first two entered.  And a pidfd
-- names a process, not its namespaces: once the process exits it enters
-- nothing, while an nsfd fd taken before still enters its netns.
local tap = require "tap"
local parked = require "parked"
local sc = require "scenario"

local baseline = sc.baseline()
tap.plan(9 + sc.leak_tests(baseline))

-- fn() in a child that is PID 1 of a new pid namespace, from where the
-- console's pid namespace (its parent) cannot be entered: true if fn
-- returned true.
local function in_new_pid_ns(fn)
	local pid = assert(proc.clone("pid", fn))
	local _, how, code = proc.wait(pid, 30)
	return how == "exited" and code == 0
end

-- What a child that tried sees: which markers it is among.
local function markers()
	return (sc.marker("net") and "net " or "") .. (sc.marker("uts") and "uts" or "")
end

local target = assert(parked.fork(function()
	assert(ns.unshare("net", "uts"))
	assert(sys.sysctl("net.ipv4.ip_default_ttl", sc.TTL_MARKER))
	assert(sys.sethostname(sc.HOSTNAME_MARKER))
	return "marked"
end))
assert(target.said == "marked", "the target did not start")
local pidfd = assert(proc.pidfd_open(target.pid))
local rfc = {
	net = assert(ns.nsfd(target.pid, "net")),
	uts = assert(ns.nsfd(target.pid, "uts")),
	pid = assert(ns.nsfd(target.pid, "pid")),
}
local nsfs = { net = assert(ns.open(target.pid, "net")), pid = assert(ns.open(target.pid, "pid")) }
sc.step("a target in new net and uts namespaces, marked; a pidfd and nsfd fds on it")

tap.ok(sc.in_child(function()
	assert(ns.setns(pidfd, "net", "uts"))
	return markers() == "net uts"
end), "setns(pidfd, net | uts) enters both in one call")

-- Refused at pid, after uts was checked: not even uts is entered.
tap.ok(in_new_pid_ns(function()
	local ok, _, err = ns.setns(pidfd, "net", "uts", "pid")
	return ok == nil and err == errno.EINVAL and markers() == ""
end), "setns(pidfd, net | uts | pid) from a child pid namespace: EINVAL, and none entered")

tap.ok(sc.in_child(function()
	assert(ns.nsfd_setns("net", rfc.net))
	assert(ns.nsfd_setns("uts", rfc.uts))
	return markers() == "net uts"
end), "the RFC: one nsfd_setns per type enters both")

tap.ok(in_new_pid_ns(function()
	assert(ns.nsfd_setns("net", rfc.net))
	assert(ns.nsfd_setns("uts", rfc.uts))
	local ok, _, err = ns.nsfd_setns("pid", rfc.pid)
	return ok == nil and err == errno.EINVAL and markers() == "net uts"
end), "the RFC: the pid call refused (EINVAL), the net and uts calls before it stay entered")

tap.ok(in_new_pid_ns(function()
	assert(ns.setns(nsfs.net, "net"))
	local ok, _, err = ns.setns(nsfs.pid, "pid")
	return ok == nil and err == errno.EINVAL and markers() == "net "
end), "mainline's setns on namespace fds is per call too: net stays entered after pid is refused")

local _, how, code = target.release(10)
assert(how == "exited" and code == 0, "the target failed")
sc.step("the target exited: the pidfd names no process; the nsfd and nsfs fds still pin")

tap.ok(sc.in_child(function()
	local ok, _, err = ns.setns(pidfd, "net")
	return ok == nil and err == errno.ESRCH and markers() == ""
end), "setns(pidfd, net) once the process exited: ESRCH")
tap.ok(life.wait("net", baseline.net + 1), "the netns lives on: the fds pin it, the pidfd does not")
tap.ok(sc.in_child(function()
	assert(ns.nsfd_setns("net", rfc.net))
	return markers() == "net "
end), "the nsfd fd taken before still enters it")

fs.close(pidfd)
for _, fd in pairs(rfc) do
	fs.close(fd)
end
for _, fd in pairs(nsfs) do
	fs.close(fd)
end
tap.ok(life.wait("net", baseline.net) and life.wait("uts", baseline.uts), "closing the fds frees both")
sc.step("every fd closed: freed")
sc.back_to(baseline)
tap.done_testing()
