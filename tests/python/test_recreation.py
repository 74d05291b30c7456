"""A stream re-created under an open dao.shm: the handle raises
dao.StreamRecreated (a StreamError) instead of reading the old or a
misread stream, and reopen() attaches to the new one."""
import os
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
    assert info.value.code_name == "DAO_E_TRUNCATED_DATA"
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
