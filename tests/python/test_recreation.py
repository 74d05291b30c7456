"""A stream re-created under an open dao.shm: the handle raises
dao.StreamRecreated (a StreamError) instead of reading the old or a
misread stream, and reopen() attaches to the new one."""
import os
import signal
import subprocess
import time

import numpy as np
import pytest

import dao


def test_renamed_over_raises_recreated_and_reopen_follows(stream_path):
    path = stream_path()
    dao.shm(path, np.zeros((4, 4), np.uint16))
    reader = dao.shm(path)
    reader.get_data(check=True)
    dao.shm(path, np.arange(16, dtype=np.int16).reshape(2, 8))  # libdao re-creates by rename
    with pytest.raises(dao.StreamRecreated) as info:
        reader.get_data(check=True, timeout=5)
    assert info.value.code_name == "DAO_E_REPLACED" and isinstance(info.value, dao.StreamError)
    reader.reopen()
    assert reader.shape == (2, 8) and reader.dtype == np.int16
    np.testing.assert_array_equal(reader.get_data(), np.arange(16).reshape(2, 8))


def test_frames_raise_recreated(stream_path):
    path = stream_path()
    dao.shm(path, np.zeros(3, np.uint8))
    reader = dao.shm(path)
    it = reader.frames(timeout=10)
    dao.shm(path, np.ones(3, np.uint8))
    with pytest.raises(dao.StreamRecreated):
        next(it)


def test_truncated_in_place_raises_recreated(stream_path):
    path = stream_path()
    writer = dao.shm(path, np.zeros((8, 8), np.float64))
    reader = dao.shm(path)
    os.truncate(path, 100)
    time.sleep(0.06)  # small copies check at most every 50 ms (documented)
    with pytest.raises(dao.StreamRecreated) as info:
        reader.get_data()
    assert info.value.code_name in ("DAO_E_TRUNCATED_DATA", "DAO_E_RECREATED")
    with pytest.raises(dao.StreamError):  # the file is not a stream yet
        reader.reopen()
    writer.close()


def test_reopen_keeps_read_only_and_views(stream_path):
    path = stream_path()
    dao.shm(path, np.arange(3, dtype=np.uint8))
    reader = dao.shm(path, read_only=True)
    view = reader.get_data(copy=False)
    dao.shm(path, np.arange(5, dtype=np.uint8))
    reader.reopen()
    assert reader.read_only and reader.shape == (5,)
    np.testing.assert_array_equal(view, [0, 1, 2])  # the old mapping lives under its view
    reader.close()
    reader.reopen()  # after close() too
    assert not reader.closed


def test_a_bad_file_at_open_is_not_recreated(stream_path):
    path = stream_path()
    dao.shm(path, np.zeros((8, 8), np.float64))
    os.truncate(path, 4400)
    with pytest.raises(dao.StreamError) as info:
        dao.shm(path)
    assert info.value.code_name == "DAO_E_TRUNCATED_DATA"
    assert type(info.value) is dao.StreamError


# ---- in place, by a writer made from the byte contract ---------------------
#
# tests/peers/dao-legacy-writer re-creates its stream the way existing DAO
# writers do: the same file truncated and a new header written, at a new
# size. The reader runs in a child process, so that a SIGBUS would show as a
# killed child (a negative return code) instead of killing pytest.

