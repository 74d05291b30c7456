"""DAO shared-memory image streams, on libdao.

A stream is a memory-mapped file (e.g. /tmp/cam.im.shm) holding a header and
a 1-3 axis typed array (or a FIFO of them), plus named POSIX semaphores the
writer posts after every frame.

    import dao, numpy as np
    shm = dao.shm('/tmp/cam.im.shm', np.zeros((512, 512), np.float32))  # create
    shm.set_data(frame)                                             # publish
    reader = dao.shm('/tmp/cam.im.shm')                             # open
    img = reader.get_data(check=True, timeout=1.0)                  # next frame
    for f in reader.frames(timeout=5):                              # every new frame
        print(f.counter, f.missed, f.data.mean())
    cam = dao.remote('tcp://rtc:5556/cam')                          # another machine's
    img = cam.get_data(check=True, timeout=1.0)

Recordings (the record library's, as `daoctl record` makes them):

    rec = dao.record('/tmp/cam.im.shm', '/data/run42', seconds=10)
    frames, table = dao.read_recording(rec.files)   # or dao.Recording(paths)

dao.shm is the class of DAO's documented Python API (constructor, get_data,
the FIFO calls, status constants, pubPort/subHost publishing and mirroring
over the network), so scripts written for DAO run on it; see help(dao.shm).
dao.remote reads a stream served by another machine (help(dao.remote)). The C extension dao._core does everything that touches
the stream; this package adds the DAO signature and the idiomatic calls.
"""
from ._core import (  # noqa: F401 (re-exported)
    DEFAULT_SEMAPHORES,
    MAX_SEMAPHORES,
    PATH_MAX,
    StreamError,
    StreamRecreated,
    _Mapping,
    __version__,
    libdao_version,
    semaphore_name,
    unlink,
)
from ._frames import Frame
from ._recording import Loss, Recorder, RecorderStats, Recording, read_recording, record
from ._remote import remote, remote_list
from ._stream import (
    DAO_ERROR,
    DAO_NOTREADY,
    DAO_OVERWRITE,
    DAO_SUCCESS,
    DAO_TIMEOUT,
    shm,
)

# Documented as dao.shm, dao.Frame … (repr, help, pickling by name).
for _public in (shm, Frame, remote, remote_list,
                Recording, Recorder, RecorderStats, Loss, read_recording, record):
    _public.__module__ = __name__
del _public

__all__ = [
    "shm", "Frame", "remote", "remote_list", "StreamError", "StreamRecreated", "unlink", "semaphore_name",
    "DAO_SUCCESS", "DAO_ERROR", "DAO_TIMEOUT", "DAO_OVERWRITE", "DAO_NOTREADY",
    "DEFAULT_SEMAPHORES", "MAX_SEMAPHORES", "PATH_MAX",
    "Recording", "read_recording", "Recorder", "record", "RecorderStats", "Loss",
]
