-- Every primitive of the console's Lua API, its failure returns
-- (nil, "ESYM: message", errno), and its argument errors (raised, naming
-- the argument), run inside ./linux.  Namespaces change only in children.
-- At the end no fd may have leaked.
local tap = require "tap"
local sc = require "scenario"
local NOBODY = sc.NOBODY

local EINVAL, ENOENT, EPERM, ESRCH, ECHILD, ETIMEDOUT =
	errno.EINVAL, errno.ENOENT, errno.EPERM, errno.ESRCH, errno.ECHILD, errno.ETIMEDOUT

local function fd_count()
	return #fs.listdir("/proc/self/fd")
end
local fds_at_start = fd_count()

-- Run fn in a child; its exit code (or nil, how).
local function child(fn, ...)
	local pid = assert(proc.fork(fn, ...))
	local _, how, code = proc.wait(pid, 30)
	if how ~= "exited" then
		return nil, how
	end
	return code
end

-- A failure as the API returns it: nil, "ESYM: ...", errno.
local function fails(name, errno, symbol, ok, msg, err)
	local pass = ok == nil and err == errno and type(msg) == "string"
		and msg:find("^" .. symbol .. ": ") ~= nil
	if not pass then
		tap.diag("got " .. tostring(ok) .. ", " .. tostring(msg) .. ", " .. tostring(err))
	end
	tap.ok(pass, name .. ": nil, " .. symbol .. ", " .. errno)
end

-- A programming error: raises, naming the argument.
local function raises(name, pattern, fn, ...)
	local ok, err = pcall(fn, ...)
	local pass = not ok and tostring(err):find(pattern) ~= nil
	if not pass then
		tap.diag(tostring(err))
	end
	tap.ok(pass, name .. " raises")
end

tap.plan(122)

-- ns ------------------------------------------------------------------
local netfd = ns.nsfd(0, "net")
tap.ok(math.type(netfd) == "integer", "ns.nsfd(0, \"net\") returns an fd")
tap.is(ns.id(netfd), ns.id(0, "net"), "ns.id of the fd is the namespace's")
fails("ns.id of a file that is not a namespace (stdin)", EINVAL, "EINVAL", ns.id(0))
tap.is(select(2, ns.id(netfd)), "inode", "ns.id says its id is the inode number by default")
local utsfd = ns.nsfd(0, ns.NSTYPE_UTS)
tap.is(utsfd and ns.id(utsfd), ns.id(0, "uts"), "ns.nsfd takes an NSTYPE_ number")
fs.close(utsfd)
fails("ns.nsfd(0, 99)", EINVAL, "EINVAL", ns.nsfd(0, 99))
fails("ns.nsfd(999999, \"net\")", ESRCH, "ESRCH", ns.nsfd(999999, "net"))
raises("ns.nsfd(\"x\", \"net\")", "bad argument #1", ns.nsfd, "x", "net")
raises("ns.nsfd(0, \"time\")", "no nsfd type 'time'; want net, uts", ns.nsfd, 0, "time")
raises("ns.nsfd(0, \"bogus\")", "no nsfd type 'bogus'; want net, uts", ns.nsfd, 0, "bogus")
raises("ns.nsfd with an extra argument", "bad argument #3 to 'ns.nsfd' %(no more than 2 arguments", ns.nsfd, 0, "net", 1)
tap.is(child(function() return ns.nsfd_setns("net", netfd) and 0 or 1 end), 0,
	"ns.nsfd_setns enters the namespace (in a child)")
fails("ns.nsfd_setns(\"net\", 9999)", 9, "EBADF", ns.nsfd_setns("net", 9999))
local procfd = ns.open(0, "net")
tap.ok(procfd and fs.readlink("/proc/self/fd/" .. procfd):match("^net:%[%d+%]$"),
	"ns.open(0, \"net\") opens /proc/self/ns/net")
tap.is(child(function() return ns.setns(procfd, "net") and 0 or 1 end), 0,
	"ns.setns takes the nsfs fd (in a child)")
