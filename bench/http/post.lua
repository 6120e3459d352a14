-- wrk script: POST one payment per request to /api/v1/estates/{estate}/entries.
--
-- Each request has an Idempotency-Key unique across every thread, connection and run:
-- "<TF_RUN_ID>-<thread id>-<counter>". The memo carries the key ("WeChat Pay ref <key>"), so the
-- 201 response (the recorded entry) tells which request it answers. The unit varies per request
-- over TF_UNITS units 1-1-1 .. 1-1-N.
--
-- done() writes two files for bench/http/run's checks:
--   TF_OUT.acked    "<seq> <key>" for every 201
--   TF_OUT.pending  "<key>\t<body>" for every request sent but never answered (in flight when
--                   the run ended, or lost to a socket error): the server may or may not have
--                   committed them; run replays them with the same key to find out.
-- Env: TF_TOKEN, TF_NAME, TF_RUN_ID, TF_OUT, TF_UNITS (default 200).
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

local function payment_body(key, unit)
  return '{"date":"2026-10-05","kind":"payment","memo":"WeChat Pay ref ' .. key ..
    '","postings":[{"account":"OP.1002","amount":"300.00"},' ..
    '{"account":"OP.1122@1-1-' .. unit .. '","amount":"-300.00"}]}'
end

function setup(thread)
  common.setup(thread)
end

function init(args)
  common.init()
  run_id = os.getenv("TF_RUN_ID") or error("TF_RUN_ID is not set")
  units = tonumber(os.getenv("TF_UNITS") or "200")
  counter = 0
  pending = {}  -- key -> body, until answered
  acked = {}    -- "<seq> <key>"
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local key = run_id .. "-" .. thread_id .. "-" .. counter
  local unit = (thread_id * 7919 + counter) % units + 1
  local body = payment_body(key, unit)
  pending[key] = body
  wrk.headers["Idempotency-Key"] = key
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  local key = body and body:match('"memo":"WeChat Pay ref ([^"]+)"')
  if key then
    pending[key] = nil
  end
  if not common.count(status, body) then
    return
  end
  local seq = body:match('"seq":(%d+)')
  if status ~= 201 or not key or not seq then
    -- a 200 is a replay: every key here is new, so an acknowledged-twice entry
    common.mismatch(tostring(status) .. " " .. body)
    return
  end
  acked[#acked + 1] = seq .. " " .. key
end

function done(summary, latency, requests)
  local out = os.getenv("TF_OUT") or error("TF_OUT is not set")
  local a = assert(io.open(out .. ".acked", "w"))
  local p = assert(io.open(out .. ".pending", "w"))
  local n_pending = 0
  for _, t in ipairs(common.threads) do
    for _, line in ipairs(t:get("acked") or {}) do
      a:write(line, "\n")
    end
    for key, body in pairs(t:get("pending") or {}) do
      p:write(key, "\t", body, "\n")
      n_pending = n_pending + 1
    end
  end
  a:close()
  p:close()
  common.report(summary, latency, {"pending=" .. n_pending})
end
