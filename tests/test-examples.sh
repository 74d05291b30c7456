#!/bin/sh
# The README's C examples, run as written: a producer process feeding a
# consumer process through a real stream.
set -eu
producer=$1
consumer=$2
dir=$(mktemp -d /tmp/dao-example-XXXXXX)
stream="$dir/example$$.im.shm"
cleanup() {
    kill "$pid" 2>/dev/null || true
    rm -rf "$dir"
    rm -f /dev/shm/sem.example$$_sem* 
}
trap cleanup EXIT
"$producer" "$stream" 2000 500 >/dev/null &
pid=$!
# Wait for the producer to create the stream.
i=0
while [ ! -e "$stream" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
out=$("$consumer" "$stream" 3)
echo "$out"
[ "$(echo "$out" | grep -c '^frame [0-9]* on slot 9, uint16 128x128$')" -eq 3 ]
