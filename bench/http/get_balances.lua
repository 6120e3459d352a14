-- wrk script: GET /api/v1/estates/{estate}/balances?period=2026-10 (every account's turnover and
-- closing balance for the month the POST phase wrote into). Checks that each 200 answer holds a
-- balances array.
-- Env: TF_TOKEN, TF_NAME, TF_ESTATE, TF_PERIOD (default 2026-10).
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

function setup(thread)
  common.setup(thread)
end

function init(args)
  common.init()
  path = "/api/v1/estates/" .. (os.getenv("TF_ESTATE") or "bench") .. "/balances?period=" ..
    (os.getenv("TF_PERIOD") or "2026-10")
end

function request()
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if common.count(status, body) and not body:find('"balances":[', 1, true) then
    common.mismatch("balances " .. body)
  end
end

function done(summary, latency, requests)
  common.report(summary, latency)
end
