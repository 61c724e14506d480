-- Module "life": namespace lifetime as the kernel itself accounts for it.
--
-- life.count(type) asks the per-user ucounts behind
-- /proc/sys/user/max_<type>_namespaces: with that limit at M, creating a
-- namespace fails with ENOSPC unless fewer than M are alive.  The initial
-- namespaces are not counted.  Probes run in children that unshare and
-- exit, so PID 1's namespaces never change.  A probe's own namespace is
-- freed asynchronously for net and ipc (cleanup_net, free_ipc_work):
-- compare with life.wait(), which polls, bounded.
--
-- life.pinners() lists what holds each namespace alive: tasks in it, open
-- nsfd and nsfs fds per task, and bind mounts in this mount namespace.
local life = {}

local argcheck = require "argcheck"

-- The same words as the C bindings' names check ("no namespace type 'x';
-- want net, uts ... or time"), the list read from ns.types.
local function check_type(fname, type)
	local want = {}
	for _, t in ipairs(ns.types) do
		if t.name == type then
			return
		end
		want[#want + 1] = t.name
	end
	local last = table.remove(want)
	argcheck.arg(false, fname, 1, string.format("no namespace type %s; want %s or %s",
		type == nil and "given" or "'" .. tostring(type) .. "'",
		table.concat(want, ", "), last), 4)
end

local function check_count(fname, n, value)
	argcheck.arg(math.type(value) == "integer" and value >= 0, fname, n,
		"a count (integer, 0 or more) expected, got " .. tostring(value), 4)
end

-- The sysctl whose limit the probes move.
local function limit_name(type)
	return "user.max_" .. type .. "_namespaces"
end

local function read_limit(type)
	local value, msg, err = sys.sysctl(limit_name(type))
	if not value then
		return nil, msg, err
	end
	return math.tointeger(tonumber(value))
end

-- Whether a namespace of @type can be created now (true/false), or the
-- failure of the probe's unshare.  The probe exits with 0 or its errno.
local function can_create(type)
	local pid, msg, err = proc.fork(function()
		local ok, _, e = ns.unshare(type)
		return ok and 0 or e
	end)
	if not pid then
		return nil, msg, err
	end
	local _, how, code = proc.wait(pid)
	if how ~= "exited" then
		return errno.result(errno.EIO, "the unshare(" .. type .. ") probe was " .. how)
	elseif code ~= 0 and code ~= errno.ENOSPC then
		return errno.result(code, "unshare(" .. type .. ") in the probe")
	end
	return code == 0
end

-- life.count(type [, max]) -> how many namespaces of @type are alive
-- (beyond the initial one), counting up to @max (default 64).
function life.count(type, max, ...)
	argcheck.nargs("life.count", 2, select("#", ...))
	check_type("life.count", type)
	max = max or 64
	check_count("life.count", 2, max)
	local saved, msg, err = read_limit(type)
	if not saved then
		return nil, msg, err
	end
	local count
	for limit = 1, max + 1 do
		local ok
		ok, msg, err = sys.sysctl(limit_name(type), tostring(limit))
		if not ok then
			break
		end
		local created
		created, msg, err = can_create(type)
		if created == nil then
			break
		end
		if created then
			count = limit - 1
			break
		end
	end
	sys.sysctl(limit_name(type), tostring(saved))
	if count then
		return count
	end
	if msg then
		return nil, msg, err
	end
	return errno.result(errno.ERANGE, "more than " .. max .. " " .. type .. " namespaces alive")
end

-- life.wait(type, n [, timeout]) -> true once life.count(type) == n, or
-- nil, "ETIMEDOUT: ...", errno.ETIMEDOUT once the pauses between counts
-- add up to @timeout seconds (default 5; 0 counts once).  Each count makes
-- a namespace of its own, which dies like any other: the pause doubles
-- (20 ms to 0.5 s), or a kernel that frees namespaces slowly (the debug
-- one) never catches up with the probes.  (Lua has no clock finer than
-- os.time()'s second, which made a timeout of 0 last up to a second.)
function life.wait(type, n, timeout, ...)
	argcheck.nargs("life.wait", 3, select("#", ...))
	check_type("life.wait", type)
	check_count("life.wait", 2, n)
	timeout = timeout or 5
	argcheck.arg(math.type(timeout) and timeout >= 0, "life.wait", 3,
		"a timeout in seconds (0 or more) expected, got " .. tostring(timeout))
	local last, pause = nil, 0.02
	while true do
		local count, msg, err = life.count(type)
		if not count then
			return nil, msg, err
		end
		if count == n then
			return true
		end
		last = count
		if timeout <= 0 then
			break
		end
		pause = math.min(pause, timeout)
		proc.sleep(pause)
		timeout = timeout - pause
		pause = math.min(pause * 2, 0.5)
	end
	return errno.result(errno.ETIMEDOUT,
		string.format("%d %s namespaces alive, not %d", last, type, n))
end

-- life.counts() -> { net = n, uts = n, ... } for every type the kernel counts.
function life.counts(...)
	argcheck.nargs("life.counts", 0, select("#", ...))
	local counts = {}
	for _, t in ipairs(ns.types) do
		if read_limit(t.name) then
			counts[t.name] = life.count(t.name)
		end
	end
	return counts
end

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
local nstype_of = {}
for _, t in ipairs(ns.types) do
	nstype_of[t.name] = t.nstype
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
	local ready_r, ready_w = assert(fs.pipe())
	local go_r, go_w = assert(fs.pipe())
	local pid = proc.fork(function()
		fs.close(ready_r)
		fs.close(go_w)
		local fd = fs.open(path, "r")
		local entered = fd and enter(type, fd)
		fs.write(ready_w, entered and "in" or "out")
		fs.read(go_r)
	end)
	fs.close(ready_w)
	fs.close(go_r)
	local entered = pid and fs.read(ready_r) == "in"
	fs.close(ready_r)
	local function release()
		fs.close(go_w)
		if pid then
			proc.wait(pid)
		end
	end
	if not entered then
		release()
		return nil
	end
	return pid, release
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
-- mounts={{path=, fstype=, mnt=id, text=}...}}, ... }: everything the
-- console can see that keeps a namespace alive: every task, its fds, and
-- the bind mounts of every mount namespace some task is in.
function life.pinners(...)
	argcheck.nargs("life.pinners", 0, select("#", ...))
	local found, list, known = {}, {}, {}
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
		for _, m in ipairs(fs.mountinfo(pid) or {}) do
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
	table.sort(list, function(a, b)
		return a.type < b.type or (a.type == b.type and a.id < b.id)
	end)
	return list
