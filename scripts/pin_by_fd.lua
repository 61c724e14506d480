-- pin_by_fd: the RFC's first problem, "namespaces require a dedicated
-- process to pin them in memory".  A child creates a network namespace,
-- leaves a marker (ip_default_ttl = 77) and exits; the parent's nsfd fd
-- alone keeps the namespace: the kernel still counts it, nsfd_setns
-- enters it and finds the marker.  Closing the last fd frees it: the
-- kernel's own count (ucounts) returns to where it started.
local tap = require "tap"
local sc = require "scenario"

local baseline = sc.baseline()
tap.plan(7 + sc.leak_tests(baseline))

sc.step("before: the initial namespaces only")
local c = sc.creator("net")
local fd = ns.nsfd(c.pid, "net")
sc.step("a creator in a new netns; the console takes nsfd(creator, net)")
tap.ok(fd, "nsfd of the creator's netns")
tap.is(ns.id(fd), ns.id(c.pid, "net"), "the fd names the creator's netns")
tap.ok(sc.enters_with_marker("net", fd), "nsfd_setns enters it while the creator runs")
local id = ns.id(fd)
c.release()
sc.step("the creator exits: the nsfd fd alone holds the netns")
tap.ok(life.wait("net", baseline.net + 1), "with the creator gone, the kernel still counts it")
tap.ok(sc.enters_with_marker("net", fd), "nsfd_setns enters it and finds the marker")
tap.is(ns.id(fd), id, "it is still the same namespace")
tap.ok(fs.close(fd), "close the last fd")
sc.step("the last fd closed: the netns is freed")
sc.back_to(baseline)
tap.done_testing()
