/* Step parsing shared by parse_steps.c (the dispatcher, non-command steps) and
 * parse_cmds.c (ITS command steps). */
#ifndef GICSIM_PARSE_STEPS_H
#define GICSIM_PARSE_STEPS_H

#include "parse_util.h"
#include "scenario.h"

struct sctx {
    struct pctx *p;
    struct scenario *s;
    struct step *st;
    const struct ynode *n; /* the step's value */
};

void parse_steps(struct pctx *p, const struct ynode *seq, struct scenario *s);
/* Parses one ITS command step (st->kind) into st->cmds; false if kind is not one. */
bool parse_command_step(struct sctx *c);

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
