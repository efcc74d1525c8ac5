/* Device models: MSI generators for `msi` and `traffic` steps. A generator offers one
 * MSI per event and schedules its next one, so a million MSIs cost one queued event.
 * Random choices come from the scenario's seed (same seed, same run). */
#include <math.h>
#include <stdlib.h>

#include "traffic.h"

struct generator {
    struct generator *next;
    unsigned its;
    bool fixed;                /* msi step: always (device, event) */
    uint32_t device, event;
    uint32_t first_device, devices, events;
    enum traffic_pattern pattern;
    double zipf_s;
    uint32_t burst;
    uint64_t count, sent;
    uint64_t start;
    double interval_ps;
};

struct traffic {
    struct runner *r;
    struct generator *gens; /* every generator started, for traffic_free */
    uint64_t sent;          /* MSIs offered by all of them */
};

struct traffic *traffic_new(struct runner *r)
{
    struct traffic *t = calloc(1, sizeof(*t));
    if (!t)
        abort();
    t->r = r;
    return t;
}

void traffic_free(struct traffic *t)
{
    while (t && t->gens) {
        struct generator *g = t->gens;
        t->gens = g->next;
        free(g);
    }
    free(t);
}

unsigned traffic_active(const struct traffic *t)
{
    unsigned n = 0;
    for (const struct generator *g = t->gens; g; g = g->next)
        n += g->sent < g->count;
    return n;
}

uint64_t traffic_sent(const struct traffic *t)
{
    return t->sent;
}

static uint64_t pick(struct runner *r, struct generator *g)
{
    uint64_t n = (uint64_t)g->devices * g->events;
    double u = (double)(runner_rand(r) >> 11) / 9007199254740992.0; /* [0, 1) */
    switch (g->pattern) {
    case PAT_ROUNDROBIN:
    case PAT_BURST: return g->sent % n;
    case PAT_ZIPF: { /* inverse CDF of the continuous power law on [1, n + 1) */
        double s = g->zipf_s, x;
        if (fabs(s - 1) < 1e-9)
            x = pow((double)n + 1, u);
        else
            x = pow((pow((double)n + 1, 1 - s) - 1) * u + 1, 1 / (1 - s));
        uint64_t k = (uint64_t)x - 1;
        return k < n ? k : n - 1;
    }
    default: return runner_rand(r) % n;
    }
}

/* Time of MSI number i: evenly spaced, or in bursts of `burst` back-to-back MSIs. */
static uint64_t due(const struct generator *g, uint64_t i)
{
    if (g->pattern == PAT_BURST)
        i = i / g->burst * g->burst;
    return g->start + (uint64_t)llround((double)i * g->interval_ps);
}

static void fire(void *ctx, uint64_t arg)
{
    struct traffic *t = ctx;
    struct runner *r = t->r;
    struct generator *g = (struct generator *)(uintptr_t)arg;
    if (g->fixed) {
        r->bus->msi(r->bus->ctx, g->its, g->device, g->event);
    } else {
        uint64_t k = pick(r, g);
        r->bus->msi(r->bus->ctx, g->its, g->first_device + (uint32_t)(k / g->events),
                    (uint32_t)(k % g->events));
    }
    t->sent++;
    if (++g->sent < g->count)
        sched_at(&r->sched, due(g, g->sent), fire, t, (uint64_t)(uintptr_t)g);
}

static void start(struct traffic *t, struct generator *g)
{
    g->next = t->gens;
    t->gens = g;
    g->start = runner_now(t->r);
    if (g->count)
        sched_at(&t->r->sched, g->start, fire, t, (uint64_t)(uintptr_t)g);
}

void traffic_msi(struct traffic *t, const struct step *st)
{
    struct generator *g = calloc(1, sizeof(*g));
    if (!g)
        abort();
    *g = (struct generator){.its = st->its, .fixed = true, .device = st->device,
                            .event = st->event, .count = st->count,
                            .interval_ps = (double)st->interval};
    start(t, g);
}

void traffic_start(struct traffic *t, const struct step *st)
{
    struct generator *g = calloc(1, sizeof(*g));
    if (!g)
        abort();
    *g = (struct generator){.its = st->its, .first_device = st->first_device,
                            .devices = st->devices, .events = st->events,
                            .pattern = st->pattern, .zipf_s = st->zipf_s, .burst = st->burst,
                            .count = st->count, .interval_ps = 1e12 / st->rate};
    start(t, g);
}