READER = r"""
import sys, time
import numpy as np
import dao
path, old_shape, old_dtype, new_shape, new_dtype = sys.argv[1:6]
old_shape = tuple(int(n) for n in old_shape.split("x"))
new_shape = tuple(int(n) for n in new_shape.split("x"))
s = dao.shm(path)
assert s.shape == old_shape and s.dtype == np.dtype(old_dtype), (s.shape, s.dtype)
view = s.get_data(copy=False)     # zero-copy, held across the re-creation
print("attached", flush=True)
seen = {}
deadline = time.monotonic() + 60
outcome = None
while outcome is None and time.monotonic() < deadline:
    try:
        for name, call in (("get_data", s.get_data),
                           ("wait", lambda: s.get_data(check=True, timeout=0.2)),
                           ("counter", s.get_counter), ("frame_id", s.get_frame_id),
                           ("timestamp", s.get_timestamp), ("meta", s.get_meta_data),
                           ("view", lambda: s.get_data(copy=False)),
                           ("asarray", lambda: np.asarray(s))):
            got = call()
            if name in ("get_data", "wait") and got is not None:
                # Never the new stream's bytes under the old shape and type:
                # a copy is a whole frame of the old stream (all elements
                # equal to its counter, as the writer writes them).
                assert got.shape == old_shape and got.dtype == np.dtype(old_dtype)
                assert (got == got.flat[0]).all(), got
            seen[name] = seen.get(name, 0) + 1
        float(view.sum())  # the old view: the old frame, or zeros once truncated
    except dao.StreamRecreated as e:
        outcome = e.code_name
print("recreated", outcome, "after", sorted(seen.items()), flush=True)
float(view.sum())  # still readable, never a signal
if outcome != "DAO_E_REPLACED":
    # The handle is finished: no getter hands out zeros or the new stream's
    # values as this stream's.
    for name, call in (("get_data", s.get_data), ("counter", s.get_counter),
                       ("timestamp", s.get_timestamp), ("frame_id", s.get_frame_id),
                       ("meta", s.get_meta_data), ("view", lambda: s.get_data(copy=False)),
                       ("asarray", lambda: np.asarray(s)),
                       ("frames", lambda: next(s.frames(timeout=1)))):
        try:
            call()
            print("no error from", name, flush=True)
        except dao.StreamRecreated:
            pass
while True:
    try:
        s.reopen()
        if s.shape == new_shape:
            break
    except dao.StreamError:
        pass       # the writer is between truncation and its new header
    assert time.monotonic() < deadline, "no new stream"
    time.sleep(0.005)
f = s.get_data(check=True, timeout=30)
assert f.shape == new_shape and f.dtype == np.dtype(new_dtype) and (f == f.flat[0]).all()
print("reopened", "x".join(map(str, s.shape)), s.dtype, flush=True)
"""


@pytest.mark.parametrize("old,new", [
    ("64x64:float32", "4x4:uint16"),    # shrinking
    ("4x4:uint16", "64x64:float32"),    # growing
    ("4x4:uint16", "2x8:int16"),        # the same size, another shape and type
    ("512x512:float64", "8x8:uint8"),   # a big frame lost under a copy
])
def test_recreated_in_place_by_a_legacy_writer(stream_path, python_child, legacy_writer, old,
                                               new):
    path = stream_path()
    writer = subprocess.Popen([legacy_writer, path, "--shape", old, "--recreate", new,
                               "--every", "50", "--rate", "100", "--frames", "150"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().startswith("created ")
        writer.send_signal(signal.SIGSTOP)  # the reader attaches before the re-creation
        (old_shape, old_type), (new_shape, new_type) = (g.split(":") for g in (old, new))
        reader = python_child(READER, path, old_shape, old_type, new_shape, new_type)
        line = reader.stdout.readline()
        writer.send_signal(signal.SIGCONT)
        assert line == "attached\n", reader.stderr.read()
        out, err = reader.communicate(timeout=90)
        assert reader.returncode == 0, f"reader exited {reader.returncode}: {err}"
        lines = out.splitlines()
        assert lines[0].startswith("recreated DAO_E_"), out
        assert lines[0].split()[1] in ("DAO_E_RECREATED", "DAO_E_TRUNCATED_DATA",
                                       "DAO_E_REPLACED"), out
        assert lines[1] == f"reopened {new_shape} {np.dtype(new_type)}", out
        assert len(lines) == 2, out
    finally:
        writer.send_signal(signal.SIGCONT)
        writer.kill()
        writer.wait()
