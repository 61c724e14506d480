#!/usr/bin/env python3
"""./linux as a host program, the way a shell runs it: the terminal is left
as it was found on every exit path, stdout carries exactly what the session
printed whatever stdin is, a chunk comes from a pipe, a heredoc or a file,
and every word of the command line reaches the script as the shell split it."""
import os
import pty
import re
import select
import signal
import subprocess
import sys
import tempfile
import termios
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import (BUILD_TESTS, KERNEL_REPORT, LINUX, LINUX_ARGS, SCAN_KERNEL_LOG,  # noqa: E402
                    Tap, Terminal, boot, data)

t = Tap()


# 1. The terminal, on every way out.
term = Terminal()
term.read_until(b"> ")
term.type("\x04")
t.is_(term.finish(), (0, True), "Ctrl-D at the prompt: status 0, the terminal as it was")

term = Terminal()
term.read_until(b"> ")
term.type("os.exit(3)\r")
t.is_(term.finish(), (3, True), "os.exit(3): status 3, the terminal as it was")

term = Terminal()
term.read_until(b"> ")
term.seen = b""
term.type("\x03")
term.read_until(b"> ")
term.type("\x04")
t.is_(term.finish(), (0, True), "Ctrl-C then Ctrl-D: the terminal as it was")

term = Terminal("run=smoke")
t.is_(term.finish(), (0, True), "run=smoke from a terminal: the terminal as it was")

term = Terminal()
term.read_until(b"> ")
term.proc.send_signal(signal.SIGTERM)
t.is_(term.finish(), (-signal.SIGTERM, True),
      "a host SIGTERM: killed by it (a shell says 143), the terminal as it was")
sh = subprocess.run(["bash", "-c", "%s %s <<< 'proc.sleep(30)' & sleep 1; kill -TERM $!; wait $!"
                     % (LINUX, " ".join(LINUX_ARGS))], capture_output=True, timeout=60)
t.is_(sh.returncode, 128 + signal.SIGTERM, "bash sees 143 for a ./linux it sent SIGTERM")

# 2. stdout redirected while stdin is a terminal: the bytes the session
# printed, no \r added for a terminal that isn't there.
r_fd, w_fd = os.pipe()
term = Terminal("run=" + data("args.lua"), "a", stdout=w_fd)
os.close(w_fd)
with os.fdopen(r_fd, "rb") as out:
    printed = out.read()
status, same = term.finish()
t.is_(printed, b"args\t1\ta\narg\t/host%s\ta\tnil\nenv\tnil\n" % data("args.lua").encode(),
      "stdout to a pipe with a terminal stdin: exactly the printed bytes")
t.ok(same, "and the terminal as it was")

term = Terminal()
term.read_until(b"> ")
term.type("print('a\\nb')\r")
t.ok(term.read_until(b"a\r\nb\r\n> "), "on the terminal itself, lines end as a terminal wants them",
     term.seen)
term.type("\x04")
term.finish()


