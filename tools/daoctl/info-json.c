/* info-json.c — see info-json.h. */
#include "info-json.h"

#include "daoctl.h"

void daoctl_info_json_geometry(daocommon_json *j, const char *name, unsigned naxis, const uint32_t size[3],
                               uint64_t nelement)
{
    daocommon_json_kv_string(j, "name", name);
    daocommon_json_kv_uint(j, "naxis", naxis);
    daocommon_json_key(j, "size");
    daocommon_json_begin_array(j);
    for (int a = 0; a < 3; a++)
        daocommon_json_uint(j, size[a]);
    daocommon_json_end_array(j);
    daocommon_json_kv_uint(j, "nelement", nelement);
}

void daoctl_info_json_file(daocommon_json *j, const dao_stream *s, int writer_state)
{
    uint64_t size = dao_stream_file_size(s), expected = dao_stream_expected_file_size(s);
    daocommon_json_kv_uint(j, "frame_size", dao_stream_frame_size(s));
    daocommon_json_kv_uint(j, "file_size", size);
    daocommon_json_kv_uint(j, "expected_file_size", expected);
    daocommon_json_kv_bool(j, "size_ok", size == expected);
    daocommon_json_kv_string(j, "writer", daoctl_writer_state_name(writer_state));
}
