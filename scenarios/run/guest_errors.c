/* Guest errors counted per rule id, the first detail kept for the report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest_errors.h"

#define MAX_RULES 256

struct guest_errors {
    struct rule_count rules[MAX_RULES];
    size_t n;
};

struct guest_errors *guest_errors_new(void)
{
    struct guest_errors *ge = calloc(1, sizeof(*ge));
    if (!ge)
        abort();
    return ge;
}

void guest_errors_free(struct guest_errors *ge)
{
    free(ge);
}

void guest_errors_on_trace(struct guest_errors *ge, const gic_trace_event_t *ev)
{
    if (ev->kind != GIC_TRACE_GUEST_ERROR || !ev->rule)
        return;
    for (size_t i = 0; i < ge->n; i++)
        if (!strcmp(ge->rules[i].rule, ev->rule)) {
            ge->rules[i].count++;
            return;
        }
    if (ge->n == MAX_RULES)
        return;
    struct rule_count *c = &ge->rules[ge->n++];
    snprintf(c->rule, sizeof(c->rule), "%s", ev->rule);
    snprintf(c->first, sizeof(c->first), "%s", ev->detail ? ev->detail : "");
    c->count = 1;
    c->first_time = ev->time;
}

const struct rule_count *guest_errors_by_rule(const struct guest_errors *ge, size_t *n)
{
    *n = ge->n;
    return ge->rules;
}
