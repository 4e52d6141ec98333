#!/usr/bin/env python3
"""The HTTP benchmark of magchat: drives a Release server with wrk and prints one table (bench/README.md).

Normally started by `bash bench/run.sh`, which installs wrk and builds Release first. For each knowledge-base
size it:
  1. generates the folder (bench/gen_kb.py; "shipped" is kb/ itself),
  2. times `magchat kb import` into a fresh database (import time, database size),
  3. starts `magchat serve` on a fresh database and times it until GET /healthz answers 200 (start-up),
  4. for each connection count: GET /healthz (the reference) then POST /api/chat, each after a warm-up,
  5. reads the server's peak RSS (VmHWM) and stops it,
  6. runs the in-process answer_bench over the same folder.
"""
import argparse
import datetime
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def dir_bytes(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


def db_bytes(path):
    return sum(os.path.getsize(path + s) for s in ("", "-wal") if os.path.exists(path + s))


def write_bodies(questions_path, out_path):
    """One JSON chat body per line, from every turn of the question set (each asked as a first turn)."""
    n = 0
    with open(questions_path, encoding="utf-8") as f, open(out_path, "w", encoding="utf-8") as out:
        for line in f:
            if not line.strip():
                continue
            for turn in json.loads(line).get("turns", []):
                out.write(json.dumps({"message": turn}, ensure_ascii=False) + "\n")
                n += 1
    return n


class Server:
    """One `magchat serve` process on a free port; start-up is timed until /healthz answers 200."""

    def __init__(self, binary, kb_dir, db_path, threads, log_path):
        self.log_path = log_path
        self.log_file = open(log_path, "wb")
        cmd = [binary, "serve", "--port", "0", "--db", db_path, "--kb", kb_dir, "--threads", str(threads),
               "--rate-limit", "0"]
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=self.log_file)
        self.port, self.ready_ms = self._wait_for_port(timeout=600)
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                status = conn.getresponse().status
                conn.close()
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.001)
        self.startup_ms = (time.perf_counter() - t0) * 1000

    def _wait_for_port(self, timeout):
        deadline = time.perf_counter() + timeout
        pattern = re.compile(rb"serving http://[^:]+:(\d+)/.*ready in (\d+) ms")
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"magchat serve exited with {self.proc.returncode}; see {self.log_path}")
            with open(self.log_path, "rb") as f:
                m = pattern.search(f.read(8192))
            if m:
                return int(m.group(1)), int(m.group(2))
            time.sleep(0.001)
        raise RuntimeError("magchat serve did not start in time")

    def status(self, field):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])  # kB
        return 0

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log_file.close()

    def logged_errors(self):
        """Requests that ended in an exception (logged with "level":"error"), as a check on the 5xx count."""
        n = 0
        with open(self.log_path, "rb") as f:
            for line in f:
                if b'"level":"error"' in line:
                    n += 1
        return n


def run_wrk(url, script, connections, duration, timeout, extra=()):
    threads = max(1, min(connections, 2))
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "--timeout", f"{timeout}s",
           "-s", script, url]
    if extra:
        cmd += ["--", *extra]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    m = re.search(r"^WRK_RESULT (.*)$", out, re.M)
    if not m:
        raise RuntimeError("wrk printed no WRK_RESULT line:\n" + out)
    r = {k: float(v) for k, v in (kv.split("=") for kv in m.group(1).split())}
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
    r["socket_errors"] = r["connect"] + r["read"] + r["write"] + r["timeout"]
    r["errors"] = r["non2xx"] + r["socket_errors"]
    return r


def answer_bench(binary, kb_dir, db_path, questions, shipped):
    """In-process answering figures; over the shipped kb/ this is also the < 1 ms regression guard."""
    if shipped:
        cmd = [binary, "--kb", kb_dir, "--questions", questions, "--rounds", "20", "--chat-rounds", "5", "--json"]
    else:  # reuse the imported database: re-importing 100k entries would only repeat the import measurement
        cmd = [binary, "--kb", kb_dir, "--db", db_path, "--no-import", "--questions", questions, "--rounds", "1",
               "--warmup-rounds", "0", "--chat-rounds", "0", "--max-median-us", "0", "--json"]
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    m = re.search(r"^JSON (.*)$", p.stdout, re.M)
    if not m:
        raise RuntimeError(f"answer_bench failed ({p.returncode}):\n{p.stdout}\n{p.stderr}")
    return json.loads(m.group(1))


