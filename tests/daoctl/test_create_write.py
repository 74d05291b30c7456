"""daoctl create and write: real streams, checked byte by byte against the
format (shm-format.md) by reading the file directly, not through libdao."""
import os
import struct

import daoctl_harness as h
from daoctl_harness import DaoctlTestCase, npy_bytes, read_frame, counter_of

# type name, struct format of one element, a fill text, the value it means
TYPES = [
    ("uint8", "<B", "255", 255),
    ("int8", "<b", "-128", -128),
    ("uint16", "<H", "65535", 65535),
    ("int16", "<h", "-32768", -32768),
    ("uint32", "<I", "4294967295", 4294967295),
    ("int32", "<i", "-2147483648", -2147483648),
    ("uint64", "<Q", "18446744073709551615", 18446744073709551615),
    ("int64", "<q", "-9223372036854775808", -9223372036854775808),
    ("float32", "<f", "1.5", 1.5),
    ("float64", "<d", "-2.25e300", -2.25e300),
    ("complex64", "<ff", "1.5,-2", (1.5, -2.0)),
    ("complex128", "<dd", "-0.5,4e200", (-0.5, 4e200)),
]


class CreateTest(DaoctlTestCase):
    def test_header_of_a_new_stream(self):
        path = self.create(self.new_path(), "uint16", "4x5", "--keywords", "3", "--semaphores", "4")
        self.assertEqual(os.path.getsize(path), 4304 + 4 * 5 * 2 + 3 * 120)
        info = self.daoctl_json("info", path)
        hd = info["header"]
        self.assertEqual(hd["naxis"], 2)
        self.assertEqual(hd["size"], [4, 5, 0])
        self.assertEqual(hd["nelement"], 20)
        self.assertEqual(hd["atype"], 3)
        self.assertEqual(hd["type"], "uint16")
        self.assertEqual(hd["sem"], 4)
        self.assertEqual(hd["nbkw"], 3)
        self.assertEqual(hd["cnt0"], 0)
        self.assertEqual(hd["name"], path)
        self.assertEqual(len(info["semaphores"]), 4)
        self.assertEqual(info["keyword_capacity"], 3)
        self.assertEqual(info["keywords"], [])
        # Its semaphores exist and are reset: no stale "new frame" flag.
        self.assertEqual([s["value"] for s in info["semaphores"]], [0, 0, 0, 0])
        self.assertEqual(len(h.semaphore_files(os.path.basename(path).split(".")[0])), 5)

    def test_fifo_and_1d_and_3d(self):
        fifo = self.create(self.new_path(), "float32", "8", "--fifo", "3")
        self.assertEqual(os.path.getsize(fifo), 3 * 4304 + 3 * 8 * 4)
        self.assertEqual(len(self.daoctl_json("info", fifo)["segments"]), 3)
        cube = self.create(self.new_path(), "int8", "2x3x4")
        self.assertEqual(self.daoctl_json("info", cube)["header"]["size"], [2, 3, 4])

    def test_depth_keeps_the_last_frames(self):
        # A FIFO of depth 4: after five writes of 1 … 5 its segments hold the
        # last four, the newest segment the 5 (read from the file by the
        # format's layout, independently of libdao).
        path = self.create(self.new_path("fifo"), "uint16", "2x3", "--depth", "4")
        for value in range(1, 6):
            self.daoctl("write", path, "--fill", str(value))
        info = self.daoctl_json("info", path)
        self.assertEqual(info["header"]["fifo_size"], 4)
        self.assertEqual(len(info["segments"]), 4)
        with open(path, "rb") as f:
            raw = f.read()
        frame = 2 * 3 * 2
        values = [struct.unpack_from("<H", raw, 4 * 4304 + k * frame)[0] for k in range(4)]
        self.assertEqual(sorted(values), [2, 3, 4, 5])
        self.assertEqual(values[info["header"]["fifo_last_written"]], 5)
        self.assertEqual(read_frame(path)[0], struct.pack("<H", 5) * 6)
        for bad in ("0", "65536", "x"):
            p = self.daoctl("create", self.new_path(), "--type", "uint8", "--shape", "2", "--depth", bad, expect=2)
            self.assertIn("--depth needs a number from 1 to 65535", p.err)

    def test_refuses_to_replace_without_force(self):
        path = self.create(self.new_path(), "uint8", "2")
        self.daoctl("write", path, "--fill", "9")
        p = self.daoctl("create", path, "--type", "uint16", "--shape", "3", expect=1)
        self.assertIn("File exists", p.err)
        self.assertEqual(read_frame(path)[0], b"\x09\x09")
        self.daoctl("create", path, "--type", "uint16", "--shape", "3", "--force")
        self.assertEqual(read_frame(path), (b"\0" * 6, (3,)))

    def test_warns_when_a_stem_is_shared(self):
        path = self.create(self.new_path("share"))
        # Same directory, same stem, different file name after the first '.'.
        cousin = path.replace(".im.shm", ".v2.im.shm")
        p = self.daoctl("create", cousin, "--type", "uint8", "--shape", "2")
        self.assertIn("share semaphores", p.err)
        self.assertIn(path, p.err)
        # A stream with a stem of its own gets no warning.
        p = self.daoctl("create", self.new_path("alone"), "--type", "uint8", "--shape", "2")
        self.assertEqual(p.err, "")

    def test_creation_failure(self):
        p = self.daoctl("create", "/nonexistent-dir/x.im.shm", "-t", "uint8", "-s", "2", expect=1)
        self.assertEqual(p.err, "daoctl: /nonexistent-dir/x.im.shm: No such file or directory\n")


