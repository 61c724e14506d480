#!/usr/bin/env python3
"""The README and docs/*.md against the tree: what they count or name must
be what the tree holds.  The README stays a short start (at most
README_MAX_LINES lines); every relative link and every repository path
they name exists; the counts that go stale when the tree moves on (patches
per series, the series' selftest's tests, the syscall numbers, the semantics table's
totals, the scenario list) are compared with the files they count; each
row of docs/figures.md says when, and at which commit, it was measured.
A claim this test looks for and cannot find fails too: reword a count
away, or change the pattern here with it."""
import glob
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import ROOT, Tap  # noqa: E402

README_MAX_LINES = 200
KERNELS = ("7.3", "6.12")
WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}

t = Tap()


def path(*parts):
    return os.path.join(ROOT, *parts)


def read(rel):
    with open(path(rel)) as f:
        return f.read()


DOCS = ["README.md"] + sorted(os.path.relpath(p, ROOT) for p in glob.glob(path("docs", "*.md")))
TEXT = {doc: read(doc) for doc in DOCS}


def number(word):
    """An integer written in digits or as a small English word."""
    return int(word) if word.isdigit() else WORDS.get(word.lower())


def claim(doc, pattern):
    """The match of a claim in a document, its lines joined, or None (then
    the test says so)."""
    return re.search(pattern, re.sub(r"\s+", " ", TEXT.get(doc, "")))


def series(kernel):
    """The RFC patches of a series (not um/), grouped by the comment above them."""
    groups, current = [], None
    for line in read("kernel/%s/series" % kernel).splitlines():
        if line.startswith("#"):
            current = None
        elif line.strip() and not line.startswith("um/"):
            if current is None:
                current = []
                groups.append(current)
            current.append(line.strip())
    return groups


# The README is a start, not the manual.
lines = TEXT["README.md"].count("\n")
t.ok(lines <= README_MAX_LINES, "README.md has at most %d lines (%d)" % (README_MAX_LINES, lines),
     "move the long form to docs/ and link it")


# Every relative link resolves: the file, and the heading an anchor names.
def slug(heading):
    """GitHub's anchor for a heading."""
    heading = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return heading.replace(" ", "-")


def anchors(rel):
    text = read(rel)
    text = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
    return {slug(h) for h in re.findall(r"^#+ (.*)$", text, re.M)}


for doc in DOCS:
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", TEXT[doc]):
        if re.match(r"[a-z]+:", target):
            continue  # http:, mailto:: not this test's business
        file, _, anchor = target.partition("#")
        rel = os.path.normpath(os.path.join(os.path.dirname(doc), file)) if file else doc
        if not os.path.exists(path(rel)):
            broken.append("%s: no such file" % target)
        elif anchor and rel.endswith(".md") and anchor not in anchors(rel):
            broken.append("%s: no heading for #%s in %s" % (target, anchor, rel))
    t.ok(not broken, "%s: every relative link resolves" % doc, "\n".join(broken))

# Every repository path named in code spans exists.  Placeholders
# (<version>, NAME, N...) and generated places (build/) are skipped; a
# glob must match something, and a patch may be named by its number
# (kernel/6.12/um/0013).
TOP = ("kernel/", "uml-config/", "console/", "tap/", "scripts/", "tests/", "docs/", ".ci/")
# Named on purpose, though not in this tree: the kernel tree's own files
# (whose top directories share names with ours) and a one-off fragment a
# figure says was not kept.
ELSEWHERE = {"scripts/checkpatch.pl", "kernel/nsproxy.c", "uml-config/nopreempt.config"}


def repo_paths(text):
    for span in re.findall(r"`([^`\n]+)`", text):
        for word in span.split():
            word = re.sub(r"^\$PWD/", "", word).rstrip(".,;:)")
            if word.startswith(TOP) and not re.search(r"<|[A-Z]{2,}|\bN\b", word):
                yield word


for doc in DOCS:
    if doc == "docs/semantics.md":
        continue  # generated, and checked against a run by semantics.t
    missing = sorted({p for p in repo_paths(TEXT[doc])
                      if p not in ELSEWHERE and not glob.glob(path(p)) and not glob.glob(path(p) + "-*")})
    t.ok(not missing, "%s: every repository path it names exists" % doc, "\n".join(missing))

