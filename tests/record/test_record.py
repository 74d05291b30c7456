"""daoctl record and play with real processes: a writer at a known rate and
count, the recorder, the replay, the files checked by the recording reader
(record-test-peer check) and by fitsverify.

Run by Meson as  /usr/bin/python3 test_record.py DAOCTL PEER [FITSVERIFY]
Standard library only. No assertion here depends on the machine's speed:
where frames may be lost under load, the test asserts that every one of
them is accounted for, not that there are none.
"""
import glob
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import unittest

DAOCTL = PEER = FITSVERIFY = None
_counter = 0


def unique(prefix):
    global _counter
    _counter += 1
    return "rec%s%dn%d" % (prefix, os.getpid(), _counter)


class RecordTestCase(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="dao-record-test-", dir="/tmp")
        self.out = os.path.join(self.dir, "out")
        os.mkdir(self.out)
        self.stems = []
        self.procs = []

    def tearDown(self):
        for p in self.procs:
            if p.poll() is None:
                p.kill()
            p.wait()
            for pipe in (p.stdin, p.stdout, p.stderr):
                if pipe:
                    pipe.close()
        for stem in self.stems:  # the streams' semaphores, as glibc names them
            for sem in glob.glob("/dev/shm/sem.%s_sem*" % stem):
                os.unlink(sem)
        shutil.rmtree(self.dir, ignore_errors=True)

    # -- processes ------------------------------------------------------------

    def new_path(self, prefix="s"):
        stem = unique(prefix)
        self.stems.append(stem)
        return os.path.join(self.dir, stem + ".im.shm"), stem

    def start_writer(self, path, frames, period_us, *options):
        """A writer that has created its stream; it writes frames 1 … N,
        each pattern(counter), once go() is called."""
        p = subprocess.Popen([PEER, "writer", path, str(frames), str(period_us), "--wait-go"]
                             + list(options), stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.procs.append(p)
        self.assertEqual(p.stdout.readline(), b"created\n")
        return p

    def go(self, *writers):
        for w in writers:
            w.stdin.write(b"go\n")
            w.stdin.close()
            w.stdin = None  # communicate() must not flush it again

    def wait_writer(self, p, frames, timeout=120):
        out, _ = p.communicate(timeout=timeout)
        self.assertEqual(p.returncode, 0)
        self.assertEqual(out.decode().split(), ["done", str(frames)])

    def start_recorder(self, paths, *options, env=None):
        """daoctl record, once it has said it is recording every stream."""
        p = subprocess.Popen([DAOCTL, "record"] + list(paths) + ["-o", self.out, "--json"]
                             + list(options), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=dict(os.environ, **(env or {})))
        self.procs.append(p)
        for _ in paths:
            line = p.stderr.readline().decode()
            self.assertTrue(line.startswith("daoctl: recording "), "recorder: %r" % line)
        return p

    def end_recorder(self, p, sig=signal.SIGINT, expect=0, timeout=120):
        if sig is not None:
            p.send_signal(sig)
        out, err = p.communicate(timeout=timeout)
        self.assertEqual(p.returncode, expect, err.decode(errors="replace"))
        return json.loads(out) if expect == 0 or out else None

    def daoctl(self, *args, expect=0, timeout=120):
        p = subprocess.run([DAOCTL] + list(args), capture_output=True, timeout=timeout)
        self.assertEqual(p.returncode, expect, "daoctl %s: %s" % (args, p.stderr.decode(errors="replace")))
        return p.stdout.decode(), p.stderr.decode(errors="replace")

    # -- files ----------------------------------------------------------------

    def chunks(self, stem):
        return sorted(glob.glob(os.path.join(self.out, stem + "-*.fits")))

    def check(self, files):
        p = subprocess.run([PEER, "check"] + files, capture_output=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr.decode(errors="replace"))
        return json.loads(p.stdout)

    def assert_valid_fits(self, files):
        self.assertTrue(files)
        if not FITSVERIFY:
            return
        for f in files:
            p = subprocess.run([FITSVERIFY, "-q", f], capture_output=True)
            self.assertEqual(p.returncode, 0, "%s: %s" % (f, p.stdout.decode(errors="replace")))

    def assert_accounted(self, rec, published):
        """Every counter 1 … published is in the file or counted as lost:
        counters rise, each LOST is the gap before its frame, and frames,
        losses and the tail add up to what the writer published."""
        counters = rec["counter"]
        self.assertEqual(counters, sorted(set(counters)))
        previous = 0
        for c, lost, dropped in zip(counters, rec["frame_lost"], rec["frame_dropped"]):
            self.assertEqual(lost, c - previous - 1)
            self.assertLessEqual(dropped, lost)
            previous = c
        self.assertEqual(rec["bad"], 0, "frames whose bytes are not their counter's pattern")
        self.assertEqual(rec["lost"], sum(rec["frame_lost"]))
        self.assertEqual(rec["dropped"], sum(rec["frame_dropped"]))
        self.assertEqual(rec["frames"] + rec["lost"] + rec["tail"], published)


class RecordTest(RecordTestCase):
    def test_every_frame_present_or_counted(self):
        path, stem = self.new_path()
        writer = self.start_writer(path, 300, 2000, "--keywords")
        rec = self.start_recorder([path], "--chunk-frames", "70")
        self.go(writer)
        self.wait_writer(writer, 300)
        time.sleep(0.3)
        summary = self.end_recorder(rec)
        files = self.chunks(stem)
        self.assert_valid_fits(files)
        self.assertEqual(len(files), summary["streams"][0]["files"])
        got = self.check(files)
        self.assert_accounted(got, 300)
        s = summary["streams"][0]
        self.assertEqual(s["frames"], got["frames"])
        self.assertEqual(s["missed"] + s["dropped"], got["lost"] + got["tail"])
        self.assertEqual(got["type"], "uint16")
        self.assertEqual(got["shape"], [64, 64])
        self.assertEqual(got["stream"], path)
        # 70 frames a chunk: every chunk but the last is full.
        for f in files[:-1]:
            self.assertEqual(self.check([f])["frames"], 70)
        kw = {k["name"]: k for k in got["keywords"]}
        self.assertEqual(kw["gain"]["value"], -42)
        self.assertEqual(kw["LOOP.RATE.HZ"]["value"], "1234.5678")
        self.assertEqual(kw["NANVAL"]["value"], "nan")
        self.assertEqual(kw["MODE"]["value"], "closed 'loop'")
        self.assertEqual(kw["BYTES"]["value"], "\u00c3\u00a9t\u00c3\u00a9 ")
        self.assertEqual(kw["BYTES"]["comment"], "UTF-8 and a trailing space")

    def test_every_type_and_shape(self):
        for type_, shape in [("uint8", "7"), ("int8", "3x5"), ("int16", "4x6"), ("uint32", "2x3x4"),
                             ("int32", "9"), ("uint64", "3x3"), ("int64", "2x2"),
                             ("float32", "5x4"), ("float64", "3"), ("complex64", "2x3"),
                             ("complex128", "2x2x2")]:
            with self.subTest(type=type_, shape=shape):
                path, stem = self.new_path(type_)
                writer = self.start_writer(path, 20, 3000, "--type", type_,
                                           "--shape", shape)
                rec = self.start_recorder([path])
                self.go(writer)
                self.wait_writer(writer, 20)
                time.sleep(0.2)
                self.end_recorder(rec)
                files = self.chunks(stem)
                self.assert_valid_fits(files)
                got = self.check(files)
                self.assert_accounted(got, 20)
                self.assertEqual(got["type"], type_)
                self.assertEqual(got["shape"], [int(n) for n in shape.split("x")])

    def test_full_ring_drops_are_counted(self):
        """A disk slower than the writer (the disk thread waits 20 ms a
        frame) with a ring of 2: frames are dropped, each one counted, and
        the file's account adds up exactly."""
        path, stem = self.new_path()
        writer = self.start_writer(path, 200, 1000)
        rec = self.start_recorder([path], "--ring", "2",
                                  env={"DAOCTL_RECORD_TEST_DISK_DELAY_US": "20000"})
        self.go(writer)
        self.wait_writer(writer, 200)
        summary = self.end_recorder(rec)
        s = summary["streams"][0]
        files = self.chunks(stem)
        self.assert_valid_fits(files)
        got = self.check(files)
        self.assert_accounted(got, 200)
        self.assertGreater(s["dropped"], 0)
        self.assertLessEqual(s["ring_peak"], 2)
        # The tail (frames after the last kept one) may be dropped or missed.
        self.assertLessEqual(got["dropped"], s["dropped"])
        self.assertLessEqual(s["dropped"], got["dropped"] + got["tail"])
        self.assertEqual(s["missed"] + s["dropped"], got["lost"] + got["tail"])

    def test_stalled_disk_never_blocks_the_writer(self):
        """The disk thread takes a second per frame and the ring holds 2:
        a writer publishing 2000 frames as fast as it can still finishes
        (it would need over half an hour if the recorder held it back), and
        the recorder, still draining, accounts for all of them."""
        path, stem = self.new_path()
        writer = self.start_writer(path, 2000, 0)
        rec = self.start_recorder([path], "--ring", "2",
                                  env={"DAOCTL_RECORD_TEST_DISK_DELAY_US": "1000000"})
        self.go(writer)
        self.wait_writer(writer, 2000, timeout=60)
        summary = self.end_recorder(rec)
        got = self.check(self.chunks(stem))
        self.assert_accounted(got, 2000)
        self.assertLessEqual(got["frames"], 10)
        s = summary["streams"][0]
        self.assertEqual(s["missed"] + s["dropped"], 2000 - got["frames"])

    def test_sigint_finishes_every_chunk(self):
        path, stem = self.new_path()
        writer = self.start_writer(path, 100000, 2000)
        rec = self.start_recorder([path], "--chunk-frames", "40")
        self.go(writer)
        time.sleep(1.0)
        summary = self.end_recorder(rec, signal.SIGINT)
        writer.kill()
        files = self.chunks(stem)
        self.assertEqual(sorted(os.listdir(self.out)), [os.path.basename(f) for f in files])
        self.assert_valid_fits(files)
        got = self.check(files)
        self.assertEqual(got["frames"], summary["streams"][0]["frames"])
        self.assertGreater(got["frames"], 0)
        # Counters follow on from chunk to chunk; published = last counter.
        self.assert_accounted(got, got["counter"][-1] + got["tail"])

    def test_sigkill_leaves_only_whole_files(self):
        path, stem = self.new_path()
        writer = self.start_writer(path, 100000, 2000)
        rec = self.start_recorder([path], "--chunk-frames", "40")
        self.go(writer)
        time.sleep(1.0)
        rec.kill()
        rec.wait()
        writer.kill()
        files = self.chunks(stem)
        names = sorted(os.listdir(self.out))
        parts = [n for n in names if n.endswith(".part")]
        self.assertLessEqual(len(parts), 1)
        for n in parts:
            self.assertRegex(n, r"^\.%s-\d{6}\.fits\.part$" % stem)
        self.assertEqual(sorted(set(names) - set(parts)), [os.path.basename(f) for f in files])
        if files:
            self.assert_valid_fits(files)
            got = self.check(files)
            self.assert_accounted(got, got["counter"][-1])
        # The leftover keeps a new recording out of the directory until it
        # is dealt with, rather than being overwritten or mixed in.
        if parts or files:
            _, err = self.daoctl("record", path, "-o", self.out, "--frames", "1", expect=1)
            self.assertIn("exists", err)

    def test_stream_replaced_ends_the_recording(self):
        path, stem = self.new_path()
        writer = self.start_writer(path, 100000, 2000)
        rec = self.start_recorder([path])
        self.go(writer)
        time.sleep(0.5)
        writer.kill()
        writer.wait()
        self.daoctl("create", path, "--type", "uint8", "--shape", "3", "--force")
        out, err = rec.communicate(timeout=60)
        self.assertEqual(rec.returncode, 1)
        self.assertIn("the path now holds another stream", err.decode())
        files = self.chunks(stem)
        self.assert_valid_fits(files)
        self.assertEqual(self.check(files)["bad"], 0)

    def test_two_streams_each_in_its_own_files(self):
        a, stem_a = self.new_path("a")
        b, stem_b = self.new_path("b")
        wa = self.start_writer(a, 50, 2000)
        wb = self.start_writer(b, 80, 1000, "--type", "float32", "--shape", "10")
        rec = self.start_recorder([a, b])
        self.go(wa, wb)
        self.wait_writer(wa, 50)
        self.wait_writer(wb, 80)
        time.sleep(0.3)
        summary = self.end_recorder(rec)
        self.assertEqual([s["stem"] for s in summary["streams"]], [stem_a, stem_b])
        self.assert_accounted(self.check(self.chunks(stem_a)), 50)
        got_b = self.check(self.chunks(stem_b))
        self.assert_accounted(got_b, 80)
        self.assertEqual(got_b["type"], "float32")

    def test_frames_limit(self):
        """--frames ends the recording by itself; with --rt-priority when we
        may (root), else that option's refusal is checked."""
        path, stem = self.new_path()
        writer = self.start_writer(path, 100000, 1000)
        if os.geteuid() != 0:
            _, err = self.daoctl("record", path, "-o", self.out, "--rt-priority", "5", expect=1)
            self.assertIn("real-time priority 5", err)
        rt = ["--rt-priority", "5"] if os.geteuid() == 0 else []
        rec = self.start_recorder([path], "--frames", "25", *rt)
        self.go(writer)
        summary = self.end_recorder(rec, sig=None)
        writer.kill()
        self.assertEqual(summary["streams"][0]["frames"], 25)
        got = self.check(self.chunks(stem))
        self.assertEqual(got["frames"], 25)
        self.assert_accounted(got, got["counter"][-1])

    def test_rice_compression(self):
        """Each finished chunk is replaced by a lossless .fits.fz copy that
        fitsverify accepts and the reader reads back byte for byte."""
        for type_ in ["uint16", "int8", "int32"]:
            with self.subTest(type=type_):
                path, stem = self.new_path(type_)
                writer = self.start_writer(path, 90, 1000, "--type", type_, "--shape", "32x48")
                rec = self.start_recorder([path], "--compress", "rice", "--chunk-frames", "40")
                self.go(writer)
                self.wait_writer(writer, 90)
                time.sleep(0.3)
                s = self.end_recorder(rec)["streams"][0]
                files = sorted(glob.glob(os.path.join(self.out, stem + "-*.fits.fz")))
                self.assertEqual(len(files), s["files"])
                self.assertEqual(s["compressed_files"], s["files"])
                self.assertEqual(self.chunks(stem), [])  # the uncompressed ones are gone
                self.assertGreater(s["compressed_bytes"], 0)
                self.assert_valid_fits(files)
                got = self.check(files)
                self.assert_accounted(got, 90)
                self.assertEqual(got["type"], type_)
        path, _ = self.new_path("float")
        self.daoctl("create", path, "--type", "float32", "--shape", "4")
        _, err = self.daoctl("record", path, "-o", self.out, "--compress", "rice", expect=1)
        self.assertIn("lossless for 8-, 16- and 32-bit integers only", err)

    def test_no_free_slot_polls_the_counter(self):
        """Every reader slot taken (a daoctl wait holds the only one): the
        recorder polls the counter instead, says so, and still accounts for
        every frame."""
        path, stem = self.new_path()
        writer = self.start_writer(path, 150, 2000, "--semaphores", "1")
        holder = subprocess.Popen([DAOCTL, "wait", path, "--slot", "0", "--timeout", "60"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.procs.append(holder)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            out, _ = self.daoctl("info", "--json", path)
            if json.loads(out)["claimed_slots"]:
                break
            time.sleep(0.02)
        rec = self.start_recorder([path])
        self.go(writer)
        self.wait_writer(writer, 150)
        time.sleep(0.3)
        s = self.end_recorder(rec)["streams"][0]
        self.assertTrue(s["polling"])
        self.assert_accounted(self.check(self.chunks(stem)), 150)

    def test_disk_full(self):
        """A 1 MiB file system fills up: the recording ends with exit status
        1 and the reason, the chunks finished before are whole, and no
        .part file is left. (Needs root for a private tmpfs mount.)"""
        if os.geteuid() != 0 or not shutil.which("unshare"):
            self.skipTest("needs root and unshare for a small private file system")
        path, stem = self.new_path()
        writer = self.start_writer(path, 100000, 1000)
        self.go(writer)
        script = ('mount -t tmpfs -o size=1m dao-record-full "$1" || exit 77; '
                  '"$2" record "$3" -o "$1" --chunk-frames 20 --json > "$1.json"; echo $? > "$1.rc"; '
                  'ls -a "$1" > "$1.ls"; '
                  '"$4" check "$1"/*.fits > "$1.check"; '
                  + ('"$5" -q "$1"/*.fits > "$1.verify"; echo $? >> "$1.verify"' if FITSVERIFY else 'true'))
        p = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh",
                            self.out, DAOCTL, path, PEER, FITSVERIFY or ""],
                           capture_output=True, timeout=120)
        if p.returncode == 77:
            self.skipTest("no private mount here")
        writer.kill()

        def read(suffix):
            with open(self.out + suffix) as f:
                return f.read()
        self.assertEqual(read(".rc").strip(), "1", p.stderr.decode(errors="replace"))
        self.assertIn("No space left on device", p.stderr.decode(errors="replace"))
        names = read(".ls").split()
        self.assertFalse([n for n in names if n.endswith(".part")], names)
        got = json.loads(read(".check"))
        self.assertGreater(got["frames"], 0)
        self.assertEqual(got["bad"], 0)
        self.assertEqual(got["frames"], json.loads(read(".json"))["streams"][0]["frames"])
        if FITSVERIFY:
            self.assertEqual(read(".verify").split()[-1], "0", read(".verify"))

    def test_fifo_stream_every_frame_in_order(self):
        """A FIFO stream (depth 16) written in one burst of 12 frames, as fast
        as the writer can: the recorder reads in order from the stream's
        FIFO, so however late its thread runs, every frame is in the file
        and none is lost. (Reading the newest frame would keep one or two.)"""
        path, stem = self.new_path()
        writer = self.start_writer(path, 12, 0, "--depth", "16")
        rec = self.start_recorder([path])
        self.go(writer)
        self.wait_writer(writer, 12)
        time.sleep(0.3)
        s = self.end_recorder(rec)["streams"][0]
        got = self.check(self.chunks(stem))
        self.assert_accounted(got, 12)
        self.assertEqual(got["counter"], list(range(1, 13)))
        self.assertEqual(s["missed"] + s["dropped"], 0)
        self.assertEqual(got["fifo_depth"], 16)

    def test_fifo_stream_lapped_counts_exactly(self):
        """Depth 8, a burst of 60 frames, a ring of 2 behind a disk thread
        that takes 50 ms a frame: the capture waits for room while the
        writer laps the FIFO; libdao's exact count of the overwritten
        frames goes into the file, and the account adds up to 60."""
        path, stem = self.new_path()
        writer = self.start_writer(path, 60, 0, "--depth", "8")
        rec = self.start_recorder([path], "--ring", "2",
                                  env={"DAOCTL_RECORD_TEST_DISK_DELAY_US": "50000"})
        self.go(writer)
        self.wait_writer(writer, 60)
        time.sleep(0.5)
        s = self.end_recorder(rec)["streams"][0]
        got = self.check(self.chunks(stem))
        self.assert_accounted(got, 60)
        self.assertGreater(got["lost"], 0)
        self.assertEqual(s["missed"] + s["dropped"], got["lost"] + got["tail"])
        self.assertEqual(got["counter"][-1] + got["tail"], 60)

    def test_command_line(self):
        path, stem = self.new_path()
        self.daoctl("create", path, "--type", "uint8", "--shape", "4")
        _, err = self.daoctl("record", path, "-o", self.out, "--format", "hdf5", expect=2)
        self.assertIn("FITS", err)
        self.daoctl("record", path, expect=2)
        self.daoctl("record", "-o", self.out, expect=2)
        self.daoctl("record", path, path, "-o", self.out, expect=2)
        self.daoctl("record", path, "-o", self.out, "--chunk-frames", "2", "--chunk-bytes", "1K",
                    expect=2)
        self.daoctl("record", path, "-o", self.out, "--ring", "1", expect=2)
        self.daoctl("record", path, "-o", self.out, "--rt-priority", "0", expect=2)
        self.daoctl("record", path, "-o", self.out, "--rt-priority", "100", expect=2)
        _, err = self.daoctl("record", os.path.join(self.dir, "none.im.shm"), "-o", self.out,
                             "--frames", "1", expect=1)
        self.assertIn("No such file", err)
        _, err = self.daoctl("record", path, "-o", os.path.join(self.dir, "nodir"), expect=1)
        self.assertIn("No such file", err)
        out, _ = self.daoctl("record", "--help")
        self.assertIn("--chunk-bytes", out)
        self.assertIn("play", self.daoctl("--help")[0])


class PlayTest(RecordTestCase):
    def record(self, frames, period_us, *writer_options):
        path, stem = self.new_path("orig")
        writer = self.start_writer(path, frames, period_us, *writer_options)
        rec = self.start_recorder([path])
        self.go(writer)
        self.wait_writer(writer, frames)
        time.sleep(0.3)
        self.end_recorder(rec)
        files = self.chunks(stem)
        got = self.check(files)
        self.assert_accounted(got, frames)
        return files, got

    def record_replay(self, files, *play_options):
        """Play files into a new stream while recording that stream: the
        player waits for the recorder's claim (--wait-reader)."""
        replay, stem = self.new_path("replay")
        play = subprocess.Popen([DAOCTL, "play", "--wait-reader"] + files + [replay]
                                + list(play_options), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.procs.append(play)
        deadline = time.monotonic() + 60
        while not os.path.exists(replay) and time.monotonic() < deadline:
            time.sleep(0.01)
        rec = self.start_recorder([replay])
        out, err = play.communicate(timeout=120)
        self.assertEqual(play.returncode, 0, err)
        time.sleep(0.3)
        self.end_recorder(rec)
        return replay, self.chunks(stem), out.decode()

    def test_replay_is_byte_for_byte(self):
        files, orig = self.record(120, 2000, "--keywords", "--shape", "16x24")
        replay, replay_files, out = self.record_replay(files, "--rate", "200")
        self.assertRegex(out, r"^%s: %d frames played, 1 loop\(s\)" % (re.escape(replay), orig["frames"]))
        got = self.check(replay_files)
        self.assertEqual(got["shape"], [16, 24])
        self.assertEqual(got["keywords"], orig["keywords"])
        p = subprocess.run([PEER, "compare"] + files + ["--"] + replay_files, capture_output=True)
        cmp = json.loads(p.stdout)
        self.assertTrue(cmp["geometry"])
        self.assertEqual(cmp["differ"], 0)
        self.assertGreater(cmp["compared"], 0)
        # The replayed stream's counter went up by one per frame.
        self.assertEqual(got["counter"][-1] + got["tail"], orig["frames"])

    def test_original_timing(self):
        """A writer alternating 10 ms and 40 ms intervals, replayed with the
        recorded timing: the replay's long intervals stay long and its short
        ones short, and the whole lasts about as long. (Loose bounds: the
        precise figures are bench-record's.)"""
        files, orig = self.record(40, 10000, "--alternate", "40000")
        _, replay_files, _ = self.record_replay(files, "--original-timing")
        got = self.check(replay_files)
        self.assertGreater(got["frames"], 10)
        # Intervals between replayed frames that follow each other, each
        # beside the interval recorded between the same two frames (replayed
        # counter c is recorded frame c - 1). Sorting by the recorded interval,
        # not by the counter's parity, keeps this right when the first
        # recording itself missed a frame on a loaded machine.
        def recorded_dt(c):
            return orig["write_ns"][c] - orig["write_ns"][c - 1]
        pairs = [(recorded_dt(got["counter"][i]), got["write_ns"][i + 1] - got["write_ns"][i])
                 for i in range(len(got["counter"]) - 1)
                 if got["frame_lost"][i + 1] == 0 and got["counter"][i] < len(orig["write_ns"])]
        long_ = [dt for want, dt in pairs if want > 25e6]
        short = [dt for want, dt in pairs if want < 25e6]
        self.assertTrue(long_ and short)
        self.assertGreater(statistics.median(long_), statistics.median(short) + 15e6)
        span = orig["write_ns"][-1] - orig["write_ns"][0]
        replayed = got["write_ns"][-1] - got["write_ns"][0]
        covered = (got["counter"][-1] - got["counter"][0]) / (orig["frames"] - 1)
        self.assertGreater(replayed, 0.7 * span * covered)
        self.assertLess(replayed, 3.0 * span)

    def test_play_refuses_bad_input(self):
        path, _ = self.new_path()
        junk = os.path.join(self.dir, "junk.fits")
        with open(junk, "wb") as f:
            f.write(b"not a FITS file" * 100)
        _, err = self.daoctl("play", junk, path, expect=1)
        self.assertIn("not a FITS file", err)
        self.assertFalse(os.path.exists(path))
        self.daoctl("play", path, expect=2)
        self.daoctl("play", junk, path, "--rate", "10", "--original-timing", expect=2)
        self.daoctl("create", path, "--type", "uint8", "--shape", "1")
        _, err = self.daoctl("play", junk, path, expect=1)
        self.assertIn("--force", err)

    def test_loop_until_sigint(self):
        files, orig = self.record(10, 2000)
        replay, stem = self.new_path("loop")
        p = subprocess.Popen([DAOCTL, "play", "--loop", "--rate", "500"] + files + [replay],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.procs.append(p)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(0.1)
            if os.path.exists(replay) and self.counter(replay) > 3 * orig["frames"]:
                break
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=60)
        self.assertEqual(p.returncode, 0, err)
        played = int(re.match(r".*: (\d+) frames played, (\d+) loop", out.decode()).group(1))
        self.assertGreater(played, 3 * orig["frames"])
        self.assertEqual(self.counter(replay), played)

    def counter(self, path):
        out, _ = self.daoctl("info", "--json", path)
        return json.loads(out)["counter"]


def main():
    global DAOCTL, PEER, FITSVERIFY
    if len(sys.argv) < 3:
        sys.exit("usage: %s DAOCTL PEER [FITSVERIFY] [unittest args]" % sys.argv[0])
    DAOCTL = os.path.abspath(sys.argv[1])
    PEER = os.path.abspath(sys.argv[2])
    rest = sys.argv[3:]
    if rest and not rest[0].startswith("-") and os.path.exists(rest[0]):
        FITSVERIFY = rest.pop(0)
    unittest.main(argv=[sys.argv[0], "-v"] + rest)


if __name__ == "__main__":
    main()
