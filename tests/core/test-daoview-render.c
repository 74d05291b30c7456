/* test-daoview-render.c — frames to ARGB32 pixels (daoview-render.c and
 * daoview-mapping.c): exact pixels for every type, pixel order and stride,
 * NaN/Inf, constant frames, inverted and non-finite levels, huge ranges,
 * the scales' midpoints, and the 8/16-bit tables agreeing with the general
 * path. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "daoview-element-private.h"
#include "daoview-render.h"
#include "render-test-util.h"

#define MAX_PIXELS 64

static DaoviewRenderParams grey(double low, double high)
{
    DaoviewRenderParams p = {
        .colormap = DAOVIEW_COLORMAP_GREY,
        .scale = DAOVIEW_SCALE_LINEAR,
        .complex_part = DAOVIEW_COMPLEX_AMPLITUDE,
        .low = low,
        .high = high,
    };
    return p;
}

/* Renders `count` elements as one row into out[]. */
static void render_row(dao_type type, const void *data, unsigned count,
                       const DaoviewRenderParams *params, uint32_t *out)
{
    assert_true(count <= MAX_PIXELS);
    daoview_render_argb32(type, data, count, 1, params, out, count * sizeof *out);
}

/* Grey over [0, 255] maps value v to grey level v exactly, for every type. */
static void every_type_gives_exact_grey_levels(void **state)
{
    const uint8_t u8[] = {0, 51, 204, 255};
    const int8_t i8[] = {0, 51, 127, -5};
    const uint16_t u16[] = {0, 51, 204, 255, 300, 65535};
    const int16_t i16[] = {0, 51, 204, 255, -300, 32767};
    const uint32_t u32[] = {0, 51, 204, 255, 4000000000u};
    const int32_t i32[] = {0, 51, 204, 255, INT32_MIN};
    const uint64_t u64[] = {0, 51, 204, 255, UINT64_MAX};
    const int64_t i64[] = {0, 51, 204, 255, INT64_MIN};
    const float f32[] = {0, 51, 204, 255, 1e30f};
    const double f64[] = {0, 51, 204, 255, -1e300};
    struct {
        dao_type type;
        const void *data;
        unsigned count;
        uint32_t expected[6];
    } cases[] = {
        {DAO_UINT8, u8, 4, {GREY(0), GREY(51), GREY(204), GREY(255)}},
        {DAO_INT8, i8, 4, {GREY(0), GREY(51), GREY(127), GREY(0)}},
        {DAO_UINT16, u16, 6, {GREY(0), GREY(51), GREY(204), GREY(255), GREY(255), GREY(255)}},
        {DAO_INT16, i16, 6, {GREY(0), GREY(51), GREY(204), GREY(255), GREY(0), GREY(255)}},
        {DAO_UINT32, u32, 5, {GREY(0), GREY(51), GREY(204), GREY(255), GREY(255)}},
        {DAO_INT32, i32, 5, {GREY(0), GREY(51), GREY(204), GREY(255), GREY(0)}},
        {DAO_UINT64, u64, 5, {GREY(0), GREY(51), GREY(204), GREY(255), GREY(255)}},
        {DAO_INT64, i64, 5, {GREY(0), GREY(51), GREY(204), GREY(255), GREY(0)}},
        {DAO_FLOAT, f32, 5, {GREY(0), GREY(51), GREY(204), GREY(255), GREY(255)}},
        {DAO_DOUBLE, f64, 5, {GREY(0), GREY(51), GREY(204), GREY(255), GREY(0)}},
    };
    DaoviewRenderParams params = grey(0, 255);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        uint32_t out[MAX_PIXELS];
        render_row(cases[c].type, cases[c].data, cases[c].count, &params, out);
        for (unsigned i = 0; i < cases[c].count; i++) {
            if (out[i] != cases[c].expected[i])
                print_error("type %s, element %u\n", dao_type_name(cases[c].type), i);
            assert_color(out[i], cases[c].expected[i]);
        }
    }
}

static void every_grey_level_of_a_byte_is_exact(void **state)
{
    uint8_t values[256];
    uint32_t out[256];
    for (unsigned i = 0; i < 256; i++)
        values[i] = (uint8_t)i;
    DaoviewRenderParams params = grey(0, 255);
    daoview_render_argb32(DAO_UINT8, values, 16, 16, &params, out, 16 * sizeof *out);
    for (unsigned i = 0; i < 256; i++)
        assert_color(out[i], GREY(i));
}

