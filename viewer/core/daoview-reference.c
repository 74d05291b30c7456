/* daoview-reference.c — a running-mean reference frame and frame −
 * reference (see daoview-reference.h). */
#include <math.h>
#include <stdlib.h>

#include "daoview-element-private.h"
#include "daoview-reference.h"

struct DaoviewReference {
    DaoviewReferenceState state;
    unsigned frames;        /* averaged so far */
    unsigned frames_wanted;
    dao_type type;
    DaoviewComplexPart part; /* as used: always AMPLITUDE for real types */
    size_t count;
    double *mean;            /* count values */
};

/* Real types have one "part": normalise so that switching the complex part
 * selector while watching a real stream does not restart anything. */
static DaoviewComplexPart effective_part(dao_type type, DaoviewComplexPart part)
{
    if (type != DAO_COMPLEX_FLOAT && type != DAO_COMPLEX_DOUBLE)
        return DAOVIEW_COMPLEX_AMPLITUDE;
    return (unsigned)part < DAOVIEW_N_COMPLEX_PARTS ? part : DAOVIEW_COMPLEX_AMPLITUDE;
}

DaoviewReference *daoview_reference_new(void)
{
    return calloc(1, sizeof(DaoviewReference));
}

void daoview_reference_free(DaoviewReference *ref)
{
    if (!ref)
        return;
    free(ref->mean);
    free(ref);
}

void daoview_reference_clear(DaoviewReference *ref)
{
    if (!ref)
        return;
    free(ref->mean);
    ref->mean = NULL;
    ref->count = 0;
    ref->frames = 0;
    ref->frames_wanted = 0;
    ref->state = DAOVIEW_REFERENCE_EMPTY;
}

void daoview_reference_start(DaoviewReference *ref, unsigned n_frames)
{
    if (!ref)
        return;
    daoview_reference_clear(ref);
    ref->frames_wanted = n_frames ? n_frames : 1;
    ref->state = DAOVIEW_REFERENCE_CAPTURING;
}

/* The running mean m_k = m_{k-1} + (v - m_{k-1}) / k, computed as
 * m + (v/2 - m/2) * (2/k) so that v - m cannot overflow at ±DBL_MAX. */
static inline DAOVIEW__ALWAYS_INLINE void
accumulate(double *mean, const void *data, size_t count, DaoviewGetFn get, unsigned k)
{
    if (k == 1) {
        for (size_t i = 0; i < count; i++)
            mean[i] = get(data, i);
        return;
    }
    const double w = 2.0 / k;
    for (size_t i = 0; i < count; i++) {
        double v = get(data, i);
        mean[i] += (0.5 * v - 0.5 * mean[i]) * w;
    }
}

int daoview_reference_add(DaoviewReference *ref, dao_type type, const void *data, size_t count,
                          DaoviewComplexPart part)
{
    int getter = daoview__getter_for(type, part);
    if (!ref || !data || count == 0 || getter < 0)
        return -1;
    if (ref->state != DAOVIEW_REFERENCE_CAPTURING)
        return (int)ref->state;

    part = effective_part(type, part);
    if (ref->frames > 0 && (type != ref->type || count != ref->count || part != ref->part))
        ref->frames = 0; /* a different stream or part: start again from this frame */
    if (ref->frames == 0) {
        if (count != ref->count || !ref->mean) {
            free(ref->mean);
            ref->mean = count <= SIZE_MAX / sizeof(double) ? malloc(count * sizeof(double)) : NULL;
            if (!ref->mean) {
                daoview_reference_clear(ref);
                return -1;
            }
        }
        ref->type = type;
        ref->count = count;
        ref->part = part;
    }

    unsigned k = ++ref->frames;
    switch (getter) {
#define CASE(name)                                                                \
    case DAOVIEW__GET_##name: accumulate(ref->mean, data, count, daoview__get_##name, k); break;
        DAOVIEW__FOR_EACH_GETTER(CASE)
#undef CASE
    }
    if (ref->frames >= ref->frames_wanted)
        ref->state = DAOVIEW_REFERENCE_READY;
    return (int)ref->state;
}

DaoviewReferenceState daoview_reference_state(const DaoviewReference *ref)
{
    return ref ? ref->state : DAOVIEW_REFERENCE_EMPTY;
}

unsigned daoview_reference_frames(const DaoviewReference *ref)
{
    return ref ? ref->frames : 0;
}

unsigned daoview_reference_frames_wanted(const DaoviewReference *ref)
{
    return ref ? ref->frames_wanted : 0;
}

/* A phase difference, wrapped into [-pi, pi]. */
static double wrap_phase(double d)
{
    if (d > M_PI)
        d -= 2.0 * M_PI;
    else if (d < -M_PI)
        d += 2.0 * M_PI;
    return d;
}

static inline DAOVIEW__ALWAYS_INLINE void
difference(const double *mean, const void *data, size_t count, DaoviewGetFn get, int phase,
           double *out)
{
    for (size_t i = 0; i < count; i++) {
        double d = get(data, i) - mean[i];
        out[i] = phase ? wrap_phase(d) : d;
    }
}

int daoview_reference_subtract(const DaoviewReference *ref, dao_type type, const void *data,
                               size_t count, DaoviewComplexPart part, double *out)
{
    int getter = daoview__getter_for(type, part);
    if (!ref || !data || !out || getter < 0 || ref->state != DAOVIEW_REFERENCE_READY)
        return -1;
    part = effective_part(type, part);
    if (type != ref->type || count != ref->count || part != ref->part)
        return -1;
    int phase = part == DAOVIEW_COMPLEX_PHASE;
    switch (getter) {
#define CASE(name)                                                                \
    case DAOVIEW__GET_##name:                                                     \
        difference(ref->mean, data, count, daoview__get_##name, phase, out);      \
        break;
        DAOVIEW__FOR_EACH_GETTER(CASE)
#undef CASE
    }
    return 0;
}

const double *daoview_reference_values(const DaoviewReference *ref, size_t *count)
{
    if (!ref || ref->state != DAOVIEW_REFERENCE_READY) {
        if (count)
            *count = 0;
        return NULL;
    }
    if (count)
        *count = ref->count;
    return ref->mean;
}
