/* remote-test-util.h — a dao_remote server in a child process, for the
 * remote tests and the remote benchmark. ZeroMQ contexts never cross a
 * fork: the child makes its own, and the parent should make its own only
 * after forking. */
#ifndef REMOTE_TEST_UTIL_H
#define REMOTE_TEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct server_args {
    const char *paths[16];
    unsigned n_paths;
    bool lz4;
    bool semaphore;      /* wake_on_semaphore */
    double max_fps;      /* the server's cap, 0: none */
    const char *curve_dir;
    char bind[128];      /* "" : tcp://127.0.0.1:* (a free port) */
    long long hold_ns;   /* 0: 200 ms, so stale answers come quickly */
    int pipe_fd;         /* set by remote_server_start() */
} server_args;

/* Fork a server; `endpoint` gets "tcp://127.0.0.1:PORT". Returns the child's
 * pid, or -1 (with the child's error in endpoint) when it could not start. */
pid_t remote_server_start(server_args *a, char *endpoint, size_t len);

/* SIGKILL the child and reap it; returns its wait status as
 * test_wait_child() would (128 + SIGKILL). */
int remote_server_stop(pid_t pid);

bool remote_server_alive(pid_t pid);

/* Copy one Z85 key file (as an admin hands keys around). 0 or a code. */
int remote_copy_key(const char *from, const char *to);

/* A new server key pair in server_dir and a client pair in client_dir, the
 * client listed in server_dir/authorized/, the server's public key copied
 * to client_dir: both ends ready for CURVE. 0 or a code
 * (DAO_REMOTE_E_NO_CURVE without CURVE in libzmq). */
int remote_make_key_pair(const char *server_dir, const char *client_dir);

#endif /* REMOTE_TEST_UTIL_H */
