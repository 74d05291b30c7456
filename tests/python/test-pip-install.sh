#!/usr/bin/env bash
# pip install . works offline on Debian 12 and gives an importable `dao`:
# a fresh venv on /usr/bin/python3 that sees Debian's numpy and
# meson-python (--system-site-packages), `pip install --no-build-isolation .`
# as the README says, then `import dao` from that venv with no PYTHONPATH,
# from a directory outside the source tree, and the quick-start guide's
# examples run against the installed package.
#
#   tests/python/test-pip-install.sh [SOURCE_DIR]     (run by .ci/run)
set -euo pipefail
src=$(cd "${1:-$(dirname "$0")/../..}" && pwd)
work=$(mktemp -d /tmp/dao-pip-test.XXXXXX)
trap 'rm -rf "$work"' EXIT

/usr/bin/python3 -m venv --system-site-packages "$work/venv"
# --no-index: prove that nothing is fetched (numpy and meson-python come
# from Debian's packages).
(cd "$src" && "$work/venv/bin/pip" install --no-index --no-build-isolation --quiet .)

cd "$work"
env -u PYTHONPATH -u LD_LIBRARY_PATH "$work/venv/bin/python" - "$work" <<'PY'
import os, sys
import numpy as np
import dao
venv = os.path.join(sys.argv[1], "venv")
assert dao.__file__.startswith(venv), f"dao imported from {dao.__file__}, not the venv"
assert dao._core.__file__.startswith(venv), dao._core.__file__
path = os.path.join(sys.argv[1], f"pip{os.getpid()}.im.shm")
w = dao.shm(path, np.arange(12, dtype=np.uint16).reshape(3, 4), 2, depth=4)
r = dao.shm(path)
w.set_data(np.ones((3, 4), np.uint16))
assert (r.get_data(check=True, semNb=1, timeout=10) == 1).all()
assert r.get_counter() == 2 and r.fifo_depth == 4
r.close()
# Recordings, where cfitsio was found (it is on the CI machine).
out = os.path.join(sys.argv[1], "rec")
os.mkdir(out)
rec = dao.Recorder(path, out)
for k in range(3):
    w.set_data(np.full((3, 4), k, np.uint16))
    while rec.stats.frames < k + 1:
        pass
rec.stop(); rec.finish()
assert [int(f[0, 0]) for f in dao.Recording(rec.files)] == [0, 1, 2]
w.close(); dao.unlink(path)
print(f"import dao from {os.path.dirname(dao.__file__)}: ok (libdao {dao.libdao_version}, recordings)")
# Streams across machines, where the build found libzmq and liblz4: the
# wheel's extension reaches them (a publisher and a reader over loopback).
if hasattr(dao._core, "Remote"):
    s = dao.shm(path, np.arange(5, dtype=np.int32), pubPort=0)
    s.pubEnable = True
    s.pubThread.start()
    with dao.remote(f"{s.pubThread.endpoint}/{os.path.basename(path).split('.')[0]}") as r:
        assert (r.get_data(timeout=10) == np.arange(5)).all()
    s.close(); dao.unlink(path)
    print("dao.remote from the installed package: ok")
PY

# The guide's examples, as written, on the installed package (they skip
# with 77 where private mounts are not allowed; that is no failure here).
rc=0
env -u PYTHONPATH -u LD_LIBRARY_PATH "$work/venv/bin/python" \
  "$src/tests/python/run_doc_examples.py" "$src/docs/quick_start_guide.rst" > "$work/guide.log" 2>&1 || rc=$?
if [[ $rc -ne 0 && $rc -ne 77 ]]; then
  cat "$work/guide.log"
  echo "the guide's examples failed against the pip-installed package" >&2
  exit 1
fi
tail -1 "$work/guide.log"
