/* CPU models (cpumodel.c): one per PE; `auto` ones take interrupts by themselves, all
 * of them record deliveries with their stimulus and IRQ/FIQ rise times. */
#ifndef GICSIM_CPUMODEL_H
#define GICSIM_CPUMODEL_H

#include <stdint.h>

#include "context.h"

struct cpus *cpus_new(struct runner *r);
void cpus_free(struct cpus *c);
/* Follows the GIC's trace: stimuli, and IRQ/FIQ rising (when an `auto` CPU acks). */
void cpus_on_trace(struct cpus *c, const gic_trace_event_t *ev);
/* cpu read intid from an IAR now (an `ack` step or an `auto` CPU): records it. */
void cpus_record_delivery(struct cpus *c, unsigned cpu, uint32_t intid);

#endif
