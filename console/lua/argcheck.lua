-- Argument checks for the functions written in Lua (life, fs.mountinfo),
-- worded as luaL_argerror() words them for the C modules ("bad argument
-- #2 to 'life.count' (...)") and raised at the line that called the
-- function: @level 3 when the check is made in the function itself, 4
-- from a helper it calls.
local argcheck = {}

function argcheck.arg(cond, fname, n, msg, level)
	if not cond then
		error(string.format("bad argument #%d to '%s' (%s)", n, fname, msg), level or 3)
	end
end

-- No arguments beyond @max, as args_check_nargs() for the C modules:
-- a function declared (a, b, ...) passes select("#", ...) as @extra.
function argcheck.nargs(fname, max, extra)
	if extra > 0 then
		error(string.format("bad argument #%d to '%s' (no more than %d argument%s expected, got %d)",
			max + 1, fname, max, max == 1 and "" or "s", max + extra), 3)
	end
end

return argcheck
