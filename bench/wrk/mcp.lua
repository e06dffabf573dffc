-- wrk script for bench/run: POSTs JSON-RPC requests to an MCP endpoint and
-- writes the figures as JSON to the file named by WRK_JSON.
--   MCP_BODY     the request body; "{ORDER_ID}" in it is replaced per request
--                by the next id of this thread's sequence when ORDER_FIRST is
--                set (ids ORDER_FIRST .. ORDER_FIRST + ORDER_COUNT - 1, never
--                repeating within a run shorter than ORDER_COUNT requests),
--                so that no request can be answered from a cache
--   MCP_BODIES   instead of MCP_BODY: several bodies separated by lines
--                "----", each preceded by one header line "Mcp-Name: NAME",
--                sent in rotation (the mixed workload)
--   MCP_HEADERS  extra headers, "Name: value" separated by "|"
--   WRK_THREADS  wrk's -t, so that threads can interleave their sequences
local bodies, names = {}, {}
local order_first, order_count
local threads = tonumber(os.getenv("WRK_THREADS") or "1")
local counter = 0
local created = 0  -- in the main state: threads set up so far

local function split(s, sep)
  local out = {}
  for part in (s .. sep):gmatch("(.-)" .. sep:gsub("%p", "%%%0")) do out[#out + 1] = part end
  return out
end

-- Runs in the main state; thread_index becomes a global of the thread's.
function setup(thread)
  thread:set("thread_index", created)
  created = created + 1
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json, text/event-stream"
  for _, header in ipairs(split(os.getenv("MCP_HEADERS") or "", "|")) do
    local name, value = header:match("^%s*([^:]+):%s*(.*)$")
    if name then wrk.headers[name] = value end
  end
  local many = os.getenv("MCP_BODIES")
  if many then
    for _, chunk in ipairs(split(many, "\n----\n")) do
      local name, body = chunk:match("^Mcp%-Name: ([^\n]*)\n(.*)$")
      names[#names + 1] = name
      bodies[#bodies + 1] = body
    end
  else
    bodies[1] = os.getenv("MCP_BODY")
  end
  order_first = tonumber(os.getenv("ORDER_FIRST") or "")
  order_count = tonumber(os.getenv("ORDER_COUNT") or "")
  -- Threads take interleaved ids, so no two requests of a run share one.
  counter = thread_index
  wrk.body = bodies[1]
end

function request()
  local i = counter
  counter = counter + threads
  if #bodies > 1 then
    local k = i % #bodies + 1
    wrk.headers["Mcp-Name"] = names[k]
    return wrk.format(nil, nil, nil, bodies[k])
  end
  if order_first then
    local id = tostring(order_first + i % order_count)
    return wrk.format(nil, nil, nil, (bodies[1]:gsub("{ORDER_ID}", id)))
  end
  return wrk.format()
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local f = assert(io.open(os.getenv("WRK_JSON"), "w"))
  f:write(string.format(
    '{"requests":%d,"seconds":%.3f,"requests_per_s":%.1f,"p50_us":%d,"p99_us":%d,"p999_us":%d,' ..
    '"mean_us":%.1f,"errors":%d,"non_2xx":%d}\n',
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50),
    latency:percentile(99), latency:percentile(99.9), latency.mean,
    e.connect + e.read + e.write + e.timeout, e.status))
  f:close()
end
