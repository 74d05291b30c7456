/* dao-atomic.h — the only way shared header fields are touched (private).
 *
 * The mapped header is plain memory shared with processes that may not use
 * libdao. C11 atomics on naturally aligned fields compile to the same plain
 * loads and stores on x86_64 (so no byte changes), but they stop the
 * compiler from caching or reordering them, and on weaker CPUs they add the
 * fences the write order of docs/shm-format.md §6 relies on.
 *
 * The fields are declared as plain integers in dao-format.h; these helpers
 * view them as atomics. That cast is what every cross-process C11 protocol
 * on mmapped memory does (liburing's barrier.h does the same).
 */
#ifndef DAO_ATOMIC_H
#define DAO_ATOMIC_H

#include <stdatomic.h>
#include <stdint.h>

#define DAO__ATOMIC(ptr) ((_Atomic __typeof__(*(ptr)) *)(ptr))

#define dao__load_acquire(ptr) atomic_load_explicit(DAO__ATOMIC(ptr), memory_order_acquire)
#define dao__load_relaxed(ptr) atomic_load_explicit(DAO__ATOMIC(ptr), memory_order_relaxed)
#define dao__store_release(ptr, v) atomic_store_explicit(DAO__ATOMIC(ptr), (v), memory_order_release)
#define dao__store_relaxed(ptr, v) atomic_store_explicit(DAO__ATOMIC(ptr), (v), memory_order_relaxed)

/* Orders the data copy against the flag and counter loads around it. */
#define dao__fence_acquire() atomic_thread_fence(memory_order_acquire)
#define dao__fence_release() atomic_thread_fence(memory_order_release)

/* One pass of a busy-wait: tells the CPU we spin (saves power, frees the
 * sibling hyperthread, avoids a memory-order flush when the line changes). */
static inline void dao__cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield" ::: "memory");
#else
    atomic_signal_fence(memory_order_seq_cst);
#endif
}

#endif /* DAO_ATOMIC_H */
