"""Streams across machines from Python, with real processes over loopback:
dao.remote reading a `daoctl serve` and a dao.shm publisher, DAO's
pubPort/pubThread and subPort/subHost/subThread in their documented style,
states through a server killed and restarted, Ctrl-C during every wait, the
guard that keeps a subscriber from replacing a live stream, and proof that
nothing from the network is unpickled (a DAO-style pickle publisher and a
server answering with a pickle both fail to run their payload).

Every wait is for a fact with a generous cap (CAP); nothing asserts a
duration."""
import contextlib
import ctypes
import ctypes.util
import logging
import os
import pickle
import shutil
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import dao

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import private_tmp  # noqa: E402 (tests/private_tmp.py)

CAP = 60.0

pytestmark = pytest.mark.skipif(not hasattr(dao._core, "Remote"),
                                reason="dao built without remote streams (libzmq, liblz4)")


def until(fact, what, cap=CAP, step=0.02):
    """Poll `fact()` until it is true; its value, or fail after cap seconds."""
    end = time.monotonic() + cap
    while time.monotonic() < end:
        value = fact()
        if value:
            return value
        time.sleep(step)
    pytest.fail(f"never happened within {cap} s: {what}")


def stem(path):
    return os.path.basename(path).split(".")[0]


# ---- a publisher in another process, DAO's way --------------------------------

PUBLISHER = r"""
import sys
import numpy as np
import dao
path, port = sys.argv[1], int(sys.argv[2])
s = dao.shm(path, np.zeros((4, 6), np.uint16), 2, pubPort=port)   # nbkw=2, positional
s.set_keyword("EXPTIME", 5, "ms")
s.pubEnable = True
s.pubThread.start()
print("serving", s.pubThread.endpoint, flush=True)
for line in sys.stdin:                       # the test's commands, one a line
    cmd = line.split()
    if cmd[0] == "write":                    # a frame of value K
        s.set_data(np.full((4, 6), int(cmd[1]), np.uint16))
    elif cmd[0] == "recreate":               # another shape and dtype, same path
        t = dao.shm(path, np.full((2, 3), 2.5, np.float32))
    elif cmd[0] == "pause":
        s.pubEnable = False
    elif cmd[0] == "resume":
        s.pubEnable = True
    print("done", cmd[0], flush=True)
s.close()
"""


class Publisher:
    def __init__(self, python_child, path, port=0):
        self.child = python_child(PUBLISHER, path, str(port))
        line = self.child.stdout.readline().split()
        assert line and line[0] == "serving", self.child.stderr.read()
        self.endpoint = line[1]

    def do(self, *cmd):
        self.child.stdin.write(" ".join(str(c) for c in cmd) + "\n")
        self.child.stdin.flush()
        assert self.child.stdout.readline().split() == ["done", cmd[0]], self.child.stderr.read()

    def kill(self):
        self.child.kill()
        self.child.wait()


@pytest.fixture
def publisher(python_child, stream_path):
    started = []

    def start(path=None, port=0):
        p = Publisher(python_child, path or stream_path("pub"), port)
        started.append(p)
        return p

    yield start
    for p in started:
        if p.child.poll() is None:
            p.child.stdin.close()
            try:
                p.child.wait(CAP)
            except subprocess.TimeoutExpired:
                p.kill()


@pytest.fixture
def in_tmp():
    """Paths a subscriber makes in /tmp by itself (/tmp/NAME.im.shm), removed."""
    made = []
    yield made
    for path in made:
        try:
            dao.unlink(path)
        except FileNotFoundError:
            pass


def test_publisher_serves_its_own_stream_on_loopback_by_default(publisher):
    pub = publisher()
    assert pub.endpoint.startswith("tcp://127.0.0.1:")  # this machine only, unless pubHost
    (entry,) = dao.remote_list(pub.endpoint)
    assert entry["shape"] == (4, 6) and entry["dtype"] == np.uint16 and entry["valid"]


