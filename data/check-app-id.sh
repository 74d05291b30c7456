#!/bin/sh
# Everything that names the application must use the one application id
# (house style): the desktop file and its Icon, the metainfo's id and
# launchable, the schema's id and path, the icon files, and — when the
# viewer is there — its GApplication id and resource path. A mismatch does
# not fail any validator, it just loses the icon or the settings.
# Usage: check-app-id.sh APP_ID SOURCE_ROOT DESKTOP_FILE METAINFO_FILE
set -u
id=$1 srcroot=$2 desktop=$3 metainfo=$4
path="/$(echo "$id" | tr . /)"
failed=0

expect() { # what, file, fixed string that must occur in it
    if grep -qF -- "$3" "$2"; then
        echo "ok: $1"
    else
        echo "FAIL: $1: no <$3> in $2"
        failed=1
    fi
}

[ "$(basename "$desktop")" = "$id.desktop" ] || { echo "FAIL: desktop file is $(basename "$desktop")"; failed=1; }
expect "desktop Icon" "$desktop" "Icon=$id"
expect "desktop Exec" "$desktop" "Exec=daoview "
expect "metainfo id" "$metainfo" "<id>$id</id>"
expect "metainfo launchable" "$metainfo" "<launchable type=\"desktop-id\">$id.desktop</launchable>"
expect "metainfo binary" "$metainfo" "<binary>daoview</binary>"
schema="$srcroot/data/$id.gschema.xml"
expect "schema id and path" "$schema" "<schema id=\"$id\" path=\"$path/\">"
for icon in "scalable/apps/$id.svg" "symbolic/apps/$id-symbolic.svg"; do
    [ -f "$srcroot/data/icons/hicolor/$icon" ] || { echo "FAIL: no icon $icon"; failed=1; }
done

# The viewer, when it is in the tree (it is written in parallel).
app_h="$srcroot/viewer/daoview-application.h"
if [ -f "$app_h" ]; then
    expect "viewer application id" "$app_h" "\"$id\""
fi
gresource="$srcroot/viewer/daoview.gresource.xml"
if [ -f "$gresource" ]; then
    expect "viewer resource path" "$gresource" "prefix=\"$path\""
fi
exit $failed
