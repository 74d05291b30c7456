#!/usr/bin/python3
"""Run `daoview --help` in English and in German and check that the German
text really is the translation from de.po, for every string of the English
help that de.po translates.

usage: check-help-translated.py DAOVIEW DE.PO
The environment carries LANGUAGE=de, LC_ALL=C.UTF-8 and DAOVIEW_LOCALEDIR
pointing at the build's po/ directory (set by po/meson.build)."""
import os
import subprocess
import sys

from po_file import read_po

SKIP = 77


def run_help(daoview, env):
    proc = subprocess.run([daoview, '--help'], env=env, capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        if 'display' in proc.stderr.lower():
            print('daoview --help needs a display here:', proc.stderr.strip())
            sys.exit(SKIP)
        print(f'daoview --help exited with {proc.returncode}:\n{proc.stderr}')
        sys.exit(1)
    return proc.stdout


def main():
    daoview, po_path = sys.argv[1:3]
    german_env = dict(os.environ)
    english_env = dict(os.environ)
    english_env.pop('LANGUAGE', None)
    english_env['LC_ALL'] = 'C.UTF-8'

    english = run_help(daoview, english_env)
    german = run_help(daoview, german_env)
    translations = read_po(po_path)

    # Strings of at least two words, so that "N" or "PATH" placeholders
    # that happen to occur inside other words do not count.
    shown = {m: t for m, t in translations.items() if ' ' in m.strip() and m in english}
    if not shown:
        print('No string of de.po appears in the English --help output:')
        print(english)
        return 1

    failed = 0
    for msgid, msgstr in sorted(shown.items()):
        if msgstr in german:
            print(f'ok: {msgid!r} -> {msgstr!r}')
        else:
            print(f'FAIL: {msgid!r} is not shown as {msgstr!r} in German')
            failed = 1
    if english == german:
        print('FAIL: the German --help is identical to the English one')
        failed = 1
    if failed:
        print('--- German output ---')
        print(german)
    return failed


if __name__ == '__main__':
    sys.exit(main())
