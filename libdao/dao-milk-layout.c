/* dao-milk-layout.c — where each region of a milk stream starts (§3).
 *
 * The equation is the only thing that tells the layout variants apart once
 * the version string has been read, so it is written once, here, and the
 * recogniser tries it for each candidate variant in turn.
 */
#include "dao-milk-format.h"

/* One region after another, with the variant's rounding. Every step is
 * checked: the counts come from a file we do not trust yet. */
typedef struct cursor {
    uint64_t at;
    bool rounded;
    bool overflow;
} cursor;

static uint64_t place(cursor *c, uint64_t count, uint64_t unit)
{
    uint64_t start = c->at;
    uint64_t bytes;
    if (__builtin_mul_overflow(count, unit, &bytes)) {
        c->overflow = true;
        return start;
    }
    if (c->rounded) {
        if (bytes > UINT64_MAX - 7) {
            c->overflow = true;
            return start;
        }
        bytes = (bytes + 7) & ~(uint64_t)7;
    }
    if (__builtin_add_overflow(c->at, bytes, &c->at))
        c->overflow = true;
    return start;
}

bool dao__milk_layout_regions(dao__milk_layout layout, const dao__milk_shape *shape,
                              dao__milk_regions *out)
{
    bool is_105 = layout == DAO__MILK_LAYOUT_105;
    cursor c = {
        .at = 0,
        .rounded = layout == DAO__MILK_LAYOUT_2X || layout == DAO__MILK_LAYOUT_2X_COMPAT,
    };
    place(&c, 1, layout == DAO__MILK_LAYOUT_2X_COMPAT ? DAO__MILK_COMPAT_MD_SIZE : DAO__MILK_MD_SIZE);
    out->pixels = place(&c, shape->pixels_in_file ? 1 : 0, shape->frame_bytes);
    out->keywords = place(&c, shape->nbkw, DAO__MILK_KEYWORD_SIZE);
    out->semaphores =
        place(&c, shape->nsem, is_105 ? sizeof(dao__milk_105_sem_record) : DAO__MILK_SEM_T_SIZE);
    out->semlog = place(&c, is_105 ? 0 : 1, DAO__MILK_SEM_T_SIZE);
    out->sem_read_pid = place(&c, shape->nsem, DAO__MILK_PID_SLOT_SIZE);
    out->sem_write_pid = place(&c, shape->nsem, DAO__MILK_PID_SLOT_SIZE);
    out->semctrl = place(&c, shape->nsem, DAO__MILK_PID_SLOT_SIZE);
    out->semstatus = place(&c, shape->nsem, DAO__MILK_PID_SLOT_SIZE);
    out->proctrace = place(&c, shape->nb_proctrace, DAO__MILK_PROCTRACE_SIZE);
    out->slice_atime = place(&c, shape->slices, DAO__MILK_SLICE_TIME_SIZE);
    out->slice_writetime = place(&c, shape->slices, DAO__MILK_SLICE_TIME_SIZE);
    out->slice_cnt = place(&c, shape->slices, DAO__MILK_SLICE_CNT_SIZE);
    out->cb_meta = place(&c, shape->cb_size, DAO__MILK_CB_META_SIZE);
    out->cb_pixels = place(&c, shape->cb_size, shape->frame_bytes);
    out->end = c.at;
    return !c.overflow;
}

const char *dao__milk_layout_name(dao__milk_layout layout)
{
    switch (layout) {
    case DAO__MILK_LAYOUT_2X:
        return "2.x";
    case DAO__MILK_LAYOUT_2X_COMPAT:
        return "2.x DAO_COMPAT";
    case DAO__MILK_LAYOUT_2X_UNROUNDED:
        return "2.x unrounded";
    case DAO__MILK_LAYOUT_105:
        return "1.05";
    }
    return "unknown";
}
