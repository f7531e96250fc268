-- precision_sweep.lua — one network at float and fixed-point precisions: how far do the spikes drift?
--
-- Builds the same network once per precision — a W×W×D area with a firing threshold rising along x
-- (1 + 0.5·x/W, window up to 2.5), leak 0.1, refractory 2, recurrent random connectivity (16
-- sources per neuron, weight 0.05 by default), a noisy background drive (constant 0.1 +
-- uniform·U[0,1)) and an activation map (gradient layout: `center` inside, `edge` outside, the cell chosen by the
-- neuron's position) — and runs it in dense dynamics. With a Q format the area's potentials,
-- parameters and inputs are held in that format and the activation functions run through lookup
-- tables in the given mode (tinymind: TinyMind bit for bit; spatium: rounded, interpolated).
-- A reference run at f32 records which neurons fired in every burst; every other run is compared
-- with it burst by burst. f32 itself is run a second time and compared too (agreement 1 means the
-- engine is deterministic). The error of the lookup tables behind each precision is measured
-- with the LUT error analysis (lut:error()).
--
--   spatium-script experiments/precision_sweep.lua
--   spatium-script --out runs/prec --param formats=q8.8,q4.4 --param modes=spatium experiments/precision_sweep.lua
--   spatium-script --param quick=true experiments/precision_sweep.lua      (small and fast, for CI)
--
-- params (unknown keys and malformed values are errors):
--   quick     true: a small, fast run (defaults below in brackets)
--   size      W = H of the area (default 32 [8])
--   depth     D (default 4 [2])
--   bursts    bursts per run (default 500 [40])
--   formats   comma list of f32 and Q formats qI.F (I + F = 8, 16, 32 or 64)
--             (default f32,q16.16,q8.8,q6.10,q4.12,q4.4 [f32,q8.8,q6.10,q4.4: the error analysis
--             of a 32-bit table takes half a second in a debug build])
--   modes     comma list of LUT modes for the Q formats: spatium, tinymind, tinymind:roundup
--             (default spatium,tinymind); a mode that cannot use a format (tinymind needs I >= 4
--             and 3 <= F <= 33) is skipped with a note
--   center    activation function of the map's inner 4×4 cells (default tanh)
--   edge      activation function of the other cells (default sigmoid)
--   tables    LUT functions whose error is reported per precision (default tanh,sigmoid,gelu;
--             functions a mode has no table for are left out)
--   hash      pattern hash that picks a neuron's map cell: position (default; a fixed cell per
--             neuron, so only the arithmetic differs between runs) or sources (the cell follows
--             which neurons fired, so one different spike changes functions downstream)
--   weight    weight of the recurrent synapses (default 0.05; with 0 and hash=position a
--             difference no longer spreads from neuron to neuron)
--   drive     uniform drive amplitude (default 0.2)
--   --seed seeds the connectivity and the drive (the same for every run).
--
-- Output (under --out):
--   agreement.csv   format, mode, burst, agreement, chance, mismatches, fired, fired_f32 — one
--                   row per precision run and burst (1…bursts); agreement = fraction of neurons
--                   whose fired state equals the f32 reference's in that burst, chance = the
--                   agreement two unrelated spike trains with these firing fractions would have
--                   (p·q + (1 − p)(1 − q)), mismatches = neurons that differ, fired / fired_f32 =
--                   neurons that fired in this run / the reference. format is f32 or qI.F, mode
--                   is none for f32.
--   lut_errors.csv  format, mode, function, entries, max_error, max_error_lsb, mean_error,
--                   mean_error_lsb, max_error_at, monotone, inputs, exhaustive — one row per
--                   (Q format, mode, table function); errors in real units and in LSB of the format
--   runs.csv        format, mode, precision, total_spikes, mean_rate, mean_agreement,
--                   min_agreement, first_mismatch_burst — one row per run (first_mismatch_burst
--                   0: never differed)
-- One line per run on stdout.
-- Returns {agreement_<format>_<mode> = mean agreement, …, spikes_f32 = …, neurons = …, bursts = …}
-- with the format's "." as "_" (agreement_q8_8_tinymind, agreement_f32).

local sp = spatium

