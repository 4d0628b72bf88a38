-- wrk script for `make bench` (bench/surveys.py): survey answers through the API, or the bare
-- JSON view.
--
-- Environment:
--   BENCH_MODE              "submit" (POST /api/v1/surveys/public/<key>/responses) or "healthz"
--   BENCH_DEADLINE          Unix second after which no new request is sent
--   BENCH_RUN               prefix of each response's key (unique per run)
--   BENCH_SURVEY_KEY        the survey's public key
--   BENCH_SURVEY_QUESTIONS  comma-separated ids of its rating questions
--
-- done() prints one line "BENCH_JSON {...}" for bench/surveys.py to read.

local mode = os.getenv("BENCH_MODE") or "submit"
local deadline = tonumber(os.getenv("BENCH_DEADLINE") or "0")
local run = os.getenv("BENCH_RUN") or "bench"
local survey = os.getenv("BENCH_SURVEY_KEY") or ""
local questions = {}
for id in string.gmatch(os.getenv("BENCH_SURVEY_QUESTIONS") or "", "%d+") do
  questions[#questions + 1] = id
end
local path = "/api/v1/surveys/public/" .. survey .. "/responses"

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  created = 0
  ok_other = 0
  non2xx = 0
end

function delay()
  if os.time() >= deadline then
    return 3600000
  end
  return 0
end

function request()
  counter = counter + 1
  if mode == "healthz" then
    return wrk.format("GET", "/healthz")
  end
  local parts = {}
  for i, id in ipairs(questions) do
    -- A rating from 1 to 5, mostly 4 and 5, varying with the request and the question.
    local r = ((counter * 7 + i * 13 + tid) % 10)
    local rating = 5
    if r < 1 then rating = 2 elseif r < 3 then rating = 3 elseif r < 6 then rating = 4 end
    parts[#parts + 1] = string.format('"q%s":%d', id, rating)
  end
  local body = string.format(
    '{"key":"%s-%d-%d","channel":"link","answers":{%s}}', run, tid, counter,
    table.concat(parts, ",")
  )
  return wrk.format("POST", path, {["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  elseif status >= 200 and status < 300 then
    ok_other = ok_other + 1
  else
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local c, o, n = 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created")
    o = o + t:get("ok_other")
    n = n + t:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"created":%d,"ok_other":%d,"non2xx":%d,'
      .. '"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,'
      .. '"p50_ms":%.3f,"p95_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f}\n',
    summary.requests, c, o, n, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000
  ))
end