fails("mainline ns.setns of an nsfd fd", EINVAL, "EINVAL", ns.setns(netfd, "net"))
fails("ns.nsfd_setns of an nsfs fd", EINVAL, "EINVAL", ns.nsfd_setns("net", procfd))
fails("ns.open(999999, \"net\")", ENOENT, "ENOENT", ns.open(999999, "net"))
-- ns.id's two kinds: the inode number, or NS_GET_ID's 64-bit id (nsfs only).
tap.subtest("ns.id(fd, \"ns_id\"): NS_GET_ID", function()
	if select(3, ns.id(0, "net", "ns_id")) == errno.ENOTTY then
		tap.plan { skip_all = "no NS_GET_ID on this kernel's nsfs (ENOTTY)" }
	end
	tap.plan(8)
	local id, kind = ns.id(procfd, "ns_id")
	tap.ok(math.type(id) == "integer" and kind == "ns_id", "ns.id(nsfs fd, \"ns_id\") -> id, \"ns_id\"")
	tap.is(ns.id(0, "net", "ns_id"), id, "ns.id(pid, type, \"ns_id\") is the same id")
	tap.is(id, 7, "the initial netns's ns_id is NET_NS_INIT_ID (7)")
	fails("ns.id(nsfd fd, \"ns_id\"): NS_GET_ID answers nsfs only", errno.ENOTTY, "ENOTTY",
		ns.id(netfd, "ns_id"))
	fails("ns.id(stdin, \"ns_id\")", EINVAL, "EINVAL", ns.id(0, "ns_id"))
	fails("ns.id(999999, \"net\", \"ns_id\")", ENOENT, "ENOENT", ns.id(999999, "net", "ns_id"))
	raises("ns.id with an unknown kind", "bad argument #3 to 'ns.id' %(invalid option 'uuid'",
		ns.id, 0, "net", "uuid")
	local closed = assert(ns.open(0, "net"))
	fs.close(closed)
	fails("ns.id of a closed fd", errno.EBADF, "EBADF", ns.id(closed, "ns_id"))
end)
-- nsfs file handles: a namespace named by a string, no filesystem needed.
tap.subtest("ns.handle, ns.open_handle: nsfs file handles", function()
	if select(3, ns.handle(procfd)) == errno.EOPNOTSUPP then
		tap.plan { skip_all = "no file handles on this kernel's nsfs (EOPNOTSUPP)" }
	end
	tap.plan(18)
	local h = ns.handle(procfd)
	tap.ok(type(h) == "string" and h:match("^nsfs:net:%x+:%x+$"), "ns.handle(nsfs fd) -> \"nsfs:net:...\"")
	local back = h and ns.open_handle(h)
	tap.is(back and ns.id(back), ns.id(0, "net"), "ns.open_handle(handle) opens the same namespace")
	tap.is(back and ns.handle(back), h, "and its handle is the same string")
	fs.close(back)
	fails("ns.handle of an nsfd fd", errno.ENOTTY, "ENOTTY", ns.handle(netfd))
	local r, w = fs.pipe()
	fails("ns.handle of a pipe", errno.ENOTTY, "ENOTTY", ns.handle(r))
	fs.close(r)
	fs.close(w)
	fails("ns.handle of a closed fd", errno.EBADF, "EBADF", ns.handle(r))
	local gone = require("parked").fork(function() return assert(ns.unshare("uts")) and "in" end)
	local gone_fd = assert(ns.open(gone.pid, "uts"))
	local gone_h, gone_id = ns.handle(gone_fd), ns.id(gone_fd, "ns_id")
	tap.is(select(2, ns.open_handle((gone_h:gsub("^nsfs:uts:", "nsfs:net:")))), "EINVAL: Invalid argument (not the handle's type)",
		"ns.open_handle of a handle whose type was edited: EINVAL")
	fs.close(gone_fd)
	gone.release()
	fails("ns.open_handle once the namespace is gone", errno.ESTALE, "ESTALE", ns.open_handle(gone_h))
	fails("ns.open_handle of a well-formed handle to nothing", errno.ESTALE, "ESTALE",
		ns.open_handle("nsfs:net:f1:" .. ("00"):rep(16)))
	for _, bad in ipairs({ "hello", "nsfs:net:f1:0", "nsfs:net:zz:00", "nsfs:bogus:f1:00", "nsfs:net:f1:" }) do
		raises("ns.open_handle(\"" .. bad .. "\")", "bad argument #1 to 'ns.open_handle' %(not a namespace handle",
			ns.open_handle, bad)
	end
	-- A handle of the id alone, as lsns opens what listns() lists.
	local by_id = ns.open_id((ns.id(procfd, "ns_id")))
	tap.is(by_id and ns.id(by_id), ns.id(0, "net"), "ns.open_id(ns_id) opens the namespace of that id")
	fs.close(by_id)
	fails("ns.open_id of a freed namespace's id", errno.ESTALE, "ESTALE",
		ns.open_id(gone_id))
	raises("ns.open_id(0)", "bad argument #1 to 'ns.open_id' %(an ns id", ns.open_id, 0)
	raises("ns.open_id(\"7x\")", "bad argument #1 to 'ns.open_id' %(number expected", ns.open_id, "7x")
end)
-- listns(): the namespaces in active use, by ns id.
tap.subtest("ns.list: listns()", function()
	if select(3, ns.list()) == errno.ENOSYS then
		tap.plan { skip_all = "no listns() on this kernel (ENOSYS)" }
	end
	tap.plan(11)
	local function has(list, id)
		for _, v in ipairs(list or {}) do
			if v == id then
				return true
			end
		end
		return false
	end
	local net_id, uts_id = ns.id(0, "net", "ns_id"), ns.id(0, "uts", "ns_id")
	local all = ns.list()
	tap.ok(has(all, net_id) and has(all, uts_id), "ns.list() has the console's net and uts namespaces")
	local nets = ns.list { type = "net" }
	tap.ok(has(nets, net_id) and not has(nets, uts_id), "ns.list{type = \"net\"} has net namespaces only")
	tap.ok(has(ns.list { type = { "uts", "net" } }, uts_id), "ns.list{type = {\"uts\", \"net\"}}")
	local owned = require("parked").fork(function()
		assert(ns.unshare("user", "uts"))
		return string.format("%d %d", ns.id(0, "user", "ns_id"), ns.id(0, "uts", "ns_id"))
	end)
	local user_id, child_uts = owned.said:match("(%d+) (%d+)")
	local by_owner = ns.list { owner = tonumber(user_id) }
	tap.ok(has(by_owner, tonumber(child_uts)) and not has(by_owner, uts_id),
		"ns.list{owner = id} has what a user namespace owns")
	owned.release()
	tap.ok(has(ns.list { owner = "current", type = "uts" }, uts_id), "ns.list{owner = \"current\"}")
	tap.is(child(function()
		-- listns() returns 64 ids a call: two full batches, then none.
		local before, fds = #assert(ns.list { type = "uts" }), {}
		for i = 1, 128 - before do
			assert(ns.unshare("uts"))
			fds[i] = assert(ns.open(0, "uts"))
		end
		return #assert(ns.list { type = "uts" }) == 128 and 0 or 1
	end), 0, "ns.list goes on past a full batch of ids, and stops after one")
	fails("ns.list{owner = no such id}", EINVAL, "EINVAL", ns.list { owner = 999999999 })
	raises("ns.list{type = \"bogus\"}", "bad argument #1 to 'ns.list' %(no namespace type 'bogus'",
		ns.list, { type = "bogus" })
	raises("ns.list{typ = \"net\"}", "bad argument #1 to 'ns.list' %(no field 'typ'", ns.list, { typ = "net" })
	raises("ns.list{owner = -1}", "bad argument #1 to 'ns.list' %(owner:", ns.list, { owner = -1 })
	raises("ns.list(\"net\")", "bad argument #1 to 'ns.list'", ns.list, "net")
end)
-- ns.setns with a pidfd: several types at once, all or none (5.8).
local target = require("parked").fork(function()
	assert(ns.unshare("uts", "net"))
	assert(sys.sethostname("target"))
	return "in"
end)
local target_net = ns.id(target.pid, "net")
local pidfd = proc.pidfd_open(target.pid)
tap.is(child(function()
	assert(ns.setns(pidfd, "uts", "net"))
	return (sys.hostname() == "target" and ns.id(0, "net") == target_net) and 0 or 1
end), 0, "ns.setns(pidfd, \"uts\", \"net\") enters both (in a child)")
local _, _, refused = proc.wait(assert(proc.clone("pid", function()
	-- From a child pid namespace the target's (the parent) is refused,
	-- after uts was validated: nothing is entered.
	local ok, _, err = ns.setns(pidfd, "uts", "pid")
	return (ok == nil and err == EINVAL and sys.hostname() ~= "target") and 0 or 1
end)))
tap.is(refused, 0, "ns.setns(pidfd, \"uts\", \"pid\") refused: EINVAL, and uts not entered either")
fails("ns.setns(pidfd) without a type", EINVAL, "EINVAL", ns.setns(pidfd))
raises("ns.setns(pidfd, \"bogus\")", "bad argument #2 to 'ns.setns' %(no namespace type 'bogus'",
	ns.setns, pidfd, "bogus")
