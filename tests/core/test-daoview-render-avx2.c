/* test-daoview-render-avx2.c — the AVX2 render loops colour every pixel as
 * the portable loops' formula does (daoview-render-avx2.h): for each
 * getter, frames of random bit patterns and of ordinary values, widths that
 * leave every tail length, levels ordinary, reversed, equal, tiny and huge,
 * the phase with and without its mask. Skipped where the CPU has no AVX2. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "daoview-colormap-private.h"
#include "daoview-load4-private.h"
#include "getter-test-util.h"
#include "daoview-render-avx2.h"

enum { WIDTH = 67, HEIGHT = 5, COUNT = WIDTH * HEIGHT };

static unsigned char frame[COUNT * 16];
static uint32_t got[COUNT];

static void fill_bits(uint64_t seed)
{
    for (size_t i = 0; i < sizeof frame; i += 8) {
        uint64_t bits = next_random(&seed);
        memcpy(frame + i, &bits, 8);
    }
}

/* Values in about [-2000, 2000] of every type (an element's bytes hold its
 * own type; complex: both parts). */
static void fill_ordinary(int getter, uint64_t seed)
{
    for (size_t i = 0; i < 2 * COUNT; i++) {
        double v = (double)(next_random(&seed) % 4001) - 2000.0;
        if (i % 13 == 0)
            v = 0;
        switch (getter) {
        case DAOVIEW__GET_u32: if (i < COUNT) ((uint32_t *)frame)[i] = (uint32_t)fabs(v); break;
        case DAOVIEW__GET_i32: if (i < COUNT) ((int32_t *)frame)[i] = (int32_t)v; break;
        case DAOVIEW__GET_u64: if (i < COUNT) ((uint64_t *)frame)[i] = (uint64_t)fabs(v); break;
        case DAOVIEW__GET_i64: if (i < COUNT) ((int64_t *)frame)[i] = (int64_t)v; break;
        case DAOVIEW__GET_f32: if (i < COUNT) ((float *)frame)[i] = (float)(v / 7); break;
        case DAOVIEW__GET_f64: if (i < COUNT) ((double *)frame)[i] = v / 7; break;
        case DAOVIEW__GET_cf_amp: case DAOVIEW__GET_cf_phase: case DAOVIEW__GET_cf_re:
        case DAOVIEW__GET_cf_im: ((float *)frame)[i] = (float)(v / 3); break;
        default: ((double *)frame)[i] = v / 3; break;
        }
    }
}

static uint32_t expected(int getter, DaoviewGetFn get, size_t i, const DaoviewMapping *m,
                         const uint32_t *table, double floor2)
{
    if (getter == DAOVIEW__GET_cf_phase || getter == DAOVIEW__GET_cd_phase) {
        double re = getter == DAOVIEW__GET_cf_phase ? daoview__get_cf_re(frame, i) : daoview__get_cd_re(frame, i);
        double im = getter == DAOVIEW__GET_cf_phase ? daoview__get_cf_im(frame, i) : daoview__get_cd_im(frame, i);
        double v = daoview__fast_atan2(im, re);
        uint32_t colour = table[daoview__mapping_index(m, v)];
        return v != v ? DAOVIEW_NAN_COLOR : re * re + im * im <= floor2 ? DAOVIEW_MASKED_COLOR : colour;
    }
    double v = get(frame, i);
    return table[v == v ? daoview__mapping_index(m, v) : DAOVIEW__SCALED_NAN];
}

static void check_frame(const Getter *g, unsigned width, double low, double high, double floor2,
                        const uint32_t *table)
{
    DaoviewMapping m;
    daoview__mapping_init(&m, low, high);
    memset(got, 0, sizeof got);
    assert_int_equal(daoview__render_avx2(g->getter, frame, width, HEIGHT, &m, table, floor2, got,
                                          width * sizeof *got),
                     0);
    for (size_t i = 0; i < (size_t)width * HEIGHT; i++) {
        uint32_t want = expected(g->getter, g->get, i, &m, table, floor2);
        if (got[i] != want)
            fail_msg("%s, width %u, levels %g … %g: pixel %zu is %08x, want %08x", g->name, width,
                     low, high, i, got[i], want);
    }
}

static void every_getter_colours_as_the_formula(void **state)
{
    (void)state;
    const uint32_t *table = daoview__scaled_table(DAOVIEW_COLORMAP_VIRIDIS, DAOVIEW_SCALE_LOG);
    static const double levels[][2] = {
        {-1000, 1000}, {0, 255}, {1000, -1000}, {5, 5}, {1e-300, 2e-300}, {-1e308, 1e308}, {-3.2, 3.2},
    };
    int checked = 0;
    for (size_t gi = 0; gi < sizeof getters / sizeof getters[0]; gi++) {
        const Getter *g = &getters[gi];
        if (is_small_integer(g->getter)) {
            assert_int_equal(daoview__render_avx2(g->getter, frame, WIDTH, HEIGHT, NULL, table, 0, got,
                                                  sizeof got),
                             -1);
            continue;
        }
        for (uint64_t seed = 1; seed <= 3; seed++) {
            for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++) {
                fill_bits(seed * 0x9e3779b97f4a7c15u);
                for (unsigned width = WIDTH - 8; width <= WIDTH; width++)
                    check_frame(g, width, levels[l][0], levels[l][1], 0, table);
                fill_ordinary(g->getter, seed);
                for (unsigned width = WIDTH - 8; width <= WIDTH; width++)
                    check_frame(g, width, levels[l][0], levels[l][1], 250000.0, table);
            }
        }
        checked++;
    }
    assert_int_equal(checked, 14);
}

int main(void)
{
    /* Nothing to test without AVX2: the whole program is skipped (TAP's
     * "1..0 # SKIP"; a skipped cmocka test reads as "not ok", a failure). */
    if (!daoview__cpu_has_avx2()) {
        printf("1..0 # SKIP the CPU has no AVX2 (or DAOVIEW_NO_AVX2 is set)\n");
        return 0;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_getter_colours_as_the_formula),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
