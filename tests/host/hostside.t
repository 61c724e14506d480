#!/usr/bin/env python3
"""Nothing on the host side may panic, hang or corrupt the guest.  Each
host-side event a shell, a terminal or a careless caller can send
./linux, at a random point of a running session, ROUNDS times each
(HOSTSIDE_ROUNDS=100 for the long run): a hangup, job control, a closed
stdin/stdout/stderr, a reader that leaves early, too many words, no $HOME,
SIGKILL.  Each must end as a well-behaved program ends: the status
docs/running.md's "Exit status" gives, no kernel panic, the terminal as it
was, nothing left behind.  The UML fixes behind it are kernel/*/um/ (UML.md)."""
import concurrent.futures
import os
import pty
import random
import select
import signal
import subprocess
import sys
import tempfile
import termios
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import LINUX, LINUX_ARGS, Tap, Terminal  # noqa: E402

ROUNDS = int(os.environ.get("HOSTSIDE_ROUNDS", "3"))
# Rounds of one event played at once, each its own ./linux.
AT_ONCE = 3
SEED = int(os.environ.get("HOSTSIDE_SEED", str(int(time.time()))))
rng = random.Random(SEED)
t = Tap()
print("# seed %d, %d rounds of each event (HOSTSIDE_SEED, HOSTSIDE_ROUNDS)" % (SEED, ROUNDS))

tmp = tempfile.mkdtemp(prefix="hostside-")


