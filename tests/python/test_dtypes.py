"""All twelve DAO element types round-trip exactly, and set_data converts
only what it can convert without changing a value."""
import numpy as np
import pytest

import dao

DAO_DTYPES = [np.uint8, np.int8, np.uint16, np.int16, np.uint32, np.int32, np.uint64,
              np.int64, np.float32, np.float64, np.complex64, np.complex128]


def _extreme_values(dtype, shape):
    """Values that expose truncation, sign or byte-order mistakes."""
    rng = np.random.default_rng(1234)
    dtype = np.dtype(dtype)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        data = rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)
        data.flat[0], data.flat[-1] = info.min, info.max
    elif dtype.kind == "f":
        data = (rng.standard_normal(shape) * 1e30).astype(dtype)
        data.flat[0], data.flat[1], data.flat[-1] = np.finfo(dtype).max, np.inf, np.finfo(dtype).tiny
    else:
        part = np.finfo(dtype).dtype
        data = (rng.standard_normal(shape).astype(part) + 1j * rng.standard_normal(shape).astype(part))
        data = data.astype(dtype)
        data.flat[0] = complex(np.finfo(part).max, -np.finfo(part).max)
    return data


@pytest.mark.parametrize("dtype", DAO_DTYPES, ids=lambda d: np.dtype(d).name)
def test_round_trip(stream_path, dtype):
    path = stream_path()
    first = _extreme_values(dtype, (5, 7))
    writer = dao.shm(path, first)
    reader = dao.shm(path)
    assert reader.dtype == np.dtype(dtype) and reader.shape == (5, 7)
    got = reader.get_data()
    assert got.dtype == np.dtype(dtype) and got.flags.c_contiguous
    np.testing.assert_array_equal(got, first)
    second = first[::-1].copy()
    assert writer.set_data(second) is second
    np.testing.assert_array_equal(reader.get_data(check=True, timeout=5), second)
    np.testing.assert_array_equal(reader.get_data(copy=False), second)
    # The same bytes as numpy's own: nothing reinterpreted.
    assert reader.get_data().tobytes() == second.tobytes()


@pytest.mark.parametrize("dtype", [">u2", ">i4", ">f8", ">c8"])
def test_byte_swapped_data_is_converted_not_copied_raw(stream_path, dtype):
    data = np.arange(6).astype(dtype)
    shm = dao.shm(stream_path(), data)
    assert shm.dtype == np.dtype(dtype).newbyteorder("=")
    np.testing.assert_array_equal(shm.get_data(), data)
    shm.set_data((data + 1).astype(dtype))
    np.testing.assert_array_equal(shm.get_data(), data + 1)


CONVERTS = [
    (np.int16, np.int32), (np.uint8, np.uint16), (np.uint8, np.int16), (np.int8, np.int64),
    (np.uint32, np.uint64), (np.float32, np.float64), (np.float16, np.float32),
    (np.complex64, np.complex128),
]
REFUSES = [
    (np.float64, np.float32), (np.float32, np.int32), (np.float64, np.int64),
    (np.int64, np.float32), (np.int32, np.float64), (np.int16, np.float32),
    (np.complex64, np.float32), (np.complex128, np.float64), (np.float32, np.complex64),
    (np.int32, np.int16), (np.uint16, np.int16), (np.int8, np.uint8), (np.int64, np.uint64),
    (np.uint64, np.int64), (np.bool_, np.uint8),
]


@pytest.mark.parametrize("src,dst", CONVERTS, ids=lambda d: np.dtype(d).name)
def test_lossless_same_kind_conversion(stream_path, src, dst):
    shm = dao.shm(stream_path(), np.zeros(4, dst))
    values = np.array([0, 1, 2, 3]).astype(src)
    if np.dtype(src).kind in "iu":
        values[-1] = np.iinfo(src).max
    returned = shm.set_data(values)
    assert returned is values and values.dtype == np.dtype(src)  # the caller's array untouched
    got = shm.get_data()
    assert got.dtype == np.dtype(dst)
    np.testing.assert_array_equal(got, values)
    assert shm.get_counter() == 2


@pytest.mark.parametrize("src,dst", REFUSES, ids=lambda d: np.dtype(d).name)
def test_lossy_or_kind_changing_conversion_is_a_type_error(stream_path, src, dst):
    shm = dao.shm(stream_path(), np.full(4, 7, dst))
    with pytest.raises(TypeError) as info:
        shm.set_data(np.ones(4, src))
    assert np.dtype(dst).name in str(info.value)
    # Nothing was written: no frame published, old values intact.
    assert shm.get_counter() == 1
    np.testing.assert_array_equal(shm.get_data(), np.full(4, 7))


def test_python_lists_follow_the_same_rule(stream_path):
    shm = dao.shm(stream_path(), np.zeros(3, np.float64))
    shm.set_data([1.5, 2.5, 3.5])
    np.testing.assert_array_equal(shm.get_data(), [1.5, 2.5, 3.5])
    ints = dao.shm(stream_path(), np.zeros(3, np.int64))
    ints.set_data([1, 2, 3])
    with pytest.raises(TypeError):
        ints.set_data([1.0, 2.0, 3.0])
    with pytest.raises(TypeError):
        ints.set_data(["a", "b", "c"])
