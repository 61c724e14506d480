#!/usr/bin/env python3
"""Host tests of the harness glue: tap/boot's verdicts for a hung or
killed guest or one out of memory, prove on a user's own scenario from any
directory and what it shows of a failure, and uml-config/validate failing
on a dropped option."""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import KUNIT, LINUX, LINUX_ARGS, ROOT, Tap  # noqa: E402

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

# A user's own scenario under prove, from a directory outside the
# checkout, named relative to it: the README's command.  Without LINUX,
# tap/boot boots the linux beside its own tap/ directory (a copy of tap/
# with a fake linux that names its run= word, so that every variant's
# make check can test it); scripts/NAME.lua is the built-in scenario only
# in the checkout's own scripts/.
checkout = os.path.join(tmp, "checkout")
os.makedirs(os.path.join(checkout, "tap"))
os.mkdir(os.path.join(checkout, "scripts"))
for f in ("boot", "failures", "kernel-report.ere"):
    shutil.copy(os.path.join(ROOT, "tap", f), os.path.join(checkout, "tap", f))
write(os.path.join(checkout, "linux"),
      "#!/bin/sh\nprintf 'TAP version 13\\n1..1\\nok 1 - %s\\n' \"$2\"\n", 0o755)
elsewhere = os.path.join(tmp, "elsewhere")
os.makedirs(os.path.join(elsewhere, "scripts"))
no_linux = {k: v for k, v in os.environ.items() if k != "LINUX"}
for cwd, script, want, name in (
        (elsewhere, "mine.lua", "run=%s/mine.lua" % elsewhere,
         "without LINUX, from another directory: the checkout's linux, the file from there"),
        (elsewhere, "scripts/mine.lua", "run=%s/scripts/mine.lua" % elsewhere,
         "scripts/NAME.lua outside the checkout is the user's file"),
        (checkout, "scripts/smoke.lua", "run=smoke",
         "scripts/NAME.lua in the checkout is the built-in scenario")):
    r = subprocess.run([os.path.join(checkout, "tap", "boot"), script], cwd=cwd,
                       capture_output=True, text=True, env=no_linux)
    t.is_((r.returncode, r.stdout.splitlines()[-1:]), (0, ["ok 1 - " + want]), name)

# A real boot: one failing test of a scenario in another directory.  A
# prove that is not verbose shows the failed test's name, got, expected
# and where on stderr; prove -v shows its YAML block in the stream, once.
fails = write(os.path.join("elsewhere", "fails.lua"),
              'local tap = require "tap"\ntap.plan(2)\ntap.ok(true, "first")\n'
              'tap.is(1 + 1, 3, "arithmetic is broken")\ntap.done_testing()\n')
quiet = {k: v for k, v in os.environ.items() if k != "HARNESS_IS_VERBOSE"}
quiet["LINUX"] = LINUX
boot_cmd = os.path.join(ROOT, "tap", "boot")
p = subprocess.run(["prove", "--exec", boot_cmd, "fails.lua"], cwd=elsewhere,
                   capture_output=True, text=True, env=quiet)
t.ok(p.returncode != 0 and "Failed test:  2" in p.stdout, "prove from another directory runs "
     "fails.lua and fails test 2", p.stdout + p.stderr)
t.like(p.stderr, '# not ok 2 - arithmetic is broken\n#   ---\n#   message: "got is not what was '
       'expected"\n#   got: 2\n#   expected: 3\n#   at: "/host%s:4"\n#   ...\n' % fails,
       "prove shows the failed test's name, got, expected and where on stderr")
t.ok("not ok 1" not in p.stderr and "first" not in p.stderr, "and nothing of a test that passed",
     p.stderr)
p = subprocess.run(["prove", "-v", "--exec", boot_cmd, os.path.relpath(fails, ROOT)], cwd=ROOT,
                   capture_output=True, text=True, env=quiet)
t.ok('not ok 2 - arithmetic is broken\n  ---\n  message: "got is not what was expected"\n'
     '  got: 2\n  expected: 3\n' in p.stdout and "# not ok" not in p.stderr,
     "prove -v from the checkout shows the YAML block in the stream, and no copy on stderr",
     p.stdout + p.stderr)

# tap/failures alone: TAP passes through byte for byte, a failed test's
# diagnostics before it and YAML block after it go to stderr; a TODO
# failure's do not.
stream = (b"TAP version 13\n1..3\n# unrelated\nok 1 - a\n# errno EPERM, want EBADF\n"
          b"not ok 2 - b\n  ---\n  at: \"x.c:7\"\n  ...\n# after\nnot ok 3 - c # TODO later\n"
          b"  ---\n  at: \"x.c:9\"\n  ...\n\xff\n")
r = subprocess.run([os.path.join(ROOT, "tap", "failures")], input=stream, capture_output=True,
                   env=quiet)
t.is_((r.returncode, r.stdout, r.stderr.decode()),
      (0, stream, '# # errno EPERM, want EBADF\n# not ok 2 - b\n#   ---\n#   at: "x.c:7"\n#   ...\n'),
      "tap/failures copies a failed test's diagnostics, result and YAML block to stderr")

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
