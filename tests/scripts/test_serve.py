"""`timescale serve`, the real server on a loopback port, fetched with curl
and read by libical (through ctypes), python3-icalendar and ical.js.

What each feed must hold comes from the caseload written here (which
cases each worker and team has); HTTP behaviour from RFC 9110/9111
(ETag, If-None-Match -> 304, HEAD, Last-Modified).  The server is always
stopped at the end, also on failure."""

import ctypes
import ctypes.util
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
import ics_common as C  # noqa: E402
import serve_common as S  # noqa: E402

try:
    import icalendar
except ImportError:
    C.skip("python3-icalendar is not installed")

NODE_DIR = os.path.join(C.TEST_DIR, "node")
WORKERS = {"Jo Smith": ["c1", "c2"], "Sam O'Neil": ["c3"], "Lee <x>": ["c4"]}
TEAMS = {"North": ["c1", "c2", "c3"], "South": ["c4"]}
LABELS = {"c1": "AB", "c2": "Family C", "c3": "DE", "c4": "FG"}
EVENTS = {"c1": [("referral", "2026-03-02"), ("assessment-start", "2026-03-03")],
          "c2": [("icpc", "2026-03-05T10:00")], "c3": [("referral", "2026-03-20")],
          "c4": [("referral", "2026-04-01")]}
SECRETS = list(WORKERS) + list(TEAMS) + list(LABELS.values()) + list(LABELS)

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what)
    return cond


def caseload(events=EVENTS, workers=WORKERS):
    worker_of = {c: w for w, cs in workers.items() for c in cs}
    team_of = {c: t for t, cs in TEAMS.items() for c in cs}
    lines = ["case_id,event,date,label,worker,team"]
    for case in sorted(events):
        for event, when in events[case]:
            lines.append('%s,%s,%s,%s,"%s",%s' % (case, event, when, LABELS[case],
                                                  worker_of[case], team_of[case]))
    return "\n".join(lines) + "\n"


def curl(url, *extra):
    """(status, headers dict with lower-case names, body bytes) from curl."""
    p = subprocess.run(["curl", "-s", "-S", "--max-time", "20", "--path-as-is", "-D", "-",
                        "-o", "-"] + list(extra) + [url], capture_output=True)
    assert p.returncode == 0, "curl %s: %s" % (url, p.stderr)
    head, _, body = p.stdout.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return status, headers, body


# ---- the three readers ----

def read_libical(text):
    lib = ctypes.CDLL(ctypes.util.find_library("ical"))
    lib.icalparser_parse_string.restype = ctypes.c_void_p
    lib.icalparser_parse_string.argtypes = [ctypes.c_char_p]
    lib.icalcomponent_string_to_kind.argtypes = [ctypes.c_char_p]
    for name in ("icalcomponent_count_errors", "icalcomponent_free",
                 "icalcomponent_get_first_component", "icalcomponent_get_next_component",
                 "icalcomponent_get_uid"):
        getattr(lib, name).argtypes = [ctypes.c_void_p] + (
            [ctypes.c_int] if "component" in name.split("_", 1)[1] and "get" in name else [])
    lib.icalcomponent_get_first_component.restype = ctypes.c_void_p
    lib.icalcomponent_get_next_component.restype = ctypes.c_void_p
    lib.icalcomponent_get_uid.restype = ctypes.c_char_p
    root = lib.icalparser_parse_string(text)
    assert root, "libical could not parse the feed"
    try:
        errors = lib.icalcomponent_count_errors(root)
        uids = []
        for kind in (b"VEVENT", b"VTODO"):
            k = lib.icalcomponent_string_to_kind(kind)
            c = lib.icalcomponent_get_first_component(root, k)
            while c:
                uids.append(lib.icalcomponent_get_uid(c).decode())
                c = lib.icalcomponent_get_next_component(root, k)
        return errors, uids
    finally:
        lib.icalcomponent_free(root)


def read_python(text):
    cal = icalendar.Calendar.from_ical(text)
    return [(str(c["UID"]), str(c["SUMMARY"])) for c in cal.walk()
            if c.name in ("VEVENT", "VTODO")]