static void complex_parts_are_rendered(void **state)
{
    /* Amplitudes 0, 51, 200, 255 from 3-4-5 triangles. */
    const float cf[] = {0, 0, 0, 51, 120, 160, 153, 204};
    const double cd[] = {0, 0, 0, -51, -120, 160, 153, -204};
    uint32_t out[MAX_PIXELS];
    DaoviewRenderParams params = grey(0, 255);
    const uint32_t amplitude[] = {GREY(0), GREY(51), GREY(200), GREY(255)};
    render_row(DAO_COMPLEX_FLOAT, cf, 4, &params, out);
    for (int i = 0; i < 4; i++)
        assert_color(out[i], amplitude[i]);
    render_row(DAO_COMPLEX_DOUBLE, cd, 4, &params, out);
    for (int i = 0; i < 4; i++)
        assert_color(out[i], amplitude[i]);

    params.complex_part = DAOVIEW_COMPLEX_REAL;
    render_row(DAO_COMPLEX_FLOAT, cf, 4, &params, out);
    assert_color(out[2], GREY(120));
    assert_color(out[3], GREY(153));
    params.complex_part = DAOVIEW_COMPLEX_IMAGINARY;
    render_row(DAO_COMPLEX_DOUBLE, cd, 4, &params, out);
    assert_color(out[1], GREY(0)); /* -51: below low */
    assert_color(out[2], GREY(160));

    /* Phase over [-pi, pi]: 0 is mid-grey, pi/2 three quarters, pi the top,
     * -pi/2 one quarter (63.75 rounds to 64). */
    const float phase[] = {1, 0, 0, 1, -1, 0, 0, -1};
    params = grey(-M_PI, M_PI);
    params.complex_part = DAOVIEW_COMPLEX_PHASE;
    render_row(DAO_COMPLEX_FLOAT, phase, 4, &params, out);
    assert_color(out[0], GREY(128));
    assert_color(out[1], GREY(191));
    assert_color(out[2], GREY(255));
    assert_color(out[3], GREY(64));
}

static void pixel_order_is_row_major_and_stride_is_respected(void **state)
{
    /* A 3 x 2 frame, element (y, x) = 10 * (3 * y + x) + 5; rows of 5 pixels
     * in the destination so that the padding can be checked untouched. */
    uint16_t frame[2][3];
    for (unsigned y = 0; y < 2; y++)
        for (unsigned x = 0; x < 3; x++)
            frame[y][x] = (uint16_t)(10 * (3 * y + x) + 5);
    float frame_f[6];
    for (unsigned i = 0; i < 6; i++)
        frame_f[i] = 10.0f * i + 5.0f;
    const uint32_t sentinel = 0x12345678u;
    DaoviewRenderParams params = grey(0, 255);
    for (int pass = 0; pass < 2; pass++) {
        uint32_t dst[2][5];
        for (unsigned y = 0; y < 2; y++)
            for (unsigned x = 0; x < 5; x++)
                dst[y][x] = sentinel;
        if (pass == 0)
            daoview_render_argb32(DAO_UINT16, frame, 3, 2, &params, &dst[0][0], sizeof dst[0]);
        else
            daoview_render_argb32(DAO_FLOAT, frame_f, 3, 2, &params, &dst[0][0], sizeof dst[0]);
        for (unsigned y = 0; y < 2; y++) {
            for (unsigned x = 0; x < 3; x++)
                assert_color(dst[y][x], GREY(10 * (3 * y + x) + 5));
            assert_color(dst[y][3], sentinel);
            assert_color(dst[y][4], sentinel);
        }
    }
}

