"""The host tests' (tests/host/*.t) ./linux runner and paths, and their TAP
producer, Tap (tap/tap.py)."""
import os
import pty
import select
import subprocess
import sys
import termios
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LINUX = os.environ.get("LINUX", os.path.join(ROOT, "linux"))
# Words every boot needs in this configuration (make check sets them).
LINUX_ARGS = os.environ.get("LINUX_ARGS", "").split()
# The test programs of the configuration under test (make check sets it).
BUILD_TESTS = os.environ.get("BUILD_TESTS", os.path.join(ROOT, "build", "tests-7.3"))
# The kernel's KTAP parser, from the unpacked tree under test (make check
# sets it).
KUNIT = os.environ.get("TAP_KUNIT", os.path.join(ROOT, "build", "linux-source-7.3", "tools",
                                                 "testing", "kunit", "kunit.py"))
# A line of the kernel log that reports a bug (the debug check fails on it).
with open(os.path.join(ROOT, "tap", "kernel-report.ere")) as _f:
    KERNEL_REPORT = _f.read().strip()
SCAN_KERNEL_LOG = os.environ.get("TAP_SCAN_KERNEL_LOG") == "1"

sys.path.insert(0, os.path.join(ROOT, "tap"))
from tap import Tap  # noqa: E402,F401


def elf_class(path):
    """32 or 64 for an ELF file, else None."""
    try:
        with open(path, "rb") as f:
            head = f.read(5)
    except OSError:
        return None
    return 32 * head[4] if len(head) == 5 and head[:4] == b"\x7fELF" else None


def host_programs_run():
    """(True, None), or (False, why) when LINUX can't run the host's
    programs: a 32-bit kernel (UML_CONFIG=i386) runs no 64-bit one."""
    kernel, host = elf_class(LINUX), elf_class("/bin/sh")
    if kernel and host and kernel != host:
        return False, "the host's programs are %d-bit and this kernel is %d-bit" % (host, kernel)
    return True, None


def boot(*words, stdin=subprocess.DEVNULL, timeout=60, cwd=None):
    """Boot ./linux with these command-line words; its own session.
    "quiet" keeps UML's own start-up checks off stderr."""
    return subprocess.run([LINUX, "quiet", *LINUX_ARGS, *words], stdin=stdin, capture_output=True,
                          text=True, timeout=timeout, start_new_session=True, cwd=cwd)


def data(name):
    return os.path.join(ROOT, "tests", "data", name)


class Terminal:
    """./linux on a pseudo-terminal, started as a shell would start it."""

    def __init__(self, *words, stdout=None):
        self.master, self.slave = pty.openpty()
        self.before = termios.tcgetattr(self.slave)
        self.proc = subprocess.Popen([LINUX, *LINUX_ARGS, *words], stdin=self.slave,
                                     stdout=stdout or self.slave, stderr=self.slave,
                                     start_new_session=True)
        self.seen = b""

    def read_until(self, needle, timeout=10):
        deadline = time.monotonic() + timeout
        while needle not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.master], [], [], left)[0]:
                return False
            try:
                self.seen += os.read(self.master, 4096)
            except OSError:
                return needle in self.seen
        return True

    def type(self, text):
        os.write(self.master, text.encode())

    def finish(self, timeout=10):
        """The exit status, and whether the terminal is as it was."""
        try:
            status = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            status = None
        after = termios.tcgetattr(self.slave)
        os.close(self.slave)
        os.close(self.master)
        return status, after == self.before
