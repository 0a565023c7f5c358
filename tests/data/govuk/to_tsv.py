#!/usr/bin/python3
"""Merge the GOV.UK bank-holiday copies in this folder into one TSV.

    /usr/bin/python3 tests/data/govuk/to_tsv.py [-o OUT] [-d DIR]

reads the copies from this folder (or DIR) and writes govuk-bank-holidays.tsv
beside them (or OUT), with one line per holiday:

    division <TAB> date <TAB> title <TAB> notes

sorted by division (england-and-wales, scotland, northern-ireland), then date.
The title is GOV.UK's with the typographic apostrophe (U+2019) written as a
plain one.  notes is GOV.UK's "notes" text ("", "Substitute day", "Extra bank
holiday"), or "?" when no copy that lists the holiday gives notes (the reduced
2025-2028 copy has titles and dates only).

The copies overlap, and every overlap must agree, or the script stops with a
message naming the division, date and copies.  "Agree" means, for each
division and each year that two copies both cover:

* a holiday both list has the same title (after the apostrophe) and, where
  both give notes, the same notes;
* a holiday only one lists is accepted only when every copy lacking it is
  OLDER than every copy listing it and was taken BEFORE the holiday's date:
  a later announcement (the 2023 coronation, Scotland's 2026 World Cup
  holiday; HOLIDAYS.md section 6) can only add a future day to newer copies.
  Anything else (a newer copy dropping a day, an older copy lacking a day that
  had already passed when it was taken) is a real disagreement.

The "taken" dates below are the commit dates of the copies (README.md); a copy
was fetched on or before that day, which only makes the check stricter.
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# Oldest first.  (file, taken on or before): see README.md for provenance.
COPIES = [
    ("govuk-2012-2015.json", "2014-02-28"),
    ("govuk-2015-2021.json", "2020-04-21"),
    ("govuk-2017-2023.json", "2022-11-04"),
    ("govuk-2018-2026.json", "2024-03-02"),
    ("govuk-bank-holidays.json", "2025-07-06"),
    ("govuk-2025-2028-reduced.json", "2026-08-21"),
]
DIVISIONS = ["england-and-wales", "scotland", "northern-ireland"]


def die(msg):
    sys.stderr.write("to_tsv.py: %s\n" % msg)
    sys.exit(1)


def norm_title(title):
    return title.replace("\u2019", "'")


def load(folder, rel):
    """{division: {date: (title, notes or None)}} and {division: set(years)}."""
    path = os.path.join(folder, rel)
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    extra = set(k for k in data if not k.startswith("_")) - set(DIVISIONS)
    if extra:
        die("%s: unknown division(s) %s" % (rel, sorted(extra)))
    events, years = {}, {}
    for div in DIVISIONS:
        if div not in data:
            die("%s: division %s missing" % (rel, div))
        if data[div].get("division") != div:
            die("%s: division %s is labelled %r" % (rel, div, data[div].get("division")))
        byday = {}
        for e in data[div]["events"]:
            date, title = e.get("date"), e.get("title")
            if not (isinstance(date, str) and len(date) == 10 and date[4] == "-"
                    and date[7] == "-" and date[:4].isdigit()):
                die("%s: %s: bad date %r" % (rel, div, date))
            if not title or "\t" in title or "\n" in title:
                die("%s: %s %s: bad title %r" % (rel, div, date, title))
            notes = e.get("notes")
            if notes is not None and ("\t" in notes or "\n" in notes or notes == "?"):
                die("%s: %s %s: notes %r cannot be written to the TSV" % (rel, div, date, notes))
            if date in byday:
                die("%s: %s has two events on %s (not supported)" % (rel, div, date))
            byday[date] = (norm_title(title), notes)
        if not byday:
            die("%s: %s has no events" % (rel, div))
        first, last = int(min(byday)[:4]), int(max(byday)[:4])
        events[div], years[div] = byday, set(range(first, last + 1))
    return events, years


def merge(copies):
    """copies: [(name, taken, events, years)] oldest first -> {div: {date: (title, notes)}}"""
    out = {}
    for div in DIVISIONS:
        merged = {}
        all_years = set().union(*(c[3][div] for c in copies))
        for year in sorted(all_years):
            cover = [c for c in copies if year in c[3][div]]
            dates = sorted(set(d for c in cover for d in c[2][div] if d.startswith("%d-" % year)))
            for date in dates:
                have = [c for c in cover if date in c[2][div]]
                lack = [c for c in cover if date not in c[2][div]]
                titles = set(c[2][div][date][0] for c in have)
                if len(titles) > 1:
                    die("%s %s: copies disagree on the title: %s" % (div, date, "; ".join(
                        "%s says %r" % (c[0], c[2][div][date][0]) for c in have)))
                notes = set(c[2][div][date][1] for c in have) - {None}
                if len(notes) > 1:
                    die("%s %s: copies disagree on the notes: %s" % (div, date, "; ".join(
                        "%s says %r" % (c[0], c[2][div][date][1]) for c in have)))
                oldest_have = min(c[1] for c in have)
                for c in lack:
                    if not (c[1] < oldest_have and c[1] < date):
                        die("%s %s %r: listed by %s but missing from %s (taken %s), which "
                            "cannot be explained by a later announcement"
                            % (div, date, titles.pop(), ", ".join(h[0] for h in have),
                               c[0], c[1]))
                    sys.stderr.write("to_tsv.py: note: %s %s %r is not in %s (taken %s): "
                                     "announced later\n" % (div, date, next(iter(titles)),
                                                            c[0], c[1]))
                merged[date] = (titles.pop(), notes.pop() if notes else "?")
        out[div] = merged
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-d", "--dir", default=HERE, help="folder holding the JSON copies")
    ap.add_argument("-o", "--output", help="default: DIR/govuk-bank-holidays.tsv")
    args = ap.parse_args()
    output = args.output or os.path.join(args.dir, "govuk-bank-holidays.tsv")

    listed = set(rel for rel, _ in COPIES)
    present = set(f for f in os.listdir(args.dir) if f.endswith(".json"))
    if present != listed:
        die("the JSON files here %s do not match COPIES %s: update COPIES and README.md"
            % (sorted(present), sorted(listed)))
    taken = [t for _, t in COPIES]
    if taken != sorted(taken):
        die("COPIES must be listed oldest first")

    copies = [(rel, t) + load(args.dir, rel) for rel, t in COPIES]
    merged = merge(copies)

    lines = ["# GOV.UK bank holidays, merged from the copies in tests/data/govuk/ by to_tsv.py.",
             "# Do not edit: run /usr/bin/python3 tests/data/govuk/to_tsv.py (README.md).",
             "# notes: GOV.UK's notes text; '?' when no copy listing the holiday gives notes.",
             "# division\tdate\ttitle\tnotes"]
    for div in DIVISIONS:
        for date in sorted(merged[div]):
            title, notes = merged[div][date]
            lines.append("\t".join((div, date, title, notes)))
    with open(output, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
