-- limits: where pinning stops, and how the kernel says so.  An nsfd is an
-- fd, so RLIMIT_NOFILE bounds how many one process holds: the next nsfd()
-- fails with EMFILE and pins nothing.  A pinned namespace still counts
-- against user.max_net_namespaces: at the limit, making one more fails
-- with ENOSPC, and closing one pin makes room again.
local tap = require "tap"
local sc = require "scenario"

local PINNED = 4

local baseline = sc.baseline()
tap.plan(6 + sc.leak_tests(baseline))

local function max_open_files()
	for line in io.lines("/proc/self/limits") do
		local soft = line:match("^Max open files%s+(%d+)")
		if soft then
			return tonumber(soft)
		end
	end
end

-- EMFILE: nsfd() until the fd table is full.
local max_fds = max_open_files()
local open_before = #fs.listdir("/proc/self/fd") - 1	-- the listing's own fd
local fds, fd, msg, err = {}, nil, nil, nil
repeat
	fd, msg, err = ns.nsfd(0, "net")
	fds[#fds + 1] = fd
until not fd
tap.is(err, errno.EMFILE, "nsfd() with the fd table full: EMFILE (" .. tostring(msg) .. ")")
tap.is(open_before + #fds, max_fds,
	"it fails after exactly RLIMIT_NOFILE fds: " .. #fds .. " nsfd fds")
-- Drawing the picture takes a few fds of its own.
for _ = 1, 4 do
	fs.close(table.remove(fds))
end
sc.step("the console's fd table full of nsfd fds on its own netns (4 closed to draw this)")
for _, f in ipairs(fds) do
	fs.close(f)
end

-- ENOSPC: the limit counts namespaces kept only by an nsfd.
local limit = sys.sysctl("user.max_net_namespaces")
assert(sys.sysctl("user.max_net_namespaces", tostring(baseline.net + PINNED)))
local pins = {}
for i = 1, PINNED do
	local c = sc.creator("net")
	pins[i] = ns.nsfd(c.pid, "net")
	c.release()
end
sc.step(PINNED .. " netns at user.max_net_namespaces, each held by an nsfd fd alone")
tap.ok(life.wait("net", baseline.net + PINNED), PINNED .. " netns pinned by nsfd, their creators gone")
local pid
pid, msg, err = proc.clone({ "net" }, function() end)
tap.is(err, errno.ENOSPC, "at user.max_net_namespaces, one more: ENOSPC (" .. tostring(msg) .. ")")
fs.close(table.remove(pins))
sc.step("one pin closed: its netns is freed")
tap.ok(life.wait("net", baseline.net + PINNED - 1), "closing one pin frees its namespace")
-- life.wait's own probe made a netns too, and a netns dies on a
-- workqueue: give it a moment.
for _ = 1, 50 do
	pid, msg, err = proc.clone({ "net" }, function() end)
	if err ~= errno.ENOSPC then
		break
	end
	proc.sleep(0.1)
end
local _, how, code = proc.wait(pid)
tap.ok(how == "exited" and code == 0, "and makes room for a new one (" .. tostring(msg or how) .. ")")
for _, f in ipairs(pins) do
	fs.close(f)
end
sys.sysctl("user.max_net_namespaces", limit)
sc.back_to(baseline)
tap.done_testing()