def test_remote_reader_in_daos_style(publisher):
    pub = publisher()
    name = dao.remote_list(pub.endpoint)[0]["name"]
    with dao.remote(f"{pub.endpoint}/{name}") as r:
        first = r.get_data()                          # waits for the first frame
        assert first.shape == (4, 6) and first.dtype == np.uint16 and not first.any()
        assert r.state == "live"
        assert r.get_keywords() == {"EXPTIME": (5, "ms")}
        assert r.get_keyword("EXPTIME") == 5
        for k in (3, 4):
            pub.do("write", k)
            got = r.get_data(check=True, timeout=CAP)  # the next frame
            assert got is not None and (got == k).all()
        assert r.get_counter() == 3                   # creation, then two writes
        assert abs((r.get_timestamp() - __import__("datetime").datetime.now()).total_seconds()) < 3600
        md = r.get_meta_data()
        assert md["cnt0"] == 3 and md["naxis"] == 2 and md["name"] == name
        assert repr(r).startswith("<dao.remote ")


def test_timeout_returns_none_and_logs(publisher, caplog):
    pub = publisher()
    name = dao.remote_list(pub.endpoint)[0]["name"]
    r = dao.remote(f"{pub.endpoint}/{name}")
    r.get_data()
    with caplog.at_level(logging.INFO, logger="dao"):
        assert r.get_data(True, True, 0, 0.3) is None   # check, reform, semNb, timeout
    assert "Timeout waiting for a frame" in caplog.text
    r.close()
    with pytest.raises(ValueError):
        r.get_data()
    r.close()  # twice is fine


def test_frames_counts_what_the_reader_did_not_get(publisher):
    pub = publisher()
    name = dao.remote_list(pub.endpoint)[0]["name"]
    r = dao.remote(f"{pub.endpoint}/{name}")
    r.get_data()
    it = r.frames(timeout=CAP)
    pub.do("write", 1)
    f = next(it)
    assert (f.data == 1).all() and f.counter == 2
    # Three frames while the reader does not ask: the next it gets is the
    # newest (counter 5), and `missed` counts the two it did not get.
    for k in (2, 3, 4):
        pub.do("write", k)
    f = next(it)
    assert (f.data == 4).all() and f.counter == 5 and f.missed == 2
    r.close()


def test_reads_a_daoctl_serve_exactly(stream_path):
    daoctl = os.environ.get("DAOCTL")
    if not daoctl:
        pytest.skip("DAOCTL not set (daoctl not built)")
    rng = np.random.default_rng(14)
    paths = {}
    for dtype in (np.uint8, np.int8, np.uint16, np.int16, np.uint32, np.int32, np.uint64,
                  np.int64, np.float32, np.float64, np.complex64, np.complex128):
        shape = (3, 5, 2) if np.dtype(dtype).itemsize == 4 else (7, 3)
        raw = rng.integers(0, 256, np.prod(shape) * np.dtype(dtype).itemsize, np.uint8)
        data = raw.view(dtype).reshape(shape)        # every bit pattern: NaNs, -0, inf …
        path = stream_path(np.dtype(dtype).name)
        dao.shm(path, data).close()
        paths[stem(path)] = data
    server = subprocess.Popen([daoctl, "serve", "--bind", "tcp://127.0.0.1:0",
                               os.path.dirname(path)], stdout=subprocess.PIPE, text=True)
    try:
        endpoint = server.stdout.readline().split()[-1]
        assert endpoint.startswith("tcp://127.0.0.1:")
        until(lambda: len(dao.remote_list(endpoint)) == len(paths), "every stream offered")
        for name, data in paths.items():
            with dao.remote(f"{endpoint}/{name}") as r:
                got = r.get_data(timeout=CAP)
                assert got.dtype == data.dtype and got.shape == data.shape
                assert got.tobytes() == data.tobytes(), name
    finally:
        server.kill()
        server.wait()