def read_icaljs(paths):
    node = shutil.which("node")
    if not node or not os.path.isdir(os.path.join(NODE_DIR, "node_modules", "ical.js")):
        print("note: ical.js not installed, not read with it")
        return None
    args = []
    for p in paths:
        args += [p, "Europe/London"]
    p = subprocess.run([node, os.path.join(NODE_DIR, "read_ics.mjs")] + args,
                       capture_output=True, text=True, env=dict(os.environ, TZ="Europe/London"))
    assert p.returncode == 0, "ical.js: " + p.stderr
    return {r["path"]: [c["uid"] for c in r["comps"]] for r in json.loads(p.stdout)}


def normalised(body):
    """The feed without its DTSTAMP lines (they say when the content last changed)."""
    return re.sub(rb"\r\nDTSTAMP:[0-9TZ]+", b"", body)


# ---- the checks ----

def read_state(path):
    tokens = {}
    with open(path) as f:
        for line in f:
            if line.startswith("#"):
                continue
            kind, token, name = line.rstrip("\n").split(" ", 2)
            tokens[(kind, name)] = token
    return tokens


def feeds_and_readers(base, tokens, tmp):
    want = {("worker", w): cs for w, cs in WORKERS.items()}
    want.update({("team", t): cs for t, cs in TEAMS.items()})
    check(set(k for k in tokens if k[0] != "admin") == set(want),
          "one token per worker and team: %r" % sorted(tokens))
    paths = {}
    for key, cases in want.items():
        token = tokens[key]
        check(re.fullmatch(r"[0-9a-f]{40}", token) is not None, "a 160-bit hex token")
        status, h, body = curl("%s/feeds/%s.ics" % (base, token))
        where = "%s feed %s" % key
        if not check(status == 200, "%s: status %d" % (where, status)):
            continue
        check(h.get("content-type", "").startswith("text/calendar"), where + ": content type")
        check(h.get("cache-control") == "private", where + ": Cache-Control")
        check(int(h.get("content-length", -1)) == len(body), where + ": Content-Length")
        errors, uids = read_libical(body)
        check(errors == 0, "%s: libical finds %d errors" % (where, errors))
        items = read_python(body)
        check(sorted(u for u, _ in items) == sorted(uids), where + ": libical and python agree")
        for uid, summary in items:
            check(summary.startswith(LABELS[uid.split(".")[0]] + ": "),
                  "%s: SUMMARY %r starts with its case's label" % (where, summary))
        check({u.split(".")[0] for u in uids} == set(cases),
              "%s: cases %r, want %r" % (where, sorted({u.split(".")[0] for u in uids}), cases))
        path = os.path.join(tmp, "%s-%d.ics" % (key[0], len(paths)))
        with open(path, "wb") as f:
            f.write(body)
        paths[path] = sorted(uids)
        # HEAD: the same headers, no body.
        s2, h2, _ = curl("%s/feeds/%s.ics" % (base, token), "-I")
        check(s2 == 200 and h2.get("etag") == h.get("etag") and
              h2.get("content-length") == h.get("content-length"), where + ": HEAD headers")
        port = int(base.rsplit(":", 1)[1])
        reply = raw_request(port, b"HEAD /feeds/%s.ics HTTP/1.1\r\nHost: x\r\n"
                            b"Connection: close\r\n\r\n" % token.encode())
        check(reply.startswith(b"HTTP/1.1 200") and reply.endswith(b"\r\n\r\n"),
              where + ": HEAD sends no body")
        # If-None-Match with the ETag: 304, nothing sent; another tag: 200.
        s3, h3, b3 = curl("%s/feeds/%s.ics" % (base, token), "-H",
                          "If-None-Match: " + h["etag"])
        check(s3 == 304 and not b3 and h3.get("etag") == h["etag"] and
              h3.get("cache-control") == "private", where + ": 304 for its ETag")
        s4, _, _ = curl("%s/feeds/%s.ics" % (base, token), "-H",
                        'If-None-Match: "0000000000000000", ' + h["etag"])
        check(s4 == 304, where + ": 304 for a list holding its ETag")
        s5, _, _ = curl("%s/feeds/%s.ics" % (base, token), "-H", 'If-None-Match: "x"')
        check(s5 == 200, where + ": 200 for another ETag")
        check(re.fullmatch(r"[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT",
                           h.get("last-modified", "")) is not None, where + ": Last-Modified")
    read = read_icaljs(list(paths))
    for path, uids in paths.items():
        if read is not None:
            check(sorted(read[path]) == uids, "ical.js reads %s like libical" % path)


