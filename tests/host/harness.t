#!/usr/bin/env python3
"""Host tests of the harness glue: tap/boot's verdicts for a hung or
killed guest or one out of memory, and uml-config/validate failing on a
dropped option."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import KUNIT, LINUX_ARGS, ROOT, Tap  # noqa: E402

t = Tap()
tmp = tempfile.mkdtemp()


def write(name, text, mode=0o644):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)
    return path


def boot(script, *words, env=None):
    return subprocess.run([os.path.join(ROOT, "tap", "boot"), script, *words], cwd=ROOT,
                          capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


# Blocked, not spinning: a hang costs the host no CPU while it waits.
hang = write("hangs_forever.lua", 'print("TAP version 13\\n1..1")\nproc.sleep(3600)\n')
r = boot(hang, env={"TAP_TIMEOUT": "1"})
t.is_(r.returncode, 2, "a hung guest is a harness error (status 2)")
t.like(r.stdout, "Bail out! hangs_forever: timed out after 1 s",
       "the bail-out names the scenario and the limit")
t.is_(subprocess.run(["pgrep", "-f", "run=" + hang], capture_output=True).returncode, 1,
      "no guest is left running after the timeout")

p = subprocess.run(["prove", "--exec", "tap/boot", hang], cwd=ROOT, capture_output=True,
                   text=True, env={**os.environ, "TAP_TIMEOUT": "1"})
t.ok(p.returncode != 0 and "Result: FAIL" in p.stdout, "prove counts a hung guest as a failure",
     p.stdout)

dies = write("dies", "#!/bin/sh\nkill -SEGV $$\n", 0o755)
r = boot("scripts/smoke.lua", env={"LINUX": dies})
t.is_((r.returncode, r.stdout.strip()), (2, "Bail out! smoke: ./linux killed by signal 11"),
      "a guest killed by a signal is a harness error naming the signal")

odd = write("odd_status", "#!/bin/sh\nexit 5\n", 0o755)
r = boot("scripts/smoke.lua", env={"LINUX": odd})
t.is_((r.returncode, r.stdout.strip()), (2, "Bail out! smoke: ./linux exited with 5"),
      "a status outside 0-2 is reported, not passed through")

# Out of memory: a scenario whose plan passed still fails, and says why.
# In 32 MiB unless the configuration needs more (the debug kernel): the
# default 64 MiB took 2.3 s to run out, mostly reclaim's waits.
small = [] if any(w.startswith("mem=") for w in LINUX_ARGS) else ["mem=32M"]
r = boot(os.path.join("tests", "data", "oom.lua"), *small)
t.ok(r.returncode == 2 and "ok 1 - before the OOM" in r.stdout
     and "init: out of memory: the OOM killer ended the session" in r.stderr,
     "a scenario the OOM killer ends is a failure that names the OOM killer",
     r.stdout + r.stderr[-1000:])
p = subprocess.run(["prove", "--exec", "tap/boot", "tests/data/oom.lua"], cwd=ROOT,
                   capture_output=True, text=True,
                   env={**os.environ, "LINUX_ARGS": " ".join(LINUX_ARGS + small)})
t.ok(p.returncode != 0 and "Result: FAIL" in p.stdout, "prove counts it as a failure", p.stdout)

# The debug configuration's log scan: a report fails a boot that passed.
reports = write("reports", "#!/bin/sh\necho 'TAP version 13'; echo 1..1; echo 'ok 1 - fine'\n"
                "echo '<4>BUG: KASAN: slab-use-after-free in nsfd_evict+0x1/0x2' >&2\n", 0o755)
r = boot("scripts/smoke.lua", env={"LINUX": reports, "TAP_SCAN_KERNEL_LOG": "1"})
t.is_((r.returncode, r.stdout.splitlines()[-1]),
      (2, "Bail out! smoke: the kernel reported: <4>BUG: KASAN: slab-use-after-free in nsfd_evict+0x1/0x2"),
      "with TAP_SCAN_KERNEL_LOG=1 a kernel report fails a passing boot")
t.like(r.stderr, "slab-use-after-free", "the kernel log still reaches stderr")
clean = write("clean", "#!/bin/sh\necho 'TAP version 13'; echo 1..1; echo 'ok 1 - fine'\n"
              "echo '<6>Linux version 6.12' >&2\n", 0o755)
r = boot("scripts/smoke.lua", env={"LINUX": clean, "TAP_SCAN_KERNEL_LOG": "1"})
t.is_(r.returncode, 0, "a clean kernel log passes")

# TAP_KUNIT: a stream prove passes but kunit.py parse reads as failed (a
# subtest prove does not read) fails the boot; a skip-all plan, which
# kunit.py cannot read, does not.
subtest = write("subtest", "#!/bin/sh\nprintf 'TAP version 13\\n1..1\\n    # Subtest: x\\n    1..2\\n"
                "    ok 1 - y\\n    not ok 2 - z\\nok 1 - x\\n'\n", 0o755)
r = boot("scripts/smoke.lua", env={"LINUX": subtest, "TAP_KUNIT": KUNIT})
t.is_((r.returncode, r.stdout.splitlines()[-1]),
      (2, "Bail out! smoke: kunit.py parse reads it otherwise: "
          "Testing complete. Ran 2 tests: passed: 1, failed: 1"),
      "with TAP_KUNIT, a stream kunit.py reads as failed fails a passing boot")
skip_all = write("skip_all", "#!/bin/sh\necho 'TAP version 13'; echo '1..0 # SKIP not here'\n", 0o755)
r = boot("scripts/smoke.lua", env={"LINUX": skip_all, "TAP_KUNIT": KUNIT})
t.is_((r.returncode, r.stdout), (0, "TAP version 13\n1..0 # SKIP not here\n"),
      "a skip-all plan passes through untouched")

# uml-config/validate: an option Kconfig dropped stops the build, named.
config = write("config", "CONFIG_A=y\nCONFIG_B=\"x\"\n# CONFIG_D is not set\n")
good = write("good.config", "CONFIG_A=y\nCONFIG_B=\"x\"\n# CONFIG_C is not set\n")
bad = write("bad.config", "CONFIG_A=y\nCONFIG_E=y\nCONFIG_B=\"y\"\n# CONFIG_A is not set\n")
validate = os.path.join(ROOT, "uml-config", "validate")
r = subprocess.run([validate, config, good], capture_output=True, text=True)
t.is_(r.returncode, 0, "validate accepts a fragment that survived")
r = subprocess.run([validate, config, bad], capture_output=True, text=True)
t.ok(r.returncode == 1 and "CONFIG_E=y" in r.stderr and 'CONFIG_B="y"' in r.stderr
     and "CONFIG_A is not set (it is set)" in r.stderr and "3 requested option(s)" in r.stderr,
     "validate fails naming every dropped or changed option", r.stderr)
later = write("later.config", "CONFIG_A=y\n# CONFIG_B is not set\n")
r = subprocess.run([validate, write("config2", "CONFIG_A=y\n"), good, later],
                   capture_output=True, text=True)
t.is_((r.returncode, r.stderr), (0, ""), "a later fragment's setting of an option wins")
t.done()
