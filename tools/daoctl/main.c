/* main.c — daoctl's entry point: find the subcommand and hand over. */
#include <string.h>

#include "daoctl.h"
#ifdef DAOCTL_REMOTE
#include "remote-cmds.h"
#endif

static const daoctl_command *const commands[] = {
    &daoctl_cmd_ls,   &daoctl_cmd_info, &daoctl_cmd_create, &daoctl_cmd_write,
    &daoctl_cmd_watch, &daoctl_cmd_wait, &daoctl_cmd_rm,     &daoctl_cmd_purge,
    &daoctl_cmd_record, &daoctl_cmd_play,
#ifdef DAOCTL_REMOTE
    &daoctl_cmd_serve, &daoctl_cmd_mirror,
#endif
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const daoctl_command *find_command(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++) {
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    }
    return NULL;
}

static void print_overview(FILE *out)
{
    fprintf(out,
            "Usage: daoctl COMMAND [OPTION…] [ARG…]\n"
            "\n"
            "See, create and clean up DAO shared-memory streams (*.im.shm files and\n"
            "their POSIX semaphores).\n"
            "\n"
            "Commands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-8s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(out,
            "\n"
            "Options:\n"
            "  -h, --help     show this help; 'daoctl help COMMAND' or\n"
            "                 'daoctl COMMAND --help' shows a command's manual\n"
            "  -V, --version  show daoctl's and libdao's version\n"
            "\n"
            "Exit status: 0 on success, 1 when something failed at run time (a stream is\n"
            "missing or invalid, a wait timed out …), 2 when the command line is wrong.\n");
}

static int help_command(int argc, char **argv)
{
    if (argc < 2) {
        print_overview(stdout);
        return DAOCTL_OK;
    }
    const daoctl_command *cmd = find_command(argv[1]);
    if (!cmd) {
        fprintf(stderr, "daoctl help: no command '%s'\nTry 'daoctl --help'.\n", argv[1]);
        return DAOCTL_USAGE;
    }
    return daoctl_print_help(cmd);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_overview(stderr);
        return DAOCTL_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0) {
        print_overview(stdout);
        return DAOCTL_OK;
    }
    if (strcmp(name, "-V") == 0 || strcmp(name, "--version") == 0) {
        printf("daoctl %s (libdao %s)\n", DAOCTL_VERSION, dao_version());
        return DAOCTL_OK;
    }
    if (strcmp(name, "help") == 0)
        return help_command(argc - 1, argv + 1);
    const daoctl_command *cmd = find_command(name);
    if (!cmd) {
        fprintf(stderr, "daoctl: no command '%s'\nTry 'daoctl --help'.\n", name);
        return DAOCTL_USAGE;
    }
    /* Subcommands report their own option errors, in daoctl's words. */
    opterr = 0;
    optind = 0; /* glibc: 0 also resets getopt's internal state */
    return cmd->run(argc - 1, argv + 1);
}
