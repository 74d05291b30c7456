"""What the remote CLI tests share: the built programs, unique stream names in
a private directory, processes whose output lines can be waited for, and a
cleanup that removes every file, semaphore and process the test made.

Each test script is run by Meson as
    /usr/bin/python3 test_X.py DAOCTL PEER
Standard library only. Waits are for facts ("mirror printed live"), each with
a generous cap, never a duration asserted.
"""
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import unittest

DAOCTL = None
PEER = None
CAP = 60.0  # seconds: the most any single fact may take on a loaded machine
_counter = 0


def unique(prefix):
    global _counter
    _counter += 1
    return "rmt%s%dn%d" % (prefix, os.getpid(), _counter)


class Proc:
    """A child process whose stdout lines are collected as they come."""

    def __init__(self, argv, prefix=()):
        self.argv = list(prefix) + [str(a) for a in argv]
        self.p = subprocess.Popen(self.argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, start_new_session=True)
        self.lines = queue.Queue()
        self.seen = []
        self.err = []
        threading.Thread(target=self._pump, args=(self.p.stdout, self.lines), daemon=True).start()
        threading.Thread(target=self._pump_err, daemon=True).start()

    @staticmethod
    def _pump(stream, q):
        for line in stream:
            q.put(line.rstrip("\n"))
        q.put(None)

    def _pump_err(self):
        for line in self.p.stderr:
            self.err.append(line.rstrip("\n"))

    def expect(self, pattern, cap=CAP):
        """The first line (from now on) matching pattern, or fail."""
        rx = re.compile(pattern)
        try:
            while True:
                line = self.lines.get(timeout=cap)
                if line is None:
                    raise AssertionError("%s ended (rc %s) before printing /%s/; saw %r; stderr %r"
                                         % (self.argv[0], self.p.wait(), pattern, self.seen, self.err))
                self.seen.append(line)
                m = rx.search(line)
                if m:
                    return m
        except queue.Empty:
            raise AssertionError("no /%s/ from %s in %ss; saw %r; stderr %r"
                                 % (pattern, self.argv, cap, self.seen, self.err))

    def stop(self, sig=signal.SIGTERM):
        if self.p.poll() is None:
            try:
                os.killpg(self.p.pid, sig)
            except ProcessLookupError:
                pass
        try:
            return self.p.wait(timeout=CAP)
        except subprocess.TimeoutExpired:
            os.killpg(self.p.pid, signal.SIGKILL)
            return self.p.wait()


class RemoteTestCase(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="dao-remote-test-", dir="/tmp")
        self.procs = []
        self.paths = []

    def tearDown(self):
        for p in reversed(self.procs):
            p.stop(signal.SIGKILL)
        for path in self.paths:
            subprocess.run([DAOCTL, "rm", "--force", path], capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, prefix):
        p = os.path.join(self.dir, unique(prefix) + ".im.shm")
        self.paths.append(p)
        return p

    def start(self, argv, prefix=()):
        p = Proc(argv, prefix)
        self.procs.append(p)
        return p

    def daoctl(self, *args, check=True, prefix=()):
        r = subprocess.run(list(prefix) + [DAOCTL] + [str(a) for a in args],
                           capture_output=True, text=True, timeout=CAP)
        if check and r.returncode != 0:
            raise AssertionError("daoctl %s: rc %d\n%s%s" % (args, r.returncode, r.stdout, r.stderr))
        return r

    def writer(self, path, shape="64x48", dtype="uint16", period_ms=5):
        self.daoctl("create", path, "-t", dtype, "-s", shape, "-k", "2")
        w = self.start([PEER, "write", path, period_ms])
        w.expect("^ready$")
        return w

    def serve(self, *args, prefix=()):
        s = self.start([DAOCTL, "serve"] + list(args), prefix)
        endpoint = s.expect(r"^serving \d+ paths on (tcp://\S+)$").group(1)
        return s, endpoint

    def check_frames(self, path, n=20, prefix=()):
        """A reader process of its own checks n whole frames at path."""
        r = subprocess.run(list(prefix) + [PEER, "check", path, str(n), str(CAP)],
                           capture_output=True, text=True, timeout=CAP + 10)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout


def main():
    global DAOCTL, PEER
    DAOCTL, PEER = sys.argv[1], sys.argv[2]
    unittest.main(argv=sys.argv[:1], verbosity=2)
