"""daoctl's command line: help pages, exit statuses, error message format."""
import daoctl_harness as h
from daoctl_harness import DaoctlTestCase

COMMANDS = ["ls", "info", "create", "write", "watch", "wait", "rm", "purge"]

# Every long option each subcommand accepts; its manual page must name each.
OPTIONS = {
    "ls": ["--interval", "--json", "--help"],
    "info": ["--json", "--help"],
    "create": ["--type", "--shape", "--keywords", "--semaphores", "--depth", "--fifo", "--force", "--help"],
    "write": ["--fill", "--from", "--count", "--help"],
    "watch": ["--interval", "--count", "--json", "--help"],
    "wait": ["--slot", "--spin", "--timeout", "--json", "--help"],
    "rm": ["--force", "--dir", "--dry-run", "--help"],
    "purge": ["--dry-run", "--shm-dir", "--max-depth", "--all-users", "--json", "--help"],
}


class HelpTest(DaoctlTestCase):
    def test_overview_lists_every_command(self):
        out = self.daoctl("--help").out
        for cmd in COMMANDS:
            self.assertRegex(out, r"\n  %s\s" % cmd)
        self.assertEqual(self.daoctl("help").out, out)

    def test_each_command_has_a_manual_page(self):
        for cmd in COMMANDS:
            with self.subTest(cmd=cmd):
                page = self.daoctl("help", cmd).out
                self.assertTrue(page.startswith("Usage: daoctl %s " % cmd), page)
                self.assertEqual(self.daoctl(cmd, "--help").out, page)
                self.assertEqual(self.daoctl(cmd, "-h").out, page)
                self.assertIn("Exit status", page)
                for opt in OPTIONS[cmd]:
                    self.assertIn(opt, page)

    def test_version(self):
        self.assertRegex(self.daoctl("--version").out, r"^daoctl \d+\.\d+\.\d+ \(libdao \d+\.\d+\.\d+\)\n$")


class UsageErrorTest(DaoctlTestCase):
    def assertUsage(self, *args, message):
        p = self.daoctl(*args, expect=2)
        self.assertIn(message, p.err)
        self.assertEqual(p.out, "")

    def test_usage_errors_exit_2(self):
        self.assertEqual(self.daoctl(expect=2).out, "")
        self.assertUsage("frobnicate", message="no command 'frobnicate'")
        self.assertUsage("help", "frobnicate", message="no command 'frobnicate'")
        self.assertUsage("ls", "--bogus", message="unknown option '--bogus'")
        self.assertUsage("ls", "-Q", message="unknown option '-Q'")
        self.assertUsage("ls", "--interval", message="option '--interval' needs a value")
        self.assertUsage("ls", "-i", message="option '-i' needs a value")
        self.assertUsage("ls", "--interval", "fast", message="--interval needs a number")
        self.assertUsage("ls", "--interval", "-1", message="--interval needs a number")
        self.assertUsage("info", message="expected one PATH")
        self.assertUsage("info", "a", "b", message="expected one PATH")
        self.assertUsage("create", "/tmp/x.im.shm", "--shape", "2x2", message="--type is required")
        self.assertUsage("create", "/tmp/x.im.shm", "--type", "uint16", message="--shape is required")
        self.assertUsage("create", "/tmp/x.im.shm", "--type", "uint12", "--shape", "2", message="unknown type")
        for shape in ["0x4", "4x0", "1x2x3x4", "abc", "4x", "x4", "-4", "4x-1", "99999999999"]:
            self.assertUsage("create", "/tmp/x.im.shm", "--type", "uint8", "--shape", shape, message="--shape")
        self.assertUsage("create", "/tmp/x.im.shm", "-t", "uint8", "-s", "2", "-n", "0", message="--semaphores")
        self.assertUsage("create", "/tmp/x.im.shm", "-t", "uint8", "-s", "2", "-n", "101", message="--semaphores")
        self.assertUsage("write", "/tmp/x.im.shm", message="exactly one of --fill")
        self.assertUsage("write", "/tmp/x.im.shm", "--fill", "1", "--from", "a.npy", message="exactly one of --fill")
        self.assertUsage("write", "/tmp/x.im.shm", "--fill", "1", "--count", "0", message="--count")
        self.assertUsage("watch", "/tmp/x.im.shm", "--interval", "0", message="--interval")
        self.assertUsage("wait", "/tmp/x.im.shm", "--slot", "1", "--spin", message="exclude each other")
        self.assertUsage("wait", "/tmp/x.im.shm", "--slot", "100", message="--slot")
        self.assertUsage("wait", "/tmp/x.im.shm", "--timeout", "soon", message="--timeout")
        self.assertUsage("rm", message="at least one PATH")

    def test_runtime_error_format(self):
        missing = self.new_path("missing")
        p = self.daoctl("info", missing, expect=1)
        self.assertEqual(p.err, "daoctl: %s: No such file or directory\n" % missing)
        self.assertEqual(p.out, "")


if __name__ == "__main__":
    h.main()
