-- wrk script for Vigil's benchmark (bench/bench.py writes the request file it names in BENCH_REQUESTS
-- and reads the summary this writes to BENCH_SUMMARY). Each line of the request file is
--   weight <TAB> method <TAB> path <TAB> header: value|header: value <TAB> body
-- and each request is drawn at random by weight, so one file is one endpoint or a whole clinic day's mix.
local requests, total = {}, 0

local function split(line, separator)
  local fields, start = {}, 1
  while true do
    local at = string.find(line, separator, start, true)
    if not at then table.insert(fields, string.sub(line, start)); return fields end
    table.insert(fields, string.sub(line, start, at - 1))
    start = at + #separator
  end
end

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  for line in io.lines(os.getenv("BENCH_REQUESTS")) do
    local f = split(line, "\t")
    local headers = {}
    if f[4] ~= "" then
      for _, header in ipairs(split(f[4], "|")) do
        local name, value = string.match(header, "^([^:]+):%s*(.*)$")
        headers[name] = value
      end
    end
    local body = f[5] ~= "" and f[5] or nil
    total = total + tonumber(f[1])
    table.insert(requests, { upto = total, request = wrk.format(f[2], f[3], headers, body) })
  end
end

function request()
  local pick = math.random() * total
  for _, r in ipairs(requests) do
    if pick <= r.upto then return r.request end
  end
  return requests[#requests].request
end

function done(summary, latency, requests)
  local out = io.open(os.getenv("BENCH_SUMMARY"), "w")
  local e = summary.errors
  out:write(string.format(
    '{"duration_us": %d, "requests": %d, "bytes": %d, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"mean": %.1f, "p50": %d, "p90": %d, "p95": %d, "p99": %d, "max": %d}}',
    summary.duration, summary.requests, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99), latency.max))
  out:close()
end
