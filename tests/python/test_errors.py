"""Bad input gets a clear exception, never a crash: missing, foreign,
truncated and corrupt files, wrong dtypes and shapes, bad arguments."""
import errno
import os

import numpy as np
import pytest

import dao


def test_missing_file_is_file_not_found_with_the_path(stream_path):
    path = stream_path()
    with pytest.raises(FileNotFoundError) as info:
        dao.shm(path)
    assert info.value.filename == path and info.value.errno == errno.ENOENT
    assert path in str(info.value)


def test_directory_is_an_os_error(stream_path):
    with pytest.raises(IsADirectoryError):
        dao.shm(stream_path.dir)


def test_path_too_long():
    with pytest.raises(OSError) as info:
        dao.shm("/tmp/" + "x" * 300 + ".im.shm")
    assert info.value.errno == errno.ENAMETOOLONG


def _write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def _valid_bytes(stream_path, shape=(4, 4), dtype=np.uint16):
    path = stream_path()
    dao.shm(path, np.zeros(shape, dtype))
    with open(path, "rb") as f:
        return bytearray(f.read())


@pytest.mark.parametrize("name,mutate,code", [
    ("empty", lambda b: b"", "DAO_E_EMPTY"),
    ("text", lambda b: b"hello, this is not a stream\n" * 10, "DAO_E_TRUNCATED_HEADER"),
    ("truncated data", lambda b: b[:4304 + 10], "DAO_E_TRUNCATED_DATA"),
    ("naxis 0", lambda b: b[:80] + b"\x00" + b[81:], "DAO_E_BAD_NAXIS"),
    ("naxis 4", lambda b: b[:80] + b"\x04" + b[81:], "DAO_E_BAD_NAXIS"),
    ("atype 13", lambda b: b[:104] + b"\x0d" + b[105:], "DAO_E_BAD_TYPE"),
    ("nelement", lambda b: b[:96] + (99).to_bytes(8, "little") + b[104:], "DAO_E_BAD_NELEMENT"),
])
def test_invalid_file_is_a_stream_error(stream_path, name, mutate, code):
    bad = stream_path("bad")
    _write(bad, bytes(mutate(_valid_bytes(stream_path))))
    with pytest.raises(dao.StreamError) as info:
        dao.shm(bad)
    exc = info.value
    assert isinstance(exc, OSError)
    # A protocol code (libdao's dao_error_is_protocol), not an errno: no range assumed here.
    assert exc.code_name == code and exc.code < 0 and exc.errno is None and exc.filename == bad
    assert bad in str(exc) and exc.strerror in str(exc)


def test_foreign_big_file_is_refused(stream_path):
    path = stream_path("foreign")
    _write(path, os.urandom(64 * 1024))
    with pytest.raises(dao.StreamError):
        dao.shm(path)


@pytest.mark.parametrize("dtype", [np.bool_, np.float16, np.object_, "U4", "S3",
                                   np.dtype([("a", np.int32)]), "datetime64[s]"])
def test_unsupported_dtype_is_a_type_error_naming_it(stream_path, dtype):
    data = np.zeros((2, 2), dtype=dtype)
    path = stream_path()
    with pytest.raises(TypeError) as info:
        dao.shm(path, data)
    assert repr(data.dtype) in str(info.value)
    assert not os.path.exists(path)


@pytest.mark.parametrize("shape", [(), (2, 2, 2, 2), (0,), (3, 0)])
def test_bad_shape_is_a_value_error(stream_path, shape):
    path = stream_path()
    with pytest.raises(ValueError):
        dao.shm(path, np.zeros(shape, np.float32))
    assert not os.path.exists(path)


def test_create_in_missing_directory(stream_path):
    with pytest.raises(FileNotFoundError):
        dao.shm(os.path.join(stream_path.dir, "no", "x.im.shm"), np.zeros(2, np.uint8))


