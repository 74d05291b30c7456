"""Reading a recording back from Python, beside raw baselines of the same run.

    PYTHONPATH=build/python /usr/bin/python3 tests/record/bench_recording_read.py [FRAMES]

Records FRAMES (default 2000) frames of 256² uint16 with dao.Recorder into a
private directory in /tmp (4 chunks), then times, each best of 3 with the
files in the page cache:
  - dao.Recording.read(): every frame into one array (the library's reader)
  - dao.Recording[k] for every k: a frame at a time
  - the same recording Rice-compressed (.fits.fz), read()
and the baselines: the chunk files' bytes read into a buffer (readinto: the
least any reader must do) and numpy decoding them by hand (np.frombuffer of
the big-endian data, byte swap, BZERO), which is what a reader written for
plain chunks only would cost. A figure, not a test.
"""
import glob
import os
import shutil
import sys
import tempfile
import time

import numpy as np

import dao

FRAMES = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
SHAPE = (256, 256)


def record(out, compress):
    path = os.path.join(out, "bench.im.shm")
    w = dao.shm(path, np.zeros(SHAPE, np.uint16))
    base = np.random.default_rng(1).poisson(100, SHAPE).astype(np.uint16)
    try:
        with dao.Recorder(path, out, chunk_frames=FRAMES // 4, compress=compress) as rec:
            for k in range(FRAMES):
                w.set_data(base + np.uint16(k % 50))
                while rec.stats.frames + rec.stats.missed < k + 1:
                    pass
        rec.finish()
        return rec.files
    finally:
        w.close()
        dao.unlink(path)


def best(fn, runs=3):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def raw_read(files):
    size = max(os.path.getsize(f) for f in files)
    buf = bytearray(size)
    for f in files:
        with open(f, "rb", buffering=0) as fd:
            fd.readinto(buf)


def numpy_decode(files, frames_per_file):
    """The primary image of each plain chunk, decoded by hand."""
    out = np.empty((FRAMES,) + SHAPE, np.uint16)
    k = 0
    for f in files:
        data = open(f, "rb").read()
        header = data.index(b"END" + b" " * 77) // 2880 * 2880 + 2880
        n = frames_per_file * SHAPE[0] * SHAPE[1]
        a = np.frombuffer(data, ">i2", n, header)
        out[k:k + frames_per_file] = (a.astype(np.int32) + 32768).astype(np.uint16).reshape(
            (frames_per_file,) + SHAPE)
        k += frames_per_file
    return out


def main():
    out = tempfile.mkdtemp(prefix="dao-bench-read-", dir="/tmp")
    try:
        plain_dir, fz_dir = os.path.join(out, "plain"), os.path.join(out, "fz")
        os.mkdir(plain_dir)
        os.mkdir(fz_dir)
        plain = record(plain_dir, False)
        fz = record(fz_dir, True)
        mb = FRAMES * SHAPE[0] * SHAPE[1] * 2 / 1e6
        rec = dao.Recording(plain)
        assert len(rec) == FRAMES
        assert np.array_equal(rec.read(), numpy_decode(plain, FRAMES // 4))
        rows = [
            ("raw: the files' bytes (readinto)", best(lambda: raw_read(plain))),
            ("numpy decoding by hand (plain only)", best(lambda: numpy_decode(plain, FRAMES // 4))),
            ("dao.Recording.read(), plain", best(rec.read)),
            ("dao.Recording[k] for every k, plain", best(lambda: [rec[k] for k in range(FRAMES)])),
        ]
        with dao.Recording(fz) as rfz:
            rows.append(("dao.Recording.read(), .fits.fz", best(rfz.read)))
        on_disk = sum(os.path.getsize(f) for f in fz) / 1e6
        print(f"{FRAMES} frames of {SHAPE[0]}x{SHAPE[1]} uint16 ({mb:.0f} MB; .fits.fz {on_disk:.0f} MB "
              f"on disk), best of 3, load average {os.getloadavg()[0]:.1f}")
        for name, t in rows:
            print(f"  {name:40s} {mb / t:8.0f} MB/s  {FRAMES / t:9.0f} frames/s")
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
