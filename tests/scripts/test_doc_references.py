"""Every pointer from code to a document is live (issue 11.7): a
README "Heading" (or bench/README.md "Heading", ...) named in a comment or
docstring is a heading of that document, a path to a .md file exists, and
every tsc_name() the public headers' comments mention is declared there.
The header names its file formats' documents instead of repeating them,
so a renamed heading must fail here, not rot."""
import glob
import os
import re
import unittest

ROOT = os.environ.get("TSC_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..", "..")

# The code and its comments (test scripts are left out: they read the
# documents and quote them in string literals).
SOURCES = ["include/*.h", "src/*/*.c", "src/*/*.h", "cli/*.c", "cli/*.h", "tools/*.c",
           "bindings/python/timescale/*.py", "sql/*/*.c", "sql/*/*.h", "bench/*.c",
           "fuzz/*.c", "tests/*.c", "tests/*.h", "CMakeLists.txt", "*/CMakeLists.txt",
           "*/*/CMakeLists.txt", "rules/*.vocab"]

# README "A", "B" and "C"; README's "A"; bench/README.md "A".
DOC_REF = re.compile(r'(?P<doc>(?:[\w.-]+/)*README(?:\.md)?)(?:\'s)?'
                     r'(?P<names>(?:\s*(?:,|and)?\s*"[^"\n]+")+)')
MD_PATH = re.compile(r'(?<![\w/.-])((?:[\w.-]+/)+[\w.-]+\.md)\b')
API_MENTION = re.compile(r'\b(tsc_[a-z0-9_]+)\(\)')


def flatten(text):
    """Comment continuations joined, so a name split over lines is one."""
    text = re.sub(r'\n[ \t]*(?:\*(?!/)|#|//)?[ \t]*', ' ', text)
    return re.sub(r'[ \t]+', ' ', text)


def headings(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    found, fenced = set(), False
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            found.add(line.lstrip("#").strip())
    return found


def stale_references(name, text, root=ROOT):
    """The stale pointers in one file's text, as messages."""
    problems = []
    flat = flatten(text)
    for m in DOC_REF.finditer(flat):
        doc = m.group("doc")
        path = os.path.join(root, doc if doc.endswith(".md") else doc + ".md")
        if not os.path.exists(path):
            problems.append('%s: %s does not exist' % (name, doc))
            continue
        have = headings(path)
        for wanted in re.findall(r'"([^"]+)"', m.group("names")):
            if wanted not in have:
                problems.append('%s: %s has no heading "%s"' % (name, doc, wanted))
    for path in MD_PATH.findall(flat):
        in_repo = os.path.isdir(os.path.join(root, path.split("/")[0]))
        if in_repo and not os.path.exists(os.path.join(root, path)):
            problems.append("%s: %s does not exist" % (name, path))
    return problems


def declared_api(root=ROOT):
    names = set()
    for header in glob.glob(os.path.join(root, "include", "*.h")):
        with open(header, encoding="utf-8") as f:
            names.update(re.findall(r'\b(tsc_[a-z0-9_]+)\s*\(', f.read()))
    return names


class DocReferences(unittest.TestCase):
    def test_every_pointer_is_live(self):
        problems = []
        for pattern in SOURCES:
            for path in sorted(glob.glob(os.path.join(ROOT, pattern))):
                with open(path, encoding="utf-8", errors="replace") as f:
                    problems += stale_references(os.path.relpath(path, ROOT), f.read())
        self.assertEqual(problems, [])

    def test_header_mentions_only_declared_functions(self):
        api = declared_api()
        missing = []
        for header in glob.glob(os.path.join(ROOT, "include", "*.h")):
            with open(header, encoding="utf-8") as f:
                for name in API_MENTION.findall(f.read()):
                    if name not in api:
                        missing.append("%s: %s()" % (os.path.basename(header), name))
        self.assertEqual(missing, [])

    def test_the_check_can_fail(self):
        # A renamed heading, one split over comment lines, a missing document.
        text = ('/* see README "Holiday files" and README "Rule\n * packs" and\n'
                ' * README "Writing rules", "No such part"; docs/no-such.md */')
        self.assertEqual(stale_references("x.c", text), [
            'x.c: README has no heading "Holiday files"',
            'x.c: README has no heading "No such part"',
            "x.c: docs/no-such.md does not exist"])
        self.assertEqual(stale_references("y.py", '"""README "Rule packs"."""'), [])


if __name__ == "__main__":
    unittest.main()
