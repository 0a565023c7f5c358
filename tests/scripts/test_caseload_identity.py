"""Case identity in a caseload (label, worker, team columns) and the split
export `plan --cases FILE --ics-dir DIR --by case|worker|team`.

The expectations come from the caseload written here: which columns each
format must carry, which cases belong to which worker and team, and the
file names (percent-encoded by urllib here, not by timescale)."""

import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
import ics_common as C  # noqa: E402

try:
    import icalendar
except ImportError:
    C.skip("python3-icalendar is not installed")

# Columns in an order of the export's choosing; label/worker/team on the
# first row of a case only, as a case system's join may give them.
CASELOAD = (
    "worker,case_id,label,date,event,team\n"
    "Jo Smith,c1,AB,2026-03-02,referral,North\n"
    ",c1,,2026-03-03,assessment-start,\n"
    "Jo Smith,c2,\"Family, C\",2026-03-05T10:00,icpc,North\n"
    "Sam/Lee,c3,DE,2026-04-21,referral,South\n"
    ",c4,,2026-04-01,referral,\n"            # nobody assigned yet
)
IDENTITY = {"c1": ("AB", "Jo Smith", "North"), "c2": ("Family, C", "Jo Smith", "North"),
            "c3": ("DE", "Sam/Lee", "South"), "c4": ("", "", "")}
MANIFEST = ".timescale-ics-dir"
BASE = ["plan", "--rules", "swindon", "--until", "2026-06-30", "--today", "2026-03-10"]

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what)


def formats(path):
    p = C.run(BASE + ["--cases", path])
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    check(rows and list(rows[0])[:4] == ["case_id", "label", "worker", "team"],
          "csv header: %r" % (list(rows[0])[:5] if rows else None))
    check({r["case_id"] for r in rows} == set(IDENTITY), "csv cases")
    for r in rows:
        check((r["label"], r["worker"], r["team"]) == IDENTITY[r["case_id"]],
              "csv row of %s: %r" % (r["case_id"], r))
    items = json.loads(C.run(BASE + ["--cases", path, "--format", "json"]).stdout)
    check(len(items) == len(rows), "json and csv give the same items")
    for it in items:
        check((it["label"], it["worker"], it["team"]) == IDENTITY[it["case_id"]],
              "json item of %s" % it["case_id"])
    table = C.run(BASE + ["--cases", path, "--format", "table"]).stdout.splitlines()
    check(table[0].split()[:4] == ["case", "label", "worker", "team"], "table header")
    check(any(line.startswith("c2") and "Family, C" in line and "Jo Smith" in line
              for line in table), "table carries the label and worker")
    # Standard input, read once, with the same header.
    with open(path) as f:
        p = subprocess.run([C.CLI] + BASE + ["--cases", "-"], stdin=f, capture_output=True,
                           text=True)
    check(p.returncode == 0 and list(csv.DictReader(io.StringIO(p.stdout))) == rows,
          "stdin gives what the file gives: " + p.stderr)
    # Without a header, three columns and none of the new ones.
    plain = os.path.join(os.path.dirname(path), "plain.csv")
    with open(plain, "w") as f:
        f.write("c1,referral,2026-03-02\n")
    header = C.run(BASE + ["--cases", plain]).stdout.splitlines()[0]
    check(header.startswith("case_id,rule,"), "plain caseload header: " + header)


def errors(tmp):
    bad = [
        ("case_id,event,date,workr\nSECRET1,referral,2026-03-02,x\n", ":1: column 4 'workr'"),
        ("case_id,event,date,worker\nSECRET1,referral,2026-03-02,x\n"
         "SECRET1,assessment-start,2026-03-03,y\n", ":3: the worker differs from the one on "
         "line 2"),
        ("case_id,event,date,team\nSECRET1,referral,2026-03-02\n", ":2: expected 4 fields"),
        ("case_id,event,event\nSECRET1,referral,2026-03-02\n", ":1: column 'event' is named "
         "twice"),
        ("case_id,date,team\nSECRET1,2026-03-02,x\n", ":1: the header has no 'event' column"),
        ("SECRET2,referral,2026-03-02\nSECRET1,referral,2026-03-02\n",
         ":2: this case id sorts before the one on line 1"),
    ]
    for i, (text, want) in enumerate(bad):
        path = os.path.join(tmp, "bad%d.csv" % i)
        with open(path, "w") as f:
            f.write(text)
        p = C.run(BASE + ["--cases", path], check=False)
        check(p.returncode == 2 and not p.stdout, "bad%d: exit 2, no output" % i)
        check(path + want in p.stderr, "bad%d: %r lacks %r" % (i, p.stderr, want))
        check("SECRET" not in p.stderr and "x" not in p.stderr.split(want)[-1],
              "bad%d: the message names the case: %r" % (i, p.stderr))


def read_uids(path):
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    uids = set()
    for c in cal.walk():
        if c.name not in ("VEVENT", "VTODO"):
            continue
        uid, summary = str(c["UID"]), str(c["SUMMARY"])
        case = uid.split(".")[0]
        # Every SUMMARY starts with the case's label, or its id when it has none.
        want = (IDENTITY[case][0] or case) + ": "
        check(summary.startswith(want), "%s: SUMMARY %r, want it to start %r" % (
            os.path.basename(path), summary, want))
        uids.add(uid)
    return uids


def ics_files(directory):
    return [n for n in os.listdir(directory) if n != MANIFEST]


def contents(directory):
    return {n: open(os.path.join(directory, n), "rb").read() for n in os.listdir(directory)}


