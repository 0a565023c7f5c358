"""The committed tests/data/govuk/govuk-bank-holidays.tsv is what to_tsv.py
makes from the committed GOV.UK JSON copies, and to_tsv.py refuses copies
that disagree (so the TSV cannot hide a disagreement)."""
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile

TEST_DIR = os.environ.get("TSC_TEST_DIR") or os.path.join(os.path.dirname(__file__), "..")
GOVUK = os.path.join(TEST_DIR, "data", "govuk")
TO_TSV = os.path.join(GOVUK, "to_tsv.py")
COMMITTED = os.path.join(GOVUK, "govuk-bank-holidays.tsv")

failures = []


def run_to_tsv(folder, out):
    return subprocess.run([sys.executable, TO_TSV, "-d", folder, "-o", out],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def check_in_sync(tmp):
    out = os.path.join(tmp, "regenerated.tsv")
    r = run_to_tsv(GOVUK, out)
    if r.returncode != 0:
        failures.append("to_tsv.py failed on the committed copies:\n" + r.stderr)
        return
    with open(COMMITTED, encoding="utf-8") as f:
        want = f.read().splitlines(keepends=True)
    with open(out, encoding="utf-8") as f:
        got = f.read().splitlines(keepends=True)
    if want != got:
        failures.append("committed TSV is out of date; run /usr/bin/python3 "
                        "tests/data/govuk/to_tsv.py\n" +
                        "".join(difflib.unified_diff(want, got, "committed", "regenerated")))
    # The TSV must cover 2012-2028 in every division (HOLIDAYS.md section 6).
    years = {}
    for line in want:
        if line.startswith("#"):
            continue
        div, date = line.split("\t")[:2]
        years.setdefault(div, set()).add(int(date[:4]))
    for div in ("england-and-wales", "scotland", "northern-ireland"):
        if years.get(div) != set(range(2012, 2029)):
            failures.append("%s: TSV years %s, want 2012..2028" % (div, sorted(years.get(div, ()))))


def edit_copy(folder, name, fn):
    path = os.path.join(folder, name)
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    fn(data)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f)


def drop(div, date):
    def fn(data):
        data[div]["events"] = [e for e in data[div]["events"] if e["date"] != date]
    return fn


def change(div, date, key, value):
    def fn(data):
        for e in data[div]["events"]:
            if e["date"] == date:
                e[key] = value
    return fn


# Each doctored copy must make to_tsv.py fail with a message naming the date.
BAD = [
    # 2022-06-03 had been announced long before the 2022-11-04 copy was taken.
    ("older copy lacks a day already past", "govuk-2017-2023.json",
     drop("england-and-wales", "2022-06-03"), "2022-06-03"),
    # The 2025 copy drops a day the older 2024 copy has: no announcement explains that.
    ("newer copy drops a day", "govuk-bank-holidays.json",
     drop("scotland", "2023-05-08"), "2023-05-08"),
    ("titles differ", "govuk-2018-2026.json",
     change("northern-ireland", "2024-07-12", "title", "Orangemen's Day"), "2024-07-12"),
    ("notes differ", "govuk-2015-2021.json",
     change("scotland", "2019-12-02", "notes", ""), "2019-12-02"),
    ("a date moves", "govuk-2025-2028-reduced.json",
     change("england-and-wales", "2027-05-31", "date", "2027-06-01"), "2027-0"),
]


def check_rejects(tmp):
    for what, name, fn, needle in BAD:
        folder = os.path.join(tmp, "bad")
        shutil.rmtree(folder, ignore_errors=True)
        os.mkdir(folder)
        for f in os.listdir(GOVUK):
            if f.endswith(".json"):
                shutil.copy(os.path.join(GOVUK, f), folder)
        edit_copy(folder, name, fn)
        r = run_to_tsv(folder, os.path.join(tmp, "bad.tsv"))
        if r.returncode == 0:
            failures.append("to_tsv.py accepted a doctored copy (%s in %s)" % (what, name))
        elif needle not in r.stderr:
            failures.append("to_tsv.py rejected %s in %s without naming %s:\n%s"
                            % (what, name, needle, r.stderr))


def main():
    with tempfile.TemporaryDirectory() as tmp:
        check_in_sync(tmp)
        check_rejects(tmp)
    for f in failures:
        print("FAIL:", f)
    if failures:
        sys.exit(1)
    print("ok: TSV in sync; %d doctored copies rejected" % len(BAD))


if __name__ == "__main__":
    main()
