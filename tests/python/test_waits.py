"""Blocking waits release the GIL and are interruptible by Ctrl-C, and a
wait survives the stream being closed from another thread."""
import os
import signal
import threading
import time

import numpy as np
import pytest

import dao


def test_other_threads_run_while_one_waits(stream_path):
    shm = dao.shm(stream_path(), np.zeros(2, np.uint8))
    shm.get_data(check=True)  # consume the creating post
    progress = 0
    stop = threading.Event()

    def count():
        nonlocal progress
        while not stop.is_set():
            progress += 1

    thread = threading.Thread(target=count)
    thread.start()
    try:
        before = progress
        assert shm.get_data(check=True, timeout=0.5) is None
        during = progress - before
    finally:
        stop.set()
        thread.join()
    # Holding the GIL through the wait would leave the counting thread at
    # (almost) zero; a released GIL lets it run for the whole half second.
    print(f"counting thread advanced {during} times during a 0.5 s wait")
    assert during > 1000


def test_a_thread_of_the_same_process_wakes_the_waiter(stream_path):
    shm = dao.shm(stream_path(), np.zeros(2, np.uint8))
    shm.get_data(check=True)
    writer = dao.shm(shm.path)
    thread = threading.Timer(0.1, lambda: writer.set_data(np.full(2, 4, np.uint8)))
    thread.start()
    got = shm.get_data(check=True, timeout=30)
    thread.join()
    np.testing.assert_array_equal(got, [4, 4])


def test_closing_from_another_thread_during_a_wait(stream_path):
    shm = dao.shm(stream_path(), np.zeros(2, np.uint8))
    shm.get_data(check=True)
    result = {}

    def wait():
        result["data"] = shm.get_data(check=True, timeout=30)

    waiter = threading.Thread(target=wait)
    waiter.start()
    time.sleep(0.1)
    shm.close()  # the waiter holds the mapping: nothing is unmapped under it
    dao.shm(shm.path).set_data(np.full(2, 8, np.uint8))
    waiter.join(30)
    assert not waiter.is_alive()
    np.testing.assert_array_equal(result["data"], [8, 8])
    with pytest.raises(ValueError):
        shm.get_data()


CHILD = r"""
import signal, sys, time
import dao
signal.signal(signal.SIGINT, signal.default_int_handler)  # even if meson ignores SIGINT
shm = dao.shm(sys.argv[1])
shm.get_data(check=True, semNb=2)          # the creating post
kind = sys.argv[2]
try:
    print("waiting", flush=True)
    if kind == "check":
        shm.get_data(check=True, semNb=2)
    elif kind == "check-timeout":
        shm.get_data(check=True, semNb=2, timeout=600)
    else:
        shm.get_data(spin=True)
    print("returned", flush=True)
except KeyboardInterrupt:
    print("interrupted", time.monotonic(), flush=True)
"""


@pytest.mark.parametrize("kind", ["check", "check-timeout", "spin"])
def test_ctrl_c_interrupts_a_blocked_wait(stream_path, python_child, kind):
    shm = dao.shm(stream_path(), np.zeros(2, np.uint8))
    child = python_child(CHILD, shm.path, kind)
    assert child.stdout.readline() == "waiting\n", child.stderr.read()
    time.sleep(0.3)  # let it block in the wait
    assert child.poll() is None
    sent = time.monotonic()
    child.send_signal(signal.SIGINT)
    line = child.stdout.readline().split()
    assert child.wait(30) == 0, child.stderr.read()
    assert line[0] == "interrupted"
    latency = float(line[1]) - sent
    print(f"{kind}: KeyboardInterrupt {latency * 1e3:.1f} ms after SIGINT")
    # No timing threshold (see bench_dao.py for the figure); only that it
    # came back at all, well before the 600 s timeout.
    assert latency < 30
