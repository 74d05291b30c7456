#!/usr/bin/env python3
"""Run every command block of the README as written, top to bottom, the way
a new user pasting them into one terminal would, and fail when one fails.

    run_readme.py --srcdir S --builddir B --meson MESON --cc CC [--ci-script F] README.md

Every code block is picked up by itself — fenced (```lang) or indented by
four spaces — and handled by its language:

  sh, bash, shell   run with bash (set -e -o pipefail: a command that fails
  (and indented      fails the block), in the README's folder with `build`
  blocks)            being the build directory under test;
  c                 compiled (-std=c11 -Wall -Werror) against dao.h, as the
                     body of main() unless it has a main() of its own;
  python            run by the python-readme test (tests/python/
                     run_doc_examples.py), which takes the blocks of the
                     README's Python section: here it is only checked that
                     the block is in that section;
  text, json        not commands: shown output or formats, not run.
A block with no language, or another one, fails: say what it is.

The whole session runs in a private mount and network namespace (see
tests/private_tmp.py): /tmp and /dev/shm are fresh tmpfs, so the fixed names the
README uses (/tmp/cam.im.shm, its semaphores) are the session's own, and
state carries from block to block as it would for the user — a stream one
block creates is there for the next. HOME is a fresh directory (GSettings
use its keyfile), and every block sees `meson devenv -C build`'s
environment, so the plain `daoctl`, `daoview` and `gsettings` commands the
README gives for an installed dao run the build tree's, as the README says.
A block that leaves background processes behind waits for them (a user's
terminal would show them finishing); they must end within the block's time.
The session goes through the README twice: users run its blocks again, and
a block that works only once (a leftover file refuses a second create, a
consumer reads the previous run's stream) fails on the second pass.

An HTML comment on the line before a block says more about it:
  <!-- readme-test: display -->
      the block opens windows: it gets the session's virtual X display
      (Xvfb, started inside the namespace). Other blocks run with no
      DISPLAY at all, so a "headless" command that needs one fails.
  <!-- readme-test: until-stopped [SECONDS] -->
      the block runs until the user stops it (a viewer, a live watch): after
      SECONDS (default 5) it gets Ctrl-C (SIGINT to its process group). It
      passes if it was still running then, in its last command (every
      command before had to finish), or ended by itself with status 0.
  <!-- readme-test: lines -->
      each command line is a separate example: run one after the other, each
      under the block's other rules.
  <!-- readme-test: c-prelude DECLARATIONS -->
      C declarations the block's reader supplies (functions the fragment
      calls), put before it when it is compiled.
  <!-- readme-test: ci -->
      the block builds and installs a whole tree (minutes): .ci/run runs it,
      and this test checks that every command of the block is in .ci/run
      verbatim.
Words combine: <!-- readme-test: display until-stopped 5 lines -->.

Exit 0 when every block passed, 1 otherwise, 77 when no private namespace
can be had here (not root, no unshare, no Xvfb).
"""
import argparse
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time

# tests/private_tmp.py, shared with the Python tests.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import private_tmp  # noqa: E402

SKIP = 77
INSIDE = "DAO_README_TEST_INSIDE"
BLOCK_TIMEOUT = 180  # seconds: a hang is a failure, not a stuck CI job
STOP_GRACE = 15      # seconds between Ctrl-C and SIGKILL for until-stopped blocks
SHELL_LANGS = {"sh", "bash", "shell"}
NOT_COMMANDS = {"text", "json"}
SENTINEL = "@@ readme-test: the last command starts @@"
PASSES = 2


class Block:
    def __init__(self, line, lang, text, markers, section):
        self.line = line          # 1-based line of the block's first line in the README
        self.lang = lang
        self.text = text
        self.markers = markers    # words of the readme-test comment before it
        self.section = section    # the headings it is under, outermost first

    def marker_value(self, word, default):
        words = self.markers
        if word in words:
            i = words.index(word)
            if i + 1 < len(words) and re.fullmatch(r"\d+(\.\d+)?", words[i + 1]):
                return float(words[i + 1])
            return default
        return None

    def c_prelude(self):
        m = re.search(r"\bc-prelude\s+(.*)$", " ".join(self.markers))
        return m.group(1) if m else ""

    def describe(self):
        words = self.markers[:self.markers.index("c-prelude") + 1] if "c-prelude" in self.markers \
            else self.markers
        return f"README.md:{self.line} [{self.lang}] ({' '.join(words) or 'plain'})"