def not_found_everywhere(base, tokens):
    token = tokens[("worker", "Jo Smith")]
    admin = tokens[("admin", "")]
    _, _, want = curl(base + "/nothing")
    other = "%040x" % random.getrandbits(160)
    flipped = token[:-1] + ("0" if token[-1] != "0" else "1")
    paths = ["/", "/feeds/", "/feeds/%s.ics" % other, "/feeds/%s.ics" % flipped,
             "/feeds/%s.ics" % token.upper(), "/feeds/%s" % token, "/feeds/%s.ics/" % token,
             "/feeds/../feeds/%s.ics" % token, "/feeds/%2e%2e/%2e%2e/etc/passwd",
             "/feeds/..%2f..%2fstate", "/feeds/%s.ics%%00" % token, "/admin/" + token,
             "/admin/%s/../feeds/%s.ics" % (admin, token), "/admin/" + flipped,
             "/feeds/%s.ics/../../admin/%s" % (token, admin), "//feeds/%s.ics" % token]
    for path in paths:
        status, h, body = curl(base + path)
        check(status == 404 and body == want and h.get("cache-control") == "private",
              "%s: %d %r, want the same 404 as any path" % (path, status, body[:40]))
    status, _, body = curl("%s/feeds/%s.ics" % (base, token), "-X", "POST", "-d", "x=1")
    check(status == 404 and body == want, "POST to a feed is 404")


def admin_index(base, tokens, public):
    status, h, body = curl("%s/admin/%s" % (base, tokens[("admin", "")]))
    check(status == 200 and h.get("content-type", "").startswith("text/html"), "admin index")
    check(h.get("cache-control") == "private" and h.get("referrer-policy") == "no-referrer",
          "admin headers")
    html = body.decode()
    host = public.split("://", 1)[1]
    for (kind, name), token in tokens.items():
        if kind == "admin":
            check(token not in html, "the index does not show its own token")
            continue
        check("webcal://%s/feeds/%s.ics" % (host, token) in html and
              "%s/feeds/%s.ics" % (public, token) in html, "index lists %s %s" % (kind, name))
    check("Lee &lt;x&gt;" in html and "<x>" not in html, "names are escaped in the index")


def raw_request(port, data, timeout=20):
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        try:
            while True:
                b = s.recv(65536)
                if not b:
                    break
                chunks.append(b)
        except (ConnectionResetError, socket.timeout):
            pass
        return b"".join(chunks)


def hostile_clients(base, port, tokens):
    token = tokens[("worker", "Jo Smith")]
    # Oversized headers: refused (431, or the connection closed), never served.
    big = b"GET /feeds/%s.ics HTTP/1.1\r\nHost: x\r\nX-Big: %s\r\n\r\n" % (
        token.encode(), b"a" * 100000)
    reply = raw_request(port, big)
    check(reply == b"" or reply.startswith(b"HTTP/1.1 431"),
          "oversized headers are refused: %r" % reply[:60])
    # Slow clients: half a request each, then nothing.  The server (with
    # --timeout 2) closes them, and serves others meanwhile.
    slow = []
    for _ in range(20):
        s = socket.create_connection(("127.0.0.1", port), timeout=30)
        s.sendall(b"GET /feeds/")
        slow.append(s)
    status, _, _ = curl("%s/feeds/%s.ics" % (base, token))
    check(status == 200, "served while 20 slow clients wait")
    closed = 0
    for s in slow:
        try:
            closed += s.recv(100) == b""
        except ConnectionResetError:
            closed += 1
        except socket.timeout:
            pass
        s.close()
    check(closed == len(slow), "the server closed %d of %d slow clients" % (closed, len(slow)))
    status, _, _ = curl("%s/feeds/%s.ics" % (base, token))
    check(status == 200, "still serving after hostile clients")


