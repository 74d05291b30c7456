"""Across two network stacks: the server in one network namespace, the mirror
in another, joined by a veth pair, so "another machine" is really another
network stack (its own interfaces, routes and loopback). The writer and the
reader run in the test's own namespace: the file system is shared, the
network is not. Also: the default bind (loopback) cannot be reached from the
other namespace.

Needs root and `ip netns`; exits 77 (skipped) otherwise. The namespaces have
unique names and are removed on every way out (failure, SIGTERM from Meson's
timeout, normal exit)."""
import atexit
import os
import random
import signal
import subprocess
import sys

import remote_harness as h

SKIP = 77


def ip(*args, check=True):
    return subprocess.run(["ip"] + list(args), check=check, capture_output=True, text=True)


class Namespaces:
    def __init__(self):
        tag = "%d%03d" % (os.getpid() % 100000, random.randrange(1000))
        self.a, self.b = "daoA" + tag, "daoB" + tag
        self.veth_a, self.veth_b = "dva" + tag, "dvb" + tag  # at most 15 characters
        net = "10.%d.%d" % (random.randrange(200, 250), random.randrange(256))
        self.addr_a, self.addr_b = net + ".1", net + ".2"
        self.made = []

    def up(self):
        for ns in (self.a, self.b):
            ip("netns", "add", ns)
            self.made.append(ns)
        ip("link", "add", self.veth_a, "type", "veth", "peer", "name", self.veth_b)
        ip("link", "set", self.veth_a, "netns", self.a)
        ip("link", "set", self.veth_b, "netns", self.b)
        ip("-n", self.a, "addr", "add", self.addr_a + "/30", "dev", self.veth_a)
        ip("-n", self.b, "addr", "add", self.addr_b + "/30", "dev", self.veth_b)
        for ns, dev in ((self.a, self.veth_a), (self.b, self.veth_b)):
            ip("-n", ns, "link", "set", dev, "up")
            ip("-n", ns, "link", "set", "lo", "up")

    def down(self):
        # Deleting a namespace deletes its end of the veth pair, and so both.
        while self.made:
            ip("netns", "del", self.made.pop(), check=False)

    def exec_in(self, ns):
        return ["ip", "netns", "exec", ns]


NS = None


class AcrossNamespaces(h.RemoteTestCase):
    def test_mirror_in_another_namespace(self):
        src, local = self.path("src"), self.path("local")
        self.writer(src)
        name = os.path.basename(src).split(".")[0]
        # Exposing the server beyond loopback is an explicit flag.
        _, ep = self.serve("--bind", "tcp://%s:5556" % NS.addr_a, src, prefix=NS.exec_in(NS.a))
        self.assertEqual(ep, "tcp://%s:5556" % NS.addr_a)
        listing = self.daoctl("mirror", "--list", ep, prefix=NS.exec_in(NS.b)).stdout
        self.assertIn(name + "\tuint16\t64x48", listing)
        m = self.start([h.DAOCTL, "mirror", "%s/%s" % (ep, name), local], prefix=NS.exec_in(NS.b))
        m.expect("^live$")
        self.assertRegex(self.check_frames(local, 20), r"^ok 20 ")
        # The addresses really are in different stacks: the server's is not
        # one of the mirror's namespace.
        self.assertNotIn(NS.addr_a, ip("-n", NS.b, "addr").stdout)

    def test_default_bind_is_loopback_only(self):
        src = self.path("src")
        self.writer(src)
        self.serve(src, prefix=NS.exec_in(NS.a))  # no --bind: tcp://127.0.0.1:5556
        # From the other namespace, the server's address does not answer...
        r = self.daoctl("mirror", "--list", "--timeout", "2", "tcp://%s:5556" % NS.addr_a,
                        check=False, prefix=NS.exec_in(NS.b))
        self.assertEqual(r.returncode, 1)
        # ...while on its own machine it does.
        r = self.daoctl("mirror", "--list", "tcp://127.0.0.1:5556", prefix=NS.exec_in(NS.a))
        self.assertIn(os.path.basename(src).split(".")[0], r.stdout)


def main():
    global NS
    h.DAOCTL, h.PEER = sys.argv[1], sys.argv[2]
    if os.geteuid() != 0:
        print("skipped: network namespaces need root")
        return SKIP
    NS = Namespaces()
    atexit.register(NS.down)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # atexit runs then
    try:
        NS.up()
    except (OSError, subprocess.CalledProcessError) as e:
        NS.down()
        print("skipped: cannot make network namespaces here: %s" % getattr(e, "stderr", e))
        return SKIP
    import unittest
    prog = unittest.main(argv=sys.argv[:1], verbosity=2, exit=False)
    NS.down()
    return 0 if prog.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
