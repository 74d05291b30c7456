/* remote-private.h — what the client and the server of libdao-remote share
 * besides the wire format: clocks, socket set-up, and the list of client
 * keys a CURVE server lets in. */
#ifndef DAO_REMOTE_PRIVATE_H
#define DAO_REMOTE_PRIVATE_H

#include <stdint.h>

#include "dao-remote.h"

#define REMOTE_MAX_AUTHORIZED 1024

typedef struct remote_key_list {
    unsigned count;
    char keys[REMOTE_MAX_AUTHORIZED][41];
} remote_key_list;

int64_t dao_remote__now_mono_ns(void);
int64_t dao_remote__now_real_ns(void);

/* ZeroMQ's errno as our code: -errno, never 0. */
int dao_remote__zmq_error(void);

/* Options every socket of ours gets: no linger at close (a dead peer must
 * not hold up exit), and the same reconnect pace. */
int dao_remote__socket_common(void *sock);

/* Read server.key and every authorized/NAME.pub of dir. */
int dao_remote__server_keys_load(const char *dir, char secret[41], remote_key_list *authorized);

/* Answer one ZAP request waiting on `zap` (a REP socket bound to
 * inproc://zeromq.zap.01): 200 for a CURVE client whose key is listed,
 * 400 for anyone else. */
int dao_remote__zap_answer(void *zap, const remote_key_list *authorized);

#endif /* DAO_REMOTE_PRIVATE_H */
