"""test_cli_output_bytes.py -- `timescale plan --cases` output, byte for byte.

The CLI writes items through a buffer of its own (cli/items.c, issue 15.5).
Here a few hundred random cases per pack (fixed seed; some events with a
time, so hour rules give timed items) are planned through the Python
bindings, and the csv, json and table output is rendered in Python from the
items' fields by the formats' rules (csv: the csv module; json and table:
the escapes and column widths README.md and `timescale plan --help` give),
independently of cli/items.c.  The CLI's bytes must equal them exactly, on
standard output (the caseload checked first) and with --output FILE (planned
once), from a file and from standard input.  Each output is several times
the CLI's 64 KiB buffer, so buffer boundaries fall inside fields.

Runs with the library in $TIMESCALE_LIBRARY, the package from
$TSC_SOURCE_DIR/bindings/python and the CLI in $TSC_CLI; under a library
built with TSC_SANITIZE=ON it reruns itself with ASan preloaded
(python_sanitizers.py).
"""

import csv
import datetime as dt
import io
import os
import random
import subprocess
import sys
import tempfile
import unittest

SOURCE_DIR = os.environ.get("TSC_SOURCE_DIR",
                            os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.join(SOURCE_DIR, "bindings", "python"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from python_sanitizers import rerun_under_sanitizers  # noqa: E402

if __name__ == "__main__":
    rerun_under_sanitizers(__file__)

from timescale import Calendar, Pack, Plan  # noqa: E402
from timescale._lib import lib  # noqa: E402

CLI = os.environ.get("TSC_CLI")
TODAY = "2026-06-01"
COLUMNS = ("rule", "occurrence", "due", "window_start", "status", "projected", "anchor_event",
           "anchor", "done_on", "schedules", "role", "rule_text", "note")
ITEM_TRUNCATED = 512


def random_cases(pack, count, seed):
    """[(case_id, [(event, when), ...]), ...] in ascending case id order."""
    rnd = random.Random(seed)
    events = sorted(pack.events)
    first = dt.date(2025, 6, 1)
    cases = []
    for k in range(count):
        rows = []
        for event in rnd.sample(events, rnd.randint(1, min(6, len(events)))):
            when = (first + dt.timedelta(days=rnd.randrange(540))).isoformat()
            if rnd.random() < 0.2:
                when += "T%02d:%02d" % (rnd.randrange(24), rnd.choice((0, 15, 30, 45)))
            rows.append((event, when))
        cases.append(("c%04d" % k, rows))
    return cases


def warning_of(item, pack):
    """The warning column: a rule's end that counts from an event not recorded."""
    if not item.end_unknown:
        return ""
    end = lib.tsc_pack_rule_end_anchor(pack._h(), item.rule_index).decode()
    return "no end: %s is not recorded" % end


def fields(item, cal):
    """The thirteen columns as text, "" where a column is empty."""
    due = cal.format_time(item.due_time) if item.timed else item.due.isoformat()
    if item.timed and not item.time_not_recorded and item.anchor_time:
        anchor = cal.format_time(item.anchor_time)
    else:
        anchor = item.anchor_date.isoformat()
    note = ""
    if item.time_not_recorded:
        note = "time not recorded" + (": counted from 00:00" if item.timed else "")
    return [item.rule_id, str(item.occurrence), due,
            item.window_start.isoformat() if item.window else "", item.status,
            "projected" if item.projected else "firm", item.anchor_event, anchor,
            item.done_on.isoformat() if item.done else "", item.schedules, item.role,
            item.rule_text, note]


def json_text(s):
    """A JSON string as the CLI escapes it: \\" \\\\ \\n, other controls \\u00XX,
    everything else (UTF-8 included) as it is."""
    out = []
    for c in s:
        if c in '"\\':
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif ord(c) < 0x20:
            out.append("\\u%04x" % ord(c))
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def render_csv(planned):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(("case_id",) + COLUMNS + ("warning",))
    for case_id, item, f, warning in planned:
        w.writerow([case_id] + f + [warning])
    return buf.getvalue()


def render_json(planned):
    out = ["["]
    for n, (case_id, item, f, warning) in enumerate(planned):
        parts = ['"case_id":' + json_text(case_id)]
        for i, name in enumerate(COLUMNS):
            if i == 1:
                value = f[i]
            elif i == 5:
                value = "true" if item.projected else "false"
            elif i in (3, 8, 12) and not f[i]:
                value = "null"
            else:
                value = json_text(f[i])
            parts.append(json_text(name) + ":" + value)
        extra = ""
        if item.time_not_recorded and item.timed:
            extra += ',"anchor_time_assumed":"00:00"'
        if item.flags & ITEM_TRUNCATED:
            extra += ',"truncated":true'
        if warning:
            extra += ',"warning":' + json_text(warning)
        out.append((",\n {" if n else "\n {") + ",".join(parts) + extra + "}")
    out.append("\n]\n" if planned else "]\n")
    return "".join(out)


def render_table(planned, pack):
    width = max([4] + [len(r.id) for r in pack.rules])
    out = ["case      %-*s %4s  %-22s %-10s  %-9s %-9s %s\n"
           % (width, "rule", "occ", "due", "window", "status", "projected", "anchor")]
    for case_id, item, f, warning in planned:
        done, note = f[8], f[12]
        out.append("%-9s %-*s %4s  %-22s %-10s  %-9s %-9s %s %s%s%s%s%s\n"
                   % (case_id, width, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7],
                      " done " if done else "", done, "  " if note else "", note))
        if warning:
            out.append("%*s warning: %s\n" % (width, "", warning))
    return "".join(out)


@unittest.skipIf(not CLI, "TSC_CLI is not set")
class PlanCasesOutputBytes(unittest.TestCase):
    def check_pack(self, name, count, seed):
        with Pack(name) as pack, Calendar(pack.calendar) as cal:
            cases = random_cases(pack, count, seed)
            plan = Plan()
            planned = []
            for case_id, rows in cases:
                events = {}
                for e, w in rows:
                    events.setdefault(e, []).append(w)
                plan.compute(pack, cal, events, today=TODAY)
                planned += [(case_id, item, fields(item, cal), warning_of(item, pack))
                            for item in plan]
            plan.close()
            want = {"csv": render_csv(planned), "json": render_json(planned),
                    "table": render_table(planned, pack)}
        self.assertGreater(len(planned), 1000)
        self.assertTrue(any(item.timed for _, item, _, _ in planned), "no timed item")
        self.assertTrue(any('"' in f[10] or "," in f[11] for _, _, f, _ in planned),
                        "no field that needs quoting in csv")
        text = "case_id,event,date\n" + "".join(
            "%s,%s,%s\n" % (case_id, e, w) for case_id, rows in cases for e, w in rows)
        with tempfile.TemporaryDirectory() as tmp:
            caseload = os.path.join(tmp, "cases.csv")
            with open(caseload, "w", encoding="utf-8") as f:
                f.write(text)
            for fmt, expected in want.items():
                self.assertGreater(len(expected.encode()), 4 * 65536, fmt)
                base = [CLI, "plan", "--rules", name, "--today", TODAY, "--format", fmt]
                out = os.path.join(tmp, "out." + fmt)
                runs = {"stdout": (base + ["--cases", caseload], None),
                        "stdin": (base + ["--cases", "-"], text.encode()),
                        "--output": (base + ["--cases", caseload, "--output", out], None)}
                for how, (args, stdin) in runs.items():
                    run = subprocess.run(args, input=stdin, capture_output=True)
                    self.assertEqual(run.returncode, 0, run.stderr)
                    if how == "--output":
                        self.assertEqual(run.stdout, b"")
                        with open(out, "rb") as f:
                            got = f.read()
                    else:
                        got = run.stdout
                    self.assertEqual(got, expected.encode(), "%s %s %s" % (name, fmt, how))

    def test_swindon(self):
        self.check_pack("swindon", 300, 15005)

    def test_bucks(self):
        self.check_pack("bucks", 300, 15006)

    def test_an_error_leaves_no_output_file(self):
        """With --output, a bad row late in the file still
        leaves no file behind (and standard output gets nothing)."""
        with tempfile.TemporaryDirectory() as tmp:
            caseload = os.path.join(tmp, "cases.csv")
            rows = ["c%04d,referral,2026-03-%02d" % (k, 1 + k % 28) for k in range(2000)]
            rows.append("c9999,referral,2026-02-30")
            with open(caseload, "w") as f:
                f.write("case_id,event,date\n" + "\n".join(rows) + "\n")
            out = os.path.join(tmp, "out.csv")
            for extra in (["--output", out], []):
                run = subprocess.run([CLI, "plan", "--rules", "swindon", "--cases", caseload,
                                      "--today", TODAY, "--format", "csv"] + extra,
                                     capture_output=True)
                self.assertNotEqual(run.returncode, 0)
                self.assertIn(b"cases.csv:2002", run.stderr)
                self.assertEqual(run.stdout, b"")
                self.assertFalse(os.path.exists(out))
                self.assertEqual(os.listdir(tmp), ["cases.csv"])


if __name__ == "__main__":
    unittest.main()