def script(name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


# Guest work, processes and output, for as long as its first argument
# says, in ms of the guest's clock (a word with a "." would be taken for a
# kernel module parameter): SESSION seconds where it must end by itself
# (job control), ENDLESS where the event ends it (a hangup, SIGKILL).
# Every event lands at a random point inside it.  The loop keeps a CPU
# busy, so SESSION is most of this test's cost (1.5 s made it 17 CPU
# seconds of make check's 40).
SESSION = 0.8
ENDLESS = 60


def ms(seconds):
    return str(int(seconds * 1000))


BUSY = script("busy.lua", """
local function now()
  local f = assert(io.open("/proc/uptime"))
  local t = f:read("n")
  f:close()
  return t
end
local t0 = now()
local n = 0
repeat
  local pid = proc.fork(function() os.exit(0) end)
  proc.wait(pid)
  n = n + 1
  print("round " .. n)
until now() - t0 >= tonumber(arg[1]) / 1000
print("done")
""")
# MiB of output to stdout or stderr, then work that must still be right.
FLOOD = script("flood.lua", """
local out = arg[2] == "stderr" and io.stderr or io.stdout
local line = string.rep("x", 1023) .. "\\n"
for _ = 1, tonumber(arg[1]) * 1024 do out:write(line) end
local sum = 0
for i = 1, 100000 do sum = sum + i end
os.exit(sum == 5000050000 and 0 or 1)
""")
ARGC = script("argc.lua", "print(select('#', ...))\n")


def linux(*words):
    return [LINUX, "quiet", *LINUX_ARGS, *words]


def panicked(text):
    return "Kernel panic" in text or "Attempted to kill init" in text


def start(*words, **kw):
    """./linux in a process group of its own, stderr captured."""
    kw.setdefault("stdin", subprocess.DEVNULL)
    kw.setdefault("stdout", subprocess.PIPE)
    return subprocess.Popen(linux(*words), stderr=subprocess.PIPE,
                            start_new_session=True, **kw)


def outcome(proc, timeout=60):
    """(status or None if it hung, stdout, stderr)."""
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return None, out or b"", err or b""
    return proc.returncode, out or b"", err or b""


def verdict(status, err):
    return status, panicked(err.decode(errors="replace"))


def each_round(play, rounds=None):
    """play(rng) for every round of one event, AT_ONCE of them at a time;
    each round draws from its own generator, so a seed replays them all."""
    rngs = [random.Random(rng.random()) for _ in range(rounds or ROUNDS)]
    with concurrent.futures.ThreadPoolExecutor(AT_ONCE) as pool:
        return list(pool.map(play, rngs))


def summary(results, expected, name):
    bad = [r for r in results if r != (expected, False)]
    t.ok(not bad, "%s: %d of %d as expected" % (name, len(results) - len(bad), len(results)),
         "(status, panicked) that were not (%r, False): %r" % (expected, bad))


class Job(Terminal):
    """./linux as a shell's foreground job on a pseudo-terminal that is its
    controlling terminal, so that the terminal's own signals reach it."""

    def __init__(self, *words):
        self.master, slave = pty.openpty()
        self.before = termios.tcgetattr(slave)
        self.slave_name = os.ttyname(slave)
        # setsid -c: a session of its own with the pty as its controlling
        # terminal (no preexec_fn: rounds start from threads).  Not a
        # group leader, setsid execs in place: the pid is ./linux's.
        self.proc = subprocess.Popen(["setsid", "-c", *linux(*words)], stdin=slave, stdout=slave,
                                     stderr=subprocess.PIPE)
        os.close(slave)
        self.seen = b""

    def termios_now(self):
        fd = os.open(self.slave_name, os.O_RDWR | os.O_NOCTTY)
        try:
            return termios.tcgetattr(fd)
        finally:
            os.close(fd)

    def wait_stopped(self, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.proc.pid, os.WUNTRACED | os.WNOHANG)
            if pid and os.WIFSTOPPED(status):
                return True
            if pid:
                self.proc.returncode = -os.WTERMSIG(status) if os.WIFSIGNALED(status) \
                    else os.WEXITSTATUS(status)
                return False
            time.sleep(0.01)
        return False


# 1. A hangup: the terminal closes under it, or the shell passes SIGHUP to
# its job.  The session ends, killed by SIGHUP (a shell says 129).
def hangup_by_terminal(r):
    job = Job("run=" + BUSY, ms(ENDLESS))
    job.read_until(b"round 1", timeout=20)
    time.sleep(r.uniform(0, SESSION))
    os.close(job.master)
    status, _, err = outcome(job.proc)
    return verdict(status, err)


summary(each_round(hangup_by_terminal), -signal.SIGHUP,
        "the terminal closes under a running scenario: SIGHUP")


def hangup_to_group(r):
    proc = start("run=" + BUSY, ms(ENDLESS))
    time.sleep(r.uniform(0.2, SESSION))
    os.killpg(proc.pid, signal.SIGHUP)
    status, _, err = outcome(proc)
    return verdict(status, err)


summary(each_round(hangup_to_group), -signal.SIGHUP, "kill -HUP to the process group: SIGHUP")

# 2. Job control: stopped and continued at any point, the session goes on
# and ends as it would have.
for stop in (signal.SIGTSTP, signal.SIGSTOP, None):
    def stop_and_continue(r, stop=stop):
        proc = start("run=" + BUSY, ms(SESSION))
        time.sleep(r.uniform(0.2, SESSION - 0.3))
        if stop:
            os.killpg(proc.pid, stop)
            time.sleep(r.uniform(0.1, 0.3))
        os.killpg(proc.pid, signal.SIGCONT)
        status, out, err = outcome(proc)
        return verdict(status if out.endswith(b"done\n") else ("output", out[-40:]), err)

    summary(each_round(stop_and_continue), 0,
            "%sSIGCONT to the process group: the scenario finishes, status 0"
            % (signal.Signals(stop).name + ", then " if stop else ""))

# Ctrl-Z at the prompt: ./linux stops with the terminal given back as it
# was; fg (SIGCONT) and it answers again, raw as before.
results = []
for _ in range(ROUNDS):
    job = Job()
    job.read_until(b"> ")
    raw = job.termios_now()
    os.write(job.master, b"\x1a")
    stopped = job.wait_stopped()
    given_back = stopped and job.termios_now() == job.before
    job.proc.send_signal(signal.SIGCONT)
    time.sleep(0.2)
    raw_again = job.termios_now() == raw
    job.seen = b""
    os.write(job.master, b"print(6*7)\r")
    answered = job.read_until(b"42\r\n> ")
    os.write(job.master, b"\x04")
    status, _, err = outcome(job.proc)
    results.append(((stopped, given_back, raw_again, answered, status),
                    panicked(err.decode(errors="replace"))))
    os.close(job.master)
summary(results, (True, True, True, True, 0),
        "Ctrl-Z at the prompt stops ./linux with the shell's terminal modes; fg resumes it raw")

# 3. Closed stdin, stdout or stderr at start: /dev/null takes the place,
# and 6 MiB of output lands nowhere, not in guest memory.
for fd, stream in ((1, "stdout"), (2, "stderr"), (0, None)):
    def closed_at_start(r, fd=fd, stream=stream):
        words = ["run=" + FLOOD, "6", stream] if stream else ["run=" + BUSY, ms(SESSION)]
        proc = subprocess.Popen(["sh", "-c", 'exec "$@" %d>&-' % fd, "sh", *linux(*words)],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        status, _, _ = outcome(proc)
        return status, False

    summary(each_round(closed_at_start, max(1, ROUNDS // 2)), 0,
            "fd %d closed at start, the session does its work: status 0" % fd)


# 4. A reader that leaves early: SIGPIPE, as for any program, not a hang.
def reader_leaves(r):
    proc = start("run=" + FLOOD, str(r.choice((1, 100))))
    proc.stdout.read(r.randint(1, 200000))
    proc.stdout.close()
    began = time.monotonic()
    try:
        status = proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        status = None
    return verdict(status, proc.stderr.read()), time.monotonic() - began


played = each_round(reader_leaves)
summary([result for result, _ in played], -signal.SIGPIPE,
        "the reader of stdout leaves: killed by SIGPIPE")
print("# from the reader's close to ./linux's end: %s s"
      % ", ".join("%.2f" % wait for _, wait in played))
sh = subprocess.run(["bash", "-c", "%s <<< 'for i = 1, 2e6 do print(i) end' | head -2; "
                     "echo ${PIPESTATUS[0]}" % " ".join(linux())],
                    capture_output=True, text=True, timeout=120)
t.is_(sh.stdout, "1\n2\n141\n", "| head -2 on a long loop: two lines, bash sees 141")
# 5. Words: as many as the kernel can pass to init reach the script; more
# is a usage error naming the limit, not a panic.
status, out, err = outcome(start("run=" + ARGC, *map(str, range(120))))
t.is_((status, out), (0, b"120\n"), "120 words reach the script")
status, out, err = outcome(start("run=" + ARGC, *map(str, range(200))))
t.ok(status == 2 and out == b"" and b"CONFIG_INIT_ENV_ARG_LIMIT" in err and not panicked(err.decode()),
     "200 words: status 2, nothing on stdout, the limit named on stderr",
     "status %r\nstdout %r\nstderr %r" % (status, out[-200:], err[-400:]))

# 6. $HOME: not needed, not written, nothing left after SIGKILL.
home = tempfile.mkdtemp(prefix="home-", dir=tmp)
for env, name in ((dict(os.environ, HOME=home), "HOME set"),
                  ({k: v for k, v in os.environ.items() if k != "HOME"}, "HOME unset"),
                  (dict(os.environ, HOME="/nonexistent"), "HOME=/nonexistent")):
    proc = start("run=" + ARGC, "a", env=env)
    status, out, err = outcome(proc)
    t.is_((status, out), (0, b"1\n"), "%s: the session runs" % name)
t.is_(os.listdir(home), [], "nothing written to $HOME")



def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def describe(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            return "%d %s" % (pid, " ".join(line.split(":")[1].strip() for line in f
                                            if line.startswith(("Name:", "State:", "PPid:"))))
    except OSError:
        return "%d gone" % pid


def killed(r):
    own_home = tempfile.mkdtemp(prefix="home-", dir=tmp)
    proc = start("run=" + BUSY, ms(ENDLESS), env=dict(os.environ, HOME=own_home))
    time.sleep(r.uniform(0.3, SESSION))
    children = []
    for task in os.listdir("/proc/%d/task" % proc.pid):
        with open("/proc/%d/task/%s/children" % (proc.pid, task)) as f:
            children += [int(pid) for pid in f.read().split()]
    proc.kill()
    proc.communicate()
    deadline = time.monotonic() + 10  # a loaded host takes its time
    while True:
        left = [describe(pid) for pid in children if alive(pid)]
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    return (left, os.listdir(own_home)), False


summary(each_round(killed), ([], []), "SIGKILL at any point: no host process, nothing in $HOME left")

t.done()
