/* Playing one step: actions (steps.c) and expectations (expect.c). */
#ifndef GICSIM_STEPS_H
#define GICSIM_STEPS_H

#include "context.h"

void steps_execute(struct runner *r, const struct step *st);
void expect_execute(struct runner *r, const struct step *st);

#endif
