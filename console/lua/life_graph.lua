-- Module "life_graph": the pins as a picture (life.graph; see life.lua),
-- in two steps.  model(history) probes (life.pinners, the owner and
-- parent namespaces, the kernel's counts) and returns the graph as data:
-- items in drawing order, each a node { kind=, key=, ... } or an edge
-- { from=key, to=key, rel= }.  dot(model) renders that as Graphviz DOT
-- text and looks at nothing else: same model, same text.
local counting = require "life_count"
local pinners = require "life_pinners"
local argcheck, proc = require "argcheck", require "proc"

local graph = {}

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
		elseif pinners.kernel_thread(pid) then
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

-- PID 1's namespaces, and those only kernel threads are in (devtmpfs
-- has a mount namespace of its own): there from boot, drawn together.
-- id -> true.
local function initial_ids(list)
	local is_initial = {}
	for _, e in ipairs(list) do
		local kernel_only = e.tasks[1] ~= nil
		for _, pid in ipairs(e.tasks) do
			kernel_only = kernel_only and pid ~= 1 and pinners.kernel_thread(pid)
			is_initial[e.id] = is_initial[e.id] or pid == 1
		end
		is_initial[e.id] = is_initial[e.id] or kernel_only
	end
	return is_initial
end

-- Tasks grouped by the namespaces beyond the initial ones they are in,
-- in the order of their lowest pid: { {key=, pids=, namespaces=}... },
-- and pid -> the key of its group.
local function task_groups(list, is_initial)
	local group_of, pids = {}, {}
	for _, e in ipairs(list) do
		for _, pid in ipairs(e.tasks) do
			if not group_of[pid] then
				group_of[pid] = {}
				pids[#pids + 1] = pid
			end
			if not is_initial[e.id] then
				table.insert(group_of[pid], e.type .. ":" .. e.id)
			end
		end
	end
	table.sort(pids)
	local groups, by_set, group_key = {}, {}, {}
	for _, pid in ipairs(pids) do
		local set = table.concat(group_of[pid], " ")
		if not by_set[set] then
			by_set[set] = { key = "tasks" .. #groups + 1, pids = {}, namespaces = group_of[pid] }
			groups[#groups + 1] = by_set[set]
		end
		table.insert(by_set[set].pids, pid)
		group_key[pid] = by_set[set].key
	end
	return groups, group_key
end

-- A namespace's fds, one entry per task and kind of file:
-- { {pid=, kind=, fds={fd...}}... } in the order first seen.
local function fd_holders(e)
	local holders, by_key = {}, {}
	for _, f in ipairs(e.fds) do
		local pid, fd, kind = f:match("^(%d+):(%d+) (%a+)$")
		local key = pid .. " " .. kind
		if not by_key[key] then
			by_key[key] = { pid = math.tointeger(tonumber(pid)), kind = kind, fds = {} }
			holders[#holders + 1] = by_key[key]
		end
		table.insert(by_key[key].fds, math.tointeger(tonumber(fd)))
	end
	return holders
end

-- graph.model([history]) -> { initial = {id -> true}, items = {...} }:
-- what life.graph draws, probed now.  @history, a table kept between
-- calls, remembers what earlier models showed: a namespace shown before
-- and gone now is an item once more, kind "gone", with the kernel's
-- count of its type (counted) and how many of them are in view (seen).
function graph.model(history)
	history = history or {}
	local list = pinners.pinners()
	local is_initial = initial_ids(list)
	local items = {}
	local function add(item)
		items[#items + 1] = item
	end
	local function ns_key(type, id)
		return type .. ":" .. id
	end

	local rows = {}
	for _, e in ipairs(list) do
		if is_initial[e.id] then
			rows[#rows + 1] = { type = e.type, id = e.id }
		end
	end
	add({ kind = "initial", key = "initial", rows = rows })
	local groups, group_key = task_groups(list, is_initial)
	for _, g in ipairs(groups) do
		g.label = task_label(g.pids)
		if #g.namespaces == 0 then
			add({ kind = "tasks", key = g.key, label = g.label, initial_only = true })
			add({ from = g.key, to = "initial", rel = "beside" })
		end
	end

	-- A namespace alive: pinned by what the guest sees, held by one it
	-- owns or parents (a reference the kernel keeps, @why), or listed by
	-- listns() with no holder in view (@why "listns").
	local now = {}
	local function alive(type, id, why)
		local key = ns_key(type, id)
		if not now[key] then
			now[key] = true
			history[key] = { type = type, id = id }
			if not is_initial[id] then
				add({ kind = "namespace", key = key, type = type, id = id, held_as = why })
			end
		end
	end
	for _, e in ipairs(list) do
		alive(e.type, e.id, e.listed and #e.tasks + #e.fds + #e.mounts == 0 and "listns" or nil)
	end
	for _, e in ipairs(list) do
		if not is_initial[e.id] then
			local owner, parent = pinners.owner_and_parent(e)
			if owner then
				alive("user", owner, "owner")
				add({ from = ns_key(e.type, e.id), to = ns_key("user", owner), rel = "owner" })
			end
			if parent then
				alive(e.type, parent, "parent")
				add({ from = ns_key(e.type, e.id), to = ns_key(e.type, parent), rel = "parent" })
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
	local counted = {}
	for _, h in ipairs(gone) do
		if not counted[h.type] then
			local seen = 0
			for key in pairs(now) do
				local type, id = key:match("^(%a+):(%d+)$")
				seen = seen + ((type == h.type and not is_initial[math.tointeger(tonumber(id))]) and 1 or 0)
			end
			local n = counting.wait(h.type, seen, 0.2) and seen or counting.count(h.type)
			counted[h.type] = { counted = n, seen = seen }
		end
		add({ kind = "gone", key = ns_key(h.type, h.id), type = h.type, id = h.id,
			counted = counted[h.type].counted, seen = counted[h.type].seen })
	end

	for _, g in ipairs(groups) do
		if #g.namespaces > 0 then
			add({ kind = "tasks", key = g.key, label = g.label })
			for _, key in ipairs(g.namespaces) do
				add({ from = g.key, to = key, rel = "in" })
			end
		end
	end

	-- Fds: one node per task, namespace and kind of file.
	local mount_count = 0
	for _, e in ipairs(list) do
		for _, f in ipairs(fd_holders(e)) do
			local key = "fd " .. f.pid .. " " .. f.kind .. " " .. ns_key(e.type, e.id)
			add({ kind = "fds", key = key, pid = f.pid, file = f.kind, fds = f.fds })
			if group_key[f.pid] then
				add({ from = group_key[f.pid], to = key, rel = "holds" })
			end
			add({ from = key, to = ns_key(e.type, e.id), rel = "pins" })
		end
		for _, m in ipairs(e.mounts) do
			mount_count = mount_count + 1
			local key = "mount" .. mount_count
			add({ kind = "mount", key = key, path = m.path, file = m.fstype })
			add({ from = key, to = ns_key(e.type, e.id), rel = "pins" })
			add({ from = key, to = ns_key("mnt", m.mnt), rel = "mounted in" })
		end
	end
	return { initial = is_initial, items = items }
end

local function quote(text)
	return '"' .. tostring(text):gsub('[\\"]', "\\%0"):gsub("\n", "\\n") .. '"'
end

-- The colour of an nsfd (the RFC's) or nsfs (mainline's) file.
local FILE_COLOUR = { nsfd = '"#ffe0a0"', nsfs = '"#d8e4f8"' }

-- Why a namespace with no pin drawn is alive.
local HELD_AS = {
	owner = "\n(held as owner)",
	parent = "\n(held as parent)",
	listns = "\n(listed by listns(),\nno holder in view)",
}

-- Each kind of node as DOT attributes.
local NODE = {
	initial = function(n)
		local rows = { '<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3">',
			'<TR><TD><B>initial namespaces, the kernel\'s own</B></TD></TR>' }
		for _, r in ipairs(n.rows) do
			rows[#rows + 1] = string.format('<TR><TD PORT="%d">%s %d</TD></TR>', r.id, r.type, r.id)
		end
		rows[#rows + 1] = "</TABLE>"
		return string.format("shape=plaintext, label=<%s>", table.concat(rows))
	end,
	tasks = function(n)
		return string.format("label=%s, shape=box, style=rounded",
			quote(n.label .. (n.initial_only and "\n(in the initial namespaces only)" or "")))
	end,
	namespace = function(n)
		return string.format('label=%s, shape=ellipse, style=filled, fillcolor="#cfe8cf"',
			quote(n.type .. "\n" .. n.id .. (HELD_AS[n.held_as] or "")))
	end,
	gone = function(n)
		local verdict = n.counted and n.counted <= n.seen and "freed"
			or string.format("out of view\n(%s %s alive, %d seen)", tostring(n.counted), n.type, n.seen)
		return string.format('label=%s, shape=ellipse, style="dashed,filled", fillcolor=gray90, fontcolor=gray40',
			quote(n.type .. "\n" .. n.id .. "\n" .. verdict))
	end,
	fds = function(n)
		return string.format("label=%s, shape=note, style=filled, fillcolor=%s",
			quote("pid " .. n.pid .. ": " .. (#n.fds == 1 and "fd " or "fds ") .. ranges(n.fds) .. "\n" .. n.file
				.. (#n.fds > 1 and " (" .. #n.fds .. ")" or "")),
			FILE_COLOUR[n.file])
	end,
	mount = function(n)
		return string.format("label=%s, shape=folder, style=filled, fillcolor=%s",
			quote(n.path .. "\n" .. n.file .. " mount"), FILE_COLOUR[n.file])
	end,
}

-- Each relation as DOT edge attributes.
local EDGE = {
	beside = "style=invis",
	owner = 'label="owner", style=dashed, color=gray40',
	parent = 'label="parent", style=dashed, color=gray40',
	["in"] = 'label="in"',
	holds = 'label="holds"',
	pins = 'label="pins"',
	["mounted in"] = 'label="in", style=dotted',
}

local LEGEND = "green: a namespace beyond the initial ones; orange: the RFC's nsfd files; "
	.. "blue: mainline's nsfs files; grey: gone since the last picture (freed, by the kernel's count)\n"
	.. "in: the tasks are in it; holds: a task's open fds; pins: keeps it alive; "
	.. "dotted in: the mount namespace a mount is in; owner, parent: what the kernel keeps"

-- graph.dot(model) -> DOT text: a namespace's node by its key, but an
-- initial one is its row (port) of the "initial" table.
function graph.dot(model)
	local function node_id(key)
		local id = key:match("^%a+:(%d+)$")
		if id and model.initial[math.tointeger(tonumber(id))] then
			return '"initial":"' .. id .. '"'
		end
		return quote(key)
	end
	local lines = {
		"digraph pins {",
		'\trankdir=LR; node [fontname="Helvetica", fontsize=10]; edge [fontname="Helvetica", fontsize=9];',
	}
	for _, item in ipairs(model.items) do
		if item.kind then
			lines[#lines + 1] = string.format("\t%s [%s];", node_id(item.key), NODE[item.kind](item))
		else
			lines[#lines + 1] = string.format("\t%s -> %s [%s];", node_id(item.from), node_id(item.to),
				EDGE[item.rel])
		end
	end
	lines[#lines + 1] = string.format("\tlabel=%s; labelloc=b; fontsize=9;", quote(LEGEND))
	lines[#lines + 1] = "}"
	return table.concat(lines, "\n") .. "\n"
end

-- life.graph([history]) -> the pins as Graphviz DOT: dot(model(history)).
function graph.graph(history, ...)
	argcheck.nargs("life.graph", 1, select("#", ...))
	argcheck.arg(history == nil or type(history) == "table", "life.graph", 1,
		"a history table expected, got " .. type(history))
	return graph.dot(graph.model(history))
end

return graph