def test_states_through_a_server_killed_and_restarted(publisher, stream_path):
    path = stream_path("pub")
    pub = publisher(path)
    url = f"{pub.endpoint}/{stem(path)}"
    r = dao.remote(url)
    r.get_data()
    pub.kill()
    seen = set()

    def state_is(wanted):
        r.get_data(check=True, timeout=0.2)
        seen.add(r.state)
        return r.state == wanted

    until(lambda: state_is("disconnected"), "disconnected")
    until(lambda: state_is("reconnecting"), "reconnecting")
    port = int(pub.endpoint.rsplit(":", 1)[1])
    pub2 = publisher(path, port)                # the stream is made again there
    pub2.do("write", 9)

    def nine():
        got = r.get_data(check=True, timeout=1.0)
        return got is not None and (got == 9).all()

    until(nine, "the frame written after the restart")
    assert r.state == "live"
    r.close()


def test_a_remote_error_is_a_stream_error():
    with pytest.raises(dao.StreamError) as e:
        dao.remote("tcp://localhost:99999/cam")
    assert e.value.code_name == "DAO_REMOTE_E_BAD_URL"
    with pytest.raises(dao.StreamError) as e:
        dao.remote("tcp://localhost:5556/no/such")
    assert e.value.code_name == "DAO_REMOTE_E_BAD_NAME"
    with pytest.raises(TimeoutError):
        dao.remote_list("tcp://127.0.0.1:1", timeout=0.5)
    with pytest.raises(TypeError):
        dao.shm()                               # no path, and no subscriber asked for


# ---- subscribers --------------------------------------------------------------

def test_subscriber_mirrors_into_its_own_stream(publisher, stream_path):
    pub = publisher()
    port = int(pub.endpoint.rsplit(":", 1)[1])
    local = stream_path("copy")
    r = dao.shm(local, subPort=port, subHost="127.0.0.1")   # made from the first frame
    assert r.shape == (4, 6) and r.dtype == np.uint16
    assert r.get_keywords() == {"EXPTIME": (5, "ms")}
    r.subEnable = True
    r.subThread.start()
    for k in (1, 2, 3):
        pub.do("write", k)
        until(lambda: (r.get_data() == k).all(), f"frame {k} mirrored")
    # Paused: a frame written meanwhile is not mirrored (the thread reads
    # subEnable after the frame arrives, and the frame comes after it was
    # cleared, so this cannot fail spuriously); resumed: it is.
    r.subEnable = False
    pub.do("write", 4)
    time.sleep(0.5)
    assert (r.get_data() == 3).all()
    r.subEnable = True
    until(lambda: (r.get_data() == 4).all(), "frame 4 after resuming")
    # Re-created on the publisher's side: the local file follows, this
    # handle's next wait says so, reopen() attaches to the new shape.
    pub.do("recreate")

    def recreated():
        try:
            r.get_data(check=True, timeout=0.1)
        except dao.StreamRecreated:
            return True
        return False

    until(recreated, "StreamRecreated on the local mirror")
    r.reopen()
    assert r.shape == (2, 3) and r.dtype == np.float32
    assert (r.get_data() == 2.5).all()
    thread = r.subThread
    r.close()                                   # stops the thread
    assert not thread.is_alive()


def test_subscriber_in_daos_documented_form(publisher, stream_path, in_tmp):
    """r = shm(subPort=..., subHost=...): no fname; the local stream is
    /tmp/NAME.im.shm, made from the first frame."""
    pub = publisher()
    name = dao.remote_list(pub.endpoint)[0]["name"]
    port = int(pub.endpoint.rsplit(":", 1)[1])
    in_tmp.append(f"/tmp/{name}.im.shm")
    r = dao.shm(subPort=port, subHost="127.0.0.1")
    assert r.path == f"/tmp/{name}.im.shm" and r.shape == (4, 6)
    r.subEnable = True
    r.subThread.start()
    pub.do("write", 6)
    until(lambda: (r.get_data() == 6).all(), "frame mirrored")
    # Another process reads the mirror as a normal stream.
    out = subprocess.run([sys.executable, "-c", "import sys, dao; print(dao.shm(sys.argv[1])"
                          ".get_data().max())", r.path], capture_output=True, text=True,
                         timeout=CAP, env=dict(os.environ))
    assert out.stdout.strip() == "6", out.stderr
    r.close()


