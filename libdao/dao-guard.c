/* dao-guard.c — a file that shrinks under a mapping must never kill us.
 *
 * Existing DAO writers re-create a stream by truncating the file in place
 * and writing a new, possibly smaller, one. Any load from a mapped page that
 * is now past the end of the file raises SIGBUS, and that load can be
 * anywhere: in open's header copy, in a frame copy, in the spin on the
 * counter, in a getter, or in a Python interpreter reading a numpy array
 * that views the mapping. Reading through pread() instead would cover only
 * libdao's own copies and cost a system call per read; checking the size
 * before each access leaves a window and costs one too.
 *
 * So libdao installs one SIGBUS handler for the process (once, at the first
 * open or create) and keeps a registry of its mappings. A fault inside a
 * registered mapping is repaired: anonymous zero pages are mapped over the
 * rest of that mapping and its guard's "faulted" flag is set; the access
 * then completes, reading zeros, and every libdao call that touched the
 * mapping reports DAO_E_TRUNCATED_DATA after one load of that flag. Nothing
 * is paid per access or per spin pass. A fault anywhere else goes where it
 * went before: to the handler that was installed before ours, or — when that
 * was SIG_DFL or SIG_IGN — the default disposition is restored and the fault
 * repeats and ends the process as it would have without libdao.
 *
 * The same registry lets a forked child drop the lock descriptors it
 * inherited (see dao-lock.c), so a reader's slot claim and a writer's role
 * die with the process that took them, not with the last of its children.
 *
 * This is the library's only global mutable state, by necessity: a signal
 * disposition and fork handlers belong to the process, not to a handle. It
 * is set up lazily (no constructor), never torn down, and libdao is linked
 * with -z nodelete so a dlclose() cannot unload the handler's code.
 *
 * The handler runs with SA_NODEFER (a fault inside a chained handler is
 * delivered, not held) and SA_ONSTACK (on the alternate stack of threads that
 * have one, as Python's faulthandler sets up). It reads the registry without
 * a lock: entries are published with release stores and never freed.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "dao-private.h"

#define GUARDS_PER_CHUNK 64

struct guard_chunk {
    struct dao__guard guards[GUARDS_PER_CHUNK];
    struct guard_chunk *_Atomic next;
};

static struct guard_chunk first_chunk;
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;
/* The disposition found when ours was installed, which a fault outside our
 * mappings is handed to. Two copies and an atomic pointer, so it can be
 * replaced while a handler on another thread reads it. */
static struct sigaction previous_actions[2];
static const struct sigaction *_Atomic previous_action = &previous_actions[0];
static uintptr_t page_size;
static int install_error;

static struct dao__guard *find_guard(uintptr_t addr)
{
    for (struct guard_chunk *c = &first_chunk; c; c = atomic_load_explicit(&c->next, memory_order_acquire)) {
        for (int i = 0; i < GUARDS_PER_CHUNK; i++) {
            struct dao__guard *g = &c->guards[i];
            uintptr_t start = atomic_load_explicit(&g->start, memory_order_acquire);
            if (start && addr >= start && addr - start < atomic_load_explicit(&g->length, memory_order_relaxed))
                return g;
        }
    }
    return NULL;
}

/* Hands the signal on as if we had never been installed. */
static void chain(int sig, siginfo_t *info, void *context)
{
    const struct sigaction *p = atomic_load_explicit(&previous_action, memory_order_acquire);
    if (p->sa_flags & SA_SIGINFO) {
        p->sa_sigaction(sig, info, context);
        return;
    }
    if (p->sa_handler != SIG_DFL && p->sa_handler != SIG_IGN) {
        p->sa_handler(sig);
        return;
    }
    bool sent = info->si_code <= 0; /* kill(), raise(), sigqueue(): not a fault */
    if (p->sa_handler == SIG_IGN && sent)
        return;
    /* A fault cannot be ignored (the kernel kills for it anyway): restore
     * the default and let the instruction fault again, or re-send a signal
     * that was sent. Either ends the process exactly as before. */
    struct sigaction dfl = {.sa_handler = SIG_DFL};
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    if (sent)
        raise(sig);
}

