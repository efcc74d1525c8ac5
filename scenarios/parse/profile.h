/* Timing profiles (scenarios/profiles/NAME.yaml, built into the binary) and `timing:`
 * overrides: every parameter is named after the structure it describes. */
#ifndef GICSIM_PROFILE_H
#define GICSIM_PROFILE_H

#include <stdio.h>

#include "gicsim/gicsim.h"

struct pctx;
struct ynode;

struct builtin_profile {
    const char *name;
    const unsigned char *yaml; /* NUL-terminated */
};
extern const struct builtin_profile builtin_profiles[]; /* ends with {NULL, NULL} */

/* Applies the profile `name` (a built-in name, or a path; relative paths are taken
 * from the directory of the scenario file) to g. Errors unwind through p. */
void profile_load(struct pctx *p, const struct ynode *name, const char *scenario_file,
                  gic_config_t *g);
/* Applies a map of parameter overrides (a profile's body or `timing:`). */
void profile_apply(struct pctx *p, const struct ynode *map, gic_config_t *g);
/* profile_load for tools: 0, or 2 with "FILE:LINE:COL: message" in err. */
int profile_config(const char *name, gic_config_t *g, char *err, size_t len);
/* `gicsim profile show NAME`: a built-in profile's YAML as shipped, or a profile file's
 * effective parameters (bases resolved) as YAML. 0, or 2 with the error in err. */
int profile_show(const char *name, FILE *f, char *err, size_t len);
/* Writes the effective parameters as a JSON object (for the report). */
void profile_write_json(FILE *f, const gic_config_t *g);

#endif
