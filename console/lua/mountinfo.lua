-- fs.mountinfo([pid]) -> the records of /proc/<pid>/mountinfo (default:
-- self), each { id=, parent=, dev=, root=, mount_point=, options=,
-- optional={...}, fstype=, source=, super_options= } (proc(5)).
local function unescape(s)
	return (s:gsub("\\(%d%d%d)", function(octal)
		return string.char(tonumber(octal, 8))
	end))
end

local argcheck = require "argcheck"
local errno = require "errno"

return function(pid, ...)
	argcheck.arg(pid == nil or math.type(pid) == "integer", "fs.mountinfo", 1,
		"a pid expected, got " .. type(pid))
	argcheck.nargs("fs.mountinfo", 1, select("#", ...))
	local path = "/proc/" .. (pid and tostring(pid) or "self") .. "/mountinfo"
	local f, _, err = io.open(path)
	if not f then
		return errno.result(err, path)
	end
	local records = {}
	for line in f:lines() do
		local head, tail = line:match("^(.-) %- (.*)$")
		local fields = {}
		for word in head:gmatch("%S+") do
			fields[#fields + 1] = word
		end
		local fstype, source, super = tail:match("^(%S+) (%S+) (%S+)$")
		records[#records + 1] = {
			id = math.tointeger(tonumber(fields[1])),
			parent = math.tointeger(tonumber(fields[2])),
			dev = fields[3],
			root = unescape(fields[4]),
			mount_point = unescape(fields[5]),
			options = fields[6],
			optional = { table.unpack(fields, 7) },
			fstype = fstype,
			source = source and unescape(source),
			super_options = super,
		}
	end
	f:close()
	return records
end
