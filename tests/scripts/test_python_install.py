"""test_python_install.py -- `pip install bindings/python` works offline.

The package builds with its own standard-library backend
(bindings/python/_backend/timescale_build.py, pyproject `requires = []`), so
pip needs nothing from an index.  This test:

1. builds the wheel and the sdist by calling the backend's PEP 517 hooks,
   and checks the wheel as an installer would: RECORD lists every file with
   its sha256 and size, WHEEL and METADATA say what they must, nothing
   compiled or cached is packed; the TOML reader used before Python 3.11
   reads pyproject.toml as tomllib does;
2. makes a fresh venv (skipped with 77 when venv / ensurepip is missing),
   and runs `pip install --no-index <source>/bindings/python` with every
   proxy pointed at a closed port, so any download attempt fails;
3. installs libtimescale with `cmake --install` into a temporary prefix and
   uses the installed package against it, found on the system's paths
   (LD_LIBRARY_PATH), with no $TIMESCALE_LIBRARY and no source tree in
   sight: working days, a rule, a pack's plan;
4. installs the sdist the same way, and an editable install.

Expected values are hand-checked (each says how).
"""

import base64
import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unittest
import zipfile

SOURCE_DIR = os.environ.get("TSC_SOURCE_DIR",
                            os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
PACKAGE_DIR = os.path.join(SOURCE_DIR, "bindings", "python")
BUILD_DIR = os.environ.get("TSC_BUILD_DIR")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(PACKAGE_DIR, "_backend"))
import timescale_build  # noqa: E402
from python_sanitizers import sanitizer_preload  # noqa: E402

# Closed ports: any attempt to reach an index fails at once instead of hanging.
OFFLINE = {"http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
           "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
           "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1",
           "PIP_CONFIG_FILE": os.devnull}

# Run inside the venv, in an empty directory, against the installed library.
USE = r"""
import datetime as dt, json, sys
import timescale
from timescale import Calendar, Pack, Rule
out = {"file": timescale.__file__, "library": timescale.library_path}
with Calendar("england-and-wales") as cal:
    out["add"] = cal.add_working_days(dt.date(2026, 4, 2), 1).isoformat()
    out["count"] = cal.count_working_days(dt.date(2026, 4, 1), dt.date(2026, 4, 8))
out["rule"] = str(Rule("fortnightly"))
with Pack("swindon") as pack:
    plan = pack.plan(None, {"referral": [dt.date(2026, 3, 6)]}, until=dt.date(2026, 3, 31))
    out["plan"] = [(i.rule_id, i.due.isoformat()) for i in plan]
with open("/proc/self/maps") as f:
    out["mapped"] = sorted({line.split()[-1] for line in f if "libtimescale" in line})
print(json.dumps(out))
"""