class WriteFillTest(DaoctlTestCase):
    def test_fill_every_type(self):
        for name, fmt, text, value in TYPES:
            with self.subTest(type=name):
                path = self.create(self.new_path(), name, "2x3")
                self.daoctl("write", path, "--fill", text)
                data, shape = read_frame(path)
                self.assertEqual(shape, (2, 3))
                elsize = struct.calcsize(fmt)
                self.assertEqual(len(data), 6 * elsize)
                for i in range(6):
                    got = struct.unpack_from(fmt, data, i * elsize)
                    self.assertEqual(got if len(got) > 1 else got[0], value)
                self.assertEqual(counter_of(path), 1)

    def test_fill_value_refused(self):
        cases = [("uint8", "256"), ("uint8", "-1"), ("int8", "-129"), ("uint16", "65536"),
                 ("uint64", "18446744073709551616"), ("int64", "9223372036854775808"),
                 ("uint16", "1.5"), ("uint16", "ten"), ("uint16", ""), ("float32", "1e39"),
                 ("float64", "1e999"), ("float64", "1.0x"), ("complex64", "1,2,3"), ("complex64", "1;2")]
        for name, text in cases:
            with self.subTest(type=name, text=text):
                path = self.create(self.new_path(), name, "2")
                p = self.daoctl("write", path, "--fill", text, expect=1)
                self.assertTrue(p.err.startswith("daoctl: %s: fill value '%s': " % (path, text)), p.err)
                self.assertEqual(counter_of(path), 0)  # nothing was published

    def test_count_and_semaphores(self):
        path = self.create(self.new_path(), "uint16", "2x2")
        self.daoctl("write", path, "--fill", "3", "--count", "5")
        info = self.daoctl_json("info", path)
        self.assertEqual(info["counter"], 5)
        # Posts are clamped at 1, not piled up.
        self.assertEqual({s["value"] for s in info["semaphores"]}, {1})
        self.assertEqual(info["semlog"]["value"], 1)

    def test_warns_when_another_writer_is_alive(self):
        path = self.create(self.new_path(), "uint8", "4")
        self.assertEqual(self.daoctl("write", path, "--fill", "1").err, "")
        writer, _ = self.start_peer("write", path, "20")
        p = self.daoctl("write", path, "--fill", "1")
        self.assertEqual(p.err, "daoctl: warning: %s: another libdao writer is alive; its frames and these "
                                "interleave\n" % path)

    def test_write_to_invalid_or_missing_stream(self):
        bad = self.new_path("bad")
        with open(bad, "wb") as f:
            f.write(b"\0" * 5000)
        p = self.daoctl("write", bad, "--fill", "1", expect=1)
        self.assertEqual(p.err, "daoctl: %s: number of axes is not 1, 2 or 3\n" % bad)
        with open(bad, "rb") as f:
            self.assertEqual(f.read(), b"\0" * 5000)
        missing = self.new_path("missing")
        self.daoctl("write", missing, "--fill", "1", expect=1)
        self.assertFalse(os.path.exists(missing))


