#!/usr/bin/env python3
"""Output benchmark: print() of LINES lines into a pipe, by ./linux and by
the host's lua5.4, in one run, side by side (the median of RUNS each).
The ratio is what a user sees: lua5.4 writes each line at once (print
flushes), the console in blocks (console/print.c), since each guest
write(2) costs about a hundred host ones.  Also the same into a file
and with io.stdout:setvbuf("line"), a write per line as before.
A benchmark, not a test: it prints numbers.

usage: tests/bench/output.py [LINES [RUNS]]"""
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LINUX = os.environ.get("LINUX", os.path.join(ROOT, "linux"))
LINES = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
CHUNK = "for i = 1, %d do print(i) end" % LINES


def timed(argv, chunk, out):
    """Seconds from spawn to exit (a boot included), stdout into @out."""
    start = time.monotonic()
    r = subprocess.run(argv, input=chunk.encode(), stdout=out, stderr=subprocess.DEVNULL, timeout=600)
    took = time.monotonic() - start
    if r.returncode or (out == subprocess.PIPE and r.stdout.count(b"\n") != LINES):
        sys.exit("%s exited %d, or printed less than %d lines" % (argv[0], r.returncode, LINES))
    return took


def median(argv, chunk, out):
    return statistics.median(timed(argv, chunk, out) for _ in range(RUNS))


def main():
    if not shutil.which("lua5.4"):
        sys.exit("output.py: lua5.4 is missing (make deps)")
    print("print() of %d lines, median of %d runs" % (LINES, RUNS))
    print("%-34s %9s %9s %7s" % ("", "lua5.4", "./linux", "ratio"))
    with open(os.devnull, "wb") as null:
        for name, chunk, out in (("into a pipe", CHUNK, subprocess.PIPE),
                                 ("into /dev/null", CHUNK, null),
                                 ("a pipe, setvbuf('line')", "io.stdout:setvbuf('line') " + CHUNK,
                                  subprocess.PIPE)):
            host = median(["lua5.4", "-"], chunk, out)
            guest = median([LINUX, "quiet"], chunk, out)
            print("%-34s %8.2fs %8.2fs %6.1fx" % (name, host, guest, guest / host))


main()
