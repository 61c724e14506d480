-- smoke: the console itself works.  PID 1 mounted what a session expects,
-- the boot command line reached the script, Lua's libraries and the TAP
-- module load, and the host is reachable through hostfs.  Every other
-- scenario stands on these.
local tap = require "tap"
local sc = require "scenario"

tap.plan(7)
sc.step("the console at boot: the namespaces there are, and the tasks in them")

local function mounted(target)
	for line in io.lines("/proc/self/mountinfo") do
		local mount_point, fstype = line:match("^%S+ %S+ %S+ %S+ (%S+) .- %- (%S+)")
		if mount_point == target then
			return fstype
		end
	end
end

tap.is(mounted("/proc"), "proc", "/proc is procfs")
tap.is(mounted("/dev"), "devtmpfs", "/dev is devtmpfs")
tap.is(mounted("/tmp"), "tmpfs", "/tmp is tmpfs")
tap.is(mounted("/host"), "hostfs", "/host is the host's root through hostfs")

local release = io.open("/proc/sys/kernel/osrelease"):read("l")
tap.ok(release:match("^7%.3%.") or release:match("^6%.12%."),
	"the kernel is one the project builds (7.3.y or 6.12.y)")
tap.diag("kernel " .. release)

local f = assert(io.open("/tmp/smoke", "w"))
f:write("written in the guest\n")
f:close()
tap.is(io.open("/tmp/smoke"):read("a"), "written in the guest\n", "a file on /tmp round-trips")

tap.is(type(arg), "table", "the script has an arg table")
tap.done_testing()
