/* The names the scenario format gives its step kinds and metrics: data of the model in
 * scenario.h, read by the parser (keys) and by the runner (messages, the report). */
#include <stddef.h>

#include "scenario.h"

static const char *const step_names[] = {
#define SCN_STEP_NAME(id, key) key,
    SCN_STEPS(SCN_STEP_NAME)
#undef SCN_STEP_NAME
};

const char *step_name(enum step_kind k)
{
    return (unsigned)k < STEP_NUM_KINDS ? step_names[k] : "?";
}

const char *const metric_names[NUM_METRICS + 1] = {
    "msi_to_irq", "msi_to_ack", "irq_to_ack", "its_queue", "its_translate", "cache_miss",
    "link", "redistributor", "msi_to_visible", NULL};
