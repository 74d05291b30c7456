"""Creating and opening streams: geometry, attributes, relative paths,
options, close and the context manager."""
import datetime
import os

import numpy as np
import pytest

import dao


def test_create_writes_first_frame_and_posts_every_semaphore(stream_path):
    path = stream_path()
    data = np.arange(12, dtype=np.uint16).reshape(3, 4)
    shm = dao.shm(path, data)
    assert shm.get_counter() == 1
    assert shm.shape == (3, 4) and shm.dtype == np.uint16 and shm.path == path
    # The guide: a just-created stream counts as written once, on every slot.
    for slot in range(shm.semaphores):
        np.testing.assert_array_equal(shm.get_data(check=True, semNb=slot, timeout=5), data)
    assert shm.get_data(check=True, block=False) is None  # consumed


def test_open_takes_type_and_shape_from_file(stream_path):
    path = stream_path()
    data = np.linspace(0, 1, 2 * 3 * 4, dtype=np.float32).reshape(2, 3, 4)
    dao.shm(path, data)
    reader = dao.shm(path)
    assert reader.shape == (2, 3, 4) and reader.dtype == np.float32
    np.testing.assert_array_equal(reader.get_data(), data)
    assert reader.nbytes == data.nbytes and reader.fifo_depth == 1 and not reader.read_only


def test_one_axis_stream(stream_path):
    path = stream_path()
    dao.shm(path, np.arange(7, dtype=np.int32))
    np.testing.assert_array_equal(dao.shm(path).get_data(), np.arange(7))


def test_relative_path_is_taken_from_the_current_directory(stream_path, monkeypatch):
    path = stream_path()
    dao.shm(path, np.ones((2, 2), np.int8))
    monkeypatch.chdir(os.path.dirname(path))
    shm = dao.shm(os.path.basename(path))
    assert shm.path == os.path.basename(path)
    np.testing.assert_array_equal(shm.get_data(), np.ones((2, 2)))


def test_path_like_and_bytes_paths(stream_path):
    import pathlib
    path = stream_path()
    dao.shm(pathlib.Path(path), np.zeros(3, np.uint8))
    assert dao.shm(os.fsencode(path)).path == path


def test_array_like_data_is_accepted(stream_path):
    shm = dao.shm(stream_path(), [[1.5, 2.5], [3.5, 4.5]])
    assert shm.dtype == np.float64
    np.testing.assert_array_equal(shm.get_data(), [[1.5, 2.5], [3.5, 4.5]])


def test_create_options(stream_path):
    path = stream_path()
    shm = dao.shm(path, np.zeros(4, np.uint8), semaphores=3, keywords=2, fifo_depth=4)
    assert shm.semaphores == 3 and shm.fifo_depth == 4
    meta = shm.get_meta_data()
    assert meta["sem"] == 3 and meta["nbkw"] == 2 and meta["fifo_size"] == 4
    for k in range(1, 6):  # through the FIFO: the newest frame is always returned
        shm.set_data(np.full(4, k, np.uint8))
        np.testing.assert_array_equal(dao.shm(path).get_data(), np.full(4, k))
        np.testing.assert_array_equal(shm.get_data(copy=False), np.full(4, k))
    assert shm.get_counter() == 6


def test_create_options_need_data(stream_path):
    path = stream_path()
    dao.shm(path, np.zeros(4, np.uint8))
    with pytest.raises(TypeError, match="only when creating"):
        dao.shm(path, semaphores=3)
    with pytest.raises(ValueError):
        dao.shm(path, np.zeros(4, np.uint8), semaphores=0)
    with pytest.raises(ValueError):
        dao.shm(path, np.zeros(4, np.uint8), semaphores=101)


def test_recreating_replaces_the_stream(stream_path):
    path = stream_path()
    old = dao.shm(path, np.zeros((2, 2), np.uint8))
    new = dao.shm(path, np.ones((3,), np.float64))
    assert dao.shm(path).shape == (3,)
    # The old handle keeps its own, intact mapping.
    np.testing.assert_array_equal(old.get_data(), np.zeros((2, 2)))
    assert new.get_counter() == 1


