/* Interrupt state transitions shared by every block: readiness (heap membership),
 * grouping, routing of SPIs (including 1-of-N) and the wired inputs. */
#include "gic_internal.h"

enum gic_grp gic_irq_group(const struct gic *g, bool igroup, bool igrpmod)
{
    if (gic_ds(g))
        return igroup ? GRP_G1NS : GRP_G0;
    if (igroup)
        return GRP_G1NS; /* igrpmod = 1 with igroup = 1 is reserved: docs/impdef.md */
    return igrpmod ? GRP_G1S : GRP_G0;
}

struct gic_irq *gic_irq_lookup(struct gic *g, int cpu, uint32_t intid)
{
    if (intid < 32)
        return cpu >= 0 && (unsigned)cpu < g->cfg.num_cpus ? &g->gicr[cpu].sgi_ppi[intid]
                                                           : NULL;
    if (intid - 32 < g->cfg.num_spis)
        return &g->gicd.spi[intid - 32];
    return NULL;
}

static bool eligible_1ofn(const struct gic *g, unsigned cpu, enum gic_grp grp)
{
    return !g->gicr[cpu].processor_sleep && cpuif_group_enabled(g, cpu, grp);
}

/* 1-of-N: keep the CPU already chosen while it can take the interrupt, else choose
 * round-robin among the PEs that participate (awake, group enabled). */
static int choose_1ofn(struct gic *g, struct gic_irq *irq)
{
    if (irq->heap_pos && eligible_1ofn(g, (unsigned)irq->heap_cpu, irq->grp))
        return irq->heap_cpu;
    unsigned n = g->cfg.num_cpus;
    for (unsigned k = 0; k < n; k++) {
        unsigned cpu = (g->gicd.next_1ofn + k) % n;
        if (eligible_1ofn(g, cpu, irq->grp)) {
            g->gicd.next_1ofn = (cpu + 1) % n;
            return (int)cpu;
        }
    }
    return NO_CPU;
}

void gic_irq_update(struct gic *g, struct gic_irq *irq)
{
    bool ready = irq_pending(irq) && irq->enabled && !irq->active;
    int cpu = irq->target;
    if (ready && irq->one_of_n)
        cpu = choose_1ofn(g, irq);
    int old_cpu = irq->heap_pos ? irq->heap_cpu : NO_CPU;
    if (irq->heap_pos)
        heap_remove(&g->cpu[irq->heap_cpu].ready[irq->heap_grp], irq);
    bool queued = false;
    if (ready && cpu != NO_CPU) {
        if (heap_insert(&g->cpu[cpu].ready[irq->grp], irq)) {
            irq->heap_cpu = (int16_t)cpu;
            irq->heap_grp = irq->grp;
        }
        cpuif_update(g, (unsigned)cpu);
        queued = true;
    }
    if (old_cpu != NO_CPU && !(queued && old_cpu == cpu))
        cpuif_update(g, (unsigned)old_cpu);
}

/* Re-evaluate queued 1-of-N SPIs after a PE stopped (or started) participating (its
 * group enables, GICR_WAKER). Only the SPIs revisit; no other operation scans. */
void gic_irq_reroute_1ofn(struct gic *g)
{
    for (unsigned i = 0; i < g->cfg.num_spis; i++)
        if (g->gicd.spi[i].one_of_n)
            gic_irq_update(g, &g->gicd.spi[i]);
}

void gic_irq_regroup_all(struct gic *g)
{
    for (unsigned c = 0; c < g->cfg.num_cpus; c++)
        for (unsigned i = 0; i < 32; i++) {
            struct gic_irq *irq = &g->gicr[c].sgi_ppi[i];
            irq->grp = (uint8_t)gic_irq_group(g, irq->igroup, irq->igrpmod);
            gic_irq_update(g, irq);
        }
    for (unsigned i = 0; i < g->cfg.num_spis; i++) {
        struct gic_irq *irq = &g->gicd.spi[i];
        irq->grp = (uint8_t)gic_irq_group(g, irq->igroup, irq->igrpmod);
        gic_irq_update(g, irq);
    }
}

/* Timing: a newly pending SGI/PPI/SPI reaches its PE after arbitration and signalling. */
static void hold_for(struct gic *g, struct gic_irq *irq)
{
    if (g->tm.on)
        irq->visible_at = timing_signalled_at(&g->tm, g->sched.now);
}

void gic_set_pending(struct gic *g, struct gic_irq *irq, bool pending)
{
    if (irq->latch == pending)
        return;
    if (pending)
        hold_for(g, irq);
    irq->latch = pending;
    GIC_TRACE(g, .kind = pending ? GIC_TRACE_SET_PENDING : GIC_TRACE_CLEAR_PENDING,
              .cpu = irq->target, .intid = irq->intid);
    gic_irq_update(g, irq);
}

/* A wire changes level: a rising edge latches pending for edge-triggered inputs; a
 * level-sensitive input is pending while it is high. */
void gic_irq_set_level(struct gic *g, struct gic_irq *irq, int cpu, bool level)
{
    GIC_TRACE(g, .kind = GIC_TRACE_WIRE, .cpu = cpu, .intid = irq->intid, .level = level);
    bool rising = level && !irq->line;
    if (rising)
        hold_for(g, irq);
    irq->line = level;
    if (irq->edge && rising)
        gic_set_pending(g, irq, true);
    else
        gic_irq_update(g, irq);
}

/* The architecture gives SETSPI/CLRSPI their own meaning rather than a wire's: for an
 * edge-triggered SPI a SETSPI write adds the pending state and a CLRSPI write removes
 * it; for a level-sensitive SPI SETSPI asserts and CLRSPI deasserts a level of its
 * own. Sharing the wire's level would leave it high after one SETSPI and hide every
 * later rising edge of the wire and of SETSPI alike. */
void gic_irq_spi_message(struct gic *g, struct gic_irq *irq, bool set)
{
    if (irq->edge) {
        gic_set_pending(g, irq, set);
        return;
    }
    if (irq->msg_level == set)
        return;
    bool was_pending = irq_pending(irq);
    irq->msg_level = set;
    if (irq_pending(irq) != was_pending) {
        if (set)
            hold_for(g, irq);
        GIC_TRACE(g, .kind = set ? GIC_TRACE_SET_PENDING : GIC_TRACE_CLEAR_PENDING,
                  .cpu = irq->target, .intid = irq->intid);
    }
    gic_irq_update(g, irq);
}

gic_status_t gic_set_spi(gic_t *g, unsigned intid, bool level)
{
    if (intid < 32 || intid - 32 >= g->cfg.num_spis)
        return GIC_ERR_ARG;
    gic_irq_set_level(g, &g->gicd.spi[intid - 32], NO_CPU, level);
    return GIC_OK;
}

gic_status_t gic_set_ppi(gic_t *g, unsigned cpu, unsigned intid, bool level)
{
    if (cpu >= g->cfg.num_cpus || intid < 16 || intid >= 32)
        return GIC_ERR_ARG;
    gic_irq_set_level(g, &g->gicr[cpu].sgi_ppi[intid], (int)cpu, level);
    return GIC_OK;
}

void gic_deactivate(struct gic *g, struct gic_irq *irq)
{
    if (!irq->active)
        return;
    irq->active = false;
    GIC_TRACE(g, .kind = GIC_TRACE_DEACTIVATE, .cpu = irq->target, .intid = irq->intid);
    gic_irq_update(g, irq);
}
