/* `gicsim profile show NAME|FILE`, `gicsim profile list`: the timing profiles. */
#ifndef GICSIM_PROFILE_CMD_H
#define GICSIM_PROFILE_CMD_H

#include <stdio.h>

void profile_usage(FILE *f);
int profile_main(int argc, char **argv);

#endif