fs.close(pidfd)
target.release()
fails("ns.setns of a closed pidfd", errno.EBADF, "EBADF", ns.setns(pidfd, "uts"))
local owner = child(function()
	assert(ns.unshare("user", "uts"))
	local uts = assert(ns.open(0, "uts"))
	local by_ioctl = assert(ns.owner(uts))
	return ns.id(by_ioctl) == ns.id(0, "user") and 0 or 1
end)
tap.is(owner, 0, "ns.owner of a uts namespace made with a user namespace names that user namespace")
tap.is(child(function()
	local r, w = assert(fs.pipe())
	local init = assert(proc.clone("pid", function() fs.close(w); fs.read(r) end))
	local up = ns.id(assert(ns.parent(assert(ns.open(init, "pid")))))
	fs.close(w)
	proc.wait(init)
	return up == ns.id(0, "pid") and 0 or 1
end), 0, "ns.parent of a new pid namespace is the creator's")
local init_user = ns.open(0, "user")
fails("ns.owner of the initial user namespace", EPERM, "EPERM", ns.owner(init_user))
fs.close(init_user)
fails("ns.parent of a uts namespace", EINVAL, "EINVAL", ns.parent(procfd))
fails("ns.owner of an nsfd fd", errno.ENOTTY, "ENOTTY", ns.owner(netfd))
tap.is(child(function()
	assert(ns.unshare("uts"))
	assert(sys.sethostname("inner"))
	return sys.hostname() == "inner" and 0 or 1
end), 0, "ns.unshare(\"uts\") + sys.sethostname in a child")
tap.isnt(sys.hostname(), "inner", "the console's hostname did not change")
tap.is(ns.CLONE_NEWNET, 0x40000000, "CLONE_NEWNET exported under its C name")

