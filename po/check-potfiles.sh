#!/bin/sh
# POTFILES.in is the list xgettext reads: a file missing from it has its
# strings silently left untranslated. Check that the list is sorted, that
# every entry exists, and that every viewer source or UI file that marks a
# string for translation is on it.
# Usage: check-potfiles.sh SOURCE_ROOT
set -u
srcroot=$1
list="$srcroot/po/POTFILES.in"
entries=$(grep -v '^#' "$list" | sed '/^[[:space:]]*$/d')
failed=0

sorted=$(printf '%s\n' "$entries" | LC_ALL=C sort)
if [ "$entries" != "$sorted" ]; then
    echo "FAIL: POTFILES.in is not sorted; expected:"
    printf '%s\n' "$sorted"
    failed=1
fi

for f in $entries; do
    [ -f "$srcroot/$f" ] || { echo "FAIL: POTFILES.in lists $f, which does not exist"; failed=1; }
done

# _("…"), N_("…"), C_("…", NC_("…", and the plural calls in C; translatable
# properties in GtkBuilder files.
marked=$(cd "$srcroot" && grep -rlE \
    -e '(^|[^A-Za-z0-9_])(N|C|NC)?_ ?\("' \
    -e 'gettext ?\([^;]*"' \
    -e 'translatable="yes"' \
    --include='*.c' --include='*.h' --include='*.ui' viewer | LC_ALL=C sort)
for f in $marked; do
    if ! printf '%s\n' "$entries" | grep -qxF "$f"; then
        echo "FAIL: $f marks strings for translation but is not in POTFILES.in"
        failed=1
    fi
done

[ $failed = 0 ] && echo "ok: $(printf '%s\n' "$entries" | wc -l) files, sorted, all present, none missing"
exit $failed
