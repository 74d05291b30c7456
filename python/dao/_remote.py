"""Streams across machines: dao.remote (read a remote stream directly) and
the network side of dao.shm (DAO's pubPort / subPort / subHost arguments and
their pubThread / subThread), on dao's own wire format (dao._core.Remote and
dao._core.Server, over libdao-remote).

Nothing from the network is ever unpickled or executed: frames travel as
dao's versioned wire format (docs/wire-format.md) and are checked before
use. That is also why a publisher of the existing DAO module, which sends
pickled numpy arrays over ZeroMQ PUB/SUB, cannot feed a dao subscriber:
the two never speak the same protocol (the dao side does not read pickle,
by design).
"""
import atexit
import datetime
import logging
import os
import threading
import time
import weakref

from . import _core, _frames

_log = logging.getLogger("dao")
_now = time.monotonic

AVAILABLE = hasattr(_core, "Remote")

# How long a subscriber without a local stream (shm(subHost=..., subPort=...)
# and no existing fname) waits at construction for the first remote frame,
# which gives the local stream its shape and dtype.
FIRST_FRAME_TIMEOUT = 10.0
# The network threads look at pubEnable/subEnable and their stop events
# this often, and a server runs for this long between looks.
SLICE = 0.1


def _need():
    if not AVAILABLE:
        raise NotImplementedError("dao was built without remote streams (Meson option "
                                  "'remote': needs libzmq and liblz4)")


def _server_address(host, port):
    """tcp://HOST:PORT, an IPv6 literal in brackets."""
    host = str(host)
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"tcp://{host}:{int(port)}"


def remote_list(server, *, keys=None, timeout=2.0):
    """remote_list(server, *, keys=None, timeout=2.0)

    What the dao server at `server` ("tcp://HOST:PORT", as `daoctl serve`
    or a shm publisher binds) offers: a list of dicts with name, source
    ('dao' or 'milk'), dtype, shape, counter and valid, sorted by name.
    keys: a directory of CURVE client keys. TimeoutError when the server
    does not answer within `timeout` seconds (down, unreachable, or
    refusing our keys)."""
    _need()
    return _core.remote_list(server, keys=keys, timeout=timeout)


