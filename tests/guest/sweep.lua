-- Every function of the API reference (help.entries), called with bad
-- arguments: none, nil, a boolean, a table, a function, a negative number,
-- a huge number, an unknown name, a bad fd.  Each call, made in a child so
-- that nothing it does reaches the console, must either raise an error
-- that names the function ("bad argument #N to 'ns.nsfd'"), or return
-- nil, "ESYM: message", errno with a real errno, or succeed.  Anything else
-- (a raise without the function's name, a malformed failure, a crash) fails
-- the function.  At the end no fd, mount or namespace may be left behind.
-- A function added to help.lua is swept without further ado.
local tap = require "tap"
local sc = require "scenario"

-- Child exit codes: how the call ended (apart from any code the call
-- itself could exit with: the sweep never passes one of these).
local RETURNED, RAISED_WELL, FAILED_WELL = 201, 202, 203
local RAISED_BADLY, FAILED_BADLY = 204, 205

local cases = {
	{ "no arguments" },
	{ "nil", nil, n = 1 },
	{ "a boolean", true },
	{ "a table", {} },
	{ "a function", print },
	{ "a negative number", -7 },
	{ "a huge number", 2 ^ 62 },
	{ "an unknown name", "no-such-name" },
	{ "a bad fd", 999 },
}

-- Calls whose success here would disturb the sweep itself even in a child
-- (they never return, or wait for what never comes).
local not_swept = {
	["proc.exit"] = "ends the child with the value under test",
	["proc.exec"] = "replaces the child",
	["fs.read"] = "with fd 0 it waits for the console's input",
	["fs.recvfd"] = "with fd 0 it waits for a message",
	["proc.wait"] = "proc.wait(-7) and the like are covered in api.lua",
	["life.lsns"] = "takes no argument and only prints",
	["help"] = "a table with __call, not a function",
}

local function classify(fname, ok, a, b, c)
	if not ok then
		local msg = tostring(a)
		local short = fname:match("%.(%w+)$") or fname
		if msg:find("bad argument", 1, true) and (msg:find("'" .. fname .. "'", 1, true)
			or msg:find("'" .. short .. "'", 1, true)) then
			return RAISED_WELL
		end
		io.stderr:write(fname, ": ", msg:match("[^\n]*"), "\n")
		return RAISED_BADLY
	end
	if a == nil and b ~= nil then
		if type(b) == "string" and b:find("^E%u+: ") and math.type(c) == "integer" and c > 0 then
			return FAILED_WELL
		end
		io.stderr:write(fname, ": nil, ", tostring(b), ", ", tostring(c), "\n")
		return FAILED_BADLY
	end
	return RETURNED
end

local functions = {}
for _, e in ipairs(help.entries) do
	local m, f = e[1]:match("^(%w+)%.(%w+)$")
	if m and not not_swept[e[1]] then
		functions[#functions + 1] = { name = e[1], fn = _G[m][f] }
	end
end

local baseline = sc.baseline()
local function mounts()
	local list = {}
	for _, m in ipairs(fs.mountinfo()) do
		list[#list + 1] = m.mount_point
	end
	table.sort(list)
	return table.concat(list, " ")
end
local mounts_before = mounts()
local fds_before = #fs.listdir("/proc/self/fd")

tap.plan(#functions + 2 + sc.leak_tests(baseline))
for _, f in ipairs(functions) do
	local bad = {}
	for _, case in ipairs(cases) do
		local pid = proc.fork(function()
			local n = case.n or (#case - 1)
			-- What the call prints (proc.fork(print)) stays out of the TAP.
			local null = assert(fs.open("/dev/null", "w"))
			assert(fs.dup(null, 1))
			-- 999 is no bad fd to proc.sleep but a valid 999 s sleep.
			if f.name == "proc.sleep" and case[2] == 999 then
				return classify(f.name, pcall(f.fn, 0.1))
			end
			return classify(f.name, pcall(f.fn, table.unpack(case, 2, n + 1)))
		end)
		local _, how, code = proc.wait(pid, 20)
		if how ~= "exited" or (code ~= RETURNED and code ~= RAISED_WELL and code ~= FAILED_WELL) then
			bad[#bad + 1] = case[1] .. " (" .. tostring(how) .. " " .. tostring(code) .. ")"
			if how == nil then
				proc.kill(pid, "KILL")
				proc.wait(pid)
			end
		end
	end
	if #bad > 0 then
		tap.diag(f.name .. ": " .. table.concat(bad, "; "))
	end
	tap.ok(#bad == 0, f.name .. " raises naming itself, or fails with an errno, for every bad argument")
end
collectgarbage("collect")
tap.is(#fs.listdir("/proc/self/fd"), fds_before, "no fd left behind")
tap.is(mounts(), mounts_before, "no mount left behind")
sc.back_to(baseline)
tap.done_testing()