def statuses(path):
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    return {str(c["UID"]): str(c.get("STATUS", "")) for c in cal.walk("VEVENT")}


def retired(tmp, path):
    """A worker who leaves the caseload: their file's items are cancelled
    once, then the file is left alone; files the tool did not write are
    never touched; a forged manifest is refused."""
    out = os.path.join(tmp, "retired")
    os.mkdir(out)
    foreign = {"notes.ics": b"not ours\n", "Jo%20Smith.txt": b"also not ours\n"}
    for name, data in foreign.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    run = BASE + ["--ics-dir", out, "--by", "worker", "--cases"]
    C.run(run + [path])
    manifest = os.path.join(out, MANIFEST)
    check(os.stat(manifest).st_mode & 0o777 == 0o600, "the manifest is not mode 0600")
    sam = os.path.join(out, "Sam%2FLee.ics")
    before = statuses(sam)
    check(before and "CANCELLED" not in before.values(), "Sam/Lee's items are live")
    without = os.path.join(tmp, "without-sam.csv")
    with open(without, "w") as f:
        f.write("".join(ln for ln in CASELOAD.splitlines(True) if "Sam/Lee" not in ln))
    jo = open(os.path.join(out, "Jo%20Smith.ics"), "rb").read()
    p = C.run(run + [without])
    check("cancelled the items of 1 " in p.stderr, "no word of the cancelled file: %r" % p.stderr)
    after = statuses(sam)
    check(set(after) == set(before) and set(after.values()) == {"CANCELLED"},
          "Sam/Lee's file after they left: %r" % after)
    check(open(os.path.join(out, "Jo%20Smith.ics"), "rb").read() == jo, "Jo's file changed")
    snapshot = contents(out)
    for name, data in foreign.items():
        check(snapshot.get(name) == data, "%s, not written by the tool, was touched" % name)
    C.run(run + [without], env_extra={"SOURCE_DATE_EPOCH": "1800000000"})
    check(contents(out) == snapshot, "a cancelled file is rewritten on the next run")
    # Back in the caseload: the same UIDs live again.
    C.run(run + [path])
    check(set(statuses(sam).values()) - {"CANCELLED"} and set(statuses(sam)) == set(before),
          "Sam/Lee's items after they came back: %r" % statuses(sam))
    # Removed by hand: forgotten, not recreated.
    C.run(run + [without])
    os.remove(sam)
    C.run(run + [without])
    check(not os.path.exists(sam) and "Sam%2FLee" not in open(manifest).read(),
          "a removed cancelled file is recreated or still listed")
    # A manifest naming a file outside what the tool writes is refused.
    with open(manifest) as f:
        header = f.readline()
    for line, col in (("written worker ../caseload.csv\n", 16),
                      ("written worker notes.txt\n", 16),
                      ("cancelled nobody x.ics\n", 11),
                      ("removed worker x.ics\n", 1)):
        with open(manifest, "w") as f:
            f.write(header + line)
        snapshot = contents(out)
        p = C.run(run + [without], check=False)
        want = "%s:2:%d:" % (manifest, col)
        check(p.returncode == 2 and want in p.stderr, "manifest line %r: %r, want %r" % (
            line, p.stderr, want))
        check(contents(out) == snapshot, "a refused manifest changed the directory")


def split(tmp, path):
    per = {}
    for by in ("case", "worker", "team"):
        out = os.path.join(tmp, by)
        os.mkdir(out)
        C.run(BASE + ["--cases", path, "--ics-dir", out, "--by", by])
        per[by] = {name: read_uids(os.path.join(out, name)) for name in ics_files(out)}
    cases = per["case"]
    check(set(cases) == {c + ".ics" for c in IDENTITY}, "one file per case: %r" % sorted(cases))
    for by, index in (("worker", 1), ("team", 2)):
        groups = {}
        for case_id, ident in IDENTITY.items():
            if ident[index]:
                groups.setdefault(ident[index], set()).update(cases[case_id + ".ics"])
        want = {urllib.parse.quote(name, safe="-_") + ".ics": uids
                for name, uids in groups.items()}
        check(set(per[by]) == set(want), "%s files: %r, want %r" % (by, sorted(per[by]),
                                                                   sorted(want)))
        for name, uids in want.items():
            check(per[by].get(name) == uids, "%s file %s holds its cases' items" % (by, name))
    # Again over the same directory: each file is read as the previous
    # export, so nothing changed means the very same bytes.
    out = os.path.join(tmp, "worker")
    before = {n: open(os.path.join(out, n), "rb").read() for n in ics_files(out)}
    C.run(BASE + ["--cases", path, "--ics-dir", out, "--by", "worker"],
          env_extra={"SOURCE_DATE_EPOCH": "1800000000"})
    after = {n: open(os.path.join(out, n), "rb").read() for n in ics_files(out)}
    check(before == after, "a second export of an unchanged caseload changes the files")
    p = C.run(BASE + ["--cases", path, "--ics-dir", os.path.join(tmp, "none")], check=False)
    check(p.returncode == 2 and "not a directory" in p.stderr, "a missing --ics-dir")
    p = C.run(BASE + ["--event", "referral=2026-03-02", "--ics-dir", tmp], check=False)
    check(p.returncode == 2 and "--cases" in p.stderr, "--ics-dir without --cases")


def main():
    if not C.CLI:
        C.skip("TSC_CLI is not set")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "caseload.csv")
        with open(path, "w") as f:
            f.write(CASELOAD)
        formats(path)
        errors(tmp)
        split(tmp, path)
        retired(tmp, path)
    if failures:
        print("%d failure(s)" % len(failures))
        sys.exit(1)
    print("ok")


main()
