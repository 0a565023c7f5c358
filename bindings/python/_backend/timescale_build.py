"""A PEP 517 build backend in the standard library alone.

``pip install bindings/python`` normally fetches setuptools into a fresh
build environment, which fails with no network.  This package is pure
Python and needs nothing built, so its backend is this file: pyproject.toml
says ``requires = []`` and ``backend-path = ["_backend"]``, and pip runs the
hooks below straight from the source tree, offline.

It reads ``[project]`` from pyproject.toml (with tomllib on Python 3.11+,
else with the small reader at the end, which knows just the TOML that file
uses) and writes:

- a wheel (PEP 427, py3-none-any): the package's files, then
  NAME-VERSION.dist-info/ with METADATA (core metadata 2.1), WHEEL,
  top_level.txt and RECORD (sha256 of every file, PEP 376);
- an sdist (PEP 517/625: NAME-VERSION.tar.gz) with PKG-INFO;
- an editable wheel (PEP 660) holding a .pth file that points at the
  source tree.

The archives are reproducible: entries sorted, timestamps from
$SOURCE_DATE_EPOCH (else 1980-01-01), owners and modes normalised.
Compiled libraries (libtimescale.so) are never packed: the wheel is pure
Python and the library is installed on its own.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import os
import re
import tarfile
import time
import zipfile
from typing import Any, Dict, Iterator, List, Optional, Tuple

__all__ = [
    "build_wheel", "build_sdist", "build_editable", "prepare_metadata_for_build_wheel",
    "prepare_metadata_for_build_editable", "get_requires_for_build_wheel",
    "get_requires_for_build_sdist", "get_requires_for_build_editable",
]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GENERATOR = "timescale_build 1.0"
# Files never packed: caches, and the C library a developer may have copied
# beside the package to test it (the wheel is pure Python).
EXCLUDE = re.compile(r"(^|/)(__pycache__|\.mypy_cache)(/|$)|\.py[co]$|\.so(\.\d+)*$|"
                     r"\.dylib$|\.dll$|(^|/)\.")


# ---------------------------------------------------------------- project data

class Project:
    """What pyproject.toml's [project] table says, checked."""

    def __init__(self, root: str = ROOT) -> None:
        self.root = root
        with open(os.path.join(root, "pyproject.toml"), "rb") as f:
            data = load_toml(f.read().decode("utf-8"))
        project = data.get("project")
        if not isinstance(project, dict):
            raise ValueError("pyproject.toml: no [project] table")
        self.table: Dict[str, Any] = project
        for key in ("name", "version"):
            if not isinstance(project.get(key), str) or not project[key]:
                raise ValueError("pyproject.toml: [project] needs a %s" % key)
        self.name: str = project["name"]
        self.version: str = project["version"]
        if not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?", self.name):
            raise ValueError("pyproject.toml: %r is not a valid project name" % self.name)
        if not re.fullmatch(r"\d+(\.\d+)*([ab]|rc)?\d*(\.post\d+)?(\.dev\d+)?", self.version):
            raise ValueError("pyproject.toml: version %r is not a PEP 440 version"
                             % self.version)
        tool = data.get("tool", {}).get("timescale_build", {})
        self.packages: List[str] = list(tool.get("packages", [self.name.replace("-", "_")]))
        # The wheel's name part (PEP 427: runs of -_. become _).
        self.dist = re.sub(r"[-_.]+", "_", self.name).lower()

    @property
    def dist_info(self) -> str:
        return "%s-%s.dist-info" % (self.dist, self.version)

    def metadata(self) -> str:
        """Core metadata 2.1 (METADATA and PKG-INFO)."""
        p = self.table
        lines = ["Metadata-Version: 2.1", "Name: " + self.name, "Version: " + self.version]
        if p.get("description"):
            lines.append("Summary: " + " ".join(str(p["description"]).split()))
        if p.get("requires-python"):
            lines.append("Requires-Python: " + p["requires-python"])
        lic = p.get("license")
        if isinstance(lic, dict) and lic.get("text"):
            lines.append("License: " + lic["text"])
        for c in p.get("classifiers", []):
            lines.append("Classifier: " + c)
        for url_name, url in p.get("urls", {}).items():
            lines.append("Project-URL: %s, %s" % (url_name, url))
        for dep in p.get("dependencies", []):
            lines.append("Requires-Dist: " + dep)
        for extra, deps in p.get("optional-dependencies", {}).items():
            lines.append("Provides-Extra: " + extra)
            for dep in deps:
                marker = 'extra == "%s"' % extra
                lines.append("Requires-Dist: %s; %s" % (dep, marker) if ";" not in dep
                             else "Requires-Dist: %s and %s" % (dep, marker))
        body = ""
        readme = p.get("readme")
        if isinstance(readme, str):
            kind = "text/markdown" if readme.lower().endswith(".md") else (
                "text/x-rst" if readme.lower().endswith(".rst") else "text/plain")
            lines.append("Description-Content-Type: " + kind)
            with open(os.path.join(self.root, readme), encoding="utf-8") as f:
                body = f.read()
        text = "\n".join(lines) + "\n"
        return text + ("\n" + body if body else "")

    def package_files(self) -> Iterator[Tuple[str, str]]:
        """(path in the archive, path on disk) of every file of the packages."""
        for package in self.packages:
            top = os.path.join(self.root, package)
            if not os.path.isfile(os.path.join(top, "__init__.py")):
                raise ValueError("package %r has no %s/__init__.py" % (package, package))
            for folder, dirs, files in os.walk(top):
                dirs.sort()
                for name in sorted(files):
                    full = os.path.join(folder, name)
                    rel = os.path.relpath(full, self.root).replace(os.sep, "/")
                    if not EXCLUDE.search(rel):
                        yield rel, full