# The RFC series: how many patches, which port the RFC and which go beyond.
m = claim("docs/kernel.md", r"(\w+) patches on Debian's 7\.3 and 6\.12: (\d{4})-(\d{4}) port "
          r"the RFC, (\d{4})-(\d{4}) go beyond it, (\d{4}) is its selftest")
for kernel in KERNELS:
    groups = series(kernel)
    found = [p[:4] for p in sum(groups, [])]
    said = None
    if m:
        said = "%d patches, %s-%s and %s-%s and %s-%s" % ((number(m.group(1)) or -1,)
                                                          + m.group(2, 3, 4, 5, 6, 6))
    real = "%d patches, %s" % (len(found), " and ".join(
        "%s-%s" % (g[0][:4], g[-1][:4]) for g in groups))
    t.is_(said, real, "docs/kernel.md counts kernel/%s/series's RFC patches and their three parts"
          % kernel)
    missing = [p for p in sum(groups, []) if not os.path.exists(path("kernel", kernel, p))]
    t.ok(not missing, "every patch kernel/%s/series lists exists" % kernel, "\n".join(missing))

# The syscall numbers, 7.3 / 6.12, from the patch that wires up the tables.
for call in ("nsfd", "nsfd_setns"):
    m = claim("docs/kernel.md", r"\| `int %s\([^|]*\| (\d+) / (\d+) \|" % call)
    said = m.group(1, 2) if m else None
    real = []
    for kernel in KERNELS:
        patch = "".join(open(p).read() for p in glob.glob(path("kernel", kernel, "0*-x86-*.patch")))
        nrs = set(re.findall(r"^\+(\d+)\s+(?:common|i386)\s+%s\s" % call, patch, re.M))
        real.append(nrs.pop() if len(nrs) == 1 else sorted(nrs))
    t.is_(said, tuple(real), "docs/kernel.md gives %s's number on 7.3 / 6.12 "
          "(x86-64 and i386 alike)" % call)

# The series' selftest (patch 0006): its tests, counted in the patch as
# kselftest_harness.h counts them: a TEST once, a TEST_F once for each
# FIXTURE_VARIANT_ADD of its fixture (once if it has none).
SELFTEST_DIR = "tools/testing/selftests/nsfd/"


def selftest(kernel):
    """{program: [test names as the harness prints them]} from the patch."""
    programs = {}
    for patch in glob.glob(path("kernel", kernel, "0006-selftests-nsfd-*.patch")):
        for name, body in re.findall(r"^diff --git a/(\S+) b/\S+\n(.*?)(?=^diff --git |\Z)",
                                     read(os.path.relpath(patch, ROOT)), re.M | re.S):
            if not (name.startswith(SELFTEST_DIR) and name.endswith("_test.c")):
                continue
            text = "\n".join(line[1:] for line in body.splitlines() if line.startswith("+"))
            variants = {}
            for fixture, variant in re.findall(r"^FIXTURE_VARIANT_ADD\((\w+), (\w+)\)", text, re.M):
                variants.setdefault(fixture, []).append(variant)
            tests = ["global." + n for n in re.findall(r"^TEST\((\w+)\)", text, re.M)]
            for fixture, test in re.findall(r"^TEST_F\((\w+), (\w+)\)", text, re.M):
                tests += ["%s.%s.%s" % (fixture, v, test) for v in variants[fixture]] \
                    if fixture in variants else ["%s.%s" % (fixture, test)]
            programs[os.path.basename(name)[:-2]] = tests
    return programs


SELFTESTS = {kernel: selftest(kernel) for kernel in KERNELS}
counts = {kernel: {p: len(tests) for p, tests in SELFTESTS[kernel].items()} for kernel in KERNELS}
t.ok(counts["7.3"] and counts["7.3"] == counts["6.12"],
     "patch 0006 has the same selftest programs and tests on 7.3 and 6.12", str(counts))
real = counts["7.3"]
m = claim("docs/kernel.md", r"`tools/testing/selftests/nsfd/` \(patch 0006.*?: (\d+) tests in "
          r"(\w+) programs")
