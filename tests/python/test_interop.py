"""The Python module against a plain libdao C program (dao-py-peer): a
Python writer feeding a C reader and a C writer feeding a Python reader,
in lockstep, for every element type; and killed peers."""
import signal
import subprocess
import time

import numpy as np
import pytest

import dao

from test_dtypes import DAO_DTYPES


def pattern(counter, shape, dtype):
    """Element i (C order) of frame `counter`: (7*counter + i) % 100, as the peer."""
    flat = (7 * counter + np.arange(int(np.prod(shape)))) % 100
    dtype = np.dtype(dtype)
    if dtype.kind == "c":
        return (flat - 1j * flat).astype(dtype).reshape(shape)
    return flat.astype(dtype).reshape(shape)


def _parse_frame(line):
    words = line.split()
    assert words[0] == "frame", line
    counter, type_name, naxis = int(words[1]), words[2], int(words[3])
    shape = tuple(int(n) for n in words[4:4 + naxis])
    return counter, type_name, shape, np.array([float(v) for v in words[7:]])


def _as_peer_values(array):
    """What the peer prints for `array`: elements in file order, complex as re, im."""
    flat = array.reshape(-1)
    if flat.dtype.kind == "c":
        return np.column_stack([flat.real, flat.imag]).reshape(-1).astype(np.float64)
    return flat.astype(np.float64)


@pytest.mark.parametrize("dtype", DAO_DTYPES, ids=lambda d: np.dtype(d).name)
def test_python_writer_c_reader(stream_path, peer, dtype):
    shape = (3, 4) if np.dtype(dtype).itemsize != 8 else (2, 3, 2)
    path = stream_path()
    shm = dao.shm(path, pattern(1, shape, dtype))
    reader = subprocess.Popen([peer, "read", path, "4", "4", "10000"], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert reader.stdout.readline() == "ready\n"
        for counter in range(1, 5):
            if counter > 1:
                shm.set_data(pattern(counter, shape, dtype))
            got_counter, type_name, got_shape, values = _parse_frame(reader.stdout.readline())
            assert got_counter == counter
            assert type_name == np.dtype(dtype).name and got_shape == shape
            # Pixel order pinned: element y*nx + x of the file is array[y, x].
            np.testing.assert_array_equal(values, _as_peer_values(pattern(counter, shape, dtype)))
        assert reader.wait(30) == 0
    finally:
        reader.kill()
        reader.wait()


@pytest.mark.parametrize("dtype", DAO_DTYPES, ids=lambda d: np.dtype(d).name)
def test_c_writer_python_reader(stream_path, peer, dtype):
    path = stream_path()
    shape = (3, 5)
    writer = subprocess.Popen([peer, "write", path, np.dtype(dtype).name, "4", "3", "5"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline() == "created\n"
        shm = dao.shm(path)
        assert shm.dtype == np.dtype(dtype) and shm.shape == shape
        for counter in range(1, 5):
            got = shm.get_data(check=True, timeout=30)
            assert got is not None and shm.get_counter() == counter
            np.testing.assert_array_equal(got, pattern(counter, shape, dtype))
            assert got[2, 3] == pattern(counter, shape, dtype).flat[2 * 5 + 3]
            if counter < 4:
                writer.stdin.write("next\n")
                writer.stdin.flush()
                assert writer.stdout.readline() == f"wrote {counter + 1}\n"
        writer.stdin.close()
        assert writer.wait(30) == 0
    finally:
        writer.kill()
        writer.wait()


WRITER = r"""
import sys
import numpy as np
import dao
n = int(sys.argv[2])
data = np.zeros((n, n), np.int64)
shm = dao.shm(sys.argv[1], data)
print("created", flush=True)
frames = int(sys.argv[3])
while frames != 0:
    data += 1
    shm.set_data(data)
    frames -= 1
print("paused", flush=True)
sys.stdin.readline()
"""


def test_python_writer_killed_between_frames(stream_path, python_child):
    path = stream_path()
    child = python_child(WRITER, path, "64", "5")
    assert child.stdout.readline() == "created\n", child.stderr.read()
    assert child.stdout.readline() == "paused\n", child.stderr.read()
    shm = dao.shm(path)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert not shm.get_meta_data()["write"]
    last = shm.get_data()
    assert (last == 5).all() and shm.get_counter() == 6  # the created frame, then 5
    shm.get_data(check=True, block=False)  # at most one post left from the dead writer
    assert shm.get_data(check=True, timeout=0.2) is None


def _stopped(pid):
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[0] == "T"


def test_python_writer_killed_inside_a_write(stream_path, python_child):
    """Frozen while its write flag is up, then killed: the frame in the file
    is half written for ever, and a read says the writer died (it does not
    fake a consistent copy, nor report a torn read)."""
    path = stream_path()
    child = python_child(WRITER, path, "1024", "-1")  # 8 MB frames, for ever
    assert child.stdout.readline() == "created\n", child.stderr.read()
    shm = dao.shm(path)
    frames = [shm.get_data(check=True, timeout=30) for _ in range(3)]
    assert all(f is not None and (f == f.flat[0]).all() for f in frames)  # never torn
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        while not shm.get_meta_data()["write"] and time.monotonic() < deadline:
            pass
        child.send_signal(signal.SIGSTOP)
        while not _stopped(child.pid):
            time.sleep(0.001)
        if shm.get_meta_data()["write"]:
            break  # stopped inside a write
        child.send_signal(signal.SIGCONT)
    else:
        pytest.fail("never caught the writer inside a write")
    child.send_signal(signal.SIGKILL)
    child.wait()
    with pytest.raises(dao.StreamError) as info:
        shm.get_data()
    assert info.value.code_name == "DAO_E_WRITER_DIED"
    assert shm.get_data(copy=False).shape == (1024, 1024)  # the raw view always works


def test_killed_c_reader_does_not_disturb_the_writer(stream_path, peer):
    path = stream_path()
    shm = dao.shm(path, np.zeros(16, np.float32))
    reader = subprocess.Popen([peer, "read", path, "0", "1000", "10000"], stdout=subprocess.PIPE,
                              text=True)
    assert reader.stdout.readline() == "ready\n"
    reader.kill()
    reader.wait()
    for k in range(10):
        shm.set_data(np.full(16, k, np.float32))
    assert shm.get_counter() == 11
