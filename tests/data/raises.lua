-- A scenario that raises in the middle: the console must end the stream
-- with "Bail out!" and exit 2.
local tap = require "tap"
tap.plan(3)
tap.ok(true, "before the error")
error("raised on purpose")
