-- gradient_sweep.lua — the main job: firing rate per x column across a range of x-increments.
--
-- For each x-increment, builds one cortical area whose firing threshold rises along x
-- (threshold = 1 + x·increment/W + 0.25·y/H + 0.25·z/D, window up to 1.8 + increment, so every
-- column keeps a window of the same width), with recurrent
-- random connectivity (16 sources per neuron, weight 0.05) and a noisy background drive, runs it
-- in dense (leaky integrate-and-fire) dynamics and writes the firing rate of every x column.
--
--   spatium-script experiments/gradient_sweep.lua
--   spatium-script --out runs/a --param increments=0,1,2 --param bursts=500 experiments/gradient_sweep.lua
--   spatium-script --param quick=true experiments/gradient_sweep.lua      (small and fast, for CI)
--
-- params: size (W = H, default 64; quick 16), depth (default 8; quick 4), bursts (default 1000;
-- quick 100), increments (comma list, default 0,0.5,1,2), drive (uniform amplitude, default 0.2),
-- dynamics (dense | feagi, default dense).
-- Output (under --out): rates.csv with columns increment, x, rate, spikes; one line per
-- increment on stdout. Returns {mean_rate = …, bursts = …} for sweep summaries.

local sp = spatium
local quick = params.quick == true
local size = params.size or (quick and 16 or 64)
local depth = params.depth or (quick and 4 or 8)
local bursts = params.bursts or (quick and 100 or 1000)
local amplitude = params.drive or 0.2

-- params through experiments/lib/params.lua (spatium-script puts the script's directory on
-- package.path); unknown keys are allowed.
local increments = require("lib.params").reader(params).numbers("increments", "0,0.5,1,2")

local csv = assert(io.open(sp.output("rates.csv"), "w"))
csv:write("increment,x,rate,spikes\n")
local total_rate, runs = 0, 0

for _, increment in ipairs(increments) do
  local brain = sp.brain{seed = sp.seed, dynamics = params.dynamics or "dense"}
  local area = brain:area{
    name = "cortex", size = {size, size, depth},
    threshold = sp.profile.linear{base = 1.0, x = increment / size, y = 0.25 / size, z = 0.25 / depth},
    limit = 1.8 + increment, leak = 0.1, refractory = 2, mp_accumulation = true,
  }
  brain:connect(area, area, {morphology = {random = {k = 16}}, weight = 0.05})
  area:drive{constant = 0.1, uniform = amplitude}
  brain:run{bursts = bursts}
  local rates, counts = area:rate_by{axis = "x"}
  for x = 1, #rates do
    csv:write(("%.17g,%d,%.17g,%d\n"):format(increment, x - 1, rates[x], counts[x]))
  end
  local mean = rates:mean()
  total_rate, runs = total_rate + mean, runs + 1
  print(("increment %-6g mean rate %.4f spikes/neuron/burst  first column %.4f  last column %.4f"):format(
    increment, mean, rates[1], rates[#rates]))
end
csv:close()
print("rates written to " .. sp.output("rates.csv"))
return {mean_rate = total_rate / runs, bursts = bursts}