static void nan_and_inf(void **state)
{
    const float f32[] = {NAN, INFINITY, -INFINITY, 128};
    const double f64[] = {NAN, INFINITY, -INFINITY, 128};
    const float cf[] = {NAN, 0, INFINITY, 0, 0, -INFINITY, 0, NAN};
    uint32_t out[MAX_PIXELS];
    for (int map = 0; map < DAOVIEW_N_COLORMAPS; map++) {
        DaoviewRenderParams params = grey(0, 255);
        params.colormap = map;
        uint32_t first = daoview_colormap_color(map, 0), last = daoview_colormap_color(map, 1);
        render_row(DAO_FLOAT, f32, 4, &params, out);
        assert_color(out[0], DAOVIEW_NAN_COLOR);
        assert_color(out[1], last);
        assert_color(out[2], first);
        render_row(DAO_DOUBLE, f64, 4, &params, out);
        assert_color(out[0], DAOVIEW_NAN_COLOR);
        assert_color(out[1], last);
        assert_color(out[2], first);
        /* Complex: a NaN part makes the amplitude NaN; an infinite one, +Inf. */
        params.complex_part = DAOVIEW_COMPLEX_REAL;
        render_row(DAO_COMPLEX_FLOAT, cf, 4, &params, out);
        assert_color(out[0], DAOVIEW_NAN_COLOR);
        assert_color(out[1], last);
        params.complex_part = DAOVIEW_COMPLEX_IMAGINARY;
        render_row(DAO_COMPLEX_FLOAT, cf, 4, &params, out);
        assert_color(out[2], first);
        assert_color(out[3], DAOVIEW_NAN_COLOR);
    }
}

static void constant_frames_draw_the_first_colour(void **state)
{
    const uint16_t u16[] = {700, 700, 700};
    const double f64[] = {-2.5, -2.5, NAN, -2.5};
    const uint8_t u8[] = {0, 0};
    uint32_t out[MAX_PIXELS];
    for (int map = 0; map < DAOVIEW_N_COLORMAPS; map++) {
        for (int scale = 0; scale < DAOVIEW_N_SCALES; scale++) {
            DaoviewRenderParams params = {map, scale, DAOVIEW_COMPLEX_AMPLITUDE, 700, 700, 0};
            uint32_t first = daoview_colormap_color(map, 0);
            render_row(DAO_UINT16, u16, 3, &params, out);
            for (int i = 0; i < 3; i++)
                assert_color(out[i], first);
            params.low = params.high = -2.5;
            render_row(DAO_DOUBLE, f64, 4, &params, out);
            assert_color(out[0], first);
            assert_color(out[2], DAOVIEW_NAN_COLOR);
            assert_color(out[3], first);
            params.low = params.high = 0;
            render_row(DAO_UINT8, u8, 2, &params, out);
            assert_color(out[1], first);
        }
    }
}

static void equal_levels_are_a_threshold(void **state)
{
    const int32_t v[] = {-1, 5, 6, INT32_MAX};
    const double d[] = {1e-310, 0, -1e-310, INFINITY};
    uint32_t out[MAX_PIXELS];
    DaoviewRenderParams params = grey(5, 5);
    render_row(DAO_INT32, v, 4, &params, out);
    assert_color(out[0], GREY(0));
    assert_color(out[1], GREY(0));
    assert_color(out[2], GREY(255));
    assert_color(out[3], GREY(255));
    /* Even at zero, where the next double is a subnormal. */
    params = grey(0, 0);
    render_row(DAO_DOUBLE, d, 4, &params, out);
    assert_color(out[0], GREY(255));
    assert_color(out[1], GREY(0));
    assert_color(out[2], GREY(0));
    assert_color(out[3], GREY(255));
}

static void inverted_levels_reverse_the_map(void **state)
{
    const uint16_t v[] = {0, 51, 255, 1000};
    uint32_t out[MAX_PIXELS];
    DaoviewRenderParams params = grey(255, 0);
    render_row(DAO_UINT16, v, 4, &params, out);
    assert_color(out[0], GREY(255));
    assert_color(out[1], GREY(204));
    assert_color(out[2], GREY(0));
    assert_color(out[3], GREY(0));
}

