/* LPI journeys by (CPU, INTID), in a keymap. */
#include "journey.h"

#include <stdlib.h>

#include "keymap.h"

struct journey_map {
    struct keymap map; /* value: gic_lpi_journey_t */
};

static uint64_t key_of(unsigned cpu, uint32_t intid)
{
    return (uint64_t)(cpu + 1) << 32 | intid;
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
