-- strace: the host's strace, run in the guest, attached (-p) to a child
-- that takes the RFC's steps: nsfd, nsfd_setns, a bind mount of the fd,
-- umount.  strace knows mount and umount2 by name; the RFC's two calls
-- it does not know (no kernel ever merged them), so it shows them by
-- number, syscall_0x<n>, with their arguments and results as bare
-- numbers: what a user debugging the RFC sees.  ns.NR_nsfd and
-- ns.NR_nsfd_setns are those numbers on this kernel.
local tap = require "tap"
local sc = require "scenario"

local versions = sc.need_tools{ { "strace", "-V" } }
local baseline = sc.baseline()
tap.plan(6 + sc.leak_tests(baseline))

local NAME = "/tmp/strace-name"

-- A child that waits until a tracer is attached, then takes the steps.
local function child_taking_steps()
	return assert(proc.fork(function()
		for _ = 1, 1000 do
			local f = assert(io.open("/proc/self/status"))
			local traced = f:read("a"):match("TracerPid:%s*[1-9]")
			f:close()
			if traced then
				break
			end
			proc.sleep(0.01)
		end
		local fd = assert(ns.nsfd(0, "net"))
		assert(ns.nsfd_setns("net", fd))
		assert(fs.bind(fd, NAME))
		assert(fs.umount(NAME))
		assert(fs.unlink(NAME))
	end))
end

sc.step("a child that waits for a tracer (" .. versions.strace .. ")")
local pid = child_taking_steps()
local r = sc.run{ "strace", "-qq", "-p", tostring(pid) }
local _, how, code = proc.wait(pid, 30)
tap.ok(r.code == 0 and how == "exited" and code == 0, "strace -p followed the child to its end")
-- A number as strace prints an argument it has no type for.
local function hex(n)
	return n == 0 and "0" or string.format("0x%x", n)
end
local net = hex(ns.NSTYPE_NET)
local nsfd = string.format("syscall_0x%x", ns.NR_nsfd)
local nsfd_setns = string.format("syscall_0x%x", ns.NR_nsfd_setns)
local fd = r.stderr:match(nsfd .. "%(0, " .. net .. ", [^)]*%)%s*= 0x(%x+)")
tap.ok(fd, "nsfd(0, NSTYPE_NET) shows as " .. nsfd .. "(0, " .. net .. ", ...), the fd in hex")
tap.like(r.stderr, nsfd_setns .. "%(" .. net .. ", 0x" .. (fd or "?") .. ", [^)]*%)%s*= 0\n",
	"nsfd_setns(NSTYPE_NET, fd) as " .. nsfd_setns .. "(" .. net .. ", 0x<fd>, ...) = 0")
local name = NAME:gsub("%p", "%%%0")
tap.like(r.stderr, 'mount%("/proc/self/fd/' .. tonumber(fd or "0", 16) .. '", "' .. name .. '", NULL, MS_BIND, NULL%)%s*= 0',
	"the bind mount of the nsfd fd, by name")
tap.like(r.stderr, 'umount2%("' .. name .. '", 0%)%s*= 0', "and its umount")
tap.ok(not r.stderr:find("nsfd", 1, true), "strace has no name for the RFC's calls")
sc.step("strace showed the steps, the RFC's calls by number")
sc.back_to(baseline)
tap.done_testing()