static void non_finite_levels_are_sanitised(void **state)
{
    const double v[] = {-DBL_MAX, 0, DBL_MAX, 5};
    uint32_t out[MAX_PIXELS];
    /* ±Inf levels act as ±DBL_MAX. */
    DaoviewRenderParams params = grey(-INFINITY, INFINITY);
    render_row(DAO_DOUBLE, v, 3, &params, out);
    assert_color(out[0], GREY(0));
    assert_color(out[1], GREY(128));
    assert_color(out[2], GREY(255));
    /* NaN levels act as 0: [0, 0] is a threshold at 0. */
    params = grey(NAN, NAN);
    render_row(DAO_DOUBLE, v, 4, &params, out);
    assert_color(out[0], GREY(0));
    assert_color(out[1], GREY(0));
    assert_color(out[2], GREY(255));
    assert_color(out[3], GREY(255));
    params = grey(NAN, 10);
    render_row(DAO_DOUBLE, v, 4, &params, out);
    assert_color(out[3], GREY(128));
}

static void huge_ranges_do_not_overflow(void **state)
{
    uint32_t out[MAX_PIXELS];
    const uint64_t u64[] = {0, 1ull << 63, UINT64_MAX, (1ull << 62) + (1ull << 61)};
    DaoviewRenderParams params = grey(0, 18446744073709551615.0);
    render_row(DAO_UINT64, u64, 4, &params, out);
    assert_color(out[0], GREY(0));
    assert_color(out[1], GREY(128));
    assert_color(out[2], GREY(255));
    assert_color(out[3], GREY(96)); /* u = 0.375 */

    const int64_t i64[] = {INT64_MIN, 0, INT64_MAX};
    params = grey(-9223372036854775808.0, 9223372036854775807.0);
    render_row(DAO_INT64, i64, 3, &params, out);
    assert_color(out[0], GREY(0));
    assert_color(out[1], GREY(128));
    assert_color(out[2], GREY(255));

    const double f64[] = {-1e300, 0, 1e300, 5e299, -DBL_MAX, DBL_MAX};
    params = grey(-1e300, 1e300);
    render_row(DAO_DOUBLE, f64, 6, &params, out);
    assert_color(out[0], GREY(0));
    assert_color(out[1], GREY(128));
    assert_color(out[2], GREY(255));
    assert_color(out[3], GREY(191)); /* u = 0.75 */
    assert_color(out[4], GREY(0));
    assert_color(out[5], GREY(255));
    params = grey(-DBL_MAX, DBL_MAX);
    render_row(DAO_DOUBLE, f64, 6, &params, out);
    assert_color(out[1], GREY(128));
    assert_color(out[4], GREY(0));
    assert_color(out[5], GREY(255));

    /* …and tiny ranges do not make the slope infinite. */
    const double tiny[] = {1e-300, 2e-300, 3e-300};
    params = grey(1e-300, 3e-300);
    render_row(DAO_DOUBLE, tiny, 3, &params, out);
    assert_color(out[0], GREY(0));
    assert_color(out[1], GREY(128));
    assert_color(out[2], GREY(255));
}

static void scale_midpoints(void **state)
{
    /* Value 1 over [0, 2] is u = 0.5, an exact table entry: the pixel is the
     * colormap at the scale's documented midpoint. */
    const uint16_t u16[] = {0, 1, 2};
    const float f32[] = {0, 1, 2};
    const uint32_t expected[DAOVIEW_N_SCALES] = {
        [DAOVIEW_SCALE_LINEAR] = GREY(128), /* 0.5 * 255 = 127.5 */
        [DAOVIEW_SCALE_LOG] = GREY(229),    /* 0.8998 * 255 = 229.5 */
        [DAOVIEW_SCALE_SQRT] = GREY(180),   /* 0.7071 * 255 = 180.3 */
        [DAOVIEW_SCALE_ASINH] = GREY(197),  /* 0.7713 * 255 = 196.7 */
    };
    uint32_t out[MAX_PIXELS];
    for (int scale = 0; scale < DAOVIEW_N_SCALES; scale++) {
        DaoviewRenderParams params = grey(0, 2);
        params.scale = scale;
        render_row(DAO_UINT16, u16, 3, &params, out);
        assert_color(out[0], GREY(0));
        assert_color(out[1], expected[scale]);
        assert_color(out[2], GREY(255));
        assert_color(out[1], daoview_colormap_color(DAOVIEW_COLORMAP_GREY,
                                                    daoview_scale_apply(scale, 0.5)));
        render_row(DAO_FLOAT, f32, 3, &params, out);
        assert_color(out[1], expected[scale]);
    }
    /* Log: values at or below low get the first colour, whatever low's sign. */
    const double d[] = {-50, -10, -9.99, 90};
    DaoviewRenderParams params = grey(-10, 90);
    params.scale = DAOVIEW_SCALE_LOG;
    render_row(DAO_DOUBLE, d, 4, &params, out);
    assert_color(out[0], GREY(0));
    assert_color(out[1], GREY(0));
    assert_true((out[2] & 0xff) > 0); /* u = 1e-4 already shows on a log scale */
    assert_color(out[3], GREY(255));
}