def test_subscriber_never_replaces_a_live_stream(stream_path, in_tmp):
    """On one machine, DAO's fname-less form would name the source itself:
    refused, not overwritten."""
    name = stem(stream_path("src"))
    source = f"/tmp/{name}.im.shm"
    in_tmp.append(source)
    s = dao.shm(source, np.arange(6, dtype=np.int32), pubPort=0)
    s.pubEnable = True
    s.pubThread.start()
    port = int(s.pubThread.endpoint.rsplit(":", 1)[1])
    with pytest.raises(FileExistsError):
        dao.shm(subPort=port, subHost="127.0.0.1")
    assert (s.get_data() == np.arange(6)).all()    # untouched
    s.close()


def test_subscriber_without_a_server_times_out(monkeypatch):
    monkeypatch.setattr(dao._remote, "FIRST_FRAME_TIMEOUT", 0.5)
    with pytest.raises(TimeoutError):
        dao.shm(subPort=1, subHost="127.0.0.1")


def test_a_port_in_use_is_an_error_of_start(publisher, stream_path):
    pub = publisher()
    port = int(pub.endpoint.rsplit(":", 1)[1])
    s = dao.shm(stream_path("two"), np.zeros(3, np.uint8), pubPort=port)
    s.pubEnable = True
    with pytest.raises(OSError):
        s.pubThread.start()
    s.close()
    # Started twice: refused before binding again, as threading does.
    t = dao.shm(stream_path("three"), np.zeros(3, np.uint8), pubPort=0)
    t.pubThread.start()
    with pytest.raises(RuntimeError):
        t.pubThread.start()
    t.close()
    assert not t.pubThread.is_alive()


# ---- Ctrl-C ---------------------------------------------------------------------

WAITER = r"""
import signal, sys, time
import dao
signal.signal(signal.SIGINT, signal.default_int_handler)  # even if meson ignores SIGINT
kind, where = sys.argv[1], sys.argv[2]
try:
    if kind == "get_data":
        r = dao.remote(where)
        print("waiting", flush=True)
        r.get_data(check=True)                 # for ever: nobody answers
    elif kind == "list":
        print("waiting", flush=True)
        dao.remote_list(where, timeout=600)
    elif kind == "subscriber":
        dao._remote.FIRST_FRAME_TIMEOUT = 600
        print("waiting", flush=True)
        dao.shm(subPort=int(where), subHost="127.0.0.1")
    print("returned", flush=True)
except KeyboardInterrupt:
    print("interrupted", flush=True)
"""


@pytest.mark.parametrize("kind", ["get_data", "list", "subscriber"])
def test_ctrl_c_interrupts_every_wait(python_child, kind):
    # A listening socket that never speaks: connections are made, no answer comes.
    import socket
    with socket.socket() as quiet:
        quiet.bind(("127.0.0.1", 0))
        quiet.listen()
        port = quiet.getsockname()[1]
        where = {"get_data": f"tcp://127.0.0.1:{port}/cam", "list": f"tcp://127.0.0.1:{port}",
                 "subscriber": str(port)}[kind]
        child = python_child(WAITER, kind, where)
        assert child.stdout.readline() == "waiting\n", child.stderr.read()
        time.sleep(0.3)  # let it block
        assert child.poll() is None
        child.send_signal(signal.SIGINT)
        assert child.stdout.readline() == "interrupted\n", child.stderr.read()
        assert child.wait(CAP) == 0


# ---- never pickle ---------------------------------------------------------------

