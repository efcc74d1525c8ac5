/* LPI journeys by (CPU, INTID): open addressing with linear probing and backward-shift
 * deletion, so cost per LPI does not grow with the number of pending LPIs. */
#include "journey.h"

#include <stdlib.h>

struct journey_map {
    uint64_t *key; /* 0 = empty */
    gic_lpi_journey_t *val;
    size_t cap, n;
};

static uint64_t key_of(unsigned cpu, uint32_t intid)
{
    return (uint64_t)(cpu + 1) << 32 | intid;
}

static size_t home(const struct journey_map *m, uint64_t key)
{
    return (size_t)(key * 0x9E3779B97F4A7C15ULL >> 20) & (m->cap - 1);
}

static size_t slot(const struct journey_map *m, uint64_t key)
{
    size_t i = home(m, key);
    while (m->key[i] && m->key[i] != key)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static void grow(struct journey_map *m)
{
    struct journey_map old = *m;
    m->cap = old.cap ? 2 * old.cap : 256;
    m->key = calloc(m->cap, sizeof(*m->key));
    m->val = calloc(m->cap, sizeof(*m->val));
    if (!m->key || !m->val)
        abort(); /* host out of memory: not a guest behaviour */
    for (size_t i = 0; i < old.cap; i++)
        if (old.key[i]) {
            size_t j = slot(m, old.key[i]);
            m->key[j] = old.key[i];
            m->val[j] = old.val[i];
        }
    free(old.key);
    free(old.val);
}

struct journey_map *journey_map_new(void)
{
    struct journey_map *m = calloc(1, sizeof(*m));
    if (!m)
        abort();
    grow(m);
    return m;
}

void journey_map_free(struct journey_map *m)
{
    if (m) {
        free(m->key);
        free(m->val);
    }
    free(m);
}

/* A newly pending LPI: its journey replaces any left by an LPI cleared before delivery. */
void journey_on_trace(struct journey_map *m, const gic_trace_event_t *ev)
{
    gic_lpi_journey_t gone;
    if (ev->kind == GIC_TRACE_CLEAR_PENDING && ev->cpu >= 0) /* cleared, moved away */
        journey_take(m, (unsigned)ev->cpu, ev->intid, &gone);
    if (ev->kind != GIC_TRACE_LPI_TIMING || !ev->journey || ev->cpu < 0)
        return;
    if (2 * (m->n + 1) > m->cap)
        grow(m);
    uint64_t key = key_of((unsigned)ev->cpu, ev->intid);
    size_t i = slot(m, key);
    if (!m->key[i])
        m->n++;
    m->key[i] = key;
    m->val[i] = *ev->journey;
}

bool journey_take(struct journey_map *m, unsigned cpu, uint32_t intid, gic_lpi_journey_t *out)
{
    uint64_t key = key_of(cpu, intid);
    size_t i = slot(m, key), mask = m->cap - 1;
    if (!m->key[i])
        return false;
    *out = m->val[i];
    m->key[i] = 0;
    m->n--;
    for (size_t j = (i + 1) & mask; m->key[j]; j = (j + 1) & mask)
        if (((j - home(m, m->key[j])) & mask) >= ((j - i) & mask)) {
            m->key[i] = m->key[j];
            m->val[i] = m->val[j];
            m->key[j] = 0;
            i = j;
        }
    return true;
}
