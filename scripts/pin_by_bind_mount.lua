-- pin_by_bind_mount: the RFC's naming mechanism.  "mount --bind
-- /proc/self/fd/N PATH" keeps the namespace alive with every fd closed and
-- its creator gone; open() of PATH gives a new handle that nsfd_setns
-- takes; umount frees it.  A lazy umount (MNT_DETACH) while a reopened fd
-- is held frees it only when that fd closes.
local tap = require "tap"
local sc = require "scenario"

local baseline = sc.baseline()
tap.plan(11 + sc.leak_tests(baseline))

sc.step("before: the initial namespaces only")
local c = sc.creator("net")
local fd = ns.nsfd(c.pid, "net")
sc.step("a creator in a new netns, and an nsfd fd on it")
tap.ok(fs.bind(fd, "/run/pinned"), "bind /proc/self/fd/N onto /run/pinned")
fs.close(fd)
c.release()
sc.step("bound on /run/pinned; fd closed, creator gone: the mount alone holds it")
tap.ok(life.wait("net", baseline.net + 1), "no fd, no creator: the mount keeps the netns")
local reopened = fs.open("/run/pinned", "r")
sc.step("open() of /run/pinned: a new nsfd handle")
tap.ok(reopened, "open() of the mount gives a new handle")
tap.is(fs.statfs(reopened), fs.NSFD_FS_MAGIC, "the reopened handle is an nsfd file")
tap.ok(sc.enters_with_marker("net", reopened), "nsfd_setns of it finds the creator's marker")
fs.close(reopened)
tap.ok(fs.umount("/run/pinned"), "umount the name")
tap.ok(life.wait("net", baseline.net), "umount frees the netns")
sc.step("closed and unmounted: the netns is freed")

c = sc.creator("net")
fd = ns.nsfd(c.pid, "net")
c.release()
assert(fs.bind(fd, "/run/pinned"))
fs.close(fd)
reopened = fs.open("/run/pinned", "r")
sc.step("a second netns, bound again and reopened")
tap.ok(fs.umount("/run/pinned", "detach"), "lazy umount while a reopened fd is held")
sc.step("lazy umount: the name is gone, the reopened fd holds it")
tap.ok(life.wait("net", baseline.net + 1), "the held fd keeps the netns")
tap.ok(sc.enters_with_marker("net", reopened), "and still enters it")
fs.close(reopened)
tap.ok(life.wait("net", baseline.net), "closing that fd frees it")
sc.step("that fd closed: freed")
fs.unlink("/run/pinned")
sc.back_to(baseline)
tap.done_testing()
