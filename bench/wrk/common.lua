-- Shared by the wrk scripts of bench/run.sh: prints one parseable line with the run's figures.
-- There is deliberately no response() callback: with one, wrk hands every response (for chat, 2.5 KB of body) to
-- Lua, which on this 2-core machine took CPU time from the server under test. Error statuses are counted by wrk
-- itself (summary.errors.status: every response with a status of 400 or more; the server sends no 3xx).
function done(summary, latency, requests)
  local e = summary.errors
  local bad = e.status
  io.write(string.format(
    "WRK_RESULT requests=%d duration_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d " ..
    "p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.1f\n",
    summary.requests, summary.duration, bad, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
