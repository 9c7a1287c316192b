-- POST /api/v1/stocks with one fixed batch of BATCH ticks (default 1000) over 8 symbols.
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
