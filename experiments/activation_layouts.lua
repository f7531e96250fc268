-- activation_layouts.lua — one network under different activation-map layouts: hit maps and spikes.
--
-- Builds the same cortical area once per layout: W×W×D neurons, threshold 1 with firing window up
-- to 1.8, leak 0.1, refractory 2, recurrent random connectivity (16 sources per neuron, weight
-- 0.05) and a noisy background drive (constant 0.1 + uniform·U[0,1)), as in gradient_sweep.lua,
-- but with an activation map: every neuron's input u becomes f(u), f picked from the map's 8×8
-- grid by the pattern hash. Runs it and records which cells were hit and how the area fired.
-- Layouts: uniform (one function), random (each neuron its own grid drawn from a set), gradient
-- (inner 4×4 `center`, the rest `edge`) and radial (concentric rings).
--
--   spatium-script experiments/activation_layouts.lua
--   spatium-script --out runs/layouts --param hash=position --param bursts=2000 experiments/activation_layouts.lua
--   spatium-script --param layouts=uniform,radial --param rings=relu,tanh,sigmoid experiments/activation_layouts.lua
--   spatium-script --param quick=true experiments/activation_layouts.lua      (small and fast, for CI)
--
-- params (unknown keys and malformed values are errors):
--   quick      true: a small, fast run (defaults below in brackets)
--   size       W = H of the area (default 64 [12])
--   depth      D (default 8 [2])
--   bursts     bursts per layout (default 1000 [60])
--   layouts    comma list of uniform, random, gradient, radial (default all four, in that order)
--   fn         the uniform layout's function (default relu)
--   center     the gradient layout's inner function (default gelu)
--   edge       the gradient layout's outer function (default relu)
--   rings      the radial layout's functions, centre outward (comma list, default relu,gelu,tanh,sigmoid)
--   set        the random layout's function set (comma list, default all twelve functions)
--   hash       pattern hash: sources | position | magnitude (default sources)
--   resolution hash resolution for hash=magnitude (default 0.01)
--   drive      uniform drive amplitude (default 0.2)
--   dynamics   dense | feagi (default dense)
--   Function names are those of spatium.activation ("leaky_relu:0.1" takes a parameter).
--   --seed seeds the connectivity, the drive and the random layout.
--
-- Output (under --out):
--   hits_<layout>.svg   the area's hit map: colour = function, brightness = hits, dead cells grey
--   hits.csv            layout, row, col, function, hits — 64 rows per layout (row, col 0…7)
--   spike_stats.csv     layout, description, neurons, bursts, total_spikes, mean_rate, rate_sd,
--                       silent_neurons, total_hits, hit_entropy_bits, dead_cells, synaptic_events
--                       — one row per layout; rates are spikes per neuron per burst, rate_sd is
--                       over neurons, silent_neurons never fired, dead_cells were never hit
--   function_share.csv  layout, function, cells, hit_share — cells of the grid with that function
--                       and the fraction of all hits that went to them
--   For the random layout every neuron has its own grid, so a cell of the area's hit counters
--   (summed over all neurons) has no single function: hits.csv says `mixed`, and the SVG and
--   function_share.csv show the grid of the area's neuron 0.
-- One line per layout on stdout.
-- Returns {rate_<layout> = …, entropy_<layout> = …, dead_<layout> = …, neurons = …, bursts = …}.

local sp = spatium

