#!/bin/sh
# The README's C examples, run as written: a producer process feeding a
# consumer process through a real stream — started in either order, and
# again over the stream a first producer left behind (what re-running the
# README's block does).
set -eu
producer=$1
consumer=$2
dir=$(mktemp -d /tmp/dao-example-XXXXXX)
stream="$dir/example$$.im.shm"
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    rm -rf "$dir"
    rm -f /dev/shm/sem.example$$_sem* /dev/shm/sem.quiet$$_sem*
}
trap cleanup EXIT

# Three whole frames on slot 9 from a live writer: the counter moves. (A
# slow consumer may be woken twice for one frame, and a post the first
# producer left wakes it once for that producer's last frame; one that
# reads the dead file sees the same counter every time.)
check() {
    echo "$1"
    [ "$(echo "$1" | grep -c '^frame [0-9]* on slot 9, uint16 128x128$')" -eq 3 ] || return 1
    [ "$(echo "$1" | awk '{ print $2 }' | sort -u | wc -l)" -ge 2 ]
}

echo "consumer first: it waits for the file"
"$consumer" "$stream" 3 > "$dir/out" &
cpid=$!
sleep 0.5
"$producer" "$stream" 2000 500 > /dev/null &
pid=$!
wait "$cpid"
check "$(cat "$dir/out")"
kill "$pid"
wait "$pid" || true

echo "again, over the stream the first producer left: the consumer follows the new one"
"$producer" "$stream" 50 500 > /dev/null
"$consumer" "$stream" 3 > "$dir/out" &
cpid=$!
sleep 1 # it has the old file open and waits on its semaphore
"$producer" "$stream" 2000 500 > /dev/null &
pid=$!
wait "$cpid"
check "$(cat "$dir/out")"

echo "the producer alone says nothing on stderr: its RATE keyword has an entry"
"$producer" "$dir/quiet$$.im.shm" 5 500 > /dev/null 2> "$dir/err"
cat "$dir/err"
[ ! -s "$dir/err" ]
