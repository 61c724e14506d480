-- Every function of the API reference (help.entries), called with bad
-- arguments.  Each function has an example call below, with arguments of
-- the right types (the call may fail; it must not raise).  The sweep
--   * calls it with no arguments, and with each bad value alone;
--   * puts each bad value in each position of the example in turn;
--   * adds one extra argument, which must raise unless the synopsis in
--     help.lua ends in "..." (a variadic function).
-- Bad values: nil, a boolean, a table, a function, a negative number, a
-- huge number, not-a-number, an unknown name, a bad fd.  Each call must
-- raise an error naming the function ("bad argument #2 to 'ns.nsfd'"), or
-- return nil, "ESYM: message", errno with a real errno, or succeed.  The
-- calls run in children in new uts and net namespaces, so that nothing a
-- call does reaches the console; at the end no fd, mount or namespace may
-- be left behind.  A function added to help.lua without an example (or a
-- reason below not to sweep it) fails.
local tap = require "tap"
local sc = require "scenario"

local bad_values = {
	{ "nil", nil },
	{ "a boolean", true },
	{ "a table", {} },
	{ "a function", print },
	{ "a negative number", -7 },
	{ "a huge number", 2 ^ 62 },
	{ "not a number", 0 / 0 },
	{ "an unknown name", "no-such-name" },
	{ "a bad fd", 999 },
}

-- Calls whose success would end or stall the child under test.
local not_swept = {
	["proc.exit"] = "ends the child with the value under test",
	["proc.exec"] = "replaces the child",
	["help"] = "a table with __call, not a function",
}

-- An example call per function.  later(fn) stands for the value fn
-- returns, made afresh for every call, in the child.
local LATER = {}
local function later(fn) return { [LATER] = fn } end
local examples = {
	["ns.nsfd"] = { 0, "net" },
	["ns.nsfd_setns"] = { "net", later(function() return ns.nsfd(0, "net") end) },
	["ns.setns"] = { later(function() return ns.open(0, "net") end), "net" },
	["ns.unshare"] = { "uts" },
	["ns.open"] = { 0, "net" },
	["ns.id"] = { 0, "net" },
	["ns.owner"] = { later(function() return ns.open(0, "net") end) },
	["ns.parent"] = { later(function() return ns.open(0, "pid") end) },
	["ns.handle"] = { later(function() return ns.open(0, "net") end) },
	["ns.list"] = { { type = "net" } },
	["ns.open_handle"] = { "nsfs:net:f1:" .. ("00"):rep(16) }, -- well formed, names nothing
	["ns.open_id"] = { 7 }, -- the initial netns (NET_NS_INIT_ID)
	["proc.fork"] = { function() end },
	["proc.clone"] = { "uts", function() end },
	["proc.wait"] = { later(function() return proc.fork(function() end) end), 5 },
	-- A signal to a child of the child, which ends on its own: soon, as it
	-- holds the report pipe open until it does.
	["proc.kill"] = { later(function() return proc.fork(proc.sleep, 0.05) end), "CONT" },
["proc.getpid"] = {},
	["proc.getppid"] = {},
	["proc.setuid"] = { 0 },
	["proc.setgid"] = { 0 },
	["proc.drop_caps"] = {},
	["proc.pidfd_open"] = { later(proc.getpid) },
	-- 999 is no bad fd to proc.sleep but a valid 999 s sleep.
	["proc.sleep"] = { 0.01, valid = "a bad fd" },
	["proc.run"] = { { "true", timeout = 5 } },
	["fs.open"] = { "/tmp/sweep", "w", "create" },
	["fs.close"] = { later(function() return fs.open("/dev/null", "r") end) },
	["fs.dup"] = { 1, 20 },
	["fs.read"] = { later(function()
		local r, w = fs.pipe()
		fs.write(w, "x")
		return r
	end), 10 },
	["fs.write"] = { 1, "" },
	["fs.pipe"] = {},
	["fs.mkdir"] = { "/tmp/sweep-dir", 448 },
	["fs.unlink"] = { "/tmp/no-such" },
	["fs.rmdir"] = { "/tmp/no-such" },
	["fs.stat"] = { "/" },
	["fs.statfs"] = { "/" },
	["fs.readlink"] = { "/proc/self/exe" },
	["fs.listdir"] = { "/" },
	-- Mounts stay failing calls: the children share the console's mounts.
	["fs.mount"] = { "none", "/no/such", "tmpfs", "size=1M", "nosuid" },
	["fs.bind"] = { "/no/such", "/run/sweep-target" },
	["fs.umount"] = { "/no/such", "detach" },
	["fs.propagation"] = { "/no/such", "private" },
	["fs.socketpair"] = {},
	["fs.sendfd"] = { later(function() return (fs.socketpair()) end), 1 },
	["fs.recvfd"] = { later(function()
		local a, b = fs.socketpair()
		fs.sendfd(b, 1)
		return a
	end) },
	["fs.mountinfo"] = { later(proc.getpid) },
	["sys.hostname"] = {},
	["sys.sethostname"] = { "sweep" },
	["sys.sysctl"] = { "kernel.hostname", "sweep" },
	["sys.interfaces"] = {},
	["sys.link_up"] = { "lo", true },
	["sys.veth"] = { "sweep0", "sweep1" },
	["sys.link_netns"] = { "lo", later(function() return { pid = proc.getpid() } end) },
	["life.count"] = { "net", 100 },
	["life.wait"] = { "uts", later(function() return life.count("uts") end), 0.1 },
	["life.counts"] = {},
	["life.pinners"] = {},
	["life.lsns"] = {},
	["life.graph"] = { {} },
	["errno.result"] = { 22, "sweep" },
}

