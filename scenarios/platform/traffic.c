/* Device models: MSI generators for `msi` and `traffic` steps. A generator offers one
 * MSI per event and schedules its next one, so a million MSIs cost one queued event.
 * Random choices come from the scenario's seed (same seed, same run). */
#include <math.h>
#include <stdlib.h>

#include "its_encode.h"
#include "runner.h"

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
    struct runner *r = ctx;
    struct generator *g = (struct generator *)(uintptr_t)arg;
    if (g->fixed) {
        r->bus->msi(r->bus->ctx, g->its, g->device, g->event);
    } else {
        uint64_t k = pick(r, g);
        r->bus->msi(r->bus->ctx, g->its, g->first_device + (uint32_t)(k / g->events),
                    (uint32_t)(k % g->events));
    }
    r->traffic_sent++;
    if (++g->sent < g->count)
        sched_at(&r->sched, due(g, g->sent), fire, r, (uint64_t)(uintptr_t)g);
}

static void start(struct runner *r, struct generator *g)
{
    g->next = r->gens;
    r->gens = g;
    g->start = runner_now(r);
    if (g->count)
        sched_at(&r->sched, g->start, fire, r, (uint64_t)(uintptr_t)g);
}

void driver_msi(struct runner *r, const struct step *st)
{
    struct generator *g = calloc(1, sizeof(*g));
    if (!g)
        abort();
    *g = (struct generator){.its = st->its, .fixed = true, .device = st->device,
                            .event = st->event, .count = st->count,
                            .interval_ps = (double)st->interval};
    start(r, g);
}

/* map: auto — MAPC per CPU, MAPD per device, MAPTI per event (LPIs from 8192 up,
 * collections round-robin over CPUs), configuration enabled, INVALL + SYNC. */
static void map_auto(struct runner *r, const struct step *st)
{
    unsigned cpus = r->s->gic.num_cpus, its = st->its, bits = 1;
    while ((1ULL << bits) < st->events)
        bits++;
    uint64_t prop = (driver_rd(r, "GICR_PROPBASER", 0) & 0x000FFFFFFFFFF000ULL);
    struct scn_cmd c = {{0}, false, st->line, false};
    for (unsigned cpu = 0; cpu < cpus; cpu++) {
        enc_mapc(c.dw, cpu, driver_rdbase(r, its, cpu), true);
        driver_commands(r, its, &c, 1, false);
    }
    for (uint32_t d = 0; d < st->devices && !r->fatal[0]; d++) {
        c.itt_auto = true;
        enc_mapd(c.dw, st->first_device + d, bits, 0, true);
        driver_commands(r, its, &c, 1, false);
        c.itt_auto = false;
        for (uint32_t e = 0; e < st->events; e++) {
            uint32_t lpi = r->next_lpi++;
            uint8_t conf = 0xa0 | 2 | 1;
            bus_mem_write(r, prop + lpi - 8192, &conf, 1);
            enc_mapti(c.dw, st->first_device + d, e, lpi, (d * st->events + e) % cpus);
            driver_commands(r, its, &c, 1, false);
        }
    }
    for (unsigned cpu = 0; cpu < cpus; cpu++) {
        enc_invall(c.dw, cpu);
        driver_commands(r, its, &c, 1, false);
        enc_sync(c.dw, driver_rdbase(r, its, cpu));
        driver_commands(r, its, &c, 1, cpu == cpus - 1);
    }
}

void driver_traffic(struct runner *r, const struct step *st)
{
    if (st->map_auto)
        map_auto(r, st);
    struct generator *g = calloc(1, sizeof(*g));
    if (!g)
        abort();
    *g = (struct generator){.its = st->its, .first_device = st->first_device,
                            .devices = st->devices, .events = st->events,
                            .pattern = st->pattern, .zipf_s = st->zipf_s, .burst = st->burst,
                            .count = st->count, .interval_ps = 1e12 / st->rate};
    start(r, g);
}

void traffic_free(struct runner *r)
{
    while (r->gens) {
        struct generator *g = r->gens;
        r->gens = g->next;
        free(g);
    }
}
