-- wrk script: GET /api/v1/estates/{estate}/entries/{seq} (the entry with its inclusion proof)
-- for seqs drawn at random from the entries the POST phase had acknowledged, and checks every
-- 200 answer: the entry's memo must carry the idempotency key acknowledged for that seq, and the
-- inclusion proof must be there.
-- Env: TF_TOKEN, TF_NAME, TF_ACKED (the POST phase's "<seq> <key>" file), TF_ESTATE.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

function setup(thread)
  common.setup(thread)
end

function init(args)
  common.init()
  local estate = os.getenv("TF_ESTATE") or "bench"
  prefix = "/api/v1/estates/" .. estate .. "/entries/"
  seqs, key_of = {}, {}
  for line in assert(io.open(os.getenv("TF_ACKED") or error("TF_ACKED is not set"))):lines() do
    local seq, key = line:match("^(%d+) (.+)$")
    seqs[#seqs + 1] = seq
    key_of[seq] = key
  end
  if #seqs == 0 then
    error("no acknowledged entries in " .. os.getenv("TF_ACKED"))
  end
  math.randomseed(os.time() + thread_id * 1000003)
end

function request()
  return wrk.format("GET", prefix .. seqs[math.random(#seqs)])
end

function response(status, headers, body)
  if not common.count(status, body) then
    return
  end
  local seq = body:match('"seq":(%d+)')
  local key = body:match('"memo":"WeChat Pay ref ([^"]+)"')
  if not seq or key_of[seq] ~= key or not body:find('"inclusion_proof":{', 1, true) then
    common.mismatch("entry " .. tostring(seq) .. " " .. body)
  end
end

function done(summary, latency, requests)
  common.report(summary, latency)
end
