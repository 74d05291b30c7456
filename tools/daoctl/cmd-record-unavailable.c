/* cmd-record-unavailable.c — `record` and `play` in a daoctl built without
 * cfitsio (record/ needs it): they say so rather than vanish. */
#include "daoctl.h"

static const char help[] =
    "daoctl was built without cfitsio, so 'record' and 'play' are not available.\n"
    "Install cfitsio (Debian: libcfitsio-dev) and rebuild.\n";

static int unavailable(int argc, char **argv)
{
    (void)argc;
    return daoctl_fail_msg(argv[0], "not available: daoctl was built without cfitsio");
}

const daoctl_command daoctl_cmd_record = {
    .name = "record",
    .summary = "record streams to FITS files (not built: needs cfitsio)",
    .help = help,
    .run = unavailable,
};

const daoctl_command daoctl_cmd_play = {
    .name = "play",
    .summary = "replay a recording into a stream (not built: needs cfitsio)",
    .help = help,
    .run = unavailable,
};
