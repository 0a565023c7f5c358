"""npm's ical.js (Mozilla's parser, used by Thunderbird and Nextcloud; no one
here wrote it) reads every .ics file the CLI writes, through
tests/node/read_ics.mjs.  Timed items are placed by ical.js from the file's
own VTIMEZONE, so this also checks the VTIMEZONEs.  Needs node and
`npm ci --prefix tests/node`; skipped (77) without them."""

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.dirname(__file__))
import ics_common as C  # noqa: E402

NODE_DIR = os.path.join(C.TEST_DIR, "node")


def main():
    if not C.CLI:
        C.skip("TSC_CLI is not set")
    node = shutil.which("node")
    if not node:
        C.skip("node is not installed (apt-get install nodejs npm)")
    if not os.path.isdir(os.path.join(NODE_DIR, "node_modules", "ical.js")):
        C.skip("ical.js is not installed (npm ci --prefix tests/node)")
    with tempfile.TemporaryDirectory() as tmp:
        files = C.make_files(tmp)
        total = 0
        for path, meta in files:
            zone = ZoneInfo(meta["zone"])
            p = subprocess.run([node, os.path.join(NODE_DIR, "read_ics.mjs"), path, meta["zone"]],
                               capture_output=True, text=True, env=dict(os.environ, TZ=meta["zone"]))
            assert p.returncode == 0, "ical.js failed on %s: %s" % (path, p.stderr)
            [result] = json.loads(p.stdout)

            def local(seconds):
                return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).astimezone(zone)

            comps = []
            for c in result["comps"]:
                t = c["times"]
                if c["kind"] == "VTODO":
                    due_day = local(t["due"]["epoch"]).date()
                elif not t["dtstart"]["is_date"]:
                    due_day = local(t["dtstart"]["epoch"]).date()
                else:
                    due_day = local(t["dtend"]["epoch"]).date() - dt.timedelta(days=1)
                start = t.get("dtstart")
                comps.append(dict(kind=c["kind"], uid=c["uid"], summary=c["summary"],
                                  status=c["status"], sequence=c["sequence"], due_day=due_day,
                                  start_day=local(start["epoch"]).date() if start else None,
                                  alarms=[local(a) for a in c["alarms"]],
                                  related_to=c["related_to"]))
            total += C.check_file(path, meta, comps, "ical.js")
        print("ical.js read %d files, %d components" % (len(files), total))
    print("1 passed, 0 failed")


main()
