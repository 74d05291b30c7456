"""Zero-copy views: read-only, live, and keeping the mapping alive after
close() and del (the unmap is deferred until the last view is gone)."""
import gc
import os

import numpy as np
import pytest

import dao


def _mappings_of(path):
    with open("/proc/self/maps") as maps:
        return sum(1 for line in maps if line.rstrip().endswith(path))


def test_view_is_read_only_and_live(stream_path):
    shm = dao.shm(stream_path(), np.zeros((3, 3), np.float64))
    view = shm.get_data(copy=False)
    assert not view.flags.writeable and not view.flags.owndata
    assert view.shape == (3, 3) and view.dtype == np.float64
    with pytest.raises(ValueError):
        view[0, 0] = 1
    shm.set_data(np.full((3, 3), 2.5))
    np.testing.assert_array_equal(view, np.full((3, 3), 2.5))  # zero-copy: sees the new frame
    assert isinstance(view.base, dao._Mapping)
    with pytest.raises(TypeError):
        dao._Mapping()


def test_view_outlives_close(stream_path):
    path = stream_path()
    writer = dao.shm(path, np.arange(4, dtype=np.int32))
    writer.close()
    reader = dao.shm(path)
    assert _mappings_of(path) == 1
    view = reader.get_data(copy=False)
    reader.close()
    assert reader.closed
    assert _mappings_of(path) == 1  # deferred: still mapped under the view
    np.testing.assert_array_equal(view, np.arange(4))
    derived = view[1:]  # a view of the view keeps it alive too
    del view
    gc.collect()
    assert _mappings_of(path) == 1
    np.testing.assert_array_equal(derived, [1, 2, 3])
    del derived
    gc.collect()
    assert _mappings_of(path) == 0


def test_view_outlives_del_of_the_stream_object(stream_path):
    path = stream_path()
    dao.shm(path, np.arange(6, dtype=np.uint8)).close()
    reader = dao.shm(path)
    view = reader.get_data(copy=False)
    del reader
    gc.collect()
    assert _mappings_of(path) == 1
    np.testing.assert_array_equal(view, np.arange(6))
    del view
    gc.collect()
    assert _mappings_of(path) == 0


def test_close_without_views_unmaps_at_once(stream_path):
    path = stream_path()
    shm = dao.shm(path, np.arange(6, dtype=np.uint8))
    copy = shm.get_data()
    assert _mappings_of(path) == 1
    shm.close()
    assert _mappings_of(path) == 0
    np.testing.assert_array_equal(copy, np.arange(6))


def test_view_outlives_removal_of_the_file(stream_path):
    path = stream_path()
    shm = dao.shm(path, np.arange(5, dtype=np.int16))
    view = shm.get_data(copy=False)
    dao.unlink(path)
    shm.close()
    np.testing.assert_array_equal(view, np.arange(5))


def test_view_with_check_and_many_views(stream_path):
    shm = dao.shm(stream_path(), np.zeros(2, np.uint8))
    views = [shm.get_data(copy=False) for _ in range(1000)]
    assert shm.get_data(check=True, copy=False) is not None
    shm.close()
    shm.close()
    assert all(v.sum() == 0 for v in views)
