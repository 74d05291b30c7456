"""Run a command with a /tmp and a /dev/shm of its own (and, if asked, a
network of its own), so that what it creates there — streams, semaphores,
sockets, X displays — can neither collide with nor touch anything of the
machine's: the mount namespace of `unshare --mount`, with fresh tmpfs
mounted over both directories.

A path the command needs that lives under /tmp (a checkout or build
directory: CI clones anywhere) would vanish under the new /tmp, so each
such top-level folder is parked on a private tmpfs over /mnt first and bound
back at its own path inside the new /tmp. Paths under /dev/shm cannot be
kept that way and are refused.

Needs root (mount) and util-linux's unshare; available() says whether this
machine allows it.
"""
import os
import shlex
import shutil
import subprocess


class Unsupported(Exception):
    """This machine cannot give a command a private /tmp and /dev/shm."""


def available():
    """None when a private /tmp can be made here, else the reason why not."""
    if os.geteuid() != 0:
        return "needs root for private /tmp and /dev/shm mounts"
    if not shutil.which("unshare"):
        return "needs util-linux's unshare"
    if subprocess.run(["unshare", "--mount", "true"], capture_output=True).returncode != 0:
        return "unshare --mount is not permitted here"
    return None


def command(argv, keep=(), network=False):
    """The argv that runs `argv` in a private /tmp and /dev/shm, with the
    paths in `keep` still visible. With network=True it also gets a network
    namespace of its own (loopback up, nothing else): abstract Unix sockets,
    such as an X server's, are then its own too. The mounts failing makes
    the command exit 77 (skipped)."""
    real = [os.path.realpath(p) for p in keep if p]
    hidden = [p for p in real if p == "/dev/shm" or p.startswith("/dev/shm/")]
    if hidden:
        raise Unsupported(f"{hidden} would be hidden by the private /dev/shm")
    kept = sorted({"/tmp/" + p[len("/tmp/"):].split("/")[0] for p in real if p.startswith("/tmp/")})
    steps = ["mount -t tmpfs dao-private-keep /mnt"] if kept else []
    for i, folder in enumerate(kept):
        steps += [f"mkdir /mnt/{i}", f"mount --bind {shlex.quote(folder)} /mnt/{i}"]
    steps += ["mount -t tmpfs dao-private-tmp /tmp", "chmod 1777 /tmp",
              "mount -t tmpfs dao-private-shm /dev/shm", "chmod 1777 /dev/shm"]
    for i, folder in enumerate(kept):
        steps += [f"mkdir -p {shlex.quote(folder)}", f"mount --bind /mnt/{i} {shlex.quote(folder)}"]
    if network:
        steps.append("ip link set lo up")
    script = "{ " + " && ".join(steps) + "; } || exit 77; exec \"$@\""
    return (["unshare", "--mount", "--propagation", "private"] + (["--net"] if network else [])
            + ["sh", "-c", script, "sh", *argv])
