#!/usr/bin/env lua5.4
-- Host tests of tap/tap.lua: each case runs a small script in a fresh
-- lua5.4 and checks the exact TAP it prints and its exit status.
package.path = "tap/?.lua;" .. package.path
local tap = require "tap"

-- The body runs from line 3 of SCRIPT: a YAML block's "at" names it so.
local function run(body)
	local path = os.tmpname()
	local f = assert(io.open(path, "w"))
	f:write('package.path = "tap/?.lua;" .. package.path\n',
		'local tap = require "tap"\n', body)
	f:close()
	local p = assert(io.popen("lua5.4 " .. path .. " 2>/dev/null"))
	local out = p:read("a")
	local _, _, status = p:close()
	os.remove(path)
	local at = 1
	while true do
		local i, j = out:find(path, at, true)
		if not i then
			break
		end
		out = out:sub(1, i - 1) .. "SCRIPT" .. out:sub(j + 1)
		at = i + #"SCRIPT"
	end
	return out, status
end

-- What the module adds when the script raised (lua5.4 closes the state).
local unfinished = "# the script ended without calling done_testing()\n"
	.. "# planned 1 tests but ran 0\n"

local cases = {
	{ "all pass: plan first, exit 0",
	  'tap.plan(2) tap.ok(true, "a") tap.is(1, 1, "b") tap.done_testing()',
	  "TAP version 13\n1..2\nok 1 - a\nok 2 - b\n", 0 },
	{ "a failure: a YAML block after the result, exit 1",
	  'tap.plan(1) tap.is("x", "y", "eq") tap.done_testing()',
	  'TAP version 13\n1..1\nnot ok 1 - eq\n  ---\n  message: "got is not what was expected"\n'
	  .. '  got: "x"\n  expected: "y"\n  at: "SCRIPT:3"\n  ...\n# failed 1 of 1 tests\n', 1 },
	{ "ok's YAML block: the value it got, nil as ~, at the caller's line",
	  'tap.plan(1)\ntap.ok(nil, "t")',
	  'TAP version 13\n1..1\nnot ok 1 - t\n  ---\n  message: "want a true value"\n'
	  .. '  got: ~\n  at: "SCRIPT:4"\n  ...\n' .. unfinished:gsub("planned 1 tests but ran 0",
	  "failed 1 of 1 tests"), 1 },
	{ "isnt's and like's YAML blocks: the unexpected value, the pattern",
	  'tap.plan(2) tap.isnt(1, 1, "i") tap.like("abc", "^x", "l") tap.done_testing()',
	  'TAP version 13\n1..2\nnot ok 1 - i\n  ---\n  message: "got is the value it must not be"\n'
	  .. '  got: 1\n  unexpected: 1\n  at: "SCRIPT:3"\n  ...\nnot ok 2 - l\n  ---\n'
	  .. '  message: "got does not match the pattern"\n  got: "abc"\n  pattern: "^x"\n'
	  .. '  at: "SCRIPT:3"\n  ...\n# failed 2 of 2 tests\n', 1 },
	{ "a YAML value stays on one line: newlines, quotes, control bytes escaped",
	  'tap.plan(1) tap.is("a\\nok 2 - b\\t\\"\\\\\\1", "1", "e") tap.done_testing()',
	  'TAP version 13\n1..1\nnot ok 1 - e\n  ---\n  message: "got is not what was expected"\n'
	  .. '  got: "a\\nok 2 - b\\t\\"\\\\\\x01"\n  expected: "1"\n  at: "SCRIPT:3"\n  ...\n'
	  .. '# failed 1 of 1 tests\n', 1 },
	{ "a string that is not UTF-8: each byte above 127 escaped",
	  'tap.plan(1) tap.is("\\255", "\\195\\169", "u") tap.done_testing()',
	  'TAP version 13\n1..1\nnot ok 1 - u\n  ---\n  message: "got is not what was expected"\n'
	  .. '  got: "\\xff"\n  expected: "\195\169"\n  at: "SCRIPT:3"\n  ...\n# failed 1 of 1 tests\n', 1 },
	{ "no plan: done_testing prints it at the end",
	  'tap.ok(true, "a") tap.done_testing()',
	  "TAP version 13\nok 1 - a\n1..1\n", 0 },
	{ "fewer tests than planned: exit 1",
	  'tap.plan(2) tap.ok(true, "a") tap.done_testing()',
	  "TAP version 13\n1..2\nok 1 - a\n# planned 2 tests but ran 1\n", 1 },
	{ "skip: ok with a SKIP directive and its reason",
	  'tap.plan(1) tap.skip("t", "no TIME_NS on UML") tap.done_testing()',
	  "TAP version 13\n1..1\nok 1 - t # SKIP no TIME_NS on UML\n", 0 },
	{ "skip_all: an empty plan with the reason",
	  'tap.plan({skip_all = "not here"}) tap.done_testing()',
	  "TAP version 13\n1..0 # SKIP not here\n", 0 },
	{ "todo: an expected failure does not fail the run",
	  'tap.plan(1) tap.todo("later", function() tap.ok(false, "t") end) tap.done_testing()',
	  'TAP version 13\n1..1\nnot ok 1 - t # TODO later\n  ---\n  message: "want a true value"\n'
	  .. '  got: false\n  at: "SCRIPT:3"\n  ...\n', 0 },
	{ "like and isnt",
	  'tap.plan(2) tap.like("abc", "^a", "l") tap.isnt(1, 2, "i") tap.done_testing()',
	  "TAP version 13\n1..2\nok 1 - l\nok 2 - i\n", 0 },
	{ "subtest: indented 4 spaces under a Subtest header",
	  'tap.plan(1) tap.subtest("s", function() tap.plan(1) tap.ok(true, "in") end) tap.done_testing()',
	  "TAP version 13\n1..1\n# Subtest: s\n    1..1\n    ok 1 - in\nok 1 - s\n", 0 },
	{ "a failing subtest fails its parent; both YAML blocks indented with their results",
	  'tap.plan(1) tap.subtest("s", function() tap.ok(false, "in") end) tap.done_testing()',
	  "TAP version 13\n1..1\n# Subtest: s\n    not ok 1 - in\n      ---\n"
	  .. '      message: "want a true value"\n      got: false\n      at: "SCRIPT:3"\n      ...\n'
	  .. "    1..1\n    # failed 1 of 1 tests\nnot ok 1 - s\n  ---\n"
	  .. '  message: "failed 1 of 1 tests"\n  at: "SCRIPT:3"\n  ...\n# failed 1 of 1 tests\n', 1 },
	{ "bail_out: exit 2",
	  'tap.plan(2) tap.ok(true, "a") tap.bail_out("no kernel support")',
	  "TAP version 13\n1..2\nok 1 - a\nBail out! no kernel support\n", 2 },
	{ "diag: one comment line per line",
	  'tap.plan(0) tap.diag("x\\ny") tap.done_testing()',
	  "TAP version 13\n1..0\n# x\n# y\n", 0 },
	{ "no done_testing after a failure: still exit 1",
	  'tap.plan(1) tap.ok(false, "a")',
	  'TAP version 13\n1..1\nnot ok 1 - a\n  ---\n  message: "want a true value"\n  got: false\n'
	  .. '  at: "SCRIPT:3"\n  ...\n# the script ended without calling done_testing()\n# failed 1 of 1 tests\n', 1 },
	{ "tap.started: false until the version line is out, then true",
	  'io.write(tostring(tap.started), "\\n") tap.plan(0) io.write(tostring(tap.started), "\\n") tap.done_testing()',
	  "false\nTAP version 13\n1..0\ntrue\n", 0 },
	{ "diag: any value, nil and numbers included",
	  'tap.plan(0) tap.diag("x", 42, nil, true) tap.done_testing()',
	  "TAP version 13\n1..0\n# x 42 nil true\n", 0 },
	{ "like: a number is matched as its text",
	  'tap.plan(1) tap.like(42, "^4", "n") tap.done_testing()',
	  "TAP version 13\n1..1\nok 1 - n\n", 0 },
	{ "skip_all ends the script: nothing after it runs",
	  'tap.plan({skip_all = "not here"}) tap.ok(false, "never")',
	  "TAP version 13\n1..0 # SKIP not here\n", 0 },
	{ "skip_all in a subtest ends the subtest, which is skipped",
	  'tap.plan(1) tap.subtest("s", function() tap.plan({skip_all = "r"}) tap.ok(false, "never") end) tap.done_testing()',
	  "TAP version 13\n1..1\n# Subtest: s\n    1..0 # SKIP r\nok 1 - s # SKIP r\n", 0 },
	{ "an empty subtest fails",
	  'tap.plan(1) tap.subtest("s", function() end) tap.done_testing()',
	  "TAP version 13\n1..1\n# Subtest: s\n    1..0\n    # no tests ran\nnot ok 1 - s\n  ---\n"
	  .. '  message: "no tests ran"\n  at: "SCRIPT:3"\n  ...\n# failed 1 of 1 tests\n', 1 },
	{ "a name with a hash sign is a programming error",
	  'tap.plan(1) tap.ok(true, "a # b")',
	  "TAP version 13\n1..1\n" .. unfinished, 1 },
	{ "a result without a name is a programming error",
	  'tap.plan(1) tap.ok(true)',
	  "TAP version 13\n1..1\n" .. unfinished, 1 },
}

