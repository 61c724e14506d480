"""A small TAP producer and ./linux runner for the host tests (tests/host/*.t)."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LINUX = os.environ.get("LINUX", os.path.join(ROOT, "linux"))
# Words every boot needs in this configuration (make check sets them).
LINUX_ARGS = os.environ.get("LINUX_ARGS", "").split()
# The test programs of the configuration under test (make check sets it).
BUILD_TESTS = os.environ.get("BUILD_TESTS", os.path.join(ROOT, "build", "tests"))
# A line of the kernel log that reports a bug (the debug check fails on it).
with open(os.path.join(ROOT, "tap", "kernel-report.ere")) as _f:
    KERNEL_REPORT = _f.read().strip()
SCAN_KERNEL_LOG = os.environ.get("TAP_SCAN_KERNEL_LOG") == "1"


class Tap:
    def __init__(self):
        self.run = 0
        self.failed = 0
        print("TAP version 13", flush=True)

    def ok(self, cond, name, diag=None):
        self.run += 1
        print("%s %d - %s" % ("ok" if cond else "not ok", self.run, name),
              flush=True)
        if not cond:
            # On stderr, as Test::More does, so that prove shows it.
            self.failed += 1
            for line in ("failed: %s\n%s" % (name, diag or "")).splitlines():
                print("# " + line, file=sys.stderr, flush=True)
        return cond

    def is_(self, got, expected, name):
        return self.ok(got == expected, name,
                       "     got: %r\nexpected: %r" % (got, expected))

    def like(self, text, needle, name):
        return self.ok(needle in text, name,
                       "%r\ndoes not contain %r" % (text, needle))

    def done(self):
        print("1..%d" % self.run)
        sys.exit(1 if self.failed else 0)


def boot(*words, stdin=subprocess.DEVNULL, timeout=60, cwd=None):
    """Boot ./linux with these command-line words; its own session.
    "quiet" keeps UML's own start-up checks off stderr."""
    return subprocess.run([LINUX, "quiet", *LINUX_ARGS, *words], stdin=stdin, capture_output=True,
                          text=True, timeout=timeout, start_new_session=True, cwd=cwd)


def data(name):
    return os.path.join(ROOT, "tests", "data", name)