-- Strict params (experiments/lib/params.lua: spatium-script puts the script's directory on package.path)
local P = require("lib.params")
local fail = P.fail
local p = P.reader(params, {"quick", "size", "depth", "bursts", "layouts", "fn", "center", "edge", "rings", "set",
                            "hash", "resolution", "drive", "dynamics"})
local quick = p.boolean("quick", false)

local size = p.integer("size", quick and 12 or 64, 1)
local depth = p.integer("depth", quick and 2 or 8, 1)
local bursts = p.integer("bursts", quick and 60 or 1000, 1)
local layouts = p.list("layouts", "uniform,random,gradient,radial")
local hash = p.choice("hash", "sources", {"sources", "position", "magnitude"})
local resolution = p.number("resolution", 0.01)
if resolution <= 0 then fail("resolution", "a number > 0", resolution) end
if params.resolution ~= nil and hash ~= "magnitude" then fail("resolution", "no value unless hash=magnitude", params.resolution) end
local amplitude = p.number("drive", 0.2)
local dynamics = p.choice("dynamics", "dense", {"dense", "feagi"})
local seed = sp.seed

local specs = {
  uniform = {layout = "uniform", fn = p.activation("fn", "relu")},
  random = {layout = "random", seed = seed, set = params.set and p.activations("set", params.set) or nil},
  gradient = {layout = "gradient", center = p.activation("center", "gelu"), edge = p.activation("edge", "relu")},
  radial = {layout = "radial", rings = p.activations("rings", "relu,gelu,tanh,sigmoid")},
}
do
  local seen = {}
  for _, name in ipairs(layouts) do
    if not specs[name] then fail("layouts", "a comma list of uniform, random, gradient, radial", name) end
    if seen[name] then fail("layouts", "each layout at most once", name) end
    seen[name] = true
  end
end

-- Runs -----------------------------------------------------------------------------------------
local hits_csv = sp.csv(sp.output("hits.csv"), {"layout", "row", "col", "function", "hits"})
local stats_csv = sp.csv(sp.output("spike_stats.csv"), {"layout", "description", "neurons", "bursts", "total_spikes",
  "mean_rate", "rate_sd", "silent_neurons", "total_hits", "hit_entropy_bits", "dead_cells", "synaptic_events"})
local share_csv = sp.csv(sp.output("function_share.csv"), {"layout", "function", "cells", "hit_share"})
local results = {bursts = bursts}

for _, name in ipairs(layouts) do
  local map = sp.activation_map(specs[name])
  local brain = sp.brain{seed = seed, dynamics = dynamics}
  local area = brain:area{
    name = "cortex", size = {size, size, depth}, threshold = 1.0, limit = 1.8, leak = 0.1, refractory = 2,
    mp_accumulation = true, activation = map, hash = hash,
    hash_resolution = hash == "magnitude" and resolution or nil,
  }
  brain:connect(area, area, {morphology = {random = {k = 16}}, weight = 0.05})
  area:drive{constant = 0.1, uniform = amplitude}
  brain:run{bursts = bursts}

  area:activation_svg(sp.output("hits_" .. name .. ".svg"))
  local hits = area:activation_hits()
  for row = 0, 7 do
    for col = 0, 7 do
      hits_csv:row(name, row, col, name == "random" and "mixed" or map:cell(row, col), hits[row * 8 + col + 1])
    end
  end

  local neurons = area:count()
  local counts = area:spike_counts():to_table()
  local total, squares, silent = 0, 0, 0
  for i = 1, #counts do
    local c = counts[i]
    total, squares = total + c, squares + c * c
    if c == 0 then silent = silent + 1 end
  end
  local mean = total / neurons
  local rate_sd = math.sqrt(math.max(squares / neurons - mean * mean, 0)) / bursts
  local stats = area:activation_stats()
  stats_csv:row(name, map:layout(), neurons, bursts, total, mean / bursts, rate_sd, silent, stats.total,
                stats.entropy_bits, stats.dead_count, brain:synaptic_events())
  local functions = {}
  for fn in pairs(stats.function_cells) do functions[#functions + 1] = fn end
  table.sort(functions)
  for _, fn in ipairs(functions) do share_csv:row(name, fn, stats.function_cells[fn], stats.function_share[fn] or 0) end

  results["rate_" .. name] = mean / bursts
  results["entropy_" .. name] = stats.entropy_bits
  results["dead_" .. name] = stats.dead_count
  results.neurons = neurons
  print(("%-8s mean rate %.4f spikes/neuron/burst  silent %d/%d  hit entropy %.3f bits  dead cells %d"):format(
    name, mean / bursts, silent, neurons, stats.entropy_bits, stats.dead_count))
end
hits_csv:close()
stats_csv:close()
share_csv:close()
print("hit maps and statistics written next to " .. sp.output("spike_stats.csv"))
return results
