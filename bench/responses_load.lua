-- wrk script for bench/responses_load.py: role pages read, answers posted.
--
--   wrk -c64 -d60s -s bench/responses_load.lua http://127.0.0.1:8793 -- DATA SECONDS
--
-- DATA is a Lua file that responses_load.py writes: `roles` (each a slug and
-- its current tasks' ids), `cookie` and `token` (a CSRF pair) and `comments`
-- (form-encoded). One request in POST_EVERY posts an answer; the rest read a
-- role page. Most answers come from a large pool of simulated readers (one
-- X-Forwarded-For address each), a few from REPEATERS readers who answer
-- often enough to be refused (409, 429). Each thread counts the statuses it
-- gets; done() prints the sums as "status <code> <count>" lines.

local POST_EVERY = 4
local READERS = 1000000  -- 10.x.y.z addresses: an answer rarely repeats one
local REPEATERS = 5      -- 10.255.255.1-5: the readers who answer too much
local REPEAT_SHARE = 0.1
-- Answers stop this many seconds before the end, so that every answer sent
-- is answered before wrk stops (and can be matched with the rows stored).
local QUIET_SECONDS = 5

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  dofile(args[1])
  posts_until = os.time() + tonumber(args[2]) - QUIET_SECONDS
  math.randomseed(os.time() * 1000 + id)
  statuses = {}
  reads, posts = 0, 0
end

local function reader()
  if math.random() < REPEAT_SHARE then
    return "10.255.255." .. math.random(REPEATERS)
  end
  local n = math.random(READERS)
  local f = math.floor
  return string.format("10.%d.%d.%d", f(n / 65536) % 255, f(n / 256) % 256, n % 256)
end

local ANSWERS = { "ai_does", "ai_doesnt", "not_mine" }

function request()
  local role = roles[math.random(#roles)]
  if math.random(POST_EVERY) > 1 or os.time() >= posts_until then
    reads = reads + 1
    return wrk.format("GET", "/roles/" .. role.slug .. "/")
  end
  posts = posts + 1
  local task = role.tasks[math.random(#role.tasks)]
  local body = "csrfmiddlewaretoken=" .. token
    .. "&answer=" .. ANSWERS[math.random(#ANSWERS)]
    .. "&website="
  if math.random(5) == 1 then
    body = body .. "&comment=" .. comments[math.random(#comments)]
  end
  return wrk.format(
    "POST",
    "/roles/" .. role.slug .. "/tasks/" .. task .. "/in-my-job/",
    {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = "csrftoken=" .. cookie,
      ["X-Forwarded-For"] = reader(),
    },
    body
  )
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals, sent = {}, { reads = 0, posts = 0 }
  for _, thread in ipairs(threads) do
    for code, count in pairs(thread:get("statuses")) do
      totals[code] = (totals[code] or 0) + count
    end
    sent.reads = sent.reads + thread:get("reads")
    sent.posts = sent.posts + thread:get("posts")
  end
  for code, count in pairs(totals) do
    io.write(string.format("status %d %d\n", code, count))
  end
  local errors = summary.errors
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("sent_reads %d\nsent_posts %d\n", sent.reads, sent.posts))
  io.write(string.format(
    "socket_errors %d\ntimeouts %d\n",
    errors.connect + errors.read + errors.write,
    errors.timeout
  ))
  io.write(string.format("p99_ms %.1f\n", latency:percentile(99) / 1000))
  io.write(string.format("max_ms %.1f\n", latency.max / 1000))
  io.write(string.format("duration_s %.1f\n", summary.duration / 1e6))
end
