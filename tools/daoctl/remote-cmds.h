/* remote-cmds.h — the subcommands built on libdao-remote (only when it is
 * built: see the `remote` option). */
#ifndef DAOCTL_REMOTE_CMDS_H
#define DAOCTL_REMOTE_CMDS_H

#include "daoctl.h"

extern const daoctl_command daoctl_cmd_serve;
extern const daoctl_command daoctl_cmd_mirror;

#endif /* DAOCTL_REMOTE_CMDS_H */