static void on_sigbus(int sig, siginfo_t *info, void *context)
{
    int saved_errno = errno;
    struct dao__guard *g = NULL;
    if (info->si_code == BUS_ADRERR)
        g = find_guard((uintptr_t)info->si_addr);
    if (g) {
        uintptr_t start = atomic_load_explicit(&g->start, memory_order_acquire);
        uintptr_t end = start + atomic_load_explicit(&g->length, memory_order_relaxed);
        uintptr_t page = (uintptr_t)info->si_addr & ~(page_size - 1);
        /* The raw system call: no interposed mmap (a sanitizer's) runs in a
         * signal handler. */
        long rc = syscall(SYS_mmap, (void *)page, (size_t)(end - page),
                          atomic_load_explicit(&g->prot, memory_order_relaxed),
                          MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (rc != -1) {
            uintptr_t from = atomic_load_explicit(&g->zeroed_from, memory_order_relaxed);
            if (from == 0 || page < from)
                atomic_store_explicit(&g->zeroed_from, page, memory_order_relaxed);
            atomic_store_explicit(&g->faulted, 1, memory_order_release);
            errno = saved_errno;
            return;
        }
    }
    errno = saved_errno;
    chain(sig, info, context);
}

/* In a child of fork(): the lock descriptors are shared with the parent's
 * open file descriptions. Closing ours (never unlocking, which would free the
 * parent's claims) leaves each claim to the process that made it. */
static void atfork_prepare(void)
{
    pthread_mutex_lock(&registry_lock);
}

static void atfork_parent(void)
{
    pthread_mutex_unlock(&registry_lock);
}

static void atfork_child(void)
{
    for (struct guard_chunk *c = &first_chunk; c; c = c->next) {
        for (int i = 0; i < GUARDS_PER_CHUNK; i++) {
            if (c->guards[i].in_use && c->guards[i].owner)
                dao__lock_forget_in_child(c->guards[i].owner);
        }
    }
    pthread_mutex_unlock(&registry_lock);
}

static int install_handler(void)
{
    const struct sigaction *now = atomic_load_explicit(&previous_action, memory_order_relaxed);
    struct sigaction *next = now == &previous_actions[0] ? &previous_actions[1] : &previous_actions[0];
    struct sigaction sa = {.sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK};
    sigemptyset(&sa.sa_mask);
    /* Block SIGBUS while the two are swapped, so this thread never runs the
     * handler between them. */
    sigset_t bus, old;
    sigemptyset(&bus);
    sigaddset(&bus, SIGBUS);
    pthread_sigmask(SIG_BLOCK, &bus, &old);
    int rc = sigaction(SIGBUS, &sa, next) < 0 ? -errno : 0;
    if (rc == 0)
        atomic_store_explicit(&previous_action, next, memory_order_release);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}

static void install(void)
{
    page_size = (uintptr_t)sysconf(_SC_PAGESIZE);
    install_error = install_handler();
    if (install_error)
        return;
    int rc = pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
    if (rc != 0)
        install_error = -rc;
}

/* Someone may have put the default disposition back since (a test harness
 * restoring what it found, faulthandler.disable()): then nothing is lost by
 * standing in front of it again, and our mappings are protected once more.
 * A handler of someone else's is left alone: it took over, and chains to us
 * or not as it decides (dao.h says to install such handlers before opening
 * the first stream). One sigaction() per open. */
static int reassert_handler(void)
{
    struct sigaction now;
    if (sigaction(SIGBUS, NULL, &now) < 0)
        return -errno;
    bool ours = (now.sa_flags & SA_SIGINFO) && now.sa_sigaction == on_sigbus;
    bool vacant = !(now.sa_flags & SA_SIGINFO) && (now.sa_handler == SIG_DFL || now.sa_handler == SIG_IGN);
    return !ours && vacant ? install_handler() : 0;
}

struct dao__guard *dao__guard_add(void *map, size_t length, int prot, dao_stream *owner)
{
    pthread_once(&install_once, install);
    if (install_error) {
        errno = -install_error;
        return NULL;
    }
    pthread_mutex_lock(&registry_lock);
    int rc = reassert_handler();
    if (rc < 0) {
        pthread_mutex_unlock(&registry_lock);
        errno = -rc;
        return NULL;
    }
    struct dao__guard *g = NULL;
    struct guard_chunk *c = &first_chunk;
    for (;;) {
        for (int i = 0; i < GUARDS_PER_CHUNK && !g; i++) {
            if (!c->guards[i].in_use)
                g = &c->guards[i];
        }
        if (g || !c->next)
            break;
        c = c->next;
    }
    if (!g) {
        struct guard_chunk *fresh = calloc(1, sizeof(*fresh));
        if (!fresh) {
            pthread_mutex_unlock(&registry_lock);
            errno = ENOMEM;
            return NULL;
        }
        g = &fresh->guards[0];
        atomic_store_explicit(&c->next, fresh, memory_order_release);
    }
    g->in_use = true;
    g->owner = owner;
    atomic_store_explicit(&g->faulted, 0, memory_order_relaxed);
    atomic_store_explicit(&g->zeroed_from, 0, memory_order_relaxed);
    atomic_store_explicit(&g->prot, prot, memory_order_relaxed);
    atomic_store_explicit(&g->length, length, memory_order_relaxed);
    atomic_store_explicit(&g->start, (uintptr_t)map, memory_order_release);
    pthread_mutex_unlock(&registry_lock);
    return g;
}

void dao__guard_remove(struct dao__guard *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&registry_lock);
    atomic_store_explicit(&g->start, 0, memory_order_release);
    g->owner = NULL;
    g->in_use = false;
    pthread_mutex_unlock(&registry_lock);
}

uint64_t dao__guard_zeroed_from(const dao_stream *s)
{
    uintptr_t from = atomic_load_explicit(&s->guard->zeroed_from, memory_order_relaxed);
    return from ? (uint64_t)(from - (uintptr_t)s->map) : s->map_size;
}
