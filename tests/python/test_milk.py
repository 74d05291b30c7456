"""dao.shm on milk / ImageStreamIO streams, written by tests/peers/milk-writer
(made from the milk byte contract): opened read-only, numpy shape over the
same bytes, every type read back exactly, keywords, milk's header fields,
polling waits, a writer at 1 kHz without a torn frame, re-creation, and the
errors for writes, float16 and GPU streams."""
import os
import subprocess
import time

import numpy as np
import pytest

import dao

TYPES = ["uint8", "int8", "uint16", "int16", "uint32", "int32", "uint64", "int64",
         "float32", "float64", "complex64", "complex128"]


@pytest.fixture
def milk_writer():
    path = os.environ.get("MILK_WRITER")
    if not path or not os.access(path, os.X_OK):
        pytest.fail("MILK_WRITER does not name tests/peers/milk-writer (run through meson test)")
    return path


@pytest.fixture
def make_milk(milk_writer, stream_path):
    running = []

    def make(*args, frames=0, rate=None, path=None):
        path = path or stream_path("milk")
        cmd = [milk_writer] + list(args)
        if rate is None:
            subprocess.run(cmd + ["--frames", str(frames), path], check=True, capture_output=True)
        else:
            p = subprocess.Popen(cmd + ["--forever", "--rate", str(rate), path], stdout=subprocess.PIPE)
            running.append(p)
            assert p.stdout.readline().startswith(b"ready")
        return path

    yield make
    for p in running:
        p.terminate()
        p.wait()
        p.stdout.close()


def pattern(counter, shape, dtype):
    """Frame `counter` of the writer: element i (milk order, which is the
    C order of the numpy shape) holds (31 counter + i) % 113."""
    v = ((31 * counter + np.arange(int(np.prod(shape)))) % 113).reshape(shape)
    if np.issubdtype(np.dtype(dtype), np.complexfloating):
        return (v - 1j * v).astype(dtype)
    return v.astype(dtype)


@pytest.mark.parametrize("dtype", TYPES)
@pytest.mark.parametrize("size", [(7,), (7, 5), (7, 5, 3)])
def test_every_type_and_rank_reads_back_exactly(make_milk, dtype, size):
    path = make_milk("--type", dtype, "--size", ",".join(map(str, size)), "--keywords", "1", frames=2)
    with dao.shm(path) as s:
        shape = tuple(reversed(size))  # numpy order
        assert (s.format, s.shape, s.dtype, s.read_only) == ("milk", shape, np.dtype(dtype), True)
        expected = pattern(2, shape, dtype)
        np.testing.assert_array_equal(s.get_data(), expected)
        np.testing.assert_array_equal(s.get_data(copy=False), expected)
        np.testing.assert_array_equal(np.asarray(s), expected)


def test_pixel_y_x_is_milk_element_y_times_size0_plus_x(make_milk):
    path = make_milk("--type", "float32", "--size", "64,48", frames=1)
    with dao.shm(path) as s:
        frame = s.get_data()
        assert frame.shape == (48, 64)
        with open(path, "rb") as f:
            raw = f.read()
        # The contract's example: (y=1, x=2) is element 66, at byte 648.
        assert frame[1, 2] == np.frombuffer(raw, np.float32, 1, 648)[0] == (31 + 66) % 113


def test_keywords_and_milk_header(make_milk):
    path = make_milk("--keywords", "3", "--fill-keywords", "--cb", "4", frames=5)
    with dao.shm(path) as s:
        assert s.get_keywords() == {"EXPTIME": (0.001, "exposure time [s]"),
                                    "GAIN": (-43, "detector gain"), "MODE": ("fast2", "readout mode")}
        assert s.get_keyword("GAIN") == -43
        md = s.get_meta_data()
        assert md["format"] == "milk" and md["version"] == "2.00" and md["layout"] == "2.x"
        assert md["size"] == (64, 48, 0) and md["shape"] == (48, 64)
        assert (md["datatype"], md["NBkw"], md["CBsize"], md["CBindex"], md["CBcycle"]) == (9, 3, 4, 1, 1)
        assert md["cnt0"] == 5 == s.get_counter()
        assert md["name"] == os.path.basename(path)[:-len(".im.shm")]
        assert md["writetime"] is not None and abs(md["writetime"] - time.time()) < 600
        assert md["location"] == -1 and md["time_is_tai"] is True
        assert "fifo_size" not in md  # a DAO field: milk streams have none


