-- demo.lua: a tour of what Spatium can do today, and the main job until the burst engine lands.
--
--   spatium-script experiments/demo.lua            (or: scripts/run)
--   spatium-script --param n=1000000 experiments/demo.lua
--
-- Builds a threshold field with a spatial gradient as a tensor, summarises it, and writes a
-- histogram to CSV under --out.
local sp = spatium
local n = params.n or 64 * 64
local side = math.floor(math.sqrt(n))

local thresholds = sp.tensor.zeros({side, side}, "f32")
for x = 1, side do
  for y = 1, side do
    thresholds[(x - 1) * side + y] = 1.0 + (x - 1) * (1 / side) + (y - 1) * (0.25 / side)
  end
end

print(("Spatium %s on %s: %d×%d threshold field"):format(sp.version, _VERSION, side, side))
print(("  mean %.4f  min %.4f  max %.4f  argmax %d"):format(thresholds:mean(), thresholds:min(), thresholds:max(), thresholds:argmax()))

local counts, edges = thresholds:histogram(8)
local path = sp.output("threshold_histogram.csv")
local file = assert(io.open(path, "w"))
file:write("lower,upper,count\n")
for b = 1, #counts do
  file:write(("%.17g,%.17g,%d\n"):format(edges[b], edges[b + 1], counts[b]))
end
file:close()
print("  histogram written to " .. path)
