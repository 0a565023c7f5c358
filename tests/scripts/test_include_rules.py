"""What may include what (README "Layout"), checked on the sources:
src/core never includes the iCalendar part or libical; inside the core a
module's header includes only modules below it; the CLI, the bindings,
benchmarks, fuzzers, SQL extensions and tests include no header of src/
(they use the public headers only; tools/holgen, which compiles the
holiday files at build time, is the one named exception)."""
import glob
import os
import re
import unittest

ROOT = os.environ.get("TSC_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..", "..")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)

# The core's layers, lowest first: a header includes only headers of a
# lower layer (README "Layout": helpers < dates < zones < holiday files <
# calendars < rules < packs < cases < plans).  Headers not listed (new
# ones) are not ranked until they are added here.
CORE_LAYERS = [
    {"internal.h"},
    {"text.h", "arena.h", "lex.h", "event_name.h", "fileio.h", "date.h"},
    {"zone.h", "name_table.h"},
    {"holiday.h"},
    {"rule.h", "vocab.h"},
    {"pack.h", "case.h"},
]
RANK = {name: i for i, layer in enumerate(CORE_LAYERS) for name in layer}
PUBLIC_ONLY = ["cli", "bindings", "bench", "fuzz", "sql", "tests"]
EXCEPTIONS = {"tools/holgen.c"}


def includes(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return INCLUDE.findall(f.read())


def sources(folder, exts=(".c", ".h")):
    for dirpath, dirs, files in os.walk(os.path.join(ROOT, folder)):
        dirs[:] = [d for d in dirs if d not in ("node_modules", "corpus")]
        for name in sorted(files):
            if name.endswith(exts):
                yield os.path.join(dirpath, name)


def src_headers():
    return {os.path.basename(p) for p in glob.glob(os.path.join(ROOT, "src", "*", "*.h"))}


def core_violations(files):
    bad = []
    for path in files:
        name = os.path.basename(path)
        for kind, target in includes(path):
            if target.startswith(("ics_", "timescale_ical")) or "libical" in target:
                bad.append("%s includes %s (the core is libical-free)" % (name, target))
            elif (kind == '"' and name in RANK and target in RANK
                  and RANK[target] >= RANK[name] and target != name):
                bad.append("%s includes %s (not below it)" % (name, target))
    return bad


def public_only_violations(files, private):
    bad = []
    for path in files:
        rel = os.path.relpath(path, ROOT)
        if rel in EXCEPTIONS:
            continue
        for kind, target in includes(path):
            resolved = os.path.normpath(os.path.join(os.path.dirname(path), target))
            into_src = resolved.startswith(os.path.join(os.path.normpath(ROOT), "src") + os.sep)
            if kind == '"' and (into_src or target.startswith(("core/", "ical/"))
                                or target in private):
                bad.append("%s includes %s (use the public header)" % (rel, target))
    return bad


class IncludeRules(unittest.TestCase):
    def test_core_is_libical_free_and_layered(self):
        self.assertEqual(core_violations(sources("src/core")), [])

    def test_others_use_only_the_public_headers(self):
        private = src_headers()
        files = [p for folder in PUBLIC_ONLY for p in sources(folder)]
        files += list(sources("tools", (".c",)))
        self.assertEqual(public_only_violations(files, private), [])

    def test_the_checks_can_fail(self):
        with open(os.path.join(ROOT, "src", "core", "date.h")) as f:
            self.assertIn("internal.h", f.read())
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            def write(name, text):
                path = os.path.join(tmp, name)
                with open(path, "w") as f:
                    f.write(text)
                return path
            date = write("date.h", '#include "internal.h"\n#include "pack.h"\n')
            plan = write("plan.c", '#include <libical/ical.h>\n')
            cli = write("cli.c", '#include "timescale.h"\n#include "internal.h"\n')
            self.assertEqual(core_violations([date, plan]), [
                "date.h includes pack.h (not below it)",
                "plan.c includes libical/ical.h (the core is libical-free)"])
            self.assertEqual(len(public_only_violations([cli], {"internal.h"})), 1)


if __name__ == "__main__":
    unittest.main()
