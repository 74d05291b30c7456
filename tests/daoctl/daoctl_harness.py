"""Shared pieces of daoctl's CLI tests: running the built binaries, unique
stream names, temporary directories, and cleaning up files and semaphores.

Each test script is run by Meson as
    /usr/bin/python3 test_X.py DAOCTL PEER
where DAOCTL is the built daoctl and PEER the daoctl-test-peer helper.
Standard library only.
"""
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import unittest

DAOCTL = None
PEER = None
# DAOCTL_WRAP="valgrind -q --error-exitcode=99 --leak-check=full" runs each
# short daoctl command of the tests under valgrind (a leak or a bad access
# then fails the test through its exit status).
WRAP = os.environ.get("DAOCTL_WRAP", "").split()
MD_SIZE = 4304
NOBODY = 65534
KEYWORD_SIZE = 120
_counter = 0


def unique(prefix):
    """A stem no other process uses: prefix + pid + counter."""
    global _counter
    _counter += 1
    return "dctl%s%dn%d" % (prefix, os.getpid(), _counter)


def xattrs_supported(directory):
    """libdao tells a dead writer ("gone") from an unknown one by a user
    extended attribute; where the filesystem refuses them it says "unknown"."""
    probe = os.path.join(directory, ".xattr-probe")
    with open(probe, "w"):
        pass
    try:
        os.setxattr(probe, "user.daoctl.probe", b"1")
        return True
    except OSError:
        return False
    finally:
        os.unlink(probe)


class DaoctlTestCase(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="daoctl-test-", dir="/tmp")
        self.stems = []
        self.peers = []

    def tearDown(self):
        for p in self.peers:
            if p.poll() is None:
                p.kill()
            p.wait()
            for pipe in (p.stdout, p.stderr):
                if pipe:
                    pipe.close()
        for stem in self.stems:
            remove_semaphores(stem)
        shutil.rmtree(self.dir, ignore_errors=True)

    # -- helpers -------------------------------------------------------------

    def new_path(self, prefix="s", directory=None, suffix=".im.shm"):
        stem = unique(prefix)
        self.stems.append(stem)
        return os.path.join(directory or self.dir, stem + suffix)

    def mkdir(self, parent="/tmp"):
        """A private directory, in /tmp unless told otherwise: one outside
        it (parent="/var/tmp") is where rm and purge look only when told."""
        d = tempfile.mkdtemp(prefix="daoctl-test-", dir=parent)
        self.addCleanup(shutil.rmtree, d, True)
        return d

    def plant_as_nobody(self, path, size=32, mode=0o666):
        """A file made by another user's process, as a semaphore set planted
        in a shared /dev/shm would be: runuser -u nobody writes it."""
        if os.geteuid() != 0 or not shutil.which("runuser"):
            self.skipTest("needs root and runuser to act as another user")
        directory = os.path.dirname(path)
        os.chmod(directory, os.stat(directory).st_mode | 0o1777)
        subprocess.run(["runuser", "-u", "nobody", "--", sys.executable, "-c",
                        "import os, sys; fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_EXCL, "
                        "int(sys.argv[3], 8)); os.write(fd, bytes(int(sys.argv[2]))); os.fchmod(fd, "
                        "int(sys.argv[3], 8))", path, str(size), "%o" % mode], check=True)
        self.assertEqual(os.stat(path).st_uid, NOBODY)
        return os.path.basename(path)

    def daoctl(self, *args, expect=0, timeout=120):
        p = subprocess.run(WRAP + [DAOCTL] + list(args), capture_output=True, timeout=timeout)
        if expect is not None:
            self.assertEqual(p.returncode, expect,
                             "daoctl %s: exit %d\nstdout: %s\nstderr: %s" % (
                                 " ".join(map(str, args)), p.returncode,
                                 p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")))
        p.out = p.stdout.decode("utf-8")
        p.err = p.stderr.decode("utf-8", errors="replace")
        return p

    def daoctl_json(self, *args, expect=0):
        p = self.daoctl(*args, "--json", expect=expect)
        return json.loads(p.out)

    def create(self, path, type_="uint16", shape="4x5", *extra):
        self.daoctl("create", path, "--type", type_, "--shape", shape, *extra)
        return path

    def start_peer(self, *args):
        """Starts daoctl-test-peer and waits for its "ready" line."""
        p = subprocess.Popen([PEER] + list(args), stdout=subprocess.PIPE)
        self.peers.append(p)
        line = p.stdout.readline().decode()
        self.assertTrue(line.startswith("ready"), "peer %s did not start: %r" % (args, line))
        return p, line.split()[1:]

    def kill_peer(self, p):
        p.send_signal(signal.SIGKILL)
        p.wait()


def remove_semaphores(stem):
    for name in os.listdir("/dev/shm"):
        if name.startswith("sem." + stem + "_sem"):
            try:
                os.unlink(os.path.join("/dev/shm", name))
            except FileNotFoundError:
                pass


def semaphore_files(stem):
    return sorted(n for n in os.listdir("/dev/shm") if n.startswith("sem." + stem + "_sem"))


def read_frame(path):
    """The newest frame's bytes, read straight from the file by the format's
    layout (shm-format.md), independently of libdao."""
    with open(path, "rb") as f:
        raw = f.read()
    naxis = raw[80]
    size = struct.unpack_from("<3I", raw, 84)
    nelement, = struct.unpack_from("<Q", raw, 96)
    atype = raw[104]
    fifo_size, last = struct.unpack_from("<II", raw, 4296)
    depth = fifo_size or 1
    elsize = {1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 8, 8: 8, 9: 4, 10: 8, 11: 8, 12: 16}[atype]
    frame = nelement * elsize
    start = depth * MD_SIZE + last * frame
    return raw[start:start + frame], size[:naxis]


def counter_of(path):
    with open(path, "rb") as f:
        raw = f.read(MD_SIZE)
    return struct.unpack_from("<Q", raw, 152)[0]


def npy_bytes(descr, shape, data, version=1, fortran=False):
    """A .npy file built by hand, as numpy's format spec describes it."""
    shape_text = "(" + "".join("%d, " % n for n in shape).rstrip(" ")
    if len(shape) != 1:
        shape_text = shape_text.rstrip(",")
    shape_text += ")"
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (
        descr, "True" if fortran else "False", shape_text)
    prefix_len = 10 if version == 1 else 12
    pad = 64 - (prefix_len + len(header) + 1) % 64
    header = header + " " * pad + "\n"
    if version == 1:
        prefix = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header))
    else:
        prefix = b"\x93NUMPY" + bytes([version, 0]) + struct.pack("<I", len(header))
    return prefix + header.encode("latin-1") + data


def main():
    global DAOCTL, PEER
    if len(sys.argv) < 3:
        sys.exit("usage: %s DAOCTL PEER [unittest args]" % sys.argv[0])
    DAOCTL = os.path.abspath(sys.argv[1])
    PEER = os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0], "-v"] + sys.argv[3:])