def extract_blocks(text):
    """Every code block of a Markdown text, fenced or indented, with the
    readme-test words of the comment just before it."""
    lines = text.splitlines()
    blocks = []
    headings = []
    i = 0
    blank_before = True
    in_list = False     # the last paragraph was a list item (its indented lines continue it)

    def markers_before(line_index):
        j = line_index - 1
        while j >= 0 and not lines[j].strip():
            j -= 1
        m = re.fullmatch(r"\s*<!--\s*readme-test:\s*(.*?)\s*-->\s*", lines[j]) if j >= 0 else None
        return m.group(1).split() if m else []

    while i < len(lines):
        line = lines[i]
        fence = re.match(r"^(\s*)(```+|~~~+)\s*([\w+-]*)\s*$", line)
        if fence:
            indent, mark, lang = fence.groups()
            body = []
            i += 1
            while i < len(lines) and not re.match(rf"^\s*{mark[0]}{{{len(mark)},}}\s*$", lines[i]):
                body.append(lines[i])
                i += 1
            blocks.append(Block(i - len(body), lang.lower() or "", textwrap.dedent("\n".join(body)),
                                markers_before(i - len(body) - 1), [h for _, h in headings]))
            i += 1
            blank_before, in_list = False, False
            continue
        if line.startswith("    ") and blank_before and not in_list:
            start = i
            body = []
            while i < len(lines) and (lines[i].startswith("    ") or not lines[i].strip()):
                body.append(lines[i])
                i += 1
            while body and not body[-1].strip():
                body.pop()
                i -= 1
            blocks.append(Block(start + 1, "indented", textwrap.dedent("\n".join(body)),
                                markers_before(start), [h for _, h in headings]))
            blank_before = False
            continue
        heading = re.match(r"^(#+)\s+(.*)", line)
        if heading:
            level = len(heading.group(1))
            headings = [(lv, h) for lv, h in headings if lv < level] + [(level, heading.group(2).strip())]
        if line.strip():
            if blank_before:
                in_list = bool(re.match(r"^\s*([-*+]|\d+\.)\s", line))
            blank_before = False
        else:
            blank_before = True
        i += 1
    return blocks


def logical_lines(text, with_starts=False):
    """Commands of a shell block: continuation lines joined, comments and
    blank lines left out (with the index of each one's first raw line)."""
    out, current, start = [], "", None
    for index, raw in enumerate(text.splitlines()):
        if start is None:
            start = index
        if raw.rstrip().endswith("\\"):
            current += raw.rstrip()[:-1].strip() + " "
            continue
        current += raw.strip()
        if current and not current.startswith("#"):
            out.append((start, current))
        current, start = "", None
    return out if with_starts else [c for _, c in out]


def mark_last_command(script):
    """The script with a line printing SENTINEL just before its last
    command, or None where that would break it (the last command is the
    end of a compound one)."""
    commands = logical_lines(script, with_starts=True)
    if not commands:
        return None
    lines = script.splitlines()
    start = commands[-1][0]
    marked = "\n".join(lines[:start] + [f"printf '%s\\n' '{SENTINEL}'"] + lines[start:]) + "\n"
    if subprocess.run(["bash", "-n", "-c", marked], capture_output=True).returncode != 0:
        return None
    return marked


