/* MSI translation: GITS_TRANSLATER write -> DTE -> ITE -> CTE -> redistributor, each
 * lookup through its cache. Every MSI ends translated or dropped with a reason, so
 * offered = translated + dropped + in flight always holds. */
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
    gic_trace(g, GIC_TRACE_MSI_DROP, -1, INTID_SPURIOUS, its->idx, why,
              (uint64_t)devid << 32 | eventid);
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

/* Translates one MSI; returns GIC_NUM_DROP_REASONS when it reached a redistributor. */
static gic_msi_drop_t translate(struct gic *g, struct its *its, uint32_t devid,
                                uint32_t eventid)
{
    struct its_dte dte;
    struct its_ite ite;
    struct its_cte cte;
    enum its_lookup r;
    if (!its->enabled)
        return GIC_DROP_ITS_DISABLED;
    if ((r = its_read_dte(g, its, devid, &dte)) != ITS_FOUND)
        return lookup_drop(r, GIC_DROP_DEVICE_UNMAPPED);
    if ((r = its_read_ite(g, its, devid, &dte, eventid, &ite)) != ITS_FOUND)
        return lookup_drop(r, GIC_DROP_NO_ITE);
    int cpu = its_read_cte(g, its, ite.icid, &cte) == ITS_FOUND
                  ? its_rdbase_cpu(g, its, cte.rdbase) : -1;
    if (cpu < 0)
        return GIC_DROP_COLLECTION_UNMAPPED;
    switch (gicr_lpi_set_pending(g, (unsigned)cpu, ite.intid)) {
    case LPI_DROP_DISABLED: return GIC_DROP_LPI_DISABLED;
    case LPI_DROP_RANGE: return GIC_DROP_LPI_OOR;
    case LPI_COALESCED: its->stats.msi_coalesced++; break;
    case LPI_NEW_PENDING: break;
    }
    its->stats.msi_translated++;
    gic_trace(g, GIC_TRACE_MSI_TRANSLATED, cpu, ite.intid, its->idx, 0, 0);
    return GIC_NUM_DROP_REASONS;
}

static void translate_event(void *ctx, uint64_t arg)
{
    struct its *its = ctx;
    uint32_t devid = (uint32_t)(arg >> 32), eventid = (uint32_t)arg;
    its->stats.msi_in_flight--;
    gic_msi_drop_t why = translate(its->gic, its, devid, eventid);
    if (why != GIC_NUM_DROP_REASONS)
        drop(its->gic, its, why, devid, eventid);
}

void its_msi(struct gic *g, struct its *its, uint32_t devid, uint32_t eventid)
{
    its->stats.msi_offered++;
    gic_trace(g, GIC_TRACE_MSI, -1, INTID_SPURIOUS, its->idx, devid, eventid);
    if (!its->enabled) {
        drop(g, its, GIC_DROP_ITS_DISABLED, devid, eventid);
        return;
    }
    its->stats.msi_in_flight++;
    if (!sched_at(&g->sched, g->sched.now, translate_event, its,
                  (uint64_t)devid << 32 | eventid)) {
        its->stats.msi_in_flight--;
        drop(g, its, GIC_DROP_MEMORY_ABORT, devid, eventid);
    }
}

bool its_quiescent(const struct its *its)
{
    return !its->process_scheduled && its->stats.msi_in_flight == 0;
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
    return GIC_OK;
}

uint64_t gic_its_error_count(const gic_t *g, unsigned its, uint32_t code)
{
    if (its >= g->cfg.num_its || (code >> 16) != 0x01)
        return 0;
    uint32_t cause = code & 0xFF;
    if (cause != 0xFF && cause > 14)
        return 0;
    return g->its[its].err_count[(code >> 8) & 0xFF][cause == 0xFF ? 15 : cause];
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

bool gic_its_stalled(const gic_t *g, unsigned its)
{
    return its < g->cfg.num_its && g->its[its].stalled;
}
