/* LPI journeys (timing profiles): the per-stage times the GIC reports for each LPI made
 * pending by an MSI (GIC_TRACE_LPI_TIMING) or GICv4.1 vLPI (GIC_TRACE_VLPI_TIMING, kept
 * by vPE and vINTID), kept until that LPI is delivered so the
 * delivery carries its stages (metrics its_queue ... redistributor). */
#ifndef GICSIM_JOURNEY_H
#define GICSIM_JOURNEY_H

#include <stdbool.h>

#include "gicsim/gicsim.h"

struct journey_map;

struct journey_map *journey_map_new(void);
void journey_map_free(struct journey_map *m);
void journey_on_trace(struct journey_map *m, const gic_trace_event_t *ev);
/* Removes and returns the journey of (cpu, LPI intid); false if there is none. */
bool journey_take(struct journey_map *m, unsigned cpu, uint32_t intid, gic_lpi_journey_t *out);
/* The same for a GICv4.1 vLPI of vPE vpe (GIC_TRACE_VLPI_TIMING). */
bool journey_take_vlpi(struct journey_map *m, uint32_t vpe, uint32_t vintid,
                       gic_lpi_journey_t *out);

#endif
