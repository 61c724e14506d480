#!/usr/bin/env python3
"""Integration tests of the console: boot ./linux and check what a user
and a CI harness rely on: exit statuses, stdout free of kernel messages,
TAP read by prove and kunit.py, host scripts and programs, the REPL."""
import os
import pty
import re
import select
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import BUILD_TESTS, KUNIT, LINUX, LINUX_ARGS, ROOT, Tap, boot, data, host_programs_run  # noqa: E402

# Every line a TAP stream may hold (TAP 14 / KTAP v1, as tap.lua writes),
# a failure's YAML block included.
TAP_LINE = re.compile(r"^( {4})*(TAP version 13|1\.\.\d+( # SKIP .*)?|"
                      r"(not )?ok \d+ - [^#]+( # (SKIP|TODO) .*)?|#.*|"
                      r"Bail out!.*|  (---|\.\.\.|\w+: .*))$")

t = Tap()


def only_tap(stdout):
    return [line for line in stdout.splitlines() if not TAP_LINE.match(line)]


def kunit_parse(text):
    return subprocess.run([sys.executable, KUNIT, "parse"], input=text,
                          capture_output=True, text=True)


# A passing built-in scenario: status 0, TAP only, accepted by both parsers.
r = boot("run=smoke")
t.is_(r.returncode, 0, "run=smoke exits 0")
t.ok(r.stdout.startswith("TAP version 13\n1.."), "run=smoke starts with version and plan", r.stdout)
t.is_(only_tap(r.stdout), [], "stdout of run=smoke holds only TAP lines")
t.ok("reboot: Power down" not in r.stderr, "no power-down line without verbose", r.stderr)
k = kunit_parse(r.stdout)
t.ok(k.returncode == 0 and "[ERROR]" not in k.stdout and "passed: 7" in k.stdout,
     "kunit.py parse reads run=smoke as 7 passes", k.stdout + k.stderr)
p = subprocess.run(["prove", "--exec", "tap/boot", "scripts/smoke.lua"], cwd=ROOT,
                   capture_output=True, text=True)
t.ok(p.returncode == 0 and "Result: PASS" in p.stdout, "prove passes run=smoke", p.stdout)

# verbose: the kernel log on stderr, still nothing of it on stdout.
r = boot("run=smoke", "verbose")
version = subprocess.run([LINUX, "--version"], capture_output=True, text=True).stdout.strip()
t.ok(version and "Linux version %s " % version in r.stderr and "reboot: Power down" in r.stderr,
     "verbose shows the kernel log on stderr", r.stderr[-500:])
t.is_(only_tap(r.stdout), [], "verbose keeps stdout TAP only")
t.ok("epollctl" not in r.stderr, "verbose, stdin /dev/null: no epoll warning for it", r.stderr[-500:])


