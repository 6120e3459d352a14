-- Shared by the wrk scripts of bench/http/run: thread ids, status counting, and the one
-- machine-readable result line printed by done(). Loaded with dofile() by post.lua,
-- get_entry.lua and get_balances.lua (in wrk's setup/done state and in every thread's state).
--
-- Parameters come from the environment (wrk passes extra arguments to the threads' init() only,
-- and the done() state needs them too):
--   TF_TOKEN   bearer token                                   (all scripts)
--   TF_NAME    name on the result line, e.g. "post"            (all scripts)
local M = {}

M.threads = {}
M.next_id = 0

-- Call from setup(thread): gives every thread a distinct id (its global `thread_id`).
function M.setup(thread)
  thread:set("thread_id", M.next_id)
  M.next_id = M.next_id + 1
  table.insert(M.threads, thread)
end

-- Call from init(): the per-thread counters read back by done().
function M.init()
  ok = 0            -- 2xx responses
  created = 0       -- 201
  non2xx = 0
  mismatches = 0    -- responses whose content failed the script's check
  statuses = {}     -- status code -> count, as a table of strings for transfer
  first_failure = ""
  local token = os.getenv("TF_TOKEN")
  if not token or token == "" then
    error("TF_TOKEN is not set")
  end
  wrk.headers["Authorization"] = "Bearer " .. token
end

-- Call from response(): counts the status; returns true for 2xx.
function M.count(status, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if status >= 200 and status < 300 then
    ok = ok + 1
    if status == 201 then
      created = created + 1
    end
    return true
  end
  non2xx = non2xx + 1
  if first_failure == "" then
    first_failure = key .. " " .. string.sub(body or "", 1, 300)
  end
  return false
end

function M.mismatch(what)
  mismatches = mismatches + 1
  if first_failure == "" then
    first_failure = "mismatch " .. string.sub(what, 1, 300)
  end
end

-- Sums a numeric global over the threads.
function M.sum(name)
  local total = 0
  for _, t in ipairs(M.threads) do
    total = total + (t:get(name) or 0)
  end
  return total
end

-- Prints one line: `wrk_result name=... key=value ...` (latencies in µs), and a failure sample.
function M.report(summary, latency, extra)
  local statuses = {}
  local failure = ""
  for _, t in ipairs(M.threads) do
    for code, n in pairs(t:get("statuses") or {}) do
      statuses[code] = (statuses[code] or 0) + n
    end
    local f = t:get("first_failure") or ""
    if failure == "" and f ~= "" then
      failure = f
    end
  end
  local codes = {}
  for code, n in pairs(statuses) do
    table.insert(codes, code .. ":" .. n)
  end
  table.sort(codes)
  local e = summary.errors
  local fields = {
    "wrk_result",
    "name=" .. (os.getenv("TF_NAME") or "?"),
    "duration_us=" .. summary.duration,
    "requests=" .. summary.requests,
    "ok=" .. M.sum("ok"),
    "created=" .. M.sum("created"),
    "non2xx=" .. M.sum("non2xx"),
    "mismatches=" .. M.sum("mismatches"),
    string.format("rps=%.1f", summary.requests * 1e6 / summary.duration),
    string.format("p50_us=%d", latency:percentile(50.0)),
    string.format("p90_us=%d", latency:percentile(90.0)),
    string.format("p99_us=%d", latency:percentile(99.0)),
    string.format("max_us=%d", latency.max),
    string.format("mean_us=%d", latency.mean),
    "errors=connect:" .. e.connect .. ",read:" .. e.read .. ",write:" .. e.write ..
      ",timeout:" .. e.timeout,
    "statuses=" .. (#codes > 0 and table.concat(codes, ",") or "none"),
  }
  for _, f in ipairs(extra or {}) do
    table.insert(fields, f)
  end
  print(table.concat(fields, " "))
  if failure ~= "" then
    print("wrk_failure " .. string.gsub(failure, "[\r\n]", " "))
  end
end

return M
