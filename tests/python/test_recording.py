"""Recordings from Python: dao.Recorder / dao.record() recording a C writer
process (dao-py-peer: element i of frame c is (7c + i) % 100), read back by
dao.Recording / dao.read_recording(); Rice-compressed chunks; a FITS cube
written here by hand (no astropy); Ctrl-C in the middle of dao.record();
the errors of files that are not recordings. No timing is asserted: where
frames may be lost under load, the test asserts that each one is counted.
"""
import glob
import os
import signal
import struct
import subprocess
import threading
import time

import numpy as np
import pytest

import dao

SHAPE = (8, 12)

pytestmark = pytest.mark.skipif(not hasattr(dao._core, "_RecordingReader"),
                                reason="built without cfitsio: no recordings")


def pattern(counter, shape=SHAPE, dtype=np.uint16):
    return ((7 * counter + np.arange(np.prod(shape))) % 100).astype(dtype).reshape(shape)


class Writer:
    """dao-py-peer writing SHAPE uint16 frames, one per line sent to it."""

    def __init__(self, peer, path, frames=100000):
        self.p = subprocess.Popen([peer, "write", path, "uint16", str(frames), *map(str, SHAPE)],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.p.stdout.readline() == "created\n"

    def write(self, n=1):
        """n frames as fast as the peer can; their counters."""
        self.p.stdin.write("\n" * n)
        self.p.stdin.flush()
        return [int(self.p.stdout.readline().split()[1]) for _ in range(n)]

    def close(self):
        self.p.stdin.close()
        assert self.p.wait(timeout=60) == 0


@pytest.fixture
def writer(peer, stream_path):
    made = []

    def start(**kw):
        path = stream_path()
        w = Writer(peer, path, **kw)
        made.append(w)
        return path, w

    yield start
    for w in made:
        if w.p.poll() is None:
            w.p.kill()
        w.p.wait()
        w.p.stdin.close()
        w.p.stdout.close()


@pytest.fixture
def out(tmp_path):
    return str(tmp_path)


def wait_captured(rec, n):
    """Until the recorder has taken (or counted) n frames."""
    while True:
        s = rec.stats
        if s.frames + s.missed + s.dropped >= n:
            return
        assert s.state == "running", s
        time.sleep(0.001)


def test_every_frame_of_a_c_writer(writer, out):
    path, w = writer()
    rec = dao.Recorder(path, out, chunk_frames=7)
    counters = []
    for k in range(20):
        counters += w.write()
        wait_captured(rec, k + 1)  # in step: the capture never falls behind
    rec.stop()
    final = rec.finish()
    assert final.state == "stopped"
    assert (final.frames, final.lost, final.frames_written) == (20, 0, 20)
    assert final.chunks == 3
    files = rec.files
    assert [os.path.basename(f) for f in files] == [f"{rec.stem}-00000{i}.fits" for i in (1, 2, 3)]

    r = dao.Recording(files)
    assert len(r) == 20 and r.shape == (20,) + SHAPE and r.dtype == np.uint16
    assert r.counter.tolist() == counters
    assert r.loss == dao.Loss(0, 0, 0) and not r.lost.any() and not r.dropped.any()
    assert (np.diff(r.write_time_ns) > 0).all()
    assert (r.capture_time_ns >= r.write_time_ns).all()
    assert r.stream_path == path
    for k, c in enumerate(counters):
        assert np.array_equal(r[k], pattern(c)), k
    assert np.array_equal(r[-1], pattern(counters[-1]))
    assert np.array_equal(r[5:9], np.stack([pattern(c) for c in counters[5:9]]))
    assert np.array_equal(r[::7], np.stack([pattern(c) for c in counters[::7]]))
    assert np.array_equal(r[[3, 0]], np.stack([pattern(counters[3]), pattern(counters[0])]))
    assert np.array_equal(r[2, 1, :4], pattern(counters[2])[1, :4])
    assert np.array_equal(np.asarray(r), np.stack([pattern(c) for c in counters]))
    assert sum(1 for _ in r) == 20
    with pytest.raises(IndexError):
        r[20]
    t = r.table
    assert t.dtype.names == ("counter", "write_time_ns", "capture_time_ns", "lost", "dropped")
    assert t["counter"].tolist() == counters

    frames, table = dao.read_recording(files)
    assert np.array_equal(frames, np.asarray(r)) and np.array_equal(table, t)
    # One chunk alone is a recording of its own.
    with dao.Recording(files[1]) as middle:
        assert middle.counter.tolist() == counters[7:14]
    r.close()
    with pytest.raises(ValueError, match="closed"):
        r[0]
    w.close()


def test_losses_are_counted(writer, out):
    """A burst of 300 frames at the writer's full speed into a depth-1
    stream: the capture may be lapped (how often is up to the machine), and
    every frame is either in the files or counted."""
    path, w = writer()
    with dao.Recorder(path, out) as rec:
        counters = w.write(300)
        wait_captured(rec, 300)
    s = rec.stats
    assert s.state == "stopped"
    r = dao.Recording(rec.files)
    assert len(r) + r.loss.lost + r.loss.tail == 300
    assert len(r) == s.frames and r.loss.lost + r.loss.tail == s.lost
    assert r.counter[0] == counters[0] + r.lost[0]
    assert (r.lost[1:] == np.diff(r.counter) - 1).all()
    for k in range(0, len(r), 37):
        assert np.array_equal(r[k], pattern(int(r.counter[k])))
    w.close()


def test_record_frames_and_compression(writer, out):
    path, w = writer()
    stop = threading.Event()

    def feed():
        while not stop.is_set():
            w.write()

    t = threading.Thread(target=feed)
    t.start()
    try:
        rec = dao.record(path, out, frames=12, chunk_frames=5, compress=True)
    finally:
        stop.set()
        t.join()
    s = rec.stats
    assert s.state == "frames done" and s.frames == 12
    assert s.compressed_chunks == 3 and s.compressed_bytes > 0
    assert all(f.endswith(".fits.fz") for f in rec.files) and len(rec.files) == 3
    assert not glob.glob(os.path.join(out, "*.fits"))  # the plain ones replaced
    r = dao.Recording(rec.files)
    assert len(r) == 12
    for k in range(12):
        assert np.array_equal(r[k], pattern(int(r.counter[k])))
    w.close()
    with pytest.raises(ValueError, match="frames, seconds"):
        dao.record(path, out)


def test_ctrl_c_finishes_the_chunks(writer, out):
    """SIGINT while dao.record() waits: KeyboardInterrupt, after the chunks
    are finished (each opens, none is left half-written)."""
    path, w = writer()
    w.write(3)
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    stop = threading.Event()

    def feed():  # about 1 kHz
        while not stop.wait(0.001):
            w.write()

    with pytest.raises(KeyboardInterrupt):
        t = threading.Thread(target=feed)
        t.start()
        try:
            dao.record(path, out, seconds=60, chunk_frames=50)
        finally:
            stop.set()
            t.join()
    timer.cancel()
    files = sorted(glob.glob(os.path.join(out, "*.fits")))
    assert files and not glob.glob(os.path.join(out, ".*.part"))
    r = dao.Recording(files)
    assert len(r) > 0
    for k in range(len(r)):
        assert np.array_equal(r[k], pattern(int(r.counter[k])))
    w.close()


def fits_cube(path, data):
    """A FITS file of one image, written by hand (BITPIX -32: float32)."""
    cards = ["SIMPLE  =                    T", "BITPIX  =                  -32",
             f"NAXIS   = {data.ndim:20d}"]
    cards += [f"NAXIS{i + 1:<3d}= {n:20d}" for i, n in enumerate(reversed(data.shape))]
    cards.append("END")
    header = "".join(c.ljust(80) for c in cards)
    header += " " * (-len(header) % 2880)
    raw = data.astype(">f4").tobytes()
    with open(path, "wb") as f:
        f.write(header.encode("ascii") + raw + b"\0" * (-len(raw) % 2880))


def test_a_fits_cube_from_elsewhere(tmp_path):
    data = np.arange(4 * 3 * 5, dtype=np.float32).reshape(4, 3, 5) / 2
    path = str(tmp_path / "cube.fits")
    fits_cube(path, data)
    r = dao.Recording(path)
    assert r.shape == (4, 3, 5) and r.dtype == np.float32
    assert np.array_equal(np.asarray(r), data)
    assert r.counter.tolist() == [1, 2, 3, 4] and not r.write_time_ns.any()
    assert r.keywords == {} and r.stream_path == ""


def test_files_that_are_not_recordings(tmp_path, writer, out):
    with pytest.raises(FileNotFoundError):
        dao.Recording(str(tmp_path / "none.fits"))
    junk = tmp_path / "junk.fits"
    junk.write_bytes(b"SIMPLE  = not really" + b" " * 3000)
    with pytest.raises(ValueError, match="junk.fits"):
        dao.Recording(str(junk))
    with pytest.raises(ValueError):
        dao.Recording([])
    a, b = tmp_path / "a.fits", tmp_path / "b.fits"
    fits_cube(str(a), np.zeros((2, 3, 5), np.float32))
    fits_cube(str(b), np.zeros((2, 4, 5), np.float32))
    with pytest.raises(ValueError, match="does not belong"):
        dao.Recording([str(a), str(b)])
    # A truncated cube: refused at open, not read past its end.
    cut = tmp_path / "cut.fits"
    cut.write_bytes(a.read_bytes()[:2880 + 10])
    with pytest.raises(ValueError, match="truncated"):
        dao.Recording(str(cut))

    with pytest.raises(FileNotFoundError):
        dao.Recorder(str(tmp_path / "nostream.im.shm"), out)
    path, w = writer()
    with dao.Recorder(path, out) as rec:
        w.write(2)
        wait_captured(rec, 2)
    with pytest.raises(FileExistsError):
        dao.Recorder(path, out)  # a recording of this stem is there already
    w.close()


def test_astropy_opens_the_chunks(writer, out):
    fits = pytest.importorskip("astropy.io.fits")
    path, w = writer()
    rec = dao.Recorder(path, out)
    for k in range(5):
        w.write()
        wait_captured(rec, k + 1)
    rec.stop()
    rec.finish()
    with fits.open(rec.files[0]) as hdus:
        assert np.array_equal(hdus[0].data, np.asarray(dao.Recording(rec.files)))
        assert list(hdus["FRAMES"].data["COUNTER"]) == list(dao.Recording(rec.files).counter)
    w.close()
