"""The TAP producer of the Python tools (tests/host/*.t through
tests/host/taplib.py, docs/storyboard-check), as tap.lua is for the
scenarios and tap.c for the C test programs: "TAP version 13", one
"ok N - name" line per test, the plan at the end, exit status 1 if a
test failed.

A failed test's diagnostics go to @diag_file as "# " lines: to stderr
(the default) they start with "failed: NAME", as Test::More's do, since
prove shows stderr apart from the stream; to stdout they follow the
"not ok" line that names the test."""
import sys


class Tap:
    def __init__(self, diag_file=None):
        self.run = 0
        self.failed = 0
        self.diag_file = diag_file
        print("TAP version 13", flush=True)

    def ok(self, cond, name, diag=None):
        self.run += 1
        print("%s %d - %s" % ("ok" if cond else "not ok", self.run, name),
              flush=True)
        if not cond:
            self.failed += 1
            if self.diag_file is None or self.diag_file is sys.stderr:
                text, out = "failed: %s\n%s" % (name, diag or ""), sys.stderr
            else:
                text, out = diag or "", self.diag_file
            for line in text.splitlines():
                print("# " + line, file=out, flush=True)
        return cond

    def is_(self, got, expected, name):
        return self.ok(got == expected, name,
                       "     got: %r\nexpected: %r" % (got, expected))

    def like(self, text, needle, name):
        return self.ok(needle in text, name,
                       "%r\ndoes not contain %r" % (text, needle))

    def skip(self, name, reason):
        """A test not run, and why."""
        self.run += 1
        print("ok %d - %s # SKIP %s" % (self.run, name, reason), flush=True)

    def diag(self, text):
        """A comment in the stream, for what a reader should know."""
        for line in text.splitlines():
            print("# " + line, flush=True)

    def done(self):
        print("1..%d" % self.run)
        sys.exit(1 if self.failed else 0)
