-- POST /api/v1/users with a new name every time: 201, a hash and a row in the Users DB each.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local prefix = string.format("b%d", os.time() % 100000)
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, "/api/v1/users", nil,
                    string.format('{"username":"%s-%d","password":"bench-password"}', prefix, counter))
end
