/* `replay TRACE`: a QEMU GICv3 trace played into the model (docs/traces.md), shared by
 * gicsim and gicsim-tlm like `run`. */
#ifndef GICSIM_REPLAY_H
#define GICSIM_REPLAY_H

#include "check.h"

#ifdef __cplusplus
extern "C" {
#endif

int replay_main(const struct cli *c, int argc, char **argv);
/* The usage text on f; returns rc. */
int replay_usage(const struct cli *c, FILE *f, int rc);

#ifdef __cplusplus
}
#endif

#endif
