-- RealWorldBench Lua workload: CPU-bound pieces of typical Lua code, deterministic output.
-- Integers and floats are printed with string.format / tostring; only + - * / and sqrt are used
-- on floats, so every correct engine prints the same bytes.
-- `bench.lua small` runs every part with about a tenth of the work (the correctness tests use it).
local small = arg and arg[1] == "small"
local function sz(n) return small and n // 10 or n end

local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local fn = small and 20 or 27
print("fib(" .. fn .. ") = " .. fib(fn))

-- a linear congruential generator (wraps in 64-bit integers)
local seed = 42
local function rand(n)
  seed = (seed * 6364136223846793005 + 1442695040888963407)
  return ((seed >> 33) % n) + 1
end

-- sieve
local function sieve(n)
  local comp, count = {}, 0
  for i = 2, n do
    if not comp[i] then
      count = count + 1
      for j = i * i, n, i do comp[j] = true end
    end
  end
  return count
end
print("primes below " .. sz(600000) .. ": " .. sieve(sz(600000)))

-- sorting with and without a comparator
local t = {}
for i = 1, sz(60000) do t[i] = rand(1000000) end
table.sort(t)
local ok = true
for i = 2, #t do if t[i - 1] > t[i] then ok = false end end
local recs = {}
for i = 1, sz(20000) do recs[i] = { key = rand(500), id = i } end
table.sort(recs, function(a, b) if a.key ~= b.key then return a.key < b.key end return a.id < b.id end)
print(string.format("sorted %d ints ok=%s min=%d max=%d; records first=%d/%d last=%d/%d",
  #t, tostring(ok), t[1], t[#t], recs[1].key, recs[1].id, recs[#recs].key, recs[#recs].id))

-- strings: building, patterns, gsub, word counts
local words = { "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa" }
local parts = {}
for i = 1, sz(40000) do parts[#parts + 1] = words[rand(#words)] .. (i % 7 == 0 and "," or "") end
local text = table.concat(parts, " ")
local counts, nwords = {}, 0
for w in text:gmatch("%a+") do counts[w] = (counts[w] or 0) + 1; nwords = nwords + 1 end
local keys = {}
for k in pairs(counts) do keys[#keys + 1] = k end
table.sort(keys)
local line = {}
for _, k in ipairs(keys) do line[#line + 1] = k .. "=" .. counts[k] end
print("words " .. nwords .. ": " .. table.concat(line, " "))
local replaced, n = text:gsub("(%a+)a(%a*)", "%2<%1>")
local h = 0
for i = 1, #replaced, 3 do h = (h * 31 + replaced:byte(i)) & 0xffffffff end
print(string.format("gsub: %d replacements, %d bytes, hash %08x, upper %s", n, #replaced, h, text:sub(1, 24):upper()))

-- objects with metatables and closures
local Vec = {}
Vec.__index = Vec
function Vec.new(x, y) return setmetatable({ x = x, y = y }, Vec) end
function Vec.__add(a, b) return Vec.new(a.x + b.x, a.y + b.y) end
function Vec.__mul(a, s) return Vec.new(a.x * s, a.y * s) end
function Vec:len2() return self.x * self.x + self.y * self.y end
local acc = Vec.new(0, 0)
for i = 1, sz(200000) do
  acc = acc + Vec.new(i % 13, i % 7) * 0.5
  if acc:len2() > 1e8 then acc = acc * 0.25 end
end
print(string.format("vec %.6f %.6f", acc.x, acc.y))
local function counter()
  local c = 0
  return function(k) c = c + k; return c end
end
local total = 0
for i = 1, sz(2000) do
  local f = counter()
  for j = 1, 50 do total = total + f(j) end
end
print("closures " .. total)

-- n-body style floating point (sqrt only)
local bodies = {}
for i = 1, 5 do bodies[i] = { x = i, y = i * 0.5, z = -i, vx = 0, vy = 0.01 * i, vz = 0, m = 1 + i / 10 } end
for step = 1, sz(20000) do
  for i = 1, #bodies do
    local a = bodies[i]
    for j = i + 1, #bodies do
      local b = bodies[j]
      local dx, dy, dz = a.x - b.x, a.y - b.y, a.z - b.z
      local d2 = dx * dx + dy * dy + dz * dz + 0.01
      local mag = 0.001 / (d2 * math.sqrt(d2))
      a.vx = a.vx - dx * b.m * mag; a.vy = a.vy - dy * b.m * mag; a.vz = a.vz - dz * b.m * mag
      b.vx = b.vx + dx * a.m * mag; b.vy = b.vy + dy * a.m * mag; b.vz = b.vz + dz * a.m * mag
    end
  end
  for _, b in ipairs(bodies) do b.x = b.x + 0.01 * b.vx; b.y = b.y + 0.01 * b.vy; b.z = b.z + 0.01 * b.vz end
end
for i, b in ipairs(bodies) do print(string.format("body %d %.9f %.9f %.9f", i, b.x, b.y, b.z)) end
print(tostring(1 / 3), tostring(2 ^ 53), tostring(-0.0), 7 // 2, 7.5 // 2, 10 % -3, math.maxinteger)
