"""daoctl info on real streams: header fields, keywords, semaphore values,
claimed slots, writer liveness, file size, and files that are not streams."""
import os

import daoctl_harness as h
from daoctl_harness import DaoctlTestCase


class InfoTest(DaoctlTestCase):
    def test_fields_after_writes(self):
        path = self.create(self.new_path(), "float64", "3x2", "--semaphores", "3")
        self.daoctl("write", path, "--fill", "1.5", "--count", "4")
        info = self.daoctl_json("info", path)
        self.assertEqual(info["path"], path)
        self.assertEqual(info["stem"], os.path.basename(path).split(".")[0])
        hd = info["header"]
        self.assertEqual((hd["naxis"], hd["size"], hd["nelement"], hd["atype"], hd["type"]),
                         (2, [3, 2, 0], 6, 10, "float64"))
        self.assertEqual((hd["cnt0"], hd["cnt1"], hd["cnt2"], hd["write"]), (4, 0, 0, 0))
        self.assertEqual((hd["shared"], hd["status"], hd["logflag"], hd["sem"]), (1, 0, 0, 3))
        self.assertEqual(hd["fifo_size"], 1)
        self.assertEqual(hd["fifo_last_written"], 0)
        self.assertGreater(hd["atime_ns"], hd["creation_time"] * 1e9 - 1e9)
        self.assertEqual(hd["creation_time"], hd["last_access"])
        self.assertEqual(info["counter"], 4)
        self.assertEqual(info["frame_size"], 48)
        self.assertEqual(info["file_size"], 4304 + 48)
        self.assertEqual(info["expected_file_size"], 4304 + 48)
        self.assertTrue(info["size_ok"])
        stem = info["stem"]
        self.assertEqual([s["name"] for s in info["semaphores"]],
                         ["/%s_sem00" % stem, "/%s_sem01" % stem, "/%s_sem02" % stem])
        self.assertEqual([s["value"] for s in info["semaphores"]], [1, 1, 1])
        self.assertEqual(info["semlog"], {"name": "/%s_semlog" % stem, "value": 1})
        self.assertEqual(info["claimed_slots"], [])
        text = self.daoctl("info", path).out
        self.assertIn("shape:           3x2 (naxis 2, size [3, 2, 0], nelement 6)", text)
        self.assertIn("counter:         4 (cnt0 4, cnt1 0, cnt2 0)", text)
        self.assertIn("slots claimed:   none", text)
        self.assertEqual(info["shares_semaphores_with"], [])
        self.assertNotIn("warning", text)

    def test_keywords_with_characters_json_must_escape(self):
        path = self.create(self.new_path(), "uint8", "2", "--keywords", "4")
        subprocess_run = h.subprocess.run([h.PEER, "keywords", path])
        self.assertEqual(subprocess_run.returncode, 0)
        info = self.daoctl_json("info", path)
        self.assertEqual(info["keyword_capacity"], 4)
        self.assertEqual(info["keywords"], [
            {"index": 0, "name": "GAIN", "type": "int", "value": -42, "comment": "detector gain"},
            {"index": 1, "name": "EXPTIME", "type": "double", "value": 0.25, "comment": "seconds"},
            {"index": 2, "name": "MODE", "type": "string", "value": 'say "hi"\\',
             "comment": "quote and backslash"},
        ])
        self.assertIn("keywords:        3 of 4 entries used", self.daoctl("info", path).out)

    def test_claimed_slots_and_writer_liveness(self):
        path = self.create(self.new_path(), "uint16", "8x8")
        claimer, slots = self.start_peer("claim", path, "2")
        self.assertEqual(slots, ["9", "8"])
        writer, _ = self.start_peer("write", path, "20")
        info = self.daoctl_json("info", path)
        self.assertEqual(info["claimed_slots"], [8, 9])
        self.assertEqual([s["claimed"] for s in info["semaphores"]], [False] * 8 + [True, True])
        self.assertEqual(info["writer"], "alive")
        self.kill_peer(claimer)
        self.kill_peer(writer)
        info = self.daoctl_json("info", path)
        self.assertEqual(info["claimed_slots"], [])  # the kernel dropped the claims
        self.assertEqual(info["writer"], "gone" if h.xattrs_supported(self.dir) else "unknown")

    def test_missing_semaphores(self):
        path = self.create(self.new_path(), "uint8", "2")
        h.remove_semaphores(os.path.basename(path).split(".")[0])
        info = self.daoctl_json("info", path)
        self.assertEqual({s["value"] for s in info["semaphores"]}, {None})
        self.assertIsNone(info["semlog"]["value"])
        self.assertIn("the stream's semaphores do not exist", self.daoctl("info", path).out)

    def test_streams_sharing_the_semaphores(self):
        a = self.create(self.new_path("twin"), "uint8", "2")
        self.assertEqual(self.daoctl_json("info", a)["shares_semaphores_with"], [])
        b = self.create(a.replace(".im.shm", ".v2.im.shm"), "uint8", "2")
        self.assertEqual(self.daoctl_json("info", a)["shares_semaphores_with"], [b])
        self.assertEqual(self.daoctl_json("info", b)["shares_semaphores_with"], [a])
        self.assertIn("  warning: shared with %s (same stem)\n" % b, self.daoctl("info", a).out)

    def test_oversized_file(self):
        path = self.create(self.new_path(), "uint8", "2")
        with open(path, "ab") as f:
            f.write(b"\0" * 10)
        info = self.daoctl_json("info", path)
        self.assertEqual(info["file_size"], info["expected_file_size"] + 10)
        self.assertFalse(info["size_ok"])

    def test_fifo_segments(self):
        path = self.create(self.new_path(), "uint8", "2", "--fifo", "3")
        self.daoctl("write", path, "--fill", "1", "--count", "4")
        info = self.daoctl_json("info", path)
        self.assertEqual(info["counter"], 4)
        self.assertEqual(len(info["segments"]), 3)
        self.assertEqual(info["header"]["fifo_last_written"], 1)  # 1, 2, 0, 1
        self.assertEqual(max(s["cnt0"] for s in info["segments"]), 4)

    def test_invalid_files(self):
        cases = {
            "empty": (b"", "file is empty"),
            "short": (b"\0" * 100, "file is shorter than a DAO metadata block"),
            "zeros": (b"\0" * 5000, "number of axes is not 1, 2 or 3"),
        }
        for name, (content, message) in cases.items():
            with self.subTest(name=name):
                path = self.new_path(name)
                with open(path, "wb") as f:
                    f.write(content)
                p = self.daoctl("info", path, expect=1)
                self.assertEqual(p.err, "daoctl: %s: %s\n" % (path, message))
                self.assertEqual(p.out, "")
        # A real stream cut short after its header.
        path = self.create(self.new_path("cut"), "uint16", "64x64")
        os.truncate(path, 4400)
        p = self.daoctl("info", path, "--json", expect=1)
        self.assertEqual(p.err, "daoctl: %s: file is shorter than its data region\n" % path)
        self.assertEqual(p.out, "")
        p = self.daoctl("info", self.dir, expect=1)
        self.assertEqual(p.err, "daoctl: %s: Is a directory\n" % self.dir)


if __name__ == "__main__":
    h.main()
