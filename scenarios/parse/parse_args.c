/* A step's arguments: reading the keys of a step's map with the checks every step
 * shares (required or optional, CPU and ITS indices, one command slot). Used by
 * parse_steps.c (all steps) and parse_cmds.c (ITS command steps). */
#include <stdlib.h>

#include "parse_args.h"

#define GET(map, key) ynode_get((map), (key))
#define MAXU32 0xFFFFFFFFull

uint64_t req(struct sctx *c, const char *key, uint64_t min, uint64_t max)
{
    return p_uint(c->p, p_need(c->p, c->n, key, step_name(c->st->kind)), min, max, key);
}

uint64_t opt(struct sctx *c, const char *key, uint64_t min, uint64_t max, uint64_t d)
{
    const struct ynode *v = GET(c->n, key);
    return v ? p_uint(c->p, v, min, max, key) : d;
}

bool opt_bool(struct sctx *c, const char *key, bool d)
{
    const struct ynode *v = GET(c->n, key);
    return v ? p_bool(c->p, v, key) : d;
}

uint64_t opt_time(struct sctx *c, const char *key, uint64_t d)
{
    const struct ynode *v = GET(c->n, key);
    return v ? p_time(c->p, v, key) : d;
}

/* A PE that acts in the step (it must exist: bad input otherwise). */
int acting_cpu(struct sctx *c, const char *key)
{
    const struct ynode *v = p_need(c->p, c->n, key, step_name(c->st->kind));
    uint64_t cpu = p_uint(c->p, v, 0, MAXU32, key);
    if (cpu >= c->s->gic.num_cpus)
        pfail(c->p, v, "%s: CPU %llu does not exist (system has %u)", key,
              (unsigned long long)cpu, c->s->gic.num_cpus);
    return (int)cpu;
}

int opt_cpu(struct sctx *c, const char *key)
{
    return GET(c->n, key) ? acting_cpu(c, key) : -1;
}

unsigned its_index(struct sctx *c)
{
    const struct ynode *v = GET(c->n, "its");
    uint64_t its = v ? p_uint(c->p, v, 0, MAXU32, "its") : 0;
    if (its >= c->s->gic.num_its)
        pfail(c->p, v ? v : c->n, "its %llu does not exist (system has %u ITS%s)",
              (unsigned long long)its, c->s->gic.num_its, c->s->gic.num_its == 1 ? "" : "s");
    return (unsigned)its;
}

/* RDbase for a PE as the ITS expects it (GITS_TYPER.PTA). */
uint64_t rdbase(struct sctx *c, unsigned its, uint64_t cpu)
{
    const gic_config_t *g = &c->s->gic;
    return g->its[its].pta ? (g->gicr_base + cpu * g->gicr_stride) >> 16 : cpu;
}

struct scn_cmd *one_cmd(struct sctx *c)
{
    struct step *st = c->st;
    if (!st->cmds) /* a group provides the slot; a single command allocates it */
        st->cmds = calloc(1, sizeof(*st->cmds));
    if (!st->cmds)
        pfail(c->p, c->n, "out of memory");
    st->n_cmds = 1;
    st->cmds[0].line = st->line;
    st->its = its_index(c);
    st->wait = opt_bool(c, "wait", true);
    return st->cmds;
}

void encoded(struct sctx *c, const char *why)
{
    if (why)
        pfail(c->p, c->n, "%s: %s", step_name(c->st->kind), why);
}
