-- POST /api/v1/orders: a buy of 1 at 0.01, which rests far from any seller, with the bearer
-- token of KSE_TOKEN. Every request goes through the risk check, the reservation in the Users
-- DB and the producer to `orders`.
wrk.method = "POST"
wrk.path = "/api/v1/orders"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KSE_TOKEN")
wrk.body = '{"symbol":"BENCH","side":"buy","qty":1,"price":0.01}'
