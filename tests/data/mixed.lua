-- A scenario using every line type of the TAP module, with one failure:
-- tests/host/console.t checks that prove and kunit.py parse both read it, and
-- that the failure makes the exit status 1.
local tap = require "tap"

tap.plan(6)
tap.ok(true, "a passing test")
tap.is(1 + 1, 3, "a failing test")
tap.skip("a skipped test", "nothing to skip for")
tap.todo("not done yet", function()
	tap.ok(false, "an expected failure")
end)
tap.subtest("a subtest", function()
	tap.plan(2)
	tap.like("namespace", "space", "like")
	tap.isnt("a", "b", "isnt")
end)
tap.diag("a diagnostic line")
tap.ok(#arg >= 0, "arg is there")
tap.done_testing()