def killed(sig, *words):
    """./linux in a scenario's sleep, then @sig from the host."""
    p = subprocess.Popen([LINUX, "quiet", *LINUX_ARGS, *words], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    p.stdin.write(b"print('up') io.stdout:flush() proc.sleep(30)\n")
    p.stdin.close()
    p.stdin = None
    p.stdout.readline()
    p.send_signal(sig)
    out, err = p.communicate(timeout=30)
    return p.returncode, err.decode()


# A host signal ends ./linux as it ends a host program: no word on stderr.
for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    status, err = killed(sig)
    t.is_((status, err), (-sig, ""), "%s: killed by it, nothing on stderr" % sig.name)
status, err = killed(signal.SIGTERM, "verbose")
t.ok(status == -signal.SIGTERM and "reboot: Power down" in err, "with verbose, SIGTERM shows the power-off",
     err[-300:])

# mem= too small for the kernel itself: a bad command line.
for mem in ("8M", "1M"):
    r = boot("mem=" + mem, "run=smoke")
    t.ok(r.returncode == 2 and "kernel's image alone takes" in r.stderr and not r.stdout,
         "mem=%s: status 2, and how much the kernel needs" % mem, r.stderr)

# Every scenario's and guest test's TAP is KTAP too: make check boots
# them all with TAP_KUNIT, and tap/boot runs kunit.py parse on each
# (tests/host/harness.t tests that check).

# A failing scenario: status 1; kunit.py reads every line of it, the
# failures' YAML blocks too.
r = boot("run=" + data("mixed.lua"))
t.is_(r.returncode, 1, "a scenario with a failed test exits 1")
t.like(r.stdout, 'not ok 2 - a failing test\n  ---\n  message: "got is not what was expected"\n'
       '  got: 2\n  expected: 3\n  at: "/host%s:8"\n  ...\n' % data("mixed.lua"),
       "its failed test is followed by a YAML block: got, expected, and where")
t.is_(only_tap(r.stdout), [], "stdout of a failing scenario holds only TAP lines")
k = kunit_parse(r.stdout)
t.ok("[ERROR]" not in k.stdout and "passed: 4, failed: 2, skipped: 1" in k.stdout,
     "kunit.py parse reads subtests, skip, todo and YAML blocks without errors", k.stdout)

# A scenario that raises mid-way: Bail out! after the plan, status 2.
r = boot("run=" + data("raises.lua"))
t.is_(r.returncode, 2, "a raising scenario exits 2")
t.ok(re.search(r"^1\.\.3\nok 1 - before the error\nBail out! .*raised on purpose$",
               r.stdout, re.M), "it ends with Bail out! naming the error", r.stdout)
t.like(r.stderr, "stack traceback:", "the traceback goes to stderr")


def feed(text):
    """./linux with a chunk piped on stdin, as echo '...' | ./linux."""
    return subprocess.run([LINUX, "quiet", *LINUX_ARGS], input=text, capture_output=True,
                          text=True, timeout=60, start_new_session=True)


# A chunk that raises before any TAP is no TAP stream: nothing on stdout
# (a lua user's stdout is their own), the error on stderr, status 2.
r = feed('error("x")\n')
t.is_((r.returncode, r.stdout), (2, ""),
      "echo 'error(\"x\")' | ./linux: status 2, no Bail out! on stdout")
t.like(r.stderr, "stdin:1: x", "its error goes to stderr")
r = feed("x =\n")
t.is_((r.returncode, r.stdout), (2, ""), "a piped chunk that does not compile: status 2, stdout empty")
r = feed('local tap = require "tap"\nerror("before the plan")\n')
t.is_((r.returncode, r.stdout), (2, ""), "a chunk that loads the TAP module but raises before "
      "printing anything: no Bail out!")
r = feed('local tap = require "tap"\ntap.plan(2)\ntap.ok(true, "a")\nerror("half-way")\n')
t.ok(r.returncode == 2 and re.search(r"^ok 1 - a\nBail out! stdin:4: half-way\n\Z", r.stdout, re.M),
     "a chunk that began TAP and raises ends it with Bail out!, status 2", r.stdout)

# The argument a list's bad element is in: proc.clone's types list is
# argument #1, not the stack slot the element was checked in.
r = feed("""for _, types in ipairs({ { "nett" }, { "net", 1.5 }, { "uts", true } }) do
    print(select(2, pcall(proc.clone, types, print)))
end
print(select(2, pcall(ns.unshare, "net", "nett")))
""")
lines = r.stdout.splitlines()
t.like(lines[0] if lines else "", "bad argument #1 to 'proc.clone' (element 1: no namespace type 'nett'; "
       "want net, uts", "proc.clone({\"nett\"}, fn) blames argument #1 and names the element")
t.like(lines[1] if len(lines) > 1 else "", "bad argument #1 to 'proc.clone' (element 2: number has "
       "no integer representation)", "a list's element 1.5: argument #1, element 2")
t.like(lines[2] if len(lines) > 2 else "", "bad argument #1 to 'proc.clone' (element 2: namespace "
       "type name expected, got boolean)", "a list's element true: argument #1, element 2")
t.like(lines[3] if len(lines) > 3 else "", "bad argument #2 to 'ns.unshare' (no namespace type 'nett'",
       "ns.unshare(\"net\", \"nett\") blames its argument #2")

# A failing session that unmounts or covers /proc still fails on the host.
for how in ("umount", "cover"):
    r = boot("run=" + data("cover_proc.lua"), how)
    t.is_(r.returncode, 7, "a session that hides /proc (%s) and exits 7: status 7" % how)

# Bad run= values: a clear message and status 2.
r = boot("run=no_such_scenario")
t.is_(r.returncode, 2, "a missing built-in scenario exits 2")
t.ok("no_such_scenario" in r.stderr and "built-in scenarios: " in r.stderr
     and "smoke" in r.stderr, "the message names it and lists the built-ins", r.stderr)
r = boot("run=/no/such/file.lua")
t.is_((r.returncode, "No such file or directory" in r.stderr), (2, True),
      "a missing host script exits 2 with ENOENT's message")
r = boot("run=")
t.is_((r.returncode, "wants a scenario name" in r.stderr), (2, True),
      "an empty run= is refused with a message")

# run= as a user types it: a name with .lua, a host path relative to the
# directory ./linux was started in, a name found there.
r = boot("run=smoke.lua")
t.is_(r.returncode, 0, "run=NAME.lua runs the built-in scenario NAME")
r = boot("run=data/args.lua", "x", cwd=os.path.join(ROOT, "tests"))
t.is_(r.stdout.splitlines()[:1], ["args\t1\tx"], "run=rel/path.lua is read from the host's cwd")
r = boot("run=args.lua", "y", cwd=os.path.join(ROOT, "tests", "data"))
t.is_(r.stdout.splitlines()[:1], ["args\t1\ty"], "run=NAME.lua not built in is found in the host's cwd")
r = boot("run=../data/args.lua", cwd=os.path.join(ROOT, "tests", "guest"))
t.is_(r.stdout.splitlines()[:1], ["args\t0"], "run=../path climbs from the host's cwd")

# ./linux FILE [ARG...], as lua FILE: the words after FILE are the
# script's, even with a '.' or a '=' (a kernel would keep them).
r = boot("data/args.lua", "x", "y.z", "k=v", cwd=os.path.join(ROOT, "tests"))
t.is_(r.stdout.splitlines()[:1], ["args\t3\tx\ty.z\tk=v"], "./linux rel/FILE.lua ARG... runs it")
r = boot(data("args.lua"), "--", "-v")
t.ok(r.returncode == 2 and 'a second "--"' in r.stderr and not r.stdout,
     "./linux FILE.lua -- -v: refused, status 2 (the kernel would drop what follows a second --)",
     r.stderr)
r = boot("args.lua", "y", cwd=os.path.join(ROOT, "tests", "data"))
t.is_(r.stdout.splitlines()[:1], ["args\t1\ty"], "./linux FILE.lua finds FILE.lua in the current directory")
r = boot("smoke.lua")
t.is_(r.returncode, 0, "./linux NAME.lua with no such host file runs the built-in scenario")
r = boot("no_such_file.lua")
t.ok(r.returncode == 2 and "no_such_file.lua" in r.stderr and "built-in scenarios: " in r.stderr,
     "./linux MISSING.lua: status 2, says so", r.stderr)
with tempfile.TemporaryDirectory() as here:
    with open(os.path.join(here, "smoke.lua"), "w") as f:
        f.write('print("the host\'s smoke.lua")\n')
    r = boot("smoke.lua", cwd=here)
    t.is_(r.stdout, "the host's smoke.lua\n", "./linux NAME.lua prefers the host file to the built-in")
    r = boot("run=smoke.lua", cwd=here)
    t.ok(r.returncode == 0 and "is the built-in scenario" in r.stderr and "run=./smoke.lua" in r.stderr,
         "run=NAME.lua runs the built-in one and says so when the host has one too", r.stderr)
with open(data("args.lua")) as chunk:
    r = boot("-", "a", stdin=chunk)
t.is_(r.stdout.splitlines()[:1], ["args\t1\ta"], "./linux - ARG reads the chunk from stdin")


# Host symlinks with an absolute target resolve as on the host: a
# checkout reached through one (a symlinked home) runs its own files.
with tempfile.TemporaryDirectory() as here:
    checkout = os.path.join(here, "checkout")
    os.symlink(ROOT, checkout)
    os.symlink(os.path.join(BUILD_TESTS, "exit_status"), os.path.join(here, "prog"))
    r = boot("run=" + os.path.join(checkout, "tests", "data", "args.lua"), "s")
    t.is_(r.stdout.splitlines()[:1], ["args\t1\ts"], "run= through a directory that is an absolute symlink")
    r = boot(os.path.join(checkout, "tests", "data", "args.lua"), "s", cwd=checkout)
    t.is_(r.stdout.splitlines()[:1], ["args\t1\ts"], "./linux FILE from a symlinked checkout")
    r = boot("run=" + os.path.join(here, "prog"), "7")
    t.is_(r.returncode, 7, "a static program through an absolute symlink runs")
    probe = ('print(fs.readlink("/host%s"), io.open("/host%s/tests/data/args.lua") ~= nil)'
             % (checkout, checkout))
    r = subprocess.run([LINUX, "quiet", *LINUX_ARGS], input=probe, capture_output=True, text=True,
                       timeout=60, start_new_session=True)
    t.is_(r.stdout, "%s\ttrue\n" % ROOT,
          "through /host: readlink shows the host's target, a path through the link opens")

HOST_PROGRAMS, NO_HOST_PROGRAMS = host_programs_run()


def host_program_tests():
    # A dynamically linked program runs with the host's / as its root,
    # read-only, over the guest's /proc, /tmp and /run, in the host's cwd:
    # by its path, or where the guest's /tmp covers it, by an fd.
    r = boot("run=/bin/sh", "--", "-c",
             "/bin/pwd; cat /proc/1/comm; touch /usr/nsfd-probe; echo x > /tmp/w && cat /tmp/w; exit 3",
             cwd="/usr/share")
    t.is_((r.returncode, r.stdout.splitlines()), (3, ["/usr/share", "init", "x"]),
          "run=/bin/sh: the host's cwd, the guest's /proc and /tmp, its exit status")
    t.ok("Read-only file system" in r.stderr, "the host's files are read-only to it", r.stderr)
    with tempfile.TemporaryDirectory() as here:
        with open(os.path.join(here, "probe.txt"), "w") as probe:
            probe.write("found\n")
        r = boot("run=/bin/cat", "--", "probe.txt", cwd=here)
        t.is_((r.returncode, r.stdout), (0, "found\n"), "a cwd under the host's /tmp: relative names still work")
        script = os.path.join(here, "probe.sh")
        with open(script, "w") as probe:
            probe.write("#!/bin/sh\necho \"$0 $1\"; cat probe.txt; exit 5\n")
        os.chmod(script, 0o755)
        r = boot("run=" + script, "--", "arg", cwd=here)
        t.ok(r.returncode == 5 and r.stdout.endswith(" arg\nfound\n"),
             "a shell script under the host's /tmp runs with the host's sh, by its fd", r.stdout + r.stderr)
    # -color=never: the guest's stdout is a terminal even into a host pipe,
    # and Debian 13's ip colours a terminal's output by default.
    r = boot("run=/usr/sbin/ip", "--", "-color=never", "-br", "link")
    t.ok(r.returncode == 0 and r.stdout.startswith("lo "), "run=/usr/sbin/ip -- -br link: the guest's lo only",
         r.stdout + r.stderr)
    # The two commands issue 28 names, as a user types them.
    r = boot("run=/usr/sbin/ip", "--", "netns", "list")
    t.ok(r.returncode == 0 and r.stdout == "" and r.stderr == "",
         "run=/usr/sbin/ip -- netns list: no netns named yet, status 0", r.stdout + r.stderr)
    r = boot("run=/usr/bin/lsns")
    lsns = [line.split() for line in r.stdout.splitlines()]  # NS TYPE NPROCS PID USER COMMAND
    t.ok(r.returncode == 0 and lsns and lsns[0][:2] == ["NS", "TYPE"]
         and ["net", "1", "/init"] in ([row[1], row[3], row[-1]] for row in lsns[1:]),
         "run=/usr/bin/lsns: the guest's namespaces, init's net among them", r.stdout + r.stderr)


if HOST_PROGRAMS:
    host_program_tests()
else:
    t.skip("run= of the host's programs, 7 tests", NO_HOST_PROGRAMS)

# Words of the command line: the script's arguments and environment.
r = boot("run=" + data("args.lua"), "one", "two", "key=value")
t.is_(r.stdout.splitlines(),
      ["args\t2\tone\ttwo", "arg\t/host%s\tone\ttwo" % data("args.lua"), "env\tvalue"],
      "bare words become ... and arg, key=value the environment")

# More words than a C function may push unchecked (LUA_MINSTACK, 20): all
# of them reach "...", from a script as from a chunk on stdin.
words = [str(i) for i in range(1, 101)]
r = boot("run=" + data("args.lua"), *words)
line = "\t".join(["args", "100", *words])
t.is_((r.returncode, r.stdout.splitlines()[:1]), (0, [line]),
      "100 bare words all reach the script's ...")
with open(data("args.lua")) as chunk:
    r = boot(*words, stdin=chunk)
t.is_((r.returncode, r.stdout.splitlines()[:1]), (0, [line]),
      "100 bare words all reach the ... of a chunk on stdin")

# A host program runs inside the guest; its output and status pass through.
prog = os.path.join(BUILD_TESTS, "exit_status")
r = boot("run=" + prog, "7", "hello")
t.is_((r.returncode, re.sub(r"\d+", "N", r.stdout, count=1)), (7, "pid N: 7 hello\n"),
      "an ELF's output and exit status pass through")

# A program that ends the machine itself with reboot(2): a power-off is
# the status it left in /proc/exitcode, 2 (the session did not finish) if
# none; a restart ends the run, status 2, and never runs the session again.
prog = os.path.join(BUILD_TESTS, "reboot")
r = boot("run=" + prog, "power-off")
t.is_((r.returncode, r.stdout), (2, "reboot: power-off\n"),
      "a program's power-off with no status of its own: status 2")
r = boot("run=" + prog, "power-off", "5")
t.is_((r.returncode, r.stdout), (5, "reboot: power-off\n"),
      "a program's power-off after writing 5 to /proc/exitcode: status 5")
try:
    r = boot("run=" + prog, "restart", timeout=30)
    restarted = (r.returncode, r.stdout)
except subprocess.TimeoutExpired as e:
    runs = (e.stdout or b"").count(b"reboot: restart")
    r, restarted = None, ("timed out after 30 s", "%d runs" % runs)
t.is_(restarted, (2, "reboot: restart\n"),
      "a program's restart: status 2, and its session ran once")
t.ok(r and "the guest asked for a restart: not restarting" in r.stderr, "stderr says why the run ended",
     r and r.stderr)

# A chunk on stdin (a file here; every other kind in tests/stdio.t).
with open(data("args.lua")) as chunk:
    r = boot("a", "b", stdin=chunk)
t.is_(r.stdout.splitlines()[0], "args\t2\ta\tb", "a chunk from a file on stdin runs")


# The REPL on a pseudo-terminal, typed as a person would.
class Terminal:
    def __init__(self):
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen([LINUX, *LINUX_ARGS],
                                     stdin=slave, stdout=slave, stderr=slave,
                                     start_new_session=True)
        os.close(slave)
        self.seen = ""

    def expect(self, pattern, timeout=10):
        deadline = time.monotonic() + timeout
        while not re.search(pattern, self.seen, re.S):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.master], [], [], left)[0]:
                return False
            try:
                self.seen += os.read(self.master, 4096).decode(errors="replace")
            except OSError:
                return bool(re.search(pattern, self.seen, re.S))
        return True

    def type(self, text):
        # At once, as a program types: a key must never wait for the next
        # (kernel/6.12/um/0010, 7.3/um/0009).
        self.seen = ""
        os.write(self.master, text.encode())


