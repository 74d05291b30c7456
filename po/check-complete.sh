#!/bin/sh
# Extract the strings of every file in POTFILES.in, as `daoview-pot` does
# (glib preset), and check that each language translates all of them:
# msgcmp counts untranslated and fuzzy entries as missing.
# Usage: check-complete.sh XGETTEXT MSGCMP SOURCE_ROOT BUILD_PO_DIR LANG...
set -eu
xgettext=$1 msgcmp=$2 srcroot=$3 builddir=$4
shift 4
pot="$builddir/daoview-check.pot"

"$xgettext" --package-name=daoview -f "$srcroot/po/POTFILES.in" -D "$srcroot" \
    -o "$pot" --from-code=UTF-8 --add-comments \
    -k_ -kN_ -kC_:1c,2 -kNC_:1c,2 -kg_dcgettext:2 -kg_dngettext:2,3 -kg_dpgettext2:2c,3

[ -s "$pot" ] || { echo "xgettext produced no template"; exit 1; }

failed=0
for lang in "$@"; do
    if "$msgcmp" "$srcroot/po/$lang.po" "$pot"; then
        echo "ok: $lang translates every string"
    else
        echo "FAIL: $lang.po lacks the translations above"
        failed=1
    fi
done
exit $failed