def test_read_only_open_refuses_writes(stream_path):
    path = stream_path()
    dao.shm(path, np.zeros(4, np.uint16))
    ro = dao.shm(path, read_only=True)
    assert ro.read_only
    with pytest.raises(dao.StreamError) as info:
        ro.set_data(np.ones(4, np.uint16))
    assert info.value.code_name == "DAO_E_READ_ONLY"
    with pytest.raises(ValueError):
        dao.shm(path, np.zeros(4, np.uint16), read_only=True)


def test_counter_timestamp_and_meta_data(stream_path):
    path = stream_path()
    before = datetime.datetime.now(datetime.timezone.utc)
    shm = dao.shm(path, np.zeros((2, 3), np.int16))
    shm.set_data(np.ones((2, 3), np.int16))
    after = datetime.datetime.now(datetime.timezone.utc)
    stamp = shm.get_timestamp(datetime.timezone.utc)
    assert stamp.tzinfo is not None
    assert before - datetime.timedelta(seconds=1) <= stamp <= after + datetime.timedelta(seconds=1)
    local = shm.get_timestamp()  # DAO's: naive, local time
    assert local.tzinfo is None and local == stamp.astimezone().replace(tzinfo=None)
    meta = shm.get_meta_data()
    assert meta["counter"] == meta["cnt0"] == shm.get_counter() == 2
    assert meta["naxis"] == 2 and meta["size"] == (2, 3, 0) and meta["nelement"] == 6
    assert meta["atype"] == 4 and meta["dtype"] == np.int16 and meta["shape"] == (2, 3)
    assert meta["name"] == path and meta["write"] == 0
    assert meta["write_time_ns"] == meta["atime_ns"]
    assert abs(meta["atime_ns"] / 1e9 - stamp.timestamp()) < 1e-5


def test_keywords(stream_path):
    shm = dao.shm(stream_path(), np.zeros(2, np.uint8), keywords=3)
    shm.set_keyword("EXPTIME", 0.25, "exposure, s")
    shm.set_keyword("GAIN", 12)
    shm.set_keyword("MODE", "fast")
    shm.set_keyword("GAIN", np.int64(13))  # replaces, does not take a new entry
    assert shm.get_keyword("GAIN") == 13 and shm.get_keyword("MODE") == "fast"
    assert shm.get_keywords() == {"EXPTIME": (0.25, "exposure, s"), "GAIN": (13, ""),
                                  "MODE": ("fast", "")}
    assert dao.shm(shm.path).get_keyword("EXPTIME") == 0.25
    with pytest.raises(KeyError):
        shm.get_keyword("NOPE")
    with pytest.raises(dao.StreamError) as info:
        shm.set_keyword("FOURTH", 1)
    assert info.value.code_name == "DAO_E_KEYWORDS_FULL"
    with pytest.raises(ValueError):
        shm.set_keyword("MODE", "x" * 17)
    with pytest.raises(TypeError):
        shm.set_keyword("MODE", [1])


def test_repr_close_and_context_manager(stream_path):
    path = stream_path()
    with dao.shm(path, np.zeros((4, 5), np.float32)) as shm:
        text = repr(shm)
        assert path in text and "float32" in text and "(4, 5)" in text and "counter=1" in text
    assert shm.closed and "closed" in repr(shm)
    shm.close()  # twice is fine
    for call in (shm.get_data, shm.get_counter, shm.get_timestamp, shm.get_meta_data,
                 lambda: shm.set_data(np.zeros((4, 5), np.float32)), lambda: shm.shape):
        with pytest.raises(ValueError, match="closed"):
            call()
    assert shm.path == path


def test_docstrings():
    assert "get_data(check=True" in dao.shm.__doc__
    for name in ("get_data", "set_data", "get_counter", "get_timestamp", "get_meta_data",
                 "get_keywords", "get_keyword", "set_keyword", "close"):
        assert len(getattr(dao.shm, name).__doc__) > 40, name
    assert "nbSem" in dao.shm.get_data.__doc__
    assert "float64 → float32" in dao.shm.set_data.__doc__
    assert dao.__doc__ and dao.StreamError.__doc__ and dao.unlink.__doc__


def test_unlink_removes_file_and_semaphores(stream_path):
    path = stream_path()
    dao.shm(path, np.zeros(2, np.uint8))
    sem = "/dev/shm/sem." + dao.semaphore_name(path, 0)[1:]
    assert os.path.exists(sem)
    dao.unlink(path)
    assert not os.path.exists(path) and not os.path.exists(sem)
    with pytest.raises(FileNotFoundError):
        dao.unlink(path)
