#!/usr/bin/env python3
"""A host SIGTERM ends ./linux whatever the kernel is doing: here while
it is busy with keys arriving on its terminal, so that the signal lands
on the console's IRQ handler.  Before kernel/patches/um/0015 the
handler's cleanup waited there for ever, 38 runs in 40."""
import os
import pty
import select
import signal
import subprocess
import sys
import termios
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import LINUX, LINUX_ARGS, Tap  # noqa: E402

RUNS = 8
t = Tap()


def flooded_sigterm(flood_secs):
    """Boot on a pseudo-terminal, type without pause for flood_secs, send
    SIGTERM: (exit status or None if it did not end in 5 s, whether the
    terminal is as it was)."""
    master, slave = pty.openpty()
    before = termios.tcgetattr(slave)
    proc = subprocess.Popen([LINUX, *LINUX_ARGS], stdin=slave, stdout=slave, stderr=slave,
                            start_new_session=True)
    seen, deadline = b"", time.monotonic() + 10
    while b"> " not in seen and time.monotonic() < deadline:
        if select.select([master], [], [], 0.5)[0]:
            seen += os.read(master, 4096)
    done = threading.Event()

    def drain():  # the echo, so that the guest never blocks writing it
        while not done.is_set():
            try:
                if select.select([master], [], [], 0.05)[0]:
                    os.read(master, 65536)
            except OSError:
                return

    reader = threading.Thread(target=drain)
    reader.start()
    os.set_blocking(master, False)
    end = time.monotonic() + flood_secs
    while time.monotonic() < end:
        try:
            os.write(master, b"-- " * 30 + b"\r")
        except BlockingIOError:
            time.sleep(0.001)
    proc.send_signal(signal.SIGTERM)
    try:
        status = proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        status = None
    done.set()
    reader.join()
    same = termios.tcgetattr(slave) == before
    os.close(slave)
    os.close(master)
    return status, same


results = [flooded_sigterm(0.02 + 0.02 * i) for i in range(RUNS)]
t.is_([status for status, _ in results], [-signal.SIGTERM] * RUNS,
      "%d SIGTERMs amid typing: each ends ./linux at once, killed by it" % RUNS)
t.ok(all(same for _, same in results), "and each leaves the terminal as it was")
t.done()
