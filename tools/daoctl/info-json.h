/* info-json.h — the keys `daoctl info --json` writes alike for a DAO stream
 * (cmd-info.c) and a milk stream (milk.c): the two headers name their
 * geometry fields the same, and the file checks read the handle, whatever
 * its format. One writer each, so the two outputs cannot drift apart. */
#ifndef DAOCTL_INFO_JSON_H
#define DAOCTL_INFO_JSON_H

#include <stdint.h>

#include "dao.h"
#include "daocommon-json.h"

/* "name", "naxis", "size" (the header's three extents, in its own order)
 * and "nelement", inside the "header" object. */
void daoctl_info_json_geometry(daocommon_json *j, const char *name, unsigned naxis, const uint32_t size[3],
                               uint64_t nelement);

/* "frame_size", "file_size", "expected_file_size", "size_ok" and "writer"
 * (the name of writer_state, a dao_stream_writer_state() result). */
void daoctl_info_json_file(daocommon_json *j, const dao_stream *s, int writer_state);

#endif /* DAOCTL_INFO_JSON_H */
