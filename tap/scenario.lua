-- Helpers every lifetime scenario shares (scripts/*.lua):
--
--   local sc = require "scenario"
--   local baseline = sc.baseline()        -- live namespaces of each type
--   local c = sc.creator("net")           -- a child in a new netns, marked
--   ...
--   sc.back_to(baseline)                  -- one test per type: no leak
--
-- The marker a creator leaves: net.ipv4.ip_default_ttl = 77 in a netns,
-- the hostname "marked" in a uts namespace; sc.marker(type) reads it back
-- wherever the caller is.
local tap = require "tap"

local sc = {}

sc.TTL_MARKER = "77"
sc.HOSTNAME_MARKER = "marked"

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
}

-- The marker as seen from where the caller is now.
function sc.marker(type)
	if type == "net" then
		return sys.sysctl("net.ipv4.ip_default_ttl") == sc.TTL_MARKER
	elseif type == "uts" then
		return sys.hostname() == sc.HOSTNAME_MARKER
	end
	return true
end

-- A child that unshares @type, leaves the marker, reports ready, and
-- exits when told to (c.release()).  c.pid is its pid.  A task forked
-- while the creator runs inherits the pipe that tells it to go: it must
-- have exited before release(), or release() waits for it.
function sc.creator(type)
	local go_r, go_w = assert(fs.pipe())
	local ready_r, ready_w = assert(fs.pipe())
	local pid = assert(proc.fork(function()
		fs.close(go_w)
		fs.close(ready_r)
		assert(ns.unshare(type))
		assert(markers[type]())
		fs.write(ready_w, "r")
		fs.read(go_r)
	end))
	fs.close(go_r)
	fs.close(ready_w)
	local ready = fs.read(ready_r)
	fs.close(ready_r)
	assert(ready == "r", "the " .. type .. " creator did not start")
	local c = { pid = pid }
	function c.release()
		fs.close(go_w)
		local _, how, code = proc.wait(pid, 10)
		assert(how == "exited" and code == 0, "the creator failed")
	end
	return c
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
