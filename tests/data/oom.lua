-- Passes its plan, then runs the guest out of memory: the OOM killer
-- must end the run as a failure, never as a pass (tests/host/harness.t).
print("TAP version 13\n1..1\nok 1 - before the OOM")
io.stdout:flush()
local hog, chunk = {}, string.rep("x", 1 << 20)
for i = 1, math.huge do
	hog[i] = chunk .. i
end
