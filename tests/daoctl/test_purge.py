"""daoctl purge: orphaned semaphore sets in a private --shm-dir are removed,
and nothing outside the patterns, nothing a stream owns (in /tmp, in the
directories given, in their subdirectories, whatever the stream's name),
nothing a process maps, nothing of another user, and nothing at all when a
directory cannot be scanned. One test reads the real /dev/shm, with
--dry-run only: other processes' semaphores there are not ours to remove."""
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

    def plant_set(self, stem, slots=(0, 1)):
        """The files of a semaphore set, as sem_open() leaves them."""
        return sorted([self.touch("sem.%s_sem%02d" % (stem, k)) for k in slots] +
                      [self.touch("sem.%s_semlog" % stem)])

    def bytes_of(self, names):
        return sum(os.stat(os.path.join(self.shm, n)).st_blocks * 512 for n in names)

    def present(self):
        return sorted(os.listdir(self.shm))

    def stems_listed(self, *args):
        return sorted(o["stem"] for o in self.daoctl_json("purge", "--shm-dir", self.shm, *args)["orphans"])

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
                                        for n in orphans) +
                         "would remove 1 orphaned set: 4 files, %d bytes\n" % self.bytes_of(orphans))
        self.assertEqual(self.present(), before)

        result = self.daoctl_json("purge", "--shm-dir", self.shm, self.streams)
        self.assertEqual(result["shm_dir"], self.shm)
        self.assertEqual(result["directories"], ["/tmp", self.shm, self.streams])
        self.assertEqual(result["max_depth"], 3)
        self.assertFalse(result["dry_run"])
        self.assertEqual(result["orphans"], [{"stem": orphan, "files": orphans, "uid": os.geteuid(),
                                              "removed": True, "in_use_by": [], "other_user": False}])
        self.assertEqual(result["summary"]["sets"], 1)
        self.assertEqual(result["summary"]["files"], 4)
        self.assertEqual(result["summary"]["kept_sets"], 0)
        self.assertEqual(self.present(), sorted(kept))
        self.assertEqual(self.daoctl("purge", "--shm-dir", self.shm, self.streams).out,
                         "no orphaned semaphores in %s\n" % self.shm)

    def test_dry_run_sums_up(self):
        # Three orphaned sets, one kept because a process maps it: the last
        # line counts sets, files and the bytes they take.
        sets = [self.plant_set(h.unique("sum"), slots=range(k + 1)) for k in range(3)]
        busy = self.plant_set(h.unique("busy"))
        user, _ = self.start_peer("map", os.path.join(self.shm, busy[0]))
        lines = self.daoctl("purge", "-n", "--shm-dir", self.shm, self.streams).out.splitlines()
        files = [n for s in sets for n in s]
        self.assertEqual(lines[-1], "would remove 3 orphaned sets: %d files, %d bytes; kept 1 orphaned set in "
                                    "use or of another user" % (len(files), self.bytes_of(files)))
        self.assertEqual(len(files), 9)
        self.assertGreater(self.bytes_of(files), 0)
        self.kill_peer(user)

    def test_live_streams_of_any_name_and_directory_keep_their_sets(self):
        # Live writers whose semaphores this purge cannot see in /proc (they
        # post the real /dev/shm; the planted sets here stand for the same
        # sets seen from a container sharing /dev/shm): only the streams
        # can keep their sets. Each is where the old purge did not look.
        deep = os.path.join(self.streams, "lab", "wfs")
        os.makedirs(deep)
        elsewhere = self.mkdir(parent="/var/tmp")
        top = os.path.join("/tmp", h.unique("top") + ".im.shm")  # in /tmp itself, not given
        self.addCleanup(lambda: os.path.exists(top) and os.unlink(top))
        paths = {
            "top": top,
            "deep": os.path.join(deep, h.unique("deep") + ".im.shm"),     # two levels down
            "named": os.path.join(self.streams, h.unique("named") + ".raw"),  # not *.im.shm
            "given": os.path.join(elsewhere, h.unique("given") + ".im.shm"),  # given on the command line
        }
        for path in paths.values():
            self.stems.append(os.path.basename(path).split(".")[0])
            self.create(path, "uint16", "8x8")
            self.start_peer("write", path, "20")
            self.plant_set(os.path.basename(path).split(".")[0])
        orphan = h.unique("gone")
        self.plant_set(orphan)
        # A file of the right stem that is not a stream does not own a set.
        not_a_stream = h.unique("text")
        with open(os.path.join(self.streams, not_a_stream + ".txt"), "w") as f:
            f.write("notes\n")
        self.plant_set(not_a_stream)

        self.assertEqual(self.stems_listed("-n", self.streams, elsewhere), sorted([orphan, not_a_stream]))
        # The depth is bounded: one level below the directories misses "deep"
        # (/tmp/daoctl-test-…/lab/wfs is three below /tmp).
        deep_stem = os.path.basename(paths["deep"]).split(".")[0]
        self.assertEqual(self.stems_listed("-n", "--max-depth", "1", self.streams, elsewhere),
                         sorted([orphan, not_a_stream, deep_stem]))
        # Without `elsewhere` given, its stream is not seen.
        given_stem = os.path.basename(paths["given"]).split(".")[0]
        self.assertIn(given_stem, self.stems_listed("-n", self.streams))

        self.daoctl("purge", "--shm-dir", self.shm, self.streams, elsewhere)
        left = {n.split(".")[1].rsplit("_sem", 1)[0] for n in self.present()}
        self.assertEqual(left, {os.path.basename(p).split(".")[0] for p in paths.values()})

    def test_sets_of_another_user_are_kept(self):
        # Planted by another user's process (runuser -u nobody), 0666 and
        # 0600, with no stream anywhere: not ours to judge unless asked.
        theirs = h.unique("theirs")
        planted = sorted(self.plant_as_nobody(os.path.join(self.shm, "sem.%s_sem%02d" % (theirs, k)), mode=m)
                         for k, m in ((0, 0o666), (1, 0o600)))
        mine = self.plant_set(h.unique("mine"))
        mine_bytes = self.bytes_of(mine)
        p = self.daoctl("purge", "--shm-dir", self.shm, self.streams)
        for name in planted:
            self.assertIn("kept %s/%s (orphaned set '%s' of uid %d; --all-users removes it)\n"
                          % (self.shm, name, theirs, h.NOBODY), p.out)
        self.assertTrue(p.out.endswith("removed 1 orphaned set: 3 files, %d bytes; kept 1 orphaned set in use "
                                       "or of another user\n" % mine_bytes), p.out)
        self.assertEqual(self.present(), planted)
        result = self.daoctl_json("purge", "--all-users", "--shm-dir", self.shm, self.streams)
        self.assertEqual([(o["stem"], o["uid"], o["other_user"], o["removed"]) for o in result["orphans"]],
                         [(theirs, h.NOBODY, True, True)])
        self.assertEqual(self.present(), [])

    def test_every_directory_given_counts(self):
        orphan, orphans, kept = self.populate()
        elsewhere = self.mkdir(parent="/var/tmp")
        self.create(os.path.join(elsewhere, orphan + ".im.shm"), "uint8", "2")
        self.stems.append(orphan)
        # Scanning /tmp (with `streams`) only, the set looks orphaned; with
        # `elsewhere` given too, it is owned.
        self.assertEqual(self.stems_listed("-n", self.streams), [orphan])
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
                                        % (self.shm, n, orphan, user.pid) for n in orphans) +
                         "removed 0 orphaned sets: 0 files, 0 bytes; kept 1 orphaned set in use or of another "
                         "user\n")
        self.assertEqual(self.present(), sorted(kept + orphans))
        result = self.daoctl_json("purge", "--shm-dir", self.shm, self.streams)
        self.assertEqual([(o["stem"], o["files"], o["removed"], o["in_use_by"]) for o in result["orphans"]],
                         [(orphan, orphans, False, [user.pid])])
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
                                                         "sem.%s_semlog" % stem], "uid": os.geteuid(),
                                 "removed": False, "in_use_by": [], "other_user": False}])
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
