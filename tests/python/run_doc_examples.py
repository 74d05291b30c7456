#!/usr/bin/env python3
"""Run the Python code blocks of a document — the quick-start guide (.rst) or
the README (.md) — as written, in order, in one interpreter session.

    run_doc_examples.py DOCUMENT

The blocks share one namespace, as when a reader types them into one Python
session (the guide's third block uses the `np` its first block imported).
The only change made to any block: a block that uses `time.` without
importing it gets `import time` (the guide's writer loop forgets it).

The blocks use the fixed path /tmp/file.im.shm and the relative
'file.im.shm', so they run with cwd /tmp; and since /tmp and /dev/shm are
shared with other processes, the whole run happens in a private mount
namespace with fresh tmpfs on /tmp and /dev/shm (needs root and unshare;
otherwise exit 77, "skipped").

Blocks that never end on their own are driven by a second process
(doc_example_peers.py), chosen by what the block does:
  - get_data(spin=True): a peer writes frames until the spin returns;
  - a `while True` loop that set_data()s: a peer reads the stream, checks the
    frames are whole and counting up, then stops the loop with SIGUSR1;
  - a `while True` loop that get_data()s and prints: a peer writes known
    frames, then stops the loop; the printed output must show them.
Exit 0 when every block ran and every check held; 1 otherwise.
"""
import contextlib
import io
import os
import re
import signal
import subprocess
import sys
import textwrap
import traceback

# tests/private_tmp.py, shared with the README runner.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import private_tmp  # noqa: E402

ISOLATED = "DAO_DOC_EXAMPLES_ISOLATED"
SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = os.path.join(HERE, "doc_example_peers.py")
BLOCK_TIMEOUT = 60  # seconds: a hang is a failure, not a stuck CI job


class Stop(Exception):
    """Raised in a looping block by SIGUSR1, sent by the peer that drives it."""


class Hang(Exception):
    """Raised by SIGALRM when a block runs past BLOCK_TIMEOUT."""


class PeerDied(Exception):
    """Raised by SIGCHLD when the driving peer fails, so the block stops now."""


_peers = []  # peers currently driving a block


def extract_blocks(text, path):
    """The Python code blocks of an .rst (code-block:: python) or .md (```python)."""
    lines = text.splitlines()
    blocks = []
    if path.endswith(".md"):
        # Only the section about Python (a heading that names it, down to the
        # next heading of the same or a higher level): a README has others.
        block = None
        section = None  # level of the Python heading we are under
        for line in lines:
            heading = re.match(r"^(#+)\s+(.*)", line) if block is None else None
            if heading:
                level = len(heading.group(1))
                if section is not None and level <= section:
                    section = None
                if section is None and "python" in heading.group(2).lower():
                    section = level
                continue
            if section is None:
                continue
            if block is None and re.match(r"^\s*```\s*(python|py)\s*$", line):
                block = []
            elif block is not None and re.match(r"^\s*```\s*$", line):
                blocks.append(textwrap.dedent("\n".join(block)))
                block = None
            elif block is not None:
                block.append(line)
        return blocks
    i = 0
    while i < len(lines):
        m = re.match(r"^(\s*)\.\. code-block::\s*python\s*$", lines[i])
        i += 1
        if not m:
            continue
        indent = len(m.group(1))
        while i < len(lines) and (not lines[i].strip() or lines[i].strip().startswith(":")):
            i += 1  # blank lines and directive options
        body = []
        while i < len(lines) and (not lines[i].strip()
                                  or len(lines[i]) - len(lines[i].lstrip()) > indent):
            body.append(lines[i])
            i += 1
        blocks.append(textwrap.dedent("\n".join(body)).strip("\n") + "\n")
    return blocks


def isolate(docs):
    """Re-run this script in a private mount namespace; never returns."""
    why = private_tmp.available()
    if why:
        print(f"SKIP: {why}")
        sys.exit(SKIP)
    import dao
    needed = [sys.executable, os.path.abspath(__file__), PEERS, dao.__file__, *docs]
    needed += [p for p in os.environ.get("LD_LIBRARY_PATH", "").split(os.pathsep) if p]
    try:
        argv = private_tmp.command([sys.executable, os.path.abspath(__file__), *docs], keep=needed)
    except private_tmp.Unsupported as e:
        print(f"SKIP: {e}")
        sys.exit(SKIP)
    env = dict(os.environ, **{ISOLATED: "1"})
    sys.exit(subprocess.run(argv, env=env).returncode)


def start_peer(mode, *args):
    peer = subprocess.Popen([sys.executable, PEERS, mode, str(os.getpid()), *map(str, args)])
    _peers.append(peer)
    return peer


def stop_peer(peer, finishing=False):
    """Its exit status; a peer that is `finishing` gets time to exit by itself."""
    _peers.remove(peer)
    if finishing:
        try:
            return peer.wait(30)
        except subprocess.TimeoutExpired:
            pass
    if peer.poll() is None:
        peer.terminate()
    return peer.wait(30)


