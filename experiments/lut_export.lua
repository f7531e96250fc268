-- lut_export.lua — lookup tables for a microcontroller: C headers, error figures and curves.
--
-- For every (function, format, mode) asked for, builds the fixed-point lookup table
-- (spatium.lut), exports it as a self-contained C header (a `static const intN_t` array with the
-- format, domain and spacing as #defines and the measured error in a comment), measures its
-- error against the exact function (lut:error(): every input of the table's domain for formats
-- up to 16 bits, a dense sample for wider ones) and exports the table against the exact
-- function as CSV (lut:export_csv).
--
--   spatium-script experiments/lut_export.lua
--   spatium-script --out luts --param functions=tanh,sigmoid,exp --param formats=q4.12,q8.8 experiments/lut_export.lua
--   spatium-script --param functions=gelu --param modes=spatium --param max_error_lsb=1 experiments/lut_export.lua
--   spatium-script --param quick=true experiments/lut_export.lua      (small and fast, for CI)
--
-- params (unknown keys and malformed values are errors):
--   quick          true: small formats only (defaults below in brackets)
--   functions      comma list of table functions: sigmoid, tanh, exp, log, sin, cos (both modes),
--                  softplus, gelu, mish and <any of these>_derivative (spatium mode only)
--                  (default tanh,sigmoid)
--   formats        comma list of Q formats qI.F, I + F = 8, 16, 32 or 64 (default q8.8,q16.16
--                  [q8.8,q4.4])
--   modes          comma list of spatium, tinymind, tinymind:roundup (default spatium,tinymind);
--                  a (function, format, mode) the mode cannot make — TinyMind has only its six
--                  functions and needs I >= 4, 3 <= F <= 33 — is skipped with a note
--   entries        spatium mode: number of table entries (default 96, spacing 1/8 over [-6, 5.875])
--   max_error_lsb  spatium mode: the smallest power-of-two spacing whose interpolation error stays
--                  within this many LSB (instead of entries)
--   curves         false: no curve CSVs (default true). A curve has one row
--                  per input of the domain up to 65,537 rows: about 5 MB for a 32-bit format.
--
-- Output (under --out), per table with stem <function>_q<I>_<F>_<mode> (e.g. tanh_q8_8_tinymind,
-- tanh_q16_16_tinymind_roundup):
--   <stem>.h        the C header; the array is named <stem>
--   <stem>.csv      the curve: x, exact, table, error (error = table − exact, real units; exact
--                   is f(x) limited to the format's range)
--   errors.csv      function, format, mode, max_error, max_error_lsb, mean_error, mean_error_lsb,
--                   rms_error, rms_error_lsb, max_error_at, monotone, entries, spacing, bytes,
--                   inputs, exhaustive, header, curve — one row per table; errors are absolute
--                   values in real units and in LSB of the format; max/mean/rms from lut:error()
--                   over `inputs` inputs (exhaustive = every input of the domain); header and
--                   curve are the file names (curve empty when curves=false)
-- One line per table on stdout.
-- Returns {tables = …, worst_max_error_lsb = …, max_lsb_<stem> = … for every table}.

local sp = spatium

-- Strict params (experiments/lib/params.lua: spatium-script puts the script's directory on package.path)
local P = require("lib.params")
local fail, reason = P.fail, P.reason
local p = P.reader(params, {"quick", "functions", "formats", "modes", "entries", "max_error_lsb", "curves"})
local quick = p.boolean("quick", false)
local curves = p.boolean("curves", true)

local functions = p.each("functions", p.names("functions", "tanh,sigmoid"), sp.lut, function(fn) return {fn = fn} end)
local formats = p.each("formats", p.names("formats", quick and "q8.8,q4.4" or "q8.8,q16.16"), sp.q)
local modes = p.lut_modes("modes", "spatium,tinymind")
local entries = p.integer("entries", nil, 2)
local max_error_lsb = p.positive("max_error_lsb", nil)
if entries ~= nil and max_error_lsb ~= nil then fail("entries", "no value together with max_error_lsb", params.entries) end

-- Tables ---------------------------------------------------------------------------------------
local errors = sp.csv(sp.output("errors.csv"), {"function", "format", "mode", "max_error", "max_error_lsb",
  "mean_error", "mean_error_lsb", "rms_error", "rms_error_lsb", "max_error_at", "monotone", "entries", "spacing",
  "bytes", "inputs", "exhaustive", "header", "curve"})
local results, tables, worst = {}, 0, 0

for _, fn in ipairs(functions) do
  for _, format in ipairs(formats) do
    for _, mode in ipairs(modes) do
      local options = {fn = fn, format = format, mode = mode:match("^[^:]+"), rounding = mode:match(":(.*)$")}
      if mode == "spatium" then options.entries, options.max_error_lsb = entries, max_error_lsb end
      local stem = ("%s_%s_%s"):format(fn, format:gsub("%.", "_"), mode:gsub(":", "_"))
      local ok, lut = pcall(sp.lut, options)
      if not ok then
        print(("skipped %s: %s"):format(stem, reason(lut)))
      else
        local header = stem .. ".h"
        lut:export_c(sp.output(header), stem)
        local curve = nil
        if curves then
          curve = stem .. ".csv"
          lut:export_csv(sp.output(curve))
        end
        local e, info = lut:error(), lut:info()
        errors:row(fn, format, mode, e.max, e.max_lsb, e.mean, e.mean_lsb, e.rms, e.rms_lsb, e.at, e.monotone,
                   info.entries, info.spacing, lut:bytes(), e.inputs, e.exhaustive, header, curve or "")
        tables = tables + 1
        worst = math.max(worst, e.max_lsb)
        results["max_lsb_" .. stem] = e.max_lsb
        print(("%-32s %4d entries %6d bytes  max error %10.4g LSB  mean %8.4g LSB%s  %s"):format(
          stem, info.entries, lut:bytes(), e.max_lsb, e.mean_lsb,
          ("  rms %8.4g LSB"):format(e.rms_lsb), e.monotone and "monotone" or "not monotone"))
      end
    end
  end
end
errors:close()
if tables == 0 then error("no table could be made for the functions, formats and modes asked for", 0) end
print(("%d tables written next to %s"):format(tables, sp.output("errors.csv")))
results.tables = tables
results.worst_max_error_lsb = worst
return results
