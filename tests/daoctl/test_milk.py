"""daoctl and milk / ImageStreamIO streams: ls, info, watch, wait show them
with their format and milk's own fields, never change a byte of them, and
rm/purge leave them alone unless asked. The streams come from
tests/peers/milk-writer, made from the milk byte contract ($MILK_WRITER)."""
import json
import os
import struct
import subprocess

import daoctl_harness as h
from daoctl_harness import DaoctlTestCase

MILK_WRITER = os.environ["MILK_WRITER"]


class MilkTest(DaoctlTestCase):
    def milk(self, path, *args, frames=0):
        """A milk stream at path (re-created by unlink), `frames` frames in."""
        subprocess.run([MILK_WRITER, "--frames", str(frames)] + list(args) + [path],
                       check=True, capture_output=True)
        return path

    def running_milk(self, path, *args, rate=200):
        """A milk writer publishing at `rate` Hz until the test ends."""
        p = subprocess.Popen([MILK_WRITER, "--forever", "--rate", str(rate)] + list(args) + [path],
                             stdout=subprocess.PIPE)
        self.peers.append(p)
        self.assertTrue(p.stdout.readline().startswith(b"ready"))
        return p

    def bytes_of(self, path):
        with open(path, "rb") as f:
            return f.read()

    # -- ls ------------------------------------------------------------------

    def test_ls_lists_both_formats_and_marks_milk(self):
        dao = self.create(self.new_path("dao"), "uint16", "4x5")
        milk = self.milk(self.new_path("milk"), "--keywords", "2", "--cb", "4", frames=3)
        gpu = self.milk(self.new_path("gpu"), "--gpu", "1", "--type", "float16")
        pending = self.milk(self.new_path("pending"), "--version", "")
        listing = self.daoctl_json("ls", "-i", "0", self.dir)
        rows = {s["path"]: s for s in listing["streams"]}
        self.assertEqual(rows[dao]["format"], "dao")
        self.assertNotIn("milk_version", rows[dao])
        m = rows[milk]
        self.assertEqual((m["format"], m["shape"], m["type"], m["counter"], m["semaphores"]),
                         ("milk", [48, 64], "float32", 3, 10))
        self.assertEqual((m["milk_version"], m["layout"], m["CBsize"], m["location"]), ("2.00", "2.x", 4, -1))
        self.assertEqual(m["writer"], "gone")  # the writer process has exited
        self.assertEqual((rows[gpu]["type"], rows[gpu]["location"]), ("float16", 1))
        self.assertFalse(rows[pending]["valid"])
        self.assertEqual(rows[pending]["error_code"], "DAO_E_MILK_NOT_READY")

        table = self.daoctl("ls", "-i", "0", self.dir).out
        lines = {line.split()[0]: line for line in table.splitlines()[1:]}
        self.assertRegex(lines[milk], r"^%s\s+48x64\s+float32\s+3\s.*\smilk$" % milk)
        self.assertFalse(lines[dao].endswith("milk"))

    def test_ls_measures_a_milk_rate(self):
        milk = self.new_path("rate")
        self.running_milk(milk, rate=200)
        row = self.daoctl_json("ls", "-i", "0.5", self.dir)["streams"][0]
        self.assertEqual(row["writer"], "alive")
        self.assertGreater(row["rate_hz"], 20)  # 200 Hz nominal; a loaded machine slows the writer
        self.assertGreaterEqual(row["age_s"], 0)

    def test_ls_looks_in_milk_shm_dir_by_default(self):
        milk_dir = self.mkdir()
        milk = self.milk(self.new_path("env", directory=milk_dir))
        env = dict(os.environ, MILK_SHM_DIR=milk_dir)
        p = subprocess.run([h.DAOCTL, "ls", "-i", "0", "--json"], env=env, capture_output=True, check=True)
        listing = json.loads(p.stdout)
        self.assertEqual(listing["directories"], ["/tmp", milk_dir])
        self.assertIn(milk, [s["path"] for s in listing["streams"]])

    # -- info ----------------------------------------------------------------

    def test_info_json_has_the_milk_header_by_milk_names(self):
        milk = self.new_path("info")
        self.running_milk(milk, "--keywords", "3", "--fill-keywords", "--cb", "2", "--sem", "3")
        # An ImageStreamIO reader registers in semReadPID[1] by writing its PID.
        with open(milk, "r+b") as f:
            f.seek(384 + 12288 + 3 * 128 + 3 * 32 + 32 + 4)
            f.write(struct.pack("<i", os.getpid()))
        info = self.daoctl_json("info", milk)
        self.assertEqual((info["format"], info["type"], info["shape"]), ("milk", "float32", [48, 64]))
        hd = info["header"]
        self.assertEqual((hd["version"], hd["naxis"], hd["size"], hd["datatype"]), ("2.00", 2, [64, 48, 0], 9))
        self.assertEqual((hd["NBkw"], hd["CBsize"], hd["sem"], hd["location"], hd["shared"]), (3, 2, 3, -1, 1))
        self.assertEqual(hd["name"], os.path.basename(milk)[:-len(".im.shm")])
        self.assertGreater(hd["cnt0"], 0)
        self.assertGreater(hd["writetime"], 1e9)  # CLOCK_REALTIME seconds
        self.assertEqual(info["layout"], "2.x")
        self.assertTrue(info["size_ok"])
        self.assertEqual(info["writer"], "alive")
        self.assertGreater(info["rate_hz"], 20)
        self.assertIsNone(info["gpu_device"])
        sems = info["semaphores"]
        self.assertEqual(len(sems), 3)
        self.assertEqual((sems[1]["semReadPID"], sems[1]["reader"]), (os.getpid(), "alive"))
        self.assertEqual((sems[0]["semReadPID"], sems[0]["reader"]), (-1, "none"))
        self.assertEqual(sems[0]["writer"], "alive")
        self.assertIsInstance(sems[0]["value"], int)
        kws = {k["name"]: k for k in info["keywords"]}
        self.assertEqual((kws["GAIN"]["type"], kws["GAIN"]["value"]), ("int", -43))
        self.assertEqual(kws["MODE"]["value"], "fast2")

        text = self.daoctl("info", milk).out
        self.assertRegex(text, r"format:\s+milk / ImageStreamIO 2\.00 \(layout 2\.x\)")
        self.assertRegex(text, r"shape:\s+48x64 \(numpy order; milk size \[64, 48, 0\]")
        self.assertRegex(text, r"circular buffer:\s+2 slots")
        self.assertRegex(text, r"slot 1 .*reader PID %d \(alive\)" % os.getpid())

    def test_info_of_a_dao_stream_says_dao(self):
        dao = self.create(self.new_path("daoinfo"))
        self.assertEqual(self.daoctl_json("info", dao)["format"], "dao")

    def test_info_of_gpu_and_1_05_streams(self):
        gpu = self.milk(self.new_path("gpu"), "--gpu", "3")
        info = self.daoctl_json("info", gpu)
        self.assertEqual((info["gpu_device"], info["file_size"]), (3, 1536))  # header, semaphores, registration, proctrace
        self.assertRegex(self.daoctl("info", gpu).out, r"GPU stream, device 3")
        old = self.milk(self.new_path("old"), "--layout", "1.05", "--no-named-semaphores", frames=1)
        info = self.daoctl_json("info", old)
        self.assertEqual((info["header"]["version"], info["layout"]), ("1.05", "1.05"))
        self.assertIsNone(info["semaphores"][0]["value"])  # named: never opened

    # -- watch and wait --------------------------------------------------------

    def test_wait_polls_a_milk_stream(self):
        milk = self.new_path("wait")
        self.running_milk(milk, rate=100)
        got = self.daoctl_json("wait", "-t", "30", milk)
        self.assertEqual((got["mode"], got["slot"]), ("poll", None))
        self.assertGreater(got["counter"], 0)
        idle = self.milk(self.new_path("idle"), frames=1)
        p = self.daoctl("wait", "-t", "0.3", idle, expect=1)
        self.assertIn("no new frame", p.err)

    def test_watch_follows_a_milk_stream(self):
        milk = self.new_path("watch")
        self.running_milk(milk, rate=100)
        lines = [json.loads(l) for l in self.daoctl("watch", "-c", "2", "-i", "0.3", "--json", milk).out.splitlines()]
        self.assertEqual(len(lines), 2)
        self.assertEqual(lines[1]["format"], "milk")
        self.assertGreater(lines[1]["reads"], 0)
        self.assertEqual(lines[1]["torn"], 0)
        text = self.daoctl("watch", "-c", "1", "-i", "0.2", milk).out
        self.assertTrue(text.rstrip("\n").endswith("(milk)"))

    # -- never a byte changed ----------------------------------------------------

    def test_reading_commands_change_nothing(self):
        milk = self.milk(self.new_path("ro"), "--keywords", "2", "--fill-keywords", "--cb", "3", frames=2)
        before = self.bytes_of(milk)
        mtime = os.stat(milk).st_mtime_ns
        self.daoctl("ls", "-i", "0.1", self.dir)
        self.daoctl("info", milk)
        self.daoctl("info", "--json", milk)
        self.daoctl("watch", "-c", "1", "-i", "0.1", milk)
        self.daoctl("wait", "-t", "0.1", milk, expect=1)
        self.assertEqual(self.bytes_of(milk), before)
        self.assertEqual(os.stat(milk).st_mtime_ns, mtime)

    # -- rm and purge --------------------------------------------------------------

    def test_rm_leaves_milk_alone_unless_asked(self):
        milk = self.milk(self.new_path("rm"))
        p = self.daoctl("rm", milk, expect=1)
        self.assertIn("milk", p.err)
        self.assertTrue(os.path.exists(milk))
        self.daoctl("rm", "--force", milk, expect=1)
        self.assertTrue(os.path.exists(milk))
        self.assertIn("would remove", self.daoctl("rm", "--milk", "--dry-run", milk).out)
        self.assertTrue(os.path.exists(milk))
        self.daoctl("rm", "--milk", milk)
        self.assertFalse(os.path.exists(milk))

    def test_a_milk_stream_keeps_no_dao_semaphores_alive(self):
        """rm keeps a DAO set while another stream of the stem uses it; a milk
        stream of that stem does not use it."""
        dao = self.create(self.new_path("twin"))
        stem = os.path.basename(dao).split(".")[0]
        other = self.mkdir()
        self.milk(os.path.join(other, stem + ".im.shm"))
        self.assertTrue(h.semaphore_files(stem))
        out = self.daoctl("rm", "--dir", other, dao).out
        self.assertNotIn("kept semaphores", out)
        self.assertEqual(h.semaphore_files(stem), [])

    def test_purge_leaves_milk_alone(self):
        milk = self.milk(self.new_path("purge"))
        shm = self.mkdir()
        # A "1.05" named semaphore of a milk stream in /milk/shm, and an
        # orphaned DAO set.
        milk_sem = "sem..milk.shm.cam_sem00"
        orphan = "sem.%s_sem00" % h.unique("orphan")
        for name in (milk_sem, orphan):
            open(os.path.join(shm, name), "wb").close()
        got = self.daoctl_json("purge", "--shm-dir", shm, self.dir)
        removed = [f for o in got["orphans"] for f in o["files"]]
        self.assertEqual(removed, [orphan])
        self.assertTrue(os.path.exists(os.path.join(shm, milk_sem)))
        self.assertTrue(os.path.exists(milk))


if __name__ == "__main__":
    h.main()