def bench_size(size, args, work, bodies, n_bodies):
    shipped = size == "shipped"
    if shipped:
        kb_dir = os.path.join(ROOT, "kb")
    else:
        kb_dir = os.path.join(work, f"kb-{size}")
        log(f"generating {size} entries")
        subprocess.run([sys.executable, os.path.join(BENCH, "gen_kb.py"), "--count", str(size), "--out", kb_dir,
                        "--src", os.path.join(ROOT, "kb")], check=True, stdout=subprocess.DEVNULL)
    result = {"size": size, "kb_bytes": dir_bytes(kb_dir)}

    log(f"[{size}] kb import into a fresh database")
    import_db = os.path.join(work, f"import-{size}.db")
    t0 = time.perf_counter()
    p = subprocess.run([args.magchat, "kb", "import", kb_dir, "--db", import_db], cwd=ROOT, capture_output=True,
                       text=True)
    result["import_s"] = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError(f"magchat kb import failed:\n{p.stdout}\n{p.stderr}")
    result["entries_imported"] = p.stdout.strip()
    result["db_bytes"] = db_bytes(import_db)

    log(f"[{size}] starting the server on a fresh database ({args.threads} worker threads)")
    server_db = os.path.join(work, f"serve-{size}.db")
    server = Server(args.magchat, kb_dir, server_db, args.threads, os.path.join(work, f"serve-{size}.log"))
    result["startup_ms"] = server.startup_ms
    result["ready_ms"] = server.ready_ms
    result["rss_after_start_kb"] = server.status("VmRSS")
    base = f"http://127.0.0.1:{server.port}"
    runs = []
    try:
        for c in args.connections:
            for route, script, url, extra in (("GET /healthz", "healthz.lua", base + "/healthz", ()),
                                              ("POST /api/chat", "chat.lua", base, (bodies,))):
                script_path = os.path.join(BENCH, "wrk", script)
                if args.warmup > 0:
                    run_wrk(url, script_path, c, args.warmup, args.timeout, extra)
                log(f"[{size}] {route} at {c} connections for {args.duration} s")
                r = run_wrk(url, script_path, c, args.duration, args.timeout, extra)
                r.update(route=route, connections=c)
                runs.append(r)
        result["peak_rss_kb"] = server.status("VmHWM")
    finally:
        server.stop()
    result["logged_exceptions"] = server.logged_errors()
    result["db_bytes_after_run"] = db_bytes(server_db)
    result["runs"] = runs

    if not args.no_answer_bench:
        log(f"[{size}] in-process answer_bench")
        result["answer_bench"] = answer_bench(args.answer_bench, kb_dir, import_db, args.questions, shipped)
    for f in os.listdir(work):
        if f.startswith((f"import-{size}.db", f"serve-{size}.db")):
            os.remove(os.path.join(work, f))
    if not shipped and not args.keep:
        shutil.rmtree(kb_dir)
    return result


def size_label(size):
    """The KB entries column: the shipped kb/ is counted (every .md file but its README), generated sizes are given."""
    if size != "shipped":
        return f"{int(size):,}"
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kb")
    count = sum(1 for folder, _, files in os.walk(root) for name in files
                if name.endswith(".md") and name != "README.md")
    return f"{count} (shipped kb/)"


def fmt_ms(us):
    return f"{us / 1000:.2f}" if us < 10_000 else f"{us / 1000:.0f}"