def record_hash(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(
        b"=").decode()


class Backend(unittest.TestCase):
    """The PEP 517 hooks, called as pip calls them (from the source tree)."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tsc-backend-")
        self.cwd = os.getcwd()
        os.chdir(PACKAGE_DIR)  # the hooks run with the source tree as cwd

    def tearDown(self):
        os.chdir(self.cwd)
        shutil.rmtree(self.tmp)

    def test_toml_subset_reads_pyproject_as_tomllib(self):
        with open(os.path.join(PACKAGE_DIR, "pyproject.toml"), encoding="utf-8") as f:
            text = f.read()
        mine = timescale_build.load_toml_subset(text)
        self.assertEqual(mine["build-system"], {"requires": [],
                                                "build-backend": "timescale_build",
                                                "backend-path": ["_backend"]})
        self.assertEqual(mine["project"]["optional-dependencies"], {"numpy": ["numpy"]})
        try:
            import tomllib
        except ImportError:
            return
        self.assertEqual(mine, tomllib.loads(text))
        tricky = ('a = "x # not a comment" # a comment\n[t."q.k"]\nb = [\n  1, # one\n  2,\n]\n'
                  'c = { d = "e\\u00e9\\"", f = true }\ng = \'lit\\\'\n')
        self.assertEqual(timescale_build.load_toml_subset(tricky), tomllib.loads(tricky))
        for bad in ("a = 1.5\n", "[[x]]\n", "a = 1\na = 2\n", "a = 1 b\n"):
            with self.assertRaises(ValueError, msg=bad):
                timescale_build.load_toml_subset(bad)

    def test_wheel(self):
        self.assertEqual(timescale_build.get_requires_for_build_wheel(), [])
        name = timescale_build.build_wheel(self.tmp)
        self.assertEqual(name, "timescale-0.1.0-py3-none-any.whl")
        path = os.path.join(self.tmp, name)
        with zipfile.ZipFile(path) as z:
            self.assertIsNone(z.testzip())
            names = z.namelist()
            files = {n: z.read(n) for n in names}
        self.assertEqual(len(names), len(set(names)))
        dist = "timescale-0.1.0.dist-info/"
        self.assertEqual(names[-1], dist + "RECORD")   # RECORD last, as PEP 427 advises
        # RECORD: every file but itself with its hash and size; itself without.
        rows = list(csv.reader(io.StringIO(files[dist + "RECORD"].decode())))
        self.assertEqual(sorted(r[0] for r in rows), sorted(names))
        for rel, digest, size in rows:
            if rel == dist + "RECORD":
                self.assertEqual((digest, size), ("", ""))
            else:
                self.assertEqual(digest, record_hash(files[rel]), rel)
                self.assertEqual(int(size), len(files[rel]), rel)
        wheel = files[dist + "WHEEL"].decode().splitlines()
        for line in ("Wheel-Version: 1.0", "Root-Is-Purelib: true", "Tag: py3-none-any"):
            self.assertIn(line, wheel)
        meta = files[dist + "METADATA"].decode()
        head, _, body = meta.partition("\n\n")
        for line in ("Metadata-Version: 2.1", "Name: timescale", "Version: 0.1.0",
                     "Requires-Python: >=3.8", "Provides-Extra: numpy",
                     'Requires-Dist: numpy; extra == "numpy"',
                     "Description-Content-Type: text/markdown"):
            self.assertIn(line, head.splitlines())
        self.assertTrue(body.startswith("# timescale for Python"))
        # The package, and nothing compiled, cached or hidden.
        sources = sorted(f for f in os.listdir(os.path.join(PACKAGE_DIR, "timescale"))
                         if f.endswith(".py") or f == "py.typed")
        self.assertEqual(sorted(n[len("timescale/"):] for n in names
                                if n.startswith("timescale/")), sources)
        for n in names:
            self.assertFalse(n.endswith((".pyc", ".so")) or "__pycache__" in n, n)
        self.assertEqual(files[dist + "top_level.txt"], b"timescale\n")
        # Reproducible: the same bytes a second time.
        with open(path, "rb") as f:
            first = f.read()
        os.unlink(path)
        timescale_build.build_wheel(self.tmp)
        with open(path, "rb") as f:
            self.assertEqual(f.read(), first)

    def test_metadata_hook_matches_the_wheel(self):
        d = timescale_build.prepare_metadata_for_build_wheel(self.tmp)
        self.assertEqual(d, "timescale-0.1.0.dist-info")
        with open(os.path.join(self.tmp, d, "METADATA"), "rb") as f:
            meta = f.read()
        with zipfile.ZipFile(os.path.join(self.tmp, timescale_build.build_wheel(self.tmp))) as z:
            self.assertEqual(z.read(d + "/METADATA"), meta)

    def test_sdist(self):
        name = timescale_build.build_sdist(self.tmp)
        self.assertEqual(name, "timescale-0.1.0.tar.gz")
        with tarfile.open(os.path.join(self.tmp, name)) as t:
            names = t.getnames()
            pkg_info = t.extractfile("timescale-0.1.0/PKG-INFO").read().decode()
        for need in ("PKG-INFO", "pyproject.toml", "README.md", "_backend/timescale_build.py",
                     "timescale/__init__.py", "timescale/plans.py", "timescale/py.typed"):
            self.assertIn("timescale-0.1.0/" + need, names)
        self.assertIn("Name: timescale", pkg_info)


def venv_python(venv):
    return os.path.join(venv, "bin", "python")


class Install(unittest.TestCase):
    """pip in a fresh venv, offline, then the installed package used against
    an installed library."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="tsc-install-")
        cls.venv = os.path.join(cls.tmp, "venv")
        r = subprocess.run([sys.executable, "-m", "venv", cls.venv], capture_output=True,
                           text=True)
        if r.returncode != 0 or not os.path.exists(venv_python(cls.venv)):
            shutil.rmtree(cls.tmp)
            raise unittest.SkipTest("no venv with pip here (python3-venv / ensurepip): "
                                    + r.stderr.strip()[-200:])
        # The library, installed as a user would (cmake --install) into a prefix.
        cls.prefix = os.path.join(cls.tmp, "prefix")
        lib = os.environ.get("TIMESCALE_LIBRARY")
        cmake = shutil.which("cmake")
        if BUILD_DIR and cmake:
            r = subprocess.run([cmake, "--install", BUILD_DIR, "--prefix", cls.prefix],
                               capture_output=True, text=True)
            if r.returncode != 0:
                raise AssertionError("cmake --install failed:\n" + r.stdout + r.stderr)
        elif lib:  # no build tree: the library under test, as if installed
            os.makedirs(os.path.join(cls.prefix, "lib"))
            shutil.copy(lib, os.path.join(cls.prefix, "lib", "libtimescale.so.0"))
        else:
            raise unittest.SkipTest("neither TSC_BUILD_DIR nor TIMESCALE_LIBRARY is set")
        libdirs = [os.path.join(cls.prefix, d) for d in ("lib", "lib64")
                   if os.path.isdir(os.path.join(cls.prefix, d))]
        for d in list(libdirs):
            libdirs += [os.path.join(d, x) for x in os.listdir(d)
                        if os.path.isdir(os.path.join(d, x)) and x.endswith("-linux-gnu")]
        cls.libdirs = libdirs
        cls.sanitized = sanitizer_preload(lib) if lib else []

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def pip(self, *args):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("PIP_") and k not in ("PYTHONPATH", "TIMESCALE_LIBRARY")}
        env.update(OFFLINE)
        return subprocess.run([venv_python(self.venv), "-m", "pip", "--no-input", *args],
                              capture_output=True, text=True, env=env, cwd=self.tmp)

    def installed_library(self):
        for d in self.libdirs:
            if os.path.exists(os.path.join(d, "libtimescale.so.0")):
                return os.path.join(d, "libtimescale.so.0")
        self.fail("no libtimescale.so.0 under %s" % self.prefix)

    def use(self, library=None):
        """Runs USE in the venv, from an empty directory, with the prefix's
        lib on the loader's path and nothing else pointing at the library
        (unless `library` is given: then as $TIMESCALE_LIBRARY)."""
        env = {k: v for k, v in os.environ.items()
               if k not in ("TIMESCALE_LIBRARY", "PYTHONPATH", "LD_PRELOAD")}
        env["LD_LIBRARY_PATH"] = os.pathsep.join(self.libdirs)
        if library:
            env["TIMESCALE_LIBRARY"] = library
        if self.sanitized is None:
            self.skipTest("sanitized library and no ASan runtime to preload")
        if self.sanitized:
            env.update(LD_PRELOAD=" ".join(self.sanitized), ASAN_OPTIONS="detect_leaks=0")
        empty = os.path.join(self.tmp, "empty")
        os.makedirs(empty, exist_ok=True)
        r = subprocess.run([venv_python(self.venv), "-c", USE], capture_output=True, text=True,
                           env=env, cwd=empty)
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout.strip().splitlines()[-1])

    def check_use(self, out, where, library=None):
        # Over Easter 2026: Thu 2 April + 1 working day = Tue 7 April (Good Friday 3rd,
        # Easter Monday 6th); [1 April, 8 April) holds 1, 2 and 7 April.
        self.assertEqual(out["add"], "2026-04-07")
        self.assertEqual(out["count"], 3)
        self.assertEqual(out["rule"], "every 2 weeks")
        # Fri 6 March 2026 + 1 working day = Mon 9 March (tests/packs/README.md).
        self.assertEqual(out["plan"], [["swindon.referral.response-decision", "2026-03-09"]])
        # The library loaded is the installed one, found on the system's paths.
        self.assertTrue(out["mapped"], out)
        for m in out["mapped"]:
            self.assertTrue(m.startswith(self.prefix + os.sep), (m, where))
        if library:
            self.assertEqual(out["library"], library)
        else:
            self.assertNotIn(os.sep, out["library"])   # a soname: the system's paths
        return out

    def uninstall(self):
        r = self.pip("uninstall", "-y", "timescale")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_1_install_from_source_tree(self):
        before = sorted(os.listdir(PACKAGE_DIR))
        r = self.pip("install", "--no-index", PACKAGE_DIR)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("Successfully installed timescale-0.1.0", r.stdout)
        self.assertEqual(sorted(os.listdir(PACKAGE_DIR)), before)  # nothing written there
        out = self.check_use(self.use(), "wheel")
        self.assertIn(os.path.join(self.venv, "lib"), out["file"])
        site = os.path.dirname(os.path.dirname(out["file"]))
        with open(os.path.join(site, "timescale-0.1.0.dist-info", "INSTALLER")) as f:
            self.assertEqual(f.read().strip(), "pip")
        r = self.pip("show", "-f", "timescale")
        self.assertIn("timescale/plans.py", r.stdout)
        self.uninstall()

    def test_2_install_from_sdist(self):
        sdist_dir = os.path.join(self.tmp, "sdist")
        os.makedirs(sdist_dir, exist_ok=True)
        cwd = os.getcwd()
        os.chdir(PACKAGE_DIR)
        try:
            name = timescale_build.build_sdist(sdist_dir)
        finally:
            os.chdir(cwd)
        r = self.pip("install", "--no-index", os.path.join(sdist_dir, name))
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.check_use(self.use(), "sdist")
        self.uninstall()

    def test_3_editable_install(self):
        r = self.pip("install", "--no-index", "-e", PACKAGE_DIR)
        if r.returncode != 0 and "editable" in r.stderr and "PEP 660" in r.stderr:
            self.skipTest("this pip cannot do PEP 660 editable installs")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        # In the source tree the package would prefer a build tree's library
        # (build*/src), so name the installed one.
        lib = self.installed_library()
        out = self.check_use(self.use(lib), "editable", lib)
        self.assertEqual(os.path.realpath(out["file"]),
                         os.path.realpath(os.path.join(PACKAGE_DIR, "timescale",
                                                       "__init__.py")))
        self.uninstall()


if __name__ == "__main__":
    unittest.main(verbosity=1)