static void colormaps_reach_both_ends(void **state)
{
    const int16_t v[] = {-100, 100, -32768, 32767};
    uint32_t out[MAX_PIXELS];
    for (int map = 0; map < DAOVIEW_N_COLORMAPS; map++) {
        DaoviewRenderParams params = grey(-100, 100);
        params.colormap = map;
        render_row(DAO_INT16, v, 4, &params, out);
        assert_color(out[0], daoview_colormap_color(map, 0));
        assert_color(out[1], daoview_colormap_color(map, 1));
        assert_color(out[2], daoview_colormap_color(map, 0));
        assert_color(out[3], daoview_colormap_color(map, 1));
    }
}

/* The 8/16-bit per-frame tables must give exactly what the general path
 * (the same values as doubles) gives, for every value, map and scale. */
static void lookup_tables_agree_with_general_path(void **state)
{
    enum { N = 65536 };
    uint16_t *u16 = malloc(N * sizeof *u16);
    int16_t *i16 = malloc(N * sizeof *i16);
    double *as_u = malloc(N * sizeof *as_u);
    double *as_i = malloc(N * sizeof *as_i);
    uint32_t *a = malloc(N * sizeof *a);
    uint32_t *b = malloc(N * sizeof *b);
    assert_non_null(u16);
    assert_non_null(i16);
    assert_non_null(as_u);
    assert_non_null(as_i);
    assert_non_null(a);
    assert_non_null(b);
    for (unsigned i = 0; i < N; i++) {
        u16[i] = (uint16_t)i;
        i16[i] = (int16_t)(i - 32768);
        as_u[i] = u16[i];
        as_i[i] = i16[i];
    }
    const double levels[][2] = {{0, 65535}, {1000, 1200}, {-300, 40000}, {7, 7}, {500, -500}};
    for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++) {
        for (int scale = 0; scale < DAOVIEW_N_SCALES; scale++) {
            DaoviewRenderParams params = {DAOVIEW_COLORMAP_VIRIDIS, scale, 0, levels[l][0], levels[l][1], 0};
            daoview_render_argb32(DAO_UINT16, u16, 256, 256, &params, a, 256 * 4);
            daoview_render_argb32(DAO_DOUBLE, as_u, 256, 256, &params, b, 256 * 4);
            assert_memory_equal(a, b, N * sizeof *a);
            daoview_render_argb32(DAO_INT16, i16, 256, 256, &params, a, 256 * 4);
            daoview_render_argb32(DAO_DOUBLE, as_i, 256, 256, &params, b, 256 * 4);
            assert_memory_equal(a, b, N * sizeof *a);
            /* 8-bit: the first 256 values of each. */
            uint8_t u8[256];
            int8_t i8[256];
            double d8[256], di8[256];
            for (unsigned i = 0; i < 256; i++) {
                u8[i] = (uint8_t)i;
                i8[i] = (int8_t)(i - 128);
                d8[i] = u8[i];
                di8[i] = i8[i];
            }
            daoview_render_argb32(DAO_UINT8, u8, 256, 1, &params, a, 256 * 4);
            daoview_render_argb32(DAO_DOUBLE, d8, 256, 1, &params, b, 256 * 4);
            assert_memory_equal(a, b, 256 * sizeof *a);
            daoview_render_argb32(DAO_INT8, i8, 256, 1, &params, a, 256 * 4);
            daoview_render_argb32(DAO_DOUBLE, di8, 256, 1, &params, b, 256 * 4);
            assert_memory_equal(a, b, 256 * sizeof *a);
        }
    }
    free(u16);
    free(i16);
    free(as_u);
    free(as_i);
    free(a);
    free(b);
}

