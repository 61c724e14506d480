-- cgroup_ns: a cgroup namespace, named and pinned by nsfd (beyond the
-- RFC, kernel/patches/0005).  A creator moves into a cgroup of its own,
-- unshares its cgroup namespace there, and exits: the nsfd fd alone keeps
-- the namespace; a task that is not the creator's child enters it with
-- nsfd_setns and sees its own cgroup as "/..", above the namespace's
-- root.  A bind mount names it; closing and unmounting frees it, and the
-- cgroup can go.
local tap = require "tap"
local sc = require "scenario"

local baseline = sc.baseline()
tap.plan(9 + sc.leak_tests(baseline))

local c = sc.creator("cgroup")
local fd = ns.nsfd(c.pid, "cgroup")
tap.ok(fd, "nsfd of the creator's cgroup namespace")
tap.is(ns.id(fd), ns.id(c.pid, "cgroup"), "the fd names it")
c.release()
sc.step("the creator of a cgroup namespace exits: an nsfd fd holds it")
tap.ok(life.wait("cgroup", baseline.cgroup + 1), "with the creator gone, the kernel still counts it")
tap.ok(not sc.marker("cgroup"), "from the console, its own cgroup is / (\"0::/\")")
tap.ok(sc.enters_with_marker("cgroup", fd), "nsfd_setns enters it: its cgroup is above the root (\"0::/..\")")
tap.ok(fs.bind(fd, "/run/cgroup-ns"), "mount --bind /proc/self/fd/N /run/cgroup-ns")
tap.ok(fs.close(fd), "close the fd")
sc.step("bound at /run/cgroup-ns, the fd closed")
tap.ok(life.wait("cgroup", baseline.cgroup + 1) and fs.umount("/run/cgroup-ns"),
	"the name alone kept it counted; umount it")
sc.step("unmounted: freed")
sc.back_to(baseline)
tap.ok(sc.clean("cgroup"), "the creator's cgroup, empty and unreferenced, is removed")
tap.done_testing()
