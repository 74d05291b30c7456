/* dao-stream.c — what a handle knows about its stream. */
#include <errno.h>
#include <string.h>

#include "dao-milk.h"
#include "dao-private.h"

const char *dao_stream_path(const dao_stream *s)
{
    return s->path;
}

dao_type dao_stream_type(const dao_stream *s)
{
    return s->type;
}

size_t dao_stream_element_size(const dao_stream *s)
{
    return s->element_size;
}

unsigned dao_stream_naxis(const dao_stream *s)
{
    return s->naxis;
}

const uint32_t *dao_stream_shape(const dao_stream *s)
{
    return s->shape;
}

uint64_t dao_stream_element_count(const dao_stream *s)
{
    return s->nelement;
}

size_t dao_stream_frame_size(const dao_stream *s)
{
    return s->frame_size;
}

unsigned dao_stream_fifo_depth(const dao_stream *s)
{
    return s->fifo_depth;
}

unsigned dao_stream_semaphore_count(const dao_stream *s)
{
    return s->nsem;
}

bool dao_stream_is_read_only(const dao_stream *s)
{
    return s->read_only;
}

uint64_t dao_stream_counter(const dao_stream *s)
{
    if (s->milk)
        return dao__milk_counter(s->milk);
    return dao__counter(s);
}

/* The segment of the newest whole frame, 0 for a bad index (which every
 * read reports as DAO_E_BAD_FIFO). */
static unsigned newest_or_0(const dao_stream *s)
{
    int segment = dao__newest_whole_segment(s);
    return segment < 0 ? 0 : (unsigned)segment;
}

int64_t dao_stream_write_time_ns(const dao_stream *s)
{
    if (s->milk)
        return dao__milk_write_time_ns(s->milk);
    return dao__load_acquire(&s->md[newest_or_0(s)].atime_ns);
}

const void *dao_stream_data(const dao_stream *s)
{
    if (s->milk)
        return s->data; /* NULL for a GPU stream */
    return dao__segment_data(s, newest_or_0(s));
}

uint64_t dao_stream_expected_file_size(const dao_stream *s)
{
    return s->expected_size;
}

uint64_t dao_stream_file_size(const dao_stream *s)
{
    return s->map_size;
}

int dao_stream_metadata(const dao_stream *s, unsigned segment, dao_metadata *out)
{
    if (!out || out->version != DAO_METADATA_VERSION || segment >= s->fifo_depth)
        return -EINVAL;
    if (s->milk)
        return DAO_E_WRONG_FORMAT; /* see dao_stream_milk_metadata() */
    const dao__md *md = &s->md[segment];
    *out = (dao_metadata){.version = DAO_METADATA_VERSION};
    memcpy(out->name, md->name, sizeof(md->name));
    out->name[sizeof(md->name)] = '\0';
    out->naxis = md->naxis;
    memcpy(out->size, md->size, sizeof(out->size));
    out->nelement = md->nelement;
    out->atype = md->atype;
    out->creation_time = md->creation_time;
    out->last_access = md->last_access;
    out->atime_sec = md->atime_unused;
    out->atime_ns = dao__load_acquire(&md->atime_ns);
    out->shared = md->shared;
    out->status = md->status;
    out->logflag = md->logflag;
    out->sem = md->sem;
    out->cnt0 = dao__load_acquire(&md->cnt0);
    out->cnt1 = md->cnt1;
    out->cnt2 = md->cnt2;
    out->write = dao__load_acquire(&md->write);
    out->nbkw = md->nbkw;
    out->last_pos = md->last_pos;
    out->last_nb = md->last_nb;
    out->packet_nb = md->packet_nb;
    out->packet_total = md->packet_total;
    out->fifo_size = md->fifo_size;
    out->fifo_last_written = dao__load_acquire(&md->fifo_last_written);
    /* The copy is what the file holds now; say whether that is still the
     * stream this handle describes. */
    return dao__check(s);
}