class Session:
    def __init__(self, args):
        self.args = args
        self.root = tempfile.mkdtemp(prefix="readme-session-", dir="/tmp")
        self.home = os.path.join(self.root, "home")
        self.cwd = os.path.join(self.root, "dao")
        os.makedirs(self.home)
        os.makedirs(self.cwd)
        # The README's folder as the user sees it: the source tree with its
        # build directory at `build`. Files the blocks write land here, not
        # in the checkout.
        for name in os.listdir(args.srcdir):
            if name == "build" or name.startswith("build-") or name == ".git":
                continue
            os.symlink(os.path.join(args.srcdir, name), os.path.join(self.cwd, name))
        os.symlink(args.builddir, os.path.join(self.cwd, "build"))
        devenv = subprocess.run([args.meson, "devenv", "-C", args.builddir, "--dump"],
                                capture_output=True, text=True, check=True).stdout
        self.preamble = "set -e -o pipefail\n" + devenv + "\n"
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("MESON_", "LD_", "PYTHON", "GSETTINGS", "XDG_", "DBUS_"))}
        env.update(HOME=self.home, XDG_CONFIG_HOME=os.path.join(self.home, ".config"),
                   XDG_DATA_HOME=os.path.join(self.home, ".local/share"),
                   XDG_CACHE_HOME=os.path.join(self.home, ".cache"),
                   XDG_RUNTIME_DIR=os.path.join(self.root, "run"),
                   GSETTINGS_BACKEND="keyfile", GTK_A11Y="none", NO_AT_BRIDGE="1", LANG="C.UTF-8")
        os.makedirs(env["XDG_RUNTIME_DIR"], mode=0o700)
        # The namespace's own X server (see enter_namespace), for the
        # blocks marked "display" only.
        self.display = env.pop("DISPLAY", None)
        self.xauthority = env.pop("XAUTHORITY", None)
        self.env = env
        self.failures = []

    # -- shell blocks ---------------------------------------------------------

    def run_shell(self, block):
        stop_after = block.marker_value("until-stopped", 5.0)
        env = dict(self.env)
        if "display" in block.markers:
            env["DISPLAY"] = self.display
            if self.xauthority:
                env["XAUTHORITY"] = self.xauthority
        scripts = logical_lines(block.text) if "lines" in block.markers else [block.text]
        ok = True
        for script in scripts:
            ok &= self.run_script(script, env, stop_after)
        return ok

    def run_script(self, script, env, stop_after):
        # An until-stopped block must be stopped in its last command, the
        # one meant to run for ever: one that hung earlier is a failure.
        marked = mark_last_command(script) if stop_after else None
        with tempfile.TemporaryFile(mode="w+") as log:
            p = subprocess.Popen(["bash", "-c", self.preamble + (marked or script)], cwd=self.cwd,
                                 env=env, stdin=subprocess.DEVNULL, stdout=log,
                                 stderr=subprocess.STDOUT, start_new_session=True)
            started = time.monotonic()
            try:
                rc = p.wait(timeout=stop_after if stop_after else BLOCK_TIMEOUT)
            except subprocess.TimeoutExpired:
                rc = None
            if rc is None and stop_after:
                # Still running, as this block is meant to: Ctrl-C it.
                os.killpg(p.pid, signal.SIGINT)
                try:
                    p.wait(timeout=STOP_GRACE)
                except subprocess.TimeoutExpired:
                    pass
            left = self.wait_for_group(p.pid, time.monotonic() + (STOP_GRACE if stop_after else
                                                                  max(1, started + BLOCK_TIMEOUT
                                                                      - time.monotonic())))
            log.seek(0)
            output = log.read()
        reached_last = SENTINEL in output
        output = output.replace(SENTINEL + "\n", "")
        if rc is None and stop_after and marked and not reached_last:
            verdict = f"FAILED: stopped after {stop_after:g} s before its last command started"
        elif rc is None and stop_after:
            verdict = f"ran until stopped after {stop_after:g} s"
        elif rc is None:
            verdict = f"FAILED: still running after {BLOCK_TIMEOUT} s"
        elif rc != 0:
            verdict = f"FAILED: exit status {rc}"
        elif left:
            verdict = "FAILED: left processes running: " + left
        else:
            verdict = "exit status 0"
        print(textwrap.indent(script.rstrip(), "    | "))
        if output.strip():
            print(textwrap.indent(output.rstrip()[-6000:], "      > "))
        print(f"  -> {verdict} ({time.monotonic() - started:.1f} s)")
        return not verdict.startswith("FAILED")

    @staticmethod
    def wait_for_group(pgid, deadline):
        """'' once no process of the group is left, else what is left after
        the deadline (then killed)."""
        while True:
            try:
                os.killpg(pgid, 0)
            except ProcessLookupError:
                return ""
            if time.monotonic() > deadline:
                left = subprocess.run(["ps", "-o", "pid=,args=", "-g", str(pgid)],
                                      capture_output=True, text=True).stdout.strip()
                os.killpg(pgid, signal.SIGKILL)
                return left.replace("\n", "; ")
            time.sleep(0.1)

    # -- other languages -----------------------------------------------------

    def compile_c(self, block):
        source = block.text
        if not re.search(r"\bint\s+main\s*\(", source):
            source = ("#include <dao.h>\n#include <errno.h>\n#include <stdint.h>\n#include <stdio.h>\n"
                      "#include <stdlib.h>\n#include <string.h>\n"
                      f"{block.c_prelude()}\n"
                      f"int main(void)\n{{\n{block.text}\n}}\n")
        path = os.path.join(self.root, f"block-{block.line}.c")
        with open(path, "w") as f:
            f.write(source)
        cmd = shlex.split(self.args.cc) + ["-std=c11", "-Wall", "-Werror", "-fsyntax-only",
                                           "-I", os.path.join(self.args.srcdir, "libdao"), path]
        p = subprocess.run(cmd, capture_output=True, text=True)
        print(textwrap.indent(block.text.rstrip(), "    | "))
        if p.returncode != 0:
            print(textwrap.indent(p.stderr.rstrip(), "      > "))
            print(f"  -> FAILED: does not compile ({' '.join(cmd[:2])} …)")
            return False
        print("  -> compiles against dao.h (-std=c11 -Wall -Werror)")
        return True

    def check_python(self, block):
        if any("python" in h.lower() for h in block.section):
            print(f"  -> run by the python-readme test (section '{block.section[-1]}')")
            return True
        print("  -> FAILED: a Python block outside the README's Python section is run by nothing "
              "(tests/python/run_doc_examples.py reads only that section)")
        return False

    def check_ci(self, block):
        with open(self.args.ci_script, encoding="utf-8") as f:
            ci = set(logical_lines(f.read()))
        missing = [c for c in logical_lines(block.text) if c not in ci]
        print(textwrap.indent(block.text.rstrip(), "    | "))
        if missing:
            print(f"  -> FAILED: not in {self.args.ci_script} verbatim: {missing}")
            return False
        print(f"  -> every command is run by {os.path.relpath(self.args.ci_script, self.args.srcdir)}")
        return True

    def run(self, block):
        if "ci" in block.markers:
            return self.check_ci(block)
        if block.lang in SHELL_LANGS or block.lang == "indented":
            return self.run_shell(block)
        if block.lang == "c":
            return self.compile_c(block)
        if block.lang in ("python", "py"):
            return self.check_python(block)
        if block.lang in NOT_COMMANDS:
            print("  -> not a command (shown output or a format)")
            return True
        print(f"  -> FAILED: a block of language '{block.lang}': say what it is "
              f"(```sh, ```c, ```python, ```text …)")
        return False


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--srcdir", required=True)
    ap.add_argument("--builddir", required=True)
    ap.add_argument("--meson", required=True)
    ap.add_argument("--cc", required=True)
    ap.add_argument("--ci-script")
    ap.add_argument("readme")
    a = ap.parse_args()
    a.srcdir = os.path.abspath(a.srcdir)
    a.builddir = os.path.abspath(a.builddir)
    a.readme = os.path.abspath(a.readme)
    a.ci_script = os.path.abspath(a.ci_script or os.path.join(a.srcdir, ".ci", "run"))
    return a


