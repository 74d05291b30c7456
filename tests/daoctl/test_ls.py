"""daoctl ls: real streams with live, killed and absent writers, claimed
slots, invalid files, and streams sharing a stem across directories."""
import os

import daoctl_harness as h
from daoctl_harness import DaoctlTestCase


def by_path(listing):
    return {s["path"]: s for s in listing["streams"]}


class LsTest(DaoctlTestCase):
    def test_empty_directory(self):
        listing = self.daoctl_json("ls", self.dir)
        self.assertEqual(listing["directories"], [self.dir])
        self.assertEqual(listing["streams"], [])
        self.assertEqual(listing["collisions"], [])
        self.assertEqual(self.daoctl("ls", self.dir).out.count("\n"), 1)  # the heading only

    def test_valid_and_invalid_files(self):
        good = self.create(self.new_path("good"), "int32", "3x7")
        self.daoctl("write", good, "--fill", "5", "--count", "2")
        zeros = self.new_path("zeros")
        with open(zeros, "wb") as f:
            f.write(b"\0" * 5000)
        empty = self.new_path("empty")
        open(empty, "wb").close()
        cut = self.create(self.new_path("cut"), "uint16", "64x64")
        os.truncate(cut, 5000)
        folder = self.new_path("folder")
        os.mkdir(folder)
        with open(os.path.join(self.dir, "notes.txt"), "w") as f:
            f.write("not a stream name")

        listing = self.daoctl_json("ls", "--interval", "0", self.dir)
        streams = by_path(listing)
        self.assertEqual(sorted(streams), sorted([good, zeros, empty, cut, folder]))
        g = streams[good]
        self.assertTrue(g["valid"])
        self.assertEqual((g["shape"], g["type"], g["counter"], g["semaphores"], g["fifo_depth"]),
                         ([3, 7], "int32", 2, 10, 1))
        self.assertIsNone(g["rate_hz"])  # no window, no rate
        self.assertGreaterEqual(g["age_s"], 0)
        self.assertEqual(g["readers"], 0)
        self.assertEqual(g["shares_semaphores_with"], [])
        expected = {
            zeros: ("DAO_E_BAD_NAXIS", "number of axes is not 1, 2 or 3"),
            empty: ("DAO_E_EMPTY", "file is empty"),
            cut: ("DAO_E_TRUNCATED_DATA", "file is shorter than its data region"),
            folder: ("EISDIR", "Is a directory"),
        }
        for path, (code, text) in expected.items():
            self.assertEqual(streams[path], {"path": path, "valid": False, "error": text, "error_code": code})

        table = self.daoctl("ls", self.dir).out
        self.assertRegex(table, r"%s\s+3x7\s+int32\s+2\s" % good)
        self.assertIn("%s  invalid: file is shorter than its data region" % cut.ljust(len(folder)), table)
        self.assertNotIn("notes.txt", table)

    def test_writer_alive_then_killed(self):
        path = self.create(self.new_path("live"), "uint16", "16x16")
        writer, _ = self.start_peer("write", path, "5")
        # The rate is measured; a loaded machine may starve the writer for a
        # whole window, so look a few times before calling it broken.
        for _ in range(10):
            s = by_path(self.daoctl_json("ls", "--interval", "0.5", self.dir))[path]
            self.assertEqual(s["writer"], "alive")
            if s["rate_hz"] > 0:
                break
        self.assertGreater(s["rate_hz"], 0)
        self.assertGreater(s["counter"], 0)
        self.assertRegex(self.daoctl("ls", self.dir).out, r"%s\s.*\salive\s" % path)

        self.kill_peer(writer)
        s = by_path(self.daoctl_json("ls", self.dir))[path]
        self.assertEqual(s["writer"], "gone" if h.xattrs_supported(self.dir) else "unknown")
        self.assertEqual(s["rate_hz"], 0)

    def test_stream_from_a_foreign_writer(self):
        # Built byte by byte from shm-format.md, as a non-libdao DAO writer
        # would: valid, counter 42, and no libdao writer to report on.
        path = self.new_path("foreign")
        md = bytearray(4304)
        md[0:len(path)] = path.encode()
        md[80] = 2                                   # naxis
        h.struct.pack_into("<3I", md, 84, 3, 5, 0)   # size
        h.struct.pack_into("<Q", md, 96, 15)         # nelement
        md[104] = 9                                  # float32
        h.struct.pack_into("<q", md, 136, 1)         # written at the epoch + 1 ns
        md[144] = 1
        h.struct.pack_into("<H", md, 148, 10)        # sem
        h.struct.pack_into("<Q", md, 152, 42)        # cnt0
        with open(path, "wb") as f:
            f.write(bytes(md) + h.struct.pack("<15f", *range(15)))
        s = by_path(self.daoctl_json("ls", "-i", "0", self.dir))[path]
        self.assertTrue(s["valid"])
        self.assertEqual((s["shape"], s["type"], s["counter"], s["writer"]), ([3, 5], "float32", 42, "unknown"))
        self.assertGreater(s["age_s"], 1e9)  # decades
        self.assertRegex(self.daoctl("ls", "-i", "0", self.dir).out, r"%s\s+3x5\s+float32\s+42\s+-\s+\d+d\s+unknown\s"
                         % path)

    def test_readers_claimed(self):
        path = self.create(self.new_path("rd"), "uint8", "4", "--semaphores", "5")
        claimer, slots = self.start_peer("claim", path, "3")
        s = by_path(self.daoctl_json("ls", "-i", "0", self.dir))[path]
        self.assertEqual((s["readers"], s["semaphores"]), (3, 5))
        self.assertRegex(self.daoctl("ls", "-i", "0", self.dir).out, r"\s3/5\s")
        self.kill_peer(claimer)
        self.assertEqual(by_path(self.daoctl_json("ls", "-i", "0", self.dir))[path]["readers"], 0)

    def test_shared_stem_across_directories(self):
        other = self.mkdir()
        a = self.create(self.new_path("twin"), "uint8", "2")
        b = self.create(os.path.join(other, os.path.basename(a)), "uint8", "3")
        alone = self.create(self.new_path("alone"), "uint8", "2")
        listing = self.daoctl_json("ls", "-i", "0", self.dir, other)
        streams = by_path(listing)
        self.assertEqual(streams[a]["shares_semaphores_with"], [b])
        self.assertEqual(streams[b]["shares_semaphores_with"], [a])
        self.assertEqual(streams[alone]["shares_semaphores_with"], [])
        stem = os.path.basename(a).split(".")[0]
        self.assertEqual(listing["collisions"], [{"stem": stem, "paths": sorted([a, b])}])
        table = self.daoctl("ls", "-i", "0", self.dir, other).out
        self.assertRegex(table, r"%s\s.*\sshared\n" % a)
        self.assertRegex(table, r"%s\s.*\s-\n" % alone)
        self.assertIn("warning: semaphores /%s_sem* are shared by" % stem, table)
        # The same directory twice (two spellings) is not a collision with itself.
        listing = self.daoctl_json("ls", "-i", "0", self.dir, self.dir + "/")
        self.assertEqual(listing["collisions"], [])
        self.assertEqual(len(listing["streams"]), 2)

    def test_unreadable_directory_is_reported_not_fatal(self):
        path = self.create(self.new_path(), "uint8", "2")
        missing = os.path.join(self.dir, "no-such-dir")
        p = self.daoctl("ls", "--json", "-i", "0", missing, self.dir, expect=1)
        self.assertEqual(p.err, "daoctl: %s: No such file or directory\n" % missing)
        self.assertIn(path, by_path(h.json.loads(p.out)))

    def test_file_names_that_need_escaping(self):
        # A quote, a backslash, a tab and a byte that is not UTF-8.
        stem = h.unique("esc")
        self.stems.append(stem + '"q\\b\t\udcff')
        raw = os.fsencode(os.path.join(self.dir, stem + '"q\\b\t')) + b"\xff.im.shm"
        self.daoctl("create", raw, "--type", "uint8", "--shape", "2")
        listing = self.daoctl_json("ls", "-i", "0", self.dir)
        (s,) = listing["streams"]
        self.assertEqual(s["path"], os.path.join(self.dir, stem + '"q\\b\t\ufffd.im.shm'))
        self.assertTrue(s["valid"])


if __name__ == "__main__":
    h.main()
