"""Shared fixtures for the tests of the `dao` Python module.

The module is imported from the build tree: meson runs these tests with
PYTHONPATH=<builddir>/python. Every stream gets a unique stem (pid + counter),
so its semaphore names in /dev/shm clash with no other process, and is
removed with its semaphores at the end of the test.
"""
import itertools
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

import dao

_counter = itertools.count()


class StreamPaths:
    """Hands out unique stream paths in a private directory; cleans up."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="dao-py-test-")
        self.paths = []

    def __call__(self, tag="s"):
        path = os.path.join(self.dir, f"py{os.getpid()}{tag}{next(_counter)}.im.shm")
        self.paths.append(path)
        return path

    def cleanup(self):
        for path in self.paths:
            try:
                dao.unlink(path)
            except FileNotFoundError:
                # The file may be gone while its semaphores are not.
                for slot in list(range(dao.MAX_SEMAPHORES)) + [-1]:
                    name = "/dev/shm/sem." + dao.semaphore_name(path, slot)[1:]
                    if os.path.exists(name):
                        os.unlink(name)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def stream_path():
    paths = StreamPaths()
    yield paths
    paths.cleanup()


@pytest.fixture
def legacy_writer():
    """Path of tests/peers/dao-legacy-writer: a writer made from the byte
    contract that behaves as the existing DAO library (in-place re-creation,
    the format's exact write order, FIFO)."""
    path = os.environ.get("DAO_LEGACY_WRITER")
    if not path or not os.access(path, os.X_OK):
        pytest.fail("DAO_LEGACY_WRITER does not name tests/peers/dao-legacy-writer "
                    "(run through meson test)")
    return path


@pytest.fixture
def peer():
    """Path of the C peer program (tests/python/dao-py-peer.c)."""
    path = os.environ.get("DAO_PY_PEER")
    if not path or not os.access(path, os.X_OK):
        pytest.fail("DAO_PY_PEER does not name the built dao-py-peer (run through meson test)")
    return path


def spawn_python(code, *args, **kwargs):
    """Run `code` in a new Python process that imports the same dao module."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


@pytest.fixture
def python_child():
    children = []

    def start(code, *args, **kwargs):
        child = spawn_python(code, *args, **kwargs)
        children.append(child)
        return child

    yield start
    for child in children:
        if child.poll() is None:
            child.kill()
        child.wait()
