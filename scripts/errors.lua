-- errors: every errno the RFC specifies, reached from the console, and
-- the permission rules: nsfd needs ptrace-attach access to the target,
-- nsfd_setns needs CAP_SYS_ADMIN, and only nsfd files of the right type
-- are accepted; an unprivileged task may not bind mount a handle either.
local tap = require "tap"
local sc = require "scenario"

local baseline = sc.baseline()
tap.plan(12 + sc.leak_tests(baseline))

local function errno_of(ok, _, err)
	return ok and 0 or err
end

local EPERM, ESRCH, EBADF, EINVAL = errno.EPERM, errno.ESRCH, errno.EBADF, errno.EINVAL
tap.is(errno_of(ns.nsfd(0, 99)), EINVAL, "nsfd of an unknown nstype: EINVAL")
tap.is(errno_of(ns.nsfd(999999, "net")), ESRCH, "nsfd of no such pid: ESRCH")
tap.ok(sc.in_child(function()
	assert(proc.setgid(sc.NOBODY) and proc.setuid(sc.NOBODY))
	return errno_of(ns.nsfd(1, "net")) == EPERM
end), "nsfd of PID 1 by an unprivileged task (no ptrace attach): EPERM")

local net = assert(ns.nsfd(0, "net"))
local uts = assert(ns.nsfd(0, "uts"))
local proc_net = assert(ns.open(0, "net"))
local file = assert(fs.open("/init", "r"))
local r, w = assert(fs.pipe())
sc.step("the console holds nsfd fds of its net and uts namespaces, an nsfs fd, a file and a pipe")
tap.ok(sc.in_child(function()
	assert(proc.setgid(sc.NOBODY) and proc.setuid(sc.NOBODY))
	return errno_of(ns.nsfd_setns("net", net)) == EPERM
end), "nsfd_setns without CAP_SYS_ADMIN: EPERM")
tap.is(errno_of(ns.nsfd_setns("net", 9999)), EBADF, "nsfd_setns of a closed fd: EBADF")
tap.is(errno_of(ns.nsfd_setns(99, net)), EINVAL, "nsfd_setns of an unknown nstype: EINVAL")
tap.is(errno_of(ns.nsfd_setns("net", file)), EINVAL, "nsfd_setns of a regular file: EINVAL")
tap.is(errno_of(ns.nsfd_setns("net", r)), EINVAL, "nsfd_setns of a pipe: EINVAL")
tap.is(errno_of(ns.nsfd_setns("net", proc_net)), EINVAL,
	"nsfd_setns of a mainline nsfs fd: EINVAL")
tap.is(errno_of(ns.nsfd_setns("net", uts)), EINVAL,
	"nsfd_setns of an nsfd fd of another type: EINVAL")
tap.ok(sc.in_child(function()
	assert(fs.close(fs.open("/tmp/unpriv-name", "w", "create")))
	assert(proc.setgid(sc.NOBODY) and proc.setuid(sc.NOBODY))
	return errno_of(fs.bind(net, "/tmp/unpriv-name")) == EPERM
end), "bind mount of an nsfd fd by an unprivileged task: EPERM")
tap.ok(sc.in_child(function()
	assert(proc.drop_caps())
	return errno_of(ns.nsfd_setns("net", net)) == EPERM
end), "nsfd_setns as root with every capability dropped: EPERM")
fs.unlink("/tmp/unpriv-name")
for _, fd in ipairs({ net, uts, proc_net, file, r, w }) do
	fs.close(fd)
end
sc.back_to(baseline)
tap.done_testing()
