"""The SQLite extension through the sqlite3 shell's `.load`: shell.sql's
answers (worked out on a calendar) and its error messages, exactly."""

import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    extension = os.environ.get("TSC_SQLITE_EXTENSION")
    shell = shutil.which("sqlite3")
    if not extension or not shell:
        print("skipped: needs the sqlite3 shell (Debian: sqlite3) and TSC_SQLITE_EXTENSION")
        return 77
    env = dict(os.environ)
    preload = sanitizer_preload(extension)
    if preload:
        env["LD_PRELOAD"] = " ".join(preload)
        env["ASAN_OPTIONS"] = "detect_leaks=0"  # the shell's own exit-time blocks
    run = subprocess.run([shell, ":memory:", ".load " + os.path.splitext(extension)[0],
                          ".read " + os.path.join(HERE, "shell.sql")],
                         capture_output=True, text=True, env=env, cwd=HERE)
    failed = False
    for name, got in (("shell.expected", run.stdout), ("shell.errors", run.stderr)):
        with open(os.path.join(HERE, name)) as f:
            want = f.read()
        if got != want:
            failed = True
            print("FAIL: output differs from %s" % name)
            sys.stdout.writelines(__import__("difflib").unified_diff(
                want.splitlines(True), got.splitlines(True), name, "sqlite3"))
    if not failed:
        print("ok: %d answers and %d errors as expected" % (run.stdout.count("\n"),
                                                             run.stderr.count("\n")))
    return 1 if failed else 0


def sanitizer_preload(extension):
    """The ASan/UBSan runtimes a sanitized build needs loaded before the shell."""
    sys.path.insert(0, os.path.join(os.environ.get("TSC_SOURCE_DIR", ""), "tests", "scripts"))
    from python_sanitizers import sanitizer_preload as preload
    paths = preload(extension)
    if paths is None:
        print("skipped: the extension needs a sanitizer runtime gcc cannot find")
        sys.exit(77)
    return paths


if __name__ == "__main__":
    sys.exit(main())
