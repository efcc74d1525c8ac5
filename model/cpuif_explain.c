/* Why a CPU interface has nothing to acknowledge (gic_cpu_why_spurious): the same
 * checks the acknowledge makes, in the order a user needs them, each named after the
 * register that decides it. For messages only: it changes nothing. */
#include <stdio.h>

#include "cpuif.h"

static const char *const group_names[] = {"Group 0", "Secure Group 1", "Non-secure Group 1"};

/* The highest-priority interrupt ready for cpu in any group, enabled or not. */
static const struct gic_irq *best_ready(const struct gic *g, unsigned cpu)
{
    const struct gic_irq *best = NULL;
    for (int k = 0; k < GIC_NUM_GRPS; k++) {
        const struct gic_irq *t = heap_top(&g->cpu[cpu].ready[k]);
        if (t && (!best || t->priority < best->priority ||
                  (t->priority == best->priority && t->intid < best->intid)))
            best = t;
    }
    return best;
}

static const char *disabled_by(const struct gic *g, unsigned cpu, enum gic_grp grp)
{
    const struct cpuif *c = &g->cpu[cpu];
    if (grp == GRP_G0)
        return !g->gicd.enable_grp0 ? "GICD_CTLR.EnableGrp0 is 0" : "ICC_IGRPEN0_EL1 is 0";
    if (grp == GRP_G1NS)
        return !g->gicd.enable_grp1ns ? "GICD_CTLR.EnableGrp1NS is 0" : "ICC_IGRPEN1_EL1 is 0";
    return gic_ds(g) ? "there is no Secure Group 1 with DS = 1"
           : !g->gicd.enable_grp1s ? "GICD_CTLR.EnableGrp1S is 0"
           : !c->igrpen1[1] ? "the Secure ICC_IGRPEN1_EL1 is 0" : "";
}

int gic_cpu_why_spurious(const gic_t *g, unsigned cpu, unsigned group, char *buf, size_t len)
{
    if (cpu >= g->cfg.num_cpus)
        return snprintf(buf, len, "CPU %u does not exist", cpu);
    if (g->gicr[cpu].processor_sleep)
        return snprintf(buf, len, "GICR_WAKER.ProcessorSleep is 1 for CPU %u", cpu);
    const struct gic_irq *irq = best_ready(g, cpu);
    if (!irq)
        return snprintf(buf, len, "nothing is pending for CPU %u (or what is pending is "
                                  "disabled, or routed elsewhere)", cpu);
    const struct cpuif *c = &g->cpu[cpu];
    enum gic_grp grp = (enum gic_grp)irq->grp, want = group ? cpuif_own_grp1(g, c) : GRP_G0;
    unsigned prio = irq->priority & g->pri_mask;
    if (!cpuif_group_enabled(g, cpu, grp))
        return snprintf(buf, len, "INTID %u (%s) is pending but its group is disabled: %s",
                        irq->intid, group_names[grp], disabled_by(g, cpu, grp));
    if (grp != want)
        return snprintf(buf, len, "the highest pending, INTID %u, is %s: read ICC_IAR%u_EL1",
                        irq->intid, group_names[grp], grp == GRP_G0 ? 0 : 1);
    if (prio >= c->pmr)
        return snprintf(buf, len, "INTID %u (priority 0x%02x) is masked by ICC_PMR_EL1 = 0x%02x",
                        irq->intid, prio, c->pmr);
    uint8_t rprio = cpuif_running_prio(g, c);
    if (rprio != 0xFF)
        return snprintf(buf, len, "INTID %u (priority 0x%02x) does not preempt the running "
                                  "priority 0x%02x (an active interrupt not yet EOId)",
                        irq->intid, prio, rprio);
    return snprintf(buf, len, "INTID %u could be acknowledged now", irq->intid);
}
