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
--
-- A failed test is followed by a TAP 14 YAML block (message, got,
-- expected, at: the file and line of the call), which prove -v shows
-- under it; tap/boot copies it to stderr for a prove that is not verbose.
-- KTAP calls YAML "not recommended", not wrong: kunit.py reads its lines
-- as diagnostics (of the test that follows), and no value may span lines,
-- or a line of it could read as a result or a plan.

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

-- A string as a YAML double-quoted scalar on one line: newlines and
-- other control bytes escaped, and every byte of a string that is not
-- UTF-8 (YAML text must be).
local function yaml_string(s)
	local raw = utf8.len(s) and "[%z\1-\31\127\\\"]" or "[%z\1-\31\127-\255\\\"]"
	local named = { ["\n"] = "\\n", ["\t"] = "\\t", ["\r"] = "\\r",
		["\\"] = "\\\\", ["\""] = "\\\"" }
	return '"' .. s:gsub(raw, function(c)
		return named[c] or string.format("\\x%02x", c:byte())
	end) .. '"'
end

-- A Lua value in YAML: nil is ~, a number or boolean plain, anything else
-- quoted (so that "1" and 1 still look different).
local function yaml_value(v)
	if v == nil then
		return "~"
	elseif math.type(v) or type(v) == "boolean" then
		return tostring(v)
	end
	return yaml_string(tostring(v))
end

-- "file:line" of the call to the tap function that calls where(): the
-- scenario's line, for a failure's YAML block.
local function where()
	local info = debug and debug.getinfo(3, "Sl")
	if not info or info.currentline < 0 then
		return nil
	end
	local file = info.source:match("^@(.*)") or info.short_src
	return file .. ":" .. info.currentline
end

-- A failure's YAML block: the fields in the order of @keys, then "at".
local function yaml_block(fields, keys)
	emit("  ---")
	for _, key in ipairs(keys) do
		emit(string.format("  %s: %s", key, yaml_value(fields[key])))
	end
	if fields.at then
		emit("  at: " .. yaml_string(fields.at))
	end
	emit("  ...")
end

-- Report one result; a failure's YAML block (@fields, printed in the
-- order of @keys) follows it, as TAP 14 wants.
local function result(pass, name, fields, keys, directive)
	block.run = block.run + 1
	directive = directive or (block.todo and "TODO " .. block.todo)
	if not pass and not directive then
		block.failed = block.failed + 1
	end
	emit(string.format("%s %d - %s%s", pass and "ok" or "not ok", block.run,
		name, directive and " # " .. directive or ""))
	if not pass then
		yaml_block(fields, keys)
	end
	return pass
end

function tap.ok(cond, name)
	local pass = not not cond
	return result(pass, check_name(name, 2), not pass and {
		message = "want a true value", got = cond, at = where() },
		{ "message", "got" })
end

function tap.is(got, expected, name)
	local pass = got == expected
	return result(pass, check_name(name, 2), not pass and {
		message = "got is not what was expected", got = got,
		expected = expected, at = where() },
		{ "message", "got", "expected" })
end

function tap.isnt(got, unexpected, name)
	local pass = got ~= unexpected
	return result(pass, check_name(name, 2), not pass and {
		message = "got is the value it must not be", got = got,
		unexpected = unexpected, at = where() },
		{ "message", "got", "unexpected" })
end

function tap.like(got, pattern, name)
	local text = (type(got) == "string" or type(got) == "number") and tostring(got)
	local pass = text and text:find(pattern) ~= nil
	return result(pass, check_name(name, 2), not pass and {
		message = "got does not match the pattern", got = got,
		pattern = pattern, at = where() },
		{ "message", "got", "pattern" })
end

-- skip(name, reason): a test not run, and why (a real reason: what the
-- kernel or the machine lacks).
function tap.skip(name, reason)
	check_name(name, 2)
	if type(reason) ~= "string" or reason == "" then
		error("skip() needs a reason", 2)
	end
	return result(true, name, nil, nil, "SKIP " .. reason:gsub("\n", " "))
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

-- Why a block failed, said as a diagnostic too.
local function failure(why)
	tap.diag(why)
	return why
end

-- The verdict of a block: 0 passed, 1 failed (or ran other than planned),
-- and why it failed.
local function verdict(b)
	if b.planned == nil then
		emit("1.." .. b.run)
		b.planned = b.run
		if b.run == 0 then
			return 1, failure("no tests ran")
		end
	elseif b.planned ~= b.run then
		return 1, failure(string.format("planned %d tests but ran %d",
			b.planned, b.run))
	end
	if b.failed > 0 then
		return 1, failure(string.format("failed %d of %d tests",
			b.failed, b.run))
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
	local status, why = 1, nil
	if ok then
		status, why = verdict(block)
	elseif not skipped then
		why = "subtest raised: " .. tostring(err)
		tap.diag(why)
	end
	block = parent
	if skipped then
		return result(true, name, nil, nil, "SKIP " .. skipped)
	end
	return result(status == 0, name, { message = why, at = where() },
		{ "message" })
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
