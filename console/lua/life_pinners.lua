-- Module "life_pinners": what holds each namespace alive, as the console
-- can see it (life.pinners, life.lsns; see life.lua): tasks in it, open
-- nsfd and nsfs fds per task, and bind mounts in every mount namespace a
-- task or a handle reaches; what listns() (7.3) lists besides; and what
-- the kernel holds, the owner and parent namespaces (owner_and_parent),
-- for life.graph.
local argcheck, errno, fs, mountinfo, ns, parked, proc =
	require "argcheck", require "errno", require "fs", require "mountinfo", require "ns", require "parked",
	require "proc"

local pinners = {}

-- The numeric names in a directory of /proc, sorted.
local function numeric_entries(dir)
	local numbers = {}
	for _, name in ipairs(fs.listdir(dir) or {}) do
		if name:match("^%d+$") then
			numbers[#numbers + 1] = math.tointeger(tonumber(name))
		end
	end
	table.sort(numbers)
	return numbers
end

-- Enter the namespace of type @type (a name) that the fd @fd holds, be it
-- an nsfd file (the RFC's call) or an nsfs file (mainline's).
local nstype_of, setns_entry_of = {}, {}
for _, t in ipairs(ns.types) do
	nstype_of[t.name], setns_entry_of[t.name] = t.nstype, t.setns_entry
end
local function enter(type, fd)
	return (nstype_of[type] and ns.nsfd_setns(nstype_of[type], fd)) or ns.setns(fd, type)
end

-- The type of the namespace file at @path (an fd link or a bind mount)
-- whose inode number (the namespace's id) is @id: from @known (id -> type,
-- filled from the tasks' namespaces and earlier answers), or the type
-- nsfd_setns() or setns() accepts, tried in a child so that nothing
-- changes here (a task's own user namespace can't be entered: its id
-- tells).  A thousand fds on one namespace cost one child.
local function handle_type(path, id, known)
	if not known[id] then
		local pid = proc.fork(function()
			local fd = fs.open(path, "r")
			for i, t in ipairs(ns.types) do
				if fd and (enter(t.name, fd) or ns.id(0, t.name) == id) then
					return i
				end
			end
			return 0
		end)
		local _, _, code = proc.wait(pid)
		known[id] = ns.types[code] and ns.types[code].name or "?"
	end
	return known[id]
end

-- A task that entered the namespace of type @type through the handle at
-- @path (an nsfd or nsfs file, as the console sees it), parked until
-- release() is called: its /proc/<pid>/ns, mountinfo and root show the
-- namespace as a task in it would.  nil if it could not enter.
local function visit(type, path)
	local p = parked.fork(function()
		local fd = fs.open(path, "r")
		return fd and enter(type, fd) and "in" or "out"
	end)
	if p and p.said == "in" then
		return p.pid, p.release
	end
	if p then
		p.release()
	end
	return nil
end

-- What listns() lists, the namespaces in active use, each opened by its
-- ns id for its inode number: {type=, id=, ns_id=}; nil on a kernel
-- without listns() (6.12).  One gone between the list and the open is left
-- out.
local function listed()
	local found = {}
	for _, t in ipairs(ns.types) do
		local ids, msg, err = ns.list { type = t.name }
		if not ids then
			if err == errno.ENOSYS then
				return nil
			end
			error("life.pinners: " .. msg, 3)
		end
		for _, ns_id in ipairs(ids) do
			local fd = ns.open_id(ns_id)
			if fd then
				found[#found + 1] = { type = t.name, id = ns.id(fd), ns_id = ns_id }
				fs.close(fd)
			end
		end
	end
	return found
end

-- A handle on namespace @e that the console can open: an fd of a task,
-- or a bind mount it can reach.
local function handle_path(e)
	local pid, fd = (e.fds[1] or ""):match("^(%d+):(%d+) ")
	if pid then
		return "/proc/" .. pid .. "/fd/" .. fd
	end
	for _, m in ipairs(e.mounts) do
		if m.at then
			return m.at
		end
	end
end

-- life.pinners() -> { {type=, id=, tasks={pid...}, fds={"pid:fd nsfd"...},
-- mounts={{path=, fstype=, mnt=id, text=}...}, ns_id=, listed=}, ... }:
-- everything the console can see that keeps a namespace alive: every
-- task, its fds, and the bind mounts of every mount namespace some task is
-- in.  Where the kernel has listns() (7.3), also every namespace it lists,
-- in view or not (one held only by an fd in flight in a socket has no
-- task, fd or mount here), with its ns id; listed is false for one in view
-- that listns() does not list (not in active use).  Without listns(),
-- ns_id and listed are nil.
function pinners.pinners(...)
	argcheck.nargs("life.pinners", 0, select("#", ...))
	local found, list, known = {}, {}, {}
	local in_use = listed()
	for _, l in ipairs(in_use or {}) do
		known[l.id] = l.type
	end
	local function entry(type, id)
		local key = type .. ":" .. id
		if not found[key] then
			found[key] = { type = type, id = id, tasks = {}, fds = {}, mounts = {} }
			list[#list + 1] = found[key]
		end
		return found[key]
	end
	local pids = numeric_entries("/proc")
	for _, pid in ipairs(pids) do
		for _, t in ipairs(ns.types) do
			local id = ns.id(pid, t.name)
			if id then
				table.insert(entry(t.name, id).tasks, pid)
				known[id] = t.name
			end
		end
	end
	-- An fd's link is "net:[N]" for an nsfs file, "nsfd" for an nsfd
	-- file, and the name's path for either when opened through a name.
	for _, pid in ipairs(pids) do
		for _, fd in ipairs(numeric_entries("/proc/" .. pid .. "/fd")) do
			local path = "/proc/" .. pid .. "/fd/" .. fd
			local magic = fs.statfs(path)
			local kind = magic == fs.NSFD_FS_MAGIC and "nsfd" or magic == fs.NSFS_MAGIC and "nsfs"
			local st = kind and fs.stat(path)
			if st then
				table.insert(entry(handle_type(path, st.ino, known), st.ino).fds,
					pid .. ":" .. fd .. " " .. kind)
			end
		end
	end
	-- Bind mounts of this mount namespace, then of every other one a task
	-- is in (read through that task's root), then of those only handles
	-- hold (through a task parked in each): a name in another mount
	-- namespace pins as much as one here.
	local own_mnt = ns.id(0, "mnt")
	local function scan_mounts(mnt, pid, reachable)
		local root = pid and "/proc/" .. pid .. "/root" or ""
		for _, m in ipairs(mountinfo(pid) or {}) do
			local path = root .. m.mount_point
			local st = (m.fstype == "nsfs" or m.fstype == "nsfd") and fs.stat(path)
			if st then
				local type = m.root:match("^(%a+):%[") or handle_type(path, st.ino, known)
				table.insert(entry(type, st.ino).mounts, {
					path = m.mount_point, fstype = m.fstype, mnt = mnt,
					at = reachable and path or nil,
					text = m.mount_point .. " (" .. m.fstype .. ")"
						.. (mnt == own_mnt and "" or " in mnt:[" .. mnt .. "]"),
				})
			end
		end
	end
	local scanned = {}
	table.sort(list, function(a, b) return a.id < b.id end)
	for _, e in ipairs(list) do
		if e.type == "mnt" and e.tasks[1] then
			scanned[e.id] = true
			scan_mounts(e.id, e.id ~= own_mnt and e.tasks[1] or nil, true)
		end
	end
	local i = 1
	while list[i] do	-- grows as mounts are found
		local e = list[i]
		if e.type == "mnt" and not scanned[e.id] then
			scanned[e.id] = true
			local pid, release = visit("mnt", handle_path(e) or "")
			if pid then
				scan_mounts(e.id, pid, false)
				release()
			end
		end
		i = i + 1
	end
	if in_use then
		for _, l in ipairs(in_use) do
			entry(l.type, l.id).ns_id = l.ns_id
		end
		for _, e in ipairs(list) do
			e.listed = e.ns_id ~= nil
		end
	end
	table.sort(list, function(a, b)
		return a.type < b.type or (a.type == b.type and a.id < b.id)
	end)
	return list
end

-- life.lsns(): print life.pinners() as a table, like lsns, with the pinning
-- fds and mounts named.  NPROCS and PID (the lowest) as lsns(8) has them;
-- NSID, listns()'s id, where the kernel has it.
function pinners.lsns(...)
	argcheck.nargs("life.lsns", 0, select("#", ...))
	local list = pinners.pinners()
	local with_ns_id = list[1] and list[1].listed ~= nil
	local function ns_id(e)
		return with_ns_id and string.format(" %5s", e.ns_id or "-") or ""
	end
	print(string.format("%-7s %-11s%s %6s %5s  %s", "TYPE", "ID", with_ns_id and "  NSID" or "", "NPROCS",
		"PID", "FDS / MOUNTS"))
	for _, e in ipairs(list) do
		local held = {}
		for _, f in ipairs(e.fds) do held[#held + 1] = "fd " .. f end
		for _, m in ipairs(e.mounts) do held[#held + 1] = "mount " .. m.text end
		if e.listed == false then
			held[#held + 1] = "(not listed by listns(): not in active use)"
		elseif e.listed and #e.tasks + #held == 0 then
			held[#held + 1] = "(listed by listns(); no task, fd or mount in view holds it)"
		end
		print(string.format("%-7s %-11d%s %6d %5s  %s", e.type, e.id, ns_id(e), #e.tasks,
			e.tasks[1] or "-", #held > 0 and table.concat(held, "; ") or "-"))
	end
end

-- An nsfs file of namespace @e, to ask the kernel about: a task's
-- /proc/<pid>/ns/<type>, an nsfs fd or an nsfs mount.  nil if only nsfd
-- files hold it (the RFC's files answer no ioctl).
local function nsfs_path(e)
	if e.tasks[1] then
		return "/proc/" .. e.tasks[1] .. "/ns/" .. e.type
	end
	for _, f in ipairs(e.fds) do
		local pid, fd, kind = f:match("^(%d+):(%d+) (%a+)$")
		if kind == "nsfs" then
			return "/proc/" .. pid .. "/fd/" .. fd
		end
	end
	for _, m in ipairs(e.mounts) do
		if m.fstype == "nsfs" and m.at then
			return m.at
		end
	end
end

-- The ids of @e's owning user namespace and of its parent (pid and user
-- namespaces), from mainline's NS_GET_USERNS and NS_GET_PARENT, asked by
-- the console (from inside a child user namespace, its parent would be
-- out of view: EPERM).  With no nsfs file in view, a task parked in the
-- namespace lends its /proc/<pid>/ns (pid_for_children for a pid one).
function pinners.owner_and_parent(e)
	local function ask(path)
		local fd = path and fs.open(path, "r")
		if not fd then
			return nil, nil
		end
		local function id_of(other)
			local id = other and ns.id(other)
			if other then
				fs.close(other)
			end
			return id
		end
		local owner = e.type ~= "user" and id_of(ns.owner(fd)) or nil
		local parent = (e.type == "pid" or e.type == "user") and id_of(ns.parent(fd)) or nil
		fs.close(fd)
		return owner, parent
	end
	local path = nsfs_path(e)
	if path then
		return ask(path)
	end
	local pid, release = visit(e.type, handle_path(e) or "")
	if not pid then
		return nil, nil
	end
	local owner, parent = ask("/proc/" .. pid .. "/ns/" .. setns_entry_of[e.type])
	release()
	return owner, parent
end

-- Whether @pid is a kernel thread: kthreadd (pid 2) or one of its children.
function pinners.kernel_thread(pid)
	local f = io.open("/proc/" .. pid .. "/stat")
	local stat = f and f:read("a") or ""
	if f then
		f:close()
	end
	local ppid = stat:match("^%d+ %b() %a (%d+)")
	return pid == 2 or ppid == "2"
end

return pinners