def test_writes_are_a_clear_error(make_milk):
    path = make_milk("--keywords", "2", frames=1)
    with dao.shm(path) as s:
        frame = s.get_data()
        for call in (lambda: s.set_data(frame), lambda: s.set_keyword("GAIN", 3)):
            with pytest.raises(dao.StreamError) as e:
                call()
            assert e.value.code_name == "DAO_E_READ_ONLY"
            assert "milk" in str(e.value)


def test_float16_and_gpu_pixels_are_named_errors(make_milk):
    half = make_milk("--type", "float16", frames=1)
    with dao.shm(half) as s:
        assert s.dtype == np.float16 and s.get_counter() == 1
        for copy in (True, False):
            with pytest.raises(dao.StreamError) as e:
                s.get_data(copy=copy)
            assert e.value.code_name == "DAO_E_UNSUPPORTED_TYPE"
    gpu = make_milk("--gpu", "1", frames=1)
    with dao.shm(gpu) as s:
        assert s.get_meta_data()["location"] == 1
        for copy in (True, False):
            with pytest.raises(dao.StreamError) as e:
                s.get_data(copy=copy)
            assert e.value.code_name == "DAO_E_GPU_STREAM"


def test_bad_milk_files_are_named_errors(make_milk):
    pending = make_milk("--version", "")
    with pytest.raises(dao.StreamError) as e:
        dao.shm(pending)
    assert e.value.code_name == "DAO_E_MILK_NOT_READY"
    old = make_milk("--version", "1.04")
    with pytest.raises(dao.StreamError) as e:
        dao.shm(old)
    assert e.value.code_name == "DAO_E_MILK_LAYOUT"


def test_check_true_polls_for_the_next_frame(make_milk):
    idle = make_milk(frames=1)
    with dao.shm(idle) as s:
        s.get_data()
        t0 = time.monotonic()
        assert s.get_data(check=True, timeout=0.2) is None
        assert time.monotonic() - t0 >= 0.15
    live = make_milk(rate=200)
    with dao.shm(live) as s:
        counters = []
        for _ in range(5):
            frame = s.get_data(check=True, timeout=10)
            counters.append(s.get_counter())
            assert frame is not None
        assert counters == sorted(counters) and counters[-1] > counters[0]


def test_a_1khz_writer_never_gives_a_torn_frame(make_milk):
    path = make_milk("--type", "uint16", "--size", "256,256", rate=1000)
    with dao.shm(path) as s:
        assert s.get_data(check=True, timeout=10) is not None  # past frame 0 (the new file's zeros)
        # Frame n is the run of values starting at (31 n) % 113: a frame made
        # of two frames' halves is not one run.
        run = pattern(0, (256 * 256 + 113,), np.uint16)
        good = 0
        deadline = time.monotonic() + 0.6
        while time.monotonic() < deadline:
            frame = s.get_data().ravel()
            start = int(frame[0])
            assert np.array_equal(frame, run[start:start + frame.size]), "torn frame returned"
            good += 1
        assert good > 10


def test_recreation_by_unlink_then_reopen(make_milk, stream_path):
    path = make_milk(frames=3)
    with dao.shm(path) as s:
        before = s.get_data()
        make_milk("--size", "16,8", frames=2, path=path)
        # The old stream stays readable as it was (a new file took the path).
        np.testing.assert_array_equal(s.get_data(), before)
        s.reopen()
        assert (s.shape, s.get_counter(), s.format) == ((8, 16), 2, "milk")
        np.testing.assert_array_equal(s.get_data(), pattern(2, (8, 16), np.float32))
