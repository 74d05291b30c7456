/* test-daoview-cube.c — shapes as images and cube slices (daoview-cube.c):
 * geometry of 1-, 2- and 3-D shapes, bad shapes, slice k holding slice k's
 * values, the newest-slice detection, and stepping through slices. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "daoview-cube.h"
#include "render-test-util.h"

static void geometry_of_shapes(void **state)
{
    DaoviewGeometry g;
    const uint32_t one[] = {97};
    assert_int_equal(daoview_geometry_from_shape(1, one, &g), 0);
    assert_int_equal(g.width, 97);
    assert_int_equal(g.height, 1);
    assert_int_equal(g.depth, 1);
    const uint32_t two[] = {480, 640}; /* (ny, nx) */
    assert_int_equal(daoview_geometry_from_shape(2, two, &g), 0);
    assert_int_equal(g.width, 640);
    assert_int_equal(g.height, 480);
    assert_int_equal(g.depth, 1);
    assert_int_equal(daoview_geometry_slice_elements(&g), 640 * 480);
    const uint32_t three[] = {10, 32, 64}; /* (nz, ny, nx) */
    assert_int_equal(daoview_geometry_from_shape(3, three, &g), 0);
    assert_int_equal(g.width, 64);
    assert_int_equal(g.height, 32);
    assert_int_equal(g.depth, 10);
    assert_int_equal(daoview_geometry_elements(&g), 10 * 32 * 64);
}

static void bad_shapes(void **state)
{
    DaoviewGeometry g = {1, 1, 1};
    const uint32_t zero[] = {4, 0, 4};
    assert_int_equal(daoview_geometry_from_shape(3, zero, &g), -1);
    assert_int_equal(g.width, 0);
    assert_int_equal(daoview_geometry_from_shape(0, zero, &g), -1);
    assert_int_equal(daoview_geometry_from_shape(4, zero, &g), -1);
    assert_int_equal(daoview_geometry_from_shape(2, NULL, &g), -1);
    assert_int_equal(daoview_geometry_from_shape(2, zero, NULL), -1);
    /* 2^96 elements do not fit anywhere. */
    const uint32_t huge[] = {UINT32_MAX, UINT32_MAX, UINT32_MAX};
    assert_int_equal(daoview_geometry_from_shape(3, huge, &g), -1);
    assert_int_equal(daoview_geometry_elements(NULL), 0);
}

static void slice_k_holds_slice_k(void **state)
{
    /* 4 slices of 3 x 2 int16, element value 100 k + i. */
    int16_t cube[4][2][3];
    for (int k = 0; k < 4; k++)
        for (int i = 0; i < 6; i++)
            (&cube[k][0][0])[i] = (int16_t)(100 * k + i);
    const uint32_t shape[] = {4, 2, 3};
    DaoviewGeometry g;
    assert_int_equal(daoview_geometry_from_shape(3, shape, &g), 0);
    for (unsigned k = 0; k < 4; k++) {
        const int16_t *slice = daoview_cube_slice(DAO_INT16, cube, &g, k);
        assert_ptr_equal(slice, &cube[k][0][0]);
        assert_int_equal(daoview_cube_slice_offset(DAO_INT16, &g, k), k * 6 * sizeof(int16_t));
        for (int i = 0; i < 6; i++)
            assert_int_equal(slice[i], 100 * k + i);
    }
    assert_null(daoview_cube_slice(DAO_INT16, cube, &g, 4));
    assert_int_equal(daoview_cube_slice_offset(DAO_INT16, &g, 4), (size_t)-1);
    assert_null(daoview_cube_slice((dao_type)0, cube, &g, 0));
    assert_null(daoview_cube_slice(DAO_INT16, NULL, &g, 0));
    /* A 2-D frame is its own slice 0. */
    const uint32_t flat[] = {2, 3};
    assert_int_equal(daoview_geometry_from_shape(2, flat, &g), 0);
    assert_ptr_equal(daoview_cube_slice(DAO_INT16, cube, &g, 0), cube);
    assert_null(daoview_cube_slice(DAO_INT16, cube, &g, 1));
}

static void newest_slice_is_the_one_that_changed(void **state)
{
    float previous[5][4], current[5][4];
    memset(previous, 0, sizeof previous);
    memcpy(current, previous, sizeof current);
    const uint32_t shape[] = {5, 2, 2};
    DaoviewGeometry g;
    assert_int_equal(daoview_geometry_from_shape(3, shape, &g), 0);
    assert_int_equal(daoview_cube_newest_slice(DAO_FLOAT, previous, current, &g), -1);
    /* A rolling buffer: each frame writes the next slice. */
    for (int k = 0; k < 7; k++) {
        current[k % 5][k % 4] = (float)(k + 1);
        assert_int_equal(daoview_cube_newest_slice(DAO_FLOAT, previous, current, &g), k % 5);
        memcpy(previous, current, sizeof current);
    }
    /* Everything rewritten: the last slice. */
    for (int k = 0; k < 5; k++)
        current[k][0] += 1.0f;
    assert_int_equal(daoview_cube_newest_slice(DAO_FLOAT, previous, current, &g), 4);
    assert_int_equal(daoview_cube_newest_slice(DAO_FLOAT, NULL, current, &g), -1);
    assert_int_equal(daoview_cube_newest_slice((dao_type)77, previous, current, &g), -1);
}

static void stepping_is_clamped(void **state)
{
    DaoviewGeometry g = {4, 4, 10};
    assert_int_equal(daoview_cube_step(&g, 3, 1), 4);
    assert_int_equal(daoview_cube_step(&g, 3, -1), 2);
    assert_int_equal(daoview_cube_step(&g, 0, -1), 0);
    assert_int_equal(daoview_cube_step(&g, 9, 1), 9);
    assert_int_equal(daoview_cube_step(&g, 5, 10), 9);
    assert_int_equal(daoview_cube_step(&g, 5, -10), 0);
    assert_int_equal(daoview_cube_step(&g, 5, LONG_MAX), 9);
    assert_int_equal(daoview_cube_step(&g, 5, LONG_MIN), 0);
    assert_int_equal(daoview_cube_step(&g, 500, 0), 9); /* the cube shrank */
    assert_int_equal(daoview_cube_step(NULL, 5, 1), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(geometry_of_shapes),
        cmocka_unit_test(bad_shapes),
        cmocka_unit_test(slice_k_holds_slice_k),
        cmocka_unit_test(newest_slice_is_the_one_that_changed),
        cmocka_unit_test(stepping_is_clamped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
