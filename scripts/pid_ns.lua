-- pid_ns: a PID namespace, named and pinned by nsfd (beyond the RFC,
-- kernel/patches/0005).  A creator unshares its pid namespace for its
-- children and forks the namespace's init (pid 1 inside), which forks a
-- marker task (pid 2: a child of pid 1, as it sees itself); the creator
-- exits.  nsfd of init names the namespace.  A task that is not their
-- child enters it with nsfd_setns, which (as mainline setns) applies to
-- its children only: its next child is in the namespace and finds the
-- marker task as pid 2.  Then init exits: the fd still keeps the
-- namespace counted and nsfd_setns still succeeds, as mainline setns does
-- with an nsfs fd, but a fork there fails with ENOMEM in both: a pid
-- namespace whose init is gone takes no new task.  A bind mount names it
-- until umount frees it.
local tap = require "tap"
local sc = require "scenario"

local baseline = sc.baseline()
tap.plan(13 + sc.leak_tests(baseline))

-- init's global pid comes back on a pipe; init ends when `go` closes.
local info_r, info_w = assert(fs.pipe())
local go_r, go_w = assert(fs.pipe())
local creator = assert(proc.fork(function()
	fs.close(info_r)
	fs.close(go_w)
	assert(ns.unshare("pid"))
	local init = assert(proc.fork(function()
		assert(proc.getpid() == 1, "init is pid 1 inside")
		local marker = assert(proc.fork(function()
			assert(proc.getppid() == 1 and proc.getpid() == 2)
			fs.read(go_r)
		end))
		fs.write(info_w, "ready")
		fs.read(go_r)
		proc.wait(marker)
	end))
	fs.write(info_w, tostring(init) .. " ")
end))
fs.close(info_w)
fs.close(go_r)
local info = ""
repeat
	local more = fs.read(info_r)
	info = info .. (more or "")
until more == "" or more == nil or (info:find("ready") and info:find("%d+ "))
fs.close(info_r)
local init = math.tointeger(tonumber(info:match("(%d+) ")))
proc.wait(creator)
tap.ok(init and info:find("ready"), "the creator's child is init (pid 1) of a new pid namespace, with a marker task")

local fd = init and ns.nsfd(init, "pid")
tap.ok(fd, "nsfd of init's pid namespace")
tap.is(fd and ns.id(fd), init and ns.id(init, "pid"), "the fd names it")
tap.isnt(fd and ns.id(fd), ns.id(0, "pid"), "a namespace other than the console's")
local nsfs = ns.open(init, "pid")
sc.step("init (pid 1 inside) and its marker task (pid 2) in a new pid namespace; an nsfd fd and an nsfs fd on it")

-- In a child: enter by nsfd_setns (or mainline setns), fork, run fn there.
local function in_pid_ns(enter, fn)
	return sc.in_child(function()
		assert(enter())
		local pid, msg, err = proc.fork(fn)
		if not pid then
			return err
		end
		local _, how, code = proc.wait(pid)
		return how == "exited" and code or 99
	end)
end
tap.ok(in_pid_ns(function() return ns.nsfd_setns("pid", fd) end, function()
	-- Its parent is outside: getppid() says 0; pid 2 is the marker.
	return proc.getppid() == 0 and proc.getpid() > 2 and proc.kill(2, 0)
end), "a non-child enters with nsfd_setns: its child is in the namespace and finds pid 2")
tap.ok(sc.in_child(function()
	assert(ns.nsfd_setns("pid", fd))
	return ns.id(0, "pid") ~= ns.id(fd)
end), "nsfd_setns leaves the caller's own pid namespace as it was (children only)")

fs.close(go_w)
local gone = false
for _ = 1, 100 do
	if not fs.stat("/proc/" .. init) then
		gone = true
		break
	end
	proc.sleep(0.02)
end
tap.ok(gone, "init exits, and its namespace's tasks with it")
sc.step("init exits, and its marker task with it: the fds hold the pid namespace")
tap.ok(life.wait("pid", baseline.pid + 1), "the fd still keeps the namespace counted")
local function fork_fails(enter)
	local pid = proc.fork(function()
		assert(enter())
		local child, _, err = proc.fork(function() end)
		if child then
			proc.wait(child)
		end
		return err == errno.ENOMEM
	end)
	local _, how, code = proc.wait(pid)
	return how == "exited" and code == 0
end
tap.ok(fork_fails(function() return ns.nsfd_setns("pid", fd) end),
	"without init, nsfd_setns still enters it, but a fork there fails: ENOMEM")
tap.ok(fork_fails(function() return ns.setns(nsfs, "pid") end),
	"mainline setns with an nsfs fd behaves the same")

tap.ok(fs.bind(fd, "/run/pid-ns"), "mount --bind /proc/self/fd/N /run/pid-ns")
fs.close(fd)
fs.close(nsfs)
sc.step("bound at /run/pid-ns, every fd closed")
tap.ok(life.wait("pid", baseline.pid + 1), "with no fd left, the name keeps it counted")
tap.ok(fs.umount("/run/pid-ns"), "umount the name")
sc.step("unmounted: freed")
sc.back_to(baseline)
tap.done_testing()
