"""calcurse (a terminal calendar no one here wrote) imports every .ics file
the CLI writes with `calcurse -i`, skipping none: each VEVENT becomes an
event or appointment and each VTODO a to-do.  Skipped (77) without calcurse
(apt-get install calcurse)."""

import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import ics_common as C  # noqa: E402


def main():
    if not C.CLI:
        C.skip("TSC_CLI is not set")
    calcurse = shutil.which("calcurse")
    if not calcurse:
        C.skip("calcurse is not installed (apt-get install calcurse)")
    with tempfile.TemporaryDirectory() as tmp:
        files = C.make_files(tmp)
        total = 0
        for path, meta in files:
            with open(path, encoding="utf-8", newline="") as f:
                text = f.read()
            events = text.count("\r\nBEGIN:VEVENT\r\n")
            todos = text.count("\r\nBEGIN:VTODO\r\n")
            data = tempfile.mkdtemp(dir=tmp)
            p = subprocess.run([calcurse, "-D", data, "-C", data, "-i", path],
                               capture_output=True, text=True, stdin=subprocess.DEVNULL,
                               env=dict(os.environ, TZ=meta["zone"], HOME=data))
            assert p.returncode == 0, "calcurse -i %s: %d %s" % (path, p.returncode, p.stderr)
            m = re.search(r"(\d+) apps? / (\d+) events? / (\d+) todos? / (\d+) skipped", p.stdout)
            assert m, "no import report from calcurse: %r" % p.stdout
            apps, evs, tds, skipped = map(int, m.groups())
            name = os.path.basename(path)
            assert skipped == 0, "%s: calcurse skipped %d: %s" % (name, skipped, p.stdout + p.stderr)
            assert apps + evs == events and tds == todos, \
                "%s: calcurse read %d apps + %d events, %d todos; the file has %d VEVENTs, %d " \
                "VTODOs" % (name, apps, evs, tds, events, todos)
            total += events + todos
        print("calcurse imported %d files, %d components" % (len(files), total))
    print("1 passed, 0 failed")


main()
