#!/bin/sh
# Every FITS file the capture library writes — each type and shape, and a
# header full of awkward keywords — passes fitsverify (HEASARC's reference
# checker, independent of the cfitsio calls that wrote it) with neither
# errors nor warnings.
# Usage: check-fitsverify.sh FITSVERIFY CAPTURE-WRITER
set -u
fitsverify=$1 writer=$2
dir=$(mktemp -d "${TMPDIR:-/tmp}/daoview-fitsverify-XXXXXX")
trap 'rm -rf "$dir"' EXIT
"$writer" fits "$dir" || { echo "FAIL: the writer failed"; exit 1; }
count=0 failed=0
for f in "$dir"/*.fits; do
    count=$((count + 1))
    # The exit status is the number of errors and warnings.
    if ! "$fitsverify" -q "$f"; then
        "$fitsverify" "$f" | grep -E '\*\*\*|Error|Warning' | head -20
        failed=1
    fi
done
[ $count = 37 ] || { echo "FAIL: $count files, expected 37"; failed=1; }
exit $failed
