/* viewer-test-remote.h — a real `daoctl serve` for the remote viewer tests,
 * and screenshots of the whole (virtual) screen for looking at states. */
#pragma once

#include "viewer-test-util.h"

/* Start `daoctl serve --bind BIND PATH` (daoctl from env DAOCTL) and wait
 * for it to say where it listens; *endpoint gets "tcp://127.0.0.1:PORT"
 * (g_free it). bind "tcp://127.0.0.1:0" picks a free port. */
VtProcess *vt_start_server (const char *path, const char *bind, char **endpoint);

/* "ENDPOINT/STEM": the address of the stream at `path` on that server. */
char *vt_remote_url (const char *endpoint, const char *path);

/* When env VIEWER_SHOTS names a directory, save the whole screen there as
 * NAME.png (ImageMagick's import). Run the test alone on its display for
 * this: other tests' windows would be in the picture. */
void vt_shot (const char *name);
