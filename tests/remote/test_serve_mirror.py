"""daoctl serve and daoctl mirror as a user runs them, each in its own
process over loopback: a writer, the server, the mirror and a reader of
the mirrored stream; listing; re-creation followed; a server restarted under
a connected mirror; CURVE keys made with --make-keys, a stranger refused."""
import os
import shutil
import signal
import time

import remote_harness as h


class ServeMirror(h.RemoteTestCase):
    def test_writer_server_mirror_reader(self):
        src, local = self.path("src"), self.path("local")
        self.writer(src)
        _, ep = self.serve("--bind", "tcp://127.0.0.1:*", src)
        name = os.path.basename(src).split(".")[0]
        listing = self.daoctl("mirror", "--list", ep).stdout
        self.assertRegex(listing, r"^%s\tuint16\t64x48\t\d+\n$" % name)
        m = self.start([h.DAOCTL, "mirror", "%s/%s" % (ep, name), local])
        m.expect("^connecting$")
        m.expect("^live$")
        m.expect(r"^created %s uint16 64x48$" % local)
        out = self.check_frames(local, 30)
        self.assertRegex(out, r"^ok 30 ")
        info = self.daoctl("info", local).stdout
        self.assertRegex(info, r"type:\s+uint16")
        self.assertRegex(info, r"writer:\s+alive")

    def test_lz4_and_rate(self):
        src, local = self.path("src"), self.path("local")
        self.writer(src, shape="256x256", period_ms=2)
        _, ep = self.serve("--bind", "tcp://127.0.0.1:*", "--codec", "lz4", src)
        name = os.path.basename(src).split(".")[0]
        m = self.start([h.DAOCTL, "mirror", "--max-fps", "20", "--count", "10",
                        "%s/%s" % (ep, name), local])
        m.expect("^live$")
        self.assertEqual(m.p.wait(timeout=h.CAP), 0)
        # Ten frames mirrored, each a whole frame of the writer's (the
        # reader checks bytes; here the counter says how many were written).
        info = self.daoctl("info", local).stdout
        self.assertRegex(info, r"counter:\s+10 ")

    def test_follows_recreation(self):
        src, local = self.path("src"), self.path("local")
        w = self.writer(src)
        _, ep = self.serve("--bind", "tcp://127.0.0.1:*", src)
        name = os.path.basename(src).split(".")[0]
        m = self.start([h.DAOCTL, "mirror", "%s/%s" % (ep, name), local])
        m.expect("^live$")
        w.stop(signal.SIGKILL)
        self.daoctl("create", "--force", src, "-t", "float32", "-s", "5x7x3", "-k", "2")
        self.daoctl("write", src, "--fill", "2.5")
        m.expect("^recreated$")
        m.expect(r"^created %s float32 5x7x3$" % local)
        w = self.start([h.PEER, "write", src, 5])
        w.expect("^ready$")
        self.check_frames(local, 10)

    def test_server_restarted_under_mirror(self):
        src, local = self.path("src"), self.path("local")
        self.writer(src)
        s, ep = self.serve("--bind", "tcp://127.0.0.1:*", src)
        name = os.path.basename(src).split(".")[0]
        m = self.start([h.DAOCTL, "mirror", "%s/%s" % (ep, name), local])
        m.expect("^live$")
        s.stop(signal.SIGKILL)
        m.expect("^disconnected$")
        m.expect("^reconnecting$")
        # The mirror's stream stays readable meanwhile, its last frame intact.
        self.assertRegex(self.daoctl("info", local).stdout, r"file size:.*\(ok\)")
        self.serve("--bind", ep, src)
        m.expect("^live$")
        self.check_frames(local, 10)

    def test_curve(self):
        keys = os.path.join(self.dir, "keys")
        server, alice, mallory = (os.path.join(keys, n) for n in ("server", "alice", "mallory"))
        os.mkdir(keys)
        self.daoctl("serve", "--make-keys", server)
        self.daoctl("mirror", "--make-keys", alice)
        self.daoctl("mirror", "--make-keys", mallory)
        self.assertEqual(os.stat(os.path.join(server, "server.key")).st_mode & 0o777, 0o600)
        shutil.copy(os.path.join(alice, "client.pub"), os.path.join(server, "authorized", "alice.pub"))
        for d in (alice, mallory):
            shutil.copy(os.path.join(server, "server.pub"), d)
        # A second --make-keys must not replace the keys clients were given.
        r = self.daoctl("serve", "--make-keys", server, check=False)
        self.assertEqual(r.returncode, 1)

        src, local, stolen = self.path("src"), self.path("local"), self.path("stolen")
        self.writer(src)
        _, ep = self.serve("--bind", "tcp://127.0.0.1:*", "--curve-keys", server, src)
        name = os.path.basename(src).split(".")[0]
        m = self.start([h.DAOCTL, "mirror", "--curve-keys", alice, "%s/%s" % (ep, name), local])
        m.expect("^live$")
        self.check_frames(local, 5)
        # Mallory's key is not authorized, a plain client has none: both are
        # refused (they keep trying; neither ever receives a frame).
        for extra in (["--curve-keys", mallory], []):
            x = self.start([h.DAOCTL, "mirror"] + extra + ["%s/%s" % (ep, name), stolen])
            x.expect("^connecting$")
            time.sleep(2)
            x.stop()
            self.assertFalse(os.path.exists(stolen), extra)
            self.assertEqual(x.seen, ["connecting"])
        r = self.daoctl("mirror", "--list", "--timeout", "1", "--curve-keys", mallory, ep, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("timed out", r.stderr)

    def test_usage(self):
        r = self.daoctl("serve", check=False)
        self.assertEqual(r.returncode, 2)
        r = self.daoctl("mirror", "udp://x/y", self.path("l"), check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("tcp://HOST:PORT/NAME", r.stderr)
        r = self.daoctl("serve", "--codec", "zstd", "/tmp/x.im.shm", check=False)
        self.assertEqual(r.returncode, 2)
        self.assertIn("serve", self.daoctl("--help").stdout)


if __name__ == "__main__":
    h.main()
