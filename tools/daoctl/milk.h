/* milk.h — what daoctl shows and does differently for milk /
 * ImageStreamIO streams (which libdao opens read-only through the same
 * handle). The subcommands call these where the formats part ways. */
#ifndef DAOCTL_MILK_H
#define DAOCTL_MILK_H

#include <stdbool.h>
#include <sys/types.h>

#include "dao.h"
#include "daocommon-json.h"

/* "dao" or "milk", for tables and the "format" key of every --json. */
const char *daoctl_format_name(const dao_stream *s);

/* dao_milk_shm_dir(), or NULL when that is /tmp (which daoctl scans
 * anyway). */
const char *daoctl_milk_shm_dir(void);

/* The milk-only keys of an `ls --json` row: "milk_version", "layout",
 * "CBsize", "location" (nothing for a DAO stream). */
void daoctl_milk_ls_json(daocommon_json *j, const dao_stream *s);

/* "alive", "gone" or "none" for a PID a milk file records (kill(pid, 0)). */
const char *daoctl_pid_state(int pid);

/* `daoctl info` of a milk stream, text or JSON. Returns a DAOCTL_* status. */
int daoctl_milk_info(dao_stream *s, bool json);

/* `daoctl rm` of a milk stream: only with `allowed` (--milk), and then the
 * file alone. A "2.x" stream keeps its semaphores in the file; the named
 * ones of "1.05" are ImageStreamIO's to manage; the DAO-named semaphores of
 * the stem belong to DAO streams. Returns a DAOCTL_* status. */
int daoctl_milk_rm(const char *path, bool allowed, bool dry_run);

#endif /* DAOCTL_MILK_H */
