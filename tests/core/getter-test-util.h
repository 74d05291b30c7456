/* getter-test-util.h — for the tests of the per-getter AVX2 paths: every
 * display getter (daoview-element-private.h) with its name, and the
 * xorshift that fills their frames with reproducible random bits. */
#ifndef GETTER_TEST_UTIL_H
#define GETTER_TEST_UTIL_H

#include <stdint.h>

#include "daoview-element-private.h"

typedef struct {
    int getter;
    DaoviewGetFn get;
    const char *name;
} Getter;

static const Getter getters[] = {
#define ENTRY(id, fn) {DAOVIEW__GET_##id, daoview__get_##fn, #id},
    DAOVIEW__FOR_EACH_DISPLAY_GETTER(ENTRY)
#undef ENTRY
};

static inline uint64_t next_random(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

/* The getters whose frames the 8- and 16-bit loops take (lookup tables,
 * own-type min/max), which the AVX2 paths leave alone. */
static inline int is_small_integer(int getter)
{
    return getter == DAOVIEW__GET_u8 || getter == DAOVIEW__GET_i8 || getter == DAOVIEW__GET_u16
           || getter == DAOVIEW__GET_i16;
}

#endif /* GETTER_TEST_UTIL_H */
