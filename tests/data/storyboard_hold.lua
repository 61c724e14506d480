-- A run of storyboard=DIR held open: step 1, then it waits for the end of
-- its stdin, then step 2 (tests/host/storyboard.t starts a second run
-- on the same DIR in between).
local tap = require "tap"
local sc = require "scenario"

tap.plan(1)
sc.step("before the pause")
io.read("a")
sc.step("after the pause")
tap.ok(true, "held until its stdin ended")
tap.done_testing()
