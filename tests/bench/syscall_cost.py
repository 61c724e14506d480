#!/usr/bin/env python3
"""What a guest syscall costs, side by side in one run: syscall_cost
natively on the host and inside each ./linux mode (ptrace and seccomp
userspace, one CPU and, with an SMP kernel, two), each as a ratio to
native; and beside them the floor of each mode, measured on the host by
trap_floor (what one guest syscall's round trip costs the host: a ptrace
stop and resume, or a SIGSYS trap and a futex hand-off and back).
A benchmark, not a test: it prints numbers.

usage: tests/bench/syscall_cost.py SYSCALL_COST TRAP_FLOOR
Environment: LINUX (./linux), LINUX_SMP (an SMP build, e.g. ./linux-debug
or ./linux-smp; its column is left out when unset), LINUX_ARGS."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LINUX = os.environ.get("LINUX", os.path.join(ROOT, "linux"))
LINUX_SMP = os.environ.get("LINUX_SMP")
WORDS = os.environ.get("LINUX_ARGS", "").split()


def parse(text, what):
    """NAME NS lines -> {name: ns or None}."""
    values = {}
    for line in text.splitlines():
        name, value = line.split()
        values[name] = None if value == "-" else float(value)
    if not values:
        sys.exit("syscall_cost.py: %s printed nothing" % what)
    return values


def run(argv, what):
    r = subprocess.run(argv, capture_output=True, text=True, timeout=600)
    if r.returncode:
        sys.exit("syscall_cost.py: %s exited %d: %s" % (what, r.returncode, r.stderr.strip()))
    return r.stdout


def guest(linux, words, program, what):
    out = run([linux, "quiet", *WORDS, *words, "run=" + os.path.abspath(program)], what)
    return parse("\n".join(l for l in out.splitlines() if not l.startswith("#")), what)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    program, floor_program = sys.argv[1:]
    floor = parse(run([floor_program], "trap_floor"), "trap_floor")
    native = parse(run([program, "--native"], "syscall_cost --native"), "native")
    # (column, ./linux, words, the floor of that mode)
    modes = [("ptrace", LINUX, ["seccomp=off"], floor["ptrace-stop-resume"]),
             ("seccomp", LINUX, ["seccomp=on"], floor["sigsys-trap+futex-hand-off"])]
    if LINUX_SMP:
        for cpus in (1, 2):
            modes.append(("seccomp SMP %d CPU%s" % (cpus, "s" if cpus > 1 else ""), LINUX_SMP,
                          ["seccomp=on", "ncpus=%d" % cpus], floor["sigsys-trap+futex-hand-off"]))
    columns = [(name, guest(linux, words, program, name), fl) for name, linux, words, fl in modes]

    print("Wall time per call, µs, the median of 5 rounds; (x N): N times native")
    print("%-18s %9s" % ("", "native") + "".join(" %22s" % name for name, _, _ in columns))
    for call in native:
        cells = []
        for _, values, _ in columns:
            v = values.get(call)
            if v is None:
                cells.append("-")
            elif native[call]:
                cells.append("%.1f (x %.0f)" % (v / 1000, v / native[call]))
            else:
                cells.append("%.1f" % (v / 1000))
        host = "%.2f" % (native[call] / 1000) if native[call] else "-"
        print("%-18s %9s" % (call, host) + "".join(" %22s" % c for c in cells))
    print("%-18s %9s" % ("floor of the mode", "") +
          "".join(" %22s" % ("%.1f" % (fl / 1000)) for _, _, fl in columns))
    print("%-18s %9s" % ("getppid / floor", "") +
          "".join(" %22s" % ("%.2f" % (values["getppid"] / fl)) for _, values, fl in columns))
    print("Floors, on the host: a ptrace stop and resume (GETREGS, SETREGS, SYSEMU) %.1f µs;"
          % (floor["ptrace-stop-resume"] / 1000))
    print("  a SIGSYS trap %.1f µs, a futex hand-off to another process and back %.1f µs,"
          % (floor["sigsys-trap"] / 1000, floor["futex-hand-off"] / 1000))
    print("  both %.1f µs; getppid natively %.2f µs."
          % (floor["sigsys-trap+futex-hand-off"] / 1000, floor["native-getppid"] / 1000))


if __name__ == "__main__":
    main()
