/* test-daorec-ring.c — the ring between capture and disk: order, a full
 * ring refusing at once (the capture thread must never wait), wake-ups,
 * close, and a producer and consumer thread racing through it. */
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "daorec-ring.h"
#include "test-util.h"

static void test_order_and_full(void **state)
{
    (void)state;
    daorec_ring r;
    assert_int_equal(daorec__ring_init(&r, 100, 3), 0);
    for (uint64_t k = 1; k <= 3; k++) {
        unsigned char *slot = daorec__ring_reserve(&r);
        assert_non_null(slot);
        memset(slot, (int)k, 100);
        daorec__ring_publish(&r, &(daorec_frame_info){.counter = k});
    }
    assert_null(daorec__ring_reserve(&r)); /* full: refused, not waited for */
    assert_int_equal(daorec__ring_used(&r), 3);
    assert_int_equal(daorec__ring_wait(&r, 0), 3);
    for (unsigned i = 0; i < 3; i++) {
        daorec_frame_info *info;
        unsigned char *frame = daorec__ring_entry(&r, i, &info);
        assert_int_equal(info->counter, i + 1);
        assert_int_equal(frame[99], i + 1);
    }
    daorec__ring_release(&r, 2);
    assert_non_null(daorec__ring_reserve(&r));
    assert_int_equal(daorec__ring_wait(&r, 0), 1);
    assert_false(daorec__ring_finished(&r));
    daorec__ring_release(&r, 1);
    assert_int_equal(daorec__ring_wait(&r, 1000000), 0); /* times out */
    daorec__ring_close(&r);
    assert_true(daorec__ring_finished(&r));
    assert_int_equal(atomic_load(&r.peak), 3);
    daorec__ring_destroy(&r);
}

static void *release_later(void *arg)
{
    daorec_ring *r = arg;
    usleep(20000);
    daorec__ring_release(r, 1);
    return NULL;
}

/* A producer that chose to wait for room (in-order capture) is woken by
 * the release, and times out when none comes. */
static void test_wait_for_space(void **state)
{
    (void)state;
    daorec_ring r;
    assert_int_equal(daorec__ring_init(&r, 8, 2), 0);
    for (int k = 0; k < 2; k++) {
        assert_non_null(daorec__ring_reserve(&r));
        daorec__ring_publish(&r, &(daorec_frame_info){.counter = 1});
    }
    assert_true(daorec__ring_wait_space(&r, 0) == false);
    assert_true(daorec__ring_wait_space(&r, 5000000) == false); /* 5 ms, nobody releases */
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, release_later, &r), 0);
    int64_t t0 = test_now_ns();
    assert_true(daorec__ring_wait_space(&r, 60000000000ll)); /* woken, long before a minute */
    assert_true(test_now_ns() - t0 < 30000000000ll);
    pthread_join(t, NULL);
    assert_non_null(daorec__ring_reserve(&r));
    daorec__ring_destroy(&r);
}

enum { RACE_FRAMES = 50000 };

static void *producer(void *arg)
{
    daorec_ring *r = arg;
    for (uint64_t k = 1; k <= RACE_FRAMES; k++) {
        uint64_t *slot;
        while (!(slot = daorec__ring_reserve(r)))
            ; /* the test's producer retries; the recorder's drops */
        *slot = k;
        daorec__ring_publish(r, &(daorec_frame_info){.counter = k});
    }
    daorec__ring_close(r);
    return NULL;
}

/* Every frame arrives once, in order, with its own bytes. */
static void test_threads(void **state)
{
    (void)state;
    daorec_ring r;
    assert_int_equal(daorec__ring_init(&r, sizeof(uint64_t), 7), 0);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, producer, &r), 0);
    uint64_t expected = 1;
    while (!daorec__ring_finished(&r)) {
        unsigned n = daorec__ring_wait(&r, 100000000);
        for (unsigned i = 0; i < n; i++) {
            daorec_frame_info *info;
            uint64_t *frame = daorec__ring_entry(&r, i, &info);
            if (info->counter != expected || *frame != expected)
                fail_msg("entry %u: counter %llu, frame %llu, expected %llu", i,
                         (unsigned long long)info->counter, (unsigned long long)*frame,
                         (unsigned long long)expected);
            expected++;
        }
        daorec__ring_release(&r, n);
    }
    pthread_join(t, NULL);
    assert_int_equal(expected, RACE_FRAMES + 1);
    daorec__ring_destroy(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_and_full),
        cmocka_unit_test(test_wait_for_space),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
