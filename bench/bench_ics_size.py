#!/usr/bin/env python3
"""Bytes of the README's main case as an .ics file (issue 13.4), where they
go, and the size as a ratio to a baseline build's file.

    python3 bench/bench_ics_size.py --cli build/cli/timescale \\
        [--baseline OTHER/cli/timescale] [--no-reminder-events]

The case is the README's "Set up" command (Swindon, referral, strategy
discussion, s47 start and ICPC, --until 2026-06-30, case 123, --ics) with
DTSTAMP fixed, so the size is deterministic: one run is the figure. Printed:
total bytes, bytes per component and property (unfolded, with its CRLF),
what line folding adds, the item DESCRIPTIONs split into quote and the rest,
and the floor: the file with only the properties every item and reminder
must have (UID, DTSTAMP, DTSTART, SUMMARY, RELATED-TO), as it is written
today."""

import argparse
import collections
import subprocess
import sys

CASE = ["plan", "--rules", "swindon", "--event", "referral=2026-03-02",
        "--event", "strategy-discussion=2026-03-04", "--event", "s47-start=2026-03-04",
        "--event", "icpc=2026-03-24", "--until", "2026-06-30", "--case-id", "123",
        "--dtstamp", "2026-01-01T00:00:00Z", "--ics", "-"]
FLOOR = {"BEGIN", "END", "UID", "DTSTAMP", "DTSTART", "SUMMARY", "RELATED-TO"}


def export(cli, extra):
    return subprocess.run([cli] + CASE + extra, check=True, capture_output=True).stdout


def unfolded(data):
    return [ln for ln in data.replace(b"\r\n ", b"").split(b"\r\n") if ln]


def name_of(line):
    return line.split(b":", 1)[0].split(b";", 1)[0].decode()


def breakdown(data):
    """Bytes per (component, property), unfolded, CRLF included."""
    by, stack = collections.Counter(), []
    for ln in unfolded(data):
        name = name_of(ln)
        if name == "BEGIN":
            stack.append(ln.split(b":", 1)[1].decode())
        by[(stack[-1] if stack else "-", name)] += len(ln) + 2
        if name == "END" and stack:
            stack.pop()
    return by


def floor_bytes(data):
    """The file's bytes with only FLOOR's properties, outside any VALARM."""
    total, in_alarm = 0, False
    for raw in data.split(b"\r\n"):
        if not raw:
            continue
        if raw.startswith(b" "):
            total += keep * (len(raw) + 2)
            continue
        name = name_of(raw)
        if raw == b"BEGIN:VALARM":
            in_alarm = True
        keep = not in_alarm and (name in FLOOR or raw.startswith(b"BEGIN:VCAL")
                                 or raw.startswith(b"END:VCAL"))
        if raw == b"END:VALARM":
            in_alarm = False
        total += keep * (len(raw) + 2)
    return total


def descriptions(data):
    """Quote bytes and other bytes of the items' DESCRIPTIONs."""
    quote = rest = 0
    in_alarm = False
    for ln in unfolded(data):
        in_alarm = (in_alarm or ln == b"BEGIN:VALARM") and ln != b"END:VALARM"
        if in_alarm or not ln.startswith(b"DESCRIPTION:"):
            continue
        text = ln[len(b"DESCRIPTION:"):]
        if b"Rule " not in text:      # a reminder event's, not an item's
            continue
        if text.startswith("\u201c".encode()):
            q = text.split(b"\\n", 1)[0]
            quote += len(q)
            rest += len(text) - len(q)
        else:
            rest += len(text)
    return quote, rest


def report(label, data):
    by = breakdown(data)
    folds = data.count(b"\r\n ")
    quote, rest = descriptions(data)
    events = data.count(b"BEGIN:VEVENT\r\n")
    print("%s: %d bytes, %d VEVENTs, %d VALARMs, %d VTIMEZONEs" % (
        label, len(data), events, data.count(b"BEGIN:VALARM\r\n"),
        data.count(b"BEGIN:VTIMEZONE\r\n")))
    print("  folding adds %d bytes (%d continuation lines)" % (3 * folds, folds))
    print("  item DESCRIPTIONs: quotes %d bytes, the rest %d" % (quote, rest))
    print("  floor (UID, DTSTAMP, DTSTART, SUMMARY, RELATED-TO only): %d bytes"
          % floor_bytes(data))
    for (comp, prop), n in sorted(by.items(), key=lambda kv: -kv[1])[:14]:
        print("  %7d  %5.1f%%  %s %s" % (n, 100.0 * n / len(data), comp, prop))
    return len(data)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cli", required=True)
    ap.add_argument("--baseline", help="another build's timescale, for the ratio")
    ap.add_argument("--no-reminder-events", action="store_true")
    a = ap.parse_args()
    extra = ["--no-reminder-events"] if a.no_reminder_events else []
    size = report(a.cli, export(a.cli, extra))
    if a.baseline:
        base = report(a.baseline, export(a.baseline, extra))
        print("size: %d bytes, %.3fx the baseline's %d (target 25 KB: %s)" % (
            size, size / base, base, "met" if size <= 25000 else "not met"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
