"""bench_serve.py -- `timescale serve` under load: 64 concurrent clients
polling 1,000 worker feeds of 20 cases each, cold (whole bodies) and with
ETags (If-None-Match -> 304), measured with wrk on loopback only.

Bounded: each wrk run lasts --duration seconds (default 10), and the
server is stopped at the end, also on failure.  The baseline, timed in the
same run, is the server answering a 404 (no feed lookup, no body): the
feed figures are given as a ratio to it.  Memory: the server's RSS after
loading and after each run (flat = no growth with the requests served).

    /usr/bin/python3 bench/bench_serve.py --cli build-bench/cli/timescale \
        [--baseline-cli OTHER/cli/timescale]

With --baseline-cli, a second server (another build) serves the same
caseload and the two are measured alternately, script by script, so each
ratio between them compares runs under the same load.
"""

import argparse
import http.client
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "scripts"))
import serve_common as S  # noqa: E402


def caseload(path, workers, per_worker):
    rng = random.Random(13)
    with open(path, "w") as f:
        f.write("case_id,event,date,label,worker,team\n")
        n = 0
        for w in range(workers):
            for _ in range(per_worker):
                day = 1 + rng.randrange(28)
                month = 1 + rng.randrange(12)
                ident = "c%06d,%%s,2026-%02d-%02d,L%06d,w%04d,t%02d" % (n, month, day, n, w,
                                                                      w // 20)
                f.write(ident % "referral" + "\n")
                if n % 2:
                    f.write((ident % "assessment-start").replace("-%02d,L" % day,
                                                                 "-%02d,L" % min(day + 1, 28))
                            + "\n")
                n += 1


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        fields = dict(line.split(":", 1) for line in f)
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def worker_tokens(state):
    tokens = []
    with open(state) as f:
        for line in f:
            parts = line.rstrip("\n").split(" ", 2)
            if parts[0] == "worker":
                tokens.append(parts[1])
    return tokens


def etags(port, tokens):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    tags, sizes = [], []
    for t in tokens:
        conn.request("HEAD", "/feeds/%s.ics" % t)
        r = conn.getresponse()
        r.read()
        assert r.status == 200, r.status
        tags.append(r.getheader("ETag"))
        sizes.append(int(r.getheader("Content-Length")))
    conn.close()
    return tags, sizes


def lua_script(path, paths, tags=None):
    with open(path, "w") as f:
        f.write("local paths = {\n")
        for i, p in enumerate(paths):
            tag = ", [[%s]]" % tags[i] if tags else ""
            f.write("  {[[%s]]%s},\n" % (p, tag))
        f.write("}\n"
                "local n = 0\n"
                "request = function()\n"
                "  n = n + 1\n"
                "  local p = paths[(n * 7919) % #paths + 1]\n"
                "  if p[2] then\n"
                "    return wrk.format('GET', p[1], {['If-None-Match'] = p[2]})\n"
                "  end\n"
                "  return wrk.format('GET', p[1])\n"
                "end\n")


def parse_ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    value = float(m.group(1))
    return value / 1000 if m.group(2) == "us" else value * 1000 if m.group(2) == "s" else value


def wrk(port, script, connections, duration):
    p = subprocess.run(["wrk", "-t2", "-c%d" % connections, "-d%ds" % duration,
                        "--timeout", "10s", "--latency", "-s", script,
                        "http://127.0.0.1:%d/" % port], capture_output=True, text=True,
                       timeout=duration + 60)
    assert p.returncode == 0, p.stderr
    out = p.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = parse_ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = parse_ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    errors = re.search(r"Socket errors: (.*)", out)
    return rps, p50, p99, errors.group(1) if errors else ""


class BenchServer(S.Server):
    """Loading 20,000 cases takes about a minute on a loaded machine."""

    def _wait_for_port(self, seconds=600):
        return super()._wait_for_port(seconds)


class Target:
    """One server under test: started, its feeds' ETags read, its scripts."""

    def __init__(self, label, cli, cases, tmp, threads):
        self.label, self.dir = label, os.path.join(tmp, label)
        os.mkdir(self.dir)
        state = os.path.join(self.dir, "state")
        start = time.monotonic()
        self.server = BenchServer(os.path.abspath(cli),
                                  ["--rules", "swindon", "--cases", cases, "--state", state,
                                   "--today", "2026-06-01", "--threads", str(threads)],
                                  os.path.join(self.dir, "serve.log")).__enter__()
        self.load_s = time.monotonic() - start
        self.pid = self.server.proc.pid
        self.tokens = worker_tokens(state)
        self.tags, self.sizes = etags(self.server.port, self.tokens)
        paths = ["/feeds/%s.ics" % t for t in self.tokens]
        self.scripts = {name: os.path.join(self.dir, name + ".lua") for name in
                        ("baseline-404", "cold", "etag")}
        lua_script(self.scripts["baseline-404"], ["/nothing"])
        lua_script(self.scripts["cold"], paths)
        lua_script(self.scripts["etag"], paths, self.tags)
        self.results = {name: [] for name in self.scripts}

    def stop(self):
        self.server.stop()
        self.server.__exit__(None, None, None)


def table(t, args):
    base = statistics.median(r[0] for r in t.results["baseline-404"])
    print("\n%s: median of %d runs, %d connections, %d s each:" % (
        t.label, args.runs, args.connections, args.duration))
    print("| requests | req/s | vs 404 baseline | p50 ms | p99 ms | RSS after (KiB) | load |")
    print("|---|---|---|---|---|---|---|")
    for name, rs in t.results.items():
        rps = statistics.median(r[0] for r in rs)
        print("| %s | %.0f | %.2f | %.2f | %.2f | %s | %s |" % (
            name, rps, rps / base, statistics.median(r[1] for r in rs),
            statistics.median(r[2] for r in rs), ", ".join(str(r[4]) for r in rs),
            ", ".join("%.1f" % r[5] for r in rs)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default="build-bench/cli/timescale")
    ap.add_argument("--baseline-cli", help="another build, run alternately on the same feeds")
    ap.add_argument("--workers", type=int, default=1000)
    ap.add_argument("--cases-per-worker", type=int, default=20)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    with tempfile.TemporaryDirectory() as tmp:
        cases = os.path.join(tmp, "caseload.csv")
        caseload(cases, args.workers, args.cases_per_worker)
        targets = []
        try:
            for label, cli in (("this", args.cli), ("baseline", args.baseline_cli)):
                if cli:
                    targets.append(Target(label, cli, cases, tmp, args.threads))
            for t in targets:
                rss0 = rss_kib(t.pid)
                print("%s: %d workers x %d cases; loaded in %.1f s; feeds %.0f KiB median "
                      "(%d..%d bytes); RSS after load %d KiB (peak %d KiB)"
                      % (t.label, args.workers, args.cases_per_worker, t.load_s,
                         statistics.median(t.sizes) / 1024, min(t.sizes), max(t.sizes),
                         rss0[0], rss0[1]))
            for run in range(args.runs):
                for name in targets[0].scripts:
                    for t in targets:
                        r = wrk(t.server.port, t.scripts[name], args.connections,
                                args.duration)
                        rss, load = rss_kib(t.pid), os.getloadavg()[0]
                        t.results[name].append(r + (rss[0], load))
                        print("run %d %-8s %-12s %9.0f req/s  p50 %7.2f ms  p99 %7.2f ms  "
                              "RSS %d KiB  load %.1f %s" % (run + 1, t.label, name, r[0], r[1],
                                                            r[2], rss[0], load, r[3]),
                              flush=True)
        finally:
            for t in targets:
                t.stop()
        for t in targets:
            table(t, args)
        if len(targets) == 2:
            print("\nthis / baseline, median of the per-run ratios (runs alternate):")
            for name in targets[0].scripts:
                pairs = list(zip(targets[0].results[name], targets[1].results[name]))
                print("%-12s req/s %.2fx  p50 %.2fx  p99 %.2fx" % (
                    name, statistics.median(a[0] / b[0] for a, b in pairs),
                    statistics.median(a[1] / b[1] for a, b in pairs),
                    statistics.median(a[2] / b[2] for a, b in pairs)))

if __name__ == "__main__":
    main()
