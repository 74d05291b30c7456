"""daoctl watch and wait against a real writer process: lines, Ctrl-C, a
stream removed or re-created under watch, waits on semaphores, on a spin,
on a given slot, timeouts and missing semaphores."""
import json
import os
import signal
import subprocess
import time

import daoctl_harness as h
from daoctl_harness import DaoctlTestCase


class WatchTest(DaoctlTestCase):
    def watch(self, *args):
        p = subprocess.Popen([h.DAOCTL, "watch"] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.peers.append(p)
        return p

    def test_count_lines_with_a_live_writer(self):
        path = self.create(self.new_path(), "uint16", "32x32")
        self.start_peer("write", path, "5")
        p = self.daoctl("watch", path, "--json", "--count", "3", "--interval", "0.3")
        lines = [json.loads(line) for line in p.out.splitlines()]
        self.assertEqual(len(lines), 3)
        counters = [line["counter"] for line in lines]
        self.assertEqual(counters, sorted(counters))
        self.assertGreater(counters[-1], 0)
        for line in lines:
            self.assertEqual(line["writer"], "alive")
            self.assertGreaterEqual(line["rate_hz"], 0)
            self.assertEqual(line["torn"], 0)
            self.assertLessEqual(line["retries"], line["reads"] * 17)
        text = self.daoctl("watch", path, "-c", "1", "-i", "0.1").out
        self.assertRegex(text, r"^\d\d:\d\d:\d\d  counter \d+  rate [\d.]+ Hz  age \S+  writer alive  "
                               r"reads \d+  retried \d+  torn 0\n$")

    def test_writer_killed_under_watch(self):
        path = self.create(self.new_path(), "uint8", "4")
        writer, _ = self.start_peer("write", path, "10")
        p = self.watch(path, "--interval", "0.1", "--json")
        self.assertEqual(json.loads(p.stdout.readline())["writer"], "alive")
        self.kill_peer(writer)
        gone = "gone" if h.xattrs_supported(self.dir) else "unknown"
        for _ in range(50):
            line = json.loads(p.stdout.readline())
            if line["writer"] != "alive":
                break
        self.assertEqual(line["writer"], gone)
        # The counter stops: two lines later the rate is 0.
        json.loads(p.stdout.readline())
        self.assertEqual(json.loads(p.stdout.readline())["rate_hz"], 0)
        p.send_signal(signal.SIGINT)
        self.assertEqual(p.wait(timeout=30), 0)

    def test_ctrl_c_exits_0(self):
        path = self.create(self.new_path(), "uint8", "4")
        p = self.watch(path, "--interval", "0.1")
        self.assertIn(b"counter 0", p.stdout.readline())
        p.send_signal(signal.SIGINT)
        self.assertEqual(p.wait(timeout=30), 0)

    def test_stream_removed_under_watch(self):
        path = self.create(self.new_path(), "uint8", "4")
        p = self.watch(path, "--interval", "0.1")
        p.stdout.readline()
        os.unlink(path)
        self.assertEqual(p.wait(timeout=30), 1)
        self.assertEqual(p.stderr.read().decode(),
                         "daoctl: %s: the stream is gone: No such file or directory\n" % path)

    def test_stream_recreated_with_another_shape(self):
        path = self.create(self.new_path(), "uint8", "4")
        p = self.watch(path, "--interval", "0.1", "--json")
        json.loads(p.stdout.readline())
        self.daoctl("create", path, "--type", "float64", "--shape", "300x200", "--force")
        self.daoctl("write", path, "--fill", "2.5", "--count", "7")
        # Lines may still come from the old stream until watch notices.
        for _ in range(50):
            event = json.loads(p.stdout.readline())
            if event.get("event") == "replaced":
                break
        self.assertEqual(event, {"event": "replaced", "path": path, "how": "renamed", "shape": [300, 200],
                                 "type": "float64"})
        # watch may have noticed between the create and the writes.
        for _ in range(50):
            line = json.loads(p.stdout.readline())
            if line["counter"] == 7:
                break
        self.assertEqual(line["counter"], 7)
        p.send_signal(signal.SIGINT)
        self.assertEqual(p.wait(timeout=30), 0)

    def test_stream_truncated_in_place(self):
        # What older DAO writers do to re-create a stream: the mapped file
        # shrinks under watch. Touching the lost pages would be SIGBUS;
        # watch must notice first, and end with the reason.
        path = self.create(self.new_path(), "uint16", "64x64")
        p = self.watch(path, "--interval", "0.1")
        p.stdout.readline()
        os.truncate(path, 4400)
        self.assertEqual(p.wait(timeout=30), 1)
        self.assertIn("%s was re-created in place\n" % path, p.stdout.read().decode())
        self.assertEqual(p.stderr.read().decode(), "daoctl: %s: file is shorter than its data region\n" % path)

    def test_stream_rewritten_in_place_is_followed(self):
        path = self.create(self.new_path(), "uint16", "64x64")
        p = self.watch(path, "--interval", "0.1", "--json")
        json.loads(p.stdout.readline())
        # A smaller, valid stream written over the same inode, as an older
        # writer re-creating it with another shape would.
        small = self.create(self.new_path("small"), "uint8", "3x3")
        self.daoctl("write", small, "--fill", "4", "--count", "5")
        with open(small, "rb") as f:
            content = f.read()
        # Header and data first, then the cut: the file is a valid stream at
        # every moment, so what watch sees does not depend on timing.
        with open(path, "r+b") as f:
            f.write(content)
            f.truncate(len(content))
        for _ in range(50):
            event = json.loads(p.stdout.readline())
            if event.get("event") == "replaced":
                break
        self.assertEqual(event, {"event": "replaced", "path": path, "how": "in_place", "shape": [3, 3],
                                 "type": "uint8"})
        for _ in range(50):
            line = json.loads(p.stdout.readline())
            if line["counter"] == 5:
                break
        self.assertEqual(line["counter"], 5)
        p.send_signal(signal.SIGINT)
        self.assertEqual(p.wait(timeout=30), 0)

    def test_watch_invalid_file(self):
        path = self.new_path("bad")
        with open(path, "wb") as f:
            f.write(b"\xff" * 4304)
        p = self.daoctl("watch", path, "--count", "1", expect=1)
        self.assertEqual(p.err, "daoctl: %s: number of axes is not 1, 2 or 3\n" % path)


class WaitTest(DaoctlTestCase):
    def wait_while_writing(self, path, *args):
        """Starts `daoctl wait`, then writes frames until it returns: wait
        only counts frames published after it started, and there is no way
        to know from outside when it has started to wait."""
        p = subprocess.Popen([h.DAOCTL, "wait", path] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.peers.append(p)
        deadline = time.monotonic() + 60
        while p.poll() is None and time.monotonic() < deadline:
            self.daoctl("write", path, "--fill", "1")
            time.sleep(0.05)
        out, err = p.communicate(timeout=30)
        return p.returncode, out.decode(), err.decode()

    def test_semaphore_wait(self):
        path = self.create(self.new_path(), "uint8", "4")
        self.daoctl("write", path, "--fill", "1", "--count", "3")  # old posts wait must not take
        rc, out, err = self.wait_while_writing(path, "--timeout", "60")
        self.assertEqual((rc, err), (0, ""))
        self.assertGreater(int(out), 3)

    def test_spin_wait_and_json(self):
        path = self.create(self.new_path(), "uint8", "4")
        rc, out, err = self.wait_while_writing(path, "--spin", "--timeout", "60", "--json")
        self.assertEqual(rc, 0, err)
        result = json.loads(out)
        self.assertEqual((result["path"], result["mode"], result["slot"]), (path, "spin", None))
        self.assertGreaterEqual(result["counter"], 1)
        self.assertGreaterEqual(result["waited_s"], 0)

    def test_slot_choice(self):
        path = self.create(self.new_path(), "uint8", "4", "--semaphores", "4")
        self.start_peer("claim", path, "1")  # takes slot 3, the highest
        rc, out, err = self.wait_while_writing(path, "--json", "--timeout", "60")
        self.assertEqual(rc, 0, err)
        self.assertEqual(json.loads(out)["slot"], 2)
        rc, out, err = self.wait_while_writing(path, "--slot", "1", "--json", "--timeout", "60")
        self.assertEqual(rc, 0, err)
        self.assertEqual(json.loads(out)["slot"], 1)
        p = self.daoctl("wait", path, "--slot", "3", "--timeout", "5", expect=1)
        self.assertEqual(p.err, "daoctl: %s: slot 3: reader slot is claimed by another reader\n" % path)
        p = self.daoctl("wait", path, "--slot", "4", "--timeout", "5", expect=1)
        self.assertEqual(p.err, "daoctl: %s: slot 4: no such reader slot\n" % path)

    def test_timeout(self):
        path = self.create(self.new_path(), "uint8", "4")
        self.daoctl("write", path, "--fill", "1")  # a post from before the wait
        for mode in ([], ["--spin"]):
            p = self.daoctl("wait", path, "--timeout", "0.2", *mode, expect=1)
            self.assertEqual(p.err, "daoctl: %s: no new frame within 0.2 s\n" % path)
            self.assertEqual(p.out, "")

    def wait_until_mapped(self, process, path):
        """Until `process` has the stream open (mapped), so that what the
        test does next happens during its wait, not before it opened."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            with open("/proc/%d/maps" % process.pid) as f:
                if path in f.read():
                    return
            time.sleep(0.01)
        self.fail("daoctl wait never opened %s" % path)

    def test_stream_removed_or_replaced_while_waiting(self):
        for mode in ([], ["--spin"]):
            with self.subTest(mode=mode):
                path = self.create(self.new_path(), "uint8", "4")
                p = subprocess.Popen([h.DAOCTL, "wait", path] + mode, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
                self.peers.append(p)
                self.wait_until_mapped(p, path)
                os.unlink(path)
                out, err = p.communicate(timeout=60)
                self.assertEqual((p.returncode, out, err.decode()),
                                 (1, b"", "daoctl: %s: the stream is gone: No such file or directory\n" % path))

                path = self.create(self.new_path(), "uint8", "4")
                p = subprocess.Popen([h.DAOCTL, "wait", path] + mode, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
                self.peers.append(p)
                self.wait_until_mapped(p, path)
                self.daoctl("create", path, "--type", "uint16", "--shape", "2x2", "--force")
                out, err = p.communicate(timeout=60)
                self.assertEqual((p.returncode, out, err.decode()),
                                 (1, b"", "daoctl: %s: the path now holds another stream\n" % path))

    def test_missing_semaphores_and_missing_stream(self):
        path = self.create(self.new_path(), "uint8", "4")
        h.remove_semaphores(os.path.basename(path).split(".")[0])
        p = self.daoctl("wait", path, "--timeout", "5", expect=1)
        self.assertEqual(p.err, "daoctl: %s: the stream's semaphores do not exist (try --spin)\n" % path)
        missing = self.new_path("missing")
        p = self.daoctl("wait", missing, "--timeout", "1", expect=1)
        self.assertEqual(p.err, "daoctl: %s: No such file or directory\n" % missing)


if __name__ == "__main__":
    h.main()