class _Zmq:
    """The few libzmq calls a fake DAO publisher needs, through ctypes (the
    test needs no pyzmq)."""
    PUB, ROUTER, SNDMORE, LINGER, RCVTIMEO = 1, 6, 2, 17, 27

    def __init__(self):
        name = ctypes.util.find_library("zmq") or "libzmq.so.5"
        self.lib = ctypes.CDLL(name)
        self.lib.zmq_ctx_new.restype = ctypes.c_void_p
        self.lib.zmq_socket.restype = ctypes.c_void_p
        self.lib.zmq_socket.argtypes = [ctypes.c_void_p, ctypes.c_int]
        for f in ("zmq_bind", "zmq_close", "zmq_ctx_term", "zmq_send", "zmq_recv",
                  "zmq_setsockopt"):
            getattr(self.lib, f).restype = ctypes.c_int
        self.lib.zmq_bind.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
        self.lib.zmq_close.argtypes = [ctypes.c_void_p]
        self.lib.zmq_ctx_term.argtypes = [ctypes.c_void_p]
        self.lib.zmq_send.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int]
        self.lib.zmq_recv.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int]
        self.lib.zmq_setsockopt.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p,
                                            ctypes.c_size_t]
        self.ctx = self.lib.zmq_ctx_new()

    def socket(self, kind, endpoint):
        s = self.lib.zmq_socket(self.ctx, kind)
        for opt, value in ((self.LINGER, 0), (self.RCVTIMEO, 100)):
            v = ctypes.c_int(value)
            self.lib.zmq_setsockopt(s, opt, ctypes.byref(v), ctypes.sizeof(v))
        assert self.lib.zmq_bind(s, endpoint.encode()) == 0
        return s

    def send(self, s, parts):
        for i, p in enumerate(parts):
            self.lib.zmq_send(s, p, len(p), self.SNDMORE if i < len(parts) - 1 else 0)

    def recv(self, s):
        buf = ctypes.create_string_buffer(4096)
        n = self.lib.zmq_recv(s, buf, len(buf), 0)
        return None if n < 0 else buf.raw[:n]

    def close(self, s):
        self.lib.zmq_close(s)


class _Payload:
    """Unpickling this would create `marker`: the proof that nothing did."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _pickle_peer(kind, marker, step):
    """A ZeroMQ peer of socket `kind` on a free loopback port whose thread
    calls step(zmq, socket, pickled payload) until the block ends."""
    zmq = _Zmq()
    port = _free_port()
    sock = zmq.socket(kind, f"tcp://127.0.0.1:{port}")
    blob = pickle.dumps(_Payload(str(marker)))
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            step(zmq, sock, blob)

    t = threading.Thread(target=loop)
    t.start()
    try:
        yield port
    finally:
        stop.set()
        t.join()
        zmq.close(sock)


def _publish_like_dao(zmq, sock, blob):
    zmq.send(sock, [b"frameData", blob])
    time.sleep(0.01)


def _answer_with_pickle(zmq, sock, blob):
    identity = zmq.recv(sock)
    if identity is not None:
        zmq.recv(sock)                        # the request
        zmq.send(sock, [identity, blob])


def test_a_dao_pickle_publisher_cannot_feed_a_dao_subscriber(tmp_path, monkeypatch):
    """An existing DAO publisher: PUB socket, [b'frameData', pickle]. dao
    speaks another protocol and never unpickles: the subscriber gets
    nothing, and the payload never runs."""
    marker = tmp_path / "unpickled"
    with _pickle_peer(_Zmq.PUB, marker, _publish_like_dao) as port:
        monkeypatch.setattr(dao._remote, "FIRST_FRAME_TIMEOUT", 1.0)
        with pytest.raises(TimeoutError):
            dao.shm(str(tmp_path / "copy.im.shm"), subPort=port, subHost="127.0.0.1")
        r = dao.remote(f"tcp://127.0.0.1:{port}/cam")
        assert r.get_data(check=True, timeout=1.0) is None
        assert r.state == "connecting"
        r.close()
    assert not marker.exists()


def test_a_server_answering_with_a_pickle_is_refused(tmp_path):
    """A peer that speaks the right socket type but answers a frame request
    with a pickle: refused as not dao's format, never unpickled."""
    marker = tmp_path / "unpickled"
    with _pickle_peer(_Zmq.ROUTER, marker, _answer_with_pickle) as port:
        r = dao.remote(f"tcp://127.0.0.1:{port}/cam")
        until(lambda: r.get_data(check=True, timeout=0.2) is None and r.state == "invalid",
              "the pickle refused")
        assert r.error[1] == "DAO_REMOTE_E_BAD_MAGIC"
        r.close()
    assert not marker.exists()
    # The payload is live: unpickled, it does make its file.
    proof = tmp_path / "proof"
    pickle.loads(pickle.dumps(_Payload(str(proof)))).close()
    assert proof.exists()