def enter_namespace(args):
    """Re-run this script in its private namespace, with an X server of its
    own there; never returns."""
    why = private_tmp.available()
    if why is None and not shutil.which("xvfb-run"):
        why = "needs xvfb-run for the blocks that open windows"
    if why:
        print("SKIP:", why)
        sys.exit(SKIP)
    keep = [args.srcdir, args.builddir, args.readme, os.path.abspath(__file__), args.ci_script]
    inner = ["xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", sys.executable, os.path.abspath(__file__),
             *sys.argv[1:]]
    try:
        argv = private_tmp.command(inner, keep=keep, network=True)
    except private_tmp.Unsupported as e:
        print("SKIP:", e)
        sys.exit(SKIP)
    env = dict(os.environ, **{INSIDE: "1"})
    env.pop("DISPLAY", None)
    env.pop("XAUTHORITY", None)
    sys.exit(subprocess.run(argv, env=env).returncode)


def main():
    args = parse_args()
    with open(args.readme, encoding="utf-8") as f:
        blocks = extract_blocks(f.read())
    if os.environ.get(INSIDE) != "1":
        enter_namespace(args)
    session = Session(args)
    results = {}
    # Twice through: README blocks are what users run again, and a block
    # that works only once (a leftover file refuses a second create, a
    # consumer reads the previous run's stream) fails the second pass.
    for n_pass in range(1, PASSES + 1):
        for n, block in enumerate(blocks, 1):
            runs_again = block.lang in SHELL_LANGS or block.lang == "indented"
            if n_pass > 1 and (not runs_again or "ci" in block.markers):
                continue
            print(f"--- pass {n_pass}, block {n} of {len(blocks)}: {block.describe()} under "
                  f"'{' > '.join(block.section[-2:])}'")
            try:
                ok = session.run(block)
            except Exception as e:  # report it as this block's failure, go on with the others
                print(f"  -> FAILED: {type(e).__name__}: {e}")
                ok = False
            results.setdefault(n, [block, []])[1].append(ok)
    print("\nSummary:")
    for block, oks in results.values():
        print(f"  {'ok    ' if all(oks) else 'FAILED'} {block.describe()}"
              + ("" if len(oks) == 1 else "  passes: " + " ".join("ok" if ok else "FAILED" for ok in oks)))
    failed = [b for b, oks in results.values() if not all(oks)]
    print(f"{len(results) - len(failed)} of {len(results)} README blocks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