# 3. A chunk from stdin, every way a shell hands one over.
def feed(stdin_bytes, *words, delay=0):
    """./linux with stdin a pipe that gets these bytes (after a delay)."""
    proc = subprocess.Popen([LINUX, "quiet", *LINUX_ARGS, *words], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    if delay:
        time.sleep(delay)
    out, err = proc.communicate(stdin_bytes, timeout=60)
    return proc.returncode, out.decode(errors="replace"), err.decode(errors="replace")


t.is_(feed(b"print(1 + 1)\n")[:2], (0, "2\n"), "echo 'print(1 + 1)' | ./linux prints 2")
t.is_(feed(b"print(2)\n", delay=1)[:2], (0, "2\n"), "a slow pipe ((sleep 1; echo ...) | ./linux)")
t.is_(feed(b"")[:2], (0, ""), "an empty pipe is an empty chunk: status 0")
# A line whose input is a host pipe (tty1 for a piped stdin; con2 here)
# starts raw: what arrives before its reader's own tcsetattr() (on a
# loaded host, a slow pipe's chunk) is read as it was sent, never echoed,
# turned \r into \n or taken for a signal.
sent = b"print(2)\r\n\x03x"
r_in, w_in = os.pipe()
os.write(w_in, sent)
os.close(w_in)
r_echo, w_echo = os.pipe()
r = subprocess.run(["sh", "-c", 'exec "$@" 3<&%d 4>&%d' % (r_in, w_echo), "sh", LINUX, "quiet",
                    *LINUX_ARGS, "run=" + os.path.join(BUILD_TESTS, "line_input"), "/dev/tty2",
                    "con2=fd:3,fd:4"], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                   timeout=60, pass_fds=(r_in, w_echo))
os.close(r_in)
os.close(w_echo)
with os.fdopen(r_echo, "rb") as f:
    echoed = f.read()
t.is_((r.returncode, r.stdout, echoed),
      (0, "ICANON 0 ECHO 0 ISIG 0 ICRNL 0\nread: %s\nend: EIO\n" % " ".join("%02x" % c for c in sent),
       b""), "a line whose input is a host pipe starts raw: its bytes as sent, nothing echoed")
t.is_(feed(b"os.exit(5)\n")[0], 5, "a piped chunk's os.exit(5) is the status")
big = b"local t = {}\n" + b"t[#t + 1] = 'x'\n" * 65536 + b"print(#t)\n"
t.is_((len(big) > 1 << 20, feed(big)[:2]), (True, (0, "65536\n")), "a 1 MiB chunk through a pipe")
t.is_(feed(b"print(io.read('a'))\n")[:2], (0, "\n"),
      "the chunk's own stdin is at EOF after the chunk")
t.is_(feed(b"io.stdout:write('before'); io.stdout:flush(); proc.sleep(0.2); print(' after')\n")[:2],
      (0, "before after\n"), "output after stdin's EOF still arrives")
t.is_(feed(b"print(...)\n", "x", "y")[:2], (0, "x\ty\n"), "a piped chunk gets the command line's words")
sh = subprocess.run(["bash", "-c", "%s quiet %s <<'EOF'\nprint('here' .. 'doc')\nEOF\n"
                     % (LINUX, " ".join(LINUX_ARGS))], capture_output=True, text=True, timeout=60)
t.is_((sh.returncode, sh.stdout), (0, "heredoc\n"), "a heredoc")
sh = subprocess.run(["bash", "-c", "%s quiet %s <<< 'print(6 * 7)'" % (LINUX, " ".join(LINUX_ARGS))],
                    capture_output=True, text=True, timeout=60)
t.is_((sh.returncode, sh.stdout), (0, "42\n"), "a here-string")
with open(data("args.lua")) as chunk:
    r = boot("p", stdin=chunk)
t.is_(r.stdout.splitlines()[:1], ["args\t1\tp"], "a chunk from a file (./linux < file.lua)")
r = subprocess.run([LINUX, "quiet", *LINUX_ARGS, "run=" + data("args.lua")],
                   input="ignored\n", capture_output=True, text=True, timeout=60)
t.is_(r.returncode, 0, "run= with a piped stdin runs the script (the pipe is its stdin)")

# A pipe on stdin, a terminal on stdout and stderr (echo ... | ./linux at
# a shell): the terminal shows the chunk's output and nothing else.
master, slave = pty.openpty()
proc = subprocess.Popen([LINUX, *LINUX_ARGS], stdin=subprocess.PIPE, stdout=slave,
                        stderr=slave, start_new_session=True)
proc.communicate(b"print('to the terminal')\n", timeout=60)
os.close(slave)
shown = b""
while select.select([master], [], [], 1)[0]:
    try:
        chunk = os.read(master, 4096)
    except OSError:
        break
    if not chunk:
        break
    shown += chunk
os.close(master)
t.is_((proc.returncode, shown), (0, b"to the terminal\r\n"),
      "echo ... | ./linux on a terminal shows the output and nothing else")

# The debug kernel (make check UML_CONFIG=debug): what the UML series
# changed (a pipe read to its end, a terminal) reports nothing in the log.
if SCAN_KERNEL_LOG:
    for how, chunk, delay in (("a pipe", b"print(1)\n", 0), ("a slow pipe", b"print(1)\n", 1),
                              ("an empty pipe", b"", 0)):
        status, out, err = feed(chunk, "verbose", delay=delay)
        report = re.search(KERNEL_REPORT, err)
        t.ok(status == 0 and not report, "debug kernel: %s, no kernel report" % how,
             report.group(0) if report else err[-500:])

# 4. Words as the shell split them.
r = boot("run=" + data("args.lua"), "one", "three four", "key=a b")
t.is_(r.stdout.splitlines(), ["args\t2\tone\tthree four",
                              "arg\t/host%s\tone\tthree four" % data("args.lua"), "env\ta b"],
      "quoted words keep their spaces, in arguments and in key=value")
r = boot("run=" + data("args.lua"), "--", "--foo", "key=v")
t.is_(r.stdout.splitlines()[0], "args\t2\t--foo\tkey=v",
      "after --, every word is the script's, and nothing of the kernel's")
r = boot("run=" + data("getenv.lua"), "mem", "key", "mem=96M", "key=v")
t.is_(r.stdout, "mem\tnil\nkey\tv\n", "UML's own mem= stays out of the environment")

# 5. The host side.
r = subprocess.run([LINUX, "--help"], capture_output=True, text=True, timeout=30)
t.ok(r.returncode == 0 and all(w in r.stdout for w in ("run=", "verbose", "leakcheck", "storyboard=",
                                                        "FILE [ARG...]")),
     "./linux --help says how to use the console", r.stdout[-800:])
words = " ".join(r.stdout.split())
t.ok("A static ELF runs in the guest's root. A dynamic ELF, or a script whose #! names an interpreter"
     " other than lua, runs with the host's / as its root" in words,
     "--help says which host files run with the host's root (console/host_view.c)")
h = subprocess.run([LINUX, "-h"], capture_output=True, text=True, timeout=30)
t.is_((h.returncode, h.stdout), (0, r.stdout), "-h is --help")

# 6. Output into a pipe leaves in blocks, as a host program's does: each
# write is a guest system call, and a write per print() made 200,000
# lines take 25 s (make bench compares with lua5.4).  A printed line waits
# in the block while the script waits on stdin, and comes at its end; with
# io.stdout:setvbuf("line") it comes at once.
def printed_while_waiting(setup, wait):
    """What a script that prints, says so on stderr, then reads stdin, has
    written to stdout within @wait seconds of saying so, and what it wrote
    in all once stdin ends."""
    script = tempfile.NamedTemporaryFile("w", suffix=".lua")
    script.write(setup + "\nprint('waiting') io.stderr:write('printed\\n') io.read()\n")
    script.flush()
    proc = subprocess.Popen([LINUX, "quiet", *LINUX_ARGS, "run=" + script.name], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    said = b""
    while b"printed" not in said and select.select([proc.stderr], [], [], 60)[0]:
        more = proc.stderr.read1(4096)
        if not more:
            break
        said += more
    early = b""
    deadline = time.monotonic() + wait
    while b"\n" not in early and select.select([proc.stdout], [], [], max(0, deadline - time.monotonic()))[0]:
        more = proc.stdout.read1(65536)
        if not more:
            break
        early += more
    proc.stdin.close()
    rest = proc.stdout.read()
    proc.stderr.read()
    proc.wait(timeout=30)
    script.close()
    return early, early + rest


# Once the script has printed (and said so on stderr) it only waits: an
# unbuffered line would be there within half a second.
t.is_(printed_while_waiting("", 0.5), (b"", b"waiting\n"),
      "into a pipe, a printed line waits in the block until the end")
t.is_(printed_while_waiting("io.stdout:setvbuf('line')", 30), (b"waiting\n", b"waiting\n"),
      "with io.stdout:setvbuf('line'), it comes at once")
LINES = 5000
with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
    script.write("for i = 1, %d do print(i) end\n" % LINES)
    script.flush()
    r = boot("run=" + script.name)
t.is_((r.returncode, r.stdout), (0, "".join("%d\n" % i for i in range(1, LINES + 1))),
      "%d print() lines into a pipe arrive whole" % LINES)

# ./linux - reads a chunk from a terminal too, as lua - does: no REPL.
term = Terminal("-", "x")
deadline = time.monotonic() + 10
while termios.tcgetattr(term.slave)[3] & termios.ICANON and time.monotonic() < deadline:
    time.sleep(0.05)  # typed once ./linux has the terminal, as a person would
term.type("print(6 * 7, ...)\r")
term.type("\x04")
term.read_until(b"42\tx")
status, same = term.finish()
t.ok(status == 0 and same and b"42\tx" in term.seen and b"> " not in term.seen,
     "./linux - on a terminal runs what was typed up to Ctrl-D, with its arguments", term.seen)
r = subprocess.run([LINUX, *LINUX_ARGS, "run=smoke"], capture_output=True, text=True,
                   timeout=60, stdin=subprocess.DEVNULL)
t.ok(r.returncode == 0 and "Checking" not in r.stderr and "Core dump" not in r.stderr,
     "without quiet, UML's start-up checks stay off stderr", r.stderr[:500])
t.done()
