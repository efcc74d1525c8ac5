/* Command-line overrides of a scenario (`--set KEY=VALUE`, `--profile`, `--seed`):
 * applied to the YAML tree before it is read, so an override is checked exactly as
 * the same value written in the file would be. */
#ifndef GICSIM_OVERRIDES_H
#define GICSIM_OVERRIDES_H

#include "scenario.h"

struct pctx;
struct ytree;

/* Applies ov[0..n) in order; errors unwind through p naming the override's label. */
void overrides_apply(struct pctx *p, struct ytree *t, const struct scn_override *ov,
                     unsigned n);

#endif