term = Terminal()
t.ok(term.expect(r"\n> $"), "the REPL prompts", term.seen)
term.type("1 + 2\r")
t.ok(term.expect(r"\r\n3\r\n> $"), "an expression prints its value", term.seen)
term.type("for i = 1, 2 do\r")
t.ok(term.expect(r">> $"), "an unfinished statement asks for more", term.seen)
term.type("print(i * 10)\rend\r")
t.ok(term.expect(r"10\r\n20\r\n> $"), "the finished statement runs", term.seen)
term.type("error('oops')\r")
t.ok(term.expect(r"\r\nstdin:1: oops\r\nstack traceback:.*> $"),
     "an error is reported as lua5.4 does (no prefix), and the prompt returns", term.seen)

def interrupt(chunk):
    """Type a chunk that blocks, then ^C while it runs: once it has
    printed that it started, and a moment for it to block."""
    term.type("print('start' .. 'ed'); " + chunk + "\r")
    term.expect(r"started\r\n")
    time.sleep(0.1)
    os.write(term.master, b"\x03")


for chunk, what in (("while true do end", "a running chunk"),
                    ("proc.sleep(60)", "a blocking system call (proc.sleep) at once"),
                    ("r, w = fs.pipe(); fs.read(r)", "a blocking read (fs.read of an empty pipe)")):
    interrupt(chunk)
    t.ok(term.expect(r"interrupted!.*> $", timeout=5),
         "Ctrl-C interrupts %s, the prompt returns" % what, term.seen)
