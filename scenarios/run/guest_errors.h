/* Guest errors by rule (guest_errors.c): the spec checker's findings from the trace,
 * counted per rule id with the first occurrence kept, for the report. */
#ifndef GICSIM_GUEST_ERRORS_H
#define GICSIM_GUEST_ERRORS_H

#include <stddef.h>
#include <stdint.h>

#include "gicsim/gicsim.h"

struct rule_count {
    char rule[48];
    uint64_t count;
    uint64_t first_time;
    char first[200];
};

struct guest_errors;

struct guest_errors *guest_errors_new(void);
void guest_errors_free(struct guest_errors *ge);
/* Counts a GIC_TRACE_GUEST_ERROR that names its rule; ignores every other event. */
void guest_errors_on_trace(struct guest_errors *ge, const gic_trace_event_t *ev);
/* The rules seen, in order of first occurrence; *n is their number. */
const struct rule_count *guest_errors_by_rule(const struct guest_errors *ge, size_t *n);

#endif
