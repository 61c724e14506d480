-- Helpers every lifetime scenario shares (scripts/*.lua):
--
--   local sc = require "scenario"
--   local baseline = sc.baseline()        -- live namespaces of each type
--   local c = sc.creator("net")           -- a child in a new netns, marked
--   ...
--   sc.step("the creator exits")          -- a step of the story
--   sc.back_to(baseline)                  -- one test per type: no leak
--
-- The marker a creator leaves: net.ipv4.ip_default_ttl = 77 in a netns,
-- the hostname "marked" in a uts namespace, a tmpfs holding a file
-- "marked" on sc.MNT_MARKER in a mount namespace, uid 7 mapped to root
-- in a user namespace, its own cgroup sc.CGROUP_MARKER as the root of a
-- cgroup namespace; sc.marker(type) reads it back wherever the caller is.
-- (A pid namespace is made for the children: see scripts/pid_ns.lua.)
local errno, fs, life, ns, parked, proc, sys, tap =
	require "errno", require "fs", require "life", require "ns", require "parked", require "proc", require "sys", require "tap"

local sc = {}

sc.TTL_MARKER = "77" -- and the selftest's nsfd_lifetime_test.c (kernel/*/0006)
sc.HOSTNAME_MARKER = "marked"
sc.MNT_MARKER = "/tmp/mnt-marker"
sc.UID_MAP_MARKER = "7 0 1"
sc.CGROUP_MARKER = "/sys/fs/cgroup/cgroup-marker"
-- An unprivileged uid: the kernel's overflowuid, the uid an unmapped one
-- shows as (65534 unless changed, "nobody").
sc.NOBODY = math.tointeger(tonumber(assert(sys.sysctl("kernel.overflowuid"))))

-- Live namespaces of every type the kernel counts, before the scenario.
sc.baseline = life.counts

