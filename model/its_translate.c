/* An MSI's whole life: GITS_TRANSLATER write -> input queue -> translation engine
 * (DTE -> ITE -> CTE, each lookup through its cache) -> the link to the redistributor
 * (its_link.c) -> pending there, or dropped. Every MSI ends translated or dropped with
 * a reason, so offered = translated + dropped + in flight always holds. */
#include <stdlib.h>

#include "gic_internal.h"
#include "its.h"

static const char *const drop_names[] = {
#define GIC_MSI_DROP_NAME(k, n) n,
    GIC_MSI_DROP_REASONS(GIC_MSI_DROP_NAME)
#undef GIC_MSI_DROP_NAME
};

const char *gic_msi_drop_name(gic_msi_drop_t reason)
{
    return (unsigned)reason < GIC_NUM_DROP_REASONS ? drop_names[reason] : "unknown";
}

static void drop(struct gic *g, struct its *its, gic_msi_drop_t why, uint32_t devid,
                 uint32_t eventid)
{
    its->stats.msi_dropped[why]++;
    GIC_TRACE(g, .kind = GIC_TRACE_MSI_DROP, .its = its->idx, .device = devid,
              .event = eventid, .reason = why);
}

static gic_msi_drop_t lookup_drop(enum its_lookup r, gic_msi_drop_t not_mapped)
{
    if (r == ITS_ABORT)
        return GIC_DROP_MEMORY_ABORT;
    return r == ITS_OUT_OF_RANGE && not_mapped == GIC_DROP_DEVICE_UNMAPPED
               ? GIC_DROP_DEVICE_OOR
           : r == ITS_OUT_OF_RANGE ? GIC_DROP_EVENT_OOR
                                   : not_mapped;
}

/* Resolves an MSI to (PE, INTID) in m, each lookup through its cache; a cache lookup
 * costs its_lookup_cycles and a miss the table reads on the ITS's memory interface
 * (its_mem_read advances the engine's cursor). Returns GIC_NUM_DROP_REASONS when the
 * MSI leaves the ITS for a redistributor. */
static gic_msi_drop_t translate(struct gic *g, struct its *its, struct its_msg *m)
{
    struct its_dte dte;
    struct its_ite ite;
    struct its_cte cte;
    enum its_lookup r;
    if (!its->enabled)
        return GIC_DROP_ITS_DISABLED;
    its->tm.cursor = timing_after_lookup(&g->tm, its->tm.cursor);
    if ((r = its_read_dte(g, its, m->devid, &dte)) != ITS_FOUND)
        return lookup_drop(r, GIC_DROP_DEVICE_UNMAPPED);
    its->tm.cursor = timing_after_lookup(&g->tm, its->tm.cursor);
    if ((r = its_read_ite(g, its, m->devid, &dte, m->eventid, &ite)) != ITS_FOUND)
        return lookup_drop(r, GIC_DROP_NO_ITE);
    its->tm.cursor = timing_after_lookup(&g->tm, its->tm.cursor);
    if (ite.virt) { /* GICv4.1: the vPE's redistributor, through the vPE cache */
        int vcpu = its_vpe_cpu(g, its, ite.icid);
        if (vcpu < 0) {
            gicr_vlpi_dropped_at_its(g); /* a vLPI offered: in the vLPI accounting too */
            return GIC_DROP_VPE_UNMAPPED;
        }
        m->op = MSG_VSET;
        m->cpu = (uint16_t)vcpu;
        m->vpeid = ite.icid;
        m->intid = ite.intid;
        m->db = ite.db;
        return GIC_NUM_DROP_REASONS;
    }
    int cpu = its_read_cte(g, its, ite.icid, &cte) == ITS_FOUND
                  ? its_rdbase_cpu(g, its, cte.rdbase) : -1;
    if (cpu < 0)
        return GIC_DROP_COLLECTION_UNMAPPED;
    m->cpu = (uint16_t)cpu;
    m->intid = ite.intid;
    return GIC_NUM_DROP_REASONS;
}

