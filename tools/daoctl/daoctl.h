/* daoctl.h — what the subcommands of daoctl share: the command table, exit
 * statuses, error reporting and option parsing. */
#ifndef DAOCTL_H
#define DAOCTL_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "dao.h"
#include "daocommon-shape.h"

/* Exit statuses, the same for every subcommand, so scripts can tell "the
 * stream is not there" from "I called daoctl wrongly". */
enum {
    DAOCTL_OK = 0,
    DAOCTL_FAILED = 1,
    DAOCTL_USAGE = 2,
};

typedef struct daoctl_command {
    const char *name;
    const char *summary; /* one line for `daoctl --help` */
    const char *help;    /* the whole manual page of the subcommand */
    /* argv[0] is the subcommand's name; getopt_long starts afresh. */
    int (*run)(int argc, char **argv);
} daoctl_command;

extern const daoctl_command daoctl_cmd_ls;
extern const daoctl_command daoctl_cmd_info;
extern const daoctl_command daoctl_cmd_create;
extern const daoctl_command daoctl_cmd_write;
extern const daoctl_command daoctl_cmd_watch;
extern const daoctl_command daoctl_cmd_wait;
extern const daoctl_command daoctl_cmd_rm;
extern const daoctl_command daoctl_cmd_purge;
extern const daoctl_command daoctl_cmd_record; /* cmd-record.c */
extern const daoctl_command daoctl_cmd_play;   /* cmd-play.c */

/* report.c ---------------------------------------------------------------- */

/* "daoctl: <what>: <dao_strerror(code)>" on stderr. Returns DAOCTL_FAILED. */
int daoctl_fail(const char *what, int code);

/* "daoctl: <what>: <message>" on stderr. Returns DAOCTL_FAILED. */
int daoctl_fail_msg(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "daoctl <cmd>: <message>" and a pointer to --help, on stderr.
 * Returns DAOCTL_USAGE. */
int daoctl_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints the subcommand's manual page on stdout. Returns DAOCTL_OK. */
int daoctl_print_help(const daoctl_command *cmd);

/* The report for a getopt_long() result of '?' or ':' (optstring must start
 * with ':'). Returns DAOCTL_USAGE. */
int daoctl_bad_option(const char *cmd, char **argv, int c);

/* args.c ------------------------------------------------------------------ */

/* Decimal unsigned integer in [min, max], the whole string. */
bool daoctl_parse_uint(const char *text, uint64_t min, uint64_t max, uint64_t *out);

/* Non-negative, finite number of seconds ("0.2", "5"). */
bool daoctl_parse_seconds(const char *text, double *out);

/* "512x512", "10", "4x8x16": 1 to DAO_MAX_AXES extents, each 1 … UINT32_MAX,
 * C order (the last one varies fastest). */
bool daoctl_parse_shape(const char *text, unsigned *naxis, uint32_t shape[DAO_MAX_AXES]);

/* "512x512": a shape as daoctl's tables and messages print it (common/'s
 * compact spelling, which daoctl_parse_shape() reads back). */
static inline void daoctl_format_shape(char *buf, size_t len, unsigned naxis, const uint32_t *shape)
{
    daocommon_shape_format(buf, len, naxis, shape, DAOCOMMON_SHAPE_COMPACT);
}

/* time.c ------------------------------------------------------------------ */

int64_t daoctl_now_realtime_ns(void);
int64_t daoctl_now_monotonic_ns(void);
/* Sleeps, returning early (false) when a signal interrupts it. */
bool daoctl_sleep_seconds(double seconds);
/* "2026-01-31T12:00:00.123Z" (UTC) for ns since the epoch; "never" for 0. */
void daoctl_format_time(char *buf, size_t len, int64_t ns);
/* "850ms", "3.2s", "4m", "5h", "2d" */
void daoctl_format_age(char *buf, size_t len, double seconds);

/* status.c ---------------------------------------------------------------- */

/* "alive", "gone", "unknown", or "error" for a negative code. */
const char *daoctl_writer_state_name(int state);

/* Reader slots claimed right now by any process. */
unsigned daoctl_claimed_slots(const dao_stream *s);

/* Seconds since the last write, or a negative number if the stream was never
 * stamped (a write time of 0). */
double daoctl_stream_age(const dao_stream *s, int64_t now_realtime_ns);

#endif /* DAOCTL_H */