# ---------------------------------------------------------------- archives

def _epoch() -> int:
    try:
        return max(int(os.environ["SOURCE_DATE_EPOCH"]), 315532800)
    except (KeyError, ValueError):
        return 315532800  # 1980-01-01, the earliest time a zip can hold


def _record_hash(data: bytes) -> str:
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class _Wheel:
    def __init__(self, path: str) -> None:
        self.zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED)
        self.records: List[str] = []
        self.stamp = time.gmtime(_epoch())[:6]

    def add(self, arcname: str, data: bytes) -> None:
        info = zipfile.ZipInfo(arcname, date_time=self.stamp)
        info.external_attr = (0o100644 & 0xFFFF) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        self.zip.writestr(info, data)
        self.records.append("%s,%s,%d" % (_csv(arcname), _record_hash(data), len(data)))

    def close(self, dist_info: str) -> None:
        record = dist_info + "/RECORD"
        self.records.append("%s,," % _csv(record))
        data = ("\n".join(self.records) + "\n").encode("utf-8")
        info = zipfile.ZipInfo(record, date_time=self.stamp)
        info.external_attr = (0o100644 & 0xFFFF) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        self.zip.writestr(info, data)
        self.zip.close()


def _csv(field: str) -> str:
    return '"%s"' % field.replace('"', '""') if re.search(r'[",\n]', field) else field


def _wheel_file(tag: str = "py3-none-any") -> bytes:
    return ("Wheel-Version: 1.0\nGenerator: %s\nRoot-Is-Purelib: true\nTag: %s\n"
            % (GENERATOR, tag)).encode("ascii")


def _dist_info_files(project: Project) -> List[Tuple[str, bytes]]:
    d = project.dist_info
    return [
        (d + "/METADATA", project.metadata().encode("utf-8")),
        (d + "/WHEEL", _wheel_file()),
        (d + "/top_level.txt", ("\n".join(project.packages) + "\n").encode("utf-8")),
    ]