/* The engine starts translating message idx now (dispatch below decides when).
 * Translations overlap (one starts every its_issue_cycles, up to its_translations at
 * once); their misses overlap up to the memory interface's outstanding reads. */
static uint64_t translate_start(struct gic *g, struct its *its, uint32_t idx)
{
    struct its_msg *m = &its->tm.msg[idx];
    GIC_TRACE(g, .kind = GIC_TRACE_ITS_TRANSLATE_START, .its = its->idx, .device = m->devid,
              .event = m->eventid);
    m->start = its->tm.cursor = g->sched.now;
    its->tm.miss_ps = 0;
    gic_msi_drop_t why = translate(g, its, m);
    uint64_t walk_end = its->tm.cursor;
    if (why != GIC_NUM_DROP_REASONS) {
        its->stats.msi_in_flight--;
        drop(g, its, why, m->devid, m->eventid);
        its_msg_free(its, idx);
        return walk_end;
    }
    m->miss_ps = its->tm.miss_ps;
    its_send(g, its, idx); /* after earlier ones: the output is in order */
    return walk_end;
}

/* ---- the MSI input queue and the translation engine ---- */


static uint32_t *fifo_at(struct its_timing *t, uint32_t k)
{
    return &t->fifo[(t->fifo_head + k) % t->fifo_cap];
}

static bool fifo_push(struct its_timing *t, uint32_t idx)
{
    if (t->fifo_n == t->fifo_cap) {
        uint32_t cap = t->fifo_cap ? 2 * t->fifo_cap : 64;
        uint32_t *f = cap > t->fifo_cap ? malloc(cap * sizeof(*f)) : NULL;
        if (!f)
            return false;
        for (uint32_t k = 0; k < t->fifo_n; k++) /* unwrap into the new ring */
            f[k] = *fifo_at(t, k);
        free(t->fifo);
        t->fifo = f, t->fifo_cap = cap, t->fifo_head = 0;
    }
    t->fifo_n++;
    *fifo_at(t, t->fifo_n - 1) = idx;
    return true;
}

/* The translation slot that frees first (ties: the lowest index). */
static uint64_t *free_slot(struct gic *g, struct its_timing *t)
{
    uint64_t *best = &t->slot_free[0];
    for (unsigned i = 1; i < g->tm.translations; i++)
        if (t->slot_free[i] < *best)
            best = &t->slot_free[i];
    return best;
}

static void dispatch(void *ctx, uint64_t arg);

static void schedule_dispatch(struct gic *g, struct its *its, uint64_t at)
{
    /* Host out of memory: not scheduled, so the next MSI tries again. */
    its->tm.dispatch_scheduled = sched_at(&g->sched, at, dispatch, its, 0);
}

/* When the head MSI may start: accepted, the engine free (issue interval, or a command
 * executing), and a translation slot free. */
static uint64_t head_ready(struct gic *g, struct its *its)
{
    struct its_timing *t = &its->tm;
    const struct its_msg *m = &t->msg[*fifo_at(t, 0)];
    uint64_t at = max_u64(timing_accepted(&g->tm, m->accepted), t->engine_free);
    return g->tm.translations ? max_u64(at, *free_slot(g, t)) : at;
}

/* The head leaves the input queue: the first held-back write (if any) enters it. */
static uint32_t pop_head(struct gic *g, struct its *its)
{
    struct its_timing *t = &its->tm;
    uint32_t idx = *fifo_at(t, 0), q = g->tm.queue_entries;
    t->fifo_head = (t->fifo_head + 1) % t->fifo_cap;
    t->fifo_n--;
    if (q && t->fifo_n >= q) {
        struct its_msg *held = &t->msg[*fifo_at(t, q - 1)];
        held->accepted = g->sched.now;
        its->stats.msi_backpressure_ps += g->sched.now - held->written;
    }
    return idx;
}

