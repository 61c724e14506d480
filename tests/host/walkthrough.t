#!/usr/bin/env python3
"""The README's walkthrough, typed at the REPL exactly as printed: every
line after "> " is sent as it stands, and what the console prints must be
what the README shows, numbers aside (ids, pids and task counts vary from
boot to boot).  The README and the console cannot drift apart."""
import os
import pty
import re
import select
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import LINUX, LINUX_ARGS, ROOT, Tap  # noqa: E402

t = Tap()


def walkthrough():
    """(input line, expected output lines) pairs from the README."""
    text = open(os.path.join(ROOT, "README.md")).read()
    block = re.search(r"^##+ Walkthrough\n.*?^```\n(.*?)^```", text, re.M | re.S).group(1)
    steps = []
    for line in block.splitlines():
        if line.startswith("> "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line)
    return steps


def normal(lines):
    """Numbers out, runs of blanks to one space: what may vary per boot."""
    return [re.sub(r"\s+", " ", re.sub(r"\d+", "N", line)).strip() for line in lines]


def boot_repl():
    master, slave = pty.openpty()
    proc = subprocess.Popen([LINUX, *LINUX_ARGS], stdin=slave, stdout=slave, stderr=slave,
                            start_new_session=True)
    os.close(slave)
    return master, proc


def read_prompts(master, count, timeout=30):
    """Output up to the count-th prompt, or None."""
    seen = b""
    deadline = time.monotonic() + timeout
    while seen.count(b"> ") < count or not seen.endswith(b"> "):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([master], [], [], left)[0]:
            return None
        seen += os.read(master, 4096)
    return seen.decode(errors="replace").replace("\r", "")


def finish(master, proc):
    os.write(master, b"\x04")
    try:
        return proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        return None
    finally:
        os.close(master)


def without_nsid(lines):
    """life.lsns as a kernel without listns() (6.12) prints the README's
    7.3 table: no NSID, the third column."""
    if not lines or not re.match(r"TYPE\s+ID\s+NSID\s", lines[0]):
        return lines
    return [re.sub(r"^(\S+\s+\S+)\s+\S+", r"\1", line) for line in lines]


def check(typed, expected, got, how):
    if got and got[0].startswith("TYPE") and "NSID" not in got[0]:
        expected = without_nsid(expected)
    t.ok(got is not None and normal(got) == normal(expected),
         "%s: > %s" % (how, typed[:50].replace("#", "")),
         "got:\n%s\nexpected:\n%s" % ("(no prompt)" if got is None else "\n".join(got),
                                       "\n".join(expected)))


steps = walkthrough()
t.ok(len(steps) > 5, "the README has a walkthrough", steps)

# Typed a line at a time, each after the prompt it answers.
master, proc = boot_repl()
t.ok(read_prompts(master, 1) is not None, "the REPL prompts")
for typed, expected in steps:
    os.write(master, typed.encode() + b"\r")
    out = read_prompts(master, 1)
    check(typed, expected, None if out is None else out.split("\n")[1:-1], "typed")
t.is_(finish(master, proc), 0, "Ctrl-D ends the typed walkthrough with status 0")

# Pasted at once, as a reader copies it from the README: no step may
# depend on the time between lines.
master, proc = boot_repl()
read_prompts(master, 1)
os.write(master, b"".join(typed.encode() + b"\r" for typed, _ in steps))
out = read_prompts(master, len(steps), timeout=60)
# The first prompt came before the paste: every answer follows "\n> ".
answers = [] if out is None else ("\n> " + out).split("\n> ")[1:]
for i, (typed, expected) in enumerate(steps):
    got = answers[i].split("\n")[1:] if i < len(answers) else None
    if got is not None and got and got[-1] == ">":
        got = got[:-1]
    check(typed, expected, got, "pasted")
t.is_(finish(master, proc), 0, "Ctrl-D ends the pasted walkthrough with status 0")
t.done()
