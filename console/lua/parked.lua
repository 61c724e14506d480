-- Module "parked": a child that does something, says what it did, then
-- waits on a pipe until the console releases it.  Used to hold a
-- namespace with a task in it while the console looks at it (life's
-- pinners, sc.creator, the pid namespace inits of make semantics).
--
--   local p = parked.fork(function() ...; return "in" end)
--   p.pid, p.said                       -- "in"; nil if it died first
--   p.release()                         -- -> proc.wait's answers
--
-- A task forked while a child is parked inherits the pipe's write end,
-- so release() writes a byte rather than waiting for the pipe's end: two
-- children parked one after the other go at once, whatever order they
-- are released in.
local fs, proc = require "fs", require "proc"

local parked = {}

-- parked.gate() -> the pipe a parked child waits on, made before the
-- fork that starts it: gate.child() first thing in that child, and
-- gate.wait() where it parks; gate.parent() in the parent after the fork,
-- gate.release() to let the child go on (a byte, then the write end
-- closed; a child whose parent died sees the pipe's end instead).
function parked.gate()
	local r, w = assert(fs.pipe())
	return {
		child = function() fs.close(w) end,
		wait = function() fs.read(r) end,
		parent = function() fs.close(r) end,
		release = function()
			fs.write(w, "go")
			fs.close(w)
		end,
	}
end

-- parked.fork(fn) -> p, or nil, msg, errno if fork failed: a child that
-- runs fn() and sends the string it returns (p.said), then waits until
-- p.release(timeout), which returns what proc.wait(p.pid, timeout) does.
-- An error in fn ends the child before it says anything (p.said nil).
function parked.fork(fn)
	local gate = parked.gate()
	local said_r, said_w = assert(fs.pipe())
	local pid, msg, err = proc.fork(function()
		fs.close(said_r)
		gate.child()
		fs.write(said_w, fn())
		gate.wait()
	end)
	fs.close(said_w)
	gate.parent()
	local said = pid and fs.read(said_r)
	fs.close(said_r)
	if not pid then
		gate.release()
		return nil, msg, err
	end
	local p = { pid = pid, said = said ~= "" and said or nil }
	function p.release(timeout)
		gate.release()
		return proc.wait(pid, timeout)
	end
	return p
end

return parked