-- What prove's own YAML reader (TAP::Parser, Debian 12's perl) reads back
-- from a block: each field, "|"-joined, after the test's number.
local function prove_reads(tap_text)
	local path = os.tmpname()
	local f = assert(io.open(path, "w"))
	f:write(tap_text)
	f:close()
	local p = assert(io.popen("perl -MTAP::Parser -e '"
		.. "my $p = TAP::Parser->new({ tap => do { local $/; <STDIN> } }); my $n;"
		.. "while (my $r = $p->next) { $n = $r->number if $r->is_test;"
		.. " next unless $r->is_yaml; my $d = $r->data;"
		.. " print join(\"|\", $n, map { \"$_=\" . ($d->{$_} // \"undef\") } sort keys %$d), \"\\n\" }"
		.. " print \"errors: \", join(\"; \", $p->parse_errors), \"\\n\"' <" .. path))
	local out = p:read("a")
	p:close()
	os.remove(path)
	return out
end

tap.plan(#cases * 2 + 1)
for _, c in ipairs(cases) do
	local out, status = run(c[2])
	tap.is(out, c[3], c[1] .. ": output")
	tap.is(status, c[4], c[1] .. ": exit status")
end
local out = run('tap.plan(2) tap.is("a\\n\\"b\\\\\\1", 7, "e") tap.ok(nil, "n") tap.done_testing()')
tap.is(prove_reads(out), '1|at=SCRIPT:3|expected=7|got=a\n"b\\\1|message=got is not what was expected\n'
	.. "2|at=SCRIPT:3|got=undef|message=want a true value\nerrors: \n",
	"prove's YAML reader reads each block back as written, escapes and all")
tap.done_testing()