class Runner:
    def __init__(self, stream):
        self.stream = stream  # the fixed stream path the document uses
        self.ns = {"__name__": "__doc_example__"}
        self.failures = []

    def check(self, ok, what):
        print(("  ok: " if ok else "  FAILED: ") + what)
        if not ok:
            self.failures.append(what)

    def execute(self, index, code):
        exec(compile(code, f"<block {index}>", "exec"), self.ns)

    def counter(self):
        import dao
        with dao.shm(self.stream) as shm:
            return shm.get_counter()

    def run_plain(self, index, code):
        self.execute(index, code)
        if "dao.shm(" in code:
            import dao
            shm = self.ns.get("shm")
            self.check(isinstance(shm, dao.shm) and not shm.closed and shm.shape == (10, 10)
                       and os.path.exists(self.stream), f"`shm` is an open stream: {shm!r}")
        data = self.ns.get("data")
        if "data" in code:
            import numpy as np
            self.check(isinstance(data, np.ndarray), "`data` is a numpy array")

    def run_spin(self, index, code):
        before = self.counter()
        feeder = start_peer("feed", self.stream)
        try:
            self.execute(index, code)
        finally:
            stop_peer(feeder)
        data = self.ns.get("data")
        self.check(data is not None and data.min() == data.max() >= 1000,
                   "get_data(spin=True) returned a frame written by the feeder after it started")
        self.check(self.counter() > before, "the counter moved during the spin")

    def run_writer_loop(self, index, code):
        old = os.stat(self.stream).st_ino if os.path.exists(self.stream) else 0
        observer = start_peer("observe", self.stream, old)
        try:
            self.execute(index, code)
            self.check(False, "the writer loop was stopped by its observer")
        except Stop:
            pass
        finally:
            rc = stop_peer(observer, finishing=True)
        self.check(rc == 0, "the observer saw whole frames counting up (exit 0)")
        data = self.ns.get("data")
        self.check(data is not None and data.min() == data.max() >= 5,
                   "the loop's `data` was incremented and written at least 5 times")

    def run_reader_loop(self, index, code):
        feeder = start_peer("feed-then-stop", self.stream)
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                self.execute(index, code)
            self.check(False, "the reader loop was stopped by its feeder")
        except Stop:
            pass
        finally:
            rc = stop_peer(feeder, finishing=True)
        self.check(rc == 0, "the feeder wrote its frames (exit 0)")
        printed = [int(n) for n in re.findall(r"\d+", out.getvalue())]
        fed = [n for n in printed if n >= 2000]
        print(f"  the loop printed {len(out.getvalue().splitlines())} lines; "
              f"fed values seen: {sorted(set(fed))}")
        self.check(2004 in fed, "the last fed frame (all 2004) was printed")
        self.check(fed == sorted(fed), "fed frames were printed in order")
        self.check(all(f in range(2000, 2005) for f in fed), "only fed values were printed")

    def run(self, index, code):
        import dao
        if re.search(r"pubThread|subThread|dao\.remote", code) and not hasattr(dao._core, "Remote"):
            print("  (skipped: dao was built without remote streams)")
            return None
        if re.search(r"\btime\.", code) and not re.search(r"^\s*(import time|from time)", code, re.M):
            code = "import time\n" + code
            print("  (added the missing `import time`)")
        looping = re.search(r"^\s*while True\s*:", code, re.M)
        if "spin=True" in code:
            return self.run_spin(index, code)
        if looping and "set_data" in code:
            return self.run_writer_loop(index, code)
        if looping and "get_data" in code:
            return self.run_reader_loop(index, code)
        return self.run_plain(index, code)


def main():
    docs = sys.argv[1:]
    if len(docs) != 1:
        print(__doc__)
        return 2
    doc = docs[0]
    if not os.path.exists(doc):
        print(f"SKIP: {doc} does not exist")
        return SKIP
    with open(doc, encoding="utf-8") as f:
        text = f.read()
    blocks = extract_blocks(text, doc)
    if not blocks:
        print(f"SKIP: {doc} has no Python code blocks")
        return SKIP
    # Peers import the same dao; the blocks run in /tmp, so no relative paths.
    os.environ["PYTHONPATH"] = os.pathsep.join(
        os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p)
    if os.environ.get(ISOLATED) != "1":
        isolate(docs)

    os.chdir("/tmp")
    # The stream the examples use: the first fixed path in their code (the
    # document's prose may name other streams).
    stream = re.search(r"['\"](/tmp/[^'\"]+\.im\.shm)['\"]", "\n".join(blocks))
    runner = Runner(stream.group(1) if stream else "/tmp/file.im.shm")

    def stop(signum, frame):
        raise Stop()

    def hang(signum, frame):
        raise Hang(f"block ran for more than {BLOCK_TIMEOUT} s")

    def child_exited(signum, frame):
        for peer in _peers:
            if peer.poll() not in (None, 0):
                raise PeerDied(f"peer {peer.args[2:]} exited with {peer.returncode}")

    signal.signal(signal.SIGUSR1, stop)
    signal.signal(signal.SIGCHLD, child_exited)
    signal.signal(signal.SIGALRM, hang)
    for index, code in enumerate(blocks, 1):
        print(f"--- block {index} of {len(blocks)} from {doc}:")
        print(textwrap.indent(code.rstrip(), "    "))
        signal.alarm(BLOCK_TIMEOUT)
        try:
            runner.run(index, code)
        except BaseException:  # noqa: B036 — report any failure of a block, Ctrl-C included
            traceback.print_exc()
            runner.failures.append(f"block {index} raised")
        finally:
            signal.alarm(0)
    if runner.failures:
        print(f"{len(runner.failures)} failure(s): {runner.failures}")
        return 1
    print(f"all {len(blocks)} blocks of {doc} ran as written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