def fetch(port, token, etag=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request("GET", "/feeds/%s.ics" % token,
                     headers={"If-None-Match": etag} if etag else {})
        r = conn.getresponse()
        return r.status, r.getheader("ETag"), r.read()
    finally:
        conn.close()


def kept_alive(port, tokens):
    """A poller's requests share one connection: 200, then 304 and a 404 on
    the same socket, none of them closing it."""
    token = tokens[("worker", "Jo Smith")]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        statuses = []
        for path, headers in (("/feeds/%s.ics" % token, {}), ("/feeds/%s.ics" % token, None),
                              ("/nothing", {})):
            if headers is None:
                headers = {"If-None-Match": etag}
            conn.request("GET", path, headers=headers)
            if not statuses:
                sock = conn.sock
            r = conn.getresponse()
            etag = r.getheader("ETag")
            r.read()
            statuses.append(r.status)
            check(not r.will_close and r.getheader("Connection") != "close" and
                  conn.sock is sock, "%s: the connection is closed after a %d" % (path, r.status))
        check(statuses == [200, 304, 404], "one connection: %r" % statuses)
    finally:
        conn.close()


def wait_for_etag(port, token, old, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, etag, body = fetch(port, token)
        if etag != old:
            return status, etag, body
        time.sleep(0.05)
    return None, old, None


def replacement(server, tmp, tokens):
    """A caseload replaced (atomically) again and again while clients fetch:
    every response is the whole of one version, never a mix."""
    path = os.path.join(tmp, "caseload.csv")
    port = server.port
    token = tokens[("team", "North")]
    _, etag_a, body_a = fetch(port, token)
    b_events = dict(EVENTS, c3=EVENTS["c3"] + [("assessment-start", "2026-03-23")])
    text_a, text_b = caseload(), caseload(b_events)
    S.replace_atomically(path, text_b)
    status, etag_b, body_b = wait_for_etag(port, token, etag_a)
    if not check(status == 200 and etag_b != etag_a, "the server picks up a new caseload"):
        return
    versions = {etag_a: normalised(body_a), etag_b: normalised(body_b)}
    check(versions[etag_a] != versions[etag_b], "the two caseloads give different feeds")
    # Back to A: the same content has the same ETag as before.
    S.replace_atomically(path, text_a)
    _, etag, body = wait_for_etag(port, token, etag_b)
    check(etag == etag_a and normalised(body) == versions[etag_a], "A again gives A's ETag")
    stop = threading.Event()

    def flip():
        # Dwell times from 10 ms to 1.5 s: replacements land at every
        # moment of the server's reading and of the clients' fetches.
        texts = [text_b, text_a]
        rng = random.Random(7)
        i = 0
        while not stop.is_set():
            S.replace_atomically(path, texts[i % 2])
            i += 1
            time.sleep(rng.choice([0.01, 0.02, 0.05, 0.3, 1.5]))

    t = threading.Thread(target=flip)
    t.start()
    seen = {etag_a: 0, etag_b: 0}
    try:
        # Until both versions were served often (bounded: 30 s, 20,000 fetches).
        started = time.monotonic()
        n = 0
        while time.monotonic() < started + 30 and n < 20000 and not (
                time.monotonic() > started + 4 and min(seen.values()) >= 50):
            status, etag, body = fetch(port, token)
            n += 1
            ok = status == 200 and etag in versions and normalised(body) == versions[etag]
            if not check(ok, "response %d is exactly one caseload's feed" % n):
                break
            seen[etag] += 1
    finally:
        stop.set()
        t.join()
    check(seen[etag_a] and seen[etag_b], "both versions were served: %r" % seen)
    # A bad file: rejected with a log line, the last good one keeps serving.
    S.replace_atomically(path, text_a)
    wait_for_etag(port, token, etag_b if seen else None, seconds=5)
    time.sleep(1.5)
    _, etag_good, _ = fetch(port, token)
    mark = len(server.text())
    S.replace_atomically(path, text_a + "c9,no-such-event,2026-03-02,X,Jo Smith,North\n")
    check(server.wait_for_log("rejected", mark), "a bad caseload is logged")
    status, etag, body = fetch(port, token)
    check(status == 200 and etag == etag_good, "the last good caseload keeps serving")
    S.replace_atomically(path, text_a)


def rotation(server, state, base):
    tokens = read_state(state)
    old = tokens[("worker", "Sam O'Neil")]
    p = C.run(["serve", "--state", state, "--rotate", "worker:Sam O'Neil"])
    check(stat.S_IMODE(os.stat(state).st_mode) == 0o600, "the state file stays 0600")
    new = read_state(state)[("worker", "Sam O'Neil")]
    check(new != old and re.fullmatch(r"[0-9a-f]{40}", new), "--rotate makes a new token")
    check(old not in p.stderr + p.stdout and new not in p.stderr, "rotate prints no token")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and curl("%s/feeds/%s.ics" % (base, old))[0] != 404:
        time.sleep(0.1)
    check(curl("%s/feeds/%s.ics" % (base, old))[0] == 404, "the old token is 404")
    check(curl("%s/feeds/%s.ics" % (base, new))[0] == 200, "the new token serves")
    others = {k: v for k, v in read_state(state).items() if k[1] != "Sam O'Neil"}
    check(all(tokens[k] == v for k, v in others.items()), "other tokens are unchanged")
    p = C.run(["serve", "--state", state, "--rotate", "worker:nobody"], check=False)
    check(p.returncode == 2 and "no such feed" in p.stderr, "rotating an unknown feed")


def tls(tmp, cases, state):
    if not shutil.which("openssl"):
        print("note: openssl not installed, --tls-cert not tried")
        return
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "2", "-subj", "/CN=localhost", "-addext",
                    "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    with S.Server(C.CLI, ["--rules", "swindon", "--cases", cases, "--state", state,
                          "--today", "2026-03-10", "--tls-cert", cert, "--tls-key", key],
                  os.path.join(tmp, "tls.log")) as server:
        token = read_state(state)[("team", "South")]
        status, h, body = curl("https://127.0.0.1:%d/feeds/%s.ics" % (server.port, token),
                               "--cacert", cert)
        check(status == 200 and read_libical(body)[0] == 0, "a feed over HTTPS")
    check(server.returncode == 0, "the TLS server stops cleanly")


