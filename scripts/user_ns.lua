-- user_ns: a user namespace, named and pinned by nsfd (beyond the RFC,
-- kernel/patches/0005).  A creator unshares a user namespace, maps uid 7
-- inside to root outside, and exits: the nsfd fd alone keeps it; a task
-- that is not the creator's child enters it with nsfd_setns and reads the
-- map.  A second creator makes a uts namespace inside a new user
-- namespace: an nsfd fd of the uts namespace alone keeps both alive, as
-- a namespace holds its owner.  Who may open a name: nsfd files are mode
-- 0600 and owned by global root, as in the RFC, so uid 65534, or root
-- inside a user namespace that does not map global root, gets EACCES
-- where nsfs files (0444) let them in.
local tap = require "tap"
local sc = require "scenario"

local baseline = sc.baseline()
tap.plan(16 + sc.leak_tests(baseline))

local c = sc.creator("user")
local fd = ns.nsfd(c.pid, "user")
tap.ok(fd, "nsfd of the creator's user namespace")
tap.is(ns.id(fd), ns.id(c.pid, "user"), "the fd names it")
c.release()
sc.step("the creator of a user namespace (uid 7 inside is root outside) exits: an nsfd fd holds it")
tap.ok(life.wait("user", baseline.user + 1), "with the creator gone, the kernel still counts it")
tap.ok(sc.enters_with_marker("user", fd), "nsfd_setns enters it and finds uid 7 mapped to root")
tap.ok(sc.in_child(function()
	local _, _, err = ns.nsfd_setns("user", ns.nsfd(0, "user"))
	return err == errno.EINVAL
end), "nsfd_setns of the caller's own user namespace: EINVAL, as setns")
tap.ok(fs.bind(fd, "/run/user-ns"), "mount --bind /proc/self/fd/N /run/user-ns")
local reopened = fs.open("/run/user-ns", "r")
tap.ok(reopened, "root may open() the name")
fs.close(reopened)

-- Who may open: uid sc.NOBODY (65534), with an nsfd fd and an nsfs fd inherited.
local nsfs = ns.open(0, "net")
fs.bind(nsfs, "/run/net-nsfs")
sc.step("bound at /run/user-ns; the console's netns bound from an nsfs fd at /run/net-nsfs")
local function as_nobody(fn)
	return sc.in_child(function()
		assert(proc.setuid(sc.NOBODY))
		return fn()
	end)
end
tap.ok(as_nobody(function()
	local _, _, err = fs.open("/run/user-ns", "r")
	return err == errno.EACCES
end), "uid " .. sc.NOBODY .. " may not open() the name: EACCES (nsfd files are 0600 root, as in the RFC)")
tap.ok(as_nobody(function()
	local _, _, err = fs.open("/proc/self/fd/" .. fd, "r")
	return err == errno.EACCES
end), "nor reopen its own inherited nsfd fd through /proc/self/fd/N: EACCES")
tap.ok(as_nobody(function()
	local a, b = fs.open("/run/net-nsfs", "r"), fs.open("/proc/self/fd/" .. nsfs, "r")
	return a ~= nil and b ~= nil
end), "where it may open a name of an nsfs file and reopen an nsfs fd (0444)")
do
	-- Root of a user namespace made by uid 1000, whose map leaves global
	-- root out: the console writes it (uid 0 inside is 1000 outside).
	local ready_r, ready_w = assert(fs.pipe())
	local go_r, go_w = assert(fs.pipe())
	local pid = proc.fork(function()
		fs.close(ready_r)
		fs.close(go_w)
		assert(proc.setuid(1000))
		assert(ns.unshare("user"))
		fs.close(ready_w)
		fs.read(go_r)
		assert(ns.unshare("net"))
		local own = assert(ns.nsfd(0, "net"))
		local _, _, err = fs.open("/proc/self/fd/" .. own, "r")
		return err == errno.EACCES and fs.open("/proc/self/ns/net", "r") ~= nil
	end)
	fs.close(ready_w)
	fs.close(go_r)
	fs.read(ready_r)
	local map = assert(io.open("/proc/" .. pid .. "/uid_map", "w"))
	assert(map:write("0 1000 1") and map:close())
	fs.close(go_w)
	fs.close(ready_r)
	local _, how, code = proc.wait(pid, 10)
	tap.ok(how == "exited" and code == 0, "root of a user namespace may not reopen its own "
		.. "netns's nsfd fd (EACCES), but may open its nsfs file")
end
fs.umount("/run/net-nsfs")
fs.close(nsfs)

tap.ok(fs.close(fd), "close the fd: the name alone keeps it")
sc.step("the fd closed: the name alone holds the user namespace")
tap.ok(life.wait("user", baseline.user + 1), "the kernel still counts it")
tap.ok(fs.umount("/run/user-ns"), "umount the name")

-- A user namespace kept alive by a namespace it owns.
local owner = sc.creator("user")
local uts_r, uts_w = assert(fs.socketpair())
local made = proc.fork(function()
	fs.close(uts_r)
	assert(ns.nsfd_setns("user", assert(ns.nsfd(owner.pid, "user"))))
	assert(ns.unshare("uts"))
	assert(sys.sethostname("owned"))
	local utsfd = assert(ns.nsfd(0, "uts"))
	assert(fs.sendfd(uts_w, utsfd))
end)
local utsfd = fs.recvfd(uts_r)
proc.wait(made)
fs.close(uts_r)
fs.close(uts_w)
owner.release()
sc.step("a uts namespace made inside a second user namespace; only an nsfd fd of the uts namespace is left")
tap.ok(utsfd and life.wait("user", baseline.user + 1) and life.wait("uts", baseline.uts + 1),
	"an nsfd fd of a uts namespace alone keeps it and the user namespace owning it")
tap.ok(sc.in_child(function()
	assert(ns.nsfd_setns("uts", utsfd))
	return sys.hostname() == "owned"
end), "nsfd_setns enters the uts namespace: its hostname is there")
fs.close(utsfd)
sc.step("that fd closed: the uts namespace and its owner are freed")
sc.back_to(baseline)
tap.done_testing()
