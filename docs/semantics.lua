-- semantics: every lifetime and naming property the scenarios establish,
-- observed twice in one boot, with the RFC's handles (nsfd, nsfd_setns, a
-- bind mount of an nsfd fd, open() of that name) and with mainline's
-- (/proc/<pid>/ns/<type>, setns, a bind mount of an nsfs fd): the table
-- of docs/semantics.md (`make semantics`).  Every cell is what a call
-- returned in this run, so that a kernel that changed prints another
-- table; ids, pids and fd numbers never reach a cell as they are, so that
-- two runs print the same bytes.  A probe that raises, or a namespace, fd
-- or mount left behind, fails the run before anything is printed.
local sc = require "scenario"
local fs, life, ns, parked, proc, sys =
	require "fs", require "life", require "ns", require "parked", require "proc", require "sys"

local families = {
	{
		kind = "nsfd",
		take = function(pid, type) return ns.nsfd(pid, type) end,
		take_unknown = function() return ns.nsfd(0, 99) end,
		enter = function(type, fd) return ns.nsfd_setns(type, fd) end,
	},
	{
		kind = "nsfs",
		take = function(pid, type) return ns.open(pid, type) end,
		take_unknown = function() return fs.open("/proc/self/ns/99", "r") end,
		enter = function(type, fd) return ns.setns(fd, type) end,
	},
}

local NAME = "/run/semantics"			-- where a handle is bound
local ELSEWHERE = "/tmp/semantics-elsewhere"	-- bound in another mount namespace
local EXEC_PROBE = "/tmp/semantics-exec.lua"	-- what a child execs

local base = sc.baseline()

-- A call's outcome as a cell: "ok", or the name of its errno.
local function outcome(ok, msg)
	return ok and "ok" or assert(tostring(msg):match("^(E[%u%d]+):"), "no errno in " .. tostring(msg))
end

-- fn(fd), then close fd: the one path on which a probe's handle closes.
local function with(fd, fn)
	local answer = fn(fd)
	fs.close(fd)
	return answer
end

-- The outcome of taking a handle (closed again).
local function taken(fd, msg)
	return fd and with(fd, function() return "ok" end) or outcome(fd, msg)
end

-- Poll until done() is true, for at most 5 s.
local function poll(done, what)
	for _ = 1, 250 do
		if done() then
			return
		end
		proc.sleep(0.02)
	end
	error(what .. ": not after 5 s")
end

local function read_file(path)
	local file = assert(io.open(path))
	local text = file:read("a")
	file:close()
	return text
end

-- Fork a child running fn(answer_fd); the function returned waits for it
-- and returns the string fn returned, sent in one write on a pipe (so
-- that a program the child execs may answer too).  A failed child raises.
local function spawn(fn)
	local r, w = assert(fs.pipe())
	local pid = assert(proc.fork(function()
		fs.close(r)
		local ok, answer = pcall(fn, w)
		fs.write(w, (ok and "=" or "!") .. tostring(answer))
	end))
	fs.close(w)
	return function()
		local text = assert(fs.read(r))
		fs.close(r)
		local _, how, code = proc.wait(pid, 30)
		if how ~= "exited" or code ~= 0 or text:sub(1, 1) ~= "=" then
			error(string.format("a probe's child failed (%s %s): %s", how, code, text:sub(2)), 2)
		end
		return text:sub(2)
	end, pid
end

local function in_child(fn)
	return spawn(fn)()
end

local function as_uid(uid, fn)
	return in_child(function()
		assert(proc.setgid(uid) and proc.setuid(uid))
		return fn()
	end)
end

-- In a child: root of a user namespace that uid 1000 made, whose map
-- leaves global root out (uid 0 inside is 1000 outside).
local function as_userns_root(fn)
	local mine, theirs = assert(fs.socketpair())
	local answer, pid = spawn(function()
		fs.close(mine)
		assert(proc.setuid(1000) and ns.unshare("user"))
		fs.write(theirs, "unshared")
		assert(fs.read(theirs) == "mapped")
		return fn()
	end)
	fs.close(theirs)
	assert(fs.read(mine) == "unshared")
	local map = assert(io.open("/proc/" .. pid .. "/uid_map", "w"))
	assert(map:write("0 1000 1") and map:close())
	fs.write(mine, "mapped")
	fs.close(mine)
	return answer()
