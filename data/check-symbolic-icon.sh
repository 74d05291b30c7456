#!/bin/sh
# A symbolic icon is recoloured by GTK to match the theme: every fill and
# stroke must be the one foreground colour (#2e3436, GNOME's convention) or
# none, and no gradient, image or opacity trick may sneak a second colour in.
# Usage: check-symbolic-icon.sh ICON.svg
set -u
icon=$1
failed=0
colours=$(grep -oE '(fill|stroke|stop-color|color)[=:] *"?#?[A-Za-z0-9]+' "$icon" \
          | sed -E 's/^[a-z-]+[=:] *"?//' | sort -u)
for c in $colours; do
    case "$c" in
        '#2e3436'|none|currentColor) ;;
        *) echo "FAIL: colour $c in $icon"; failed=1 ;;
    esac
done
if grep -qE '<(linearGradient|radialGradient|image)|opacity' "$icon"; then
    echo "FAIL: gradient, image or opacity in $icon"
    failed=1
fi
[ -n "$colours" ] || { echo "FAIL: no colour found in $icon"; failed=1; }
[ $failed = 0 ] && echo "ok: $icon uses only" $colours
exit $failed
