"""Every new frame of a stream, as an iterator and for asyncio.

The iterator reads in order through the handle's FIFO tail (libdao's
dao_stream_read_next: the exact number of frames a lapped reader lost), the
asyncio wait takes the newest frame newer than the last one the handle
returned (shm._next_newer). Newness is decided by the tail or the counter,
never by a semaphore post, so a post consumed by a wait that was given up
(a cancelled asyncio task, a timeout) loses no frame: the next call sees
the frame and returns at once.
"""
import asyncio
import collections
import datetime

# An asyncio wait runs in the loop's default executor in slices this long:
# a cancelled wait leaves its thread busy for at most one slice.
ASYNC_SLICE = 0.05


class Frame(collections.namedtuple("Frame", "data counter write_time_ns missed")):
    """One frame from shm.frames() or shm.wait_async().

    data           the numpy array (a private copy unless copy=False)
    counter        its frame counter (cnt0)
    write_time_ns  its write time, nanoseconds since the epoch
    missed         frames written since the previous frame this iterator
                   (or wait) returned that it did not return (overwritten
                   in the FIFO before it got to them): 0 while it keeps up

    A namedtuple: `for data, counter, t, missed in shm.frames()` works too.
    """

    __slots__ = ()

    @property
    def timestamp(self):
        """The write time as a naive local datetime (as shm.get_timestamp())."""
        seconds, ns = divmod(self.write_time_ns, 1_000_000_000)
        return datetime.datetime.fromtimestamp(seconds).replace(microsecond=ns // 1000)


def _deadline(loop_time, timeout):
    if timeout is None:
        return None
    if timeout < 0:
        raise ValueError("timeout must be None or a number of seconds >= 0")
    return loop_time() + timeout


class FrameIterator:
    """What shm.frames() returns: an iterator and an async iterator over the
    frames written after it was made, in order through the handle's FIFO
    tail. See shm.frames()."""

    def __init__(self, stream, timeout, semNb, spin):
        if timeout is not None and timeout < 0:
            raise ValueError("timeout must be None or a number of seconds >= 0")
        self._stream = stream
        self._timeout = timeout
        self._slot = stream._wait_slot(semNb)
        self._spin = spin
        stream.reset_tail()  # from now on

    def __iter__(self):
        return self

    def __next__(self):
        got = self._stream._next_in_order(self._slot, self._timeout, self._spin)
        if got is None:
            raise TimeoutError(f"no new frame on {self._stream.path!r} within {self._timeout} s")
        return Frame(*got)

    def __aiter__(self):
        return self

    async def __anext__(self):
        """The wait runs in the loop's executor, a slice at a time, and does
        not move the tail; the copy (and the tail) then happens here. So a
        cancelled iteration loses no frame."""
        stream, loop = self._stream, asyncio.get_running_loop()
        deadline = _deadline(loop.time, self._timeout)
        while True:
            got = stream._next_in_order(self._slot, 0)
            if got is not None:
                return Frame(*got)
            left = ASYNC_SLICE if deadline is None else max(0.0, min(ASYNC_SLICE,
                                                                     deadline - loop.time()))
            if not await loop.run_in_executor(None, stream._wait_next, self._slot, left):
                if deadline is not None and loop.time() >= deadline:
                    raise TimeoutError(f"no new frame on {stream.path!r} within "
                                       f"{self._timeout} s")


async def _wait_in_executor(stream, last, slot, timeout, copy):
    """The next frame above `last` without blocking the event loop: the
    blocking C wait runs in the default executor, a slice at a time, so
    cancelling the awaiting task stops the wait within one slice."""
    loop = asyncio.get_running_loop()
    deadline = _deadline(loop.time, timeout)
    while True:
        left = ASYNC_SLICE if deadline is None else max(0.0, min(ASYNC_SLICE,
                                                                 deadline - loop.time()))
        got = await loop.run_in_executor(None, stream._next_newer, last, slot, left, False, copy)
        if got is not None:
            return got
        if deadline is not None and loop.time() >= deadline:
            raise TimeoutError(f"no new frame on {stream.path!r} within {timeout} s")


async def wait_async(stream, timeout, semNb, copy):
    """shm.wait_async(): see there."""
    last = stream._last_counter
    slot = stream._wait_slot(semNb)
    data, counter, write_time_ns = await _wait_in_executor(stream, last, slot, timeout, copy)
    stream._last_counter = max(stream._last_counter, counter)
    return Frame(data, counter, write_time_ns, counter - last - 1)
