#!/usr/bin/env python3
"""Host tests of the fuzzer's driver (tests/fuzz/fuzz): a failure that needs
two ops, planted with fuzz_inject=, is shrunk to exactly those two, and
written out as a replay that fails again."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import BUILD_TESTS, ROOT, Tap  # noqa: E402

t = Tap()
SEED = 424242
program = os.path.join(BUILD_TESTS, "nsfd_fuzz")
env = {**os.environ, "TAP_SCAN_KERNEL_LOG": ""}
r = subprocess.run([os.path.join(ROOT, "tests", "fuzz", "fuzz"), "--seed", str(SEED),
                    "--ops", "48", "--secs", "20", "--procs", "1", "--threads", "1",
                    "--inject", "5,31", "--program", program],
                   cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)
out = r.stdout + r.stderr
t.is_(r.returncode, 1, "a failing run makes the driver exit 1")
t.like(out, "not ok 1 - ", "the run's own TAP says which check failed")
t.ok(re.search(r"^# shrunk to 2 ops in \d+ boots, \d+ s: fuzz_keep=5,31$", out, re.M),
     "the two ops the failure needs, and no other, are what is left", out[-2000:])

repro = os.path.join(ROOT, "build", "fuzz", "repro-%d.sh" % SEED)
text = open(repro).read() if os.path.exists(repro) else ""
t.like(text, "fuzz_seed=%d " % SEED, "the reproducer names the seed")
t.ok(re.search(r"^# op 5 w0\.0 \w+:", text, re.M) and re.search(r"^# op 31 w0\.0 \w+:", text, re.M),
     "it lists each op it replays, decoded", text)
again = subprocess.run(["sh", repro], cwd=ROOT, capture_output=True, text=True, env=env,
                       timeout=120)
t.ok(again.returncode == 1 and "not ok 1 - 2 ops" in again.stdout,
     "running it fails the same way again", again.stdout[-2000:])

bad = subprocess.run([os.path.join(ROOT, "tap", "boot"), program, "fuzz_baseline=1+0,2"],
                     cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
t.ok(bad.returncode == 2 and "Bail out! fuzz_baseline=1+0,2: want 7 counts" in bad.stdout,
     "a malformed baseline is refused, saying what it wants", bad.stdout)
t.done()
