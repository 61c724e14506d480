#!/usr/bin/env python3
"""Host test of make storyboard: docs/storyboard draws two scenarios step by
step (one boot each, storyboard=DIR), every step gets its picture and its
TAP lines on the page, and docs/storyboard-check finds them all in a real
browser; a deleted picture must fail the check, named, or the check
proves nothing."""
import html
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import LINUX, LINUX_ARGS, ROOT, Tap, boot, data  # noqa: E402

SCENARIOS = ("pin_by_fd", "pin_by_bind_mount")

t = Tap()
tmp = tempfile.mkdtemp()
good = os.path.join(tmp, "good")


def run(tool, *args):
    return subprocess.run([os.path.join(ROOT, "docs", tool), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "LINUX": LINUX})


def read(*path):
    with open(os.path.join(*path)) as f:
        return f.read()


def nonempty(*path):
    return os.path.isfile(os.path.join(*path)) and os.path.getsize(os.path.join(*path)) > 0


def steps(name):
    """steps.txt as the guest wrote it: [(N, title)]."""
    rows = [line.split("\t", 1) for line in read(good, name, "steps.txt").splitlines()]
    return [(int(n), title) for n, title in rows]


r = run("storyboard", good, *SCENARIOS)
t.is_(r.returncode, 0, "docs/storyboard draws both scenarios; both pass")
t.ok(all(os.path.isfile(os.path.join(good, f)) for f in ("index.html", "storyboard.css")),
     "it writes the index and its style sheet")
index = read(good, "index.html")
for name in SCENARIOS:
    listed = steps(name) if os.path.isfile(os.path.join(good, name, "steps.txt")) else []
    page = read(good, name + ".html") if nonempty(good, name + ".html") else ""
    stream = read(good, name, "tap.txt")
    t.ok(listed and [n for n, _ in listed] == list(range(1, len(listed) + 1)),
         "%s: steps.txt lists steps 1..%d" % (name, len(listed)), r.stdout + r.stderr)
    t.is_(["# step %d: %s" % step for step in listed],
          [line for line in stream.splitlines() if line.startswith("# step ")],
          "%s: the TAP marks the same steps" % name)
    t.ok(all(nonempty(good, name, "step-%d.svg" % n) for n, _ in listed),
         "%s: every step has its svg" % name)
    t.ok(all("Step %d: %s</h2>" % (n, html.escape(title)) in page for n, title in listed),
         "%s: the page has each step's title" % name)
    t.ok('data-steps="%d"' % len(listed) in page, "%s: the page declares %d steps"
         % (name, len(listed)))
    # The "# step N:" lines are the headings.
    lost = [line for line in stream.splitlines()
            if not line.startswith("# step ") and html.escape(line) not in page]
    t.ok(not lost, "%s: every other line of its TAP is on the page" % name, "\n".join(lost))
    t.like(index, 'href="%s.html"' % name, "%s: the index links it" % name)

r = run("storyboard-check", good)
t.ok(r.returncode == 0 and "not ok" not in r.stdout, "docs/storyboard-check passes in chromium",
     r.stdout + r.stderr)
shot = os.path.join(good, "screenshot.png")
t.like(r.stdout, "# screenshot: " + shot, "it names its screenshot")
t.ok(nonempty(shot) and os.path.getsize(shot) > 20 * 1024, "which is on disk")

# One picture gone: the check must fail, and name it.
bad = os.path.join(tmp, "bad")
shutil.copytree(good, bad)
gone = "pin_by_fd/step-%d.svg" % len(steps("pin_by_fd"))
os.remove(os.path.join(bad, gone))
r = run("storyboard-check", bad)
t.is_(r.returncode, 1, "with %s deleted, docs/storyboard-check fails" % gone)
t.like(r.stdout, "missing " + gone, "naming the missing picture")

# The boot word by hand: a directory relative to ./linux's own, and one
# that is not there (a clear bail-out naming the word, not a traceback only).
os.mkdir(os.path.join(tmp, "relative"))
r = boot("run=pin_by_fd", "storyboard=relative", cwd=tmp)
t.ok(r.returncode == 0 and nonempty(tmp, "relative", "step-1.dot"),
     "storyboard=DIR relative to the current directory", r.stdout[-500:] + r.stderr[-500:])
r = boot("run=pin_by_fd", "storyboard=no-such-dir", cwd=tmp)
t.is_(r.returncode, 2, "storyboard=DIR that does not exist: bail out, status 2")
t.like(r.stdout, "Bail out! storyboard=no-such-dir: ENOENT: No such file or directory (%s/"
       % tmp, "before any test, naming the word and why")

# Two runs on one DIR at once: the second refuses before it draws
# anything, and the first's steps stay its own.
shared = os.path.join(tmp, "shared")
os.mkdir(shared)
hold = subprocess.Popen([LINUX, "quiet", *LINUX_ARGS, "run=" + data("storyboard_hold.lua"),
                         "storyboard=" + shared], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE, text=True, start_new_session=True)
for _ in range(300):
    if os.path.exists(os.path.join(shared, "steps.txt")) or hold.poll() is not None:
        break
    time.sleep(0.1)
r = boot("run=" + data("storyboard_hold.lua"), "storyboard=" + shared)
out, err = hold.communicate("", timeout=60)
t.is_(r.returncode, 2, "a second run on a DIR in use: bail out, status 2")
t.like(r.stdout, "Bail out! storyboard=%s: EBUSY: " % shared, "naming the word and EBUSY")
t.like(r.stdout, "host pid %d draws in %s" % (hold.pid, shared), "and the run that has it")
t.is_((hold.returncode, read(shared, "steps.txt")),
      (0, "1\tbefore the pause\n2\tafter the pause\n"),
      "the first run passes, its steps.txt its own")
t.is_(sorted(os.listdir(shared)), ["step-1.dot", "step-2.dot", "steps.txt"],
      "and it leaves no marker")

# A marker left by a run that is gone (killed) is no obstacle, and goes.
stale = os.path.join(shared, ".storyboard-999999999-1")
open(stale, "w").close()
r = boot("run=" + data("storyboard_hold.lua"), "storyboard=" + shared)
t.ok(r.returncode == 0 and not os.path.exists(stale),
     "a dead run's marker: the run passes and removes it", r.stdout + r.stderr)

shutil.rmtree(tmp)
t.done()