if HOST_PROGRAMS:
    interrupt("r = proc.run{'sleep', '60'}")
    t.ok(term.expect(r"interrupted!.*> $", timeout=5),
         "Ctrl-C interrupts proc.run of a host program, the prompt returns", term.seen)
    term.type("#proc.run{'pgrep', '-x', 'sleep'}.stdout\r")
    t.ok(term.expect(r"\r\n0\r\n> $", timeout=5), "and the program is gone (pgrep finds no sleep)",
         term.seen)
else:
    t.skip("Ctrl-C interrupts proc.run of a host program, 2 tests", NO_HOST_PROGRAMS)
interrupt("pid = proc.fork(function() proc.sleep(60) end); proc.wait(pid)")
# The child gets the ^C too and reports it, in any order with the parent
# and maybe after the prompt: waiting for it again returns once its whole
# report is written (ECHILD when the interrupted wait had reaped it).
term.expect(r"interrupted!.*> ", timeout=5)
reports = term.seen
term.type("proc.wait(pid)\r")
reaped = term.expect(r"(\texited\t2|ECHILD: .*)\r\n> $", timeout=5)
# The terminal echoes the ^C after it signals, so a report written at
# once can come before the echo, or around it.
reports = (reports + term.seen).replace("^C", "")
t.ok(reaped and re.search(r"child: stdin:1: interrupted!", reports)
     and re.search(r"(^|\n)stdin:1: interrupted!\r\nstack traceback:\r\n\t\[C\]: in function 'proc.wait'",
                   reports),
     "Ctrl-C interrupts proc.wait on a sleeping child; both report it", reports)
