#!/usr/bin/env python3
"""Bytes of the README's main case as an .ics file (issue 13.4), where they
go, and the size as a ratio to a baseline build's file.

    python3 bench/bench_ics_size.py --cli build/cli/timescale \\
        [--baseline OTHER/cli/timescale] [--no-reminder-events] [--what-if]

The case is the README's "Set up" command (Swindon, referral, strategy
discussion, s47 start and ICPC, --until 2026-06-30, case 123, --ics) with
DTSTAMP fixed, so the size is deterministic: one run is the figure. Printed:
total bytes, bytes per component and property (unfolded, with its CRLF),
what line folding adds, the item DESCRIPTIONs split into quote and the rest,
and the floor: the file with only the properties every item and reminder
must have (UID, DTSTAMP, DTSTART, SUMMARY, RELATED-TO), as it is written
today.

--what-if rewrites the file as it would be under product decisions that
shrink it further, refolded as the writer folds, and prints each size (each
step keeps the ones above it): drop the properties that only state RFC 5545
defaults (SEQUENCE:0, STATUS:CONFIRMED, the DTEND of a one-day all-day
event), one CATEGORIES line, one reminder event per case and day instead of
one per item, no item DESCRIPTION at all, no VALARM."""

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


def fold(line):
    """One content line folded at 75 octets, never inside a UTF-8 sequence."""
    parts = []
    while len(line) > (75 if not parts else 74):
        cut = 75 if not parts else 74
        while cut > 0 and (line[cut] & 0xC0) == 0x80:
            cut -= 1
        parts.append(line[:cut])
        line = line[cut:]
    parts.append(line)
    return b"\r\n ".join(parts) + b"\r\n"


def split_events(data):
    """(lines before, VEVENTs as lists of unfolded lines, lines after)."""
    head, events, tail, cur = [], [], [], None
    for ln in unfolded(data):
        if ln == b"BEGIN:VEVENT":
            cur = [ln]
        elif cur is not None:
            cur.append(ln)
            if ln == b"END:VEVENT":
                events.append(cur)
                cur = None
        else:
            (tail if events else head).append(ln)
    return head, events, tail


def without(event, unwanted):
    return [ln for ln in event if not unwanted(ln)]


def is_default(ln):
    return ln in (b"SEQUENCE:0", b"STATUS:CONFIRMED") or ln.startswith(b"DTEND;VALUE=DATE:")


def one_categories(event):
    values = [ln[len(b"CATEGORIES:"):] for ln in event if ln.startswith(b"CATEGORIES:")]
    out = [ln for ln in event if not ln.startswith(b"CATEGORIES:")]
    if values:
        out.insert(len(out) - 1, b"CATEGORIES:" + b",".join(values))
    return out


def is_reminder(event):
    return any(ln.startswith(b"UID:") and b".reminder@" in ln for ln in event)


def merged_reminders(reminders):
    """One reminder event per day: its SUMMARY names every item due next."""
    by_day = collections.OrderedDict()
    for ev in reminders:
        day = next(ln for ln in ev if ln.startswith(b"DTSTART"))
        by_day.setdefault(day, []).append(ev)
    out = []
    for day, evs in by_day.items():
        summaries = [next(ln for ln in ev if ln.startswith(b"SUMMARY:")) for ev in evs]
        first = evs[0]
        if len(evs) > 1:
            lead, due = summaries[0].split(b" due ", 1)
            names = [s.split(b"Reminder: ", 1)[1].split(b" due ", 1)[0] for s in summaries]
            uid = b"UID:" + first[1].split(b".", 1)[0][4:] + b".reminder." + day[-8:] + b"@timescale"
            related = [ln for ev in evs for ln in ev if ln.startswith(b"RELATED-TO:")]
            first = ([b"BEGIN:VEVENT", uid] + [ln for ln in first[2:-1] if not ln.startswith(
                (b"UID:", b"SUMMARY:", b"RELATED-TO:"))] + [
                lead.split(b"Reminder: ", 1)[0] + b"Reminder: due " + due + b": " +
                b", ".join(names)] + related + [b"END:VEVENT"])
        out.append(first)
    return out


def rule_only(ln):
    """An item's DESCRIPTION cut to its "Rule ..." and "Counted from" lines."""
    if not ln.startswith(b"DESCRIPTION:") or b"\\nRule " not in ln:
        return ln
    return b"DESCRIPTION:" + ln.split(b"\\nRule ", 1)[1].join([b"Rule ", b""])


def without_alarm(event):
    out, inside = [], False
    for ln in event:
        inside = inside or ln == b"BEGIN:VALARM"
        if not inside:
            out.append(ln)
        if ln == b"END:VALARM":
            inside = False
    return out


def what_if(data):
    head, events, tail = split_events(data)

    def refolded(evs):
        return sum(len(fold(ln)) for ln in head + [x for ev in evs for x in ev] + tail)

    # The writer folds as libical does, at a space where it can, which this
    # script does not: each size is the file's less what the step removed.
    base = refolded(events)

    def size(evs):
        return len(data) - (base - refolded(evs))

    print("what if (each step keeps the ones above it):")
    print("  %7d  as written" % size(events))
    events = [without(ev, is_default) for ev in events]
    print("  %7d  no SEQUENCE:0, STATUS:CONFIRMED, one-day DTEND" % size(events))
    events = [one_categories(ev) for ev in events]
    print("  %7d  one CATEGORIES line" % size(events))
    items = [ev for ev in events if not is_reminder(ev)]
    reminders = merged_reminders([ev for ev in events if is_reminder(ev)])
    print("  %7d  one reminder event per case and day (%d, not %d)" % (
        size(items + reminders), len(reminders), len(events) - len(items)))
    items = [[rule_only(ln) for ln in ev] for ev in items]
    print("  %7d  item DESCRIPTION only the rule and its anchor (no quote, no source)" % size(
        items + reminders))
    items = [without(ev, lambda ln: ln.startswith(b"DESCRIPTION:")) for ev in items]
    print("  %7d  no DESCRIPTION on items (nothing says what is due or why)" % size(
        items + reminders))
    items = [without_alarm(ev) for ev in items]
    print("  %7d  and no VALARM" % size(items + reminders))


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
    ap.add_argument("--what-if", action="store_true",
                    help="sizes under product decisions that shrink the file")
    a = ap.parse_args()
    extra = ["--no-reminder-events"] if a.no_reminder_events else []
    data = export(a.cli, extra)
    size = report(a.cli, data)
    if a.what_if:
        what_if(data)
    if a.baseline:
        base = report(a.baseline, export(a.baseline, extra))
        print("size: %d bytes, %.3fx the baseline's %d (target 25 KB: %s)" % (
            size, size / base, base, "met" if size <= 25000 else "not met"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