-- proc ----------------------------------------------------------------
local parent_uts, parent_net = ns.id(0, "uts"), ns.id(0, "net")
tap.is(child(function() return 7 end), 7, "proc.fork: the function's integer is the status")
tap.is(child(function() end), 0, "proc.fork: no result is status 0")
tap.is(child(function() return false end), 1, "proc.fork: false is status 1")
tap.is(child(function() error("in the child") end), 2, "proc.fork: an error is status 2")
tap.is(child(function() proc.exit(9) end), 9, "proc.exit ends the child with its status")
local _, _, code_uts = proc.wait(proc.clone({ "uts", "net" }, function()
	return (ns.id(0, "uts") ~= parent_uts and ns.id(0, "net") ~= parent_net) and 0 or 1
end))
tap.is(code_uts, 0, "proc.clone({\"uts\", \"net\"}, fn): the child is in new namespaces")
local _, _, code_clone = proc.wait(proc.clone("pid", function()
	return proc.getpid() == 1 and 0 or 1
end))
tap.is(code_clone, 0, "proc.clone(\"pid\"): the child is PID 1 of its pid namespace")
raises("proc.clone with a bad type", "no namespace type 'nope'; want net, uts, ipc, mnt, pid, user, cgroup or time", proc.clone, "nope", print)
raises("proc.clone with \"time\" (clone(2) can't take it)", "can't take \"time\"",
	proc.clone, "time", print)
local many = {}
for i = 1, 1000 do
	many[i] = "uts"
end
raises("proc.clone with 1000 names", "too many names", proc.clone, many, print)
local parent = proc.getpid()
tap.is(child(function() return proc.getppid() == parent and 0 or 1 end), 0,
	"proc.getppid in a child is the parent's proc.getpid")
local sleeper = proc.fork(function() proc.sleep(30) end)
fails("proc.wait with a timeout", ETIMEDOUT, "ETIMEDOUT", proc.wait(sleeper, 0.05))
tap.ok(proc.kill(sleeper, 0), "proc.kill by number (0: is it there?)")
tap.ok(proc.kill(sleeper, "SIGCONT"), "proc.kill by signal name with SIG")
tap.ok(proc.kill(sleeper, "KILL"), "proc.kill by signal name")
local _, how, code = proc.wait(sleeper)
tap.ok(how == "killed" and code == 9, "proc.wait reports the signal")
fails("proc.wait with no children", ECHILD, "ECHILD", proc.wait())
raises("proc.wait with a NaN timeout", "not a number", proc.wait, -1, 0 / 0)
raises("fs.mkdir with a negative mode", "mode out of range", fs.mkdir, "/tmp/g", -1)
for _ = 1, 20 do
	pcall(sys.interfaces, "extra")
end
raises("sys.interfaces with an argument (and no fd left behind)", "argument",
	sys.interfaces, "extra")
raises("proc.kill(1, \"NOPE\")", "no signal 'NOPE'; want HUP, INT, .* or STOP", proc.kill, 1, "NOPE")
local own_pidfd = proc.pidfd_open(proc.getpid())
tap.ok(own_pidfd and fs.readlink("/proc/self/fd/" .. own_pidfd):find("pidfd", 1, true),
	"proc.pidfd_open(proc.getpid()) returns a pidfd")
