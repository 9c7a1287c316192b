-- POST /api/v1/stocks with a batch of BATCH ticks (default 1000); counts answers by status.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  local size = tonumber(os.getenv("BATCH") or "1000")
  local symbols = {"AAPL", "MSFT", "GOOG", "AMZN", "NVDA", "META", "TSLA", "NFLX"}
  local parts = {}
  for i = 1, size do
    parts[i] = string.format('{"id":%d,"name":"%s","price":%d.%02d,"volume":%d}',
      i, symbols[i % 8 + 1], 100 + i % 50, i % 100, 10 * (1 + i % 9))
  end
  wrk.method = "POST"
  wrk.path = "/api/v1/stocks"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = "[" .. table.concat(parts, ",") .. "]"
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
