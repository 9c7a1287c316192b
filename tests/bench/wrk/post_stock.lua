-- POST /api/v1/stock with a new tick id each request; counts answers by status so the
-- script can compare the 201s with the messages that reached Kafka.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  n = 0
  symbols = {"AAPL", "MSFT", "GOOG", "AMZN", "NVDA", "META", "TSLA", "NFLX"}
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  n = n + 1
  local tick = string.format('{"id":%d,"name":"%s","price":%d.%02d,"volume":100}',
    id * 100000000 + n, symbols[n % 8 + 1], 100 + n % 50, n % 100)
  return wrk.format(nil, "/api/v1/stock", nil, tick)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for status, count in pairs(s) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  for status, count in pairs(totals) do
    io.write(string.format("status %d %d\n", status, count))
  end
end
