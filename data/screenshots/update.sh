#!/bin/sh
# Re-take data/screenshots/daoview.png (README, AppStream metainfo) from a
# build directory: the demo stream, inferno, the analysis panel on a
# rectangle, on a virtual X screen with the pixel-exact cairo renderer.
# Usage: data/screenshots/update.sh [BUILD_DIR]   (default: build)
set -eu
build=${1:-build}
here=$(dirname "$0")
exec xvfb-run -a -s "-screen 0 1280x900x24" \
  env GSK_RENDERER=cairo GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" \
  "$build/viewer/daoview" --demo --colormap=inferno --analysis --rect=64,64,191,191 \
  --frames=600 --screenshot="$here/daoview.png"
