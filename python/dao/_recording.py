"""Recordings on disk: reading them back (dao.Recording, dao.read_recording)
and making them (dao.Recorder, dao.record).

Both are the record library's (record/daorec.h), the one `daoctl record` and
daoview use: a recording made here has the same guarantees (a capture
thread and a disk thread with a RAM ring between them, every lost frame
counted in the files, each chunk complete or not there), and any recording
reads back the same way whoever made it. Only numpy is needed; the chunks
are ordinary FITS files, which astropy (if installed) opens too.
"""
import collections
import glob
import os
import time

import numpy as np

from . import _core

Loss = collections.namedtuple("Loss", "lost dropped tail")
Loss.__doc__ = """The loss account of a recording.

lost     frames missing between recorded frames (the sum of the lost column)
dropped  of those, dropped because the recorder's ring was full (the disk
         did not keep up); the rest were missed (the writer overwrote them
         before the recorder could copy them)
tail     frames published after the last recorded one, before the stop, and
         not kept
frames + lost + tail is everything the writer published while recording.
"""

TABLE_DTYPE = np.dtype([("counter", np.uint64), ("write_time_ns", np.int64),
                        ("capture_time_ns", np.int64), ("lost", np.uint64),
                        ("dropped", np.uint64)])


def _have_recordings():
    if not hasattr(_core, "_RecordingReader"):
        raise NotImplementedError("this dao was built without cfitsio: recordings need it "
                                  "(Debian: libcfitsio-dev)")


def _paths(paths):
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    paths = [os.fspath(p) for p in paths]
    if not paths:
        raise ValueError("no file to read")
    return paths


class Recording:
    """Recording(paths): a recording's chunk files, in the order given.

        rec = dao.Recording(sorted(glob.glob('/data/run42/cam-*.fits')))
        rec.shape            # (frames, ny, nx)
        frame = rec[120]     # one frame, read from the disk now
        block = rec[100:200] # a (100, ny, nx) array
        rec.counter          # the stream's counter of every frame (uint64)
        rec.write_time_ns    # and its write time, ns since 1970 (int64)
        rec.lost             # frames missing just before each one
        rec.loss             # Loss(lost, dropped, tail) of the whole recording

    `paths` is one path or a sequence of them: chunks made by daoctl record or
    dao.record() (plain or .fits.fz), or FITS cubes from elsewhere (whose
    frames get counters 1, 2 … and no times). Frames are read on demand, a
    frame or a slice at a time, so a recording larger than memory is fine;
    np.asarray(rec) (or rec.read()) reads all of it. Each read is a new
    array in the stream's own dtype and shape. The table columns are numpy
    arrays in memory; rec.table has them as one structured array.

    A context manager; close() frees the reader (the arrays stay).
    """

    def __init__(self, paths):
        _have_recordings()
        self.paths = tuple(_paths(paths))
        self._reader = _core._RecordingReader(list(self.paths))
        info = self._reader.info()
        self._frames = info["frames"]
        self.frame_shape = info["shape"]
        self.dtype = info["dtype"]
        self.stream_path = info["stream_path"]
        self.loss = Loss(*info["loss"])
        (self.counter, self.write_time_ns, self.capture_time_ns, self.lost,
         self.dropped) = self._reader.table()
        self.keywords = self._reader.keywords()

    # -- as an array -----------------------------------------------------------

    def __len__(self):
        return self._frames

    @property
    def shape(self):
        return (self._frames,) + self.frame_shape

    @property
    def ndim(self):
        return 1 + len(self.frame_shape)

    @property
    def table(self):
        """The frame table as one structured array (fields counter,
        write_time_ns, capture_time_ns, lost, dropped)."""
        t = np.empty(self._frames, TABLE_DTYPE)
        for name in TABLE_DTYPE.names:
            t[name] = getattr(self, name)
        return t

    def read(self, start=0, stop=None):
        """Frames [start, stop) as one (n, *frame_shape) array (all by default)."""
        start, stop, _ = slice(start, stop).indices(self._frames)
        return self._reader.read(start, max(stop - start, 0))

    def __getitem__(self, key):
        rest = ()
        if isinstance(key, tuple):
            key, rest = (key[0], key[1:]) if key else (slice(None), ())
        if isinstance(key, slice):
            start, stop, step = key.indices(self._frames)
            if step == 1:
                out = self._reader.read(start, max(stop - start, 0))
            else:
                out = self._stack(range(start, stop, step))
        elif isinstance(key, (int, np.integer)):
            k = int(key)
            if k < 0:
                k += self._frames
            if not 0 <= k < self._frames:
                raise IndexError(f"frame {int(key)} of a recording of {self._frames}")
            out = self._reader.read(k, 1)[0]
        else:
            indexes = np.asarray(key)
            if indexes.dtype == bool:
                indexes = np.flatnonzero(indexes)
            out = self._stack(self._index(i) for i in indexes.ravel())
            out = out.reshape(indexes.shape + self.frame_shape)
        return out[rest] if rest else out

    def _index(self, i):
        k = int(i)
        if k < 0:
            k += self._frames
        if not 0 <= k < self._frames:
            raise IndexError(f"frame {int(i)} of a recording of {self._frames}")
        return k

    def _stack(self, indexes):
        indexes = list(indexes)
        out = np.empty((len(indexes),) + self.frame_shape, self.dtype)
        for j, k in enumerate(indexes):
            out[j] = self._reader.read(k, 1)[0]
        return out

    def __iter__(self):
        for k in range(self._frames):
            yield self._reader.read(k, 1)[0]

    def __array__(self, dtype=None):
        a = self.read()
        return a if dtype is None else a.astype(dtype, copy=False)

    # -- life ---------------------------------------------------------------------

    def close(self):
        self._reader.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        first = os.path.basename(self.paths[0])
        more = f" … {len(self.paths)} files" if len(self.paths) > 1 else ""
        return (f"<dao.Recording {first}{more}: {self._frames} frames of "
                f"{self.frame_shape} {self.dtype}, lost {self.loss.lost}>")


