-- GET /healthz, the reference: what the HTTP layer alone sustains on this machine.
-- usage: wrk -s bench/wrk/healthz.lua http://127.0.0.1:PORT/healthz
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
require("common")
