/* Checks (checks.c): the result of every expectation and every checked read, in the
 * order they were made, for the report and the exit status. */
#ifndef GICSIM_CHECKS_H
#define GICSIM_CHECKS_H

#include <stdbool.h>
#include <stddef.h>

#include "scenario.h"

struct check {
    unsigned step, line;
    enum step_kind kind;
    bool passed;
    char message[320];
};

struct checks;

struct checks *checks_new(void);
void checks_free(struct checks *cs);
/* A new check, zeroed, for the caller to fill; NULL when out of memory. */
struct check *checks_add(struct checks *cs);
/* All checks, oldest first; *n is their number. */
const struct check *checks_all(const struct checks *cs, size_t *n);
/* The first failed check, or NULL when all passed. */
const struct check *checks_first_failure(const struct checks *cs);

#endif
