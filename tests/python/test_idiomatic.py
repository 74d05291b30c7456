"""The idiomatic layer: frames() (iterator and async iterator) with exact
missed counts against a writer that skips, wait_async() cancelled and
timed out without blocking the loop, numpy.asarray(shm), subclassing."""
import asyncio
import gc
import time

import numpy as np
import pytest

import dao

# A writer in another process that publishes the frames whose counters it
# is told, skipping the others by writing them while no one looks: counter
# c holds the value c. "go N" writes N frames; each line is answered "ok".
SKIPPING_WRITER = r"""
import sys, numpy as np, dao
w = dao.shm(sys.argv[1])
for line in sys.stdin:
    n = int(line.split()[1])
    for _ in range(n):
        c = w.get_counter() + 1
        w.set_data(np.full(w.shape, c, w.dtype))
    print("ok", w.get_counter(), flush=True)
"""


def _go(child, n):
    child.stdin.write(f"go {n}\n")
    child.stdin.flush()
    reply = child.stdout.readline().split()
    assert reply[0] == "ok", child.stderr.read()
    return int(reply[1])


def test_frames_yields_new_frames_with_their_counter_and_time(stream_path):
    path = stream_path()
    w = dao.shm(path, np.zeros(3, np.int64))
    r = dao.shm(path)
    it = r.frames(timeout=10)
    w.set_data(np.full(3, 2, np.int64))
    f = next(it)
    assert isinstance(f, dao.Frame) and f.counter == 2 and f.missed == 0
    np.testing.assert_array_equal(f.data, [2, 2, 2])
    assert f.write_time_ns == r.get_meta_data()["atime_ns"]
    assert abs(f.timestamp.timestamp() - f.write_time_ns / 1e9) < 1e-5
    data, counter, t, missed = f  # a namedtuple
    assert counter == 2


def test_frames_counts_the_frames_a_slow_reader_missed(stream_path, python_child):
    path = stream_path()
    dao.shm(path, np.zeros(4, np.int64))
    r = dao.shm(path)
    child = python_child(SKIPPING_WRITER, path)
    it = r.frames(timeout=30)
    seen = []
    for burst in (1, 3, 1, 5, 2):
        newest = _go(child, burst)  # all written before we look: burst-1 are lost
        f = next(it)
        assert f.counter == newest and (f.data == newest).all()
        seen.append(f.missed)
    assert seen == [0, 2, 0, 4, 1]


def test_frames_times_out_and_can_go_on(stream_path):
    path = stream_path()
    w = dao.shm(path, np.zeros(2, np.uint8))
    it = dao.shm(path).frames(timeout=0.05)
    with pytest.raises(TimeoutError):
        next(it)
    w.set_data(np.ones(2, np.uint8))
    assert next(it).counter == 2


def test_frames_on_a_given_semaphore_and_spinning(stream_path):
    path = stream_path()
    w = dao.shm(path, np.zeros(2, np.uint8))
    r = dao.shm(path)
    for make in (lambda: r.frames(timeout=10, semNb=3), lambda: r.frames(timeout=10, spin=True)):
        it = make()
        w.set_data(np.full(2, w.get_counter() + 1, np.uint8))
        f = next(it)
        assert f.counter == w.get_counter() and f.missed == 0
    with pytest.raises(ValueError):
        r.frames(semNb=10)


def test_async_iteration_and_wait_do_not_block_the_loop(stream_path):
    path = stream_path()
    w = dao.shm(path, np.zeros(2, np.uint16))
    r = dao.shm(path)

    async def main():
        ticks = 0

        async def ticker():
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.005)

        async def writer():
            for k in range(3):
                await asyncio.sleep(0.1)
                w.set_data(np.full(2, 10 + k, np.uint16))

        tick = asyncio.create_task(ticker())
        write = asyncio.create_task(writer())
        got = []
        async for f in r.frames(timeout=30):
            got.append(int(f.data[0]))
            if len(got) == 3:
                break
        await write
        tick.cancel()
        return got, ticks

    got, ticks = asyncio.run(main())
    assert got == [10, 11, 12]
    # 0.3 s of waiting with a 5 ms ticker: a blocked loop would tick ~once.
    assert ticks > 10, ticks


def test_wait_async_times_out(stream_path):
    r = dao.shm(stream_path(), np.zeros(2, np.uint8))

    async def main():
        with pytest.raises(TimeoutError):
            await r.wait_async(timeout=0.1)
        with pytest.raises(TimeoutError):  # asyncio's own timeout cancels it
            await asyncio.wait_for(r.wait_async(), 0.1)

    asyncio.run(main())


def test_cancelled_wait_async_loses_no_frame(stream_path):
    path = stream_path()
    w = dao.shm(path, np.zeros(2, np.uint8))
    r = dao.shm(path)

    async def main():
        task = asyncio.create_task(r.wait_async())
        await asyncio.sleep(0.1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        # The cancelled wait's worker may still be in its slice and take
        # the semaphore post of this frame: the next wait must see it anyway.
        w.set_data(np.full(2, 5, np.uint8))
        f = await r.wait_async(timeout=30)
        assert f.counter == 2 and f.missed == 0 and (f.data == 5).all()
        assert r.get_data(spin=True, block=False) is None  # the handle saw it

    asyncio.run(main())


def test_wait_async_counts_missed_frames(stream_path):
    path = stream_path()
    w = dao.shm(path, np.zeros(2, np.uint8))
    r = dao.shm(path)
    for k in range(4):
        w.set_data(np.full(2, k, np.uint8))
    f = asyncio.run(r.wait_async(timeout=5))
    assert f.counter == 5 and f.missed == 3


def test_numpy_array_is_a_zero_copy_read_only_view(stream_path):
    path = stream_path()
    w = dao.shm(path, np.arange(4, dtype=np.float32))
    r = dao.shm(path)
    a = np.asarray(r)
    assert not a.flags.writeable and isinstance(a.base, dao._Mapping)
    w.set_data(np.full(4, 3, np.float32))
    np.testing.assert_array_equal(a, [3, 3, 3, 3])  # live
    r.close()
    del r
    gc.collect()
    np.testing.assert_array_equal(a, [3, 3, 3, 3])  # kept mapped by the view
    assert np.array(w, dtype=np.float64).dtype == np.float64
    assert (np.asarray(w) + 1).sum() == 16


def test_subclass(stream_path):
    class Camera(dao.shm):
        def __init__(self, path, gain):
            super().__init__(path)
            self.gain = gain

        def frame(self):
            return self.get_data() * self.gain

    path = stream_path()
    dao.shm(path, np.ones(3, np.float64))
    cam = Camera(path, 2.0)
    np.testing.assert_array_equal(cam.frame(), [2, 2, 2])
    assert repr(cam).startswith("<") and "Camera" in repr(cam)
    assert isinstance(cam, dao.shm)
    with cam:
        pass
    assert cam.closed


def test_closing_while_iterating_from_another_thread(stream_path):
    import threading
    path = stream_path()
    w = dao.shm(path, np.zeros(2, np.uint8))
    r = dao.shm(path)
    it = r.frames(timeout=30)
    threading.Timer(0.1, r.close).start()
    threading.Timer(0.2, lambda: w.set_data(np.ones(2, np.uint8))).start()
    t0 = time.monotonic()
    f = next(it)  # the wait holds the mapping: the close does not pull it away
    assert f.counter == 2 and time.monotonic() - t0 < 30
    with pytest.raises(ValueError, match="closed"):
        next(it)
