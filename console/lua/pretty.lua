-- pretty(value) -> a one-line rendering for the REPL: tables as
-- { key = value, ... } (sorted keys, nested to depth 3, cycles marked),
-- strings quoted, errno triples left to print as they are.
local function key_text(k)
	if type(k) == "string" and k:match("^[%a_][%w_]*$") then
		return k
	end
	return "[" .. (type(k) == "string" and string.format("%q", k) or tostring(k)) .. "]"
end

local function render(v, depth, seen)
	if type(v) == "string" then
		return string.format("%q", v)
	end
	local mt = getmetatable(v)
	if type(v) ~= "table" or (type(mt) == "table" and mt.__tostring) then
		return tostring(v)
	end
	if seen[v] then
		return "<cycle>"
	end
	if depth > 3 then
		return "{...}"
	end
	seen[v] = true
	local parts, n = {}, #v
	for i = 1, n do
		parts[#parts + 1] = render(v[i], depth + 1, seen)
	end
	local keys = {}
	for k in pairs(v) do
		if not (math.type(k) == "integer" and k >= 1 and k <= n) then
			keys[#keys + 1] = k
		end
	end
	table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
	for _, k in ipairs(keys) do
		parts[#parts + 1] = key_text(k) .. " = " .. render(v[k], depth + 1, seen)
	end
	seen[v] = nil
	return "{ " .. table.concat(parts, ", ") .. (#parts > 0 and " }" or "}")
end

return function(v)
	return render(v, 1, {})
end
