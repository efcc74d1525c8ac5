/* Deliveries (deliveries.c): every interrupt a CPU acknowledged, in order, with when it
 * was stimulated, signalled and taken. The CPU models record them; expectations
 * consume them; metrics and the report read them. Under a timing profile an LPI from
 * an MSI carries its journey (journey.h), which this file collects from the trace. */
#ifndef GICSIM_DELIVERIES_H
#define GICSIM_DELIVERIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gicsim/gicsim.h"

#define DELIVERIES_MAX 10000000 /* beyond this a run is an interrupt storm: stop it */

struct delivery {
    uint32_t cpu, intid;
    uint64_t stimulus, irq, ack; /* ps */
    bool consumed;
    bool has_journey;            /* an LPI from an MSI under a timing profile */
    gic_lpi_journey_t journey;   /* its stages (journey.h) */
    bool virt;                   /* a virtual interrupt the guest took (ICV_IAR): intid is
                                    the vINTID, cpu the PE, irq when vIRQ/vFIQ rose */
};

struct deliveries;

struct deliveries *deliveries_new(void);
void deliveries_free(struct deliveries *ds);
/* Follows the GIC's trace: the stage times of LPIs made pending by MSIs. */
void deliveries_on_trace(struct deliveries *ds, const gic_trace_event_t *ev);
/* Records that cpu took intid at ack (stimulated at stimulus, IRQ/FIQ risen at irq).
 * An LPI with a journey takes its stimulus from the MSI write. false (nothing
 * recorded) when DELIVERIES_MAX are recorded already. */
bool deliveries_record(struct deliveries *ds, unsigned cpu, uint32_t intid, uint64_t stimulus,
                       uint64_t irq, uint64_t ack);
/* The same for a virtual interrupt (ICV_IAR0/1): listed apart from physical ones. vpe:
 * the vPE whose direct vLPI/vSGI it was (-1 for an LR's): a vLPI from an MSI then
 * carries its journey and is stimulated by the MSI write. */
bool deliveries_record_virtual(struct deliveries *ds, unsigned cpu, uint32_t vintid, int vpe,
                               uint64_t stimulus, uint64_t vsignal, uint64_t ack);
/* All deliveries, oldest first; *n is their number. Valid until the next record. */
const struct delivery *deliveries_all(const struct deliveries *ds, size_t *n);
/* Marks delivery i consumed (an expectation matched it). */
void deliveries_consume(struct deliveries *ds, size_t i);

#endif
