/* render-test-util.h — what the render tests share: a double comparison
 * (cmocka 1.1's assert_float_equal works in float) and exact colour checks
 * that print both colours in hex. Include after <cmocka.h>. */
#ifndef RENDER_TEST_UTIL_H
#define RENDER_TEST_UTIL_H

#include <math.h>
#include <stdint.h>

#define assert_near(actual, expected, tolerance)                                   \
    do {                                                                           \
        double a_ = (actual), e_ = (expected), t_ = (tolerance);                   \
        if (!(fabs(a_ - e_) <= t_)) {                                              \
            print_error("%s = %.17g, expected %.17g (± %g)\n", #actual, a_, e_, t_); \
            fail();                                                                \
        }                                                                          \
    } while (0)

#define assert_color(actual, expected)                                             \
    do {                                                                           \
        uint32_t a_ = (actual), e_ = (expected);                                   \
        if (a_ != e_) {                                                            \
            print_error("%s = 0x%08x, expected 0x%08x\n", #actual, (unsigned)a_,   \
                        (unsigned)e_);                                             \
            fail();                                                                \
        }                                                                          \
    } while (0)

/* 0xffVVVVVV: the grey colormap's entry v. */
#define GREY(v) (0xff000000u | 0x010101u * (uint32_t)(v))

#endif /* RENDER_TEST_UTIL_H */
