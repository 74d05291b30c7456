"""DAO's documented Python API (shared/docs/daobase-api.md §1), call by call
as DAO scripts write them: the constructor's positional order, get_data's
positional order and timeout rule, metadata of the newest segment, frame
id, timestamp, status constants, close."""
import datetime
import logging
import os
import threading
import warnings

import numpy as np
import pytest

import dao


def test_constructor_positional_order_and_nbkw(stream_path):
    path = stream_path()
    w = dao.shm(path, np.zeros((4, 5), np.float32), 4)  # fname, data, nbkw
    assert w.get_meta_data()["NBkw"] == 4
    for k in range(4):
        w.set_keyword(f"K{k}", k)
    with pytest.raises(dao.StreamError):
        w.set_keyword("K4", 4)  # exactly nbkw entries
    # fname, data, nbkw, pubPort, subPort, subHost, logLevel, depth
    w2 = dao.shm(stream_path(), np.zeros(3, np.uint8), 0, 6000, 6001, "camhost", 2, 8)
    assert (w2.pubPort, w2.subPort, w2.subHost, w2.logLevel) == (6000, 6001, "camhost", 2)
    assert w2.fifo_depth == 8 and w2.pubEnable is False and w2.subEnable is False
    r = dao.shm(fname=path)
    assert r.shape == (4, 5) and (r.pubPort, r.subPort, r.subHost) == (5555, 5555, "localhost")


def test_constructor_keywords_of_both_apis(stream_path):
    s = dao.shm(fname=stream_path(), data=np.zeros(2, np.int16), nbkw=2, depth=3)
    assert s.get_meta_data()["nbkw"] == 2 and s.fifo_depth == 3
    t = dao.shm(path=stream_path(), data=np.zeros(2, np.int16), keywords=1, fifo_depth=2,
                semaphores=4)
    assert t.semaphores == 4 and t.fifo_depth == 2
    with pytest.raises(TypeError):
        dao.shm(stream_path(), np.zeros(2), nbkw=1, keywords=1)
    with pytest.raises(TypeError):
        dao.shm(stream_path(), np.zeros(2), depth=2, fifo_depth=2)
    with pytest.raises(TypeError):
        dao.shm(s.path, path=s.path)
    with pytest.raises(TypeError, match="path"):
        dao.shm()  # no path, and no subscriber asked for (subPort/subHost: test_remote)


def test_depth_below_one_is_one_with_a_warning(stream_path):
    with pytest.warns(RuntimeWarning, match="depth"):
        s = dao.shm(stream_path(), np.zeros(2, np.uint8), depth=0)
    assert s.fifo_depth == 1


def test_dao_arguments_are_ignored_when_opening(stream_path):
    path = stream_path()
    dao.shm(path, np.zeros(2, np.uint8))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = dao.shm(path, None, 4, depth=8)
    assert r.fifo_depth == 1


def test_network_threads_are_daos_attributes(stream_path):
    """pubThread and subThread are threads, one each per stream, as DAO's
    (what they do over the network: test_remote.py)."""
    s = dao.shm(stream_path(), np.zeros(2, np.uint8), pubPort=5556)
    assert isinstance(s.pubThread, threading.Thread) and s.pubThread is s.pubThread
    assert isinstance(s.subThread, threading.Thread) and s.subThread is s.subThread
    assert not s.pubEvent.is_set() and not s.subEvent.is_set()
    if not hasattr(dao._core, "Remote"):  # built without libdao-remote
        with pytest.raises(NotImplementedError):
            s.pubThread.start()
    s.close()


def test_status_constants():
    assert (dao.shm.DAO_SUCCESS, dao.shm.DAO_ERROR, dao.shm.DAO_TIMEOUT, dao.shm.DAO_OVERWRITE,
            dao.shm.DAO_NOTREADY) == (0, 1, -1, -2, -3)
    assert dao.DAO_OVERWRITE == dao.shm.DAO_OVERWRITE
    from dao import shm
    assert shm.DAO_NOTREADY == -3


def test_get_data_positional_order_is_daos(stream_path):
    path = stream_path()
    w = dao.shm(path, np.arange(6, dtype=np.uint16).reshape(2, 3))
    r = dao.shm(path)
    # check, reform, semNb, timeout: semaphore 3, at most half a second
    np.testing.assert_array_equal(r.get_data(True, True, 3, 0.5), w.get_data())
    assert r.get_data(True, True, 3, 0.05) is None  # consumed: timeout → None
    assert r.get_data(True, False, 4, 0.5).shape == (2, 3)  # reform: shape stays
    w.set_data(np.full((2, 3), 7, np.uint16))
    np.testing.assert_array_equal(r.get_data(True, True, 3, 0.5, False), np.full((2, 3), 7))


def test_timeout_expiry_is_logged_and_returns_none(stream_path, caplog):
    r = dao.shm(stream_path(), np.zeros(2, np.uint8))
    r.get_data(check=True)
    with caplog.at_level(logging.INFO, logger="dao"):
        assert r.get_data(check=True, timeout=0.05) is None
    assert "Timeout waiting for semaphore" in caplog.text


TIMEOUT_ZERO = r"""
import sys, numpy as np, dao
r = dao.shm(sys.argv[1])
r.get_data(check=True, semNb=2)                    # the creating post
print("waiting", flush=True)
got = r.get_data(check=True, semNb=2, timeout=0)   # DAO: 0 waits for ever
print("got", int(got[0]), flush=True)
"""


