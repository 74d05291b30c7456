/* test-remote-pace.c — when the server looks at a stream's counter again
 * (remote-pace.h): right after the writer's next commit is due, by the
 * writer's own stamps, and never later than the poll interval; a fast poll
 * only while the writer is a little late, never for a stream that stopped
 * or was re-created. Pure arithmetic on given times: no clock involved. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "remote-pace.h"

#define US 1000LL
#define MS 1000000LL
#define T0 1700000000000000000LL /* a realistic CLOCK_REALTIME */
#define POLL (1 * MS)            /* the server's default poll interval */

/* A writer committing every `period` since T0, seen at frames 1 … n. */
static remote_pace steady(int64_t period, unsigned n)
{
    remote_pace p = {0};
    for (unsigned i = 1; i <= n; i++)
        dao_remote__pace_observe(&p, i, T0 + (int64_t)i * period);
    return p;
}

static void test_unknown_writer_waits_the_poll_interval(void **state)
{
    (void)state;
    remote_pace p = {0};
    assert_int_equal(dao_remote__pace_wait(&p, T0, POLL), POLL);
    dao_remote__pace_observe(&p, 7, T0); /* one look: no period yet */
    assert_int_equal(p.period_ns, 0);
    assert_int_equal(dao_remote__pace_wait(&p, T0 + 10 * US, POLL), POLL);
}

/* A 10 kHz writer: a fixed 1 ms poll sees one frame in ten; the pace looks
 * right after each commit is due. */
static void test_fast_writer_is_looked_at_after_its_next_commit(void **state)
{
    (void)state;
    remote_pace p = steady(100 * US, 8);
    assert_int_equal(p.period_ns, 100 * US);
    int64_t last = T0 + 8 * 100 * US;
    assert_int_equal(dao_remote__pace_wait(&p, last + 30 * US, POLL), 70 * US + PACE_MARGIN_NS);
    assert_true(dao_remote__pace_wait(&p, last, POLL) < POLL);
}

/* A 1 kHz writer, the period a fixed 1 ms poll locks in phase with. */
static void test_writer_at_the_poll_period_is_not_phase_locked(void **state)
{
    (void)state;
    remote_pace p = steady(1 * MS, 5);
    int64_t last = T0 + 5 * MS;
    assert_int_equal(dao_remote__pace_wait(&p, last + 900 * US, POLL), 100 * US + PACE_MARGIN_NS);
}

static void test_late_writer_is_polled_at_a_fraction_of_its_period(void **state)
{
    (void)state;
    remote_pace p = steady(1 * MS, 5);
    int64_t due = T0 + 6 * MS + PACE_MARGIN_NS;
    assert_int_equal(dao_remote__pace_wait(&p, due + 1 * MS, POLL), 1 * MS / PACE_LATE_FRACTION);
    /* A fast writer's fraction is held at PACE_MIN_NS. */
    remote_pace f = steady(20 * US, 5);
    assert_int_equal(dao_remote__pace_wait(&f, T0 + 5 * 20 * US + 60 * US, POLL), PACE_MIN_NS);
}

/* A stopped writer, or a slow one, costs no more than the poll interval. */
static void test_stopped_or_slow_writer_waits_the_poll_interval(void **state)
{
    (void)state;
    remote_pace p = steady(1 * MS, 5);
    int64_t due = T0 + 6 * MS + PACE_MARGIN_NS;
    assert_int_equal(dao_remote__pace_wait(&p, due + (PACE_LATE_PERIODS + 1) * MS, POLL), POLL);
    remote_pace slow = steady(1000 * MS, 3);
    assert_int_equal(dao_remote__pace_wait(&slow, T0 + 3000 * MS + 1 * MS, POLL), POLL);
}

static void test_estimate_follows_the_writer_and_restarts(void **state)
{
    (void)state;
    remote_pace p = steady(1 * MS, 5);
    /* Frames skipped between two looks count: 4 frames in 2 ms. */
    dao_remote__pace_observe(&p, 9, T0 + 5 * MS + 2 * MS);
    assert_true(p.period_ns < 1 * MS && p.period_ns > 500 * US);
    /* The same counter again changes nothing. */
    int64_t period = p.period_ns;
    dao_remote__pace_observe(&p, 9, T0 + 50 * MS);
    assert_int_equal(p.period_ns, period);
    /* A counter that went back (a stream re-created in place) or a write
     * time that did: no period until two new looks. */
    dao_remote__pace_observe(&p, 2, T0 + 60 * MS);
    assert_int_equal(p.period_ns, 0);
    assert_int_equal(dao_remote__pace_wait(&p, T0 + 60 * MS, POLL), POLL);
    dao_remote__pace_observe(&p, 3, T0 + 61 * MS);
    assert_int_equal(p.period_ns, 1 * MS);
    dao_remote__pace_observe(&p, 4, T0 + 10 * MS);
    assert_int_equal(p.period_ns, 0);
    /* A writer that stamps no time (0) gives no period. */
    remote_pace z = {0};
    dao_remote__pace_observe(&z, 1, 0);
    dao_remote__pace_observe(&z, 2, 0);
    assert_int_equal(z.period_ns, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unknown_writer_waits_the_poll_interval),
        cmocka_unit_test(test_fast_writer_is_looked_at_after_its_next_commit),
        cmocka_unit_test(test_writer_at_the_poll_period_is_not_phase_locked),
        cmocka_unit_test(test_late_writer_is_polled_at_a_fraction_of_its_period),
        cmocka_unit_test(test_stopped_or_slow_writer_waits_the_poll_interval),
        cmocka_unit_test(test_estimate_follows_the_writer_and_restarts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
