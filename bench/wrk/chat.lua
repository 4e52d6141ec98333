-- POST /api/chat over keep-alive connections, cycling through a list of real questions.
-- usage: wrk -s bench/wrk/chat.lua http://127.0.0.1:PORT -- BODIES_FILE
--   BODIES_FILE: one JSON request body per line, e.g. {"message":"Does alcohol lower magnesium?"}
--   (bench/run_bench.py writes it from the turns of tests/eval/questions.jsonl).
-- Every request is a first turn (no conversation_id), so each one creates a conversation, as a new visitor does.
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
require("common")

-- The requests are formatted once, in init(), as wrk's scripting guide advises: formatting one per request in
-- request() costs the client (which shares the machine with the server) several microseconds each time.
local requests = {}
local next_index = 0
local headers = { ["Content-Type"] = "application/json" }

local thread_number = 0

function setup(thread)
  thread:set("id", thread_number)
  thread_number = thread_number + 1
end

function init(args)
  local path = args[1] or error("chat.lua needs the bodies file: wrk ... -s chat.lua URL -- FILE")
  for line in io.lines(path) do
    if #line > 0 then requests[#requests + 1] = wrk.format("POST", "/api/chat", headers, line) end
  end
  if #requests == 0 then error("no request bodies in " .. path) end
  -- Threads start at different places in the list, so they do not ask the same question in lockstep.
  next_index = ((id or 0) * 997) % #requests
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end
