/* daoview-demo-writer.h — a built-in stream for `daoview --demo`.
 *
 * Creates a uniquely named temporary stream in /tmp and feeds it from a
 * thread with an animated AO-like image (a moving, speckled point-spread
 * function) at a few hundred Hz. Disposing it stops the thread and removes
 * the file and its semaphores.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DAOVIEW_DEMO_WIDTH 256
#define DAOVIEW_DEMO_HEIGHT 256
#define DAOVIEW_DEMO_RATE_HZ 400

#define DAOVIEW_TYPE_DEMO_WRITER (daoview_demo_writer_get_type ())
G_DECLARE_FINAL_TYPE (DaoviewDemoWriter, daoview_demo_writer, DAOVIEW, DEMO_WRITER, GObject)

/* Returns NULL and a libdao code in *code (see dao_strerror()) on failure. */
DaoviewDemoWriter *daoview_demo_writer_new (int *code);

const char *daoview_demo_writer_get_path (DaoviewDemoWriter *self);

/* Stop writing and remove the stream (dispose does it too). */
void daoview_demo_writer_stop (DaoviewDemoWriter *self);

G_END_DECLS
