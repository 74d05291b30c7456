/* signals.c — Ctrl-C as a request to stop, for the loops of `watch`. */
#include <signal.h>
#include <string.h>

#include "signals.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int signo)
{
    (void)signo;
    stop_requested = 1;
}

void daoctl_catch_stop_signals(void)
{
    /* No SA_RESTART: the signal must cut the current sleep short. */
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

bool daoctl_stop_requested(void)
{
    return stop_requested != 0;
}