-- Strict params (experiments/lib/params.lua: spatium-script puts the script's directory on package.path)
local P = require("lib.params")
local reason = P.reason
local p = P.reader(params, {"quick", "size", "depth", "bursts", "formats", "modes", "center", "edge", "tables", "hash",
                            "weight", "drive"})
local quick = p.boolean("quick", false)

local size = p.integer("size", quick and 8 or 32, 1)
local depth = p.integer("depth", quick and 2 or 4, 1)
local bursts = p.integer("bursts", quick and 40 or 500, 1)
local formats = p.each("formats", p.names("formats", quick and "f32,q8.8,q6.10,q4.4" or "f32,q16.16,q8.8,q6.10,q4.12,q4.4"),
                       sp.q, function(format) if format ~= "f32" then return format end end)
local modes = p.lut_modes("modes", "spatium,tinymind")
local center = p.activation("center", "tanh")
local edge = p.activation("edge", "sigmoid")
local tables = p.each("tables", p.names("tables", "tanh,sigmoid,gelu"), sp.lut, function(fn) return {fn = fn} end)
local hash = p.choice("hash", "position", {"position", "sources"})
local weight = p.number("weight", 0.05)
local amplitude = p.number("drive", 0.2)
local seed = sp.seed

-- The runs: f32 reference first, then every requested (format, mode) ---------------------------
local runs = {}
for _, format in ipairs(formats) do
  if format == "f32" then
    runs[#runs + 1] = {format = "f32", mode = "none", precision = "f32"}
  else
    for _, mode in ipairs(modes) do
      local precision = format .. (mode == "spatium" and "" or ":" .. mode)
      local lut_options = {fn = "tanh", format = format, mode = mode:match("^[^:]+")}
      if mode:find(":") then lut_options.rounding = mode:match(":(.*)$") end
      local ok, problem = pcall(sp.lut, lut_options)
      if ok then
        runs[#runs + 1] = {format = format, mode = mode, precision = precision, lut_options = lut_options}
      else
        print(("skipped %s: %s"):format(precision, reason(problem)))
      end
    end
  end
end

--- Builds the network at `precision`, runs it and returns the fired local indices of every burst
--- (a list of Lua arrays) and the brain's total spikes.
local function simulate(precision)
  local brain = sp.brain{seed = seed, dynamics = "dense"}
  local area = brain:area{
    name = "cortex", size = {size, size, depth}, threshold = sp.profile.linear{base = 1.0, x = 0.5 / size},
    limit = 2.5, leak = 0.1, refractory = 2, mp_accumulation = true, precision = precision,
    activation = sp.activation_map{layout = "gradient", center = center, edge = edge}, hash = hash,
  }
  brain:connect(area, area, {morphology = {random = {k = 16}}, weight = weight})
  area:drive{constant = 0.1, uniform = amplitude}
  local fired = {}
  brain:run{bursts = bursts, on_burst = function(_, burst) fired[burst] = area:fired():to_table() end}
  return fired, brain:spikes(), area:count()
end

local reference, reference_spikes, neurons = simulate("f32")
local reference_sets = {}
for burst = 1, bursts do
  local set = {}
  for _, index in ipairs(reference[burst]) do set[index] = true end
  reference_sets[burst] = set
end

local agreement_csv = sp.csv(sp.output("agreement.csv"),
  {"format", "mode", "burst", "agreement", "chance", "mismatches", "fired", "fired_f32"})
local runs_csv = sp.csv(sp.output("runs.csv"), {"format", "mode", "precision", "total_spikes", "mean_rate",
  "mean_agreement", "min_agreement", "first_mismatch_burst"})
local results = {spikes_f32 = reference_spikes, neurons = neurons, bursts = bursts}

for _, run in ipairs(runs) do
  local fired, spikes = simulate(run.precision)
  local sum, minimum, first = 0, 1, 0
  for burst = 1, bursts do
    local set, common = reference_sets[burst], 0
    for _, index in ipairs(fired[burst]) do if set[index] then common = common + 1 end end
    local mismatches = #fired[burst] + #reference[burst] - 2 * common
    local agreement = 1 - mismatches / neurons
    local p, q = #fired[burst] / neurons, #reference[burst] / neurons
    agreement_csv:row(run.format, run.mode, burst, agreement, p * q + (1 - p) * (1 - q), mismatches,
                      #fired[burst], #reference[burst])
    sum, minimum = sum + agreement, math.min(minimum, agreement)
    if mismatches > 0 and first == 0 then first = burst end
  end
  local mean = sum / bursts
  runs_csv:row(run.format, run.mode, run.precision, spikes, spikes / (neurons * bursts), mean, minimum, first)
  local key = run.format:gsub("%.", "_") .. (run.mode == "none" and "" or "_" .. run.mode:gsub(":", "_"))
  results["agreement_" .. key] = mean
  print(("%-20s spikes %8d  mean agreement %.4f  min %.4f  first mismatch at burst %d"):format(
    run.precision, spikes, mean, minimum, first))
end
agreement_csv:close()
runs_csv:close()

-- LUT error figures per (format, mode) ----------------------------------------------------------
local errors_csv = sp.csv(sp.output("lut_errors.csv"), {"format", "mode", "function", "entries", "max_error",
  "max_error_lsb", "mean_error", "mean_error_lsb", "max_error_at", "monotone", "inputs", "exhaustive"})
for _, run in ipairs(runs) do
  if run.lut_options then
    for _, fn in ipairs(tables) do
      local options = {}
      for k, v in pairs(run.lut_options) do options[k] = v end
      options.fn = fn
      local ok, lut = pcall(sp.lut, options)
      if ok then
        local e = lut:error()
        errors_csv:row(run.format, run.mode, fn, lut:info().entries, e.max, e.max_lsb, e.mean, e.mean_lsb, e.at,
                       e.monotone, e.inputs, e.exhaustive)
      end
    end
  end
end
errors_csv:close()
print("agreement, runs and LUT errors written next to " .. sp.output("agreement.csv"))
return results