end

-- Enter through fd, here (a child): "yes" if the creator's marker is there.
local function enter_here(f, type, fd)
	local ok, msg = f.enter(type, fd)
	return ok and (sc.marker(type) and "yes" or "no marker") or outcome(ok, msg)
end

-- In a child, after before() if given: the outcome of entering.
local function try_enter(f, type, fd, before)
	return in_child(function()
		assert(not before or before())
		return outcome(f.enter(type, fd))
	end)
end

local function nobody()
	return proc.setgid(sc.NOBODY) and proc.setuid(sc.NOBODY)
end

-- Whether the namespace lives on.  One that dies leaves the kernel's
-- count within milliseconds (measured: by the first count after the last
-- close), so 0.1 s of counting tells.
local function kept(type)
	if life.wait(type, base[type], 0.1) then
		return "no"
	end
	assert(life.wait(type, base[type] + 1))
	return "yes"
end

local function freed(type)
	return life.wait(type, base[type]) and "yes" or "no"
end

-- A handle of family f on a new, marked namespace whose creator exited.
local function orphan(f, type)
	local c = sc.creator(type or "net")
	local fd = assert(f.take(c.pid, type or "net"))
	c.release()
	return fd
end

local function unname()
	assert(fs.umount(NAME) and fs.unlink(NAME))
end

-- A netns whose creator exited, named by a bind mount, with no fd left.
local function named_orphan(f)
	with(orphan(f), function(fd) assert(fs.bind(fd, NAME)) end)
end

-- fn(fd) with a handle of family f on the console's namespace of @type.
local function on_console(f, type, fn)
	return with(assert(f.take(0, type)), fn)
end

-- Namespace ids vary between boots: the expected ones by label, others N.
local function normal(text, labels)
	return (text:gsub("%d%d%d%d%d%d+", function(n) return labels[tonumber(n)] or "N" end))
end
local console_ids = { [ns.id(0, "net")] = "ID" }

local function link_of(fd, labels)
	return string.format("%q", normal(assert(fs.readlink("/proc/self/fd/" .. fd)), labels))
end

-- The mountinfo record of a bind mount of a handle on the console's netns.
local function bound_record(f)
	return on_console(f, "net", function(fd)
		assert(fs.bind(fd, NAME))
		local record
		for _, m in ipairs(fs.mountinfo()) do
			record = m.mount_point == NAME and m or record
		end
		unname()
		return assert(record, "no mountinfo record for " .. NAME)
	end)
end

-- An orphan netns bound only in a child's private mount namespace; the
-- child lives until the function returned is called.
local function bound_elsewhere(f)
	local fd = orphan(f)
	local mine, theirs = assert(fs.socketpair())
	local holder = spawn(function()
		fs.close(mine)
		assert(ns.unshare("mnt") and fs.propagation("/", "private", "rec"))
		assert(fs.bind(fd, ELSEWHERE) and fs.close(fd))
		fs.write(theirs, "bound")
		return fs.read(theirs) == "" and "done"	-- until the console closes its end
	end)
	fs.close(theirs)
	assert(fs.read(mine) == "bound" and fs.close(fd))
	return function()
		fs.close(mine)
		assert(holder() == "done" and fs.unlink(ELSEWHERE))
	end
end

-- fn(fd, end_init) with a handle on a new pid namespace, whose init (pid
-- 1 inside) runs until end_init() returns.
local function on_pid_ns(f, fn)
	local gate = parked.gate()
	local init = math.tointeger(tonumber(in_child(function(answer)
		assert(ns.unshare("pid"))
		return assert(proc.fork(function()
			fs.close(answer)
			gate.child()
			gate.wait()
		end))
	end)))
	gate.parent()
	local function end_init()
		gate.release()
		poll(function() return not fs.stat("/proc/" .. init) end, "init of the pid namespace gone")
	end
	local answer = with(assert(f.take(init, "pid")), function(fd) return fn(fd, end_init) end)
	if fs.stat("/proc/" .. init) then
		end_init()
	end
	return answer
