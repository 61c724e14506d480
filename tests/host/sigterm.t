#!/usr/bin/env python3
"""A host SIGTERM ends ./linux whatever the kernel is doing: here while
it is busy with keys arriving on its terminal, so that the signal lands
on the console's IRQ handler.  Before kernel/6.12/um/0015 (7.3/um/0012) the
handler's cleanup waited there for ever, 38 runs in 40."""
import os
import select
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import Tap, Terminal  # noqa: E402

RUNS = 8
t = Tap()


def flooded_sigterm(flood_secs):
    """Boot on a pseudo-terminal, type without pause for flood_secs, send
    SIGTERM: (exit status or None if it did not end in 5 s, whether the
    terminal is as it was)."""
    term = Terminal()
    term.read_until(b"> ")
    done = threading.Event()

    def drain():  # the echo, so that the guest never blocks writing it
        while not done.is_set():
            try:
                if select.select([term.master], [], [], 0.05)[0]:
                    os.read(term.master, 65536)
            except OSError:
                return

    reader = threading.Thread(target=drain)
    reader.start()
    os.set_blocking(term.master, False)
    end = time.monotonic() + flood_secs
    while time.monotonic() < end:
        try:
            os.write(term.master, b"-- " * 30 + b"\r")
        except BlockingIOError:
            time.sleep(0.001)
    term.proc.send_signal(signal.SIGTERM)
    try:
        term.proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass  # finish() kills it and says None
    done.set()
    reader.join()
    return term.finish(timeout=0)


results = [flooded_sigterm(0.02 + 0.02 * i) for i in range(RUNS)]
t.is_([status for status, _ in results], [-signal.SIGTERM] * RUNS,
      "%d SIGTERMs amid typing: each ends ./linux at once, killed by it" % RUNS)
t.ok(all(same for _, same in results), "and each leaves the terminal as it was")
t.done()
