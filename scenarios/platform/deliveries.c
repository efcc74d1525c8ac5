/* The deliveries list: a growing array, and the journeys of LPIs not yet delivered. */
#include <stdlib.h>

#include "deliveries.h"
#include "journey.h"

struct deliveries {
    struct delivery *del;
    size_t n, cap;
    struct journey_map *journeys; /* stage times of pending LPIs */
};

struct deliveries *deliveries_new(void)
{
    struct deliveries *ds = calloc(1, sizeof(*ds));
    if (!ds)
        abort();
    ds->journeys = journey_map_new();
    return ds;
}

void deliveries_free(struct deliveries *ds)
{
    if (!ds)
        return;
    journey_map_free(ds->journeys);
    free(ds->del);
    free(ds);
}

void deliveries_on_trace(struct deliveries *ds, const gic_trace_event_t *ev)
{
    journey_on_trace(ds->journeys, ev);
}

static struct delivery *append(struct deliveries *ds)
{
    if (ds->n >= DELIVERIES_MAX)
        return NULL;
    if (ds->n == ds->cap) {
        size_t cap = ds->cap ? 2 * ds->cap : 256;
        struct delivery *d = realloc(ds->del, cap * sizeof(*d));
        if (!d)
            abort();
        ds->del = d;
        ds->cap = cap;
    }
    return &ds->del[ds->n++];
}

bool deliveries_record_virtual(struct deliveries *ds, unsigned cpu, uint32_t vintid, int vpe,
                               uint64_t stimulus, uint64_t vsignal, uint64_t ack)
{
    struct delivery *d = append(ds);
    if (!d)
        return false;
    *d = (struct delivery){cpu, vintid, stimulus, vsignal, ack, false, false, {0}, true};
    /* A GICv4.1 vLPI from an MSI: stimulated by the MSI write, with its stages; one that
     * waited in the VPT became presentable when vIRQ rose. */
    if (vpe >= 0 && vintid >= 8192 &&
        journey_take_vlpi(ds->journeys, (uint32_t)vpe, vintid, &d->journey)) {
        d->has_journey = true;
        d->stimulus = d->journey.written;
        if (!d->journey.visible)
            d->journey.visible = vsignal;
    }
    return true;
}

bool deliveries_record(struct deliveries *ds, unsigned cpu, uint32_t intid, uint64_t stimulus,
                       uint64_t irq, uint64_t ack)
{
    struct delivery *d = append(ds);
    if (!d)
        return false;
    *d = (struct delivery){cpu, intid, stimulus, irq, ack, false, false, {0}, false};
    /* Under a timing profile an MSI's LPI is stimulated when the MSI was written. */
    if (intid >= 8192 && journey_take(ds->journeys, cpu, intid, &d->journey)) {
        d->has_journey = true;
        d->stimulus = d->journey.written;
        if (!d->journey.visible) /* a GICv4.1 doorbell: visible when the line rose */
            d->journey.visible = irq;
    }
    return true;
}

const struct delivery *deliveries_all(const struct deliveries *ds, size_t *n)
{
    *n = ds->n;
    return ds->del;
}

void deliveries_consume(struct deliveries *ds, size_t i)
{
    if (i < ds->n)
        ds->del[i].consumed = true;
}
