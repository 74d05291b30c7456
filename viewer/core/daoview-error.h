/* daoview-error.h — return codes of libdao and of frame sources become
 * GError here, and nowhere else.
 *
 * An operating-system error (-errno) becomes a G_IO_ERROR with the code
 * g_io_error_from_errno() gives, so callers can test G_IO_ERROR_NOT_FOUND
 * and friends. A protocol fact (a DAO_E_* code) becomes DAOVIEW_STREAM_ERROR
 * with a positive code of the enum below, one per DAO_E_* (generated from
 * libdao's own table, so a code added there appears here). A source's own
 * code (a wire format's) becomes DAOVIEW_STREAM_ERROR_SOURCE.
 */
#pragma once

#include <gio/gio.h>

#include "daoview-source.h"

G_BEGIN_DECLS

#define DAOVIEW_STREAM_ERROR (daoview_stream_error_quark ())
GQuark daoview_stream_error_quark (void);

typedef enum {
  DAOVIEW_STREAM_ERROR_SOURCE = 1, /* a frame source's own failure */
#define DAOVIEW__STREAM_ERROR_ENUM(name, value, text) DAOVIEW_STREAM_ERROR_##name = -(value),
  DAO_ERROR_MAP (DAOVIEW__STREAM_ERROR_ENUM)
#undef DAOVIEW__STREAM_ERROR_ENUM
} DaoviewStreamError;

/* A new error for `code` (not 0) as returned by libdao or by a source of
 * `klass` (NULL: libdao itself). Its message is the code's sentence, after
 * "context: " when context is not NULL. The viewer's one way of turning a
 * code into words. */
GError *daoview_error_new (const DaoviewSourceClass *klass, int code, const char *context);

G_END_DECLS