-- How a call ended: nil if it kept the convention, else what went wrong.
-- expect: "raise" (an extra argument), "no raise" (the example), or nil.
local function verdict(fname, expect, ok, a, b, c)
	if not ok then
		local msg = tostring(a)
		local short = fname:match("%.([%w_]+)$") or fname
		if expect ~= "no raise" and msg:find("bad argument", 1, true)
			and (msg:find("'" .. fname .. "'", 1, true) or msg:find("'" .. short .. "'", 1, true)) then
			return nil
		end
		return "raised " .. msg:match("[^\n]*")
	elseif expect == "raise" then
		return "accepted it"
	elseif a == nil and b ~= nil then
		if type(b) == "string" and b:find("^E%u+: ") and math.type(c) == "integer" and c > 0 then
			return nil
		end
		return "returned nil, " .. tostring(b) .. ", " .. tostring(c)
	end
	return nil
end

-- The example's arguments, with position pos (if any) replaced by value.
local function args_of(example, pos, value)
	local args = { n = math.max(#example, pos or 0) }
	for i = 1, #example do
		local v = example[i]
		args[i] = type(v) == "table" and v[LATER] and v[LATER]() or v
	end
	if pos then
		args[pos] = value
	end
	return args
end

-- The calls for one function, in groups that each run in one child: a
-- call is { label, arguments, expect }, the arguments made in the child.
local function groups_of(example, variadic)
	local groups = { { { "no arguments", function() return { n = 0 } end } } }
	for pos = 1, #example do
		groups[pos + 1] = {}
	end
	for _, v in ipairs(bad_values) do
		if v[1] == example.valid then
			goto next
		end
		table.insert(groups[1], { v[1] .. " alone", function() return { v[2], n = 1 } end })
		for pos = 1, #example do
			table.insert(groups[pos + 1], { v[1] .. " as #" .. pos,
				function() return args_of(example, pos, v[2]) end })
		end
		::next::
	end
	groups[#groups + 1] = {
		{ "the example", function() return args_of(example) end, "no raise" },
		{ "one extra argument", function() return args_of(example, #example + 1, {}) end,
			not variadic and "raise" or nil },
	}
	return groups
end

-- Run one group in a child in new uts and net namespaces; the child exits
-- with the number of calls that broke the convention and names them.
local function run_group(name, fn, group)
	local r, w = fs.pipe()
	local pid = proc.clone({ "uts", "net" }, function()
		fs.close(r)
		-- What the calls print (life.lsns, proc.fork(print)) stays out of the TAP.
		local null = assert(fs.open("/dev/null", "w"))
		assert(fs.dup(null, 1))
		local broken = {}
		for _, call in ipairs(group) do
			local label, make_args, expect = table.unpack(call)
			local args = make_args()
			local why = verdict(name, expect, pcall(fn, table.unpack(args, 1, args.n)))
			if why then
				broken[#broken + 1] = label .. ": " .. why
			end
		end
		fs.write(w, table.concat(broken, "; "))
		return #broken
	end)
	fs.close(w)
	local _, how, code = proc.wait(pid, 30)
	local report = fs.read(r) or ""
	fs.close(r)
	if how == nil then
		proc.kill(pid, "KILL")
		proc.wait(pid)
		return "timed out after " .. report
	elseif how ~= "exited" or code ~= 0 then
		return report ~= "" and report or (tostring(how) .. " " .. tostring(code))
	end
end

local functions = {}
for _, e in ipairs(help.entries) do
	local m, f = e[1]:match("^(%w+)%.([%w_]+)$")
	if m and not not_swept[e[1]] then
		functions[#functions + 1] = {
			name = e[1], fn = _G[m][f], example = examples[e[1]],
			variadic = e[2]:find("%.%.%.%]*%)") ~= nil,
		}
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
	local problems = {}
	if not f.example then
		problems[1] = "no example call in tests/guest/sweep.lua"
	else
		for _, group in ipairs(groups_of(f.example, f.variadic)) do
			problems[#problems + 1] = run_group(f.name, f.fn, group)
		end
	end
	if #problems > 0 then
		tap.diag(f.name .. ": " .. table.concat(problems, "; "))
	end
	tap.ok(#problems == 0, f.name .. " raises naming itself, or fails with an errno, for every bad argument")
end
collectgarbage("collect")
tap.is(#fs.listdir("/proc/self/fd"), fds_before, "no fd left behind")
tap.is(mounts(), mounts_before, "no mount left behind")
sc.back_to(baseline)
tap.done_testing()