fs.close(own_pidfd)
fails("proc.pidfd_open(999999)", ESRCH, "ESRCH", proc.pidfd_open(999999))
fails("proc.pidfd_open(0)", EINVAL, "EINVAL", proc.pidfd_open(0))
raises("proc.pidfd_open(\"x\")", "bad argument #1 to 'proc.pidfd_open'", proc.pidfd_open, "x")
fails("proc.exec of a missing program", ENOENT, "ENOENT", proc.exec("/no/such/program"))
tap.is(child(function()
	assert(proc.setgid(NOBODY))
	assert(proc.setuid(NOBODY))
	local _, _, err = ns.nsfd_setns("net", netfd)
	return err == EPERM and 0 or 1
end), 0, "after proc.setuid(" .. NOBODY .. "), nsfd_setns fails with EPERM")
tap.is(child(function()
	assert(proc.drop_caps())
	local _, _, err = ns.nsfd_setns("net", netfd)
	return err == EPERM and 0 or 1
end), 0, "after proc.drop_caps(), nsfd_setns fails with EPERM")

-- fs ------------------------------------------------------------------
local f = assert(fs.open("/tmp/api-file", "w", "create", "trunc"))
tap.is(fs.write(f, "hello"), 5, "fs.write returns the count")
tap.ok(fs.close(f), "fs.close")
f = assert(fs.open("/tmp/api-file", "r"))
local copy = fs.dup(f)
tap.is(fs.read(copy), "hello", "fs.read through an fs.dup of the fd")
tap.is(fs.read(f), "", "fs.read at end of file is \"\"")
fs.close(f)
fs.close(copy)
fails("fs.open of a missing file", ENOENT, "ENOENT", fs.open("/no/such", "r"))
raises("fs.open with a bad flag", "no open flag 'sideways'; want r, w, rw, .* or nonblock", fs.open, "/tmp/x", "sideways")
fails("fs.close(9999)", 9, "EBADF", fs.close(9999))
local r, w = fs.pipe()
fs.write(w, "through")
tap.is(fs.read(r), "through", "fs.pipe")
-- fs.read(fd) in a child, bounded: 0 if it returned nil, "EBADF: ...", 9,
-- 1 for anything else, "still waiting after 5 s" if it did not return.
local function read_fails_ebadf(fd)
	local pid = assert(proc.fork(function()
		local ok, msg, err = fs.read(fd)
		return ok == nil and err == 9 and msg:find("^EBADF: ") and 0 or 1
	end))
	local got, _, code = proc.wait(pid, 5)
	if not got then
		proc.kill(pid, "KILL")
		proc.wait(pid)
		return "still waiting after 5 s"
	end
	return code
end
tap.is(read_fails_ebadf(w), 0, "fs.read of a pipe's write end: nil, EBADF, 9 at once")
tap.is(read_fails_ebadf(2), 0, "fs.read of stderr (write-only): nil, EBADF, 9 at once")
local reader = assert(proc.fork(function() return fs.read(r) == "late" and 0 or 1 end))
proc.sleep(0.2)
fs.write(w, "late")
tap.is(select(3, proc.wait(reader, 5)), 0, "fs.read of an empty pipe still waits for its writer")
fs.close(r)
fs.close(w)
tap.ok(fs.mkdir("/tmp/api-dir") and fs.stat("/tmp/api-dir").type == "directory",
	"fs.mkdir and fs.stat")
tap.ok(fs.rmdir("/tmp/api-dir") and fs.unlink("/tmp/api-file"), "fs.rmdir and fs.unlink")
tap.is(fs.statfs(netfd), fs.NSFD_FS_MAGIC, "fs.statfs of an nsfd fd is NSFD_FS_MAGIC")
tap.is(fs.readlink("/proc/self/fd/" .. netfd), "nsfd", "fs.readlink names an nsfd fd \"nsfd\"")
tap.ok(fs.bind(netfd, "/tmp/api-ns"), "fs.bind of an fd onto a new file")
local named
for _, m in ipairs(fs.mountinfo()) do
	if m.mount_point == "/tmp/api-ns" then
		named = m
	end
end
tap.is(named and named.fstype, "nsfd", "fs.mountinfo shows the bind mount as nsfd")
tap.is(fs.stat("/tmp/api-ns").ino, ns.id(0, "net"), "the mount shows the namespace's inode")
tap.ok(fs.umount("/tmp/api-ns", "detach"), "fs.umount with \"detach\"")
fails("fs.umount of a plain file", EINVAL, "EINVAL", fs.umount("/tmp/api-ns"))
fs.unlink("/tmp/api-ns")
tap.ok(fs.propagation("/tmp", "private"), "fs.propagation(\"/tmp\", \"private\")")
local a, b = fs.socketpair()
tap.ok(fs.sendfd(a, netfd), "fs.sendfd")
local received = fs.recvfd(b)
tap.is(received and ns.id(received), ns.id(netfd), "fs.recvfd gets the same namespace")
fs.close(received)
fs.close(a)
fs.close(b)

