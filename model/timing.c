/* Timing parameters in ps and the memory interfaces' finite resources. */
#include "timing.h"

#include <stdio.h>
#include <string.h>

static uint64_t cycles(const struct timing *t, unsigned n)
{
    return (uint64_t)n * t->cycle_ps;
}

void timing_init(struct timing *t, const gic_timing_t *p)
{
    static const gic_timing_t ideal;
    memset(t, 0, sizeof(*t));
    t->on = memcmp(p, &ideal, sizeof(ideal)) != 0;
    t->cycle_ps = p->clock_hz ? 1000000000000ULL / p->clock_hz : 0;
    t->mmio_ps = cycles(t, p->mmio_access_cycles);
    t->accept_ps = cycles(t, p->its_accept_cycles);
    t->issue_ps = cycles(t, p->its_issue_cycles);
    t->lookup_ps = cycles(t, p->its_lookup_cycles);
    t->command_ps = cycles(t, p->its_command_cycles);
    t->per_lpi_ps = cycles(t, p->its_per_lpi_cycles);
    t->mem_read_ps = (uint64_t)p->mem_read_ns * 1000;
    t->mem_write_ps = (uint64_t)p->mem_write_ns * 1000;
    t->link_its_dist_ps = cycles(t, p->link_its_dist_cycles);
    t->link_dist_redist_ps = cycles(t, p->link_dist_redist_cycles);
    t->lpi_hit_ps = cycles(t, p->lpi_cache_hit_cycles);
    t->arbitration_ps = cycles(t, p->redist_arbitration_cycles);
    t->signal_ps = cycles(t, p->cpuif_signal_cycles);
    t->ich_access_ps = cycles(t, p->ich_access_cycles);
    t->lr_signal_ps = cycles(t, p->lr_signal_cycles);
    t->maintenance_ps = cycles(t, p->maintenance_cycles);
    t->residency_ps = cycles(t, p->vpe_residency_cycles);
    t->doorbell_ps = cycles(t, p->doorbell_cycles);
    t->queue_entries = p->its_input_queue_entries;
    t->translations = p->its_translations;
}

static bool fail(char *err, size_t len, const char *msg)
{
    if (err && len)
        snprintf(err, len, "%s", msg);
    return false;
}

bool timing_check(const gic_timing_t *p, char *err, size_t len)
{
    bool any_cycles = p->mmio_access_cycles || p->its_accept_cycles ||
                      p->its_issue_cycles || p->its_lookup_cycles ||
                      p->its_command_cycles || p->its_per_lpi_cycles ||
                      p->mem_bytes_per_cycle || p->link_its_dist_cycles ||
                      p->link_dist_redist_cycles || p->lpi_cache_hit_cycles ||
                      p->redist_arbitration_cycles || p->cpuif_signal_cycles ||
                      p->ich_access_cycles || p->lr_signal_cycles || p->maintenance_cycles ||
                      p->vpe_residency_cycles || p->doorbell_cycles;
    if (any_cycles && !p->clock_hz)
        return fail(err, len, "timing: clock_hz is required when a *_cycles parameter is set");
    if (p->clock_hz > 1000000000000ULL)
        return fail(err, len, "timing: clock_hz above 1 THz (the model counts in ps)");
    if (p->mem_max_reads > GIC_TIMING_MAX_OUTSTANDING ||
        p->mem_max_writes > GIC_TIMING_MAX_OUTSTANDING)
        return fail(err, len, "timing: mem_max_reads/mem_max_writes at most 32");
    if ((p->mem_read_ns || p->mem_write_ns) && (!p->mem_max_reads || !p->mem_max_writes))
        return fail(err, len, "timing: memory latency needs mem_max_reads and "
                              "mem_max_writes of at least 1");
    if (p->its_translations > 4096)
        return fail(err, len, "timing: its_translations at most 4096");
    if (p->its_input_queue_entries > 65536)
        return fail(err, len, "timing: its_input_queue_entries at most 65536");
    return true;
}

void mem_if_init(struct mem_if *m, const gic_timing_t *p)
{
    memset(m, 0, sizeof(*m));
    m->max_reads = p->mem_max_reads ? p->mem_max_reads : 1;
    m->max_writes = p->mem_max_writes ? p->mem_max_writes : 1;
    m->bytes_per_cycle = p->mem_bytes_per_cycle;
}

/* Best fit: the slot whose last access ended latest but no later than `at` (so a chain
 * of dependent reads stays on one slot and leaves the others free for other walks);
 * if every slot is busy at `at`, the one that frees first. Ties: the lowest index. */
static uint64_t *pick_slot(uint64_t *slot, unsigned n, uint64_t at)
{
    uint64_t *fit = NULL, *first = &slot[0];
    for (unsigned i = 0; i < n; i++) {
        if (slot[i] <= at && (!fit || slot[i] > *fit))
            fit = &slot[i];
        if (slot[i] < *first)
            first = &slot[i];
    }
    return fit ? fit : first;
}

/* When an access that may start at `at` gets its slot and the data bus for bytes. */
static uint64_t issue(const struct timing *t, struct mem_if *m, uint64_t slot_free,
                      uint64_t at, unsigned bytes)
{
    uint64_t start = max_u64(at, slot_free);
    if (m->bytes_per_cycle) { /* wait only if the last booked transfer covers `start` */
        uint64_t xfer = (bytes + m->bytes_per_cycle - 1) / m->bytes_per_cycle;
        if (start >= m->bus_start && start < m->bus_free)
            start = m->bus_free;
        if (start >= m->bus_free) {
            m->bus_start = start;
            m->bus_free = start + xfer * t->cycle_ps;
        }
    }
    m->wait_ps += start - at;
    return start;
}

uint64_t mem_if_read(const struct timing *t, struct mem_if *m, uint64_t at, unsigned bytes)
{
    uint64_t *slot = pick_slot(m->read_free, m->max_reads, at);
    uint64_t done = issue(t, m, *slot, at, bytes) + t->mem_read_ps;
    *slot = done;
    m->reads++;
    return done;
}

uint64_t mem_if_write(const struct timing *t, struct mem_if *m, uint64_t at, unsigned bytes)
{
    uint64_t *slot = pick_slot(m->write_free, m->max_writes, at);
    uint64_t start = issue(t, m, *slot, at, bytes);
    *slot = start + t->mem_write_ps;
    m->writes++;
    return start;
}

uint64_t timing_signalled_at(const struct timing *t, uint64_t at)
{
    return at + t->arbitration_ps + t->signal_ps;
}

uint64_t timing_lpi_lookup(const struct timing *t, struct mem_if *m, uint64_t at, bool miss)
{
    at += t->lpi_hit_ps;
    return miss ? mem_if_read(t, m, at, 1) : at;
}

unsigned mem_if_busy_reads(const struct mem_if *m, uint64_t now)
{
    unsigned n = 0;
    for (unsigned i = 0; i < m->max_reads; i++)
        n += m->read_free[i] > now;
    return n;
}
