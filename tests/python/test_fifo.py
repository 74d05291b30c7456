"""FIFO streams (depth N > 1) read as DAO's FIFO page documents
(shared/docs/daobase-api.md §1, §4): get_data_next in order with and without
lapping, get_history oldest first, get_data_arbitrary, reset_tail, frames()
in order with exact missed counts — against libdao's writer and against the
writer made from the byte contract (tests/peers/dao-legacy-writer)."""
import logging
import os
import signal
import subprocess

import numpy as np
import pytest

import dao

# A libdao writer in another process, in lockstep: "go N" writes N frames
# (frame with counter c holds c everywhere) and answers "ok NEWEST"; "rate N
# HZ" writes N frames at HZ and answers when done.
WRITER = r"""
import sys, time
import numpy as np
import dao
w = dao.shm(sys.argv[1])
for line in sys.stdin:
    words = line.split()
    n = int(words[1])
    period = 1 / float(words[2]) if words[0] == "rate" else 0
    start = time.monotonic()
    for k in range(n):
        if period:
            time.sleep(max(0, start + (k + 1) * period - time.monotonic()))
        c = w.get_counter() + 1
        w.set_data(np.full(w.shape, c, w.dtype))
    print("ok", w.get_counter(), flush=True)
"""


@pytest.fixture
def fifo(stream_path, python_child):
    """A depth-8 stream of 4x4 int64, its reader, and the lockstep writer."""
    path = stream_path()
    dao.shm(path, np.full((4, 4), 1, np.int64), depth=8)
    reader = dao.shm(path)
    child = python_child(WRITER, path)

    def go(n, rate=None):
        child.stdin.write(f"go {n}\n" if rate is None else f"rate {n} {rate}\n")
        child.stdin.flush()
        reply = child.stdout.readline().split()
        assert reply and reply[0] == "ok", child.stderr.read()
        return int(reply[1])

    return reader, go


def test_get_data_next_in_order_then_not_ready(fifo):
    r, go = fifo
    assert r.get_data_next() == (dao.shm.DAO_NOTREADY, None)
    newest = go(5)
    for c in range(newest - 4, newest + 1):
        status, frame = r.get_data_next()
        assert status == dao.shm.DAO_SUCCESS and (frame == c).all(), (status, frame)
    assert r.get_data_next()[0] == dao.shm.DAO_NOTREADY


def test_get_data_next_lapped_jumps_to_the_newest(fifo):
    r, go = fifo
    newest = go(20)  # 20 frames into 8 segments while the reader looked away
    status, frame = r.get_data_next()
    assert status == dao.shm.DAO_OVERWRITE and (frame == newest).all()
    assert r.get_data_next()[0] == dao.shm.DAO_NOTREADY
    go(1)
    status, frame = r.get_data_next()
    assert status == dao.shm.DAO_SUCCESS and (frame == newest + 1).all()


def test_get_data_next_wait_from_a_writer_at_a_known_rate(fifo):
    r, go = fifo
    import threading
    done = {}
    thread = threading.Thread(target=lambda: done.setdefault("newest", go(40, 200)))
    thread.start()
    got, lapped = [], 0
    while not got or got[-1] < 41:
        status, frame = r.get_data_next(wait=True)
        assert status in (dao.shm.DAO_SUCCESS, dao.shm.DAO_OVERWRITE)
        lapped += status == dao.shm.DAO_OVERWRITE
        assert (frame == frame.flat[0]).all()
        got.append(int(frame.flat[0]))
    thread.join()
    assert got == sorted(got) and got[-1] == done["newest"] == 41
    if not lapped:  # a reader that kept up saw every frame, in order
        assert got == list(range(2, 42))


def test_frames_in_order_with_exact_missed_counts(fifo):
    r, go = fifo
    it = r.frames(timeout=30)
    go(3)
    assert [(f.counter, f.missed) for f in (next(it), next(it), next(it))] == \
        [(2, 0), (3, 0), (4, 0)]
    go(20)  # laps the 8-frame FIFO: 19 of the 20 are lost
    f = next(it)
    assert (f.counter, f.missed) == (24, 19) and (f.data == 24).all()


def test_get_history_oldest_first(fifo):
    r, go = fifo
    newest = go(10)
    h = r.get_history(num_items=4)
    assert h.shape == (4, 4, 4) and h.dtype == np.int64
    assert [int(x.flat[0]) for x in h] == list(range(newest - 3, newest + 1))
    assert r.get_history(8).shape == (8, 4, 4)
    assert r.get_history().shape == (1, 4, 4)


def test_get_history_bad_count_logs_and_returns_none(fifo, caplog):
    r, go = fifo
    with caplog.at_level(logging.ERROR, logger="dao"):
        assert r.get_history(0) is None
        assert r.get_history(9) is None
    assert caplog.text.count("num_items") >= 2


def test_get_history_check_and_buffer_wait(fifo):
    r, go = fifo
    import threading
    r.get_data(check=True)  # the creating post
    threading.Timer(0.1, lambda: go(1)).start()
    h = r.get_history(2, check=True, timeout=30)
    assert [int(x.flat[0]) for x in h] == [1, 2]
    threading.Timer(0.1, lambda: go(3)).start()
    h = r.get_history(3, buffer=True, spin=True, timeout=30)
    assert [int(x.flat[0]) for x in h] == [3, 4, 5]