def _write_wheel(directory: str, project: Project, payload: List[Tuple[str, bytes]]) -> str:
    name = "%s-%s-py3-none-any.whl" % (project.dist, project.version)
    path = os.path.join(directory, name)
    tmp = path + ".part"
    wheel = _Wheel(tmp)
    try:
        for arcname, data in sorted(payload) + _dist_info_files(project):
            wheel.add(arcname, data)
        wheel.close(project.dist_info)
    except BaseException:
        wheel.zip.close()
        os.unlink(tmp)
        raise
    os.replace(tmp, path)
    return name


# ---------------------------------------------------------------- PEP 517 hooks

def get_requires_for_build_wheel(config_settings: Optional[Dict[str, Any]] = None) -> List[str]:
    return []


def get_requires_for_build_sdist(config_settings: Optional[Dict[str, Any]] = None) -> List[str]:
    return []


def get_requires_for_build_editable(
        config_settings: Optional[Dict[str, Any]] = None) -> List[str]:
    return []


def prepare_metadata_for_build_wheel(metadata_directory: str,
                                     config_settings: Optional[Dict[str, Any]] = None) -> str:
    project = Project()
    for arcname, data in _dist_info_files(project):
        path = os.path.join(metadata_directory, *arcname.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    return project.dist_info


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_wheel(wheel_directory: str, config_settings: Optional[Dict[str, Any]] = None,
                metadata_directory: Optional[str] = None) -> str:
    project = Project()
    payload = []
    for arcname, full in project.package_files():
        with open(full, "rb") as f:
            payload.append((arcname, f.read()))
    return _write_wheel(wheel_directory, project, payload)


def build_editable(wheel_directory: str, config_settings: Optional[Dict[str, Any]] = None,
                   metadata_directory: Optional[str] = None) -> str:
    project = Project()
    # A .pth line naming a directory puts it on sys.path: the source tree.
    pth = ("_%s_editable.pth" % project.dist, (project.root + "\n").encode("utf-8"))
    return _write_wheel(wheel_directory, project, [pth])


def build_sdist(sdist_directory: str, config_settings: Optional[Dict[str, Any]] = None) -> str:
    project = Project()
    base = "%s-%s" % (project.dist, project.version)
    files: List[Tuple[str, bytes]] = [("PKG-INFO", project.metadata().encode("utf-8"))]
    extra = ["pyproject.toml", "_backend/timescale_build.py"]
    readme = project.table.get("readme")
    if isinstance(readme, str):
        extra.append(readme)
    for rel in extra:
        with open(os.path.join(project.root, rel), "rb") as f:
            files.append((rel, f.read()))
    for arcname, full in project.package_files():
        with open(full, "rb") as f:
            files.append((arcname, f.read()))
    mtime = _epoch()
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for arcname, data in sorted(files):
            info = tarfile.TarInfo("%s/%s" % (base, arcname))
            info.size, info.mtime, info.mode = len(data), mtime, 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(data))
    name = base + ".tar.gz"
    with open(os.path.join(sdist_directory, name), "wb") as out:
        with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=mtime) as gz:
            gz.write(buf.getvalue())
    return name


# ---------------------------------------------------------------- TOML

def load_toml(text: str) -> Dict[str, Any]:
    """tomllib.loads where the standard library has it (3.11+), else
    load_toml_subset."""
    try:
        import tomllib
    except ImportError:
        return load_toml_subset(text)
    return tomllib.loads(text)


_KEY = r'(?:[A-Za-z0-9_-]+|"[^"\n]*")'
_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'([^\'\n]*)\'')


def _unquote_key(key: str) -> str:
    key = key.strip()
    return key[1:-1] if key.startswith('"') else key


def _string(match: "re.Match[str]") -> str:
    if match.group(2) is not None:  # 'literal'
        return match.group(2)
    s = match.group(1)
    escapes = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c != "\\":
            out.append(c)
            i += 1
        elif s[i + 1] in escapes:
            out.append(escapes[s[i + 1]])
            i += 2
        elif s[i + 1] in "uU":
            width = 4 if s[i + 1] == "u" else 8
            out.append(chr(int(s[i + 2:i + 2 + width], 16)))
            i += 2 + width
        else:
            raise ValueError("pyproject.toml: bad escape \\%s" % s[i + 1])
    return "".join(out)