/* The renderer's own atan2 (daoview-element-private.h) against libm's. */
static void fast_atan2_is_within_its_bound(void **state)
{
    double worst = 0;
    for (int i = 0; i < 200000; i++) {
        double angle = -M_PI + 2 * M_PI * i / 200000.0;
        double radius = pow(10, (i % 13) - 6);
        double x = radius * cos(angle), y = radius * sin(angle);
        double e = fabs(daoview__fast_atan2(y, x) - atan2(y, x));
        worst = e > worst ? e : worst;
    }
    assert_true(worst <= 2e-8); /* A&S: 2e-8; measured: 1.4e-8 */
    /* Exact where the colour table needs it, and atan2's special cases. */
    const double special[][2] = {
        {0, 1}, {1, 0}, {0, -1}, {-1, 0}, {-0.0, -1}, {0, 0}, {0, -0.0}, {-0.0, 0},
        {INFINITY, INFINITY}, {-INFINITY, INFINITY}, {INFINITY, -INFINITY}, {1, INFINITY},
        {INFINITY, 1}, {1e-300, 1e300}, {3, 3}, {-2, 2},
    };
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++) {
        double y = special[i][0], x = special[i][1];
        double exact = atan2(y, x), fast = daoview__fast_atan2(y, x);
        if (exact == 0 || fabs(exact) == M_PI || fabs(exact) == M_PI_2)
            assert_true(fast == exact);
        else
            assert_near(fast, exact, 2e-8);
    }
    assert_true(isnan(daoview__fast_atan2(NAN, 1)));
    assert_true(isnan(daoview__fast_atan2(1, NAN)));
}

/* The phase view through the fast atan2 gives the colour of the exact
 * phase, except where the exact value lies within 1e-7 of the boundary
 * between two table entries. */
/* Where there is no light, a phase means nothing: amplitudes at or below
 * phase_mask are drawn in DAOVIEW_MASKED_COLOR (exact zeros when it is 0),
 * the rest as their phase; NaN stays NaN. */
static void phase_is_masked_where_the_amplitude_is_negligible(void **state)
{
    const float cf[10] = {0, 0, 1e-4f, 1e-4f, 0, 1, -1, 0, NAN, 1};
    const double cd[10] = {0, 0, 1e-4, 1e-4, 0, 1, -1, 0, NAN, 1};
    uint32_t out[5];
    DaoviewRenderParams params = {DAOVIEW_COLORMAP_CYCLIC, DAOVIEW_SCALE_LINEAR,
                                  DAOVIEW_COMPLEX_PHASE, -M_PI, M_PI, 0};
    for (int t = 0; t < 2; t++) {
        dao_type type = t ? DAO_COMPLEX_DOUBLE : DAO_COMPLEX_FLOAT;
        const void *data = t ? (const void *)cd : (const void *)cf;
        params.phase_mask = 0;
        daoview_render_argb32(type, data, 5, 1, &params, out, sizeof out);
        assert_color(out[0], DAOVIEW_MASKED_COLOR);       /* 0 + 0i */
        assert_true(out[1] != DAOVIEW_MASKED_COLOR);      /* faint, but there */
        assert_color(out[2], daoview_colormap_color(DAOVIEW_COLORMAP_CYCLIC, 0.75)); /* π/2 */
        assert_color(out[3], daoview_colormap_color(DAOVIEW_COLORMAP_CYCLIC, 1));    /* π */
        assert_color(out[4], DAOVIEW_NAN_COLOR);
        /* 10⁻³ of an amplitude of 1: the faint one is masked too. */
        params.phase_mask = DAOVIEW_PHASE_MASK_FRACTION;
        daoview_render_argb32(type, data, 5, 1, &params, out, sizeof out);
        assert_color(out[1], DAOVIEW_MASKED_COLOR);
        assert_color(out[2], daoview_colormap_color(DAOVIEW_COLORMAP_CYCLIC, 0.75));
    }
    /* The masked colour is no colour of the cyclic map. */
    for (int i = 0; i < 256; i++)
        assert_true(daoview_colormap_color(DAOVIEW_COLORMAP_CYCLIC, i / 255.0) != DAOVIEW_MASKED_COLOR);
}

