#!/usr/bin/env python3
"""docs/semantics.md is what docs/semantics_table.py makes of one run of
docs/semantics.lua per kernel (`make semantics`): the RFC's handles
against mainline's on 6.12 and 7.3, property by property.  Boot this
kernel's ./linux once (make check on 7.3, make KERNEL=6.12 check on
6.12); the run must exit 0 and be whole (every property observed, every
theme there), and its cells must be this kernel's columns of the
committed page, row for row: a kernel or console change that moves a cell
fails here until `make semantics` is run again and the new table is read
and committed.  The page must also be what the generator makes of its own
cells, so that nothing in it was edited by hand."""
import difflib
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import KERNEL_REPORT, ROOT, Tap, boot  # noqa: E402

sys.path.insert(0, os.path.join(ROOT, "docs"))
sys.dont_write_bytecode = True  # no docs/__pycache__
import semantics_table  # noqa: E402

PROGRAM = os.path.join(ROOT, "docs", "semantics.lua")
DOC = os.path.join(ROOT, "docs", "semantics.md")
# Fewer rows than this means properties went missing, not that they merged.
MIN_ROWS = 75
# Themes the table must cover (the first column of their first row).
THEMES = ("Who may take a handle", "Who may enter", "What keeps a netns alive",
          "The handle and its name", "Who may open() a name", "Mount namespaces",
          "PID namespaces", "User namespaces", "Limits", "Other interfaces",
          "Naming without a filesystem", "Enumeration", "Ids", "Entering several namespaces")

t = Tap()

# The run: one boot, with room for a loaded host (it takes about 20 s).
r = boot("run=" + PROGRAM, timeout=300)
t.is_(r.returncode, 0, "docs/semantics.lua exits 0")
t.ok("stack traceback" not in r.stderr and not re.search(KERNEL_REPORT, r.stderr),
     "no Lua error and no kernel report on stderr", r.stderr[-2000:])

# The run is whole, and of the kernel under test.
try:
    kernel, rows = semantics_table.parse_run(r.stdout)
    why = None
except semantics_table.RunError as e:
    kernel, rows, why = None, [], "%s\n%s" % (e, r.stdout[-2000:])
t.ok(why is None, "the run prints a kernel line, one record per property and their count", why)
series = os.environ.get("TAP_SERIES")
if series:
    t.is_(kernel, os.path.basename(series.rstrip("/")),
          "the run is on the kernel under test (TAP_SERIES)")
t.ok(len(rows) >= MIN_ROWS, "the run has at least %d properties (%d)" % (MIN_ROWS, len(rows)))
themes = [row[0] for row in rows]
missing = [theme for theme in THEMES if not any(seen.startswith(theme) for seen in themes)]
t.ok(rows and not missing, "every theme is there",
     "missing: %s\nfound: %s" % (missing, sorted(set(themes))))

# The committed page: this kernel's columns are this run's cells.
try:
    with open(DOC) as f:
        doc = f.read()
    committed = {k: semantics_table.cells_of(doc, k) for k in semantics_table.KERNELS}
    why = None
except (OSError, semantics_table.RunError) as e:
    doc, committed, why = None, None, "%s\nrun: make semantics" % e
t.ok(why is None, "docs/semantics.md is a semantics table", why)


def lines(rows):
    return ["%s | %s | RFC: %s | mainline: %s | %s\n" % row for row in rows]


# The host's tools' rows hold for the versions their theme names: on a
# host with other versions (Debian 13's), they are left out of the
# comparison, and it says so.
TOOLS = "The host's tools"


def tool_theme(rows):
    return next((row[0] for row in rows if row[0].startswith(TOOLS)), None)


if committed and kernel in committed and tool_theme(committed[kernel]) != tool_theme(rows):
    t.diag("not compared: the rows of %r; this run's are %s"
           % (tool_theme(committed[kernel]),
              repr(tool_theme(rows)) if tool_theme(rows) else "none (see its stderr)"))
    committed[kernel] = [row for row in committed[kernel] if not row[0].startswith(TOOLS)]
    rows = [row for row in rows if not row[0].startswith(TOOLS)]

if committed and kernel in committed:
    why = "".join(difflib.unified_diff(lines(committed[kernel]), lines(rows),
                                       "docs/semantics.md (%s's columns)" % kernel, "this run"))
    why += "\nif the new cells are right, run: make semantics (it boots both kernels)"
    t.ok(committed[kernel] == rows, "docs/semantics.md's %s columns are this run's cells" % kernel,
         why)
else:
    t.ok(False, "docs/semantics.md's columns for this run's kernel are there", "kernel %r" % kernel)

# The page is what the generator makes of its cells: header, "differs",
# the RFC cells of both kernels and the counts were not edited by hand.
try:
    # Every row, the tools' too: the page as committed.
    again = semantics_table.page({k: semantics_table.cells_of(doc, k)
                                  for k in semantics_table.KERNELS}) if committed else None
    why = "".join(difflib.unified_diff((doc or "").splitlines(True), (again or "").splitlines(True),
                                       "docs/semantics.md", "docs/semantics_table.py of its cells"))
except semantics_table.RunError as e:
    again, why = None, str(e)
t.ok(again is not None and again == doc,
     "docs/semantics.md is what docs/semantics_table.py makes of its cells", why)
t.ok(doc and "Generated by `make semantics`" in doc and "do not edit by hand" in doc,
     "the header says how the document is made")
t.done()
