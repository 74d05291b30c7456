"""daoctl purge: orphaned semaphore sets in a private --shm-dir are removed,
and nothing outside the patterns, nothing a stream owns, and nothing at all
when a directory cannot be scanned. One test reads the real /dev/shm, with
--dry-run only: other processes' semaphores there are not ours to remove."""
import json
import os

import daoctl_harness as h
from daoctl_harness import DaoctlTestCase


class PurgeTest(DaoctlTestCase):
    def setUp(self):
        super().setUp()
        self.shm = self.mkdir()
        self.streams = self.mkdir()

    def touch(self, name):
        # 32 bytes, the size of glibc's semaphore files, so it can be mapped.
        path = os.path.join(self.shm, name)
        with open(path, "wb") as f:
            f.write(b"\0" * 32)
        return name

    def present(self):
        return sorted(os.listdir(self.shm))

    def populate(self):
        orphan, live, bad = h.unique("orph"), h.unique("live"), h.unique("bad")
        orphans = [self.touch("sem.%s_sem%02d" % (orphan, k)) for k in range(3)] + \
            [self.touch("sem.%s_semlog" % orphan)]
        # Owned: a valid stream, and a file that is not a valid stream but
        # has the name (the set may be its writer's, about to recreate it).
        owned = [self.touch("sem.%s_sem00" % live), self.touch("sem.%s_semlog" % live),
                 self.touch("sem.%s_sem07" % bad)]
        self.create(os.path.join(self.streams, live + ".im.shm"), "uint8", "2")
        self.stems.append(live)
        with open(os.path.join(self.streams, bad + ".im.shm"), "wb") as f:
            f.write(b"garbage")
        # Outside the patterns: never touched whatever the stems.
        foreign = [self.touch(n) for n in ("sem.%s" % orphan, "sem.%s_sem0" % orphan, "sem.%s_sem100" % orphan,
                                          "sem.x.%s_sem00" % orphan, "%s_sem00" % orphan,
                                          "sem.%s_semlogx" % orphan, "sem.%s_semAB" % orphan)]
        link = "sem.%s_sem05" % h.unique("link")
        os.symlink(os.path.join(self.streams, "target"), os.path.join(self.shm, link))
        folder = "sem.%s_sem01" % h.unique("dir")
        os.mkdir(os.path.join(self.shm, folder))
        return orphan, sorted(orphans), owned + foreign + [link, folder]

    def test_dry_run_then_purge(self):
        orphan, orphans, kept = self.populate()
        before = self.present()
        p = self.daoctl("purge", "--dry-run", "--shm-dir", self.shm, self.streams)
        self.assertEqual(p.out, "".join("would remove %s/%s (orphaned set '%s')\n" % (self.shm, n, orphan)
                                        for n in orphans))
        self.assertEqual(self.present(), before)

        result = self.daoctl_json("purge", "--shm-dir", self.shm, self.streams)
        self.assertEqual(result["shm_dir"], self.shm)
        self.assertEqual(result["directories"], [self.streams])
        self.assertFalse(result["dry_run"])
        self.assertEqual(result["orphans"], [{"stem": orphan, "files": orphans, "removed": True, "in_use_by": []}])
        self.assertEqual(self.present(), sorted(kept))
        self.assertEqual(self.daoctl("purge", "--shm-dir", self.shm, self.streams).out,
                         "no orphaned semaphores in %s\n" % self.shm)

    def test_several_directories_count(self):
        orphan, orphans, kept = self.populate()
        elsewhere = self.mkdir()
        self.create(os.path.join(elsewhere, orphan + ".im.shm"), "uint8", "2")
        self.stems.append(orphan)
        # Scanning only `streams`, the set looks orphaned; with `elsewhere` too, it is owned.
        self.assertEqual(len(self.daoctl_json("purge", "-n", "--shm-dir", self.shm, self.streams)["orphans"]), 1)
        result = self.daoctl_json("purge", "--shm-dir", self.shm, self.streams, elsewhere)
        self.assertEqual(result["orphans"], [])
        self.assertEqual(self.present(), sorted(kept + orphans))

    def test_unreadable_directory_removes_nothing(self):
        orphan, orphans, kept = self.populate()
        before = self.present()
        missing = os.path.join(self.streams, "no-such-dir")
        p = self.daoctl("purge", "--shm-dir", self.shm, self.streams, missing, expect=1)
        self.assertEqual(p.err, "daoctl: %s: No such file or directory\n"
                                "daoctl: purge: nothing removed: every directory must be readable\n" % missing)
        self.assertEqual(self.present(), before)
        p = self.daoctl("purge", "--shm-dir", os.path.join(self.shm, "nope"), self.streams, expect=1)
        self.assertIn("No such file or directory", p.err)

    def test_set_in_use_by_a_process_is_kept(self):
        orphan, orphans, kept = self.populate()
        user, _ = self.start_peer("map", os.path.join(self.shm, orphans[1]))
        p = self.daoctl("purge", "--shm-dir", self.shm, self.streams)
        self.assertEqual(p.out, "".join("kept %s/%s (orphaned set '%s', still in use by pid %d)\n"
                                        % (self.shm, n, orphan, user.pid) for n in orphans))
        self.assertEqual(self.present(), sorted(kept + orphans))
        result = self.daoctl_json("purge", "--shm-dir", self.shm, self.streams)
        self.assertEqual(result["orphans"], [{"stem": orphan, "files": orphans, "removed": False,
                                              "in_use_by": [user.pid]}])
        self.kill_peer(user)
        result = self.daoctl_json("purge", "--shm-dir", self.shm, self.streams)
        self.assertTrue(result["orphans"][0]["removed"])
        self.assertEqual(self.present(), sorted(kept))

    def test_real_semaphores_of_a_removed_stream_are_found(self):
        # A real stream's real semaphores, orphaned by removing only its file
        # (what a crashed DAO writer's clean-up script typically does).
        path = self.create(self.new_path("real", directory=self.streams), "uint8", "2", "--semaphores", "2")
        stem = os.path.basename(path).split(".")[0]
        result = self.daoctl_json("purge", "--dry-run", self.streams)
        self.assertNotIn(stem, [o["stem"] for o in result["orphans"]])
        os.unlink(path)
        result = self.daoctl_json("purge", "--dry-run", self.streams)
        mine = [o for o in result["orphans"] if o["stem"] == stem]
        self.assertEqual(mine, [{"stem": stem, "files": ["sem.%s_sem00" % stem, "sem.%s_sem01" % stem,
                                                         "sem.%s_semlog" % stem], "removed": False,
                                 "in_use_by": []}])
        self.assertEqual(len(h.semaphore_files(stem)), 3)  # dry run: all still there

    def test_real_semaphores_of_a_running_writer_are_in_use(self):
        # The file removed under a live writer (a plain `rm` in a shell): the
        # writer still posts the semaphores. purge must see it in /proc and
        # keep the set.
        path = self.create(self.new_path("run", directory=self.streams), "uint8", "2", "--semaphores", "2")
        stem = os.path.basename(path).split(".")[0]
        writer, _ = self.start_peer("write", path, "20")
        os.unlink(path)
        result = self.daoctl_json("purge", "--dry-run", self.streams)
        mine = [o for o in result["orphans"] if o["stem"] == stem]
        self.assertEqual(mine[0]["in_use_by"], [writer.pid])
        self.assertFalse(mine[0]["removed"])


if __name__ == "__main__":
    h.main()
