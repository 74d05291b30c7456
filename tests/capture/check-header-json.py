#!/usr/bin/python3
"""Parse the JSON header files capture-json-writer writes, with a strict
parser (no NaN or Infinity literals), and compare every field with what
the writer put in.

usage: check-header-json.py CAPTURE-JSON-WRITER"""
import json
import os
import subprocess
import sys
import tempfile


def strict_load(path):
    def reject(name):
        raise ValueError(f'non-standard JSON constant {name}')
    with open(path, 'rb') as f:
        raw = f.read()
    return json.loads(raw.decode('utf-8'), parse_constant=reject)  # must be valid UTF-8


FULL = {
    'format': 'daoview-frame-header/1',
    'stream': '/tmp/wfs "lab".im.shm',
    'counter': 2**64 - 1,
    'write_time_ns': 1764354612000000001,
    'write_time': '2025-11-28T18:30:12.000000001Z',
    'dtype': 'uint16',
    'shape': [3, 5],
    'keywords': [
        {'name': 'EXPTIME', 'type': 'double', 'value': 0.1 + 0.2, 'comment': 's'},
        {'name': 'GAIN', 'type': 'int', 'value': -2**63, 'comment': ''},
        {'name': 'quote"back\\', 'type': 'string', 'value': 'café €',
         'comment': 'tab\there, newline\nthere'},
        {'name': 'BROKEN', 'type': 'string', 'value': 'a\ufffdb\ufffd',
         'comment': 'invalid UTF-8 becomes U+FFFD'},
        {'name': 'NOTANUM', 'type': 'double', 'value': 'NaN', 'comment': ''},
        {'name': 'NEGINF', 'type': 'double', 'value': '-Inf', 'comment': ''},
        {'name': 'GAIN', 'type': 'int', 'value': 3, 'comment': 'a duplicate name is kept'},
        {'name': 'TINY', 'type': 'double', 'value': -5e-324, 'comment': ''},
    ],
}

BARE = {
    'format': 'daoview-frame-header/1',
    'stream': None,
    'counter': None,
    'write_time_ns': None,
    'write_time': None,
    'dtype': 'uint16',
    'shape': [3, 5],
    'keywords': [],
}


def compare(name, got, want):
    failed = 0
    for key in sorted(set(got) | set(want)):
        if key not in got or key not in want or got[key] != want[key] or \
                type(got[key]) is not type(want[key]):
            print(f'FAIL: {name}: {key}: got {got.get(key)!r}, expected {want.get(key)!r}')
            failed = 1
    if not failed:
        print(f'ok: {name}')
    return failed


def main():
    with tempfile.TemporaryDirectory(prefix='daoview-json-') as tmp:
        subprocess.run([sys.argv[1], tmp], check=True)
        failed = compare('full.json', strict_load(os.path.join(tmp, 'full.json')), FULL)
        failed |= compare('bare.json', strict_load(os.path.join(tmp, 'bare.json')), BARE)
    return failed


if __name__ == '__main__':
    sys.exit(main())