def _value(text: str, pos: int) -> Tuple[Any, int]:
    """One value at text[pos:] (after blanks): a string, a boolean, an
    integer, an array or an inline table.  Returns (value, end)."""
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    m = _STRING.match(text, pos)
    if m:
        return _string(m), m.end()
    if text.startswith("true", pos):
        return True, pos + 4
    if text.startswith("false", pos):
        return False, pos + 5
    m = re.compile(r"[+-]?\d+").match(text, pos)
    if m:
        return int(m.group()), m.end()
    if text.startswith("[", pos):
        items: List[Any] = []
        pos += 1
        while True:
            pos = _skip(text, pos)
            if text.startswith("]", pos):
                return items, pos + 1
            item, pos = _value(text, pos)
            items.append(item)
            pos = _skip(text, pos)
            if text.startswith(",", pos):
                pos += 1
            elif not text.startswith("]", pos):
                raise ValueError("pyproject.toml: expected ',' or ']' at offset %d" % pos)
    if text.startswith("{", pos):
        table: Dict[str, Any] = {}
        pos += 1
        while True:
            pos = _skip(text, pos, newlines=False)
            if text.startswith("}", pos):
                return table, pos + 1
            m = re.compile(r"(%s)\s*=" % _KEY).match(text, pos)
            if not m:
                raise ValueError("pyproject.toml: expected a key at offset %d" % pos)
            table[_unquote_key(m.group(1))], pos = _value(text, m.end())
            pos = _skip(text, pos, newlines=False)
            if text.startswith(",", pos):
                pos += 1
    raise ValueError("pyproject.toml: a value this reader does not know at offset %d: %r"
                     % (pos, text[pos:pos + 20]))


def _skip(text: str, pos: int, newlines: bool = True) -> int:
    """Past blanks (and, in arrays, newlines and comments)."""
    blanks = " \t\r\n" if newlines else " \t"
    while pos < len(text):
        if text[pos] in blanks:
            pos += 1
        elif newlines and text[pos] == "#":
            end = text.find("\n", pos)
            pos = len(text) if end < 0 else end
        else:
            break
    return pos


def load_toml_subset(text: str) -> Dict[str, Any]:
    """The TOML this pyproject.toml uses: comments, [tables] and
    [dotted.tables], and `key = value` with strings, booleans, integers,
    arrays (over several lines too) and inline tables.  Anything else is a
    ValueError, never a silent misreading."""
    root: Dict[str, Any] = {}
    table = root
    pos = 0
    header = re.compile(r"\[\s*(%s(?:\s*\.\s*%s)*)\s*\]" % (_KEY, _KEY))
    pair = re.compile(r"(%s(?:\s*\.\s*%s)*)\s*=" % (_KEY, _KEY))
    while True:
        pos = _skip(text, pos)
        if pos >= len(text):
            return root
        if text.startswith("[[", pos):
            raise ValueError("pyproject.toml: arrays of tables are not supported here")
        m = header.match(text, pos)
        if m:
            table = root
            for part in re.findall(_KEY, m.group(1)):
                table = table.setdefault(_unquote_key(part), {})
            pos = m.end()
            continue
        m = pair.match(text, pos)
        if not m:
            raise ValueError("pyproject.toml: cannot read %r" % text[pos:pos + 40])
        keys = [_unquote_key(k) for k in re.findall(_KEY, m.group(1))]
        target = table
        for k in keys[:-1]:
            target = target.setdefault(k, {})
        if keys[-1] in target:
            raise ValueError("pyproject.toml: %s is given twice" % ".".join(keys))
        target[keys[-1]], pos = _value(text, m.end())
        end = _skip(text, pos, newlines=False)
        if end < len(text) and text[end] == "#":
            end = text.find("\n", end)
            end = len(text) if end < 0 else end
        if end < len(text) and text[end] not in "\r\n":
            raise ValueError("pyproject.toml: unexpected %r after a value" % text[end:end + 20])
        pos = end