end

-- life.lsns(): print life.pinners() as a table, like lsns, with the pinning
-- fds and mounts named.  NPROCS and PID (the lowest) as lsns(8) has them.
function life.lsns(...)
	argcheck.nargs("life.lsns", 0, select("#", ...))
	print(string.format("%-7s %-11s %6s %5s  %s", "TYPE", "ID", "NPROCS", "PID", "FDS / MOUNTS"))
	for _, e in ipairs(life.pinners()) do
		local held = {}
		for _, f in ipairs(e.fds) do held[#held + 1] = "fd " .. f end
		for _, m in ipairs(e.mounts) do held[#held + 1] = "mount " .. m.text end
		print(string.format("%-7s %-11d %6d %5s  %s", e.type, e.id, #e.tasks,
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
local function owner_and_parent(e)
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
	local owner, parent = ask("/proc/" .. pid .. "/ns/" .. (e.type == "pid" and "pid_for_children" or e.type))
	release()
	return owner, parent
end

-- Whether @pid is a kernel thread: kthreadd (pid 2) or one of its children.
local function kernel_thread(pid)
	local f = io.open("/proc/" .. pid .. "/stat")
	local stat = f and f:read("a") or ""
	if f then
		f:close()
	end
	local ppid = stat:match("^%d+ %b() %a (%d+)")
	return pid == 2 or ppid == "2"
end

-- "1-11, 13": a sorted list of integers, runs folded.
local function ranges(numbers)
	local parts, i = {}, 1
	while numbers[i] do
		local j = i
		while numbers[j + 1] == numbers[j] + 1 do
			j = j + 1
		end
		parts[#parts + 1] = j > i and numbers[i] .. "-" .. numbers[j] or tostring(numbers[i])
		i = j + 1
	end
	return table.concat(parts, ", ")
end

-- "pid 1 (init), this session (pid 19), 18 kernel threads": who a group
-- of tasks is.  Forked children are all named "init" (/init's comm), so
-- only kernel threads are named by comm.
local function task_label(pids)
	local words, others, threads = {}, {}, {}
	for _, pid in ipairs(pids) do
		if pid == 1 then
			words[#words + 1] = "pid 1 (init)"
		elseif pid == proc.getpid() then
			words[#words + 1] = "this session (pid " .. pid .. ")"
		elseif kernel_thread(pid) then
			threads[#threads + 1] = pid
		else
			others[#others + 1] = pid
		end
	end
	if others[1] then
		words[#words + 1] = (#others == 1 and "pid " or "pids ") .. ranges(others)
	end
	if #threads == 1 then
		local f = io.open("/proc/" .. threads[1] .. "/comm")
		words[#words + 1] = "pid " .. threads[1] .. " (" .. (f and f:read("l") or "?") .. ")"
		if f then
			f:close()
		end
	elseif threads[1] then
		words[#words + 1] = #threads .. " kernel threads"
	end
	return table.concat(words, ",\n")
end

local function quote(text)
	return '"' .. tostring(text):gsub('[\\"]', "\\%0"):gsub("\n", "\\n") .. '"'
end

-- life.graph([history]) -> the pins as Graphviz DOT.  Namespaces (type
-- and id; the initial ones boxed together), the tasks in each (grouped by
-- the set of namespaces they share), the nsfd and nsfs fds and the bind
-- mounts that hold them (with the mount namespace each lives in), and the
-- ownership edges the kernel answers through nsfs (owner user namespace,
-- parent pid or user namespace).  @history, a table kept between calls,
-- remembers what earlier graphs showed: a namespace shown before and gone
-- now is drawn once more, as freed.
function life.graph(history, ...)
	argcheck.nargs("life.graph", 1, select("#", ...))
	argcheck.arg(history == nil or type(history) == "table", "life.graph", 1,
		"a history table expected, got " .. type(history))
	history = history or {}
	local pinners = life.pinners()
	-- PID 1's namespaces, and those only kernel threads are in (devtmpfs
	-- has a mount namespace of its own): there from boot, boxed together.
	local is_initial = {}
	for _, e in ipairs(pinners) do
		local kernel_only = e.tasks[1] ~= nil
		for _, pid in ipairs(e.tasks) do
			kernel_only = kernel_only and pid ~= 1 and kernel_thread(pid)
			is_initial[e.id] = is_initial[e.id] or pid == 1
		end
		is_initial[e.id] = is_initial[e.id] or kernel_only
	end
	local lines = {
		"digraph pins {",
		'\trankdir=LR; node [fontname="Helvetica", fontsize=10]; edge [fontname="Helvetica", fontsize=9];',
	}
	local function add(fmt, ...)
		lines[#lines + 1] = "\t" .. string.format(fmt, ...)
	end
	-- The initial namespaces are rows of one table node, "initial".
	local function ns_node(type, id)
		if is_initial[id] then
			return '"initial":"' .. id .. '"'
		end
		return quote(type .. ":" .. id)
	end

	-- Tasks grouped by the namespaces they are in.
	local groups, group_of = {}, {}
	for _, e in ipairs(pinners) do
		for _, pid in ipairs(e.tasks) do
			group_of[pid] = group_of[pid] or {}
			if not is_initial[e.id] then
				table.insert(group_of[pid], e.type .. ":" .. e.id)
			end
		end
	end
	local pids = {}
	for pid in pairs(group_of) do
		pids[#pids + 1] = pid
	end
	table.sort(pids)
	for _, pid in ipairs(pids) do
		local key = table.concat(group_of[pid], " ")
		if not groups[key] then
			groups[key] = { pids = {}, namespaces = group_of[pid] }
			groups[#groups + 1] = groups[key]
		end
		table.insert(groups[key].pids, pid)
	end
	local task_node = {}
	for i, g in ipairs(groups) do
		g.node = quote("tasks" .. i)
		g.label = task_label(g.pids)
		for _, pid in ipairs(g.pids) do
			task_node[pid] = g.node
		end
	end

	local rows = { '<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3">',
		'<TR><TD><B>initial namespaces, the kernel\'s own</B></TD></TR>' }
	for _, e in ipairs(pinners) do
		if is_initial[e.id] then
			rows[#rows + 1] = string.format('<TR><TD PORT="%d">%s %d</TD></TR>', e.id, e.type, e.id)
		end
	end
	rows[#rows + 1] = "</TABLE>"
	add('"initial" [shape=plaintext, label=<%s>];', table.concat(rows))
	for _, g in ipairs(groups) do
		if #g.namespaces == 0 then
			add('%s [label=%s, shape=box, style=rounded];', g.node,
				quote(g.label .. "\n(in the initial namespaces only)"))
			add('%s -> "initial" [style=invis];', g.node)
		end
	end

	-- A namespace alive: pinned by what the guest sees, or held by one it
	-- owns or parents (a reference the kernel keeps).
	local now = {}
	local function alive(type, id, why)
		local key = type .. ":" .. id
		if not now[key] then
			now[key] = true
			history[key] = { type = type, id = id }
			if not is_initial[id] then
				add('%s [label=%s, shape=ellipse, style=filled, fillcolor="#cfe8cf"];',
					ns_node(type, id), quote(type .. "\n" .. id .. (why or "")))
			end
		end
	end
	for _, e in ipairs(pinners) do
		alive(e.type, e.id)
	end
	for _, e in ipairs(pinners) do
		if not is_initial[e.id] then
			local owner, parent = owner_and_parent(e)
			if owner then
				alive("user", owner, "\n(held as owner)")
				add('%s -> %s [label="owner", style=dashed, color=gray40];',
					ns_node(e.type, e.id), ns_node("user", owner))
			end
			if parent then
				alive(e.type, parent, "\n(held as parent)")
				add('%s -> %s [label="parent", style=dashed, color=gray40];',
					ns_node(e.type, e.id), ns_node(e.type, parent))
			end
		end
	end
	local gone = {}
	for key, h in pairs(history) do
		if not now[key] then
			gone[#gone + 1] = h
			history[key] = nil
		end
	end
	table.sort(gone, function(a, b) return a.id < b.id end)
	-- Out of view is not freed: something the guest can't see may hold it
	-- (a socket, a file's credentials).  The kernel's count of the type
	-- says whether every one alive is in view.
	local verdict = {}
	for _, h in ipairs(gone) do
		if not verdict[h.type] then
			local seen = 0
			for key in pairs(now) do
				local type, id = key:match("^(%a+):(%d+)$")
				seen = seen + ((type == h.type and not is_initial[math.tointeger(tonumber(id))]) and 1 or 0)
			end
			local counted = life.wait(h.type, seen, 0.2) and seen or life.count(h.type)
			verdict[h.type] = counted and counted <= seen and "freed"
				or string.format("out of view\n(%s %s alive, %d seen)", tostring(counted), h.type, seen)
		end
		add('%s [label=%s, shape=ellipse, style="dashed,filled", fillcolor=gray90, fontcolor=gray40];',
			ns_node(h.type, h.id), quote(h.type .. "\n" .. h.id .. "\n" .. verdict[h.type]))
	end

	for _, g in ipairs(groups) do
		if #g.namespaces > 0 then
			add('%s [label=%s, shape=box, style=rounded];', g.node,
				quote(g.label))
			for _, key in ipairs(g.namespaces) do
				add('%s -> %s [label="in"];', g.node, quote(key))
			end
		end
	end

	-- Fds: one node per task, namespace and kind of file.
	local mount_count = 0
	for _, e in ipairs(pinners) do
		local fds = {}
		for _, f in ipairs(e.fds) do
			local pid, fd, kind = f:match("^(%d+):(%d+) (%a+)$")
			local key = pid .. " " .. kind
			if not fds[key] then
				fds[key] = { pid = math.tointeger(tonumber(pid)), kind = kind, fds = {} }
				fds[#fds + 1] = fds[key]
			end
			table.insert(fds[key].fds, math.tointeger(tonumber(fd)))
		end
		for _, f in ipairs(fds) do
			local node = quote("fd " .. f.pid .. " " .. f.kind .. " " .. e.type .. ":" .. e.id)
			add('%s [label=%s, shape=note, style=filled, fillcolor=%s];', node,
				quote("pid " .. f.pid .. ": " .. (#f.fds == 1 and "fd " or "fds ") .. ranges(f.fds) .. "\n" .. f.kind
					.. (#f.fds > 1 and " (" .. #f.fds .. ")" or "")),
				f.kind == "nsfd" and '"#ffe0a0"' or '"#d8e4f8"')
			if task_node[f.pid] then
				add('%s -> %s [label="holds"];', task_node[f.pid], node)
			end
			add('%s -> %s [label="pins"];', node, ns_node(e.type, e.id))
		end
		for _, m in ipairs(e.mounts) do
			mount_count = mount_count + 1
			local node = quote("mount" .. mount_count)
			add('%s [label=%s, shape=folder, style=filled, fillcolor=%s];', node,
				quote(m.path .. "\n" .. m.fstype .. " mount"),
				m.fstype == "nsfd" and '"#ffe0a0"' or '"#d8e4f8"')
			add('%s -> %s [label="pins"];', node, ns_node(e.type, e.id))
			add('%s -> %s [label="in", style=dotted];', node, ns_node("mnt", m.mnt))
		end
	end
	add('label=%s; labelloc=b; fontsize=9;', quote(
		"green: a namespace beyond the initial ones; orange: the RFC's nsfd files; "
		.. "blue: mainline's nsfs files; grey: gone since the last picture (freed, by the kernel's count)\n"
		.. "in: the tasks are in it; holds: a task's open fds; pins: keeps it alive; "
		.. "dotted in: the mount namespace a mount is in; owner, parent: what the kernel keeps"))
	lines[#lines + 1] = "}"
	return table.concat(lines, "\n") .. "\n"
end

return life