def test_get_data_arbitrary(fifo):
    r, go = fifo
    go(10)  # counters 2..11 in segments 1..7, 0..2
    for i in range(-1, 12):
        frame = r.get_data_arbitrary(i)
        assert (frame == r.get_meta_data(i)["cnt0"]).all(), i


def test_reset_tail(fifo):
    r, go = fifo
    go(3)
    r.reset_tail()
    assert r.get_data_next()[0] == dao.shm.DAO_NOTREADY
    go(1)
    assert r.get_data_next()[0] == dao.shm.DAO_SUCCESS


SECTION_4 = r'''
import numpy as np
import dao

# a writer with a FIFO of 8 frames and 4 keyword slots (positional nbkw)
w = dao.shm('/tmp/fifo.im.shm', np.zeros((256, 256), np.float32), 4, depth=8)

# a reader that consumes every frame in order and notices when it falls behind
r = dao.shm('/tmp/fifo.im.shm')
status, frame = r.get_data_next(wait=True)
if status == dao.shm.DAO_OVERWRITE:
    print('lapped: frames were lost')
elif status == dao.shm.DAO_NOTREADY:
    pass                                 # nothing new yet (only without wait=True)

last4 = r.get_history(num_items=4)       # shape (4, 256, 256), oldest first
third = r.get_data_arbitrary(2)          # segment 2 % 8
md = r.get_meta_data()                   # newest segment's fields, plus fifo_size / fifo_last_written
n, fid, t = r.get_counter(), r.get_frame_id(), r.get_timestamp()
r.reset_tail()

# the newest frame, waiting on semaphore 3 for at most half a second (None on timeout)
img = r.get_data(True, True, 3, 0.5)     # check, reform, semNb, timeout
img = r.get_data(check=True, spin=True)  # wait on the counter instead
r.close()
'''

# Writes frames into the stream at `path` at 200 Hz once it exists (the
# script above creates it), until killed: the frames the script waits for.
FEEDER = r"""
import os, sys, time
import numpy as np
import dao
path = sys.argv[1]
while True:
    try:
        w = dao.shm(path)
        break
    except (FileNotFoundError, dao.StreamError):
        time.sleep(0.005)
k = 0
while True:
    time.sleep(0.005)
    k += 1
    w.set_data(np.full(w.shape, k, w.dtype))
"""


def test_section_4_script_as_written(stream_path, python_child):
    """daobase-api.md §4, verbatim but for the stream's path (tests must not
    touch a shared /tmp/fifo.im.shm), against a writer at 200 Hz."""
    path = stream_path()
    feeder = python_child(FEEDER, path)
    script = python_child(SECTION_4.replace("/tmp/fifo.im.shm", path))
    out, err = script.communicate(timeout=120)
    feeder.kill()
    assert script.returncode == 0, err
    assert out in ("", "lapped: frames were lost\n"), out


def test_in_order_reading_of_a_legacy_fifo_writer(stream_path, legacy_writer):
    """The FIFO written by a writer made from the byte contract (the existing
    library's order, §6): every frame accounted for, in order, whole."""
    path = stream_path()
    total = 300
    writer = subprocess.Popen([legacy_writer, path, "--shape", "16x16:int64", "--depth", "8",
                               "--rate", "1000", "--frames", str(total)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().startswith("created ")
        r = dao.shm(path)
        assert r.fifo_depth == 8
        seen = missed = 0
        last = r.get_counter()
        start = last
        for f in r.frames(timeout=30):
            assert (f.data == f.counter).all(), "a torn or misplaced segment"
            assert f.counter == last + f.missed + 1
            seen += 1
            missed += f.missed
            last = f.counter
            if last == total:
                break
        assert seen + missed == total - start  # every frame returned or counted lost
        h = r.get_history(8)
        assert [int(x.flat[0]) for x in h] == list(range(total - 7, total + 1))
        for i in range(8):
            assert (r.get_data_arbitrary(i) == r.get_meta_data(i)["cnt0"]).all()
        assert writer.wait(30) == 0
    finally:
        writer.kill()
        writer.wait()


def test_get_data_next_lapped_by_a_legacy_writer(stream_path, legacy_writer):
    path = stream_path()
    writer = subprocess.Popen([legacy_writer, path, "--shape", "4x4:uint16", "--depth", "8",
                               "--rate", "1000", "--frames", "200"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().startswith("created ")
        writer.send_signal(signal.SIGSTOP)  # open while most frames are still to come
        r = dao.shm(path)
        opened_at = r.get_counter()
        writer.send_signal(signal.SIGCONT)
        assert writer.wait(30) == 0
        assert opened_at < 200 - 8, "the writer ran ahead of the test"
        status, frame = r.get_data_next()
        assert status == dao.shm.DAO_OVERWRITE and (frame == 200).all()
        assert r.get_data_next() == (dao.shm.DAO_NOTREADY, None)
    finally:
        writer.send_signal(signal.SIGCONT)
        writer.kill()
        writer.wait()
