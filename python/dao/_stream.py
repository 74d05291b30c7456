"""dao.shm: the class of DAO's documented Python API, on the C core.

The C base (dao._core.shm) opens, creates, reads and writes; this class adds
the constructor DAO scripts call (fname, data, nbkw, pubPort, subPort,
subHost, logLevel, depth), the status constants, the network side (pubThread
and subThread, in _remote.py), and the idiomatic calls: frames(),
wait_async() and numpy's __array__.
"""
import os
import threading
import warnings

from . import _core, _frames, _remote
# DAO's status codes (class constants too: dao.shm.DAO_OVERWRITE).
from ._core import DAO_ERROR, DAO_NOTREADY, DAO_OVERWRITE, DAO_SUCCESS, DAO_TIMEOUT


class _Default(int):
    """DAO's default subPort, told apart from 5555 passed on purpose."""


class _DefaultHost(str):
    """DAO's default subHost, told apart from 'localhost' passed on purpose."""


# Shown as 5555 and 'localhost' in the signature, as in DAO's.
_SUB_PORT = _Default(5555)
_SUB_HOST = _DefaultHost("localhost")


class shm(_core.shm):
    """A DAO shared-memory stream: the file at `fname` (absolute or relative to
    the current directory, at most 255 characters; `path=` is the same) and
    its POSIX semaphores. The positional order is DAO's.

    With `data` (a numpy array, or anything numpy.asarray accepts), create
    the stream with data's dtype and shape and write data as the first frame.
    The dtype must be one of the 12 DAO types (u)int8/16/32/64, float32,
    float64, complex64, complex128 (else TypeError); the array must have 1 to
    3 axes (else ValueError). The creating write counts as frame 1 and posts
    every semaphore, so a first get_data(check=True) returns at once. An
    existing file at the path is replaced (readers mapping it keep their old
    mapping). When creating: `nbkw` (or `keywords`) keyword entries, a FIFO
    of `depth` (or `fifo_depth`) frames (a depth below 1 is taken as 1 with
    a warning, as DAO does), `semaphores` reader semaphores (1-100).

    Without `data`, open an existing stream; its type and shape come from the
    file; `nbkw` and `depth` are then ignored (as DAO does), `semaphores`,
    `keywords` and `fifo_depth` are a TypeError. A missing file raises
    FileNotFoundError; a file that is not a valid stream raises
    dao.StreamError (an OSError) with libdao's reason. `read_only=True` maps
    it read-only (a file you may not write is opened read-only anyway).

    A milk / ImageStreamIO stream (milk, cacao, MagAO-X; libdao tells the
    two kinds of *.im.shm apart by their bytes) opens the same way, always
    read-only: format is 'milk', shape is numpy's (milk's size reversed, the
    same bytes), get_data() copies are checked against milk's write flag and
    counter, get_data(check=True) and the waits poll the counter (no milk
    semaphore is ever touched), get_meta_data() uses milk's field names,
    get_keywords() reads its keywords, and set_data()/set_keyword() raise
    dao.StreamError (DAO_E_READ_ONLY). Pixels of a float16 or a GPU stream
    raise dao.StreamError too (DAO_E_UNSUPPORTED_TYPE, DAO_E_GPU_STREAM).

    The network side, DAO's way, on dao's own protocol (the one of daoctl
    serve / mirror and dao.remote; never pickle):

        s = dao.shm('/tmp/cam.im.shm', data, pubPort=5555)    # the publisher
        s.pubEnable = True; s.pubThread.start()                # serves "cam"
        r = dao.shm(subPort=5555, subHost='rtc')               # a subscriber
        r.subEnable = True; r.subThread.start()                # mirrors it

    The publisher serves its own stream (under its stem) on
    tcp://pubHost:pubPort, pubHost '127.0.0.1' by default (this machine
    only: set pubHost='0.0.0.0', or an interface's address, to offer it to
    others), with CURVE keys from the directory `pubKeys` if given. The
    subscriber mirrors a remote stream into its local stream: the file at
    `fname`, or without one /tmp/NAME.im.shm, made from the first remote
    frame at construction (waiting at most dao._remote.FIRST_FRAME_TIMEOUT
    seconds, then TimeoutError; never over a stream whose writer may be
    alive: FileExistsError). It mirrors the stream named after fname's stem,
    or the server's only one (a publisher serves exactly one); `subKeys` is
    a CURVE client key directory. Each remote frame is one local write (its
    keywords too), so readers of the local stream — this handle, other
    processes — see a normal stream; a remote change of shape or dtype
    re-creates the local file (this handle then raises StreamRecreated:
    reopen()). pubEnable/subEnable pause and resume; pubEvent.set() /
    subEvent.set() (DAO's) or close() stop the threads, which are daemon
    threads (they end with the script: `s.pubThread.join()` keeps a script
    serving, Ctrl-C still works). An existing DAO publisher cannot feed a
    dao subscriber: it sends pickled arrays, which dao never reads from the
    network. `logLevel` is accepted and kept. Messages DAO logs (timeouts,
    bad arguments, network states) go to the standard `logging` logger
    "dao".

    Reading: get_data() (the newest frame), get_data_next(),
    get_data_arbitrary() and get_history() (FIFO streams), get_counter(),
    get_frame_id(), get_timestamp(), get_meta_data(), get_keywords();
    writing: set_data(), set_keyword(). Status constants DAO_SUCCESS,
    DAO_ERROR, DAO_TIMEOUT, DAO_OVERWRITE, DAO_NOTREADY.

    Idiomatic: `with dao.shm(path) as s:` closes on exit; `for f in
    s.frames(timeout=5):` every new frame with its counter, write time and
    the number missed; `await s.wait_async()` for asyncio; numpy.asarray(s)
    is a zero-copy read-only view of the newest frame (as get_data(copy=False),
    with the same lifetime rule: the file stays mapped while the view
    lives, even after close()).

    Attributes: path, shape, dtype, format ('dao' or 'milk'), semaphores,
    fifo_depth, read_only, nbytes, closed.

    Re-creation: a shm does not follow a stream re-created under it (a
    script must not be handed another shape or dtype unawares). A call that
    finds the file is no longer the stream it mapped (renamed over,
    truncated or re-created in place by a writer, of any size) raises
    dao.StreamRecreated (after an in-place re-creation, every later call
    on the handle too; a stream renamed over stays readable as it was);
    reopen() then attaches to the stream now at the path. Nothing dies of
    a signal: a zero-copy view of a file that shrank reads zeros where the
    pages were lost. A removed stream raises FileNotFoundError.

    Threads may share a shm: waits and copies run without the GIL (and keep
    the mapping alive even if another thread closes the shm meanwhile).
    Subclass it as any Python class (call super().__init__(...)).

        shm = dao.shm('/tmp/cam.im.shm', np.zeros((10, 10), np.uint16))
        data = shm.get_data(check=True, timeout=1.0)   # None on timeout
        shm.set_data(data + 1)
    """

    DAO_SUCCESS = DAO_SUCCESS
    DAO_ERROR = DAO_ERROR
    DAO_TIMEOUT = DAO_TIMEOUT
    DAO_OVERWRITE = DAO_OVERWRITE
    DAO_NOTREADY = DAO_NOTREADY

    def __init__(self, fname=None, data=None, nbkw=0, pubPort=5555, subPort=_SUB_PORT,
                 subHost=_SUB_HOST, logLevel=0, depth=1, *, path=None, semaphores=None,
                 keywords=None, fifo_depth=None, read_only=False, pubHost="127.0.0.1",
                 pubKeys=None, subKeys=None):
        if fname is not None and path is not None:
            raise TypeError("dao.shm: give fname or path, not both")
        fname = fname if fname is not None else path
        # A subscriber with no local stream yet: its first frame makes one.
        subscribing = subPort is not _SUB_PORT or subHost is not _SUB_HOST
        sub_remote, protect = None, False
        if data is None and subscribing and (fname is None or not os.path.exists(fname)):
            sub_remote, fname, protect = _remote.first_frame(subHost, subPort, fname, subKeys)
        if fname is None:
            raise TypeError("dao.shm: the stream's path (fname) is missing (or give subHost/"
                            "subPort to mirror a remote stream)")
        options = {"read_only": read_only}
        if semaphores is not None:
            options["semaphores"] = semaphores
        if data is not None:
            if keywords is not None and nbkw:
                raise TypeError("dao.shm: give nbkw or keywords, not both")
            if fifo_depth is not None and depth != 1:
                raise TypeError("dao.shm: give depth or fifo_depth, not both")
            if keywords is None and nbkw:
                keywords = nbkw
            if fifo_depth is None:
                if depth < 1:
                    warnings.warn(f"dao.shm: depth {depth} < 1, taken as 1", RuntimeWarning,
                                  stacklevel=2)
                    depth = 1
                fifo_depth = depth
        if keywords is not None:
            options["keywords"] = keywords
        if fifo_depth is not None:
            options["fifo_depth"] = fifo_depth
        try:
            super().__init__(fname, data, **options)
        except BaseException:
            if sub_remote is not None:
                sub_remote.close()
            raise
        # DAO's network attributes (see the class documentation).
        self.pubPort = pubPort
        self.subPort = subPort
        self.subHost = subHost
        self.logLevel = logLevel
        self.pubEnable = False
        self.subEnable = False
        self.pubEvent = threading.Event()
        self.subEvent = threading.Event()
        self.pubHost = pubHost
        self.pubKeys = pubKeys
        self.subKeys = subKeys
        self._pub_thread = None
        self._sub_thread = None
        self._sub_remote, self._sub_protect = sub_remote, protect

    @property
    def pubThread(self):
        """DAO's publisher thread (a threading.Thread, made on first use):
        start() serves this stream on tcp://pubHost:pubPort while pubEnable
        is true. See help(dao.shm)."""
        if self._pub_thread is None:
            self._pub_thread = _remote.Publisher(self)
        return self._pub_thread

    @property
    def subThread(self):
        """DAO's subscriber thread (a threading.Thread, made on first use):
        start() mirrors the remote stream at tcp://subHost:subPort into this
        stream while subEnable is true. See help(dao.shm)."""
        if self._sub_thread is None:
            self._sub_thread = _remote.Subscriber(self, self._sub_remote, self._sub_protect)
            self._sub_remote = None
        return self._sub_thread

    def close(self):
        """close()

        Stop the network threads (pubThread, subThread) if they run, then
        close the stream. Further calls raise ValueError; closing twice is
        fine. Zero-copy arrays from get_data(copy=False) stay valid: the
        file stays mapped until the last of them is gone."""
        for thread in (getattr(self, "_pub_thread", None), getattr(self, "_sub_thread", None)):
            if thread is not None:
                thread.stop()
        remote = getattr(self, "_sub_remote", None)
        if remote is not None:
            remote.close()
        super().close()

    def __exit__(self, *exc):
        self.close()

    # ---- idiomatic ---------------------------------------------------------

    def frames(self, timeout=None, *, semNb=None, spin=False):
        """frames(timeout=None, *, semNb=None, spin=False)

        Iterate over the frames written from now on, in order, each as a
        dao.Frame (data, counter, write_time_ns, missed; .timestamp a
        datetime):

            for frame in shm.frames(timeout=5):
                if frame.missed:
                    print(f"lost {frame.missed} frames before {frame.counter}")
                process(frame.data)

        It reads through this handle's FIFO tail, as get_data_next() does
        (making it moves the tail to the newest frame): with fifo_depth N a
        reader that falls behind by fewer than N frames gets every one of
        them, in order; `missed` is the exact number of frames overwritten
        before it got to them (with depth 1, every frame written over an
        unread one). The iterator is also an async iterator (`async for
        frame in shm.frames():`), which does not block the event loop.

        timeout   seconds to wait for each frame; None for ever. On expiry
                  TimeoutError (the iteration can go on after it).
        semNb     the reader semaphore to wait on; by default a slot
                  claimed for this handle, so no other libdao reader
                  shares it.
        spin      spin on the counter instead of sleeping on a semaphore
                  (lowest latency, a busy core; not in async iteration).
        Ctrl-C interrupts a wait; the stream being re-created or removed
        raises as get_data() does. Frames are private copies.
        """
        return _frames.FrameIterator(self, timeout, semNb, spin)

    async def wait_async(self, timeout=None, *, semNb=None, copy=True):
        """wait_async(timeout=None, *, semNb=None, copy=True)

        Coroutine: the next frame newer than the last one this handle
        returned (get_data, wait_async), as a dao.Frame, without blocking the
        event loop; `missed` counts the frames in between. timeout in seconds
        (None: for ever), TimeoutError on expiry; cancelling the awaiting
        task stops the wait (its worker thread within 50 ms) and loses no
        frame: the next wait returns it.

            frame = await shm.wait_async(timeout=1.0)
        """
        return await _frames.wait_async(self, timeout, semNb, copy)

    def __array__(self, dtype=None):
        """numpy.asarray(shm): a zero-copy read-only view of the newest frame
        (get_data(copy=False)); with a dtype, a converted copy."""
        view = self.get_data(copy=False)
        return view if dtype is None else view.astype(dtype)
