/* signals.h — Ctrl-C (SIGINT) and SIGTERM as a request to stop cleanly. */
#ifndef DAOCTL_SIGNALS_H
#define DAOCTL_SIGNALS_H

#include <stdbool.h>

/* From now on SIGINT and SIGTERM interrupt sleeps and set the flag below
 * instead of killing the process. */
void daoctl_catch_stop_signals(void);

bool daoctl_stop_requested(void);

#endif /* DAOCTL_SIGNALS_H */
