/* Self-check of the model's bookkeeping: the ready heaps, the pending LPIs and their
 * pending-table bits, and the MSI/LPI accounting. Cheap enough to run at the end of
 * every test and scenario; a violation is a model bug, never a guest error. */
#include <stdarg.h>
#include <stdio.h>

#include "gic_internal.h"
#include "vcpuif.h"

struct why {
    char *buf;
    size_t len;
};

static bool fail(struct why *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool fail(struct why *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (w->buf && w->len)
        vsnprintf(w->buf, w->len, fmt, ap);
    va_end(ap);
    return false;
}

static bool heaps_ok(const gic_t *g, struct why *w)
{
    for (unsigned c = 0; c < g->cfg.num_cpus; c++)
        for (int k = 0; k < GIC_NUM_GRPS; k++) {
            const struct gic_heap *h = &g->cpu[c].ready[k];
            for (uint32_t i = 0; i < h->n; i++) {
                const struct gic_irq *irq = h->v[i];
                if (irq->heap_pos != i + 1 || irq->heap_cpu != (int)c || irq->heap_grp != k)
                    return fail(w, "CPU %u heap %d: INTID %u has a stale slot", c, k, irq->intid);
                if (!irq_pending(irq) || !irq->enabled || irq->active)
                    return fail(w, "CPU %u: INTID %u queued but not ready", c, irq->intid);
                if (i && irq_key(h->v[(i - 1) / 2]) > irq_key(irq))
                    return fail(w, "CPU %u heap %d: order broken at INTID %u", c, k, irq->intid);
            }
        }
    return true;
}

static bool spis_ok(const gic_t *g, struct why *w)
{
    for (unsigned i = 0; i < g->cfg.num_spis; i++) {
        const struct gic_irq *irq = &g->gicd.spi[i];
        bool ready = irq_pending(irq) && irq->enabled && !irq->active;
        if (ready && !irq->one_of_n && irq->target != NO_CPU && !irq->heap_pos)
            return fail(w, "SPI %u is ready but not queued", irq->intid);
    }
    return true;
}

static bool lpis_ok(const gic_t *g, struct why *w)
{
    uint64_t pending = 0;
    for (unsigned c = 0; c < g->cfg.num_cpus; c++) {
        const struct gicr_lpi *l = &g->gicr[c].lpi;
        uint32_t n = 0;
        for (uint32_t i = 0; i < l->pending.cap; i++) {
            const struct gic_irq *irq = l->pending.slot[i];
            if (!irq)
                continue;
            n++;
            uint8_t byte = 0;
            uint64_t a = ((l->pendbaser >> 16) & 0xFFFFFFFFFULL) * 0x10000 + irq->intid / 8;
            g->cfg.mem.read(g->cfg.mem.opaque, a, &byte, 1);
            if (!(byte >> (irq->intid % 8) & 1))
                return fail(w, "CPU %u: LPI %u pending but its table bit is clear", c,
                            irq->intid);
            if (irq->target != (int)c || irq->active)
                return fail(w, "CPU %u: LPI %u record inconsistent", c, irq->intid);
        }
        if (n != l->pending.n)
            return fail(w, "CPU %u: pending LPI count %u, found %u", c, l->pending.n, n);
        pending += n;
    }
    const gic_lpi_stats_t *s = &g->lpi_stats;
    if (s->set_pending != s->acknowledged + s->cleared + pending)
        return fail(w, "LPIs: set pending %llu != acknowledged %llu + cleared %llu + pending "
                       "%llu", (unsigned long long)s->set_pending,
                    (unsigned long long)s->acknowledged, (unsigned long long)s->cleared,
                    (unsigned long long)pending);
    return true;
}

/* GICv4.1: every pending vLPI has its VPT bit set, and the vLPI and vSGI accounting
 * balances. */
static bool vlpis_ok(const gic_t *g, struct why *w)
{
    uint64_t pending = 0, sgis = 0;
    for (uint32_t id = 0; g->vpes && id < (1u << g->cfg.virt.vpeid_bits); id++) {
        const struct vpe *v = g->vpes[id];
        if (!v)
            continue;
        if (!v->mapped && v->sgi_pending)
            return fail(w, "vPE %u: unmapped with vSGIs pending", id);
        sgis += (unsigned)__builtin_popcount(v->sgi_pending);
        for (uint32_t i = 0; i < v->pending.cap; i++) {
            const struct gic_irq *irq = v->pending.slot[i];
            if (!irq)
                continue;
            uint8_t byte = 0;
            g->cfg.mem.read(g->cfg.mem.opaque, v->vpt + irq->intid / 8, &byte, 1);
            if (!(byte >> (irq->intid % 8) & 1))
                return fail(w, "vPE %u: vLPI %u pending but its VPT bit is clear", id,
                            irq->intid);
            pending++;
        }
    }
    const gic_vlpi_stats_t *s = &g->vlpi_stats;
    uint64_t dropped = 0;
    for (int k = 0; k < GIC_NUM_VLPI_DROPS; k++)
        dropped += s->dropped[k];
    if (s->offered != s->acknowledged + s->coalesced + s->cleared + pending + dropped)
        return fail(w, "vLPIs: offered %llu != delivered %llu + coalesced %llu + cleared %llu "
                       "+ pending %llu + dropped %llu", (unsigned long long)s->offered,
                    (unsigned long long)s->acknowledged, (unsigned long long)s->coalesced,
                    (unsigned long long)s->cleared, (unsigned long long)pending,
                    (unsigned long long)dropped);
    if (s->vsgi_offered != s->vsgi_acknowledged + s->vsgi_coalesced + s->vsgi_cleared + sgis +
                               s->vsgi_dropped)
        return fail(w, "vSGIs: offered %llu != delivered %llu + coalesced %llu + cleared %llu "
                       "+ pending %llu + dropped %llu", (unsigned long long)s->vsgi_offered,
                    (unsigned long long)s->vsgi_acknowledged,
                    (unsigned long long)s->vsgi_coalesced, (unsigned long long)s->vsgi_cleared,
                    (unsigned long long)sgis, (unsigned long long)s->vsgi_dropped);
    if (s->set_pending != s->acknowledged + s->cleared + pending)
        return fail(w, "vLPIs: set pending %llu != acknowledged %llu + cleared %llu + pending "
                       "%llu", (unsigned long long)s->set_pending,
                    (unsigned long long)s->acknowledged, (unsigned long long)s->cleared,
                    (unsigned long long)pending);
    if (s->vsgi_set_pending != s->vsgi_acknowledged + s->vsgi_cleared + sgis)
        return fail(w, "vSGIs: set pending %llu != acknowledged %llu + cleared %llu + pending "
                       "%llu", (unsigned long long)s->vsgi_set_pending,
                    (unsigned long long)s->vsgi_acknowledged,
                    (unsigned long long)s->vsgi_cleared, (unsigned long long)sgis);
    return true;
}

static bool its_ok(const gic_t *g, struct why *w)
{
    for (unsigned i = 0; i < g->cfg.num_its; i++) {
        const struct its *its = &g->its[i];
        uint64_t dropped = 0;
        for (int k = 0; k < GIC_NUM_DROP_REASONS; k++)
            dropped += its->stats.msi_dropped[k];
        if (its->stats.msi_offered != its->stats.msi_translated + dropped +
                                          its->stats.msi_in_flight)
            return fail(w, "ITS%u: MSIs offered != translated + dropped + in flight", i);
        if (its->creadr % ITS_CMD_BYTES || its->creadr >= its_queue_bytes(its))
            return fail(w, "ITS%u: CREADR 0x%llx outside the queue", i,
                        (unsigned long long)its->creadr);
    }
    return true;
}

/* The virtual interface: unless an update is queued (timing), the maintenance level
 * is En && MISR != 0; vIRQ and vFIQ are never both high;
 * no LR beyond the implemented ones holds anything; nothing is signalled with En = 0. */
static bool vcpus_ok(const gic_t *g, struct why *w)
{
    for (unsigned c = 0; g->vcpu && c < g->cfg.num_cpus; c++) {
        const struct vcpuif *v = &g->vcpu[c];
        bool en = FIELD_EX(v->hcr, ICH_HCR, En);
        bool want = en && vcpuif_misr(g, v) != 0;
        if (!v->maint_at && v->maint != want)
            return fail(w, "CPU %u: maintenance level %d, En && MISR says %d", c, v->maint, want);
        if ((v->virq && v->vfiq) || (!en && (v->virq || v->vfiq)))
            return fail(w, "CPU %u: vIRQ %d vFIQ %d with En %d", c, v->virq, v->vfiq, en);
        for (unsigned n = vcpuif_nr_lrs(g); n < VCPU_MAX_LRS; n++)
            if (v->lr[n])
                return fail(w, "CPU %u: unimplemented ICH_LR%u_EL2 holds state", c, n);
    }
    return true;
}

bool gic_check_invariants(const gic_t *g, char *why, size_t len)
{
    struct why w = {why, len};
    return heaps_ok(g, &w) && spis_ok(g, &w) && lpis_ok(g, &w) && vlpis_ok(g, &w) && its_ok(g, &w) &&
           vcpus_ok(g, &w);
}
