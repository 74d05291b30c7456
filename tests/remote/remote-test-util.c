/* remote-test-util.c — see remote-test-util.h. */
#include "remote-test-util.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dao-remote.h"

static int server_main(server_args *a)
{
    dao_remote_server_options o = DAO_REMOTE_SERVER_OPTIONS_INIT;
    o.bind = a->bind[0] ? a->bind : "tcp://127.0.0.1:*";
    o.lz4 = a->lz4;
    o.wake_on_semaphore = a->semaphore;
    o.max_fps = a->max_fps;
    o.curve_dir = a->curve_dir;
    o.hold_ns = a->hold_ns ? a->hold_ns : 200000000;
    dao_remote_server *srv;
    int rc = dao_remote_server_new(&srv, &o);
    char msg[160] = "";
    for (unsigned i = 0; rc == 0 && i < a->n_paths; i++)
        rc = dao_remote_server_add(srv, a->paths[i]);
    if (rc == 0)
        snprintf(msg, sizeof msg, "%s", dao_remote_server_endpoint(srv));
    else
        snprintf(msg, sizeof msg, "ERROR %s", dao_remote_err_name(rc));
    if (write(a->pipe_fd, msg, strlen(msg) + 1) < 0)
        return 3;
    close(a->pipe_fd);
    if (rc < 0)
        return 2;
    for (;;)
        dao_remote_server_run(srv, 1000000000);
}

pid_t remote_server_start(server_args *a, char *endpoint, size_t len)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    a->pipe_fd = fds[1];
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the test */
        close(fds[0]);
        _exit(server_main(a));
    }
    close(fds[1]);
    size_t got = 0;
    ssize_t n;
    while (pid > 0 && got < len - 1 && (n = read(fds[0], endpoint + got, len - 1 - got)) > 0)
        got += (size_t)n;
    endpoint[got] = 0;
    close(fds[0]);
    if (pid > 0 && strncmp(endpoint, "tcp://", 6) != 0) {
        remote_server_stop(pid);
        return -1;
    }
    return pid;
}

int remote_server_stop(pid_t pid)
{
    kill(pid, SIGKILL);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

bool remote_server_alive(pid_t pid)
{
    int status;
    return waitpid(pid, &status, WNOHANG) == 0;
}

int remote_copy_key(const char *from, const char *to)
{
    char key[41];
    int rc = dao_remote_key_read(from, key);
    if (rc < 0)
        return rc;
    FILE *f = fopen(to, "w");
    if (!f)
        return -errno;
    int ok = fprintf(f, "%s\n", key) > 0;
    return fclose(f) == 0 && ok ? 0 : -EIO;
}

int remote_make_key_pair(const char *server_dir, const char *client_dir)
{
    char from[512], to[512];
    int rc = dao_remote_keys_make(server_dir, "server");
    if (rc == 0)
        rc = dao_remote_keys_make(client_dir, "client");
    if (rc == 0) {
        snprintf(from, sizeof from, "%s/client.pub", client_dir);
        snprintf(to, sizeof to, "%s/authorized/client.pub", server_dir);
        rc = remote_copy_key(from, to);
    }
    if (rc == 0) {
        snprintf(from, sizeof from, "%s/server.pub", server_dir);
        snprintf(to, sizeof to, "%s/server.pub", client_dir);
        rc = remote_copy_key(from, to);
    }
    return rc;
}
