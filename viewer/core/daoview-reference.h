/* daoview-reference.h — reference subtraction: capture one frame, or the
 * average of the next N, and show frame − reference. GTK-free.
 *
 * The reference is kept in doubles on the displayed values: for complex
 * streams the chosen part is taken from each frame first (so "phase −
 * reference phase", wrapped into [-pi, pi], not the phase of a complex
 * difference). The difference is written into a caller's double buffer and
 * rendered as DAO_DOUBLE. Phase is averaged as plain numbers, so the mean
 * of phases that straddle ±pi is meaningless: for a phase reference,
 * capture one frame. */
#ifndef DAOVIEW_REFERENCE_H
#define DAOVIEW_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>

#include "daoview-render.h"

typedef struct DaoviewReference DaoviewReference;

typedef enum {
    DAOVIEW_REFERENCE_EMPTY,     /* nothing captured (new, or cleared) */
    DAOVIEW_REFERENCE_CAPTURING, /* averaging: more frames to come */
    DAOVIEW_REFERENCE_READY,     /* a reference is there to subtract */
} DaoviewReferenceState;

/* A new, empty reference; NULL when out of memory. free(NULL) is a no-op. */
DaoviewReference *daoview_reference_new (void);
void daoview_reference_free (DaoviewReference *ref);

/* Forget the reference (state EMPTY). */
void daoview_reference_clear (DaoviewReference *ref);

/* Start a capture of the next n_frames frames (1: just the next one; 0 is
 * taken as 1). Any previous reference is dropped: during the capture there
 * is none to subtract. */
void daoview_reference_start (DaoviewReference *ref, unsigned n_frames);

/* Offer a frame. While capturing, it is added to the running mean (NaN
 * stays NaN at that element; the mean never overflows); the capture ends
 * after n_frames frames. Otherwise the frame is ignored. A frame whose
 * type, element count or part differs from the first of the capture (the
 * stream was recreated, the user switched part) restarts the capture with
 * it. Returns the state afterwards, or -1 for a bad argument (NULL, unknown
 * type, count 0) or out of memory (the capture is then abandoned: EMPTY). */
int daoview_reference_add (DaoviewReference *ref, dao_type type,
                           const void *data, size_t count,
                           DaoviewComplexPart part);

DaoviewReferenceState daoview_reference_state (const DaoviewReference *ref);

/* Frames averaged so far, and the number asked for. */
unsigned daoview_reference_frames (const DaoviewReference *ref);
unsigned daoview_reference_frames_wanted (const DaoviewReference *ref);

/* out[i] = value(frame, i) − reference[i] for i < count (phase: wrapped
 * into [-pi, pi]). Returns 0, or -1 when there is no READY reference or the
 * frame does not match it (type, count or part) — the view then shows the
 * plain frame and says why; out is left untouched. A difference beyond the
 * double range is ±Inf, NaN where either side is NaN. */
int daoview_reference_subtract (const DaoviewReference *ref, dao_type type,
                                const void *data, size_t count,
                                DaoviewComplexPart part, double *out);

/* The reference values themselves (count elements), borrowed: valid until
 * the next call that changes ref. NULL unless READY. */
const double *daoview_reference_values (const DaoviewReference *ref,
                                        size_t *count);

#endif /* DAOVIEW_REFERENCE_H */
