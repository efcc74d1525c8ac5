/* ITS command steps (parse_cmds.c): mapd ... raw_command, and `commands` groups. */
#ifndef GICSIM_PARSE_CMDS_H
#define GICSIM_PARSE_CMDS_H

#include <stdbool.h>

#include "parse_args.h"

/* Parses one ITS command step (st->kind) into st->cmds; false if kind is not one. */
bool parse_command_step(struct sctx *c);

#endif
