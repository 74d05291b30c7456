/* test-daoview-colormap.c — the five colormaps (daoview-colormap.c and the
 * generated daoview-colormap-data.c): published end colours, the diverging
 * map's white centre, the cyclic map's matching ends, clamping and NaN. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "daoview-render.h"
#include "render-test-util.h"

static unsigned red(uint32_t c) { return (c >> 16) & 0xff; }
static unsigned green(uint32_t c) { return (c >> 8) & 0xff; }
static unsigned blue(uint32_t c) { return c & 0xff; }

/* The renderer's per-(colormap, scale) tables are built on first use. Four
 * threads rendering every combination at once, each in its own order, must
 * all get the right pixels: the first test of this program, so that no
 * table exists yet. */
enum { RAMP = 1025, THREADS = 4 };

typedef struct {
    int order;
    const double *ramp;
    uint32_t out[DAOVIEW_N_COLORMAPS][DAOVIEW_N_SCALES][RAMP];
} RenderJob;

static void *render_everything(void *arg)
{
    RenderJob *job = arg;
    for (int i = 0; i < DAOVIEW_N_COLORMAPS * DAOVIEW_N_SCALES; i++) {
        /* Thread k starts at combination 5 k and walks backwards or forwards. */
        int c = (5 * job->order + (job->order % 2 ? -i : i) + 100) %
                (DAOVIEW_N_COLORMAPS * DAOVIEW_N_SCALES);
        int map = c / DAOVIEW_N_SCALES, scale = c % DAOVIEW_N_SCALES;
        DaoviewRenderParams params = {map, scale, DAOVIEW_COMPLEX_AMPLITUDE, 0, 1, 0};
        daoview_render_argb32(DAO_DOUBLE, job->ramp, RAMP, 1, &params, job->out[map][scale],
                              RAMP * 4);
    }
    return NULL;
}

static void tables_are_built_once_under_concurrent_first_use(void **state)
{
    /* u = i / 1024: every value lands exactly on a table entry. */
    static double ramp[RAMP];
    for (int i = 0; i < RAMP; i++)
        ramp[i] = i / 1024.0;
    RenderJob *jobs = calloc(THREADS, sizeof *jobs);
    assert_non_null(jobs);
    pthread_t threads[THREADS];
    for (int t = 0; t < THREADS; t++) {
        jobs[t].order = t;
        jobs[t].ramp = ramp;
        assert_int_equal(pthread_create(&threads[t], NULL, render_everything, &jobs[t]), 0);
    }
    for (int t = 0; t < THREADS; t++)
        assert_int_equal(pthread_join(threads[t], NULL), 0);
    for (int map = 0; map < DAOVIEW_N_COLORMAPS; map++) {
        for (int scale = 0; scale < DAOVIEW_N_SCALES; scale++) {
            for (int i = 0; i < RAMP; i++) {
                uint32_t expected = daoview_colormap_color(map, daoview_scale_apply(scale, ramp[i]));
                for (int t = 0; t < THREADS; t++)
                    assert_color(jobs[t].out[map][scale][i], expected);
            }
        }
    }
    free(jobs);
}

static void ends_are_the_published_colours(void **state)
{
    assert_color(daoview_colormap_color(DAOVIEW_COLORMAP_GREY, 0.0), 0xff000000u);
    assert_color(daoview_colormap_color(DAOVIEW_COLORMAP_GREY, 1.0), 0xffffffffu);
    /* matplotlib's viridis: #440154 … #fde725, #21918c at 0.5 (entry 128). */
    assert_color(daoview_colormap_color(DAOVIEW_COLORMAP_VIRIDIS, 0.0), 0xff440154u);
    assert_color(daoview_colormap_color(DAOVIEW_COLORMAP_VIRIDIS, 1.0), 0xfffde725u);
    assert_color(daoview_colormap_color(DAOVIEW_COLORMAP_VIRIDIS, 0.5), 0xff21918cu);
    /* inferno: #000004 … #fcffa4. */
    assert_color(daoview_colormap_color(DAOVIEW_COLORMAP_INFERNO, 0.0), 0xff000004u);
    assert_color(daoview_colormap_color(DAOVIEW_COLORMAP_INFERNO, 1.0), 0xfffcffa4u);
    /* diverging: ColorBrewer RdBu reversed, #053061 (blue) … #67001f (red). */
    assert_color(daoview_colormap_color(DAOVIEW_COLORMAP_DIVERGING, 0.0), 0xff053061u);
    assert_color(daoview_colormap_color(DAOVIEW_COLORMAP_DIVERGING, 1.0), 0xff67001fu);
}

static void grey_is_the_identity(void **state)
{
    for (unsigned i = 0; i < 256; i++)
        assert_color(daoview_colormap_color(DAOVIEW_COLORMAP_GREY, i / 255.0), GREY(i));
}

