-- Module "life": namespace lifetime as the kernel itself accounts for it.
-- The API the console, the scenarios and help() know, gathered from one
-- module per concern:
--
-- counting (life_count.lua): life.count(type), life.wait(type, n) and
-- life.counts() ask the kernel's per-user count of each type, in probes
-- that unshare in children, so PID 1's namespaces never change;
--
-- pinners (life_pinners.lua): life.pinners() lists what holds each
-- namespace alive: tasks in it, open nsfd and nsfs fds per task, and bind
-- mounts in every mount namespace in reach; life.lsns() prints it;
--
-- the picture (life_graph.lua): life.graph([history]) probes the pins
-- into a model (nodes and edges as data) and renders it as Graphviz DOT.
local counting = require "life_count"
local graph = require "life_graph"
local pinners = require "life_pinners"

return {
	count = counting.count,
	wait = counting.wait,
	counts = counting.counts,
	pinners = pinners.pinners,
	lsns = pinners.lsns,
	graph = graph.graph,
}
