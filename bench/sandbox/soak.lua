-- wrk script for memory.sh: a write-heavy mix against the demo store, in
-- which writes are read-modify-write, as an OrderDesk client does them
-- (OrderDesk's PUT replaces the whole order), so the data keeps its size
-- and any growth of memory is the sandbox's own.
--   40%  GET /api/v2/orders/{random id}       (the reply is kept)
--   15%  GET /api/v2/orders?limit=50 with a random offset, a folder, a
--        source and date range, or a sort by total
--   35%  PUT /api/v2/orders/{id} with the last order read, tag changed
--   10%  PUT /api/v2/inventory-items/{random id}
-- Arguments (after --): first order id, order count, first inventory id,
-- inventory count.

local first_order, order_count, first_item, item_count
local last_order_id, last_order_body
local writes = 0

local headers = {
  ["ORDERDESK-STORE-ID"] = "1001",
  ["ORDERDESK-API-KEY"] = "SandboxDemoKey0123456789abcdefghijklmnopqrstuvwxyz",
  ["Content-Type"] = "application/json",
}

local item_body = [[{"name":"Soak Item %d","code":"SOAK-%d","price":10,"cost":4,"stock":%d,"weight":0.5}]]

local list_queries = {
  "limit=50&offset=%d",
  "limit=50&folder_name=Closed&offset=%d",
  "limit=50&source_name=Shopify&search_start_date=2025-06-01&offset=%d",
  "limit=50&order_by=order_total&offset=%d",
}

function init(args)
  first_order = tonumber(args[1])
  order_count = tonumber(args[2])
  first_item = tonumber(args[3])
  item_count = tonumber(args[4])
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

function request()
  local roll = math.random(100)
  if roll <= 40 or (roll > 55 and roll <= 90 and last_order_body == nil) then
    return wrk.format("GET", "/api/v2/orders/" .. (first_order + math.random(order_count) - 1), headers)
  elseif roll <= 55 then
    local query = string.format(list_queries[math.random(#list_queries)], math.random(0, 2000))
    return wrk.format("GET", "/api/v2/orders?" .. query, headers)
  elseif roll <= 90 then
    writes = writes + 1
    local body = last_order_body:gsub('"tag_name":"[^"]*"', '"tag_name":"soak-' .. (writes % 10) .. '"', 1)
    return wrk.format("PUT", "/api/v2/orders/" .. last_order_id, headers, body)
  else
    local id = first_item + math.random(item_count) - 1
    return wrk.format("PUT", "/api/v2/inventory-items/" .. id, headers,
                      string.format(item_body, id, id, math.random(0, 500)))
  end
end

function response(status, headers, body)
  -- Keep the order of a single-order GET for the next PUT.
  local order = body:match('^{"status":"success","message":"Execution took [^"]*","order":(%b{})}$')
  if order ~= nil then
    last_order_id = order:match('^{"id":"(%d+)"')
    last_order_body = order
  end
end
