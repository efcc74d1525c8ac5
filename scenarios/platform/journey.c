/* LPI journeys by (CPU, INTID), in a keymap. */
#include "journey.h"

#include <stdlib.h>

#include "keymap.h"

struct journey_map {
    struct keymap map; /* value: gic_lpi_journey_t */
    /* GICv4.1: the doorbell the vLPI being made pending rang, waiting for that vLPI's
     * journey (GIC_TRACE_VSET_PENDING, GIC_TRACE_DOORBELL, then GIC_TRACE_VLPI_TIMING) */
    bool db_pending;
    uint32_t db_vpe;
    uint64_t db_key;
};

static uint64_t key_of(unsigned cpu, uint32_t intid)
{
    return (uint64_t)(cpu + 1) << 32 | intid;
}

/* GICv4.1 vLPIs by (vPE, vINTID): the vPE may be made resident anywhere. */
static uint64_t vkey_of(uint32_t vpe, uint32_t vintid)
{
    return 1ULL << 63 | (uint64_t)vpe << 32 | vintid;
}

struct journey_map *journey_map_new(void)
{
    struct journey_map *m = calloc(1, sizeof(*m));
    if (!m)
        abort();
    keymap_init(&m->map, sizeof(gic_lpi_journey_t));
    return m;
}

void journey_map_free(struct journey_map *m)
{
    if (m)
        keymap_free(&m->map);
    free(m);
}

/* A newly pending LPI: its journey replaces any left by an LPI cleared before delivery;
 * a cleared (or moved-away) LPI forgets its journey. */
void journey_on_trace(struct journey_map *m, const gic_trace_event_t *ev)
{
    bool fresh;
    /* A vLPI newly pending forgets any journey of an earlier one cleared before it was
     * delivered; the MSI's journey (VLPI_TIMING) follows its VSET_PENDING. A doorbell the
     * vLPI rang takes the same journey (an MSI to doorbell latency), unless the doorbell
     * is still pending from an earlier vLPI: the first one's is kept. */
    if (ev->kind == GIC_TRACE_VSET_PENDING || ev->kind == GIC_TRACE_VSGI_SET_PENDING) {
        m->db_pending = false;
        if (ev->kind == GIC_TRACE_VSET_PENDING)
            keymap_take(&m->map, vkey_of((uint32_t)ev->value, ev->intid), NULL);
    } else if (ev->kind == GIC_TRACE_DOORBELL && ev->cpu >= 0) {
        m->db_pending = true;
        m->db_vpe = (uint32_t)ev->value;
        m->db_key = key_of((unsigned)ev->cpu, ev->intid);
    } else if (ev->kind == GIC_TRACE_VLPI_TIMING && ev->journey) {
        *(gic_lpi_journey_t *)keymap_put(&m->map, vkey_of((uint32_t)ev->value, ev->intid),
                                         &fresh) = *ev->journey;
        if (m->db_pending && m->db_vpe == (uint32_t)ev->value) {
            gic_lpi_journey_t *j = keymap_put(&m->map, m->db_key, &fresh);
            if (fresh) {
                *j = *ev->journey;
                j->visible = 0; /* the doorbell LPI's own signalling: see deliveries.c */
            }
        }
        m->db_pending = false;
    }
    if (ev->cpu < 0)
        return;
    if (ev->kind == GIC_TRACE_CLEAR_PENDING)
        keymap_take(&m->map, key_of((unsigned)ev->cpu, ev->intid), NULL);
    else if (ev->kind == GIC_TRACE_LPI_TIMING && ev->journey)
        *(gic_lpi_journey_t *)keymap_put(&m->map, key_of((unsigned)ev->cpu, ev->intid),
                                         &fresh) = *ev->journey;
}

bool journey_take(struct journey_map *m, unsigned cpu, uint32_t intid, gic_lpi_journey_t *out)
{
    return keymap_take(&m->map, key_of(cpu, intid), out);
}

bool journey_take_vlpi(struct journey_map *m, uint32_t vpe, uint32_t vintid,
                       gic_lpi_journey_t *out)
{
    return keymap_take(&m->map, vkey_of(vpe, vintid), out);
}
