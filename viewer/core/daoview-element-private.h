/* daoview-element-private.h — reading element i of a frame as a double, one
 * inline function per (type, complex part), so that the pixel loops are
 * written once and instantiated per type with no type switch inside them.
 *
 * Pattern: a loop is a `static inline DAOVIEW__ALWAYS_INLINE` function that
 * takes a DaoviewGetFn; each `case` of DAOVIEW__FOR_EACH_GETTER calls it with
 * a constant getter, and the compiler inlines the getter into that copy. */
#ifndef DAOVIEW_ELEMENT_PRIVATE_H
#define DAOVIEW_ELEMENT_PRIVATE_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "daoview-render.h"

#define DAOVIEW__ALWAYS_INLINE __attribute__((always_inline))

typedef double (*DaoviewGetFn)(const void *data, size_t i);

#define DAOVIEW__REAL_GETTER(name, ctype)                                         \
    static inline double daoview__get_##name(const void *data, size_t i)         \
    {                                                                             \
        return (double)((const ctype *)data)[i];                                  \
    }

DAOVIEW__REAL_GETTER(u8, uint8_t)
DAOVIEW__REAL_GETTER(i8, int8_t)
DAOVIEW__REAL_GETTER(u16, uint16_t)
DAOVIEW__REAL_GETTER(i16, int16_t)
DAOVIEW__REAL_GETTER(u32, uint32_t)
DAOVIEW__REAL_GETTER(i32, int32_t)
DAOVIEW__REAL_GETTER(u64, uint64_t)
DAOVIEW__REAL_GETTER(i64, int64_t)
DAOVIEW__REAL_GETTER(f32, float)
DAOVIEW__REAL_GETTER(f64, double)

/* Complex float: the squares are taken in double, so no overflow and no need
 * for hypot(). Complex double needs hypot() where the squares would
 * overflow or lose precision to underflow, but glibc's costs ~15 ns, so it
 * is only called there. */
static inline double daoview__get_cf_amp(const void *data, size_t i)
{
    const float *p = (const float *)data + 2 * i;
    double re = p[0], im = p[1];
    return sqrt(re * re + im * im);
}
static inline double daoview__get_cf_phase(const void *data, size_t i)
{
    const float *p = (const float *)data + 2 * i;
    return atan2((double)p[1], (double)p[0]);
}
static inline double daoview__get_cf_re(const void *data, size_t i)
{
    return ((const float *)data)[2 * i];
}
static inline double daoview__get_cf_im(const void *data, size_t i)
{
    return ((const float *)data)[2 * i + 1];
}
static inline double daoview__get_cd_amp(const void *data, size_t i)
{
    const double *p = (const double *)data + 2 * i;
    double squares = p[0] * p[0] + p[1] * p[1];
    return squares < 1e300 && squares > 1e-300 ? sqrt(squares) : hypot(p[0], p[1]);
}
static inline double daoview__get_cd_phase(const void *data, size_t i)
{
    const double *p = (const double *)data + 2 * i;
    return atan2(p[1], p[0]);
}
static inline double daoview__get_cd_re(const void *data, size_t i)
{
    return ((const double *)data)[2 * i];
}
static inline double daoview__get_cd_im(const void *data, size_t i)
{
    return ((const double *)data)[2 * i + 1];
}

/* atan2 for drawing: glibc's atan2 costs ~60 ns, which would make the phase
 * view of a 1024² frame take 60 ms. This one is within 2e-8 rad (checked
 * by test-daoview-render against atan2 over the circle), far below one step
 * of the colour table (2 pi / 16384 = 3.8e-4), and exact on the axes
 * (0, ±pi/2, pi). Octant reduction, then Abramowitz & Stegun 4.4.49 for
 * atan on [0, 1]. Used by the per-frame display paths (see
 * DAOVIEW__FOR_EACH_DISPLAY_GETTER below); values shown as numbers come
 * from atan2(). */
static inline double daoview__fast_atan2(double y, double x)
{
    double ax = fabs(x), ay = fabs(y);
    double big = ax > ay ? ax : ay, small = ax > ay ? ay : ax;
    /* a = small / big in [0, 1], with 0/0 = 0 and Inf/Inf = 1 as atan2 has
     * them (atan2(0, 0) = 0, atan2(Inf, Inf) = pi/4). */
    double a = big > 0.0 ? (small == big ? 1.0 : small / big) : 0.0;
    double s = a * a;
    double p = 0.0028662257;
    p = p * s - 0.0161657367;
    p = p * s + 0.0429096138;
    p = p * s - 0.0752896400;
    p = p * s + 0.1065626393;
    p = p * s - 0.1420889944;
    p = p * s + 0.1999355085;
    p = p * s - 0.3333314528;
    double r = a + a * s * p;
    r = ay > ax ? M_PI_2 - r : r;
    r = signbit(x) ? M_PI - r : r;
    r = signbit(y) ? -r : r;
    return x == x && y == y ? r : NAN;
}

static inline double daoview__get_cf_phase_fast(const void *data, size_t i)
{
    const float *p = (const float *)data + 2 * i;
    return daoview__fast_atan2(p[1], p[0]);
}
static inline double daoview__get_cd_phase_fast(const void *data, size_t i)
{
    const double *p = (const double *)data + 2 * i;
    return daoview__fast_atan2(p[1], p[0]);
}

#define DAOVIEW__FOR_EACH_GETTER(X)                                               \
    X(u8) X(i8) X(u16) X(i16) X(u32) X(i32) X(u64) X(i64) X(f32) X(f64)           \
    X(cf_amp) X(cf_phase) X(cf_re) X(cf_im) X(cd_amp) X(cd_phase) X(cd_re) X(cd_im)

/* The same list for the per-frame display paths (render, min/max and
 * percentile levels, histogram, statistics): X(getter id, function to use),
 * the phase through the fast atan2. daoview_element_value (numbers shown
 * to the user) and the reference keep libm's atan2. */
#define DAOVIEW__FOR_EACH_DISPLAY_GETTER(X)                                       \
    X(u8, u8) X(i8, i8) X(u16, u16) X(i16, i16) X(u32, u32) X(i32, i32) X(u64, u64)  \
    X(i64, i64) X(f32, f32) X(f64, f64) X(cf_amp, cf_amp) X(cf_phase, cf_phase_fast) \
    X(cf_re, cf_re) X(cf_im, cf_im) X(cd_amp, cd_amp) X(cd_phase, cd_phase_fast)   \
    X(cd_re, cd_re) X(cd_im, cd_im)

typedef enum {
#define DAOVIEW__GETTER_ENUM(name) DAOVIEW__GET_##name,
    DAOVIEW__FOR_EACH_GETTER(DAOVIEW__GETTER_ENUM)
#undef DAOVIEW__GETTER_ENUM
    DAOVIEW__N_GETTERS
} DaoviewGetter;

/* The getter for (type, part), or -1 for a code that is not a dao_type. The
 * part matters for complex types only; an unknown part reads the amplitude. */
int daoview__getter_for(dao_type type, DaoviewComplexPart part);

#endif /* DAOVIEW_ELEMENT_PRIVATE_H */