def table(results):
    lines = ["| KB entries | route | conns | req/s | chat / healthz | p50 ms | p99 ms | errors (non-2xx + socket) "
             "| peak RSS MB | start-up ms | import s | DB MB |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for res in results:
        size = size_label(res["size"])
        healthz = {r["connections"]: r["rps"] for r in res["runs"] if r["route"] == "GET /healthz"}
        for r in res["runs"]:
            chat = r["route"] == "POST /api/chat"
            ratio = f"{100 * r['rps'] / healthz[r['connections']]:.0f}%" if chat and healthz.get(r["connections"]) else ""
            errors = f"{int(r['errors'])}" + (f" ({int(r['non2xx'])} + {int(r['socket_errors'])})" if r["errors"] else "")
            lines.append(
                f"| {size} | {r['route']} | {r['connections']} | {r['rps']:,.0f} | {ratio} | {fmt_ms(r['p50_us'])} "
                f"| {fmt_ms(r['p99_us'])} | {errors} | {res['peak_rss_kb'] / 1024:.1f} | {res['startup_ms']:,.0f} "
                f"| {res['import_s']:.2f} | {res['db_bytes'] / 2**20:.1f} |")
    return "\n".join(lines)


def inprocess_table(results):
    lines = ["| KB entries | preview median µs | preview p99 µs | preview mean µs | chat median µs | chat p99 µs "
             "| chat mean µs |", "|---|---:|---:|---:|---:|---:|---:|"]
    for res in results:
        ab = res.get("answer_bench")
        if not ab:
            continue
        size = size_label(res["size"])
        p, c = ab["preview"], ab["chat"]
        chat = (f"{c['median_us']:,.0f} | {c['p99_us']:,.0f} | {c['mean_us']:,.0f}" if c["n"]
                else "not run | not run | not run")  # scaled sizes: chat = preview + the write measured above
        lines.append(f"| {size} | {p['median_us']:,.0f} | {p['p99_us']:,.0f} | {p['mean_us']:,.0f} | {chat} |")
    return "\n".join(lines)


def targets(results):
    """The issue's targets, checked against this run: (description, measured, ok) rows."""
    out = []
    by_size = {r["size"]: r for r in results}

    def run(res, route, c):
        return next((r for r in res["runs"] if r["route"] == route and r["connections"] == c), None)

    s = by_size.get("shipped")
    if s:
        chat, health = run(s, "POST /api/chat", 64), run(s, "GET /healthz", 64)
        if chat and health:
            share = chat["rps"] / health["rps"]
            out.append(("chat at 64 connections >= 50% of /healthz req/s, zero errors",
                        f"{share:.0%} ({chat['rps']:,.0f} vs {health['rps']:,.0f} req/s), {int(chat['errors'])} errors",
                        share >= 0.5 and chat["errors"] == 0))
            out.append(("chat p99 at 64 connections < 10 ms", f"{chat['p99_us'] / 1000:.2f} ms",
                        chat["p99_us"] < 10_000))
        out.append(("peak RSS with the shipped kb/ < 64 MB", f"{s['peak_rss_kb'] / 1024:.1f} MB",
                    s["peak_rss_kb"] < 64 * 1024))
        out.append(("start-up with a fresh database < 300 ms", f"{s['startup_ms']:.0f} ms", s["startup_ms"] < 300))
        if s.get("answer_bench"):
            m = s["answer_bench"]["preview"]["median_us"]
            out.append(("in-process preview median < 1 ms (shipped kb/)", f"{m:.0f} µs", m < 1000))
    big = by_size.get(100000)
    if big:
        one = run(big, "POST /api/chat", 1)
        if one:
            out.append(("100k entries: chat p50 < 5 ms (1 connection: the time to answer)",
                        f"{one['p50_us'] / 1000:.1f} ms", one["p50_us"] < 5000))
        out.append(("100k entries: import < 60 s", f"{big['import_s']:.1f} s", big["import_s"] < 60))
    return out


def main():
    ap = argparse.ArgumentParser(description="magchat HTTP benchmark (see bench/README.md)")
    ap.add_argument("--sizes", default="shipped",
                    help="comma-separated knowledge-base sizes: 'shipped' (kb/) and/or entry counts, "
                         "e.g. shipped,1000,10000,100000 (default shipped)")
    ap.add_argument("--connections", default="1,16,64")
    ap.add_argument("--duration", type=int, default=10, help="seconds per measured wrk run (default 10)")
    ap.add_argument("--warmup", type=int, default=2, help="seconds of unmeasured load before each run (default 2)")
    ap.add_argument("--timeout", type=int, default=5, help="wrk request timeout in seconds (default 5)")
    ap.add_argument("--threads", type=int, default=72, help="server worker threads (default 72: 64 connections + 8)")
    ap.add_argument("--questions", default=os.path.join(ROOT, "tests", "eval", "questions.jsonl"))
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build-release"))
    ap.add_argument("--out", default=os.path.join(BENCH, "results"), help="folder for latest.md / latest.json")
    ap.add_argument("--no-answer-bench", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the generated knowledge bases and logs")
    args = ap.parse_args()
    args.connections = [int(c) for c in args.connections.split(",")]
    sizes = [s.strip() if s.strip() == "shipped" else int(s) for s in args.sizes.split(",") if s.strip()]
    args.magchat = os.path.join(args.build_dir, "magchat")
    args.answer_bench = os.path.join(args.build_dir, "bench", "answer_bench")
    for b in (args.magchat, args.answer_bench):
        if not os.access(b, os.X_OK):
            sys.exit(f"run_bench: {b} is missing: build Release first (bash bench/run.sh does)")
    if shutil.which("wrk") is None:
        sys.exit("run_bench: wrk is not installed (bash bench/run.sh installs it)")

    work = tempfile.mkdtemp(prefix="magchat-bench-")
    bodies = os.path.join(work, "chat-bodies.txt")
    n_bodies = write_bodies(args.questions, bodies)
    started = datetime.datetime.now(datetime.timezone.utc)
    try:
        commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip() or "unknown"
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        if dirty:
            commit += " + uncommitted changes"
    except OSError:
        commit = "unknown"
    load_before = os.getloadavg()
    log(f"{n_bodies} chat questions from {args.questions}; work folder {work}")
    results = []
    try:
        for size in sizes:
            results.append(bench_size(size, args, work, bodies, n_bodies))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    elapsed = (datetime.datetime.now(datetime.timezone.utc) - started).total_seconds()
    load_after = os.getloadavg()

    header = (f"magchat benchmark, {started:%Y-%m-%d %H:%M} UTC, commit {commit}, "
              f"{os.cpu_count()} CPUs, load average {load_before[0]:.2f} before / {load_after[0]:.2f} after; server --threads "
              f"{args.threads} --rate-limit 0; wrk {args.duration} s per run after {args.warmup} s warm-up; "
              f"{n_bodies} questions cycled; whole run {elapsed / 60:.1f} min")
    target_rows = targets(results)
    md = [header, "", table(results), "", "In-process (answer_bench, no HTTP):", "", inprocess_table(results), ""]
    if target_rows:
        md += ["| target | measured | holds |", "|---|---|---|"]
        md += [f"| {t} | {m} | {'yes' if ok else '**no**'} |" for t, m, ok in target_rows]
    extra = [f"- {r['size']}: {r['entries_imported']}; server reported ready in {r['ready_ms']} ms; "
             f"RSS after start-up {r['rss_after_start_kb'] / 1024:.1f} MB; knowledge-base folder "
             f"{r['kb_bytes'] / 2**20:.1f} MB; exceptions logged by the server: {r['logged_exceptions']}"
             for r in results]
    md += ["", *extra]
    text = "\n".join(md) + "\n"
    print(text)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "latest.md"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(args.out, "latest.json"), "w", encoding="utf-8") as f:
        json.dump({"header": header, "commit": commit, "date": f"{started:%Y-%m-%d %H:%M}", "results": results,
                   "targets": [{"target": t, "measured": m, "holds": ok} for t, m, ok in target_rows]}, f, indent=1)
    log(f"written {os.path.join(args.out, 'latest.md')} and latest.json")


if __name__ == "__main__":
    main()
