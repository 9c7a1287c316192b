-- POST /api/v1/login with a wrong password for an existing name: the anonymous request that
-- would cost the platform a password hash, were it not throttled first.
wrk.method = "POST"
wrk.path = "/api/v1/login"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"username":"taken","password":"not-the-password"}'