def test_timeout_zero_waits_for_ever(stream_path, python_child):
    path = stream_path()
    w = dao.shm(path, np.zeros(2, np.uint8))
    child = python_child(TIMEOUT_ZERO, path)
    assert child.stdout.readline() == "waiting\n", child.stderr.read()
    # Still waiting well after any "poll" would have returned; a frame then
    # wakes it. (No timing assertion: only that it did not return early.)
    with pytest.raises(Exception):
        child.wait(0.5)
    w.set_data(np.full(2, 9, np.uint8))
    assert child.stdout.readline() == "got 9\n"
    assert child.wait(30) == 0


def test_block_false_polls(stream_path):
    r = dao.shm(stream_path(), np.zeros(2, np.uint8))
    assert r.get_data(check=True, block=False) is not None
    assert r.get_data(check=True, block=False) is None
    assert r.get_data(spin=True, block=False) is None


def test_check_with_spin_waits_on_the_counter(stream_path):
    path = stream_path()
    w = dao.shm(path, np.zeros(2, np.uint8))
    r = dao.shm(path)
    assert r.get_data(check=True, spin=True, timeout=0.05) is None  # nothing new
    w.set_data(np.ones(2, np.uint8))
    np.testing.assert_array_equal(r.get_data(check=True, spin=True), [1, 1])


def test_meta_data_describes_the_newest_segment(stream_path):
    path = stream_path()
    w = dao.shm(path, np.zeros(3, np.int32), depth=4)
    for k in range(1, 6):  # counters 2..6 land in segments 1, 2, 3, 0, 1
        w.set_data(np.full(3, k, np.int32))
    r = dao.shm(path)
    md = r.get_meta_data()
    assert md["fifo_size"] == 4 and md["fifo_last_written"] == md["segment"]
    assert md["cnt0"] == r.get_counter() == 6
    for field in ("name", "naxis", "size", "nelement", "atype", "creation_time", "last_access",
                  "atime", "shared", "status", "logflag", "sem", "cnt0", "cnt1", "cnt2",
                  "write", "NBkw"):
        assert field in md, field
    newest = md["segment"]
    older = r.get_meta_data(newest - 1)  # index % fifo_size
    assert older["segment"] == (newest - 1) % 4 and older["cnt0"] == 5
    assert older["fifo_size"] == 4 and older["fifo_last_written"] == newest  # from segment 0
    assert r.get_meta_data(newest + 4)["cnt0"] == 6


def test_counter_frame_id_timestamp(stream_path):
    path = stream_path()
    before = datetime.datetime.now()
    w = dao.shm(path, np.zeros(2, np.uint8), depth=2)
    w.set_data(np.ones(2, np.uint8))
    after = datetime.datetime.now()
    r = dao.shm(path)
    n, fid, t = r.get_counter(), r.get_frame_id(), r.get_timestamp()
    assert n == 2 and fid == r.get_meta_data()["cnt2"] == 0
    assert isinstance(t, datetime.datetime) and t.tzinfo is None
    slack = datetime.timedelta(seconds=1)
    assert before - slack <= t <= after + slack
    assert datetime.datetime.now() - t >= datetime.timedelta(0)  # naive arithmetic works
    assert r.get_timestamp(datetime.timezone.utc).timestamp() == pytest.approx(t.timestamp())


def test_frame_id_is_cnt2_of_the_newest_segment(stream_path):
    path = stream_path()
    w = dao.shm(path, np.zeros(2, np.uint8), depth=3)
    w.set_data(np.ones(2, np.uint8))  # segment 1
    segment = w.get_meta_data()["segment"]
    # A camera writer stores its frame id in cnt2 (offset 168 of the
    # segment's 4304-byte metadata block): write one there by hand.
    with open(path, "r+b") as f:
        f.seek(segment * 4304 + 168)
        f.write((123456).to_bytes(8, "little"))
        f.seek(0 * 4304 + 168)
        f.write((99).to_bytes(8, "little"))
    assert dao.shm(path).get_frame_id() == 123456


def test_close_and_context_manager(stream_path):
    path = stream_path()
    with dao.shm(path, np.zeros(2, np.uint8)) as s:
        assert not s.closed
    assert s.closed
    r = dao.shm(path)
    r.close()
    with pytest.raises(ValueError, match="closed"):
        r.get_counter()
    r.close()


def test_section_4_single_frame_lines_as_written(stream_path):
    """The non-FIFO lines of daobase-api.md §4, verbatim but for the path."""
    path = stream_path()
    w = dao.shm(path, np.zeros((256, 256), np.float32), 4, depth=8)
    r = dao.shm(path)
    md = r.get_meta_data()
    assert md["fifo_size"] == 8 and "fifo_last_written" in md
    n, fid, t = r.get_counter(), r.get_frame_id(), r.get_timestamp()
    assert (n, fid) == (1, 0) and isinstance(t, datetime.datetime)
    img = r.get_data(True, True, 3, 0.5)     # check, reform, semNb, timeout
    assert img.shape == (256, 256)
    w.set_data(np.ones((256, 256), np.float32))
    img = r.get_data(check=True, spin=True)  # wait on the counter instead
    assert img[0, 0] == 1
    r.close()
    assert os.path.exists(path)


def test_complex_values_come_back_as_their_exact_bytes(stream_path):
    # DAO's module rebuilds complex values through float arithmetic, which
    # turns -0+1j into 1j and 1+inf j into nan+inf j (a bug the facts page
    # lists); dao returns the bytes the writer wrote.
    data = np.array([complex(-0.0, 1.0), complex(1.0, np.inf), complex(np.nan, -0.0)],
                    np.complex64)
    path = stream_path()
    dao.shm(path, data)
    got = dao.shm(path).get_data()
    assert got.tobytes() == data.tobytes()
    assert np.signbit(got[0].real) and got[1].imag == np.inf and np.signbit(got[2].imag)
