-- pin_by_bind_mount: the RFC's naming mechanism.  "mount --bind
-- /proc/self/fd/N PATH" keeps the namespace alive with every fd closed and
-- its creator gone; open() of PATH gives a new handle that nsfd_setns
-- takes; umount frees it.  A lazy umount (MNT_DETACH) while a reopened fd
-- is held frees it only when that fd closes.
local tap = require "tap"
local sc = require "scenario"

local baseline = sc.baseline()
tap.plan(11 + sc.leak_tests(baseline))

local c = sc.creator("net")
local fd = ns.nsfd(c.pid, "net")
tap.ok(fs.bind(fd, "/run/pinned"), "bind /proc/self/fd/N onto /run/pinned")
fs.close(fd)
c.release()
tap.ok(life.wait("net", baseline.net + 1), "no fd, no creator: the mount keeps the netns")
local reopened = fs.open("/run/pinned", "r")
tap.ok(reopened, "open() of the mount gives a new handle")
tap.is(fs.statfs(reopened), fs.NSFD_FS_MAGIC, "the reopened handle is an nsfd file")
tap.ok(sc.enters_with_marker("net", reopened), "nsfd_setns of it finds the creator's marker")
fs.close(reopened)
tap.ok(fs.umount("/run/pinned"), "umount the name")
tap.ok(life.wait("net", baseline.net), "umount frees the netns")

c = sc.creator("net")
fd = ns.nsfd(c.pid, "net")
c.release()
assert(fs.bind(fd, "/run/pinned"))
fs.close(fd)
reopened = fs.open("/run/pinned", "r")
tap.ok(fs.umount("/run/pinned", "detach"), "lazy umount while a reopened fd is held")
tap.ok(life.wait("net", baseline.net + 1), "the held fd keeps the netns")
tap.ok(sc.enters_with_marker("net", reopened), "and still enters it")
fs.close(reopened)
tap.ok(life.wait("net", baseline.net), "closing that fd frees it")
fs.unlink("/run/pinned")
sc.back_to(baseline)
tap.done_testing()
