/* `gicsim help [COMMAND]` and `gicsim help --man`: every command's help, and a man
 * page generated from the same texts (so the two never disagree). */
#ifndef GICSIM_HELP_H
#define GICSIM_HELP_H

#include <stdio.h>

#include "check.h"

/* The overview of the commands. */
void help_overview(const char *name, FILE *f);
int help_main(const struct cli *c, int argc, char **argv);

#endif
