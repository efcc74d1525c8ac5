/* --strict (strict.c): what a CI run must not let pass silently. */
#ifndef GICSIM_STRICT_H
#define GICSIM_STRICT_H

#include "context.h"

/* Adds a failed check for each: no expectations at all; a guest error (the spec
 * checker's findings); an ITS command error that no expect_error names; MSIs still in
 * flight when the run ended. Call after the run, before the results are written. */
void strict_checks(struct runner *r);

#endif
