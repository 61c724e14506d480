-- Module "life_count": how many namespaces of each type are alive, as
-- the kernel itself accounts for them (life.count, life.wait,
-- life.counts; see life.lua).
--
-- It asks the per-user ucounts behind /proc/sys/user/max_<type>_namespaces:
-- with that limit at M, creating a namespace fails with ENOSPC unless
-- fewer than M are alive.  The initial namespaces are not counted.
-- Probes run in children that unshare and exit, so PID 1's namespaces
-- never change.  A probe's own namespace is freed asynchronously for net
-- and ipc (cleanup_net, free_ipc_work): compare with wait(), which polls,
-- bounded.
local argcheck, errno, ns, proc, sys =
	require "argcheck", require "errno", require "ns", require "proc", require "sys"

local counting = {}

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
local ucount_of = {}
for _, t in ipairs(ns.types) do
	ucount_of[t.name] = t.ucount
end
local function limit_name(type)
	return "user." .. ucount_of[type]
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
function counting.count(type, max, ...)
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
function counting.wait(type, n, timeout, ...)
	argcheck.nargs("life.wait", 3, select("#", ...))
	check_type("life.wait", type)
	check_count("life.wait", 2, n)
	timeout = timeout or 5
	argcheck.arg(math.type(timeout) and timeout >= 0, "life.wait", 3,
		"a timeout in seconds (0 or more) expected, got " .. tostring(timeout))
	local last, pause = nil, 0.02
	while true do
		local count, msg, err = counting.count(type)
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
function counting.counts(...)
	argcheck.nargs("life.counts", 0, select("#", ...))
	local counts = {}
	for _, t in ipairs(ns.types) do
		if read_limit(t.name) then
			counts[t.name] = counting.count(t.name)
		end
	end
	return counts
end

return counting
