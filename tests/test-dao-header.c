/* test-dao-header.c — runs the example at the top of dao.h, as written.
 *
 * extract-header-example.sh puts the example in front of this file, so the
 * functions below are the header's own: a producer writes a FIFO stream
 * while a consumer of the newest frame and a consumer of every frame in
 * order follow it, each in its own process. The example only counts as
 * working if all three exit 0.
 */
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t run(int (*fn)(const char *, int), const char *path, int frames)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        int rc = fn(path, frames);
        fflush(NULL);
        _exit(rc);
    }
    return pid;
}

static int status_of(pid_t pid)
{
    int status;
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(void)
{
    char dir[] = "/tmp/dao-header-XXXXXX", path[128];
    if (!mkdtemp(dir))
        return 99;
    snprintf(path, sizeof(path), "%s/hdr%ld.im.shm", dir, (long)getpid());
    pid_t producer = run(produce, path, 2000); /* two seconds at 1 kHz */
    struct stat st;
    for (int i = 0; i < 1000 && stat(path, &st) != 0; i++)
        nanosleep(&(struct timespec){0, 2000000}, NULL);
    pid_t newest = run(consume, path, 20);
    pid_t in_order = run(consume_in_order, path, 20);
    int failures = 0;
    failures += status_of(newest) != 0;
    failures += status_of(in_order) != 0;
    kill(producer, SIGTERM); /* it has done its part */
    status_of(producer);
    dao_stream_unlink(path);
    rmdir(dir);
    if (failures)
        fprintf(stderr, "%d of the example's consumers failed\n", failures);
    return failures != 0;
}