def read_recording(paths):
    """(frames, table) of a recording read whole: the frames as one
    (n, *shape) array and the table as a structured array (counter,
    write_time_ns, capture_time_ns, lost, dropped). For recordings that fit
    in memory; dao.Recording reads a frame or a slice at a time."""
    with Recording(paths) as rec:
        return rec.read(), rec.table


RecorderStats = collections.namedtuple(
    "RecorderStats",
    "state frames frames_written missed dropped torn bytes_written chunks ring_frames ring_used "
    "ring_peak polling compressed_chunks compress_input_bytes compressed_bytes error")
RecorderStats.__doc__ = """What a recorder has done so far (or in all, once finished).

state    'running', 'stopped', 'frames done' or 'failed'
frames   frames captured (all reach the disk unless it fails)
missed   frames the writer overwrote before they could be copied
dropped  frames seen but not kept: the ring was full
lost     missed + dropped (a property)
…        the rest as daorec_stats in record/daorec.h
"""
RecorderStats.lost = property(lambda s: s.missed + s.dropped)


class Recorder:
    """Recorder(path, directory, *, frames=None, chunk_frames=None,
    chunk_bytes=None, ring=None, compress=False, rt_priority=0): record the
    stream at `path` into `directory`, from the next frame it writes.

    Recording runs in the record library's own threads (as `daoctl record`),
    not in Python's: stats() tells how it goes, stop() ends it, finish()
    waits for the last chunk and returns the final RecorderStats (raising if
    a failure ended the recording: the files finished before it stay
    valid). As a context manager, leaving the block stops and finishes.

        with dao.Recorder('/tmp/cam.im.shm', '/data/run42') as rec:
            run_the_experiment()
        print(rec.stats.lost, rec.files)

    frames: stop after that many; chunk_frames / chunk_bytes: the chunk
    size (default 1 GiB of frames); ring: frames the RAM ring holds;
    compress: also write each chunk Rice-compressed as .fits.fz (integer
    streams); rt_priority: SCHED_FIFO priority of the capture thread (needs
    CAP_SYS_NICE). The directory must exist and hold no recording of this
    stream's stem (FileExistsError).
    """

    def __init__(self, path, directory, *, frames=None, chunk_frames=None, chunk_bytes=None,
                 ring=None, compress=False, rt_priority=0):
        _have_recordings()
        self.directory = os.fspath(directory)
        self._rec = _core._Recorder(path, self.directory, max_frames=frames or 0,
                                    chunk_frames=chunk_frames or 0, chunk_bytes=chunk_bytes or 0,
                                    ring_frames=ring or 0, compress=bool(compress),
                                    capture_priority=rt_priority)
        self.stem = self._rec.stem

    @property
    def stats(self):
        """RecorderStats now (the final ones after finish())."""
        return RecorderStats(**self._rec.stats())

    @property
    def files(self):
        """The finished chunk files so far, in order (.fits, or .fits.fz once
        compressed)."""
        pattern = os.path.join(glob.escape(self.directory), glob.escape(self.stem) + "-*.fits")
        found = {p: p for p in glob.glob(pattern)}
        for fz in glob.glob(pattern + ".fz"):
            found[fz[:-3]] = fz
        return [found[k] for k in sorted(found)]

    def wait(self, timeout=None):
        """Until the recording ends by itself (frames= reached, or a
        failure): True, or False after `timeout` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._rec.stats()["state"] == "running":
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(0.01)
        return True

    def stop(self):
        self._rec.stop()

    def finish(self):
        return RecorderStats(**self._rec.finish())

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._rec.stop()
        self._rec.finish()

    def __repr__(self):
        s = self.stats
        return f"<dao.Recorder {self.stem} in {self.directory}: {s.state}, {s.frames} frames, lost {s.lost}>"


def record(path, directory, *, frames=None, seconds=None, **options):
    """Record the stream at `path` into `directory` until `frames` frames or
    `seconds` seconds (at least one of them), and return the finished
    dao.Recorder (its .stats and .files). Ctrl-C stops it cleanly: the chunks
    are finished, then KeyboardInterrupt goes on. Other options as
    dao.Recorder.

        rec = dao.record('/tmp/cam.im.shm', '/data/run42', seconds=10)
        frames, table = dao.read_recording(rec.files)
    """
    if frames is None and seconds is None:
        raise ValueError("give frames, seconds or both (or use dao.Recorder)")
    rec = Recorder(path, directory, frames=frames, **options)
    try:
        rec.wait(seconds)
    finally:
        rec.stop()
        rec.finish()
    return rec