term.type("half a line")
term.expect(r"half a line$")  # echoed: readline has it, then the ^C
term.type("\x03")
t.ok(term.expect(r"\^C\r?\n> $"), "Ctrl-C at the prompt discards the line", term.seen)
# What is typed, what the console must answer, and what that shows.
for typed, answer, name in (
        ("{1, b = {c = true}}\r", r'\{ 1, b = \{ c = true \} \}\r\n> $',
         "a table result is pretty-printed"),
        ("ns.nsfd(0, 99)\r", r"nil\s+EINVAL: Invalid argument \(nsfd\)\s+22\r\n> $",
         "a failing call shows nil, the errno symbol and the call"),
        ("fs.NSFD_FS_M\t", r"fs\.NSFD_FS_MAGIC$", "Tab completes a table field"),
        (" == 0x6e736664\r", r"true\r\n> $", "the completed name evaluates"),
        ("help(fs.bind)\r", r"fs\.bind\(source, target\) -> true.*> $", "help(fn) prints the entry"),
        ("help(ns)\r", r"ns: Namespaces.*\r\n  ns\.nsfd\(pid, type\) -> fd\r\n.*ns\.id\(fd \[, kind\]\).*> $",
         "help(module) lists the module's functions"),
        ("help(help)\r", r"help\(\[fn or name\]\)\r\n.*> $", "help(help) is help's entry"),
        ("setmetatable({}, {__tostring = function() return 'shown' end})\r", r"\r\nshown\r\n> $",
         "a value with __tostring prints as tostring shows it")):
    term.type(typed)
    t.ok(term.expect(answer), name, term.seen)
term.type("\x04")
try:
    status = term.proc.wait(timeout=10)
except subprocess.TimeoutExpired:
    term.proc.kill()
    status = None
term.expect(r"$^", timeout=1)  # what the console said on its way out
t.ok(status == 0, "Ctrl-D powers off with status 0",
     "status %r; the terminal's last output:\n%s" % (status, term.seen[-2000:]))
t.done()
