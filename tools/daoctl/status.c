/* status.c — the live facts about a stream that ls, info and watch show. */
#include "daoctl.h"

const char *daoctl_writer_state_name(int state)
{
    switch (state) {
    case DAO_WRITER_ALIVE:
        return "alive";
    case DAO_WRITER_GONE:
        return "gone";
    case DAO_WRITER_UNKNOWN:
        return "unknown";
    default:
        return "error";
    }
}

unsigned daoctl_claimed_slots(const dao_stream *s)
{
    unsigned claimed = 0;
    for (unsigned k = 0; k < dao_stream_semaphore_count(s); k++)
        claimed += dao_stream_slot_is_claimed(s, k) == 1;
    return claimed;
}

double daoctl_stream_age(const dao_stream *s, int64_t now_realtime_ns)
{
    int64_t written = dao_stream_write_time_ns(s);
    if (written <= 0)
        return -1;
    double age = (double)(now_realtime_ns - written) / 1e9;
    /* A writer on a clock slightly ahead of ours is not "in the future". */
    return age < 0 ? 0 : age;
}