def main():
    if not C.CLI:
        C.skip("TSC_CLI is not set")
    if not shutil.which("curl"):
        C.skip("curl is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        cases = os.path.join(tmp, "caseload.csv")
        state = os.path.join(tmp, "state")
        with open(cases, "w") as f:
            f.write(caseload())
        public = "https://calendars.example.test"
        log = os.path.join(tmp, "serve.log")
        with S.Server(C.CLI, ["--rules", "swindon", "--cases", cases, "--state", state,
                              "--today", "2026-03-10", "--timeout", "2", "--public-url",
                              public], log) as server:
            base = "http://127.0.0.1:%d" % server.port
            check(stat.S_IMODE(os.stat(state).st_mode) == 0o600, "state file mode 0600")
            tokens = read_state(state)
            feeds_and_readers(base, tokens, tmp)
            not_found_everywhere(base, tokens)
            admin_index(base, tokens, public)
            hostile_clients(base, server.port, tokens)
            kept_alive(server.port, tokens)
            replacement(server, tmp, tokens)
            rotation(server, state, base)
            mark = len(server.text())
            server.signal(signal.SIGHUP)
            check(server.wait_for_log("loaded (SIGHUP)", mark), "SIGHUP reloads")
        text = server.text()
        check(server.returncode == 0 and text.rstrip().endswith("stopped"),
              "SIGTERM stops cleanly (%r)" % server.returncode)
        all_tokens = set(read_state(state).values()) | set(tokens.values())
        check(not any(t in text for t in all_tokens), "the log holds no token")
        # The log names the caseload's path, whose random temporary name may
        # hold a short case id such as "c1" by chance.
        unpathed = text.replace(tmp, "<tmp>")
        check(not any(s in unpathed for s in SECRETS), "the log holds no case data or names")
        check(text.count(" 404 ") >= 10, "the log records the 404s")
        tls(tmp, cases, state)
        # A state file others may read is refused.
        os.chmod(state, 0o644)
        p = C.run(["serve", "--rules", "swindon", "--cases", cases, "--state", state,
                   "--port", "0"], check=False)
        check(p.returncode == 2 and "chmod 600" in p.stderr, "a readable state file")
    if failures:
        print("%d failure(s)" % len(failures))
        sys.exit(1)
    print("ok")


main()