static void phase_render_matches_exact_phase(void **state)
{
    enum { N = 4096 };
    float *c = malloc(2 * N * sizeof *c);
    uint32_t *out = malloc(N * sizeof *out);
    assert_non_null(c);
    assert_non_null(out);
    for (int i = 0; i < N; i++) {
        double angle = -M_PI + 2 * M_PI * (i + 0.37) / N;
        c[2 * i] = (float)(7 * cos(angle));
        c[2 * i + 1] = (float)(7 * sin(angle));
    }
    DaoviewRenderParams params = {DAOVIEW_COLORMAP_CYCLIC, DAOVIEW_SCALE_LINEAR,
                                  DAOVIEW_COMPLEX_PHASE, -M_PI, M_PI, 0};
    daoview_render_argb32(DAO_COMPLEX_FLOAT, c, 64, 64, &params, out, 64 * 4);
    int checked = 0;
    for (int i = 0; i < N; i++) {
        double phase = atan2((double)c[2 * i + 1], (double)c[2 * i]);
        double x = (phase + M_PI) / (2 * M_PI) * 16384;
        if (fabs(x - floor(x) - 0.5) < 1e-4)
            continue;
        double u = floor(x + 0.5) / 16384;
        assert_color(out[i], daoview_colormap_color(DAOVIEW_COLORMAP_CYCLIC, u));
        checked++;
    }
    assert_true(checked > N - 10);
    free(c);
    free(out);
}

static void bad_input_does_not_crash(void **state)
{
    const double v[] = {1, 2};
    uint32_t out[4] = {0, 0, 0, 0};
    DaoviewRenderParams params = grey(0, 2);
    /* Unknown type, or no data: every pixel in the NaN colour. */
    daoview_render_argb32((dao_type)99, v, 2, 1, &params, out, sizeof out);
    assert_color(out[0], DAOVIEW_NAN_COLOR);
    assert_color(out[1], DAOVIEW_NAN_COLOR);
    out[0] = 0;
    daoview_render_argb32(DAO_DOUBLE, NULL, 2, 1, &params, out, sizeof out);
    assert_color(out[0], DAOVIEW_NAN_COLOR);
    /* Nothing to draw, nowhere to draw, no parameters: nothing happens. */
    out[0] = 0;
    daoview_render_argb32(DAO_DOUBLE, v, 0, 1, &params, out, sizeof out);
    daoview_render_argb32(DAO_DOUBLE, v, 2, 0, &params, out, sizeof out);
    daoview_render_argb32(DAO_DOUBLE, v, 2, 1, NULL, out, sizeof out);
    daoview_render_argb32(DAO_DOUBLE, v, 2, 1, &params, NULL, sizeof out);
    assert_color(out[0], 0);
    /* Unknown colormap and scale fall back to grey and linear. */
    DaoviewRenderParams odd = {(DaoviewColormap)77, (DaoviewScale)-4, (DaoviewComplexPart)9, 0, 2, 0};
    daoview_render_argb32(DAO_DOUBLE, v, 2, 1, &odd, out, sizeof out);
    assert_color(out[0], GREY(128));
    assert_color(out[1], GREY(255));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_type_gives_exact_grey_levels),
        cmocka_unit_test(every_grey_level_of_a_byte_is_exact),
        cmocka_unit_test(complex_parts_are_rendered),
        cmocka_unit_test(pixel_order_is_row_major_and_stride_is_respected),
        cmocka_unit_test(nan_and_inf),
        cmocka_unit_test(constant_frames_draw_the_first_colour),
        cmocka_unit_test(equal_levels_are_a_threshold),
        cmocka_unit_test(inverted_levels_reverse_the_map),
        cmocka_unit_test(non_finite_levels_are_sanitised),
        cmocka_unit_test(huge_ranges_do_not_overflow),
        cmocka_unit_test(scale_midpoints),
        cmocka_unit_test(colormaps_reach_both_ends),
        cmocka_unit_test(lookup_tables_agree_with_general_path),
        cmocka_unit_test(fast_atan2_is_within_its_bound),
        cmocka_unit_test(phase_render_matches_exact_phase),
        cmocka_unit_test(phase_is_masked_where_the_amplitude_is_negligible),
        cmocka_unit_test(bad_input_does_not_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