/* The engine starts every MSI it can now, in order, and sleeps until the next can. */
static void dispatch(void *ctx, uint64_t arg)
{
    struct its *its = ctx;
    struct gic *g = its->gic;
    struct its_timing *t = &its->tm;
    (void)arg;
    t->dispatch_scheduled = false;
    while (t->fifo_n) {
        uint64_t ready = head_ready(g, its);
        if (ready > g->sched.now) {
            schedule_dispatch(g, its, ready);
            return;
        }
        uint32_t idx = pop_head(g, its);
        t->engine_free = timing_next_issue(&g->tm, g->sched.now);
        uint64_t walk_end = translate_start(g, its, idx);
        if (g->tm.translations)
            *free_slot(g, t) = walk_end;
    }
}

/* Queues MSI message idx written now; false if the host is out of memory. */
static bool enqueue_msi(struct gic *g, struct its *its, uint32_t idx)
{
    struct its_timing *t = &its->tm;
    if (!fifo_push(t, idx))
        return false;
    uint32_t q = g->tm.queue_entries, depth = q && t->fifo_n > q ? q : t->fifo_n;
    t->msg[idx].accepted = depth == t->fifo_n ? g->sched.now : UINT64_MAX;
    if (g->tm.on && depth > its->stats.msi_queue_max)
        its->stats.msi_queue_max = depth;
    if (!t->dispatch_scheduled)
        schedule_dispatch(g, its, t->fifo_n == 1 ? head_ready(g, its) : g->sched.now);
    return true;
}

/* A GICv4.1 MSI reached its vPE's redistributor (kept out of its_msi_arrived, whose
 * physical path stays as short as it was). */
static __attribute__((noinline)) void vlpi_arrived(struct gic *g, struct its *its,
                                                   const struct its_msg *m)
{
    enum vlpi_result vr = gicr_vlpi_set_pending(g, m->cpu, m->vpeid, m->intid, m->db);
    if (vr == VLPI_DROP) {
        drop(g, its, GIC_DROP_VPE_UNMAPPED, m->devid, m->eventid);
        return;
    }
    its->stats.msi_coalesced += vr == VLPI_COALESCED;
    its->stats.msi_translated++;
    GIC_TRACE(g, .kind = GIC_TRACE_MSI_TRANSLATED, .cpu = (int32_t)m->cpu, .intid = m->intid,
              .its = its->idx, .device = m->devid, .event = m->eventid);
    if (g->n_listeners && g->tm.on && vr == VLPI_NEW_PENDING) { /* stages, as an LPI's */
        gic_lpi_journey_t j = {m->written, m->start, m->done, g->sched.now, g->vlpi_visible,
                               m->miss_ps};
        GIC_TRACE(g, .kind = GIC_TRACE_VLPI_TIMING, .cpu = (int32_t)m->cpu, .intid = m->intid,
                  .value = m->vpeid, .journey = &j);
    }
}

/* The MSI reached its redistributor: the LPI becomes pending, or is dropped there. */
void its_msi_arrived(struct gic *g, struct its *its, const struct its_msg *m)
{
    its->stats.msi_in_flight--;
    if (m->op == MSG_VSET) {
        vlpi_arrived(g, its, m);
        return;
    }
    enum lpi_result r = gicr_lpi_set_pending(g, m->cpu, m->intid);
    if (r == LPI_DROP_DISABLED || r == LPI_DROP_RANGE) {
        drop(g, its, r == LPI_DROP_RANGE ? GIC_DROP_LPI_OOR : GIC_DROP_LPI_DISABLED,
             m->devid, m->eventid);
        return;
    }
    if (r == LPI_COALESCED)
        its->stats.msi_coalesced++;
    its->stats.msi_translated++;
    GIC_TRACE(g, .kind = GIC_TRACE_MSI_TRANSLATED, .cpu = (int32_t)m->cpu, .intid = m->intid,
              .its = its->idx, .device = m->devid, .event = m->eventid);
    if (g->tm.on && r == LPI_NEW_PENDING) {
        gic_lpi_journey_t j = {m->written, m->start, m->done, g->sched.now, g->lpi_visible,
                               m->miss_ps};
        GIC_TRACE(g, .kind = GIC_TRACE_LPI_TIMING, .cpu = (int32_t)m->cpu, .intid = m->intid,
                  .journey = &j);
    }
}