class remote:
    """dao.remote(url, *, keys=None, max_fps=0, lz4=True)

    Read one stream of a dao server (`daoctl serve` on the real-time host, or
    a dao.shm publisher) directly, without a local copy:

        r = dao.remote("tcp://rtc:5556/cam")
        img = r.get_data(check=True, timeout=1.0)   # the next frame, None on timeout

    url      "tcp://HOST:PORT/NAME" (NAME is the stream's file name up to its
             first '.', e.g. cam for /tmp/cam.im.shm)
    keys     a directory of CURVE client keys (client.key, client.pub and the
             server's server.pub) for a server started with --curve-keys
    max_fps  ask the server for at most this many frames a second (0: as
             many as this reader asks for)
    lz4      let the server compress (lossless) when it is set to

    Frames are asked for when this reader wants one, so a slow reader skips
    frames instead of queueing them, and gets the newest frame the server had
    when it asked. The connection is made in the background and re-made for
    ever when the server goes away; `state` says where it is ('connecting',
    'live', 'stale', 'gone', 'invalid', 'recreated', 'disconnected',
    'reconnecting'), and each change is logged on the "dao" logger.

    Reading: get_data() (DAO's positional order), get_counter(),
    get_timestamp(), get_keywords(), get_keyword(), get_meta_data(),
    frames(). Waits release the GIL and Ctrl-C stops them. A reader belongs
    to one thread at a time (RuntimeError otherwise). close(), or use it as
    a context manager.
    """

    def __init__(self, url, *, keys=None, max_fps=0.0, lz4=True):
        _need()
        self._r = _core.Remote(url, keys=keys, max_fps=max_fps, lz4=lz4)
        self._state = self._r.state
        self._fresh = False      # a frame arrived that no call returned yet
        self._last = None        # (generation, counter) of the last frame returned

    # ---- state ----------------------------------------------------------------

    @property
    def url(self):
        """The address, as given."""
        return self._r.url

    @property
    def state(self):
        """Where the connection is: 'connecting', 'live', 'stale', 'gone',
        'invalid', 'recreated', 'disconnected', 'reconnecting', 'closed'."""
        return self._r.state

    @property
    def error(self):
        """(code, name, text) of what made the state 'gone' or 'invalid', or None."""
        return self._r.error

    @property
    def closed(self):
        return self._r.state == "closed"

    @property
    def shape(self):
        """The newest frame's shape, None before the first frame."""
        info = self._r.info()
        return info["shape"] if info else None

    @property
    def dtype(self):
        """The newest frame's numpy dtype, None before the first frame."""
        info = self._r.info()
        return info["dtype"] if info else None

    def _note_state(self):
        state = self._r.state
        if state != self._state:
            error = self._r.error
            why = f" ({error[2]})" if error and state in ("gone", "invalid") else ""
            _log.info("%s: %s%s", self._r.url, state, why)
            self._state = state

    def _pump(self, timeout):
        """Let the client work for up to `timeout` seconds (None: until
        something happens); True when a new frame arrived."""
        got = self._r.wait(timeout) == 0
        self._fresh = self._fresh or got
        self._note_state()
        return got

    def _wait_fresh(self, timeout):
        """Until a frame no call returned yet is there; False on timeout
        (None: no limit)."""
        deadline = None if timeout is None else _now() + timeout
        while not self._fresh:
            left = None if deadline is None else deadline - _now()
            if left is not None and left <= 0:
                return False
            self._pump(left)
        return True

    def _take(self):
        info = self._r.info()
        self._fresh = False
        self._last = (info["generation"], info["counter"])
        return self._r.copy(), info

    # ---- DAO's calls ---------------------------------------------------------

    def get_data(self, check=False, reform=True, semNb=0, timeout=0, spin=False):
        """get_data(check=False, reform=True, semNb=0, timeout=0, spin=False)

        A frame as a new numpy array (exactly the bytes sent), in DAO's
        positional order:

        check=False  the newest frame this reader has received (it asks for
                     the next one meanwhile); the first call waits for the
                     first frame.
        check=True   wait for a frame newer than the last one returned.
        timeout      seconds; 0 or None wait for ever (DAO's rule, Ctrl-C
                     still works); on expiry "Timeout waiting for a frame"
                     is logged and None returned.
        reform, semNb, spin are accepted for DAO's signature: the array
        always has the stream's shape, and a remote reader has no semaphore
        (spin=True waits as check=True does)."""
        seconds = _dao_timeout(timeout)
        if check or spin:
            got = self._wait_fresh(seconds)
        else:
            self._pump(0)
            got = self._r.info() is not None or self._wait_fresh(seconds)
        if not got:
            _log.info("Timeout waiting for a frame from %s", self._r.url)
            return None
        return self._take()[0]

    def get_counter(self):
        """The newest frame's counter (cnt0 of the remote stream), 0 before the first."""
        self._pump(0)
        info = self._r.info()
        return info["counter"] if info else 0

    def get_timestamp(self, tz=None):
        """The newest frame's write time (the remote writer's clock): a naive
        local datetime as DAO gives it, or aware in `tz`; None before the
        first frame."""
        self._pump(0)
        info = self._r.info()
        if not info:
            return None
        seconds, ns = divmod(info["write_time_ns"], 1_000_000_000)
        when = datetime.datetime.fromtimestamp(seconds, tz).replace(microsecond=ns // 1000)
        return when

    def get_keywords(self):
        """The newest frame's keywords: {name: (value, comment)}."""
        return self._r.keywords()

    def get_keyword(self, name):
        """The value of keyword `name` of the newest frame (KeyError if none)."""
        return self._r.keywords()[name][0]

    def get_meta_data(self):
        """What came with the newest frame (None before the first): name,
        source, dtype, shape, counter (also as cnt0), write_time_ns,
        send_time_ns, receive_time_ns, generation, nbytes, payload_size,
        codec, keyword_count, keyword_capacity, frames_received, and the
        connection's state."""
        info = self._r.info()
        if info is None:
            return None
        info["cnt0"] = info["counter"]
        info["naxis"] = len(info["shape"])
        info["state"] = self._r.state
        return info

    # ---- idiomatic -----------------------------------------------------------

    def frames(self, timeout=None):
        """frames(timeout=None)

        Iterate over the frames from now on, each a dao.Frame (data, counter,
        write_time_ns, missed): `missed` counts the remote frames this
        reader did not get since the previous one (the server sends the
        newest frame when asked, so a reader slower than the stream skips
        frames; 0 after a reconnection or a re-creation, where the count
        restarts). timeout: seconds to wait for each frame, None for ever;
        TimeoutError on expiry."""
        if timeout is not None and timeout < 0:
            raise ValueError("timeout must be None or a number of seconds >= 0")
        self._fresh = False  # from now on
        while True:
            last = self._last
            if not self._wait_fresh(timeout):
                raise TimeoutError(f"no new frame from {self._r.url} within {timeout} s")
            data, info = self._take()
            missed = 0
            if last and last[0] == info["generation"] and info["counter"] > last[1]:
                missed = info["counter"] - last[1] - 1
            yield _frames.Frame(data, info["counter"], info["write_time_ns"], missed)

    def set_max_fps(self, fps):
        """Ask the server for at most `fps` frames a second from now on (0: no cap)."""
        self._r.set_max_fps(fps)

    def close(self):
        """Close the connection. Closing twice is fine."""
        self._r.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return f"<dao.remote {self._r.url!r} {self._r.state}>"


def _dao_timeout(timeout):
    """DAO's timeout rule: None or 0 for ever (None here), else seconds > 0."""
    if timeout is None or timeout == 0:
        return None
    if not timeout > 0:
        raise ValueError("timeout must be None, 0 (wait for ever) or a number of seconds > 0")
    return float(timeout)


# ---- the network side of dao.shm ----------------------------------------------

_threads = weakref.WeakSet()


@atexit.register
def _stop_all():
    """At exit, stop the network threads still running, so their servers and
    connections are closed cleanly rather than cut by the interpreter."""
    for thread in list(_threads):
        thread.stop()


class _NetworkThread(threading.Thread):
    """What pubThread and subThread have in common: a daemon thread that
    runs until stop(), its stream's close(), or DAO's event (pubEvent /
    subEvent) is set, doing its work only while its Enable attribute is
    true."""

    def __init__(self, stream, kind):
        super().__init__(name=f"dao-{kind}-{os.path.basename(stream.path)}", daemon=True)
        self._stream = stream
        self._stop_event = threading.Event()

    def _check_startable(self):
        """Before binding or connecting: a thread starts once (as threading's)."""
        _need()
        if self.ident is not None:
            raise RuntimeError("threads can only be started once")

    def _stopping(self, event):
        return self._stop_event.is_set() or event.is_set()

    def stop(self, timeout=5.0):
        """Stop the thread and wait (at most `timeout` s) until it is done."""
        self._stop_event.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join(timeout)


class Publisher(_NetworkThread):
    """shm.pubThread: serve the stream on tcp://pubHost:pubPort while
    shm.pubEnable is true. start() binds at once, in the calling thread, so
    a port already in use is an error there (OSError), not in the thread."""

    def __init__(self, stream):
        super().__init__(stream, "pub")
        self._server = None

    @property
    def endpoint(self):
        """The address served (the port chosen when pubPort is 0), or None."""
        return self._server.endpoint if self._server else None

    def start(self):
        self._check_startable()
        s = self._stream
        server = _core.Server(_server_address(s.pubHost, s.pubPort), curve_dir=s.pubKeys)
        try:
            server.add(s.path)
        except BaseException:
            server.close()
            raise
        self._server = server
        local = str(s.pubHost) in ("127.0.0.1", "localhost", "::1")
        _log.info("%s: serving on %s%s", s.path, server.endpoint,
                  " (this machine only: set pubHost to offer it to others)" if local else "")
        _threads.add(self)
        super().start()

    def run(self):
        s = self._stream
        try:
            while not self._stopping(s.pubEvent):
                if s.pubEnable:
                    self._server.run(SLICE)
                else:
                    self._stop_event.wait(SLICE)
        finally:
            self._server.close()


class Subscriber(_NetworkThread):
    """shm.subThread: mirror the remote stream into the shm's own file while
    shm.subEnable is true (each frame one libdao write; the file is created
    again when the remote shape or dtype changes, and this handle then
    raises dao.StreamRecreated: reopen() it)."""

    def __init__(self, stream, remote_=None, protect=False):
        super().__init__(stream, "sub")
        self._remote = remote_
        self._protect = protect
        self._error = None

    def start(self):
        self._check_startable()
        if self._remote is None:
            s = self._stream
            url = resolve(s.subHost, s.subPort, s.path, s.subKeys, FIRST_FRAME_TIMEOUT)
            self._remote = _core.Remote(url, keys=s.subKeys)
        _threads.add(self)
        super().start()

    def run(self):
        s, r = self._stream, self._remote
        state = r.state
        pending = False  # a frame came while paused: mirrored on resuming
        try:
            while not self._stopping(s.subEvent):
                if not s.subEnable:
                    self._stop_event.wait(SLICE)
                    continue
                pending = pending or r.wait(SLICE) == 0
                # subEnable is read again after the frame came: a frame
                # that arrives once it was cleared waits for the resume.
                if pending and s.subEnable:
                    self._mirror(r, s.path)
                    pending = False
                if r.state != state:
                    state = r.state
                    _log.info("%s: %s", r.url, state)
        finally:
            r.close()

    def _mirror(self, r, path):
        try:
            if r.mirror(path, protect=self._protect):
                _log.info("%s: local stream %s made for %s %s", r.url, path,
                          r.info()["shape"], r.info()["dtype"])
            self._error = None
        except OSError as e:  # a full disk, a file in the way: said once, then retried
            if str(e) != self._error:
                _log.error("%s: cannot mirror into %s: %s", r.url, path, e)
                self._error = str(e)


def _pick(entries, server, stem):
    names = [e["name"] for e in entries]
    if stem in names:
        return stem
    if len(names) == 1:
        return names[0]
    if not names:
        raise FileNotFoundError(f"{server} offers no stream")
    raise ValueError(f"{server} offers {', '.join(names)}: name the local stream after the one "
                     f"to mirror (fname with that stem)")


def resolve(host, port, fname, keys, timeout):
    """The address of the stream a subscriber mirrors: the one whose name is
    the stem of `fname`, or the server's only stream (a shm publisher
    serves exactly one)."""
    server = _server_address(host, port)
    stem = os.path.basename(os.fspath(fname)).split(".")[0] if fname is not None else None
    try:
        entries = remote_list(server, keys=keys, timeout=timeout)
    except TimeoutError:
        raise TimeoutError(f"no answer from {server} within {timeout} s (down, unreachable, "
                           f"or refusing our keys)") from None
    return f"{server}/{_pick(entries, server, stem)}"


def first_frame(host, port, fname, keys):
    """A subscriber without a local stream yet: connect, wait for the first
    frame (FIRST_FRAME_TIMEOUT), mirror it into `fname` or, without one,
    into /tmp/NAME.im.shm (never over a stream whose writer may be alive).
    Returns (the connection, the local path, whether it is protected)."""
    url = resolve(host, port, fname, keys, FIRST_FRAME_TIMEOUT)
    r = _core.Remote(url, keys=keys)
    deadline = _now() + FIRST_FRAME_TIMEOUT
    try:
        while r.info() is None:
            left = deadline - _now()
            if left <= 0:
                raise TimeoutError(f"no frame from {url} within {FIRST_FRAME_TIMEOUT} s "
                                   f"({r.state})")
            r.wait(left)
        protect = fname is None
        path = os.fspath(fname) if fname is not None else f"/tmp/{url.rsplit('/', 1)[1]}.im.shm"
        r.mirror(path, protect=protect)
    except BaseException:
        r.close()
        raise
    return r, path, protect