-- One test per type: the count is back where it was (polled, bounded).
function sc.back_to(baseline)
	local types = {}
	for type in pairs(baseline) do
		types[#types + 1] = type
	end
	table.sort(types)
	for _, type in ipairs(types) do
		local ok, msg = life.wait(type, baseline[type], 5)
		if not ok then
			tap.diag(msg)
		end
		tap.ok(ok, "no " .. type .. " namespace leaked (back to " .. baseline[type] .. ")")
	end
	return #types
end

-- sc.step(title): a step of the story, as a "# step N: title" line in the
-- TAP.  With the boot word storyboard=DIR (a host directory, absolute or
-- relative to ./linux's current directory), the pins at
-- this moment (life.graph) also go to DIR/step-N.dot and the title to
-- DIR/steps.txt, through hostfs, for make storyboard; without it the
-- graph is never drawn.
local storyboard = os.getenv("storyboard")
local steps, history = 0, {}

-- DIR as a guest path, through hostfs.
local function board_dir()
	local dir = storyboard
	if dir:sub(1, 1) ~= "/" then
		dir = assert(fs.readlink("/host/proc/self/cwd")) .. "/" .. dir
	end
	return "/host" .. dir
end

-- Open @file of the storyboard directory with @mode ("w" or "a"); an
-- error names the word, and the place @level says, as error() called by
-- the caller would (0: none).
local function board_open(file, mode, level)
	local f, msg = io.open(board_dir() .. "/" .. file, mode)
	if not f then
		error(string.format("storyboard=%s: can't write %s there (%s)", storyboard, file, msg),
			level == 0 and 0 or level + 1)
	end
	return f
end

-- Write @text to @file of the storyboard directory: an error points at
-- the caller of sc.step.
local function board_write(file, mode, text)
	local f = board_open(file, mode, 3)
	if not (f:write(text) and f:close()) then
		error(string.format("storyboard=%s: can't write %s there (write failed)", storyboard,
			file), 3)
	end
end

-- Two runs drawing in one DIR would overwrite each other's pictures and
-- interleave steps.txt.  So a run claims DIR as it starts: it creates
-- DIR/.storyboard-PID-UUID (PID its ./linux on the host, UUID this
-- boot's own) and keeps it open to its end.  A marker is live while the
-- ./linux it names runs; a run that finds a live marker not its own takes
-- its own back and bails out (EBUSY).  Two runs that start together may both refuse; they
-- never share DIR.  A marker whose run is gone (killed, or bailed out) is
-- removed by the next run, a run's own as it ends (os.exit, which
-- tap.done_testing() and tap.bail_out() call).
local MARKER = "^%.storyboard%-(%d+)%-[%x%-]+$"
local claim	-- the open marker: referenced, so never collected, until the end

-- Whether host process @pid, which made a marker, still runs.  (Not
-- whether it holds the marker open: a scan of its host fds through hostfs
-- did not find it in Debian 13's CI.)  A pid the host gave since to
-- another process makes a run refuse, never share DIR.
local function running(pid)
	return fs.stat("/host/proc/" .. pid) ~= nil
end

-- The host pid of another live run with a marker in @dir (a guest path);
-- the markers of runs that are gone are removed on the way.
local function other_run(dir, mine)
	for _, name in ipairs(fs.listdir(dir) or {}) do
		local pid = name:match(MARKER)
		if pid and name ~= mine then
			if running(pid) then
				return pid
			end
			os.remove(dir .. "/" .. name)
		end
	end
	return nil
end

local function claim_board()
	local random = assert(io.open("/proc/sys/kernel/random/uuid"))
	local uuid = random:read("l")
	random:close()
	local dir, claimer = board_dir(), proc.getpid()
	local mine = ".storyboard-" .. assert(fs.readlink("/host/proc/self")) .. "-" .. uuid
	local there, msg, err = fs.stat(dir)
	if not there then
		msg = select(2, errno.result(err, dir:sub(#"/host" + 1)))
		error("storyboard=" .. storyboard .. ": " .. msg, 0)
	end
	claim = board_open(mine, "w", 0)
	local pid = other_run(dir, mine)
	if pid then
		claim:close()
		os.remove(dir .. "/" .. mine)
		msg = select(2, errno.result(errno.EBUSY, "the ./linux of host pid " .. pid
			.. " draws in " .. dir:sub(#"/host" + 1)))
		error("storyboard=" .. storyboard .. ": " .. msg, 0)
	end
	local exit = os.exit
	os.exit = function(...)
		if proc.getpid() == claimer then
			os.remove(dir .. "/" .. mine)
		end
		return exit(...)
	end
end

-- A DIR this run cannot claim ends the run before its first test: a
-- harness error, said as TAP ("Bail out!", status 2), not only on stderr.
if storyboard then
	local claimed, err = pcall(claim_board)
	if not claimed then
		tap.bail_out(err)
	end
end

function sc.step(title)
	assert(type(title) == "string" and not title:find("\n"), "sc.step: a one-line title expected")
	steps = steps + 1
	tap.diag("step " .. steps .. ": " .. title)
	if storyboard then
		board_write("step-" .. steps .. ".dot", "w", life.graph(history))
		board_write("steps.txt", steps == 1 and "w" or "a", steps .. "\t" .. title .. "\n")
	end
end

-- How many tests sc.back_to(baseline) adds, for the plan.
function sc.leak_tests(baseline)
	local n = 0
	for _ in pairs(baseline) do
		n = n + 1
	end
	return n
end

local markers = {
	net = function() return sys.sysctl("net.ipv4.ip_default_ttl", sc.TTL_MARKER) end,
	uts = function() return sys.sethostname(sc.HOSTNAME_MARKER) end,
	ipc = function() return true end,	-- no marker: nothing to read back
	cgroup = function() return true end,	-- the marker is made before (below)
	mnt = function()
		return fs.mount("none", sc.MNT_MARKER, "tmpfs")
			and fs.close(assert(fs.open(sc.MNT_MARKER .. "/marked", "w", "create")))
	end,
	user = function()
		local f = assert(io.open("/proc/self/uid_map", "w"))
		return f:write(sc.UID_MAP_MARKER) and f:close()
	end,
}

-- What a creator does before it unshares @type.
local before_unshare = {
	mnt = function()
		local ok, _, err = fs.mkdir(sc.MNT_MARKER)
		return ok or err == errno.EEXIST
	end,
	cgroup = function()
		local ok, _, err = fs.mkdir(sc.CGROUP_MARKER)
		local procs = (ok or err == errno.EEXIST) and fs.open(sc.CGROUP_MARKER .. "/cgroup.procs", "w")
		return procs and fs.write(procs, tostring(proc.getpid())) and fs.close(procs)
	end,
}

-- What a scenario removes once the namespace is gone (the marker's
-- directory, made in the shared /tmp or cgroup tree).
function sc.clean(type)
	if type == "mnt" then
		return fs.rmdir(sc.MNT_MARKER)
	elseif type == "cgroup" then
		return fs.rmdir(sc.CGROUP_MARKER)
	end
	return true
end

local function read_file(path)
	local f = io.open(path)
	local text = f and f:read("a")
	if f then
		f:close()
	end
	return text
end

-- The marker as seen from where the caller is now.
function sc.marker(type)
	if type == "net" then
		return sys.sysctl("net.ipv4.ip_default_ttl") == sc.TTL_MARKER
	elseif type == "uts" then
		return sys.hostname() == sc.HOSTNAME_MARKER
	elseif type == "mnt" then
		return fs.stat(sc.MNT_MARKER .. "/marked") ~= nil
	elseif type == "user" then
		local map = read_file("/proc/self/uid_map") or ""
		return table.concat({ map:match("^%s*(%d+)%s+(%d+)%s+(%d+)") }, " ") == sc.UID_MAP_MARKER
	elseif type == "cgroup" then
		-- The caller's cgroup is above the namespace's root.
		return read_file("/proc/self/cgroup") == "0::/..\n"
	end
	return true
end

-- A child that unshares @type, leaves the marker, reports ready, and
-- exits when told to (c.release()).  c.pid is its pid.
function sc.creator(type)
	assert(markers[type], "sc.creator: no " .. tostring(type)
		.. " creator (a pid namespace is made for children: scripts/pid_ns.lua)")
	local p = assert(parked.fork(function()
		assert(not before_unshare[type] or before_unshare[type]())
		assert(ns.unshare(type))
		assert(markers[type]())
		return "r"
	end))
	assert(p.said == "r", "the " .. type .. " creator did not start")
	local c = { pid = p.pid }
	function c.release()
		local _, how, code = p.release(10)
		assert(how == "exited" and code == 0, "the creator failed")
	end
	return c
end

-- The host's programs, run in the guest with the host's / as their root
-- (proc.run).  A scenario about them needs them all: a plan of
-- {skip_all} names the first this host lacks.  Their versions go to the
-- TAP comments, as versions[name] the first line of `name args`.
-- Whether this kernel can run the host's programs: true, or false and
-- why.  A 32-bit kernel (make UML_CONFIG=i386) runs no 64-bit program;
-- told by the ELF class of the console's own /init and of the host's sh,
-- without running anything (a first program makes /run shared).
function sc.host_programs_run()
	local function elf_class(path)
		local f = io.open(path, "rb")
		local head = f and f:read(5)
		if f then
			f:close()
		end
		return head and #head == 5 and head:sub(1, 4) == "\127ELF" and head:byte(5)
	end
	local own, host = elf_class("/init"), elf_class("/host/bin/sh")
	if own and host and own ~= host then
		return false, string.format("the host's programs are %d-bit and this kernel is %d-bit",
			32 * host, 32 * own)
	end
	return true
end

function sc.need_tools(tools)
	local versions = {}
	local runs, why = sc.host_programs_run()
	if not runs then
		tap.plan{ skip_all = why }
	end
	for _, t in ipairs(tools) do
		local r, msg = proc.run{ t[1], t[2] }
		if not r then
			tap.plan{ skip_all = t[1] .. " on the host: " .. msg .. " (make deps installs it)" }
		end
		versions[t[1]] = (r.stdout .. r.stderr):match("[^\n]*")
		tap.diag(t[1] .. ": " .. versions[t[1]])
	end
	return versions
end

-- proc.run(argv) of a host program that must start: the command and what
-- it printed go to the TAP comments, for the reader to see what the tool
-- said; returns proc.run's table.
function sc.run(argv)
	local r = assert(proc.run(argv))
	local status = r.how == "exited" and "exit " .. r.code or r.how .. " by signal " .. r.code
	tap.diag("$ " .. table.concat(argv, " ") .. "    (" .. status .. ")")
	for line in (r.stdout .. r.stderr):gmatch("[^\n]+") do
		tap.diag("  " .. line)
	end
	return r
end

-- Run fn(...) in a child; true if it exited 0 (fn returned nothing/true).
function sc.in_child(fn, ...)
	local pid = assert(proc.fork(fn, ...))
	local _, how, code = proc.wait(pid, 30)
	return how == "exited" and code == 0
end

-- In a child: enter the namespace of @fd with the RFC's call, check the
-- creator's marker.
function sc.enters_with_marker(type, fd)
	return sc.in_child(function()
		assert(ns.nsfd_setns(type, fd))
		return sc.marker(type)
	end)
end

return sc