static void every_colour_is_opaque(void **state)
{
    for (int map = 0; map < DAOVIEW_N_COLORMAPS; map++) {
        for (unsigned i = 0; i < 256; i++)
            assert_int_equal(daoview_colormap_color(map, i / 255.0) >> 24, 0xff);
    }
}

static void diverging_is_blue_white_red(void **state)
{
    uint32_t low = daoview_colormap_color(DAOVIEW_COLORMAP_DIVERGING, 0.0);
    uint32_t mid = daoview_colormap_color(DAOVIEW_COLORMAP_DIVERGING, 0.5);
    uint32_t high = daoview_colormap_color(DAOVIEW_COLORMAP_DIVERGING, 1.0);
    assert_true(blue(low) > red(low));
    assert_true(red(high) > blue(high));
    /* Near white at zero, so small commands fade out. */
    assert_true(red(mid) >= 0xf0 && green(mid) >= 0xf0 && blue(mid) >= 0xf0);
}

static void cyclic_ends_match(void **state)
{
    assert_color(daoview_colormap_color(DAOVIEW_COLORMAP_CYCLIC, 0.0),
                 daoview_colormap_color(DAOVIEW_COLORMAP_CYCLIC, 1.0));
    /* …and it is not a constant map: the far side of the circle differs. */
    uint32_t end = daoview_colormap_color(DAOVIEW_COLORMAP_CYCLIC, 0.0);
    uint32_t half = daoview_colormap_color(DAOVIEW_COLORMAP_CYCLIC, 0.5);
    assert_true(red(end) + green(end) + blue(end) > red(half) + green(half) + blue(half) + 300);
}

static void neighbours_are_close_in_cyclic_and_perceptual_maps(void **state)
{
    /* A smooth map: no jump of more than a few levels between entries. */
    for (int map = DAOVIEW_COLORMAP_VIRIDIS; map < DAOVIEW_N_COLORMAPS; map++) {
        for (unsigned i = 1; i < 256; i++) {
            uint32_t a = daoview_colormap_color(map, (i - 1) / 255.0);
            uint32_t b = daoview_colormap_color(map, i / 255.0);
            int dr = (int)red(a) - (int)red(b), dg = (int)green(a) - (int)green(b);
            int db = (int)blue(a) - (int)blue(b);
            assert_true(dr * dr + dg * dg + db * db < 12 * 12);
        }
    }
}

static void position_is_clamped(void **state)
{
    for (int map = 0; map < DAOVIEW_N_COLORMAPS; map++) {
        assert_color(daoview_colormap_color(map, -0.5), daoview_colormap_color(map, 0.0));
        assert_color(daoview_colormap_color(map, -INFINITY), daoview_colormap_color(map, 0.0));
        assert_color(daoview_colormap_color(map, 1.5), daoview_colormap_color(map, 1.0));
        assert_color(daoview_colormap_color(map, INFINITY), daoview_colormap_color(map, 1.0));
        assert_color(daoview_colormap_color(map, NAN), DAOVIEW_NAN_COLOR);
    }
}

static void nearest_entry_is_used(void **state)
{
    /* Entry round(t * 255): 0.5 / 255 is the boundary between 0 and 1. */
    assert_color(daoview_colormap_color(DAOVIEW_COLORMAP_GREY, 0.49 / 255), GREY(0));
    assert_color(daoview_colormap_color(DAOVIEW_COLORMAP_GREY, 0.51 / 255), GREY(1));
    assert_color(daoview_colormap_color(DAOVIEW_COLORMAP_GREY, 0.5), GREY(128));
}

static void nan_colour_is_not_a_colormap_colour(void **state)
{
    for (int map = 0; map < DAOVIEW_N_COLORMAPS; map++) {
        if (map == DAOVIEW_COLORMAP_GREY)
            continue;
        for (unsigned i = 0; i < 256; i++)
            assert_int_not_equal(daoview_colormap_color(map, i / 255.0), DAOVIEW_NAN_COLOR);
    }
}

static void unknown_colormap_is_grey(void **state)
{
    assert_color(daoview_colormap_color(DAOVIEW_N_COLORMAPS, 0.5), GREY(128));
    assert_color(daoview_colormap_color((DaoviewColormap)-3, 1.0), GREY(255));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tables_are_built_once_under_concurrent_first_use),
        cmocka_unit_test(ends_are_the_published_colours),
        cmocka_unit_test(grey_is_the_identity),
        cmocka_unit_test(every_colour_is_opaque),
        cmocka_unit_test(diverging_is_blue_white_red),
        cmocka_unit_test(cyclic_ends_match),
        cmocka_unit_test(neighbours_are_close_in_cyclic_and_perceptual_maps),
        cmocka_unit_test(position_is_clamped),
        cmocka_unit_test(nearest_entry_is_used),
        cmocka_unit_test(nan_colour_is_not_a_colormap_colour),
        cmocka_unit_test(unknown_colormap_is_grey),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