t.is_(m and (int(m.group(1)), number(m.group(2))), (sum(real.values()), len(real)),
      "docs/kernel.md gives the selftest's tests and programs")
porting = re.sub(r"\s+", " ", read("kernel/PORTING.md"))
m = re.search(r"became (\d+) tests in (\w+) programs, every check present \(the table below\): "
              r"((?:`\w+` \d+.*?)+);", porting)
said = dict((p, int(n)) for p, n in re.findall(r"`(\w+)` (\d+)", m.group(3))) if m else None
t.is_(said, real, "kernel/PORTING.md gives each selftest program's tests")
t.is_(m and int(m.group(1)), sum(real.values()), "kernel/PORTING.md gives the selftest's total")
# Its table maps each check of the program the selftest replaced to a test.
rows = re.findall(r"^\| (\d+) \| .* \| `([\w.]+)`[^|]*\| (\w+) \|$", read("kernel/PORTING.md"), re.M)
names = {n: p for p, tests in SELFTESTS["7.3"].items() for n in tests}
wrong = ["%s: %s" % (i, n) for i, n, prog in rows if names.get(n) != "nsfd_%s_test" % prog]
t.ok(rows and [int(i) for i, _, _ in rows] == list(range(1, len(rows) + 1)) and not wrong,
     "kernel/PORTING.md maps %d old checks, each to a test of the program it names" % len(rows),
     "\n".join(wrong))

# tap/boot's bound on a boot.
real = re.search(r"^limit=\$\{TAP_TIMEOUT:-(\d+)\}$", read("tap/boot"), re.M)
m = claim("docs/running.md", r"timeout, default (\d+) s, `TAP_TIMEOUT`")
t.is_(m and m.group(1), real and real.group(1), "docs/running.md gives tap/boot's default timeout")

# The semantics table's totals, from the generated table itself.
real = re.search(r"^(\d+) properties, (\d+) differ\.$", TEXT["docs/semantics.md"], re.M)
m = claim("docs/scenarios.md", r"\((\d+) properties, (\d+) differ\)")
t.is_(m and m.group(1, 2), real and real.group(1, 2),
      "docs/scenarios.md gives docs/semantics.md's property and difference counts")

# The scenario table lists exactly the built-in scenarios.
m = re.search(r"^\| scenario \| what it shows \|\n\| --- \| --- \|\n((?:\|.*\n)+)",
              TEXT["docs/scenarios.md"], re.M)
listed = sorted(re.findall(r"^\| `(\w+)` \|", m.group(1), re.M)) if m else None
real = sorted(os.path.basename(p)[:-4] for p in glob.glob(path("scripts", "*.lua")))
t.is_(listed, real, "docs/scenarios.md's scenario table lists every scripts/*.lua, no other")

# Each figure says when and at which commit; a commit named must exist.
rows = [line for line in TEXT.get("docs/figures.md", "").splitlines()
        if line.startswith("|") and not line.startswith("| ---")
        and not re.match(r"\| (figure|`UML_CONFIG`) \|", line)]
COMMIT = r"\b(?=[0-9a-f]*[a-f])[0-9a-f]{7,12}\b"
undated = [row[:80] for row in rows
           if not re.search(r"\b20\d\d-\d\d-\d\d\b", row) or not re.search(COMMIT, row)]
t.ok(rows and not undated, "every row of docs/figures.md has a date and a commit (%d rows)"
     % len(rows), "\n".join(undated))
shallow = shutil.which("git") and subprocess.run(
    ["git", "-C", ROOT, "rev-parse", "--is-shallow-repository"], capture_output=True, text=True)
if not shallow or shallow.returncode != 0 or shallow.stdout.strip() != "false":
    t.ok(True, "the commits docs/figures.md names exist # SKIP no full git history here")
else:
    named = sorted(set(re.findall(COMMIT, "\n".join(rows))))
    unknown = [c for c in named
               if subprocess.run(["git", "-C", ROOT, "cat-file", "-e", c + "^{commit}"],
                                 capture_output=True).returncode != 0]
    t.ok(named and not unknown, "the %d commits docs/figures.md names exist" % len(named),
         "\n".join(unknown))
t.done()
