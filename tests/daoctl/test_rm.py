"""daoctl rm: files and semaphores removed, refused while a libdao writer
lives, kept while another stream with the same stem uses them."""
import os

import daoctl_harness as h
from daoctl_harness import DaoctlTestCase, semaphore_files


def stem_of(path):
    return os.path.basename(path).split(".")[0]


class RmTest(DaoctlTestCase):
    def test_removes_file_and_semaphores(self):
        path = self.create(self.new_path(), "uint8", "4", "--semaphores", "3")
        stem = stem_of(path)
        self.assertEqual(len(semaphore_files(stem)), 4)
        p = self.daoctl("rm", path)
        self.assertEqual(p.out, "removed %s\nremoved 4 semaphores /%s_sem00 … /%s_semlog\n" % (path, stem, stem))
        self.assertFalse(os.path.exists(path))
        self.assertEqual(semaphore_files(stem), [])

    def test_dry_run_removes_nothing(self):
        path = self.create(self.new_path(), "uint8", "4")
        p = self.daoctl("rm", "--dry-run", path)
        self.assertIn("would remove %s\n" % path, p.out)
        self.assertIn("would remove 11 semaphores", p.out)
        self.assertTrue(os.path.exists(path))
        self.assertEqual(len(semaphore_files(stem_of(path))), 11)

    def test_refuses_while_writer_alive(self):
        path = self.create(self.new_path(), "uint8", "4")
        writer, _ = self.start_peer("write", path, "20")
        p = self.daoctl("rm", path, expect=1)
        self.assertEqual(p.err, "daoctl: %s: not removed: a libdao writer is alive (use --force to remove it "
                                "anyway)\n" % path)
        self.assertTrue(os.path.exists(path))
        self.assertEqual(len(semaphore_files(stem_of(path))), 11)
        self.daoctl("rm", "--force", path)
        self.assertFalse(os.path.exists(path))
        self.assertIsNone(writer.poll())  # the writer keeps its mapping and runs on

    def test_removes_after_writer_killed(self):
        path = self.create(self.new_path(), "uint8", "4")
        writer, _ = self.start_peer("write", path, "20")
        self.kill_peer(writer)
        self.daoctl("rm", path)
        self.assertFalse(os.path.exists(path))
        self.assertEqual(semaphore_files(stem_of(path)), [])

    def test_keeps_semaphores_of_a_shared_stem(self):
        other = self.mkdir(parent="/var/tmp")
        a = self.create(self.new_path("twin"), "uint8", "2")
        b = self.create(os.path.join(other, os.path.basename(a)), "uint8", "2")
        stem = stem_of(a)
        # Without --dir, rm cannot know about `other` (not under /tmp, not a's dir).
        p = self.daoctl("rm", "--dry-run", a)
        self.assertIn("would remove 11 semaphores", p.out)
        p = self.daoctl("rm", a, "--dir", other)
        self.assertEqual(p.out, "removed %s\nkept semaphores /%s_sem*: still used by %s\n" % (a, stem, b))
        self.assertEqual(len(semaphore_files(stem)), 11)
        self.daoctl("rm", b)
        self.assertEqual(semaphore_files(stem), [])

    def test_shared_stem_in_the_same_directory(self):
        a = self.create(self.new_path("cousin"), "uint8", "2")
        b = self.create(a.replace(".im.shm", ".v2.im.shm"), "uint8", "2")
        p = self.daoctl("rm", a)
        self.assertIn("kept semaphores", p.out)
        self.assertIn(b, p.out)
        self.assertEqual(len(semaphore_files(stem_of(a))), 11)
        # Both in one command: the second takes the semaphores with it.
        c = self.create(a, "uint8", "2")
        self.daoctl("rm", b, c)
        self.assertEqual(semaphore_files(stem_of(a)), [])

    def test_finds_sharers_in_subdirectories_and_of_any_name(self):
        # /tmp/…/lab/b.im.shm two levels down, and a valid stream named
        # *.raw: both use a's semaphores, so rm a keeps them.
        a = self.create(self.new_path("kin"), "uint8", "2")
        stem = stem_of(a)
        lab = os.path.join(self.mkdir(), "lab", "wfs")
        os.makedirs(lab)
        deep = self.create(os.path.join(lab, stem + ".im.shm"), "uint8", "2")
        raw = self.create(os.path.join(self.mkdir(), stem + ".raw"), "uint8", "2")
        p = self.daoctl("rm", a)
        self.assertEqual(p.out, "removed %s\nkept semaphores /%s_sem*: still used by %s\n"
                         % (a, stem, " ".join(sorted([deep, raw]))))
        self.assertEqual(len(semaphore_files(stem)), 11)
        self.daoctl("rm", deep, raw)
        self.assertEqual(semaphore_files(stem), [])

    def test_refuses_while_a_process_maps_the_file(self):
        # A writer that is not libdao's (its state is "unknown"): it maps the
        # file, and /proc shows it.
        path = self.create(self.new_path("mapped"), "uint8", "4")
        user, _ = self.start_peer("map", path)
        info = self.daoctl_json("info", path)
        self.assertEqual(info["writer"], "gone" if h.xattrs_supported(self.dir) else "unknown")
        p = self.daoctl("rm", path, expect=1)
        self.assertEqual(p.err, "daoctl: %s: not removed: it is in use by pid %d (use --force to remove it "
                                "anyway)\n" % (path, user.pid))
        self.assertTrue(os.path.exists(path))
        self.assertEqual(len(semaphore_files(stem_of(path))), 11)
        self.daoctl("rm", "--force", path)
        self.assertFalse(os.path.exists(path))
        self.assertEqual(semaphore_files(stem_of(path)), [])

    def test_refuses_while_its_semaphores_are_in_use(self):
        # A process still has one of the stream's semaphores open (a reader
        # of a file removed earlier): its set is this stream's alone, so the
        # stream is in use.
        path = self.create(self.new_path("semuser"), "uint8", "4")
        stem = stem_of(path)
        user, _ = self.start_peer("map", "/dev/shm/sem.%s_sem03" % stem)
        p = self.daoctl("rm", path, expect=1)
        self.assertEqual(p.err, "daoctl: %s: not removed: its semaphores are in use by pid %d (use --force to "
                                "remove it anyway)\n" % (path, user.pid))
        self.assertTrue(os.path.exists(path))
        # Shared with another stream, the semaphores stay whatever rm does:
        # their users then do not keep this file.
        twin = self.create(path.replace(".im.shm", ".v2.im.shm"), "uint8", "4")
        p = self.daoctl("rm", path)
        self.assertIn("kept semaphores /%s_sem*: still used by %s" % (stem, twin), p.out)
        self.assertFalse(os.path.exists(path))
        self.kill_peer(user)
        self.daoctl("rm", twin)
        self.assertEqual(semaphore_files(stem), [])

    def test_keeps_semaphores_of_another_user(self):
        # One semaphore of the set belongs to another user (planted with
        # runuser -u nobody): the file goes, the set stays.
        path = self.create(self.new_path("planted"), "uint8", "4", "--semaphores", "4")
        stem = stem_of(path)
        os.unlink("/dev/shm/sem.%s_sem02" % stem)
        self.plant_as_nobody("/dev/shm/sem.%s_sem02" % stem)
        p = self.daoctl("rm", path)
        self.assertEqual(p.out, "removed %s\nkept semaphores /%s_sem00 …: /%s_sem02 belongs to uid %d, not to "
                                "the stream's owner (uid %d; --force removes them)\n"
                         % (path, stem, stem, h.NOBODY, os.geteuid()))
        self.assertEqual(len(semaphore_files(stem)), 5)
        self.assertEqual(os.stat("/dev/shm/sem.%s_sem02" % stem).st_uid, h.NOBODY)

    def test_invalid_file_needs_force(self):
        path = self.new_path("bad")
        with open(path, "wb") as f:
            f.write(b"\0" * 5000)
        p = self.daoctl("rm", path, expect=1)
        self.assertEqual(p.err, "daoctl: %s: not removed: number of axes is not 1, 2 or 3 (use --force to "
                                "remove it anyway)\n" % path)
        self.assertTrue(os.path.exists(path))
        self.daoctl("rm", "--force", path)
        self.assertFalse(os.path.exists(path))

    def test_missing_path_does_not_stop_the_others(self):
        missing = self.new_path("missing")
        path = self.create(self.new_path(), "uint8", "2")
        p = self.daoctl("rm", missing, path, expect=1)
        self.assertEqual(p.err, "daoctl: %s: No such file or directory\n" % missing)
        self.assertFalse(os.path.exists(path))
        p = self.daoctl("rm", self.dir, expect=1)
        self.assertEqual(p.err, "daoctl: %s: Is a directory\n" % self.dir)
        self.assertTrue(os.path.isdir(self.dir))


if __name__ == "__main__":
    h.main()
