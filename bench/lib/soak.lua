-- wrk script for bench/guard-soak.mjs: `wrk ... -s soak.lua <url> -- <requests file>`.
-- Each line of the file is one request: `<path>\t<Header: value>\t<Header: value>…`; the connections
-- cycle through them. Counts responses per status code and prints one machine-readable line at the end:
-- SOAK {"requests":…,"duration_us":…,"p50_us":…,"p99_us":…,"errors":{…},"statuses":{"200":…}}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  -- (wrk.init calls this init, so the Host header is built here as wrk.init would.)
  local host = wrk.host
  if wrk.port then host = host .. ":" .. wrk.port end
  requests = {}
  statuses = {}
  for line in io.lines(args[1]) do
    local fields = {}
    for field in string.gmatch(line, "[^\t]+") do table.insert(fields, field) end
    local headers = { Host = host }
    for i = 2, #fields do
      local name, value = string.match(fields[i], "^([^:]+):%s*(.*)$")
      headers[name] = value
    end
    table.insert(requests, wrk.format("GET", fields[1], headers))
  end
  index = 0
end

function request()
  index = index % #requests + 1
  return requests[index]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(total) do table.insert(parts, string.format('"%d":%d', status, count)) end
  local e = summary.errors
  io.write(string.format(
    'SOAK {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"statuses":{%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout, table.concat(parts, ",")))
end
