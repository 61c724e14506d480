#!/usr/bin/env python3
"""Kernel work per call, RFC against mainline: nsfd_bench --marks in
./linux, with the UML kernel process's host CPU time read at each mark.

In User-Mode Linux the guest kernel is host user code in one host
process (the one ./linux starts as); guest programs run in other host
processes that it drives, with ptrace (6.12; seccomp=off on 7.3) or
through a seccomp filter's signal and a futex (7.3's default).  That
process's user time is the guest kernel's work (plus UML's own syscall
dispatch, the same for both sides); its system time is mostly those
round trips.  Wall time
adds both, and the guest program's own time.  Prints numbers, judges
nothing.

usage: tests/bench/kernel_work.py [BENCH]   (default build/tests-7.3/nsfd_bench)
Environment: LINUX (default ./linux), LINUX_ARGS (boot words)."""
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TICK = os.sysconf("SC_CLK_TCK")
PAIRS = [("nsfd+close", "open+close"), ("nsfd_setns", "setns"),
         ("bind-nsfd", "bind-nsfs"), ("umount-nsfd", "umount-nsfs")]


def cpu(pid):
    """(user, system) seconds of the host process @pid, and its run time
    in ns from schedstat (both at once, so they match)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    with open("/proc/%d/schedstat" % pid) as f:
        ran_ns = int(f.read().split()[0])
    return int(fields[11]) / TICK, int(fields[12]) / TICK, ran_ns


def main():
    bench = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "tests", "nsfd_bench")
    linux = os.environ.get("LINUX", os.path.join(ROOT, "linux"))
    words = os.environ.get("LINUX_ARGS", "").split()
    uml = subprocess.Popen([linux, "quiet", *words, "run=" + os.path.abspath(bench), "--marks"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
                           start_new_session=True)
    totals, begun = {}, {}
    for line in uml.stdout:
        word = line.split()
        if word and word[0] in ("begin", "end"):
            sample = cpu(uml.pid) + (time.monotonic(),)
            if word[0] == "begin":
                begun[word[1]] = sample
            else:
                calls, start = int(word[2]), begun.pop(word[1])
                t = totals.setdefault(word[1], [0, 0.0, 0.0, 0, 0.0])
                t[0] += calls
                t[1] += sample[0] - start[0]
                t[2] += sample[1] - start[1]
                t[3] += sample[2] - start[2]
                t[4] += sample[3] - start[3]
            uml.stdin.write("\n")
            uml.stdin.flush()
        else:
            sys.stdout.write(line)  # the guest's own wall times
    status = uml.wait()
    if status or not totals:
        print("kernel_work: ./linux exited with %d" % status, file=sys.stderr)
        return 2
    print("per call, mean over the rounds; the UML kernel process's host CPU time:")
    print("  %-12s %12s %12s %12s %12s" % ("", "user us", "system us", "on CPU us", "wall us"))
    for label, (calls, user, system, ran, wall) in totals.items():
        print("  %-12s %12.2f %12.2f %12.2f %12.2f" % (label, user / calls * 1e6, system / calls * 1e6,
                                                      ran / calls / 1e3, wall / calls * 1e6))
    print("mainline / RFC (above 1: the RFC's call is cheaper):")
    for rfc, mainline in PAIRS:
        a, b = totals[rfc], totals[mainline]
        print("  %-26s kernel work (user) %5.2f   on CPU %5.2f   wall %5.2f" % (
            rfc + " vs " + mainline, (b[1] / b[0]) / (a[1] / a[0]) if a[1] else float("nan"),
            (b[3] / b[0]) / (a[3] / a[0]), (b[4] / b[0]) / (a[4] / a[0])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
