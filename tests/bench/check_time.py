#!/usr/bin/env python3
"""How long make check takes after a build, in seconds and in boots:
each run of `make check` (its arguments after --) is timed, and beside it
the median of 11 `./linux run=smoke` boots (spawn to exit), measured just
before it on the same machine, so that the figure holds on a faster or a
slower machine of the same kind.  Also the CPU time make check's
processes took (children's user + system), which says how far more
parallelism could take it on this many CPUs.  A benchmark: it prints
numbers, and fails only if a make check fails.

usage: tests/bench/check_time.py [RUNS] [-- MAKE_ARGS...]
       (e.g. tests/bench/check_time.py 5 -- KERNEL=6.12)"""
import os
import resource
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    args = sys.argv[1:]
    make_args = args[args.index("--") + 1:] if "--" in args else []
    args = args[:args.index("--")] if "--" in args else args
    runs = int(args[0]) if args else 5
    # The binary make check boots: make says which (KERNEL=, UML_CONFIG=).
    linux = subprocess.run(["make", "-s", "--no-print-directory", *make_args, "-f", "Makefile",
                            "-f", "-", "print-linux"], cwd=ROOT, capture_output=True, text=True,
                           input="print-linux: ; @echo $(abspath $(LINUX_BIN))\n").stdout.strip()
    subprocess.run(["make", "-s", *make_args, "linux"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    print("# make check %s after a build, %d runs, %d CPUs; boot: %s run=smoke"
          % (" ".join(make_args), runs, os.cpu_count(), os.path.relpath(linux, ROOT)))
    print("%-4s %9s %9s %8s %11s %s" % ("run", "check s", "boot s", "boots", "CPU s", "status"))
    failed = 0
    walls = []
    for n in range(1, runs + 1):
        boots = []
        for _ in range(11):
            began = time.monotonic()
            subprocess.run([linux, "quiet", "run=smoke"], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            boots.append(time.monotonic() - began)
        boot = statistics.median(boots)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.monotonic()
        status = subprocess.run(["make", "-s", *make_args, "check"], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        wall = time.monotonic() - began
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        walls.append(wall)
        failed |= status != 0
        print("%-4d %9.1f %9.3f %8.0f %11.1f %s" % (n, wall, boot, wall / boot, cpu,
                                                   "pass" if status == 0 else "FAIL %d" % status))
        sys.stdout.flush()
    print("# median %.1f s, min %.1f s, max %.1f s" % (statistics.median(walls), min(walls), max(walls)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
