-- wrk script for `make bench` (bench/cases.py): public submissions or the bare JSON view.
--
-- Environment:
--   BENCH_MODE      "submit" (POST /api/v1/cases) or "healthz" (GET /healthz)
--   BENCH_DEADLINE  Unix second after which no new request is sent; wrk runs a few seconds
--                   longer so that every request in flight is answered and counted
--   BENCH_RUN       prefix of the Idempotency-Key (unique per run)
--   BENCH_UNITS     comma-separated ids of current communes to submit to
--
-- done() prints one line "BENCH_JSON {...}" for bench/cases.py to read.

local mode = os.getenv("BENCH_MODE") or "submit"
local deadline = tonumber(os.getenv("BENCH_DEADLINE") or "0")
local run = os.getenv("BENCH_RUN") or "bench"
local units = {}
for id in string.gmatch(os.getenv("BENCH_UNITS") or "", "%d+") do
  units[#units + 1] = id
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
