"""daoctl beside a writer that re-creates its stream in place, the way the
existing DAO library does (tests/peers/dao-legacy-writer: the same file
truncated and rewritten at another size): ls and info, run again and again
while it does, are never killed by a signal — they died of SIGBUS in 26 of
112 ls runs before libdao guarded its mappings — and watch says each
re-creation, with the new shape, and goes on."""
import json
import os
import re
import signal
import subprocess
import time

import daoctl_harness as h
from daoctl_harness import DaoctlTestCase

LEGACY = os.environ.get("DAO_LEGACY_WRITER")
RUNS = 150


class RecreateTest(DaoctlTestCase):
    def setUp(self):
        super().setUp()
        if not LEGACY:
            self.skipTest("DAO_LEGACY_WRITER is not set")

    def start_legacy(self, path, *args, log=subprocess.DEVNULL):
        """The legacy writer, once its stream exists."""
        p = subprocess.Popen([LEGACY, path, *args], stdout=log)
        self.peers.append(p)
        deadline = time.monotonic() + 30
        while not os.path.exists(path) and time.monotonic() < deadline:
            self.assertIsNone(p.poll(), "the legacy writer exited")
            time.sleep(0.01)
        return p

    @staticmethod
    def creations(log):
        """How many times the writer has created its stream so far."""
        log.flush()
        with open(log.name) as f:
            return sum(line.startswith("created ") for line in f)

    def run_many(self, *args):
        """RUNS runs of daoctl ARGS: their (exit status, stdout, stderr)."""
        results = []
        for _ in range(RUNS):
            p = subprocess.run(h.WRAP + [h.DAOCTL, *args], capture_output=True, timeout=60)
            results.append((p.returncode, p.stdout.decode(), p.stderr.decode(errors="replace")))
        return results

    def test_ls_and_info_beside_a_writer_truncating_in_place(self):
        path = self.new_path("trunc")
        # Flat out, a re-creation every three frames, shrinking and growing
        # by 230 times: the file changes size thousands of times a second.
        log = open(os.path.join(self.dir, "writer.log"), "w+")
        self.addCleanup(log.close)
        self.start_legacy(path, "--shape", "256x256:uint16", "--recreate", "16x16:uint8,512x512:float32",
                          "--every", "3", "--rate", "0", log=log)
        created_before = self.creations(log)
        # ls sleeps 20 ms between its two looks, info reads every field: both
        # touch the mapping while the file changes under it.
        listed = self.run_many("ls", "--interval", "0.02", "--json", self.dir)
        described = self.run_many("info", path)

        killed = [rc for rc, _, _ in listed + described if rc < 0]
        self.assertEqual(killed, [], "daoctl killed by signals %s" % sorted(set(-rc for rc in killed)))
        # The file changed under the runs: more re-creations than runs.
        self.assertGreater(self.creations(log) - created_before, len(listed + described))
        # ls lists the file every time, as a stream or as invalid with a reason.
        for rc, out, err in listed:
            self.assertEqual(rc, 0, err)
            (row,) = json.loads(out)["streams"]
            self.assertEqual(row["path"], path)
            if row["valid"]:
                self.assertIn(row["shape"], ([256, 256], [16, 16], [512, 512]))
            else:
                self.assertTrue(row["error"] and row["error_code"].startswith("DAO_E_"), row)
        # info describes it, or says in one line why it cannot.
        for rc, out, err in described:
            if rc == 0:
                self.assertTrue(out.startswith("path:            %s\n" % path), out)
            else:
                self.assertEqual((rc, out), (1, ""), err)
                self.assertRegex(err, r"^daoctl: %s: .+\n$" % re.escape(path))

    def test_watch_follows_in_place_re_creations(self):
        path = self.new_path("follow")
        # Every 40 frames at 200 Hz the same file is re-created, alternately
        # smaller with another type and back at the first shape (which only
        # the counter starting again reveals).
        writer = self.start_legacy(path, "--shape", "64x64:uint16", "--recreate", "2x8:int16,64x64:uint16",
                                   "--every", "40", "--rate", "200")
        watch = subprocess.Popen(h.WRAP + [h.DAOCTL, "watch", path, "--interval", "0.1", "--json"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.peers.append(watch)
        events, lines_after = [], 0
        deadline = time.monotonic() + 60
        while (len(events) < 3 or lines_after < 2) and time.monotonic() < deadline:
            line = watch.stdout.readline()
            if not line:
                self.fail("watch ended: %s" % watch.stderr.read().decode())
            record = json.loads(line)
            if record.get("event") == "replaced":
                events.append(record)
                lines_after = 0
            else:
                lines_after += 1
        watch.send_signal(signal.SIGINT)
        self.assertEqual(watch.wait(timeout=30), 0, watch.stderr.read().decode())
        self.assertIsNone(writer.poll())
        self.assertGreaterEqual(len(events), 3, events)
        for event in events:
            self.assertEqual(event["how"], "in_place")
            self.assertIn((tuple(event["shape"]), event["type"]), {((2, 8), "int16"), ((64, 64), "uint16")})
        # Each one is the other geometry than the one before.
        kinds = [tuple(e["shape"]) for e in events]
        self.assertTrue(all(a != b for a, b in zip(kinds, kinds[1:])), kinds)

    def test_watch_says_the_new_shape_in_text(self):
        path = self.new_path("text")
        self.start_legacy(path, "--shape", "64x64:uint16", "--recreate", "2x8:int16", "--every", "20",
                          "--rate", "200")
        watch = subprocess.Popen(h.WRAP + [h.DAOCTL, "watch", path, "--interval", "0.1"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.peers.append(watch)
        seen = None
        deadline = time.monotonic() + 60
        while seen is None and time.monotonic() < deadline:
            line = watch.stdout.readline().decode()
            if not line:
                self.fail("watch ended: %s" % watch.stderr.read().decode())
            if " was " in line:
                seen = line
        self.assertEqual(seen, "%s was re-created in place; following the new stream: 2x8 int16\n" % path)
        line = watch.stdout.readline().decode()
        self.assertIn("counter", line)  # and it goes on
        watch.send_signal(signal.SIGINT)
        self.assertEqual(watch.wait(timeout=30), 0)


if __name__ == "__main__":
    h.main()