end

-- What a child execs with a handle: "yes" if it still enters the netns and
-- finds the marker, else the errno.
local exec_probe = [[
local sc = require "scenario"
local fd, kind, answer = math.tointeger(tonumber(arg[1])), arg[2], math.tointeger(tonumber(arg[3]))
local ok, msg = fs.stat(fd)
if ok and kind == "nsfd" then
	ok, msg = ns.nsfd_setns("net", fd)
elseif ok then
	ok, msg = ns.setns(fd, "net")
end
fs.write(answer, "=" .. (ok and (sc.marker("net") and "yes" or "no marker") or msg:match("^(E[%u%d]+):")))
proc.exit(0)
]]

-- What a child that execs reports on @fd.
local function after_exec(f, fd)
	return in_child(function(answer)
		proc.exec("/init", EXEC_PROBE, tostring(fd), f.kind, tostring(answer))
		error("exec of /init failed")
	end)
end

-- The properties: a theme, what is observed, the scenarios that establish
-- it, and probe(family, the other family) -> the cell.
local rows, theme = {}, nil
local function section(name)
	theme = name
end
local function property(text, scenarios, probe)
	rows[#rows + 1] = { theme = theme, text = text, scenarios = scenarios, probe = probe }
end

-- A property of a handle on the console's netns: observe(fd, family).
local function handle_property(text, scenarios, observe)
	property(text, scenarios, function(f)
		return on_console(f, "net", function(fd) return observe(fd, f) end)
	end)
end

-- Entering as @type, in a child (after before(), if given), with the fd
-- handle(family, other family) gives.
local function enter_property(text, scenarios, type, handle, before)
	property(text, scenarios, function(f, other)
		return with(handle(f, other), function(fd) return try_enter(f, type, fd, before) end)
	end)
end
local function console_net(f)
	return assert(f.take(0, "net"))
end
local function console_uts(f)
	return assert(f.take(0, "uts"))
end

-- open() of a name of the console's netns, by as(fn).
local function open_property(text, scenarios, as)
	handle_property(text, scenarios, function(fd)
		assert(fs.bind(fd, NAME))
		local answer = as(function() return taken(fs.open(NAME, "r")) end)
		unname()
		return answer
	end)
end

section("Who may take a handle (on a netns)")
property("root, on a task not its child (a sibling, by pid)", "non_child.lua", function(f)
	local c = sc.creator("net")
	local answer = in_child(function() return taken(f.take(c.pid, "net")) end)
	c.release()
	return answer
end)
property("uid " .. sc.NOBODY .. ", on itself (pid 0)", "-", function(f)
	return as_uid(sc.NOBODY, function() return taken(f.take(0, "net")) end)
end)
property("uid " .. sc.NOBODY .. ", on PID 1 (no ptrace access)", "errors.lua", function(f)
	return as_uid(sc.NOBODY, function() return taken(f.take(1, "net")) end)
end)
property("root, on a zombie", "lifetime_edges.lua", function(f)
	local zombie = assert(proc.fork(function() end))
	poll(function() return read_file("/proc/" .. zombie .. "/stat"):match("^%d+ %b() (%a)") == "Z" end,
		"the child a zombie")
	local answer = taken(f.take(zombie, "net"))
	proc.wait(zombie)
	return answer
end)
property("root, on no such pid", "errors.lua", function(f) return taken(f.take(999999, "net")) end)
property("an unknown type (NSTYPE 99; /proc/self/ns/99)", "errors.lua", function(f)
	return taken(f.take_unknown())
end)

section("Who may enter, and with what")
property("root, with a handle on a netns whose creator exited: the marker is there",
	"pin_by_fd.lua, rfc_vs_mainline.lua", function(f)
	return with(orphan(f), function(fd) return in_child(function() return enter_here(f, "net", fd) end) end)
end)
enter_property("uid " .. sc.NOBODY .. " (no CAP_SYS_ADMIN)", "errors.lua", "net", console_net, nobody)
enter_property("root with every capability dropped", "errors.lua", "net", console_net, proc.drop_caps)
enter_property("type 0, a uts handle (0: NSTYPE_NET to the RFC, any type to setns)", "-", 0, console_uts)
enter_property("an fd that is not open", "errors.lua", "net", function() return 9999 end)
enter_property("a regular file", "errors.lua", "net", function() return assert(fs.open("/init", "r")) end)
enter_property("a pipe", "errors.lua", "net", function()
	local r, w = assert(fs.pipe())
	return fs.close(w) and r
end)
enter_property("a handle of the other family", "errors.lua, rfc_vs_mainline.lua", "net",
	function(_, other) return console_net(other) end)
enter_property("a handle of another type (uts, entered as net)", "errors.lua", "net", console_uts)

section("What keeps a netns alive, its creator gone")
property("an open fd", "pin_by_fd.lua, rfc_vs_mainline.lua", function(f)
	return with(orphan(f), function() return kept("net") end)
end)
property("closing the last fd frees it", "pin_by_fd.lua", function(f)
	fs.close(orphan(f))
	return freed("net")
end)
property("an fd inherited over fork, closed in the parent", "lifetime_edges.lua", function(f)
	local mine, theirs = assert(fs.socketpair())
	local sharer = with(orphan(f), function()
		return spawn(function()
			fs.close(mine)
			return fs.read(theirs) == "" and "done"	-- holds the fd until the console's end closes
		end)
	end)
	fs.close(theirs)
	local answer = kept("net")
	fs.close(mine)
	assert(sharer() == "done")
	return answer
end)
property("an fd in flight over SCM_RIGHTS, the sender's copy closed", "-", function(f)
	local a, b = assert(fs.socketpair())
	assert(with(orphan(f), function(fd) return fs.sendfd(a, fd) end))
	local answer = kept("net")
	assert(fs.close(a) and fs.close(b))
	return answer
end)
property("received over SCM_RIGHTS by a task forked before it existed: it enters",
	"non_child.lua", function(f)
	local a, b = assert(fs.socketpair())
	local receiver = spawn(function() return enter_here(f, "net", assert(fs.recvfd(b))) end)
	assert(with(orphan(f), function(fd) return fs.sendfd(a, fd) end))
	local answer = receiver()
	assert(fs.close(a) and fs.close(b))
	return answer
end)
property("an fd across exec: the program enters through it", "non_child.lua", function(f)
	return with(orphan(f), function(fd) return after_exec(f, fd) end)
end)
property("an O_CLOEXEC fd (reopened through /proc/self/fd/N) across exec: the program's enter call on it", "lifetime_edges.lua", function(f)
	return with(orphan(f), function(fd)
		return with(assert(fs.open("/proc/self/fd/" .. fd, "r", "cloexec")), function(reopened)
			return after_exec(f, reopened)
		end)
	end)
end)
property("a bind mount, with no fd and no task", "pin_by_bind_mount.lua, rfc_vs_mainline.lua", function(f)
	named_orphan(f)
	local answer = kept("net")
	unname()
	return answer
end)
property("open() of that name by root: a handle that enters it",
	"pin_by_bind_mount.lua, rfc_vs_mainline.lua", function(f)
	named_orphan(f)
	local answer = in_child(function() return enter_here(f, "net", assert(fs.open(NAME, "r"))) end)
	unname()
	return answer
end)
property("umount of the name frees it", "pin_by_bind_mount.lua, rfc_vs_mainline.lua", function(f)
	named_orphan(f)
	unname()
	return freed("net")
end)
property("a reopened fd, the name lazily unmounted", "pin_by_bind_mount.lua", function(f)
	named_orphan(f)
	return with(assert(fs.open(NAME, "r")), function()
		assert(fs.umount(NAME, "detach") and fs.unlink(NAME))
		return kept("net")
	end)
end)
property("a bind mount in another mount namespace only", "lifetime_edges.lua", function(f)
	local release = bound_elsewhere(f)
	local answer = kept("net")
	release()
	return answer
end)
property("that mount namespace's death frees it", "lifetime_edges.lua", function(f)
	bound_elsewhere(f)()
	return freed("net")
end)

section("The handle and its name (on the console's netns)")
handle_property("readlink of /proc/self/fd/N", "names.lua", function(fd) return link_of(fd, console_ids) end)
handle_property("close-on-exec of a fresh handle (nsfd() takes no flags; ns.open calls open() without O_CLOEXEC, which could ask for it)", "non_child.lua", function(fd)
	local flags = assert(read_file("/proc/self/fdinfo/" .. fd):match("flags:%s*(%d+)"))
	return tonumber(flags, 8) & fs.O_CLOEXEC ~= 0 and "yes" or "no"
end)
handle_property("fstatfs magic", "names.lua", function(fd) return string.format("0x%x", assert(fs.statfs(fd))) end)
handle_property("st_mode permission bits, uid:gid", "-", function(fd)
	local st = assert(fs.stat(fd))
	return string.format("%04o %d:%d", st.mode, st.uid, st.gid)
end)
handle_property("st_ino is the namespace's id", "rfc_vs_mainline.lua", function(fd)
	return assert(fs.stat(fd)).ino == ns.id(0, "net") and "yes" or "no"
end)
handle_property("two handles on it have the same st_dev and st_ino", "names.lua", function(a, f)
	return on_console(f, "net", function(b)
		local sa, sb = assert(fs.stat(a)), assert(fs.stat(b))
		return sa.dev == sb.dev and sa.ino == sb.ino and "yes" or "no"
	end)
end)
for _, field in ipairs({ "fstype", "root", "source" }) do
	property("mountinfo of a bind mount: " .. field, field == "source" and "-" or "names.lua", function(f)
		return string.format("%q", normal(bound_record(f)[field], console_ids))
	end)
end

section("Who may open() a name, or make one (of the console's netns)")
open_property("root", "user_ns.lua", in_child)
open_property("uid " .. sc.NOBODY, "user_ns.lua", function(open) return as_uid(sc.NOBODY, open) end)
open_property("root of a user namespace whose map leaves global root out", "user_ns.lua", as_userns_root)
handle_property("uid " .. sc.NOBODY .. ", reopening its own inherited fd through /proc/self/fd/N", "user_ns.lua", function(fd)
	return as_uid(sc.NOBODY, function() return taken(fs.open("/proc/self/fd/" .. fd, "r")) end)
end)
handle_property("uid " .. sc.NOBODY .. ", binding a handle to a name", "errors.lua", function(fd)
	assert(fs.close(assert(fs.open(NAME, "w", "create"))))
	local answer = as_uid(sc.NOBODY, function() return outcome(fs.bind(fd, NAME)) end)
	assert(fs.unlink(NAME))
	return answer
end)

section("Mount namespaces: the loop rules")
-- fn(fd) with a handle on a marked mount namespace whose creator exited.
local function on_orphan_mnt(f, fn)
	local answer = with(orphan(f, "mnt"), fn)
	assert(life.wait("mnt", base.mnt) and sc.clean("mnt"))
	return answer
end
property("inside it, a bind mount of its own handle", "mnt_ns.lua", function(f)
	return on_orphan_mnt(f, function(fd)
		return in_child(function()
			assert(f.enter("mnt", fd))
			return outcome(fs.bind(assert(f.take(0, "mnt")), "/tmp/semantics-loop"))
		end)
	end)
end)
property("from the console's older namespace, a bind mount of it", "mnt_ns.lua", function(f)
	return on_orphan_mnt(f, function(fd)
		local answer = outcome(fs.bind(fd, NAME))
		if answer == "ok" then
			unname()
		end
		return answer
	end)
end)
property("a copy of the console's namespace (unshare) leaves that name out", "mnt_ns.lua", function(f)
	return on_orphan_mnt(f, function(fd)
		assert(fs.bind(fd, NAME))
		local answer = in_child(function()
			assert(ns.unshare("mnt"))
			for _, m in ipairs(fs.mountinfo()) do
				if m.mount_point == NAME then
					return "no"
				end
			end
			return "yes"
		end)
		unname()
		return answer
	end)
end)

section("PID namespaces (entered for the children)")
property("enter, then fork: the child is in it", "pid_ns.lua", function(f)
	return on_pid_ns(f, function(fd)
		return in_child(function()
			assert(f.enter("pid", fd))
			return in_child(function() return ns.id(0, "pid") == ns.id(fd) and "yes" or "no" end)
		end)
	end)
end)
-- fn(fd) with a handle on a pid namespace whose init has exited.
local function after_init(f, fn)
	return on_pid_ns(f, function(fd, end_init)
		end_init()
		return fn(fd)
	end)
end
property("its init gone, the handle keeps it", "pid_ns.lua", function(f)
	return after_init(f, function() return kept("pid") end)
end)
property("its init gone, enter", "pid_ns.lua", function(f)
	return after_init(f, function(fd) return try_enter(f, "pid", fd) end)
end)
property("its init gone, enter, then fork", "pid_ns.lua", function(f)
	return after_init(f, function(fd)
		return in_child(function()
			assert(f.enter("pid", fd))
			local pid, msg = proc.fork(function() end)
			return pid and proc.wait(pid) and "ok" or outcome(pid, msg)
		end)
	end)
end)

section("User namespaces")
property("enter its own user namespace", "user_ns.lua", function(f)
	return in_child(function() return outcome(f.enter("user", assert(f.take(0, "user")))) end)
end)
-- The handle a child takes on the namespace of @type it makes after
-- before(), received over a unix socket.
local function from_child(f, type, before)
	local a, b = assert(fs.socketpair())
	assert(in_child(function()
		assert(not before or before())
		assert(ns.unshare(type))
		return fs.sendfd(a, assert(f.take(0, type))) and "sent"
	end) == "sent")
	local fd = assert(fs.recvfd(b))
	assert(fs.close(a) and fs.close(b))
	return fd
end
property("uid 1000 enters a user namespace uid 1000 made (it owns it)", "-", function(f)
	return as_uid(1000, function()
		return with(from_child(f, "user"), function(fd) return outcome(f.enter("user", fd)) end)
	end)
end)
property("a handle on a uts namespace keeps the user namespace owning it", "user_ns.lua", function(f)
	local owner = sc.creator("user")
	local uts = from_child(f, "uts", function()
		return with(assert(f.take(owner.pid, "user")), function(fd) return f.enter("user", fd) end)
	end)
	owner.release()
	return with(uts, function() return kept("user") end)
end)

section("Limits")
property("a netns kept only by a handle counts: one more at user.max_net_namespaces", "limits.lua",
	function(f)
	local limit = assert(sys.sysctl("user.max_net_namespaces"))
	local answer = with(orphan(f), function()
		life.wait("net", base.net + 1)	-- no other netns still dying
		assert(sys.sysctl("user.max_net_namespaces", tostring(base.net + 1)))
		local pid, msg = proc.clone({ "net" }, function() end)
		if pid then
			proc.wait(pid)
		end
		return outcome(pid, msg)
	end)
	assert(sys.sysctl("user.max_net_namespaces", limit))
	return answer
end)
property("handles taken until the fd table is full", "limits.lua", function(f)
	return in_child(function()
		local max = tonumber(read_file("/proc/self/limits"):match("Max open files%s+(%d+)"))
		local open = #fs.listdir("/proc/self/fd") - 1	-- less the listing's own fd
		local fd, msg
		repeat
			fd, msg = f.take(0, "net")
			open = open + (fd and 1 or 0)
		until not fd
		return outcome(fd, msg) .. (open == max and " at RLIMIT_NOFILE" or " at " .. open .. " fds")
	end)
end)

section("Other interfaces")
property("rtnetlink: move a veth end into a new netns by a handle on it (IFLA_NET_NS_FD)", "-", function(f)
	return in_child(function()
		assert(ns.unshare("net"))
		local target = assert(f.take(0, "net"))
		assert(ns.unshare("net") and sys.veth("sem0", "sem1"))
		return outcome(sys.link_netns("sem1", { fd = target }))
	end)
end)
-- What ns.owner and ns.parent give: the name of the fd, or the errno.
local function ioctl_cell(fd, msg, labels)
	return fd and with(fd, function() return link_of(fd, labels) end) or outcome(fd, msg)
end
handle_property("NS_GET_USERNS (ns.owner) of a handle on the console's netns (ID: the console's user namespace)", "-", function(fd)
	local owner, msg = ns.owner(fd)
	return ioctl_cell(owner, msg, { [ns.id(0, "user")] = "ID" })
end)
property("NS_GET_PARENT (ns.parent) of a handle on a new pid ns (ID: the console's)", "-", function(f)
	return on_pid_ns(f, function(fd)
		local parent, msg = ns.parent(fd)
		return ioctl_cell(parent, msg, { [ns.id(0, "pid")] = "ID" })
	end)
end)

-- Observe every property with each family, no probe leaving an fd or a
-- mount behind; then no namespace may be left alive.
local function fds_and_mounts()
	return #assert(fs.listdir("/proc/self/fd")) .. " fds, " .. #assert(fs.mountinfo()) .. " mounts"
end

local probe = assert(io.open(EXEC_PROBE, "w"))
assert(probe:write(exec_probe) and probe:close())
local lines, differ, shown = {}, 0, nil
for _, row in ipairs(rows) do
	local cells = {}
	for i, f in ipairs(families) do
		local before = fds_and_mounts()
		cells[i] = row.probe(f, families[3 - i])
		assert(type(cells[i]) == "string" and cells[i]:find("^[^|\n]+$"),
			row.text .. ": not a cell: " .. tostring(cells[i]))
		assert(fds_and_mounts() == before, string.format("%s (%s): %s before, %s after",
			row.text, f.kind, before, fds_and_mounts()))
	end
	differ = differ + (cells[1] ~= cells[2] and 1 or 0)
	lines[#lines + 1] = string.format("| %s | %s | %s | %s | %s | %s |", row.theme ~= shown and row.theme or "",
		row.text, cells[1], cells[2], cells[1] ~= cells[2] and "differs" or "", row.scenarios)
	shown = row.theme
end
assert(fs.unlink(EXEC_PROBE))

local leaked = false
for _, t in ipairs(ns.types) do
	local ok, msg = true, nil
	if base[t.name] then
		ok, msg = life.wait(t.name, base[t.name])
	end
	if not ok then
		io.stderr:write("semantics: a ", t.name, " namespace leaked: ", msg, "\n")
		leaked = true
	end
end
if leaked then
	os.exit(1)
end

print([[
# Namespace handles: the RFC's and mainline's, observed

Each row is a property of a namespace handle that the scenarios in
`scripts/` establish, observed twice in one boot of `./linux`: with the
RFC's handles (`ns.nsfd`, `ns.nsfd_setns`, a bind mount of an nsfd fd,
`open()` of that name) and with mainline's (`ns.open`, that is
`/proc/<pid>/ns/<type>`, `ns.setns`, a bind mount of an nsfs fd).  Every
cell is what a call returned in that run: `ok`, an errno, `yes` or `no`,
or what the kernel showed, a namespace id in it read as `ID` where it is
the one the row expects (the console's netns unless the row says which)
and `N` otherwise.  A namespace "whose creator exited" was made and
marked by a child that then exited.

The table is the same on both kernels: `make check` (7.3) and `make
KERNEL=6.12 check` each boot their `./linux` and fail when a cell of
their run differs from this page, so a row where 7.3 and 6.12 part would
show as a failure of one of them.  What only 7.3 has (namespace ids,
nsfs file handles, `listns()`) against an nsfd pin is asserted by
`tests/guest/nsfd_test.c` and decided in `kernel/PORTING.md`.

Generated by `make semantics` from a run of `docs/semantics.lua` in
`./linux`: do not edit by hand.

| theme | property | RFC (nsfd) | mainline (nsfs) | differs | scenario |
| --- | --- | --- | --- | --- | --- |]])
print(table.concat(lines, "\n"))
print(string.format("\n%d properties, %d differ.", #rows, differ))
os.exit(0)