-- sys -----------------------------------------------------------------
tap.is(sys.sysctl("net.ipv4.ip_default_ttl"), "64", "sys.sysctl reads a per-netns value")
tap.is(child(function()
	assert(ns.unshare("net"))
	assert(sys.sysctl("net.ipv4.ip_default_ttl", "99"))
	return sys.sysctl("net.ipv4.ip_default_ttl") == "99" and 0 or 1
end), 0, "sys.sysctl writes it in a child's new netns")
fails("sys.sysctl of a missing name", ENOENT, "ENOENT", sys.sysctl("no.such.thing"))
raises("sys.sysctl with ..", "not a sysctl name", sys.sysctl, "../x")
tap.is(child(function()
	assert(ns.unshare("net"))
	assert(sys.link_up("lo"))
	assert(sys.veth("va", "vb"))
	local names = {}
	for _, i in ipairs(sys.interfaces()) do
		names[#names + 1] = i.name .. (i.up and "+" or "-")
	end
	table.sort(names)
	return table.concat(names, " ") == "lo+ va- vb-" and 0 or 1
end), 0, "sys.link_up, sys.veth and sys.interfaces in a child's netns")
tap.is(child(function()
	assert(ns.unshare("net"))
	assert(sys.veth("vc", "vd"))
	local _, _, err = sys.link_netns("vd", { fd = netfd })
	if err ~= EINVAL then return 1 end
	assert(sys.link_netns("vd", { fd = procfd }))
	return #sys.interfaces() == 2 and 0 or 2
end), 0, "sys.link_netns takes an nsfs fd and refuses an nsfd fd (EINVAL)")

-- life ----------------------------------------------------------------
do
	local lines, saved = {}, print
	print = function(...) lines[#lines + 1] = table.concat({ ... }, "\t") end
	life.lsns()
	print = saved
	-- NSID, listns()'s id, on a kernel that has it.
	local has_listns = ns.list() ~= nil
	local counts_only = true
	for i = 2, #lines do
		counts_only = counts_only and lines[i]:match("^%a+%s+%d+" .. (has_listns and "%s+[%d-]+" or "")
			.. "%s+%d+%s+[%d-]+%s") ~= nil
	end
	tap.ok(lines[1]:match("^TYPE%s+ID" .. (has_listns and "%s+NSID" or "") .. "%s+NPROCS%s+PID")
		and #lines > 7 and counts_only,
		"life.lsns prints a header and a row per namespace: a count in NPROCS, a pid in PID")
end
-- listns() sees what no task, fd or mount in view holds: an fd in flight.
tap.subtest("life over listns()", function()
	if select(3, ns.list()) == errno.ENOSYS then
		tap.plan { skip_all = "no listns() on this kernel (ENOSYS)" }
	end
	tap.plan(4)
	local holder = require("parked").fork(function() return assert(ns.unshare("net")) and "in" end)
	local net_id, inode = ns.id(holder.pid, "net", "ns_id"), ns.id(holder.pid, "net")
	local fd = ns.nsfd(holder.pid, "net")
	local a, b = fs.socketpair()
	assert(fs.sendfd(a, fd))
	fs.close(fd)
	holder.release()
	local found
	for _, e in ipairs(life.pinners()) do
		if e.type == "net" and e.id == inode then
			found = e
		end
	end
	tap.ok(found and found.listed and found.ns_id == net_id and #found.tasks + #found.fds + #found.mounts == 0,
		"life.pinners has a netns only an fd in flight holds: listed, its ns id, no holder in view")
	local lines, saved = {}, print
	print = function(...) lines[#lines + 1] = table.concat({ ... }, "\t") end
	life.lsns()
	print = saved
	local row = table.concat(lines, "\n"):match("\nnet%s+" .. inode .. "[^\n]*")
	tap.like(row, "^\nnet%s+%d+%s+" .. net_id .. "%s+0%s+%-%s+%(listed by listns%(%); no task, fd or mount",
		"life.lsns shows it with its NSID, as listed with nothing in view")
	tap.ok(life.graph():find('"net:' .. inode .. '" %[label="net\\n%d+\\n%(listed by listns%(%),'),
		"life.graph draws it as listed by listns()")
	fs.close(assert(fs.recvfd(b)))
	fs.close(a)
	fs.close(b)
	tap.ok(life.wait("net", 0), "received and closed: freed")
end)
-- Waited for, as life.count's help says: a netns of an earlier test, or
-- of a probe, may still be on cleanup_net (on another CPU).
tap.ok(life.wait("net", 0), "life.count(\"net\") comes to 0 with no netns but the first")
-- A child in a new netns, parked until released.
local holder = require("parked").fork(function() return assert(ns.unshare("net")) and "in" end)
local pinned = ns.nsfd(holder.pid, "net")
holder.release()
tap.ok(life.wait("net", 1), "life.count sees the netns pinned by an nsfd fd")
local listed = false
for _, e in ipairs(life.pinners()) do
	for _, held in ipairs(e.fds) do
		if e.type == "net" and held == proc.getpid() .. ":" .. pinned .. " nsfd" then
			listed = true
		end
	end
end
tap.ok(listed, "life.pinners names the pinning nsfd fd and its type")
local history = {}
local node = string.format('"net:%d"', ns.id(pinned))
local dot = life.graph(history)
tap.ok(dot:find("^digraph pins {") and dot:find(node .. " %[label=\"net\\n%d+\"")
	and dot:find('"fd %d+ nsfd net:%d+" %-> ' .. node .. ' %[label="pins"%]')
	and dot:find(node .. ' %-> "initial":"' .. ns.id(0, "user") .. '" %[label="owner"'),
	"life.graph draws the netns, the nsfd fd that pins it, and its owner (the initial user namespace)")
fs.close(pinned)
tap.ok(life.wait("net", 0), "closing it brings life.count back to 0")
tap.ok(life.graph(history):find(node .. ' %[label="net\\n%d+\\nfreed"'),
	"the next graph with the same history draws it as freed")
tap.ok(not life.graph(history):find(node, 1, true), "and the one after leaves it out")
-- A netns named only inside a mount namespace no task is in any more,
-- itself held by an nsfd fd: pinners goes in through that fd to find it.
do
	local mine, theirs = fs.socketpair()
	local namer = proc.fork(function()
		fs.close(mine)
		assert(ns.unshare("mnt") and fs.propagation("/", "private", "rec"))
		assert(ns.unshare("net"))
		assert(fs.bind(assert(ns.nsfd(0, "net")), "/run/hidden-name"))
		fs.write(theirs, "named")
		fs.read(theirs)
	end)
	fs.close(theirs)
	fs.read(mine)
	local mnt = ns.nsfd(namer, "mnt")
	local mnt_id, net_id = ns.id(mnt), ns.id(namer, "net")
	fs.close(mine)
	proc.wait(namer)
	local seen
	for _, e in ipairs(life.pinners()) do
		if e.type == "net" and e.id == net_id and e.mounts[1] then
			seen = e.mounts[1].text
		end
	end
	tap.is(seen, "/run/hidden-name (nsfd) in mnt:[" .. mnt_id .. "]",
		"life.pinners finds a name in a mount namespace only an fd holds")
	fs.close(mnt)
	tap.ok(life.wait("net", 0) and life.wait("mnt", 0), "closing that fd frees both")
end

fs.close(netfd)
fs.close(procfd)
tap.is(fd_count(), fds_at_start, "no fd leaked")
-- Failures name what failed and leave nothing behind.
fails("fs.bind of a bad fd", errno.EBADF, "EBADF", fs.bind(999, "/run/z"))
tap.is(fs.stat("/run/z"), nil, "fs.bind of a bad fd leaves no target behind")
fails("fs.bind of a missing source", ENOENT, "ENOENT", fs.bind("/no/such", "/run/z"))
fails("fs.mountinfo of no such pid", ENOENT, "ENOENT", fs.mountinfo(99999))
raises("fs.mountinfo of a string", "bad argument #1 to 'fs.mountinfo'", fs.mountinfo, "x")
raises("sys.link_netns with an empty table", "want {pid = N} or {fd = N}", sys.link_netns, "lo", {})
-- life: the same conventions as the C modules.
raises("life.count of an unknown type", "bad argument #1 to 'life.count' %(no namespace type 'bogus'",
	life.count, "bogus")
do
	-- One wording for a bad name, in Lua as in C.
	local _, from_lua = pcall(life.count, "bogus")
	local _, from_c = pcall(ns.unshare, "bogus")
	tap.is(from_lua:match("%((no .*)%)$"), from_c:match("%((no .*)%)$"),
		"life and ns word an unknown type alike")
end
raises("life.count without a type", "bad argument #1 to 'life.count' %(no namespace type given",
	life.count)
raises("life.count with a max that is not a count", "bad argument #2 to 'life.count'",
	life.count, "net", "x")
raises("life.wait without n", "bad argument #2 to 'life.wait'", life.wait, "net")
raises("life.wait with a NaN timeout", "bad argument #3 to 'life.wait'", life.wait, "net", 0, 0 / 0)
local ok, msg, err = life.count("time")
tap.ok(ok == nil and err == errno.EINVAL and msg:find("^EINVAL: .*%(unshare%(time%) in the probe%)$"),
	"life.count(\"time\") on UML: nil, EINVAL from the probe's unshare, 22")
fails("life.wait that times out", ETIMEDOUT, "ETIMEDOUT", life.wait("net", 5, 0))
tap.is(errno.EINVAL, 22, "errno.EINVAL is 22")
tap.subtest("parked: children released in any order", function()
	tap.plan(3)
	local parked = require "parked"
	local first = assert(parked.fork(function() return "first" end))
	local second = assert(parked.fork(function() return "second" end))
	tap.is(first.said .. " " .. second.said, "first second", "each says what it did")
	local function ended(p)
		local pid, how, code = p.release(5)
		return (pid == p.pid and "" or "pid " .. tostring(pid) .. " ") .. tostring(how) .. " " .. tostring(code)
	end
	tap.is(ended(first), "exited 0",
		"the first goes, though the second, forked while it was parked, holds its pipe")
	tap.is(ended(second), "exited 0", "then the second")
end)

tap.subtest("proc.run: a program to its end, the host's in its root", function()
	local runs, why = sc.host_programs_run()
	tap.plan(runs and 11 or { skip_all = why })
	local r = assert(proc.run{ "sh", "-c", "echo out; echo err >&2; exit 3" })
	tap.is(table.concat({ r.how, r.code, r.stdout, r.stderr, tostring(r.timed_out) }, "|"),
		"exited|3|out\n|err\n|false", "stdout and stderr apart, the exit status")
	r = assert(proc.run{ "head", "-c", "200000", "/dev/zero" })
	tap.is(#r.stdout, 200000, "output past a pipe's buffer, whole")
	r = assert(proc.run{ "head", "-c", "3", input = ("x"):rep(1 << 20) })
	tap.is(r.code .. " " .. r.stdout, "0 xxx", "input fed to stdin; one that stops reading costs no SIGPIPE")
	r = assert(proc.run{ "sh", "-c", "cat /proc/self/fdinfo/0", input = "x" })
	local flags = tonumber(r.stdout:match("flags:%s*(%d+)") or "", 8)
	tap.ok(flags and flags & 0x800 == 0, "the program's stdin blocks (no O_NONBLOCK: a read before the input is no EAGAIN)")
	r = assert(proc.run{ "cat" })
	tap.is(r.stdout, "", "stdin /dev/null without input")
	r = assert(proc.run{ "sleep", "10", timeout = 0.2 })
	tap.is(table.concat({ r.how, r.code, tostring(r.timed_out) }, " "), "killed 9 true",
		"killed at the timeout, and says so")
	fails("a program that is not there", ENOENT, "ENOENT", proc.run{ "/no/such/program" })
	r = assert(proc.run{ "sh", "-c", "test -x /usr/bin/env && ! test -e /init && touch /usr/x" })
	tap.ok(r.code ~= 0 and r.stderr:find("Read-only", 1, true),
		"root \"host\": the host's files, read-only, not the initramfs")
	local script = assert(io.open("/tmp/api-guest.lua", "w"))
	script:write('print(io.open("/init") ~= nil)')
	script:close()
	r = assert(proc.run{ "/init", "/tmp/api-guest.lua", root = "guest" })
	tap.is(r.stdout, "true\n", "root \"guest\": the console's root")
	os.remove("/tmp/api-guest.lua")
	local run_shared
	for _, m in ipairs(fs.mountinfo()) do
		run_shared = run_shared
			or (m.mount_point == "/run" and table.concat(m.optional, " "):find("shared:") ~= nil)
	end
	tap.ok(run_shared and fs.stat("/init") and fs.stat("/host/proc"),
		"the console keeps its root; its /run is shared now")
	raises("proc.run with a misspelt option", "no field 'timout'", proc.run, { "true", timout = 1 })
end)
local lib, why = package.loadlib("/host/usr/lib/x86_64-linux-gnu/libz.so.1", "zlibVersion")
tap.is(tostring(lib) .. ", " .. why, "nil, the console is a static program: it cannot load shared objects",
	"package.loadlib says why no C library loads (console/static_link.c)")
fails("errno.result", errno.ENOENT, "ENOENT", errno.result(errno.ENOENT, "x"))
tap.done_testing()
