"""Shared by the test_python_*.py scripts (not a test itself: the ctest glob
registers test_*.py only).

rerun_under_sanitizers(): a library built with TSC_SANITIZE=ON cannot be
loaded into a Python that lacks the ASan runtime, so the calling script is
run again with the runtime preloaded and leak detection on, and fails on
any leak report that involves libtimescale.  (Python and numpy leave a few
blocks of their own at exit: 5858 bytes for `python3 -c "import numpy"`
alone on Debian 12; those are not ours, so LeakSanitizer's exit code is off
and the report is read here.)  Returns when there is nothing to do; call it
before `import timescale`.
"""

import os
import subprocess
import sys

__all__ = ["sanitizer_preload", "rerun_under_sanitizers"]


def sanitizer_preload(lib):
    """The runtimes (paths) a sanitized `lib` needs preloaded: [] for a plain
    build, None when it needs one that gcc cannot find."""
    try:
        with open(lib, "rb") as f:
            image = f.read()
    except OSError:
        return []
    preload = []
    if b"libasan.so" not in image:
        return preload
    for name in ("libasan.so", "libubsan.so"):
        if name.encode() in image:
            try:
                path = subprocess.run(["gcc", "-print-file-name=" + name], capture_output=True,
                                      text=True).stdout.strip()
            except OSError:
                path = ""
            if not os.path.isabs(path):
                return None
            preload.append(path)
    return preload


def rerun_under_sanitizers(script):
    lib = os.environ.get("TIMESCALE_LIBRARY")
    if not lib or os.environ.get("TSC_PY_SANITIZED_CHILD") or not sys.platform.startswith("linux"):
        return
    try:
        with open("/proc/self/maps") as f:
            if "libasan" in f.read():
                return  # the caller preloaded it already
    except OSError:
        return
    preload = sanitizer_preload(lib)
    if preload is None:
        print("skipped: %s needs a sanitizer runtime preloaded and gcc cannot find it" % lib)
        sys.exit(77)
    if not preload:
        return
    env = dict(os.environ, LD_PRELOAD=" ".join(preload), PYTHONMALLOC="malloc",
               TSC_PY_SANITIZED_CHILD="1", LSAN_OPTIONS="exitcode=0",
               ASAN_OPTIONS="detect_leaks=1:" + os.environ.get("ASAN_OPTIONS", ""))
    child = subprocess.run([sys.executable, os.path.abspath(script)] + sys.argv[1:], env=env,
                           stderr=subprocess.PIPE, text=True)
    sys.stderr.write(child.stderr)
    blocks = child.stderr.split("\n\n")
    ours = [b for b in blocks if "leak of" in b and ("libtimescale" in b or "tsc_" in b)]
    if child.returncode != 0:
        sys.exit(child.returncode)
    if ours:
        print("FAIL: %d leak reports involve libtimescale (above)" % len(ours))
        sys.exit(1)
    print("AddressSanitizer and LeakSanitizer: no error and no leak from libtimescale")
    sys.exit(0)