void its_msi(struct gic *g, struct its *its, uint32_t devid, uint32_t eventid)
{
    its->stats.msi_offered++;
    GIC_TRACE(g, .kind = GIC_TRACE_MSI, .its = its->idx, .device = devid, .event = eventid);
    uint32_t idx;
    struct its_msg *m = its->enabled ? its_msg_alloc(its, &idx) : NULL;
    if (!m) {
        drop(g, its, its->enabled ? GIC_DROP_MEMORY_ABORT : GIC_DROP_ITS_DISABLED, devid,
             eventid);
        return;
    }
    *m = (struct its_msg){.op = MSG_SET, .from_msi = true, .devid = devid,
                          .eventid = eventid, .written = g->sched.now};
    its->stats.msi_in_flight++;
    if (!enqueue_msi(g, its, idx)) {
        its->stats.msi_in_flight--;
        its_msg_free(its, idx);
        drop(g, its, GIC_DROP_MEMORY_ABORT, devid, eventid);
    }
}

bool its_quiescent(const struct its *its)
{
    return !its->process_scheduled && !its->vmovp_wait && its->stats.msi_in_flight == 0 &&
           !its->tm.in_flight;
}

gic_status_t gic_msi(gic_t *g, unsigned its, uint32_t device_id, uint32_t event_id)
{
    if (its >= g->cfg.num_its)
        return GIC_ERR_ARG;
    g->access_ps = 0;
    its_msi(g, &g->its[its], device_id, event_id);
    return GIC_OK;
}

gic_status_t gic_its_get_stats(const gic_t *g, unsigned its, gic_its_stats_t *out)
{
    if (its >= g->cfg.num_its)
        return GIC_ERR_ARG;
    const struct its *s = &g->its[its];
    *out = s->stats;
    out->device_cache_hits = s->dev_cache.hits;
    out->device_cache_misses = s->dev_cache.misses;
    out->event_cache_hits = s->ev_cache.hits;
    out->event_cache_misses = s->ev_cache.misses;
    out->collection_cache_hits = s->coll_cache.hits;
    out->collection_cache_misses = s->coll_cache.misses;
    out->mem_reads = s->tm.mem.reads;
    out->mem_writes = s->tm.mem.writes;
    out->mem_wait_ps = s->tm.mem.wait_ps;
    return GIC_OK;
}

uint64_t gic_its_error_count(const gic_t *g, unsigned its, uint32_t code)
{
    if (its >= g->cfg.num_its || (code >> 16) != 0x01)
        return 0;
    uint32_t cause = code & 0xFF;
    if (cause != 0xFF && cause > 30)
        return 0;
    return g->its[its].err_count[(code >> 8) & 0xFF][cause == 0xFF ? 31 : cause];
}

uint32_t gic_its_queue_depth(const gic_t *g, unsigned its)
{
    if (its >= g->cfg.num_its)
        return 0;
    const struct its *s = &g->its[its];
    uint64_t size = its_queue_bytes(s);
    return (uint32_t)(((s->cwriter + size - s->creadr) % size) / ITS_CMD_BYTES);
}

bool gic_its_busy(const gic_t *g, unsigned its)
{
    return its < g->cfg.num_its && !its_quiescent(&g->its[its]);
}

uint32_t gic_its_msi_queue_depth(const gic_t *g, unsigned its)
{
    return its < g->cfg.num_its ? g->its[its].tm.fifo_n : 0;
}

uint32_t gic_its_translations_in_flight(const gic_t *g, unsigned its)
{
    if (its >= g->cfg.num_its)
        return 0;
    const struct its *s = &g->its[its];
    return (uint32_t)(s->stats.msi_in_flight - s->tm.fifo_n);
}

unsigned gic_its_outstanding_reads(const gic_t *g, unsigned its)
{
    return its < g->cfg.num_its ? mem_if_busy_reads(&g->its[its].tm.mem, g->sched.now) : 0;
}

bool gic_its_stalled(const gic_t *g, unsigned its)
{
    return its < g->cfg.num_its && g->its[its].stalled;
}
