-- POST /api/v1/stock with one fixed tick. A static request keeps wrk's own cost per request
-- at its minimum, so the servers, not the load generator, set the pace. The 201s are counted
-- by the ingestor (/metrics) and compared with the messages in Kafka.
wrk.method = "POST"
wrk.path = "/api/v1/stock"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"id":1,"name":"AAPL","price":187.25,"volume":100}'
