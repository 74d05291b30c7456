/* daoview-remote.h — what daoview needs of remote streams beyond the frame
 * source (daoview-source-remote.c): the CURVE keys every remote connection
 * of the process uses (--curve-keys DIR), telling a server's address from
 * a stream's, and a server's listing for the chooser.
 *
 * Built with libdao-remote when the `remote` option found libzmq and liblz4;
 * otherwise daoview-remote-unavailable.c answers every call with
 * DAOVIEW_REMOTE_E_UNAVAILABLE and the source class is absent. Plain C,
 * GTK- and GLib-free.
 */
#ifndef DAOVIEW_REMOTE_H
#define DAOVIEW_REMOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <dao.h>

/* Below DAOVIEW_SOURCE_ERROR_BASE and outside dao-remote.h's range. */
#define DAOVIEW_REMOTE_E_UNAVAILABLE (-20001) /* built without libdao-remote */

/* DaoviewSourceInfo.format of a remote stream, by the kind the server reads. */
#define DAOVIEW_REMOTE_FORMAT_DAO "DAO (remote)"
#define DAOVIEW_REMOTE_FORMAT_MILK "milk (remote)"

/* Is `format` (a DaoviewStreamStatus's) a remote stream's? */
bool daoview_remote_is_format (const char *format);

/* Is remote support built in? */
bool daoview_remote_available (void);

/* Use the client keys in `dir` (client.key, client.pub, server.pub: see
 * docs/wire-format.md) for every remote connection made from now on; NULL
 * for plain connections. Call before the first connection (it is read by
 * reader threads). 0, or the code of the key file that failed. */
int daoview_remote_use_keys (const char *dir);

/* "tcp://HOST[:PORT]" or "tcp://HOST[:PORT]/": a server, not a stream. */
bool daoview_remote_is_server (const char *location);

/* One stream a server offers. */
typedef struct {
  char location[320];           /* "tcp://HOST:PORT/NAME", to open */
  char name[64];
  bool milk;                    /* a milk stream on the server (else DAO) */
  bool valid;                   /* false: offered, not readable now */
  dao_type type;
  unsigned naxis;
  uint32_t shape[DAO_MAX_AXES];
  uint64_t counter;
} DaoviewRemoteEntry;

/* What the server at `server` offers, sorted by name, within timeout_ns.
 * 0 with a malloc'ed array in *entries (free() it), or a code with
 * *entries NULL: -ETIMEDOUT (no answer: down, or refusing our keys), a
 * DAO_REMOTE_E_* code, DAOVIEW_REMOTE_E_UNAVAILABLE. Blocks: call it from a
 * worker thread. */
int daoview_remote_list (const char *server, int64_t timeout_ns, DaoviewRemoteEntry **entries,
                         size_t *count);

/* Text for DAO_REMOTE_E_* codes and DAOVIEW_REMOTE_E_UNAVAILABLE; NULL for
 * any other code. Static. */
const char *daoview_remote_strerror (int code);

#endif /* DAOVIEW_REMOTE_H */
