/* A step's arguments (parse_args.c): what the step parsers in parse_steps.c and
 * parse_cmds.c share. Failures go through pfail (parse_util.h). */
#ifndef GICSIM_PARSE_ARGS_H
#define GICSIM_PARSE_ARGS_H

#include "parse_util.h"
#include "scenario.h"

struct sctx {
    struct pctx *p;
    struct scenario *s;
    struct step *st;
    const struct ynode *n; /* the step's value */
};

uint64_t req(struct sctx *c, const char *key, uint64_t min, uint64_t max);
uint64_t opt(struct sctx *c, const char *key, uint64_t min, uint64_t max, uint64_t d);
bool opt_bool(struct sctx *c, const char *key, bool d);
uint64_t opt_time(struct sctx *c, const char *key, uint64_t d);
int acting_cpu(struct sctx *c, const char *key);
int opt_cpu(struct sctx *c, const char *key);
unsigned its_index(struct sctx *c);
uint64_t rdbase(struct sctx *c, unsigned its, uint64_t cpu);
struct scn_cmd *one_cmd(struct sctx *c);
void encoded(struct sctx *c, const char *why);

#endif
