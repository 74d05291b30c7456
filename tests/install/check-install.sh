#!/usr/bin/env bash
# What a `meson install` into PREFIX gives, used as a user would, with no
# LD_LIBRARY_PATH and no PYTHONPATH: both programs and their man pages, the
# header under include/dao/, a C program built with pkg-config, and
# `import dao` in Debian's /usr/bin/python3 (installed, as the README's
# install section does, into the user's site directory). Every program must
# load libdao.so.0 from PREFIX itself, not from a build tree.
#
#   check-install.sh PREFIX     (run from the repository root by .ci/run)
set -euo pipefail
prefix=$1
unset LD_LIBRARY_PATH PYTHONPATH
fail() { echo "FAIL: $*" >&2; exit 1; }

libdao=$(find "$prefix" -name 'libdao.so.0' | head -n 1)
[[ -n $libdao ]] || fail "no libdao.so.0 under $prefix"
libdir=$(dirname "$libdao")

for program in daoview daoctl; do
  exe=$prefix/bin/$program
  [[ -x $exe ]] || fail "$exe is not installed"
  loaded=$(ldd "$exe" | awk '$1 == "libdao.so.0" { print $3 }')
  [[ $loaded == "$libdao" ]] || fail "$program loads libdao from '$loaded', not $libdao"
  [[ -f $prefix/share/man/man1/$program.1 ]] || fail "no man page $program.1"
  MANPATH=$prefix/share/man man -w "$program" | grep -qx "$prefix/share/man/man1/$program.1" \
    || fail "man does not find $program(1) under $prefix/share/man"
done
"$prefix/bin/daoview" --version
"$prefix/bin/daoctl" --help > /dev/null
echo "ok: daoview --version and daoctl --help run from $prefix/bin"

[[ -f $prefix/include/dao/dao.h && ! -e $prefix/include/dao.h ]] \
  || fail "dao.h is not installed as include/dao/dao.h (alone)"
export PKG_CONFIG_PATH=$libdir/pkgconfig
work=$(mktemp -d /tmp/dao-install-check-XXXXXX)
trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2046 # pkg-config's output is meant to be split
cc -std=c11 -Wall -Werror tests/subproject/dao-consumer-check.c -o "$work/consumer" \
  $(pkg-config --cflags --libs libdao) -Wl,-rpath,"$(pkg-config --variable=libdir libdao)"
"$work/consumer"

module=$(/usr/bin/python3 -c 'import dao, os; print(os.path.realpath(dao.__file__))')
case $module in
  "$prefix"/*|"$(/usr/bin/python3 -m site --user-site)"/*) ;;
  *) fail "import dao found $module, not the installed module" ;;
esac
/usr/bin/python3 - <<'PY'
import os, tempfile
import numpy as np
import dao
with tempfile.TemporaryDirectory(prefix="dao-install-py-") as d:
    path = os.path.join(d, "py%d.im.shm" % os.getpid())
    shm = dao.shm(path, np.arange(12, dtype=np.uint16).reshape(3, 4))
    assert (dao.shm(path).get_data() == np.arange(12).reshape(3, 4)).all()
    shm.close()
    dao.unlink(path)
print("ok: import dao from", dao.__file__)
PY
