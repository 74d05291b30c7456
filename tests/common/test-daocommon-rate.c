/* test-daocommon-rate.c — rates from counter samples at chosen times: no
 * clock is read, so nothing here depends on how loaded the machine is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "daocommon-rate.h"

#define MS INT64_C(1000000)

static void test_between(void **state)
{
    (void)state;
    assert_true(daocommon_rate_between(100, 0, 300, 1000 * MS) == 200.0);
    assert_true(daocommon_rate_between(5, 10 * MS, 5, 510 * MS) == 0.0);
    assert_true(daocommon_rate_between(0, 0, 1, 4 * MS) == 250.0);
    /* No time elapsed, time backwards, counter backwards (re-created): none. */
    assert_true(daocommon_rate_between(1, 5 * MS, 2, 5 * MS) < 0);
    assert_true(daocommon_rate_between(1, 5 * MS, 2, 4 * MS) < 0);
    assert_true(daocommon_rate_between(1000, 0, 3, 1000 * MS) < 0);
    /* Counters near the top of 64 bits do not lose the difference. */
    assert_true(daocommon_rate_between(UINT64_MAX - 1000, 0, UINT64_MAX, 1000 * MS) == 1000.0);
}

static void test_meter_windows(void **state)
{
    (void)state;
    daocommon_rate r;
    daocommon_rate_init(&r, 0, 0);
    assert_true(r.hz == 0);
    /* The first estimate after the short window: 100 frames in 0.25 s. */
    assert_false(daocommon_rate_update(&r, 50, 100 * MS));
    assert_true(daocommon_rate_update(&r, 100, 250 * MS));
    assert_true(r.hz == 400.0);
    assert_int_equal(r.estimates, 1);
    /* Once moving, windows last a second: nothing new at +0.5 s. */
    assert_false(daocommon_rate_update(&r, 300, 750 * MS));
    assert_true(r.hz == 400.0);
    assert_true(daocommon_rate_update(&r, 600, 1250 * MS));
    assert_true(r.hz == 500.0);
    /* Stopped: a rate of 0, and short windows again so a restart shows soon. */
    assert_true(daocommon_rate_update(&r, 600, 2250 * MS));
    assert_true(r.hz == 0.0);
    assert_true(daocommon_rate_update(&r, 610, 2500 * MS));
    assert_true(r.hz == 40.0);
}

static void test_meter_counter_backwards(void **state)
{
    (void)state;
    daocommon_rate r;
    daocommon_rate_init(&r, 5000, 0);
    assert_true(daocommon_rate_update(&r, 5100, 250 * MS));
    assert_true(r.hz == 400.0);
    /* Re-created: counts from 1 again. No estimate from across the jump,
     * the old one stays until a window on the new counter closes. */
    assert_false(daocommon_rate_update(&r, 1, 400 * MS));
    assert_true(r.hz == 400.0);
    assert_false(daocommon_rate_update(&r, 101, 1000 * MS));
    assert_true(daocommon_rate_update(&r, 201, 1400 * MS));
    assert_true(r.hz == 200.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_between),
        cmocka_unit_test(test_meter_windows),
        cmocka_unit_test(test_meter_counter_backwards),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
