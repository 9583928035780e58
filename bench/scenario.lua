-- scenario.lua - the project's request shapes for bench/run.sh, on the same wrk settings as
-- ../../shared/bench/ceiling.sh. The scenario and its inputs come from the environment:
--   SCENARIO   get_tender | list | ocds_record | red_flags | submit_bid
--   INPUTS     the directory `procura generate --bench-out` wrote (ids and tokens)
--   LIST_QUERY the query string of the list scenario (filters and, for a deep page, a cursor)
--   PAIR_START first (supplier, open tender) pair of submit_bid, so runs never repeat a pair
--   PAIR_ORDER submit_bid's order of pairs: "by_tender" (default: each tender takes a bid from
--              every supplier in turn, so a tender's index leaves are written together) or
--              "scattered" (consecutive bids go to tenders spread over the list, as bids for many
--              open tenders arrive in a real system); the two orders use different pairs, so use
--              one order per data set
-- done() prints one WRK_RESULT line in ceiling.sh's format (latencies in ms).

local scenario = os.getenv("SCENARIO") or "get_tender"
local inputs = os.getenv("INPUTS") or "."

local function read_lines(name)
  local lines = {}
  for line in io.lines(inputs .. "/" .. name) do
    if line ~= "" then lines[#lines + 1] = line end
  end
  return lines
end

local ids, tokens, tenders
local scattered = os.getenv("PAIR_ORDER") == "scattered"
local counter = 0
local stride = 1

-- Each wrk thread takes every stride-th pair, starting at its own offset.
local next_thread = 0
function setup(thread)
  thread:set("thread_offset", next_thread)
  next_thread = next_thread + 1
end

function init(args)
  stride = tonumber(os.getenv("WRK_THREADS") or "1")
  counter = (thread_offset or 0)
  if scenario == "get_tender" or scenario == "ocds_record" then
    ids = read_lines("tenders.txt")
  elseif scenario == "red_flags" then
    ids = read_lines("purchasers.txt")
  elseif scenario == "submit_bid" then
    tokens = read_lines("supplier_tokens.txt")
    tenders = read_lines("open_tenders.txt")
    counter = counter + tonumber(os.getenv("PAIR_START") or "0")
  end
end

local bid_body = '{"price":{"amount":235000000,"currency":"CNY"},' ..
  '"staffing":[{"level":"social_worker","count":15,"monthly_salary":{"amount":1000000,"currency":"CNY"},"months":12},' ..
  '{"level":"senior_social_worker","count":1,"monthly_salary":{"amount":1250000,"currency":"CNY"},"months":12}],' ..
  '"technical_proposal":{"sections":[{"title":"服务方案","text":"个案管理、家庭探访、同伴支持。"}],"document_hashes":[]},' ..
  '"declarations":{"no_serious_violation":true,"tax_compliant":true,"social_insurance_compliant":true,"accepts_terms":true},' ..
  '"salary_reserve":{"amount":20000000,"currency":"CNY"}}'

function request()
  local i = counter
  counter = counter + stride
  if scenario == "get_tender" then
    return wrk.format("GET", "/api/v1/tenders/" .. ids[i % #ids + 1])
  elseif scenario == "ocds_record" then
    return wrk.format("GET", "/api/v1/ocds/records/ocds-procura-" .. ids[i % #ids + 1])
  elseif scenario == "red_flags" then
    return wrk.format("GET", "/api/v1/red-flags?purchaser=" .. ids[i % #ids + 1])
  elseif scenario == "list" then
    return wrk.format("GET", "/api/v1/tenders?" .. (os.getenv("LIST_QUERY") or "limit=20"))
  else
    -- A new (supplier, tender) pair each time: a first bid, never a replacement.
    local supplier = i % #tokens
    local round = math.floor(i / #tokens)
    local tender = round % #tenders
    if scattered then
      -- Each supplier walks all tenders from its own offset, so no pair repeats while
      -- round < #tenders, and neighbouring suppliers start far apart in the list. Scattered
      -- within a round, not uniformly random: next round, each bids on its last tender's neighbour.
      tender = (round + supplier * 7919) % #tenders
    end
    local token = tokens[supplier + 1]
    tender = tenders[tender + 1]
    return wrk.format("POST", "/api/v1/tenders/" .. tender .. "/bids", {
      ["Authorization"] = "Bearer " .. token,
      ["Content-Type"] = "application/json",
      ["Idempotency-Key"] = "bench-" .. i,
    }, bid_body)
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f" ..
    " socket_errors=%d non2xx=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
