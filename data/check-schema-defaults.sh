#!/bin/sh
# Read every key of daoview's schema through GSettings, from the schema
# compiled in the build tree, and compare with the documented defaults.
# Usage: check-schema-defaults.sh GSETTINGS   (GSETTINGS_SCHEMA_DIR set by meson)
set -u
gsettings=$1
schema=io.github.daoproject.Daoview
failed=0

expect() {
    got=$("$gsettings" get "$schema" "$1" 2>&1)
    if [ "$got" != "$2" ]; then
        echo "FAIL: $1 is <$got>, expected <$2>"
        failed=1
    else
        echo "ok: $1 = $got"
    fi
}

expect colormap "'grey'"
expect scale "'linear'"
expect level-mode "'minmax'"
expect level-policy "'follow'"
expect percentile-low 0.5
expect percentile-high 99.5
expect max-fps 60
expect complex-part "'amplitude'"
expect window-width 900
expect window-height 700
expect show-colorbar true
expect manual-low 0.0
expect manual-high 1.0
expect auto-level-mode "'minmax'"
expect psf-lambda-over-d 0.0
expect psf-obstruction 0.0
expect psf-ee-radius 0.0
expect reticle "'off'"
expect overlay-circles "''"
expect show-circles false
expect show-region true
expect vector-view "'plot'"
expect strip-chart-seconds 10.0
expect link-zoom true

# The enums and the range are enforced, not just documented.
if "$gsettings" set "$schema" colormap rainbow 2>/dev/null; then
    echo "FAIL: colormap accepted a value outside its choices"
    failed=1
fi
if "$gsettings" set "$schema" max-fps 0 2>/dev/null; then
    echo "FAIL: max-fps accepted 0"
    failed=1
fi
range=$("$gsettings" range "$schema" max-fps)
[ "$range" = "range i 1 240" ] || { echo "FAIL: max-fps range is <$range>"; failed=1; }

exit $failed