class WriteNpyTest(DaoctlTestCase):
    def npy(self, content, name="frame.npy"):
        path = os.path.join(self.dir, name)
        with open(path, "wb") as f:
            f.write(content)
        return path

    def test_from_npy_all_versions_in_c_order(self):
        # Element (y, x) holds 10*y + x: C order puts x fastest.
        values = [10 * y + x for y in range(4) for x in range(5)]
        data = struct.pack("<20H", *values)
        for version in (1, 2, 3):
            with self.subTest(version=version):
                path = self.create(self.new_path(), "uint16", "4x5")
                self.daoctl("write", path, "--from", self.npy(npy_bytes("<u2", (4, 5), data, version)))
                frame, shape = read_frame(path)
                self.assertEqual(shape, (4, 5))
                self.assertEqual(frame, data)
                self.assertEqual(struct.unpack_from("<H", frame, (2 * 5 + 3) * 2)[0], 23)

    def test_from_npy_written_by_numpy(self):
        try:
            import numpy
        except ImportError:
            self.skipTest("numpy not available to this Python")
        for dtype, name in [("float32", "float32"), ("complex128", "complex128"), ("uint8", "uint8"),
                            ("int64", "int64")]:
            with self.subTest(dtype=dtype):
                a = (numpy.arange(12).reshape(3, 4) * 3 - 7).astype(dtype)
                f = os.path.join(self.dir, "np-%s.npy" % dtype)
                numpy.save(f, a)
                path = self.create(self.new_path(), name, "3x4")
                self.daoctl("write", path, "--from", f)
                self.assertEqual(read_frame(path)[0], a.tobytes())

    def test_from_npy_refused(self):
        good = struct.pack("<20H", *range(20))
        cases = {
            "dtype float32 does not match the stream's type uint16": npy_bytes("<f4", (4, 5), b"\0" * 80),
            "shape (5, 4) does not match the stream's shape 4x5": npy_bytes("<u2", (5, 4), good),
            "shape (20,) does not match": npy_bytes("<u2", (20,), good),
            "Fortran-ordered": npy_bytes("<u2", (4, 5), good, fortran=True),
            "big-endian": npy_bytes(">u2", (4, 5), good),
            "shorter than its array": npy_bytes("<u2", (4, 5), good[:-1]),
            "bytes after its array": npy_bytes("<u2", (4, 5), good + b"\0"),
            "not a .npy file": b"NUMPY" + good,
            "format version": npy_bytes("<u2", (4, 5), good).replace(b"NUMPY\x01", b"NUMPY\x09", 1),
            "header is truncated": npy_bytes("<u2", (4, 5), good)[:40],
            "not one of the DAO element types": npy_bytes("<f2", (4, 5), good),
            # A list where the dtype string was (same length, so the header
            # length stays right): a structured dtype.
            "structured dtypes": npy_bytes("<u2", (4, 5), good).replace(b"'<u2'", b"[('a'"),
            "header is not a dict": b"\x93NUMPY\x01\x00\x08\x00garbage\n" + good,
        }
        for message, content in cases.items():
            with self.subTest(message=message):
                path = self.create(self.new_path(), "uint16", "4x5")
                f = self.npy(content)
                p = self.daoctl("write", path, "--from", f, expect=1)
                self.assertTrue(p.err.startswith("daoctl: %s: " % f), p.err)
                self.assertIn(message, p.err)
                self.assertEqual(counter_of(path), 0)
        path = self.create(self.new_path(), "uint16", "4x5")
        missing = os.path.join(self.dir, "missing.npy")
        p = self.daoctl("write", path, "--from", missing, expect=1)
        self.assertEqual(p.err, "daoctl: %s: No such file or directory\n" % missing)


if __name__ == "__main__":
    h.main()
