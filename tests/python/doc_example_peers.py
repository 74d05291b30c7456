#!/usr/bin/env python3
"""The second process that drives the never-ending blocks of the documents
(see run_doc_examples.py). Usage: doc_example_peers.py MODE PARENT_PID ARGS

  feed PATH                write frames full of 1000, 1001, … every 20 ms
                           until terminated
  observe PATH OLD_INODE   wait for a new stream at PATH (another inode),
                           read it with check=True until a frame of value
                           >= 5, checking every frame is whole and newer;
                           then SIGUSR1 the parent. Exit 1 if a check fails.
  feed-then-stop PATH      write 5 frames full of 2000 … 2004, 100 ms
                           apart, wait 0.5 s, SIGUSR1 the parent.
"""
import os
import signal
import sys
import time

import numpy as np

import dao


def feed(path):
    shm = dao.shm(path)
    k = 0
    while True:
        shm.set_data(np.full(shm.shape, 1000 + k, shm.dtype))
        k += 1
        time.sleep(0.02)


def observe(parent, path, old_inode):
    deadline = time.monotonic() + 30
    while not os.path.exists(path) or os.stat(path).st_ino == old_inode:
        if time.monotonic() > deadline:
            print("observer: no new stream appeared", file=sys.stderr)
            os.kill(parent, signal.SIGUSR1)
            return 1
        time.sleep(0.01)
    shm = dao.shm(path)
    last = -1
    status = 0
    while True:
        frame = shm.get_data(check=True, semNb=9, timeout=10)
        if frame is None:
            print("observer: no frame for 10 s", file=sys.stderr)
            status = 1
            break
        value = int(frame.flat[0])
        if not (frame == value).all() or value <= last:
            print(f"observer: bad frame {frame} after {last}", file=sys.stderr)
            status = 1
            break
        last = value
        if value >= 5:
            break
    os.kill(parent, signal.SIGUSR1)
    return status


def feed_then_stop(parent, path):
    shm = dao.shm(path)
    for k in range(5):
        time.sleep(0.1)
        shm.set_data(np.full(shm.shape, 2000 + k, shm.dtype))
    time.sleep(0.5)
    os.kill(parent, signal.SIGUSR1)
    return 0


def main():
    mode, parent, args = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    if mode == "feed":
        signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
        return feed(args[0])
    if mode == "observe":
        return observe(parent, args[0], int(args[1]))
    if mode == "feed-then-stop":
        return feed_then_stop(parent, args[0])
    return 2


if __name__ == "__main__":
    sys.exit(main())
