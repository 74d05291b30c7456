#!/usr/bin/env bash
# A parent Meson project using dao as its subproject configures libdao and
# nothing else (no tools, viewer, Python module, data, translations or
# tests, so no GTK and no cmocka), and a program of the parent links and
# runs against it. Run from the repository root by .ci/run.
set -euo pipefail
root=$(pwd)
work=$(mktemp -d /tmp/dao-parent-XXXXXX)
trap 'rm -rf "$work"' EXIT
cp tests/subproject/meson.build tests/subproject/dao-consumer-check.c "$work"/
mkdir "$work/subprojects"
ln -s "$root" "$work/subprojects/dao"

# --force-fallback-for: the subproject even where a libdao is installed.
meson setup "$work/build" "$work" --force-fallback-for=libdao > "$work/setup.log" \
  || { cat "$work/setup.log"; exit 1; }

/usr/bin/python3 - "$work/build" <<'PY'
import json, subprocess, sys
build = sys.argv[1]
def introspect(what):
    return json.loads(subprocess.check_output(["meson", "introspect", what, build]))
failures = []
dao_targets = [(t["name"], t["type"]) for t in introspect("--targets") if t["subproject"] == "dao"]
if dao_targets != [("dao", "shared library")]:
    failures.append(f"the dao subproject configures {dao_targets}, not just libdao")
dao_tests = [t["name"] for t in introspect("--tests") if t["name"] != "consumer"]
if dao_tests:
    failures.append(f"the dao subproject adds tests: {dao_tests}")
deps = {d["name"] for d in introspect("--dependencies")}
# libdao needs threads and nothing else (what the parent itself needs
# would show here too: it needs nothing).
if deps - {"threads"}:
    failures.append(f"the dao subproject looked for {sorted(deps - {'threads'})}")
for f in failures:
    print("FAIL:", f)
print(f"dao as a subproject: targets {dao_targets}, dependencies {sorted(deps)}")
sys.exit(1 if failures else 0)
PY

meson compile -C "$work/build" > "$work/compile.log" || { cat "$work/compile.log"; exit 1; }
meson test -C "$work/build" --print-errorlogs
echo "ok: a parent project builds and runs against dao as a subproject"
