/* report.c — every message daoctl prints about a failure goes through here,
 * so they all read "daoctl: <what>: <why>" and carry the right exit status. */
#include <stdarg.h>

#include "daoctl.h"

int daoctl_fail(const char *what, int code)
{
    fprintf(stderr, "daoctl: %s: %s\n", what, dao_strerror(code));
    return DAOCTL_FAILED;
}

int daoctl_fail_msg(const char *what, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "daoctl: %s: ", what);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return DAOCTL_FAILED;
}

int daoctl_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "daoctl %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'daoctl %s --help'.\n", cmd);
    return DAOCTL_USAGE;
}

int daoctl_print_help(const daoctl_command *cmd)
{
    fputs(cmd->help, stdout);
    return DAOCTL_OK;
}

int daoctl_bad_option(const char *cmd, char **argv, int c)
{
    /* With opterr = 0, getopt leaves the offending word at argv[optind - 1]
     * for long options and the letter in optopt for short ones. */
    const char *word = argv[optind - 1];
    if (c == ':') {
        if (optopt && word[0] == '-' && word[1] != '-')
            return daoctl_usage(cmd, "option '-%c' needs a value", optopt);
        return daoctl_usage(cmd, "option '%s' needs a value", word);
    }
    if (optopt)
        return daoctl_usage(cmd, "unknown option '-%c'", optopt);
    return daoctl_usage(cmd, "unknown option '%s'", word);
}
