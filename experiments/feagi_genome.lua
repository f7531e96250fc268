-- feagi_genome.lua — run a FEAGI genome for N bursts and report how often each cortical area fired.
--
-- Loads a FEAGI genome (2.x flat, 3.0 or hierarchical JSON), runs it with FEAGI's burst dynamics
-- (its `_power` area fires every burst and drives what it is connected to), optionally with a
-- uniform background drive on some or all areas (FEAGI genomes are silent without sensory
-- input, so the drive stands in for it), and writes every area's spike count and rate.
--
--   spatium-script experiments/feagi_genome.lua
--   spatium-script --param genome=Tests/Fixtures/feagi/essential_genome.json --param drive=2 experiments/feagi_genome.lua
--   spatium-script --out runs/g --param genome=my.json --param bursts=5000 --param dynamics=dense experiments/feagi_genome.lua
--   spatium-script --param quick=true experiments/feagi_genome.lua      (small and fast, for CI)
--
-- params (unknown keys and malformed values are errors):
--   quick        true: a short run (defaults below in brackets)
--   genome       path of the genome JSON, relative to the current directory (default: the
--                probe genome that ships with Spatium, Tests/Fixtures/feagi/probe_genome.json,
--                found relative to this script's own location, so any working directory will do;
--                13 one-neuron areas probing FEAGI's neuron parameters, 11 of which fire from
--                the power neuron alone)
--   bursts       bursts to run (default 1000 [50])
--   dynamics     feagi | dense (default feagi)
--   drive        uniform drive amplitude added to the driven areas every burst (default 0: none)
--   drive_areas  comma list of area names (ids) to drive (default: every area)
--   --seed seeds the drive and the excitability draws (a genome's own spatium seed wins).
--
-- Output (under --out):
--   area_rates.csv  area, title, neurons, spikes, rate — one row per area in genome order; rate =
--                   spikes / (neurons · bursts), 0 for an area without neurons
--   activity.csv    burst, spikes — spikes of the whole brain in each burst (1…bursts)
-- The genome summary and one line per active area on stdout.
-- Returns {total_spikes = …, mean_rate = … (spikes per neuron per burst over the whole brain),
--          active_areas = … (areas that fired at least once), areas = …, neurons = …, bursts = …}.

local sp = spatium

-- Strict params (experiments/lib/params.lua: spatium-script puts the script's directory on package.path)
local P = require("lib.params")
local fail = P.fail
local p = P.reader(params, {"quick", "genome", "bursts", "dynamics", "drive", "drive_areas"})
local quick = p.boolean("quick", false)

local genome = params.genome
if genome == nil then
  -- Beside this script (arg[0], its path as given on the command line).
  local here = (arg and arg[0] or ""):match("^(.*)/") or "."
  genome = here .. "/../Tests/Fixtures/feagi/probe_genome.json"
elseif type(genome) ~= "string" or genome == "" then
  fail("genome", "the path of a genome JSON file", genome)
end
local bursts = p.integer("bursts", quick and 50 or 1000, 1)
local dynamics = params.dynamics or "feagi"
if dynamics ~= "feagi" and dynamics ~= "dense" then fail("dynamics", "feagi or dense", dynamics) end
local amplitude = p.number("drive", 0)
if params.drive_areas ~= nil and type(params.drive_areas) ~= "string" then
  fail("drive_areas", "a comma list of area names", params.drive_areas)
end
if params.drive_areas ~= nil and amplitude == 0 then fail("drive_areas", "a drive (params.drive) to apply", params.drive_areas) end

-- Load and run ---------------------------------------------------------------------------------
local brain = sp.load_genome(genome, {dynamics = dynamics})
local summary, text = brain:summary()
print(text)

if amplitude ~= 0 then
  local driven = {}
  if params.drive_areas then
    for name in (params.drive_areas .. ","):gmatch("([^,]*),") do
      name = name:match("^%s*(.-)%s*$")
      local area = brain:area_named(name)
      if not area then
        local names = {}
        for _, a in ipairs(summary.areas) do names[#names + 1] = a.name end
        fail("drive_areas", "area names of the genome (" .. table.concat(names, ", ") .. ")", name)
      end
      driven[#driven + 1] = area
    end
  else
    driven = brain:areas()
  end
  for _, area in ipairs(driven) do area:drive{uniform = amplitude} end
end

local activity = sp.csv(sp.output("activity.csv"), {"burst", "spikes"})
local previous = brain:spikes()
brain:run{bursts = bursts, on_burst = function(b, burst)
  local total = b:spikes()
  activity:row(burst, total - previous)
  previous = total
end}
activity:close()

local rates = sp.csv(sp.output("area_rates.csv"), {"area", "title", "neurons", "spikes", "rate"})
local active = 0
for _, area in ipairs(brain:areas()) do
  local neurons = area:count()
  local spikes = neurons > 0 and area:spike_counts():sum() or 0
  local rate = neurons > 0 and spikes / (neurons * bursts) or 0
  rates:row(area.name, area.title, neurons, spikes, rate)
  if spikes > 0 then
    active = active + 1
    print(("%-8s %-32s %8d neurons %10d spikes  rate %.4f"):format(area.name, area.title, neurons, spikes, rate))
  end
end
rates:close()
local neurons = brain.neurons
print(("%d of %d areas fired; %d spikes in %d bursts; rates written to %s"):format(
  active, #summary.areas, brain:spikes(), bursts, sp.output("area_rates.csv")))
return {
  total_spikes = brain:spikes(), mean_rate = neurons > 0 and brain:spikes() / (neurons * bursts) or 0,
  active_areas = active, areas = #summary.areas, neurons = neurons, bursts = bursts,
}
