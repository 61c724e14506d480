-- semantics: every lifetime and naming property the scenarios establish,
-- observed twice in one boot, with the RFC's handles (nsfd, nsfd_setns, a
-- bind mount of an nsfd fd, open() of that name) and with mainline's
-- (/proc/<pid>/ns/<type>, setns, a bind mount of an nsfs fd, a pidfd,
-- file handles, listns()): this kernel's columns of docs/semantics.md,
-- as tab-separated records that docs/semantics_table.py merges with the
-- other kernel's run (`make semantics`).  Every cell is what a call
-- returned in this run, so that a kernel that changed prints another
-- table; ids, pids and fd numbers never reach a cell as they are, so that
-- two runs print the same bytes.  A probe that raises, or a namespace, fd
-- or mount left behind, fails the run before anything is printed.
local sc = require "scenario"
local errno, fs, life, ns, parked, proc, sys =
	require "errno", require "fs", require "life", require "ns", require "parked", require "proc", require "sys"

local families = {
	{
		kind = "nsfd",
		take = function(pid, type) return ns.nsfd(pid, type) end,
		take_unknown = function() return ns.nsfd(0, 99) end,
		enter = function(type, fd) return ns.nsfd_setns(type, fd) end,
		-- Several types of a task: the RFC has one fd per type, and one
		-- call per type to enter, in turn.
		take_task = function(pid, types)
			local fds = {}
			for i, type in ipairs(types) do
				local fd, msg = ns.nsfd(pid, type)
				if not fd then
					for _, taken in ipairs(fds) do
						fs.close(taken)
					end
					return nil, msg
				end
				fds[i] = fd
			end
			return fds
		end,
		enter_task = function(fds, types)
			for i, type in ipairs(types) do
				local ok, msg = ns.nsfd_setns(type, fds[i])
				if not ok then
					return nil, msg
				end
			end
			return true
		end,
		close_task = function(fds)
			for _, fd in ipairs(fds) do
				fs.close(fd)
			end
		end,
	},
	{
		kind = "nsfs",
		take = function(pid, type) return ns.open(pid, type) end,
		take_unknown = function() return fs.open("/proc/self/ns/99", "r") end,
		enter = function(type, fd) return ns.setns(fd, type) end,
		-- Several types of a task: a pidfd, and one setns() for all (5.8).
		take_task = function(pid) return proc.pidfd_open(pid) end,
		enter_task = function(pidfd, types) return ns.setns(pidfd, table.unpack(types)) end,
		close_task = function(pidfd) fs.close(pidfd) end,
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
-- What fn returns is returned (nil, msg too).
local function with(fd, fn)
	local answer = table.pack(fn(fd))
	fs.close(fd)
	return table.unpack(answer, 1, answer.n)
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
local function named_orphan_at(f, path)
	with(orphan(f), function(fd) assert(fs.bind(fd, path)) end)
end
local function named_orphan(f)
	named_orphan_at(f, NAME)
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

-- A property that no handle of either family observes (a process, a
-- socket): observed once, its RFC cell "-".
local function shared_property(text, scenarios, probe)
	rows[#rows + 1] = { theme = theme, text = text, scenarios = scenarios, probe = probe, shared = true }
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

section("Naming without a filesystem: nsfs file handles (6.18)")
handle_property("ns.handle() (name_to_handle_at) of a handle on the console's netns", "name_without_mount.lua",
	function(fd)
	local h, msg = ns.handle(fd)
	return outcome(h, msg)
end)
-- A handle of family f on a netns whose creator exited, and drop(),
-- which closes it once (and is called for it at the end if fn did not).
local function dropped_orphan(f, take_more, fn)
	local c = sc.creator("net")
	local more = table.pack(take_more(c.pid))
	local fd = assert(f.take(c.pid, "net"))
	c.release()
	local open = true
	local function drop()
		assert(open and fs.close(fd))
		open = false
	end
	local answer = fn(fd, drop, table.unpack(more, 1, more.n))
	if open then
		drop()
	end
	return answer
end
-- fn(fd, drop, h, msg) with dropped_orphan's fd, and the netns's file
-- handle string h, made through a /proc/<pid>/ns/net fd (closed again)
-- while the creator ran (or nil, msg where the kernel makes none); the
-- netns must be freed after fn.
local function handled_orphan(f, fn)
	local answer = dropped_orphan(f, function(pid) return with(assert(ns.open(pid, "net")), ns.handle) end, fn)
	assert(life.wait("net", base.net), "the handled netns freed")
	return answer
end
-- The outcome of ns.open_handle(h), its fd closed; msg if there is no h.
local function open_handle(h, msg)
	return h and taken(ns.open_handle(h)) or outcome(h, msg)
end
property("ns.open_handle() of a netns held only by an fd of the family", "name_without_mount.lua",
	function(f)
	return handled_orphan(f, function(_, _, h, msg) return open_handle(h, msg) end)
end)
property("ns.open_handle() of a netns held only by a bind mount of the family", "name_without_mount.lua",
	function(f)
	return handled_orphan(f, function(fd, drop, h, msg)
		assert(fs.bind(fd, NAME))
		drop()
		local answer = open_handle(h, msg)
		unname()
		return answer
	end)
end)
property("its holder gone, the handle string alone keeps it", "name_without_mount.lua", function(f)
	return handled_orphan(f, function(_, drop, h, msg)
		drop()
		-- Freed or not, decided by a wait of seconds (kept()'s 0.1 s
		-- is too short for a debug kernel's cleanup_net).
		return h and (freed("net") == "yes" and "no" or "yes") or outcome(h, msg)
	end)
end)
property("its holder gone and the netns freed: ns.open_handle()", "name_without_mount.lua", function(f)
	return handled_orphan(f, function(_, drop, h, msg)
		drop()
		assert(life.wait("net", base.net))
		return open_handle(h, msg)
	end)
end)
-- The handle string of a netns with another type's name in it: in the
-- string only (the console's check), or in the handle's ns_type too
-- (struct nsfs_file_handle: ns_id, then ns_type, little-endian).
local function as_uts(h, bytes_too)
	local kind, hex = h:match("^nsfs:net:(%x+):(%x+)$")
	assert(kind, "not a netns handle: " .. h)
	if bytes_too then
		local uts = string.pack("<I4", ns.CLONE_NEWUTS):gsub(".", function(c)
			return string.format("%02x", c:byte())
		end)
		hex = hex:sub(1, 16) .. uts .. hex:sub(25)
	end
	return "nsfs:uts:" .. kind .. ":" .. hex
end
property("ns.open_handle() of its handle, \"uts\" for \"net\" in the string (the console checks the type it gets)",
	"name_without_mount.lua", function(f)
	return handled_orphan(f, function(_, _, h, msg) return open_handle(h and as_uts(h), msg) end)
end)
property("ns.open_handle() of its handle, uts for net in the string and in the handle's ns_type (the kernel's lookup)",
	"name_without_mount.lua", function(f)
	return handled_orphan(f, function(_, _, h, msg) return open_handle(h and as_uts(h, true), msg) end)
end)

section("Enumeration: listns() (6.19) lists the namespaces in active use")
-- Whether ns.list lists the netns of ns id @id (nil, msg: its id could
-- not be read), or the errno of ns.list.
local function listed(id, msg)
	local list, why = ns.list({ type = "net" })
	if not list then
		return outcome(list, why)
	end
	assert(id, msg)
	for _, seen in ipairs(list) do
		if seen == id then
			return "yes"
		end
	end
	return "no"
end
-- The ns id of the netns of task @pid (through a /proc/<pid>/ns/net fd,
-- closed again), or nil, msg.
local function ns_id_of(pid)
	return with(assert(ns.open(pid, "net")), function(fd) return ns.id(fd, "ns_id") end)
end
property("a netns held only by an fd of the family", "enumerate_pins.lua", function(f)
	return dropped_orphan(f, ns_id_of, function(_, _, id, msg) return listed(id, msg) end)
end)
property("a netns held only by a bind mount of the family", "enumerate_pins.lua", function(f)
	return dropped_orphan(f, ns_id_of, function(fd, drop, id, msg)
		assert(fs.bind(fd, NAME))
		drop()
		local answer = listed(id, msg)
		unname()
		return answer
	end)
end)
shared_property("a netns with a process in it (its creator, running)", "enumerate_pins.lua", function()
	local c = sc.creator("net")
	local answer = listed(ns_id_of(c.pid))
	c.release()
	return answer
end)
-- fn(id, msg) while only a unix socket made in a netns holds it: its
-- creator made a socket pair in it and sent one end over a pair it
-- inherited, with the netns's ns id (or the errno of reading it), then
-- exited; the console holds the end it received until fn returns.
local function socket_only(fn)
	local mine, theirs = assert(fs.socketpair())
	local creator = spawn(function()
		fs.close(mine)
		assert(ns.unshare("net"))
		local a, b = assert(fs.socketpair())
		local id, msg = ns.id(0, "net", "ns_id")
		assert(fs.sendfd(theirs, a) and fs.close(a) and fs.close(b))
		return id and tostring(id) or outcome(id, msg)
	end)
	fs.close(theirs)
	local socket = assert(fs.recvfd(mine))
	fs.close(mine)
	local said = creator()
	local id = math.tointeger(tonumber(said))
	local answer = fn(id, not id and said or nil)
	fs.close(socket)
	return answer
end
shared_property("a netns held only by a unix socket made in it, its creator gone: it is alive (life.count)",
	"enumerate_pins.lua", function()
	return socket_only(function() return kept("net") end)
end)
shared_property("a netns held only by a unix socket made in it, its creator gone: listed",
	"enumerate_pins.lua", function()
	return socket_only(listed)
end)

section("Ids: the inode number and mainline's 64-bit ns_id (NS_GET_ID)")
property("ns.id() (the inode) is the same through a handle of the other family", "ids.lua", function(f, other)
	return on_console(f, "net", function(fd)
		return on_console(other, "net", function(theirs)
			return assert(ns.id(fd)) == assert(ns.id(theirs)) and "yes" or "no"
		end)
	end)
end)
handle_property("ns.id(fd, \"ns_id\") of a handle on the console's netns", "ids.lua", function(fd)
	local id, msg = ns.id(fd, "ns_id")
	return outcome(id, msg)
end)
-- Whether an id of a netns freed before is given to a new one, among
-- TRIES netns made and freed in turn, each read through a handle of
-- family f by id(fd), which may fail (its errno is the answer).
local TRIES = 10
local function id_given_again(f, id)
	local seen = {}
	for _ = 1, TRIES do
		local c = sc.creator("net")
		local n, msg = with(assert(f.take(c.pid, "net")), id)
		c.release()
		assert(life.wait("net", base.net))
		if not n then
			return outcome(n, msg)
		elseif seen[n] then
			return "yes"
		end
		seen[n] = true
	end
	return "no"
end
property("the inode number of a freed netns given to a new one (" .. TRIES .. " made and freed in turn)",
	"ids.lua", function(f)
	return id_given_again(f, function(fd) return ns.id(fd) end)
end)
property("the ns_id of a freed netns given to a new one (" .. TRIES .. " made and freed in turn)", "ids.lua",
	function(f)
	return id_given_again(f, function(fd) return ns.id(fd, "ns_id") end)
end)

section("Entering several namespaces of a task (pidfd setns, 5.8; the RFC: one call per type)")
-- A parked child in a new netns and uts namespace, both marked.
local function net_uts_creator()
	local p = assert(parked.fork(function()
		assert(ns.unshare("net", "uts"))
		assert(sys.sysctl("net.ipv4.ip_default_ttl", sc.TTL_MARKER) and sys.sethostname(sc.HOSTNAME_MARKER))
		return "r"
	end))
	assert(p.said == "r", "the net and uts creator did not start")
	return p
end
-- What a child (after before(), if given) gets entering @types of task
-- @pid with family f's handles on it, taken before(): "yes" if every
-- marker is there, or the errno; then after(answer) gives the cell.
local function enter_several(f, pid, types, before, after)
	local h = assert(f.take_task(pid, types))
	local answer = in_child(function()
		assert(not before or before())
		local ok, msg = f.enter_task(h, types)
		if after then
			return after(ok, msg)
		end
		for _, type in ipairs(types) do
			if ok and not sc.marker(type) then
				return "no marker (" .. type .. ")"
			end
		end
		return ok and "yes" or outcome(ok, msg)
	end)
	f.close_task(h)
	return answer
end
property("net and uts of a task in new ones: both markers there", "enter_several.lua", function(f)
	local p = net_uts_creator()
	local answer = enter_several(f, p.pid, { "net", "uts" })
	p.release()
	return answer
end)
property("uid " .. sc.NOBODY .. ", net and uts of that task", "enter_several.lua", function(f)
	local p = net_uts_creator()
	local answer = enter_several(f, p.pid, { "net", "uts" }, nobody)
	p.release()
	return answer
end)
-- Net of a task in a new netns, then user: the caller's own user
-- namespace, which setns() refuses (EINVAL); after(ok, msg) gives the cell.
local function net_then_user(f, after)
	local c = sc.creator("net")
	local answer = enter_several(f, c.pid, { "net", "user" }, nil, after)
	c.release()
	return answer
end
property("net, then user (the caller's own, refused): the call", "enter_several.lua", function(f)
	return net_then_user(f, outcome)
end)
property("net, then user (the caller's own, refused): net entered all the same", "enter_several.lua", function(f)
	return net_then_user(f, function(ok)
		assert(not ok, "entering one's own user namespace succeeded")
		return sc.marker("net") and "yes" or "no"
	end)
end)
property("handles taken while the task ran, it then exited and was reaped: net and uts", "enter_several.lua",
	function(f)
	local p = net_uts_creator()
	local h = assert(f.take_task(p.pid, { "net", "uts" }))
	p.release()
	local answer = in_child(function()
		local ok, msg = f.enter_task(h, { "net", "uts" })
		return ok and (sc.marker("net") and sc.marker("uts") and "yes" or "no marker") or outcome(ok, msg)
	end)
	f.close_task(h)
	assert(life.wait("net", base.net) and life.wait("uts", base.uts))
	return answer
end)

-- The host's own tools, run in the guest (proc.run) on a name at
-- /run/netns/NAME made with the family's handle: what a user of ip and
-- util-linux meets.  The theme names the versions: tests/host/semantics.t
-- compares these rows only on a host with the same ones.
-- The versions come from the host's dpkg database, not from running the
-- tools: the first program run makes the console's /run shared, which
-- would change the mount rows above (a mount namespace's file can't be
-- bound under a shared mount).
local TOOL_NAME, TOOL_PATH = "semantics", "/run/netns/semantics"
local dpkg_status = read_file("/host/var/lib/dpkg/status")
local function version_of(package)
	return assert(dpkg_status:match("\nPackage: " .. package:gsub("%p", "%%%0") .. "\n.-\nVersion: (%S+)"),
		package .. ": not installed on the host")
end
local TOOLS = "The host's tools (Debian's iproute2 " .. version_of("iproute2") .. ", util-linux "
	.. version_of("util-linux") .. ")"

-- An errno's name from its message, as a tool prints strerror().
local errno_of_message = {}
for name, number in pairs(errno) do
	if math.type(number) == "integer" and name:find("^E") then
		local _, msg = errno.result(number)
		errno_of_message[msg:match("^E[%u%d]+: (.*)$")] = name
	end
end
-- A tool's exit as a cell: ok, or the errno its message ends with.
local function tool_outcome(r)
	if r.how == "exited" and r.code == 0 then
		return "ok"
	end
	local message = r.stderr:match(": ([^:\n]+)\n?$")
	return errno_of_message[message] or string.format("exit %s %s", r.how, r.code)
end
local function tool(argv)
	return assert(proc.run(argv))
end

-- fn(pid) with a netns whose creator exited, named at TOOL_PATH by the
-- family's handle, and a task in it that entered by that name; then
-- unnamed, and the task gone.
local function on_tool_name(f, fn)
	assert(fs.mkdir("/run/netns") or fs.stat("/run/netns"))
	named_orphan_at(f, TOOL_PATH)
	local p = assert(parked.fork(function()
		with(assert(fs.open(TOOL_PATH, "r")), function(fd) assert(f.enter("net", fd)) end)
		return "in"
	end))
	assert(p.said == "in")
	local answer = fn(p.pid)
	p.release(10)
	if fs.stat(TOOL_PATH) then
		assert(fs.umount(TOOL_PATH) and fs.unlink(TOOL_PATH))
	end
	assert(life.wait("net", base.net))
	return answer
end

section(TOOLS)
property("`ip netns list` lists the name (and what it says on stderr)", "ip_netns.lua", function(f)
	return on_tool_name(f, function()
		local r = tool{ "ip", "netns", "list" }
		local listed = r.stdout:find("^" .. TOOL_NAME .. "[ \n]") and "yes" or "no"
		local said = r.stderr:match("^([^\n]+)")
		return said and listed .. ": \"" .. said .. "\"" or listed
	end)
end)
property("`ip netns exec NAME` enters the netns", "ip_netns.lua", function(f)
	return on_tool_name(f, function()
		return tool_outcome(tool{ "ip", "netns", "exec", TOOL_NAME, "true" })
	end)
end)
property("`ip netns identify PID` names a task's netns by the name", "ip_netns.lua", function(f)
	return on_tool_name(f, function(pid)
		return tool{ "ip", "netns", "identify", tostring(pid) }.stdout == TOOL_NAME .. "\n" and "yes" or "no"
	end)
end)
property("`ip netns pids NAME` lists a task in it", "ip_netns.lua", function(f)
	return on_tool_name(f, function(pid)
		return tool{ "ip", "netns", "pids", TOOL_NAME }.stdout == pid .. "\n" and "yes" or "no"
	end)
end)
property("`ip netns delete NAME` unmounts it, and the netns is freed", "ip_netns.lua", function(f)
	return on_tool_name(f, function()
		local r = tool{ "ip", "netns", "delete", TOOL_NAME }
		return tool_outcome(r) == "ok" and not fs.stat(TOOL_PATH) and "ok" or tool_outcome(r)
	end)
end)
property("`nsenter --net=NAME` enters the netns", "util_linux.lua", function(f)
	return on_tool_name(f, function()
		return tool_outcome(tool{ "nsenter", "--net=" .. TOOL_PATH, "true" })
	end)
end)
property("`lsns -t net` lists the netns with no task in it, held by the name alone", "util_linux.lua", function(f)
	named_orphan_at(f, TOOL_PATH)
	local id = with(assert(fs.open(TOOL_PATH, "r")), ns.id)
	local listed = tool{ "lsns", "-t", "net", "-n", "-o", "NS" }.stdout:find("%f[%d]" .. id .. "%f[^%d]")
	assert(fs.umount(TOOL_PATH) and fs.unlink(TOOL_PATH) and life.wait("net", base.net))
	return listed and "yes" or "no"
end)
property("`lsns` shows the name in NSFS for a task's netns", "util_linux.lua", function(f)
	return on_tool_name(f, function(pid)
		local r = tool{ "lsns", "-t", "net", "-n", "-o", "PID,NSFS" }
		for task, nsfs in r.stdout:gmatch("(%d+)[ \t]*([^\n]*)") do
			if tonumber(task) == pid then
				return nsfs == TOOL_PATH and "yes" or "no"
			end
		end
		return "not listed"
	end)
end)

-- Observe every property with each family, no probe leaving an fd or a
-- mount behind; then no namespace may be left alive.
local function fds_and_mounts()
	return #assert(fs.listdir("/proc/self/fd")) .. " fds, " .. #assert(fs.mountinfo()) .. " mounts"
end

local probe = assert(io.open(EXEC_PROBE, "w"))
assert(probe:write(exec_probe) and probe:close())
-- A kernel that can't run the host's programs (a 32-bit one) leaves the
-- tools' rows out, saying so; semantics.t compares the others.
local tools_run, tools_why = sc.host_programs_run()
if not tools_run then
	for i = #rows, 1, -1 do
		if rows[i].theme == TOOLS then
			table.remove(rows, i)
		end
	end
	io.stderr:write("semantics.lua: no row of \"" .. TOOLS .. "\": " .. tools_why .. "\n")
end

-- A field of a record: no tab, no newline, and no "|" (a table's cell).
local function field(text, what)
	assert(type(text) == "string" and text:find("^[^|\t\n]+$"), what .. ": not a cell: " .. tostring(text))
	return text
end
local records = {}
for _, row in ipairs(rows) do
	local cells = {}
	for i, f in ipairs(families) do
		local before = fds_and_mounts()
		if row.shared and i == 1 then
			cells[i] = "-"
		else
			cells[i] = field(row.probe(f, families[3 - i]), row.text)
		end
		assert(fds_and_mounts() == before, string.format("%s (%s): %s before, %s after",
			row.text, f.kind, before, fds_and_mounts()))
	end
	records[#records + 1] = table.concat({ "row", field(row.theme, "theme"), field(row.text, "property"),
		cells[1], cells[2], field(row.scenarios, "scenarios") }, "\t")
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

-- The run, for docs/semantics_table.py: the kernel (its version, and the
-- column it fills: major.minor), one record per property, a count.
local release = read_file("/proc/sys/kernel/osrelease"):match("^%S+")
print(table.concat({ "kernel", assert(release:match("^%d+%.%d+"), release), release }, "\t"))
print(table.concat(records, "\n"))
print("rows\t" .. #records)
os.exit(0)
