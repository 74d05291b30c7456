"""Copies into the caller's array: get_data(out=), get_data_next(out=) and
get_history(out=) fill a given array and return it, so a loop that reads
every frame allocates nothing. The array must take the bytes as they are
(the stream's dtype and byte order, the copy's shape, C order, writable);
anything else is refused before the read, so the tail does not move."""
import numpy as np
import pytest

import dao

SHAPE = (4, 6)

# A libdao writer in another process writing frames back to back, each
# frame one value everywhere (its counter), until stdin closes.
BACK_TO_BACK_WRITER = r"""
import sys, threading
import numpy as np
import dao
w = dao.shm(sys.argv[1])
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
print("writing", flush=True)
while not stop.is_set():
    w.set_data(np.full(w.shape, w.get_counter() + 1, w.dtype))
"""


@pytest.fixture
def fifo(stream_path):
    """A depth-4 stream of int32 frames and a reader on it; write(v) writes
    a frame holding v everywhere."""
    path = stream_path()
    writer = dao.shm(path, np.zeros(SHAPE, np.int32), depth=4)
    reader = dao.shm(path)

    def write(value):
        writer.set_data(np.full(SHAPE, value, np.int32))

    yield reader, write
    reader.close()
    writer.close()


def test_get_data_next_fills_and_returns_the_given_array(fifo):
    r, write = fifo
    out = np.full(SHAPE, -1, np.int32)
    assert r.get_data_next(out=out) == (dao.shm.DAO_NOTREADY, None)
    assert (out == -1).all(), "nothing after the tail: out untouched"
    write(1)
    write(2)
    for value in (1, 2):
        status, frame = r.get_data_next(out=out)
        assert status == dao.shm.DAO_SUCCESS
        assert frame is out
        assert (out == value).all()
    for value in range(3, 10):  # 7 frames: more than the depth of 4
        write(value)
    status, frame = r.get_data_next(out=out)
    assert status == dao.shm.DAO_OVERWRITE and frame is out and (out == 9).all()


def test_get_data_fills_and_returns_the_given_array(fifo):
    r, write = fifo
    write(5)
    out = np.zeros(SHAPE, np.int32)
    assert r.get_data(out=out) is out
    assert (out == 5).all()
    r.get_data(check=True, timeout=0.01)  # the post of the write above
    out[...] = -1
    assert r.get_data(check=True, timeout=0.01, out=out) is None
    assert (out == -1).all(), "a timeout leaves out untouched"


def test_get_history_fills_and_returns_the_given_array(fifo):
    r, write = fifo
    for value in (1, 2, 3):
        write(value)
    out = np.zeros((3, *SHAPE), np.int32)
    assert r.get_history(3, out=out) is out
    assert out[:, 0, 0].tolist() == [1, 2, 3]
    with pytest.raises(ValueError, match="shape"):
        r.get_history(2, out=out)  # (3, 4, 6) for a copy of 2 frames


def _read_only():
    a = np.zeros(SHAPE, np.int32)
    a.flags.writeable = False
    return a


@pytest.mark.parametrize("out, error, match", [
    (np.zeros(SHAPE, np.int64), TypeError, "dtype"),
    (np.zeros(SHAPE, np.float32), TypeError, "dtype"),
    (np.zeros(SHAPE, ">i4"), TypeError, "dtype"),  # the bytes are not swapped
    (np.zeros(SHAPE[::-1], np.int32), ValueError, "shape"),
    (np.zeros(SHAPE[::-1], np.int32).T, ValueError, "C-contiguous"),
    (_read_only(), ValueError, "read-only"),
    ([[0] * 6] * 4, TypeError, "ndarray"),
], ids=["int64", "float32", "big-endian", "shape", "fortran", "read-only", "list"])
def test_an_unfit_array_is_refused_before_the_read(fifo, out, error, match):
    r, write = fifo
    write(7)
    with pytest.raises(error, match=match):
        r.get_data_next(out=out)
    with pytest.raises(error, match=match):
        r.get_data(out=out)
    status, frame = r.get_data_next()
    assert status == dao.shm.DAO_SUCCESS and (frame == 7).all(), "the tail did not move"


def test_out_needs_a_copy(fifo):
    r, _ = fifo
    with pytest.raises(TypeError, match="copy=False"):
        r.get_data(copy=False, out=np.zeros(SHAPE, np.int32))


def test_frames_copied_into_one_array_are_whole_under_a_racing_writer(stream_path, python_child):
    """Another process rewrites the segments as fast as it can while this one
    reads every frame in order into the same array: each copy is one frame
    (a single value everywhere, its counter), counters only go up."""
    path = stream_path()
    dao.shm(path, np.zeros((256, 256), np.int64), depth=4).close()
    reader = dao.shm(path)
    child = python_child(BACK_TO_BACK_WRITER, path)
    assert child.stdout.readline().strip() == "writing", child.stderr.read()
    out = np.empty((256, 256), np.int64)
    last, copies = 0, 0
    try:
        while copies < 200:
            status, frame = reader.get_data_next(wait=True, timeout=10, out=out)
            assert status in (dao.shm.DAO_SUCCESS, dao.shm.DAO_OVERWRITE), status
            assert frame is out
            value = int(out[0, 0])
            assert (out == value).all(), "a torn frame"
            assert value > last
            last, copies = value, copies + 1
    finally:
        child.stdin.close()
        child.wait(timeout=30)
        reader.close()
