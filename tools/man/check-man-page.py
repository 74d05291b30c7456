#!/usr/bin/env python3
"""Check a generated man page: groff reads it without a single warning, and
the rendered page names every option (and, for daoctl, every command and
each command's options) that the program's own help names — so the
generator lost nothing on the way.

    check-man-page.py PAGE.1 PROGRAM [--commands]
"""
import os
import re
import subprocess
import sys


def help_of(program, *args):
    env = dict(os.environ, LC_ALL="C.UTF-8", GTK_A11Y="none", ASAN_OPTIONS="detect_leaks=0")
    env.pop("LANGUAGE", None)
    return subprocess.run([program, *args], capture_output=True, text=True, env=env, check=True).stdout


def main():
    page, program = sys.argv[1], sys.argv[2]
    with_commands = "--commands" in sys.argv[3:]
    # No hyphenation and long lines, so that "--dry-run" is never split.
    p = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-rHY=0", "-rLL=300n", "-P-cbou", page],
                       capture_output=True, text=True)
    failures = []
    if p.returncode != 0 or p.stderr.strip():
        failures.append(f"groff complains (exit {p.returncode}):\n{p.stderr}")
    rendered = p.stdout

    helps = [help_of(program, "--help")]
    commands = []
    if with_commands:
        block = helps[0].split("Commands:\n", 1)[1].split("\n\n", 1)[0]
        commands = [line.split()[0] for line in block.splitlines() if line.strip()]
        helps += [help_of(program, "help", c) for c in commands]
        if not commands:
            failures.append("no commands found in the help")
    for c in commands:
        if not re.search(rf"^\s*{os.path.basename(program)} {c} \u2014", rendered, re.M):
            failures.append(f"no section for the command {c}")
    options = sorted({o for h in helps for o in re.findall(r"(?<![\w-])--?[A-Za-z][\w-]*", h)})
    for o in options:
        if o not in rendered:
            failures.append(f"option {o} of the help is missing from the page")
    for f in failures:
        print("FAIL:", f)
    print(f"{page}: {len(options)} options, {len(commands)} commands checked")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
