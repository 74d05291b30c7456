#!/bin/sh
# Re-take the README's screenshots (data/screenshots/*.png; daoview.png is
# also the AppStream metainfo's) from a build directory, on a virtual X
# screen with the pixel-exact cairo renderer:
#   daoview.png     the demo stream, inferno, the analysis panel on a rectangle
#   instrument.png  the demo with a dark (named in the header), the reticle on
#                   the centroid, circles, and the spot's figures in the panel
#   states.png      a grid of two streams, one whose writer was killed
# Usage: data/screenshots/update.sh [BUILD_DIR]   (default: build)
set -eu
build=$(cd "${1:-build}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${DAOVIEW_SCREENSHOTS_INSIDE:-}" ]; then
  DAOVIEW_SCREENSHOTS_INSIDE=1 exec xvfb-run -a -s "-screen 0 1280x900x24" "$0" "$build"
fi
export GSK_RENDERER=cairo GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" GTK_A11Y=none
daoview="$build/viewer/daoview"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$daoview" --demo --colormap=inferno --analysis --rect=64,64,191,191 \
  --frames=600 --screenshot="$here/daoview.png"

/usr/bin/python3 -c "import numpy as np; np.save('$tmp/dark.npy', np.full((256, 256), 200, np.uint16))"
"$daoview" --demo --colormap=inferno --analysis --dark="$tmp/dark.npy" --reticle=centroid \
  --circles=5,10,20 --lambda-over-d=3 --ee-radius=6 --frames=600 --screenshot="$here/instrument.png"

# A writer killed (its pane framed red), another live.
writer="$build/tests/viewer/viewer-test-writer"
a=/tmp/daoview-shot-gone-$$.im.shm b=/tmp/daoview-shot-live-$$.im.shm
"$writer" "$a" uint16 48 64 spot 50 > /dev/null & wa=$!
"$writer" "$b" float32 48 64 ramp 50 > /dev/null & wb=$!
sleep 1
kill -KILL "$wa"
"$daoview" --grid --frames=1000 --screenshot="$here/states.png" "$a" "$b"
kill "$wb"
wait 2> /dev/null || true
"$build/tools/daoctl/daoctl" rm --force "$a" "$b" > /dev/null
