#!/usr/bin/env python3
"""The manual pages of the RFC's calls, docs/man/nsfd.2 and
docs/man/nsfd_setns.2, in man-pages' own format: groff -ww finds nothing
to warn about, the sections man-pages has are there, every errno the
call's code in the series returns is in ERRORS, and VERSIONS gives the
syscall numbers each series' table takes.  Read them with
`man -l docs/man/nsfd.2`."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import ROOT, Tap  # noqa: E402

SECTIONS = ("NAME", "LIBRARY", "SYNOPSIS", "DESCRIPTION", "RETURN VALUE", "ERRORS",
            "VERSIONS", "STANDARDS", "HISTORY", "SEE ALSO")
# The code each call's errors come from, by the function that holds it.
CODE = {"nsfd": ("SYSCALL_DEFINE2(nsfd,", "nsfd_get_task_ns(pid_t"),
        "nsfd_setns": ("SYSCALL_DEFINE2(nsfd_setns,",)}
# What the code leaves to a callee: an fd table (nsfd) or allocation.
FROM_CALLEES = {"nsfd": {"EMFILE", "ENFILE", "ENOMEM"}, "nsfd_setns": {"ENOMEM"}}

t = Tap()


def read(path):
    with open(os.path.join(ROOT, path)) as f:
        return f.read()


def section(page, name):
    m = re.search(r"^\.SH %s\n(.*?)(?=^\.SH |\Z)" % re.escape(name), page, re.M | re.S)
    return m.group(1) if m else ""


def function_body(patch, head):
    """The added lines of the function whose definition starts with head."""
    start = patch.index("+" + head) if ("+" + head) in patch else patch.index(head)
    end = patch.index("\n+}\n", start)
    return patch[start:end]


def syscall_numbers(kernel):
    table = read("kernel/%s/0003-x86-syscalls-wire-up-nsfd-and-nsfd_setns.patch" % kernel)
    return {name: int(nr) for nr, name in
            re.findall(r"^\+(\d+)\s+common\s+(nsfd\w*)\s", table, re.M)}


rfc = read("kernel/7.3/0001-ns-add-nsfd-and-the-RFC-s-setns-on-an-nsfd-filesyste.patch")
numbers = {k: syscall_numbers(k) for k in ("7.3", "6.12")}
for call in ("nsfd", "nsfd_setns"):
    path = "docs/man/%s.2" % call
    page = read(path)
    lint = subprocess.run(["groff", "-ww", "-z", "-man", "-t", os.path.join(ROOT, path)],
                          capture_output=True, text=True, env=dict(os.environ, LC_ALL="C.UTF-8"))
    t.ok(lint.returncode == 0 and not lint.stderr, "%s: groff -ww -man warns of nothing" % path,
         lint.stderr)
    t.ok(page.startswith(".\\\" ") and re.search(r"^\.TH %s 2 \d{4}-\d\d-\d\d " % call, page, re.M),
         "%s: a man-pages header (.TH %s 2 DATE)" % (path, call))
    missing = [s for s in SECTIONS if not section(page, s)]
    t.ok(not missing, "%s: the sections of a man-pages page" % path, "missing: %s" % missing)
    returned = set()
    for head in CODE[call]:
        returned |= set(re.findall(r"-(E[A-Z]+)\b", function_body(rfc, head)))
    returned |= FROM_CALLEES[call]
    listed = set(re.findall(r"^\.B (E[A-Z]+)$", section(page, "ERRORS"), re.M))
    t.is_(sorted(listed), sorted(returned),
          "%s: ERRORS lists what the code in the series returns (%s)"
          % (path, ", ".join(sorted(returned))))
    versions = section(page, "VERSIONS")
    want = "%d on x86-64 and i386 on Linux 7.3,\nand %d on Linux 6.12" % (
        numbers["7.3"].get(call, -1), numbers["6.12"].get(call, -1))
    t.like(versions, want, "%s: VERSIONS gives the numbers of both series' tables" % path)
t.done()
