-- lib/params.lua — reading an experiment's `params` (the --param values): the one copy of the
-- checks every script in experiments/ shares. Every error is raised at level 0 (no position) as
-- "params.<key>: …", which spatium-script prints after "spatium-script: ".
--
-- Loading: spatium-script puts a script's own directory first on package.path, so from any
-- working directory, in sweep points and under --sandbox (which keeps Lua modules):
--
--   local P = require("lib.params")
--
-- Module functions:
--   P.fail(name, expected, value)  raises "params.<name>: expected <expected>, got '<value>'"
--                                  P.fail("size", "an integer >= 1", 0)  --> params.size: expected an integer >= 1, got '0'
--   P.reason(problem)              the text inside "bad argument #n to 'f' (…)", else the message itself
--                                  P.reason("bad argument #1 to 'q' (invalid Q format)")  --> "invalid Q format"
--   P.reader(params, known)        a reader of `params` (below); with `known`, a key not in it is an error
--                                  local p = P.reader(params, {"quick", "size"})  --> params.sise: unknown parameter (known: quick, size)
--
-- Reader functions (called with a dot; `default` is returned when the key is absent):
--   p.boolean(name, default)       true or false                    p.boolean("quick", false)
--   p.integer(name, default, min)  an integer >= min                p.integer("bursts", 1000, 1)
--   p.number(name, default)        a finite number                  p.number("drive", 0.2)
--   p.positive(name, default)      a finite number > 0              p.positive("max_error_lsb", nil)
--   p.choice(name, default, opts)  one of the strings in opts       p.choice("hash", "sources", {"sources", "position"})
--   p.list(name, default)          comma list of trimmed, non-empty strings, as written
--                                                                   p.list("layouts", "uniform,radial")  --> {"uniform", "radial"}
--   p.names(name, default)         p.list, lower-cased, each entry at most once
--                                                                   p.names("formats", "q8.8,Q4.4")  --> {"q8.8", "q4.4"}
--   p.each(name, items, check, argument)
--                                  calls check(argument(item)) for every item (check(item) without
--                                  `argument`; an item for which argument returns nil is skipped) and
--                                  returns items; an error becomes "params.<name>: '<item>': <reason>"
--                                                                   p.each("tables", tables, spatium.lut, function(fn) return {fn = fn} end)
--   p.activation(name, default)    a spatium.activation function name ("leaky_relu:0.1")
--                                                                   p.activation("center", "gelu")
--   p.activation_name(name, text)  checks `text` (not params[name]) as an activation function name
--                                                                   p.activation_name("rings", "tanh")
--   p.activations(name, default)   p.list of activation function names
--                                                                   p.activations("rings", "relu,gelu,tanh")
--   p.lut_modes(name, default)     p.names of spatium, tinymind, tinymind:roundup (tinymind:truncate is tinymind)
--                                                                   p.lut_modes("modes", "spatium,tinymind")
--   p.numbers(name, default)       numbers from a comma list (or a single number), empty entries skipped
--                                                                   p.numbers("increments", "0,0.5,1,2")  --> {0, 0.5, 1, 2}

local P = {}

function P.fail(name, expected, value)
  error(("params.%s: expected %s, got '%s'"):format(name, expected, tostring(value)), 0)
end

function P.reason(problem)
  return tostring(problem):match("^bad argument #%d+ to '[^']*' %((.*)%)$") or tostring(problem)
end

function P.reader(params, known)
  local fail, p = P.fail, {}

  if known then
    local set = {}
    for _, name in ipairs(known) do set[name] = true end
    for key in pairs(params) do
      if not set[key] then
        error(("params.%s: unknown parameter (known: %s)"):format(tostring(key), table.concat(known, ", ")), 0)
      end
    end
  end

  function p.boolean(name, default)
    local value = params[name]
    if value == nil then return default end
    if type(value) ~= "boolean" then fail(name, "true or false", value) end
    return value
  end

  function p.integer(name, default, minimum)
    local value = params[name]
    if value == nil then return default end
    local n = math.type(value) and math.tointeger(value)
    if not n or n < minimum then fail(name, "an integer >= " .. minimum, value) end
    return n
  end

  function p.number(name, default)
    local value = params[name]
    if value == nil then return default end
    if type(value) ~= "number" or value ~= value or math.abs(value) == math.huge then fail(name, "a finite number", value) end
    return value
  end

  function p.positive(name, default)
    local value = params[name]
    if value == nil then return default end
    if not (type(value) == "number" and value > 0 and value < math.huge) then fail(name, "a number > 0", value) end
    return value
  end

  function p.choice(name, default, options)
    local value = params[name]
    if value == nil then return default end
    for _, option in ipairs(options) do if value == option then return value end end
    fail(name, "one of " .. table.concat(options, ", "), value)
  end

  --- The comma list params[name] (or `default`); `distinct`: lower-cased, no entry twice.
  local function split(name, default, distinct)
    local text = params[name]
    if text == nil then text = default end
    if type(text) ~= "string" then fail(name, "a comma list", text) end
    local items, seen = {}, {}
    for item in (text .. ","):gmatch("([^,]*),") do
      item = item:match("^%s*(.-)%s*$")
      if distinct then item = item:lower() end
      if item == "" then fail(name, "a comma list without empty entries", text) end
      if distinct then
        if seen[item] then fail(name, "each entry at most once", item) end
        seen[item] = true
      end
      items[#items + 1] = item
    end
    return items
  end

  function p.list(name, default) return split(name, default, false) end

  function p.names(name, default) return split(name, default, true) end

  function p.each(name, items, check, argument)
    for _, item in ipairs(items) do
      local value = item
      if argument then value = argument(item) end
      if value ~= nil then
        -- check itself under pcall (not a Lua wrapper), so its error carries no "file:line:".
        local ok, problem = pcall(check, value)
        if not ok then error(("params.%s: '%s': %s"):format(name, item, P.reason(problem)), 0) end
      end
    end
    return items
  end

  function p.activation_name(name, text)
    if type(text) ~= "string" then fail(name, "an activation function name", text) end
    local ok, problem = pcall(spatium.activation.apply, text, 0)
    if not ok then error(("params.%s: %s"):format(name, P.reason(problem)), 0) end
    return text
  end

  function p.activation(name, default) return p.activation_name(name, params[name] or default) end

  function p.activations(name, default)
    local items = p.list(name, default)
    for _, item in ipairs(items) do p.activation_name(name, item) end
    return items
  end

  function p.lut_modes(name, default)
    local modes, seen = p.names(name, default), {}
    for i, mode in ipairs(modes) do
      if mode == "tinymind:truncate" then mode, modes[i] = "tinymind", "tinymind" end
      if mode ~= "spatium" and mode ~= "tinymind" and mode ~= "tinymind:roundup" then
        fail(name, "a comma list of spatium, tinymind, tinymind:roundup", mode)
      end
      if seen[mode] then fail(name, "each mode at most once", mode) end
      seen[mode] = true
    end
    return modes
  end

  function p.numbers(name, default)
    local numbers = {}
    for value in tostring(params[name] or default):gmatch("[^,]+") do
      local number = tonumber(value)
      if not number then error("params." .. name .. ": '" .. value .. "' is not a number", 0) end
      numbers[#numbers + 1] = number
    end
    return numbers
  end

  return p
end

return P
