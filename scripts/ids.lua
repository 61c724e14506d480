-- ids: how a namespace is named by a number, on 6.12 and on 7.3.  The RFC
-- and nsfs since 3.8 share one: the namespace's inode number, the same
-- through an nsfd file, an nsfs file and /proc/<pid>/ns/<type>.  It is
-- allocated lowest-free, so once a namespace is freed the next one, of any
-- type, gets its number: a saved inode number may name another namespace.
-- 7.3 adds the ns id (NS_GET_ID, one 64-bit space for every type, never
-- given twice), which listns() and file handles use; an nsfd file has none.
-- 7.3 also fixed the initial netns's and mount namespace's inode numbers
-- (NET_NS_INIT_INO, MNT_NS_INIT_INO) that 6.12 allocates at boot.
local tap = require "tap"
local parked = require "parked"
local sc = require "scenario"

local UTS_NS_INIT_INO = 0xEFFFFFFE
local NET_NS_INIT_INO = 0xEFFFFFF9	-- 7.3; 6.12 allocates it
local PROC_DYNAMIC_FIRST = 0xF0000000	-- where allocated inode numbers start
local UTS_NS_INIT_ID, NET_NS_INIT_ID = 2, 7

local baseline = sc.baseline()
local has_ns_id = select(3, ns.id(0, "net", "ns_id")) ~= errno.ENOTTY
tap.plan(6 + sc.leak_tests(baseline))

-- A child in a new namespace of @type; returns it parked, with the
-- namespace's inode number and ns id (nil without NS_GET_ID).
local function made(type)
	local p = assert(parked.fork(function()
		assert(ns.unshare(type))
		return string.format("%d %s", ns.id(0, type), tostring(ns.id(0, type, "ns_id")))
	end))
	local inode, id = p.said:match("^(%d+) (%S+)$")
	return p, math.tointeger(tonumber(inode)), math.tointeger(tonumber(id))
end

local c, net_inode, net_id = made("net")
local rfc, nsfs = assert(ns.nsfd(c.pid, "net")), assert(ns.open(c.pid, "net"))
sc.step("a new netns: its inode number and ns id noted; an nsfd and an nsfs fd on it")
tap.ok(ns.id(rfc) == net_inode and ns.id(nsfs) == net_inode,
	"one inode number through an nsfd file, an nsfs file and /proc/<pid>/ns/net")
tap.is(ns.id(0, "uts"), UTS_NS_INIT_INO, "the initial uts namespace's inode is UTS_NS_INIT_INO, fixed since 3.8")
if has_ns_id then
	tap.is(ns.id(0, "net"), NET_NS_INIT_INO, "7.3: the initial netns's inode is NET_NS_INIT_INO, fixed")
else
	tap.ok(ns.id(0, "net") >= PROC_DYNAMIC_FIRST, "6.12: the initial netns's inode is allocated at boot")
end
fs.close(rfc)
fs.close(nsfs)
assert(c.release(10))
assert(life.wait("net", baseline.net))

-- Lowest free first: a new namespace soon gets a number a freed one had
-- (the netns's at once on one idle CPU; on two, other work may take it).
local seen, u, uts_inode, uts_id, reused, tries = { [net_inode] = "the freed netns's" }
for try = 1, 10 do
	u, uts_inode, uts_id = made("uts")
	reused, tries = seen[uts_inode], try
	if reused or try == 10 then
		break
	end
	seen[uts_inode] = "a freed uts namespace's"
	assert(u.release(10))
	assert(life.wait("uts", baseline.uts))
end
sc.step("the netns freed; new uts namespaces made until one has a freed one's inode number")
tap.ok(reused ~= nil, "a new uts namespace gets an inode number a freed namespace had")
tap.diag(string.format("on try %d: %s", tries, reused or "none"))

tap.subtest("ns ids (NS_GET_ID, 7.3)", function()
	if not has_ns_id then
		tap.plan { skip_all = "no NS_GET_ID on this kernel (ENOTTY)" }
	end
	tap.plan(5)
	tap.ok(ns.id(0, "uts", "ns_id") == UTS_NS_INIT_ID and ns.id(0, "net", "ns_id") == NET_NS_INIT_ID,
		"the initial namespaces have fixed ns ids (uts 2, net 7)")
	tap.ok(uts_id > net_id, "the new uts namespace has a new ns id, greater: never given twice")
	tap.is(select(2, ns.open_id(net_id)), "ESTALE: Stale file handle (open_by_handle_at)",
		"the freed netns's ns id opens nothing (ESTALE), though its inode number may name another")
	local fd = assert(ns.open_id(uts_id))
	tap.is(ns.id(fd), uts_inode, "the uts namespace's ns id opens it")
	fs.close(fd)
	local nsfd = assert(ns.nsfd(u.pid, "uts"))
	tap.is(select(3, ns.id(nsfd, "ns_id")), errno.ENOTTY, "an nsfd file has no ns id (ENOTTY): only its inode")
	fs.close(nsfd)
end)

assert(u.release(10))
tap.ok(life.wait("uts", baseline.uts), "the uts namespace freed")
sc.step("freed")
sc.back_to(baseline)
tap.done_testing()
