#!/usr/bin/env python3
"""Boot benchmark: ./linux run=smoke against Debian's user-mode-linux (6.1)
booting the same /init from a hostfs root, in one run, side by side.
Prints the median time from spawn to the first TAP line and to the host
process's exit.  A benchmark, not a test: it prints numbers.

On a host whose XSAVE area is larger than 6.1 expects (AMX), Debian's
UML panics as it starts /init ("Attempted to kill init", the FP restore
that our um/0001 fixes): its time to that panic is then a lower bound of
its boot, and the ratio an upper bound.

usage: tests/bench/bench_boot.py [RUNS]"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEBIAN_UML = "/usr/bin/linux.uml"
# The kernel under test and its initramfs list (make bench sets both).
LINUX = os.environ.get("LINUX", os.path.join(ROOT, "linux"))
INITRAMFS_LIST = os.environ.get("LINUX_INITRAMFS",
                                os.path.join(ROOT, "build", "kobj-7.3", "initramfs.list"))


def hostfs_root():
    """The initramfs of ./linux, as a directory for a hostfs root."""
    root = os.path.join(ROOT, "build", "bench-root")
    shutil.rmtree(root, ignore_errors=True)
    with open(INITRAMFS_LIST) as listing:
        for line in listing:
            kind, dest, *rest = line.split()
            path = root + dest
            if kind == "dir":
                os.makedirs(path, exist_ok=True)
            elif kind == "file":
                shutil.copy(rest[0], path)
                os.chmod(path, int(rest[1], 8))
    return root


INIT_DIED = "Kernel panic - not syncing: Attempted to kill init"


def one_boot(argv):
    start = time.monotonic()
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=log, start_new_session=True)
    first = proc.stdout.readline()
    first_line = time.monotonic() - start
    proc.stdout.read()
    status = proc.wait()
    log.seek(0)
    died = INIT_DIED.encode() in log.read()
    return first_line, time.monotonic() - start, status, first.decode().strip(), died


def measure(name, argv, runs):
    """The median time to exit, and whether every boot ran smoke."""
    samples = [one_boot(argv) for _ in range(runs)]
    first = statistics.median(s[0] for s in samples)
    done = statistics.median(s[1] for s in samples)
    statuses = sorted({s[2] for s in samples})
    print("%-34s %9.3f %9.3f   %-8s %s" % (name, first, done, statuses, samples[0][3]))
    # Status 1 is smoke's verdict that a test failed: on Debian's 6.1, the
    # test that the kernel is one this project builds.  It still booted,
    # ran the scenario to its end and powered off.
    if set(statuses) <= {0, 1} and all(s[3] == "TAP version 13" for s in samples):
        return done, "ran"
    if all(s[4] for s in samples):
        print("  %s panicked as it started /init (%s): its boot took at least "
              "this long" % (name, INIT_DIED))
        return done, "died at init"
    print("  %s did not boot to the scenario (status %s): not a baseline" % (name, statuses))
    return None, "failed"


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    print("%d boots each; median seconds from spawn" % runs)
    print("%-34s %9s %9s   %-8s %s" % ("kernel", "1st line", "exit", "status", "first line"))
    version = subprocess.run([LINUX, "--version"], capture_output=True, text=True).stdout.strip()
    ours, _ = measure("./%s (%s, initramfs)" % (os.path.basename(LINUX), version or "?"),
                      [LINUX, "quiet", "run=smoke"], runs)
    if not os.path.exists(DEBIAN_UML):
        print("%s missing: apt-get install user-mode-linux" % DEBIAN_UML)
        return
    root = hostfs_root()
    theirs, how = measure("Debian linux.uml (6.1, hostfs)", [
        DEBIAN_UML, "quiet", "mem=256M", "root=/dev/root", "rootfstype=hostfs",
        "rootflags=" + root, "rw", "init=/init", "con0=null,fd:2", "con1=fd:0,fd:1",
        "ssl0=null,fd:1", "run=smoke"], runs)
    if ours and how == "ran":
        print("ratio ./linux / Debian: %.3f" % (ours / theirs))
    elif ours and how == "died at init":
        print("ratio ./linux / Debian: at most %.3f (Debian's time to its panic at /init)"
              % (ours / theirs))
    else:
        print("no ratio: a side did not boot (its status is above)")


main()
