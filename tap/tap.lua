-- TAP producer for scenarios: TAP 14 rules, also valid KTAP v1, under a
-- "TAP version 13" line: the prove of Debian 12 (Test::Harness 3.44)
-- refuses version 14, and TAP 14 is written to read as 13 to older parsers.
--
--   local tap = require "tap"
--   tap.plan(2)
--   tap.ok(1 + 1 == 2, "addition")
--   tap.is(("x"):rep(2), "xx", "rep")
--   tap.done_testing()      -- prints the verdict, exits 0 / 1 / 2
--
-- Exit status: 0 every test passed, 1 some failed (or the plan was not
-- met), 2 bail-out.  Modelled on kselftest.h: one function per line type,
-- counters, and a verdict computed from them.

local tap = {}

local out = io.stdout

-- One block of tests at one indentation: the script's, or a subtest's.
local function new_block(indent)
	return { indent = indent, planned = nil, run = 0, failed = 0, todo = nil }
end

local block = new_block("")
local top = block
-- Raised by plan{skip_all = ...} in a subtest, caught by tap.subtest().
local skip_all_signal = {}
local finished = false

-- tap.started: true once the version line is out.  The console reads it
-- when a script raises: "Bail out!" ends a TAP stream, and only one.
tap.started = false

local function emit(line)
	if not tap.started then
		out:write("TAP version 13\n")
		tap.started = true
	end
	out:write(block.indent, line, "\n")
	out:flush()
end

-- Every result needs a name without "#": KTAP has no escape for it (a "#"
-- starts a directive) and its parser rejects a result line without a name.
local function check_name(name, level)
	if type(name) ~= "string" or name == "" or name:find("[#\n]") then
		error("a test needs a name: a non-empty line without '#'", level + 1)
	end
	return name
end

-- diag(...): its arguments, whatever their type, as "# " lines.
function tap.diag(...)
	local parts = table.pack(...)
	for i = 1, parts.n do
		parts[i] = tostring(parts[i])
	end
	local text = table.concat(parts, " ", 1, parts.n)
	for line in (text .. "\n"):gmatch("(.-)\n") do
		emit("# " .. line)
	end
end

function tap.plan(n)
	if block.planned then
		error("plan() called twice", 2)
	end
	if type(n) == "table" and n.skip_all then
		block.planned = 0
		block.skip_all = tostring(n.skip_all):gsub("\n", " ")
		emit("1..0 # SKIP " .. block.skip_all)
		-- Nothing after it runs: the script ends, or the subtest does.
		if block ~= top then
			error(skip_all_signal, 0)
		end
		finished = true
		os.exit(0)
	end
	if math.type(n) ~= "integer" or n < 0 then
		error("plan() wants a test count, or {skip_all = reason}", 2)
	end
	block.planned = n
	emit("1.." .. n)
end

-- Report one result; diagnostics go just before it, as KTAP wants.
local function result(pass, name, diagnostics, directive)
	block.run = block.run + 1
	if diagnostics then
		tap.diag(diagnostics)
	end
	directive = directive or (block.todo and "TODO " .. block.todo)
	if not pass and not directive then
		block.failed = block.failed + 1
	end
	emit(string.format("%s %d - %s%s", pass and "ok" or "not ok", block.run,
		name, directive and " # " .. directive or ""))
	return pass
end

function tap.ok(cond, name)
	return result(not not cond, check_name(name, 2))
end

local function show(v)
	return type(v) == "string" and string.format("%q", v) or tostring(v)
end

function tap.is(got, expected, name)
	local pass = got == expected
	return result(pass, check_name(name, 2), not pass and string.format(
		"     got: %s\nexpected: %s", show(got), show(expected)))
end

function tap.isnt(got, unexpected, name)
	local pass = got ~= unexpected
	return result(pass, check_name(name, 2), not pass and string.format(
		"     got: %s\nexpected: anything else", show(got)))
end

function tap.like(got, pattern, name)
	local text = (type(got) == "string" or type(got) == "number") and tostring(got)
	local pass = text and text:find(pattern) ~= nil
	return result(pass, check_name(name, 2), not pass and string.format(
		"     got: %s\ndoesn't match: %s", show(got), show(pattern)))
end

-- skip(name, reason): a test not run, and why (a real reason: what the
-- kernel or the machine lacks).
function tap.skip(name, reason)
	check_name(name, 2)
	if type(reason) ~= "string" or reason == "" then
		error("skip() needs a reason", 2)
	end
	return result(true, name, nil, "SKIP " .. reason:gsub("\n", " "))
end

-- todo(reason, fn): tests run inside fn are expected to fail.
function tap.todo(reason, fn)
	local saved = block.todo
	block.todo = tostring(reason)
	local ok, err = pcall(fn)
	block.todo = saved
	if not ok then
		error(err, 0)
	end
end

-- The verdict of a block: 0 passed, 1 failed (or ran other than planned).
local function verdict(b)
	if b.planned == nil then
		emit("1.." .. b.run)
		b.planned = b.run
		if b.run == 0 then
			tap.diag("no tests ran")
			return 1
		end
	elseif b.planned ~= b.run then
		tap.diag(string.format("planned %d tests but ran %d", b.planned, b.run))
		return 1
	end
	if b.failed > 0 then
		tap.diag(string.format("failed %d of %d tests", b.failed, b.run))
		return 1
	end
	return 0
end

-- subtest(name, fn): fn's tests become one result of the enclosing block.
function tap.subtest(name, fn)
	local parent = block
	emit("# Subtest: " .. check_name(name, 2))
	block = new_block(parent.indent .. "    ")
	local ok, err = pcall(fn)
	local skipped = not ok and err == skip_all_signal and block.skip_all
	local status = ok and verdict(block) or 1
	if not ok and not skipped then
		tap.diag("subtest raised: " .. tostring(err))
	end
	block = parent
	if skipped then
		return result(true, name, nil, "SKIP " .. skipped)
	end
	return result(status == 0, name)
end

function tap.bail_out(reason)
	block = new_block("")
	emit("Bail out! " .. tostring(reason or ""):gsub("\n", " "))
	finished = true
	os.exit(2)
end

function tap.done_testing()
	if finished then
		error("done_testing() called twice", 2)
	end
	finished = true
	os.exit(verdict(block))
end

-- A script that ends without done_testing() still gets its verdict: this
-- runs when the console closes the Lua state.
local guard = setmetatable({}, { __gc = function()
	if not finished and tap.started then
		tap.diag("the script ended without calling done_testing()")
		finished = true
		os.exit(verdict(block) == 0 and 0 or 1)
	end
end })
tap._guard = guard

return tap
