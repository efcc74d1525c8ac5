/* Writing a scenario as a scenario file (docs/scenario-format.md), for the step kinds a
 * replay produces, so that `gicsim run` of the file replays the same (under `ideal`). */
#ifndef GICSIM_SCENARIO_WRITE_H
#define GICSIM_SCENARIO_WRITE_H

#include <stddef.h>

#include "scenario.h"

/* 0, or 2 with a message in err (a step kind it cannot write, or a write error). */
int scenario_write(const struct scenario *s, const char *path, char *err, size_t errlen);

#endif
