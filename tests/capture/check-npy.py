#!/usr/bin/python3
"""Load every .npy file capture-npy-writer writes with numpy and compare
dtype, shape, order and every value with the pattern computed here
independently (see capture-pattern.h; keep the two in step).

usage: check-npy.py CAPTURE-WRITER"""
import io
import os
import subprocess
import sys
import tempfile

import numpy as np

TYPES = ['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'uint64', 'int64',
         'float32', 'float64', 'complex64', 'complex128']
DAO_TYPE = {name: code for code, name in enumerate(TYPES, start=1)}
DESCR = {'uint8': '|u1', 'int8': '|i1', 'uint16': '<u2', 'int16': '<i2', 'uint32': '<u4',
         'int32': '<i4', 'uint64': '<u8', 'int64': '<i8', 'float32': '<f4', 'float64': '<f8',
         'complex64': '<c8', 'complex128': '<c16'}
SHAPES = [(7,), (3, 5), (2, 3, 4)]


def real_part(i, is_double, imaginary):
    if i == 0:
        return 1e300 if is_double else 3e38
    if i == 1:
        return -1e-30
    if i == 2:
        return float('nan')
    if i == 3:
        return float('-inf')
    return 1.0 - i * 0.25 if imaginary else i * 0.5 - 3.25


def pattern(name, count):
    dtype = np.dtype(name)
    if dtype.kind in 'ui':
        info = np.iinfo(dtype)
        bits = dtype.itemsize * 8
        values = [info.max, info.min]
        for i in range(2, count):
            u = (((i + 1) * 0x9E3779B97F4A7C15) & (2**64 - 1) ^ DAO_TYPE[name]) & (2**bits - 1)
            if dtype.kind == 'i' and u >= 2**(bits - 1):
                u -= 2**bits
            values.append(u)
        return np.array(values[:count], dtype=dtype)
    is_double = dtype in (np.float64, np.complex128)
    if dtype.kind == 'f':
        return np.array([real_part(i, is_double, False) for i in range(count)], dtype=dtype)
    return np.array([complex(real_part(i, is_double, False), real_part(i, is_double, True))
                     for i in range(count)], dtype=dtype)


def check_file(path, name, shape):
    with open(path, 'rb') as f:
        raw = f.read()
    problems = []
    if raw[:8] != b'\x93NUMPY\x01\x00':
        problems.append(f'not a version 1.0 .npy file: {raw[:8]!r}')
    header_len = int.from_bytes(raw[8:10], 'little')
    header = raw[10:10 + header_len]
    if (10 + header_len) % 64 != 0 or not header.endswith(b'\n'):
        problems.append(f'data not aligned on 64 bytes or header not ended by a newline: {header!r}')
    if f"'descr': '{DESCR[name]}'".encode() not in header:
        problems.append(f'descr is not {DESCR[name]}: {header!r}')

    array = np.load(path, allow_pickle=False)
    expected = pattern(name, int(np.prod(shape))).reshape(shape)
    if array.dtype != np.dtype(name):
        problems.append(f'dtype {array.dtype}, expected {name}')
    if array.shape != shape:
        problems.append(f'shape {array.shape}, expected {shape}')
    if not array.flags.c_contiguous or np.isfortran(array) and array.ndim > 1:
        problems.append('not in C order')
    if array.shape == shape and not np.array_equal(array, expected, equal_nan=array.dtype.kind in 'fc'):
        problems.append(f'values differ:\n{array}\nexpected\n{expected}')
    # The whole file is what numpy itself would write for the same array.
    ours = io.BytesIO()
    np.save(ours, expected)
    if raw != ours.getvalue():
        problems.append(f'not the bytes np.save writes: header {raw[:10 + header_len]!r}, '
                        f'numpy {ours.getvalue()[:128]!r}')
    # The file's data is exactly the array's bytes, nothing more.
    if len(raw) != 10 + header_len + expected.nbytes:
        problems.append(f'file has {len(raw)} bytes, expected {10 + header_len + expected.nbytes}')
    return problems


def main():
    writer = sys.argv[1]
    failed = 0
    with tempfile.TemporaryDirectory(prefix='daoview-npy-') as tmp:
        subprocess.run([writer, "npy", tmp], check=True)
        written = sorted(os.listdir(tmp))
        if len(written) != len(TYPES) * len(SHAPES):
            print(f'FAIL: {len(written)} files written, expected {len(TYPES) * len(SHAPES)}: {written}')
            failed = 1
        for name in TYPES:
            for shape in SHAPES:
                path = os.path.join(tmp, f'{name}-{len(shape)}d.npy')
                problems = check_file(path, name, shape) if os.path.exists(path) else ['missing']
                for p in problems:
                    print(f'FAIL: {os.path.basename(path)}: {p}')
                if problems:
                    failed = 1
                else:
                    print(f'ok: {os.path.basename(path)} {np.dtype(name).str} {shape}')
    return failed


if __name__ == '__main__':
    sys.exit(main())