def test_get_data_argument_errors(stream_path):
    shm = dao.shm(stream_path(), np.zeros(3, np.uint8), semaphores=4)
    for bad in (-1, 4, 100):
        with pytest.raises(ValueError, match="out of range"):
            shm.get_data(check=True, semNb=bad)
        with pytest.raises(ValueError, match="out of range"):
            shm.get_data(check=True, nbSem=bad)
    with pytest.raises(TypeError):
        shm.get_data(semNb=1, nbSem=1)
    with pytest.raises(ValueError):
        shm.get_data(check=True, timeout=-1)
    with pytest.raises(TypeError):
        shm.get_data(check=True, timeout="soon")
    with pytest.raises(TypeError):
        shm.get_data(bogus=1)


def test_stream_without_semaphores_says_so(stream_path):
    path = stream_path()
    shm = dao.shm(path, np.zeros(3, np.uint8))
    for slot in list(range(shm.semaphores)) + [-1]:
        os.unlink("/dev/shm/sem." + dao.semaphore_name(path, slot)[1:])
    reader = dao.shm(path)
    np.testing.assert_array_equal(reader.get_data(), np.zeros(3))  # reading still works
    with pytest.raises(dao.StreamError) as info:
        reader.get_data(check=True, timeout=1)
    assert info.value.code_name == "DAO_E_NO_SEMAPHORES"


def test_stream_error_str_has_no_errno_none(stream_path):
    bad = stream_path("bad")
    _write(bad, b"")
    with pytest.raises(dao.StreamError) as info:
        dao.shm(bad)
    text = str(info.value)
    assert "Errno" not in text and text == f"{bad}: {info.value.strerror}"
    assert info.value.errno is None and info.value.filename == bad
    assert "OSError" not in repr(info.value) and "StreamError" in repr(info.value)
    assert str(dao.StreamError(2, "No such file", "/x")) == "[Errno 2] No such file: '/x'"


def test_keyword_texts_with_nul_are_refused(stream_path):
    shm = dao.shm(stream_path(), np.zeros(2, np.uint8), keywords=2)
    for call in (lambda: shm.set_keyword("K", "ab\0cd"),
                 lambda: shm.set_keyword("K\0zz", 1),
                 lambda: shm.set_keyword("K", 1, "comm\0ent"),
                 lambda: shm.get_keyword("K\0zz")):
        with pytest.raises(ValueError, match="NUL"):
            call()
    assert shm.get_keywords() == {}  # nothing was stored cut short
    shm.set_keyword("K", "abcd")
    with pytest.raises(ValueError):
        shm.get_keyword("K\0zz")  # not found as "K"


def test_keywords_that_are_not_utf8_do_not_hide_the_others(stream_path):
    path = stream_path()
    shm = dao.shm(path, np.zeros(2, np.uint8), keywords=3)
    shm.set_keyword("GOOD", 1, "fine")
    shm.set_keyword("BAD", "xx", "cc")
    shm.set_keyword("OTHER", 2.5)
    with open(path, "rb") as f:
        raw = f.read()
    # A foreign writer's Latin-1 comment and string value, written by hand.
    kw = raw.index(b"BAD\0")
    patched = bytearray(raw)
    patched[kw + 24:kw + 28] = b"\xe9t\xe9\0"
    patched[kw + 40:kw + 46] = b"caf\xe9\0\0"
    _write(path, bytes(patched))
    got = dao.shm(path).get_keywords()
    assert got["GOOD"] == (1, "fine") and got["OTHER"] == (2.5, "")
    value, comment = got["BAD"]
    assert comment.encode("utf-8", "surrogateescape") == b"caf\xe9"
    assert value.encode("utf-8", "surrogateescape") == b"\xe9t\xe9"
    assert dao.shm(path).get_keyword("BAD") == value
    # ... and they go back as they came, as str or as bytes.
    shm.set_keyword("BAD", value, comment)
    shm.set_keyword("OTHER", b"raw\xff")
    assert dao.shm(path).get_keywords()["BAD"] == (value, comment)
    assert dao.shm(path).get_keyword("OTHER").encode("utf-8", "surrogateescape") == b"raw\xff"


def test_subclass_without_init_call_is_a_closed_stream():
    class Lazy(dao.shm):
        def __init__(self):
            pass  # never calls super().__init__

    lazy = Lazy()
    assert lazy.closed
    with pytest.raises(ValueError, match="closed"):
        lazy.get_data()
