/* daoview-error.c — libdao and source codes to GError (see daoview-error.h). */
#include "daoview-error.h"

G_DEFINE_QUARK (daoview-stream-error-quark, daoview_stream_error)

GError *
daoview_error_new (const DaoviewSourceClass *klass, int code, const char *context)
{
  const char *text = daoview_source_strerror (klass, code);
  GQuark domain;
  int value;

  g_return_val_if_fail (code < 0, NULL);
  if (code < DAOVIEW_SOURCE_ERROR_BASE)
    domain = DAOVIEW_STREAM_ERROR, value = DAOVIEW_STREAM_ERROR_SOURCE;
  else if (dao_error_is_protocol (code))
    domain = DAOVIEW_STREAM_ERROR, value = -code;
  else
    domain = G_IO_ERROR, value = g_io_error_from_errno (-code);

  if (context)
    return g_error_new (domain, value, "%s: %s", context, text);
  return g_error_new_literal (domain, value, text);
}
