"""get_data and set_data: pixel order, layouts, shapes, timeouts, spin."""
import threading
import time

import numpy as np
import pytest

import dao


def test_get_data_is_c_order_and_a_private_copy(stream_path):
    data = np.arange(3 * 4, dtype=np.int32).reshape(3, 4)
    shm = dao.shm(stream_path(), data)
    got = shm.get_data()
    assert got.flags.c_contiguous and got.flags.writeable and got.flags.owndata
    assert got[1, 2] == 1 * 4 + 2
    got[:] = -1  # a copy: the stream does not change
    np.testing.assert_array_equal(shm.get_data(), data)


def test_set_data_returns_the_same_array_for_the_guides_loop(stream_path):
    data = np.zeros((10, 10)).astype(np.uint16)
    shm = dao.shm(stream_path(), data)
    reader = dao.shm(shm.path)
    for k in range(1, 4):
        data += 1
        data = shm.set_data(data)
        assert isinstance(data, np.ndarray)
        np.testing.assert_array_equal(reader.get_data(check=True, timeout=5), np.full((10, 10), k))
    assert shm.get_counter() == 4


@pytest.mark.parametrize("layout", ["strided", "fortran", "transposed", "negative"])
def test_non_contiguous_input(stream_path, layout):
    base = np.arange(8 * 12, dtype=np.float32).reshape(8, 12)
    source = {"strided": base[::2, ::3], "fortran": np.asfortranarray(base[:4, :4]),
              "transposed": base[:4, :4].T, "negative": base[:4, ::-3]}[layout]
    assert not source.flags.c_contiguous
    shm = dao.shm(stream_path(), np.zeros(source.shape, np.float32))
    assert shm.set_data(source) is source
    np.testing.assert_array_equal(shm.get_data(), source)
    np.testing.assert_array_equal(dao.shm(stream_path.paths[-1]).get_data(), source)


def test_create_from_non_contiguous_array(stream_path):
    source = np.arange(30, dtype=np.int16).reshape(5, 6)[:, ::2]
    np.testing.assert_array_equal(dao.shm(stream_path(), source).get_data(), source)


@pytest.mark.parametrize("shape", [(4, 5), (20,), (5, 4, 1), (1, 20), (5,)])
def test_set_data_wrong_shape_is_a_value_error(stream_path, shape):
    shm = dao.shm(stream_path(), np.zeros((5, 4), np.uint8))
    with pytest.raises(ValueError, match="shape"):
        shm.set_data(np.zeros(shape, np.uint8))
    assert shm.get_counter() == 1


def test_check_with_timeout_returns_none(stream_path):
    shm = dao.shm(stream_path(), np.zeros(2, np.uint8))
    assert shm.get_data(check=True) is not None  # the creating write
    assert shm.get_data(check=True, timeout=0.05) is None
    assert shm.get_data(check=True, block=False) is None
    shm.set_data(np.ones(2, np.uint8))
    np.testing.assert_array_equal(shm.get_data(check=True, block=False), [1, 1])


def test_semaphores_are_independent_and_nbsem_is_semnb(stream_path):
    shm = dao.shm(stream_path(), np.zeros(2, np.uint8))
    assert shm.get_data(check=True, semNb=5, block=False) is not None
    assert shm.get_data(check=True, nbSem=5, block=False) is None  # same semaphore, consumed
    assert shm.get_data(check=True, nbSem=6, block=False) is not None  # another one
    assert shm.get_data(True, False, 7, 0.5) is not None  # DAO: check, reform, semNb, timeout


def test_posts_are_clamped_at_one(stream_path):
    shm = dao.shm(stream_path(), np.zeros(2, np.uint8))
    for k in range(5):
        shm.set_data(np.full(2, k, np.uint8))
    np.testing.assert_array_equal(shm.get_data(check=True, block=False), [4, 4])
    assert shm.get_data(check=True, block=False) is None


def _write_later(path, value, delay=0.2):
    def run():
        time.sleep(delay)
        dao.shm(path).set_data(np.full(2, value, np.uint8))
    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_spin_alone_waits_for_a_new_frame(stream_path):
    shm = dao.shm(stream_path(), np.zeros(2, np.uint8))
    assert shm.get_data(spin=True, timeout=0.05) is None  # nothing newer than what we saw
    thread = _write_later(shm.path, 9)
    np.testing.assert_array_equal(shm.get_data(spin=True, timeout=30), [9, 9])
    thread.join()
    assert shm.get_data(spin=True, block=False) is None


def test_spin_does_not_miss_a_frame_written_between_calls(stream_path):
    shm = dao.shm(stream_path(), np.zeros(2, np.uint8))
    shm.get_data()
    dao.shm(shm.path).set_data(np.full(2, 3, np.uint8))
    np.testing.assert_array_equal(shm.get_data(spin=True, block=False), [3, 3])


def test_spin_with_check_consumes_the_semaphore(stream_path):
    shm = dao.shm(stream_path(), np.zeros(2, np.uint8))
    shm.get_data(check=True)  # the creating post
    thread = _write_later(shm.path, 5)
    np.testing.assert_array_equal(shm.get_data(check=True, spin=True, timeout=30), [5, 5])
    thread.join()
    assert shm.get_data(check=True, block=False) is None


def test_reader_of_a_stream_recreated_with_another_shape(stream_path):
    path = stream_path()
    dao.shm(path, np.zeros((4, 4), np.uint16))
    reader = dao.shm(path)
    reader.get_data(check=True)
    dao.shm(path, np.ones((2, 8), np.float32))  # a writer re-creates it; posts the same semaphores
    with pytest.raises(dao.StreamError) as info:
        reader.get_data(check=True, timeout=5)
    assert info.value.code_name == "DAO_E_REPLACED"
    # The old mapping is intact and the new stream opens with its new geometry.
    assert reader.get_data().shape == (4, 4)
    fresh = dao.shm(path)
    assert fresh.shape == (2, 8) and fresh.dtype == np.float32


def test_reader_of_a_removed_stream(stream_path):
    path = stream_path()
    shm = dao.shm(path, np.zeros(3, np.uint8))
    shm.get_data(check=True)
    import os
    os.unlink(path)
    with pytest.raises(FileNotFoundError):
        shm.get_data(check=True, timeout=5)
    with pytest.raises(FileNotFoundError):
        shm.get_data(spin=True, timeout=5)
    np.testing.assert_array_equal(shm.get_data(), np.zeros(3))



@pytest.mark.parametrize("shape", [(1024, 512), (8, 8)], ids=["4MiB", "small"])
def test_stream_truncated_in_place_is_an_error_not_a_crash(stream_path, shape):
    # Older DAO writers re-create a stream by truncating its file in place;
    # touching the lost pages of the mapping would raise SIGBUS.
    import os
    path = stream_path()
    writer = dao.shm(path, np.zeros(shape, np.float64))
    reader = dao.shm(path)
    reader.get_data(check=True)
    os.truncate(path, 100)
    if shape == (8, 8):
        time.sleep(0.06)  # small copies check at most every 50 ms (documented)
    # libdao says the file shrank, or (once the header is gone too) that it
    # no longer holds this stream: either way the handle is finished.
    finished = ("DAO_E_TRUNCATED_DATA", "DAO_E_RECREATED")
    with pytest.raises(dao.StreamRecreated) as info:
        reader.get_data()
    assert info.value.code_name in finished
    with pytest.raises(dao.StreamRecreated) as info:
        reader.get_data(check=True, timeout=5)
    assert info.value.code_name in finished
    with pytest.raises(dao.StreamRecreated):
        reader.get_data(spin=True, timeout=5)
    reader.close()
    writer.close()
