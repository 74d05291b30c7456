/* remote-mirror.c — the newest remote frame into a local stream: what
 * `daoctl mirror` does for each frame, and what Python's subscriber side
 * (subHost) is meant to call, so that both keep a local stream the same way. */
#include <errno.h>
#include <string.h>

#include "dao-remote.h"

/* A local stream of the frame's geometry: kept while it matches (and is
 * still the file at its path), created again when the remote one changed
 * shape, type or keyword capacity. */
static int ensure_local(dao_stream **local, const char *path, const dao_remote_frame *f, bool *created)
{
    dao_stream *s = *local;
    *created = false;
    if (s && dao_stream_type(s) == f->type && dao_stream_naxis(s) == f->naxis &&
        memcmp(dao_stream_shape(s), f->shape, sizeof f->shape) == 0 &&
        dao_stream_keyword_capacity(s) >= f->keyword_count && dao_stream_check_path(s) == 0)
        return 0;
    dao_stream_close(s);
    *local = NULL;
    dao_create_options co = DAO_CREATE_OPTIONS_INIT;
    co.keywords = f->keyword_capacity;
    int rc = dao_stream_create(local, path, f->type, f->naxis, f->shape, &co);
    *created = rc == 0;
    return rc;
}

static int copy_keywords(dao_stream *local, const dao_remote *r, unsigned count)
{
    for (unsigned i = 0; i < count; i++) {
        dao_keyword k;
        int rc = dao_remote_frame_keyword(r, i, &k);
        if (rc == 0 && k.type == DAO_KEYWORD_INT)
            rc = dao_stream_keyword_set_int(local, k.name, k.value.i, k.comment);
        else if (rc == 0 && k.type == DAO_KEYWORD_DOUBLE)
            rc = dao_stream_keyword_set_double(local, k.name, k.value.d, k.comment);
        else if (rc == 0)
            rc = dao_stream_keyword_set_string(local, k.name, k.value.s, k.comment);
        if (rc < 0 && rc != DAO_E_KEYWORDS_FULL)
            return rc;
    }
    return 0;
}

int dao_remote_mirror_write(dao_remote *r, dao_stream **local, const char *path, bool *created)
{
    const dao_remote_frame *f = dao_remote_frame_info(r);
    bool made = false;
    if (created)
        *created = false;
    if (!f)
        return -ENODATA;
    int rc = ensure_local(local, path, f, &made);
    if (created)
        *created = made;
    if (rc < 0)
        return rc;
    rc = copy_keywords(*local, r, f->keyword_count);
    if (rc < 0)
        return rc;
    /* Straight into the segment: the frame was checked (and decompressed)
     * when it arrived, so this copy cannot fail half-way. */
    void *segment;
    rc = dao_stream_write_begin(*local, &segment);
    if (rc < 0)
        return rc;
    rc = dao_remote_frame_copy(r, segment, f->size);
    int commit = dao_stream_write_commit(*local);
    return rc < 0 ? rc : commit;
}