# ---- another network stack ------------------------------------------------------

SUBSCRIBER = r"""
import sys
import dao
r = dao.shm(subPort=int(sys.argv[2]), subHost=sys.argv[1])   # DAO's form: /tmp/NAME.im.shm
r.subEnable = True
r.subThread.start()
print("subscribed", r.path, r.shape, flush=True)
import time
end = time.monotonic() + 60
while time.monotonic() < end:
    if r.get_data().max() == 8:
        print("mirrored 8", flush=True)
        break
    time.sleep(0.02)
r.close()
"""


def test_across_two_network_namespaces(python_child, stream_path):
    """The publisher in one network namespace, the subscriber in another
    with its own /tmp and /dev/shm (as on another machine), joined by a veth
    pair. Root and `ip netns` only."""
    if os.geteuid() != 0 or not shutil.which("ip") or not shutil.which("unshare"):
        pytest.skip("needs root, ip and unshare")
    tag = f"{os.getpid() % 100000}"
    a, b = f"daoPyA{tag}", f"daoPyB{tag}"
    va, vb = f"dpa{tag}", f"dpb{tag}"
    net = f"10.{200 + os.getpid() % 50}.{os.getpid() % 250}"
    made = []

    def ip(*args):
        subprocess.run(["ip", *args], check=True, capture_output=True)

    try:
        for ns in (a, b):
            ip("netns", "add", ns)
            made.append(ns)
        ip("link", "add", va, "type", "veth", "peer", "name", vb)
        ip("link", "set", va, "netns", a)
        ip("link", "set", vb, "netns", b)
        ip("-n", a, "addr", "add", f"{net}.1/30", "dev", va)
        ip("-n", b, "addr", "add", f"{net}.2/30", "dev", vb)
        for ns, dev in ((a, va), (b, vb)):
            ip("-n", ns, "link", "set", dev, "up")
            ip("-n", ns, "link", "set", "lo", "up")
    except subprocess.CalledProcessError as e:
        for ns in made:
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)
        pytest.skip(f"cannot make network namespaces here: {e.stderr}")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    try:
        path = stream_path("far")
        pub_code = PUBLISHER.replace("pubPort=port)", "pubPort=port, pubHost=sys.argv[3])")
        pub = subprocess.Popen(["ip", "netns", "exec", a, sys.executable, "-c", pub_code, path,
                                "5555", f"{net}.1"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        line = pub.stdout.readline().split()
        assert line == ["serving", f"tcp://{net}.1:5555"], pub.stderr.read()
        # Its own /tmp and /dev/shm, as on another machine, still seeing the build.
        keep = sys.path + [dao.__file__] + os.environ.get("LD_LIBRARY_PATH", "").split(os.pathsep)
        subscriber = private_tmp.command([sys.executable, "-c", SUBSCRIBER, f"{net}.1", "5555"],
                                         keep=keep)
        sub = subprocess.Popen(["ip", "netns", "exec", b, *subscriber], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env)
        line = sub.stdout.readline().split()
        assert line[:2] == ["subscribed", f"/tmp/{stem(path)}.im.shm"], sub.stderr.read()
        pub.stdin.write("write 8\n")
        pub.stdin.flush()
        assert sub.stdout.readline() == "mirrored 8\n", sub.stderr.read()
        assert sub.wait(CAP) == 0
        pub.stdin.close()
        assert pub.wait(CAP) == 0, pub.stderr.read()
        # The subscriber's /tmp was its own: nothing of it is here.
        assert not os.path.exists(f"/tmp/{stem(path)}.im.shm")
    finally:
        for ns in made:
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)
