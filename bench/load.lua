-- wrk script for `make bench` (bench/cases.py, bench/surveys.py): public submissions, survey
-- answers, or the bare JSON view.
--
-- Environment:
--   BENCH_MODE      "submit" (POST /api/v1/cases), "survey" (POST /api/v1/surveys/public/
--                   <key>/responses) or "healthz" (GET /healthz)
--   BENCH_DEADLINE  Unix second after which no new request is sent; wrk runs a few seconds
--                   longer so that every request in flight is answered and counted
--   BENCH_RUN       prefix of the Idempotency-Key (unique per run)
--   BENCH_UNITS     comma-separated ids of current communes to submit to
--   BENCH_SURVEY_KEY, BENCH_SURVEY_QUESTIONS  the survey's public key and the ids of its
--                   rating questions ("survey" mode)
--
-- done() prints one line "BENCH_JSON {...}" for bench/cases.py to read.

local mode = os.getenv("BENCH_MODE") or "submit"
local deadline = tonumber(os.getenv("BENCH_DEADLINE") or "0")
local run = os.getenv("BENCH_RUN") or "bench"
local units = {}
for id in string.gmatch(os.getenv("BENCH_UNITS") or "", "%d+") do
  units[#units + 1] = id
end

local survey_path = "/api/v1/surveys/public/" .. (os.getenv("BENCH_SURVEY_KEY") or "") .. "/responses"
local questions = {}
for id in string.gmatch(os.getenv("BENCH_SURVEY_QUESTIONS") or "", "%d+") do
  questions[#questions + 1] = id
end

local TITLE = "Phản ánh đường giao thông nông thôn xuống cấp"
local CONTENT = "Đoạn đường liên thôn dài khoảng 800 mét bị sụt lún, nhiều ổ gà, "
  .. "mùa mưa ngập nước gây nguy hiểm cho học sinh và người dân đi lại. "
  .. "Đề nghị Ủy ban nhân dân xã sớm kiểm tra, sửa chữa."

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

-- After the deadline, send nothing more: the requests in flight still complete.
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
  if mode == "survey" then
    local parts = {}
    for i, id in ipairs(questions) do
      -- A rating from 2 to 5, mostly 4 and 5, varying with the request and the question.
      local r = ((counter * 7 + i * 13 + tid) % 10)
      local rating = 5
      if r < 1 then rating = 2 elseif r < 3 then rating = 3 elseif r < 6 then rating = 4 end
      parts[#parts + 1] = string.format('"q%s":%d', id, rating)
    end
    local answer = string.format(
      '{"key":"%s-%d-%d","channel":"link","answers":{%s}}', run, tid, counter,
      table.concat(parts, ",")
    )
    return wrk.format("POST", survey_path, {["Content-Type"] = "application/json"}, answer)
  end
  local unit = units[((counter + tid) % #units) + 1]
  local phone = string.format("09%08d", (tid * 1000003 + counter) % 100000000)
  local body = string.format(
    '{"title":"%s","content":"%s","unit_id":%s,"consent":true,'
      .. '"person":{"full_name":"Nguyễn Văn An","phone":"%s"}}',
    TITLE, CONTENT, unit, phone
  )
  local headers = {
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("%s-%d-%d", run, tid, counter),
  }
  return wrk.format("POST", "/api/v1/cases", headers, body)
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
