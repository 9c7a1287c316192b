-- POST /api/v1/users with a name that is taken: 409, answered before any hashing
-- (once the per-address budget is spent: 429 before the body is read).
wrk.method = "POST"
wrk.path = "/api/v1/users"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"username":"taken","password":"bench-password"}'
