/* Step parsing (parse_steps.c): the table of step kinds and their parsers. */
#ifndef GICSIM_PARSE_STEPS_H
#define GICSIM_PARSE_STEPS_H

#include "parse_util.h"
#include "scenario.h"

void parse_steps(struct pctx *p, const struct ynode *seq, struct scenario *s);

#endif
