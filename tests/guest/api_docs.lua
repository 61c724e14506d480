-- The API reference and the API cannot drift: every function of every
-- console module has a help entry, and every entry names a function.
local tap = require "tap"

-- The modules are the entries without a dot, help aside.
local modules, documented = {}, {}
for _, e in ipairs(help.entries) do
	documented[e[1]] = true
	if not e[1]:find("%.") and e[1] ~= "help" then
		modules[#modules + 1] = e[1]
	end
end

local missing, stale = {}, {}
for _, m in ipairs(modules) do
	for name, value in pairs(_G[m]) do
		if type(value) == "function" and not documented[m .. "." .. name] then
			missing[#missing + 1] = m .. "." .. name
		end
	end
end
for _, e in ipairs(help.entries) do
	local m, f = e[1]:match("^(%w+)%.(%w+)$")
	if m and (not _G[m] or type(_G[m][f]) ~= "function") then
		stale[#stale + 1] = e[1]
	end
end
table.sort(missing)

tap.plan(4)
tap.is(table.concat(missing, " "), "", "every module function has a help entry")
tap.is(table.concat(stale, " "), "", "every help entry names a function")
tap.ok(documented.help and type(help) == "table", "help itself is documented")
tap.like(help.markdown(), "^# Console API reference\n", "the reference renders as Markdown")
tap.done_testing()
