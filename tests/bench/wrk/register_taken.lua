-- POST /api/v1/users with a name that is taken: 409, after the password has been hashed
-- (PBKDF2, as for a new name) — the cheapest request that still costs the platform a hash.
wrk.method = "POST"
wrk.path = "/api/v1/users"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"username":"taken","password":"bench-password"}'
