/* A QEMU GICv3 trace (traces/qemu_trace.h) turned into a scenario: every recorded
 * stimulus becomes a step whose line is the trace line, every read whose value the
 * architecture fixes becomes a read step with `expect` (docs/traces.md). */
#ifndef GICSIM_REPLAY_IMPORT_H
#define GICSIM_REPLAY_IMPORT_H

#include <stddef.h>

#include "scenario.h"

struct replay_stats {
    unsigned lines;    /* trace lines read */
    unsigned events;   /* stimulus records replayed (accesses, wires, SGIs, MSIs, commands) */
    unsigned reads;    /* reads asserted */
    unsigned iars;     /* of those, ICC_IAR0/1 reads */
    unsigned msis;
    unsigned commands;
    unsigned rebuilt;  /* lpi_config steps the reconstruction rules added */
};

/* Imports path (plain, .gz or .xz) into s (call scenario_free afterwards in every
 * case). profile: a timing profile name or NULL for ideal. Returns 0, or 2 with
 * "FILE:LINE: message" in err. */
int replay_import(const char *path, const char *profile, struct scenario *s,
                  struct replay_stats *st, char *err, size_t errlen);

#endif
