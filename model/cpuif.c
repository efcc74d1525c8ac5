/* CPU interface (ICC_*_EL1): highest-priority selection, priority masking, preemption,
 * acknowledge, priority drop and deactivation, SGI generation, and the IRQ/FIQ
 * outputs. Registers banked by security state use index 0 = Non-secure, 1 = Secure. */
#include "cpuif.h"

FIELD(ICC_SGIR, TargetList, 0, 16)
FIELD(ICC_SGIR, Aff1, 16, 8)
FIELD(ICC_SGIR, INTID, 24, 4)
FIELD(ICC_SGIR, Aff2, 32, 8)
FIELD(ICC_SGIR, IRM, 40, 1)
FIELD(ICC_SGIR, RS, 44, 4)
FIELD(ICC_SGIR, Aff3, 48, 8)

#define INTID_MASK 0xFFFFFFu

static struct cpuif *cpu_of(struct gic *g, unsigned cpu)
{
    return &g->cpu[cpu];
}

/* Bank of a banked register for the PE's current security state. */
int cpuif_bank(const struct gic *g, const struct cpuif *c)
{
    return !gic_ds(g) && c->secure;
}

/* The Group 1 that IAR1/EOIR1/HPPIR1 and SGI1R mean for the PE's security state. */
enum gic_grp cpuif_own_grp1(const struct gic *g, const struct cpuif *c)
{
    return cpuif_bank(g, c) ? GRP_G1S : GRP_G1NS;
}

bool cpuif_group_enabled(const struct gic *g, unsigned cpu, enum gic_grp grp)
{
    const struct cpuif *c = &g->cpu[cpu];
    switch (grp) {
    case GRP_G0: return g->gicd.enable_grp0 && c->igrpen0;
    case GRP_G1NS: return g->gicd.enable_grp1ns && c->igrpen1[0];
    case GRP_G1S: return !gic_ds(g) && g->gicd.enable_grp1s && c->igrpen1[1];
    default: return false;
    }
}

/* Highest-priority pending interrupt among the groups enabled for this PE. */
static struct gic_irq *hppi(struct gic *g, unsigned cpu)
{
    struct gic_irq *best = NULL;
    if (g->gicr[cpu].processor_sleep)
        return NULL;
    for (int k = 0; k < GIC_NUM_GRPS; k++) {
        struct gic_irq *t = heap_top(&g->cpu[cpu].ready[k]);
        if (t && cpuif_group_enabled(g, cpu, (enum gic_grp)k) &&
            (!best || irq_key(t) < irq_key(best)))
            best = t;
    }
    return best;
}

/* Group-priority mask: BPR0 = N keeps priority[7:N+1], BPR1 = N keeps [7:N]. */
static uint8_t gprio_mask(const struct gic *g, const struct cpuif *c, enum gic_grp grp)
{
    int b = grp == GRP_G1S;
    if (grp == GRP_G0 || c->cbpr[gic_ds(g) ? 0 : b])
        return (uint8_t)(0xFF << (c->bpr0 + 1));
    return (uint8_t)(0xFF << c->bpr1[gic_ds(g) ? 0 : b]);
}

unsigned cpuif_apr_regs(const struct gic *g)
{
    return g->preempt_bits <= 5 ? 1 : 1u << (g->preempt_bits - 5);
}

/* Running priority: the highest active group priority, 0xFF when idle. */
uint8_t cpuif_running_prio(const struct gic *g, const struct cpuif *c)
{
    for (unsigned r = 0; r < cpuif_apr_regs(g); r++) {
        uint32_t bits = c->apr[0][r] | c->apr[1][r] | c->apr[2][r];
        if (bits)
            return (uint8_t)((32 * r + (unsigned)__builtin_ctz(bits))
                             << (8 - g->preempt_bits));
    }
    return 0xFF;
}

/* Priority of active-priority bit `bit` when nothing finer is known. */
static uint8_t apr_bit_prio(const struct gic *g, unsigned bit)
{
    return (uint8_t)(bit << (8 - g->preempt_bits));
}

/* ICC_RPR_EL1.Priority: the running priority "as if the BPR was set to its minimum
 * value", so bits below the group priority of the active interrupt show; 0xFF (the
 * Idle priority) when nothing is active. */
uint8_t cpuif_rpr(const struct gic *g, const struct cpuif *c)
{
    for (unsigned r = 0; r < cpuif_apr_regs(g); r++) {
        uint32_t bits = c->apr[0][r] | c->apr[1][r] | c->apr[2][r];
        if (!bits)
            continue;
        unsigned bit = 32 * r + (unsigned)__builtin_ctz(bits);
        uint8_t p = 0xFF;
        for (int k = 0; k < GIC_NUM_GRPS; k++)
            if (c->apr[k][r] & (1u << (bit % 32)) && c->apr_prio[k][bit] < p)
                p = c->apr_prio[k][bit];
        return p;
    }
    return 0xFF;
}

/* Software wrote ICC_AP0R<n>/AP1R<n> (save/restore): the bits it set carry no finer
 * priority than their own. */
void cpuif_write_apr(struct gic *g, unsigned cpu, enum gic_grp grp, unsigned n, uint32_t v)
{
    struct cpuif *c = cpu_of(g, cpu);
    c->apr[grp][n] = v;
    for (unsigned i = 0; i < 32; i++)
        c->apr_prio[grp][32 * n + i] = apr_bit_prio(g, 32 * n + i);
    cpuif_update(g, cpu);
}

/* The CPU interface sees priorities through its own implemented bits, which may be
 * fewer than the distributor's (impdef D7): PMR and preemption compare those. */
static bool can_preempt(const struct gic *g, const struct cpuif *c, const struct gic_irq *irq)
{
    uint8_t prio = irq->priority & g->pri_mask;
    if (prio >= c->pmr)
        return false;
    uint8_t rprio = cpuif_running_prio(g, c), mask = gprio_mask(g, c, (enum gic_grp)irq->grp);
    return rprio == 0xFF || (prio & mask) < (rprio & mask);
}

static void rearbitrate_event(void *ctx, uint64_t cpu)
{
    struct gic *g = ctx;
    struct cpuif *c = cpu_of(g, (unsigned)cpu);
    if (c->rearbitrate_at == g->sched.now)
        c->rearbitrate_at = 0;
    cpuif_update(g, (unsigned)cpu);
}

/* Timing: an interrupt is signalled only from irq->visible_at on (the redistributor's
 * property lookup, arbitration and signalling, set when it became pending). Until the
 * highest-priority one is visible the outputs stay low and a re-evaluation is queued. */
static bool visible(struct gic *g, unsigned cpu, const struct gic_irq *irq)
{
    struct cpuif *c = cpu_of(g, cpu);
    if (g->sched.now >= irq->visible_at)
        return true;
    if (!c->rearbitrate_at || irq->visible_at < c->rearbitrate_at) {
        c->rearbitrate_at = irq->visible_at;
        sched_at(&g->sched, irq->visible_at, rearbitrate_event, g, cpu);
    }
    return false;
}

static void set_signal(struct gic *g, unsigned cpu, gic_signal_t sig, bool level)
{
    struct cpuif *c = cpu_of(g, cpu);
    bool *out = sig == GIC_SIG_IRQ ? &c->irq : &c->fiq;
    if (*out == level)
        return;
    *out = level;
    GIC_TRACE(g, .kind = GIC_TRACE_SIGNAL, .cpu = (int32_t)cpu, .signal = sig, .level = level);
    if (g->signal_fn)
        g->signal_fn(g->signal_opaque, cpu, sig, level);
}

/* Group 0 is signalled as FIQ; Group 1 as IRQ in its own security state, else FIQ. */
void cpuif_update(struct gic *g, unsigned cpu)
{
    struct cpuif *c = cpu_of(g, cpu);
    struct gic_irq *irq = hppi(g, cpu);
    bool irq_level = false, fiq_level = false;
    if (irq && can_preempt(g, c, irq) && visible(g, cpu, irq)) {
        if (irq->grp == GRP_G0 || (!gic_ds(g) && irq->grp != cpuif_own_grp1(g, c)))
            fiq_level = true;
        else
            irq_level = true;
    }
    set_signal(g, cpu, GIC_SIG_IRQ, irq_level);
    set_signal(g, cpu, GIC_SIG_FIQ, fiq_level);
}

uint64_t cpuif_acknowledge(struct gic *g, unsigned cpu, enum gic_grp grp)
{
    struct cpuif *c = cpu_of(g, cpu);
    struct gic_irq *irq = hppi(g, cpu);
    if (!irq || irq->grp != grp || !can_preempt(g, c, irq))
        return INTID_SPURIOUS;
    unsigned bit = (irq->priority & gprio_mask(g, c, grp)) >> (8 - g->preempt_bits);
    c->apr[grp][bit / 32] |= 1u << (bit % 32);
    c->apr_prio[grp][bit] = irq->priority & g->pri_mask &
                            apr_bit_prio(g, 0xFFu >> (8 - g->preempt_bits));
    uint32_t intid = irq->intid;
    GIC_TRACE(g, .kind = GIC_TRACE_ACK, .cpu = (int32_t)cpu, .intid = intid,
              .priority = irq->priority, .group = grp);
    if (intid >= INTID_LPI_BASE) {
        gicr_lpi_acknowledged(g, cpu, irq); /* no active state: pending cleared */
    } else {
        irq->latch = false;
        irq->active = true;
        gic_irq_update(g, irq);
    }
    cpuif_update(g, cpu);
    return intid;
}

uint64_t cpuif_hppir(struct gic *g, unsigned cpu, enum gic_grp grp)
{
    struct gic_irq *irq = hppi(g, cpu);
    return irq && irq->grp == grp ? irq->intid : INTID_SPURIOUS;
}

/* Priority drop: clear the highest active priority, whatever its group. */
static void drop_priority(struct gic *g, unsigned cpu, uint32_t intid)
{
    struct cpuif *c = cpu_of(g, cpu);
    for (unsigned r = 0; r < cpuif_apr_regs(g); r++) {
        uint32_t all = c->apr[0][r] | c->apr[1][r] | c->apr[2][r];
        if (!all)
            continue;
        uint32_t lowest = all & -all;
        for (int k = 0; k < GIC_NUM_GRPS; k++)
            if (c->apr[k][r] & lowest) {
                c->apr[k][r] &= ~lowest;
                break;
            }
        GIC_TRACE(g, .kind = GIC_TRACE_PRIORITY_DROP, .cpu = (int32_t)cpu, .intid = intid,
                  .priority = (32 * r + (unsigned)__builtin_ctz(lowest))
                              << (8 - g->preempt_bits));
        return;
    }
    gic_guest_error(g, "icc.eoi_no_active", "CPU %u: EOI of %u with no active priority",
                    cpu, (unsigned)intid);
}

static void deactivate(struct gic *g, unsigned cpu, uint32_t intid)
{
    struct cpuif *c = cpu_of(g, cpu);
    if (intid >= INTID_LPI_BASE)
        return; /* LPIs have no active state */
    struct gic_irq *irq = gic_irq_lookup(g, (int)cpu, intid);
    if (!irq) {
        gic_guest_error(g, "icc.deactivate_intid", "CPU %u: deactivate of INTID %u",
                        cpu, (unsigned)intid);
        return;
    }
    if (!gic_ds(g) && !c->secure && irq->grp != GRP_G1NS)
        return; /* Non-secure cannot deactivate Secure interrupts */
    if (!irq->active)
        gic_guest_error(g, "icc.deactivate_inactive", "CPU %u: INTID %u is not active",
                        cpu, (unsigned)intid);
    gic_deactivate(g, irq);
}

void cpuif_eoi(struct gic *g, unsigned cpu, uint64_t v)
{
    struct cpuif *c = cpu_of(g, cpu);
    uint32_t intid = (uint32_t)v & INTID_MASK;
    if (intid >= 1020 && intid <= 1023)
        return; /* special INTIDs: ignored */
    drop_priority(g, cpu, intid);
    if (!c->eoimode[cpuif_bank(g, c)])
        deactivate(g, cpu, intid);
    cpuif_update(g, cpu);
}

void cpuif_dir(struct gic *g, unsigned cpu, uint64_t v)
{
    struct cpuif *c = cpu_of(g, cpu);
    uint32_t intid = (uint32_t)v & INTID_MASK;
    if (intid >= 1020 && intid <= 1023)
        return;
    if (!c->eoimode[cpuif_bank(g, c)]) {
        gic_guest_error(g, "icc.dir_eoimode0", "CPU %u: DIR of %u with EOImode = 0", cpu,
                        (unsigned)intid);
        return;
    }
    deactivate(g, cpu, intid);
    cpuif_update(g, cpu);
}

/* GICR_NSACR NS_access a Non-secure write needs to generate a Secure SGI: 0b01 for a
 * Group 0 SGI, 0b10 for a Secure Group 1 SGI ("Forwarding an SGI to a target PE"). */
static bool sgi_ns_permitted(const struct gic *g, unsigned target, const struct gic_irq *irq)
{
    if (irq->grp == GRP_G1NS)
        return true;
    unsigned ns_access = gic_ns_access(&g->gicr[target].nsacr, irq->intid);
    return ns_access >= (irq->grp == GRP_G0 ? 1u : 2u);
}

/* Is the SGI forwarded to target? It must be configured there in the group the register
 * generates (SGI0R: Group 0; SGI1R: the sender's Group 1; ASGI1R: the other Group 1);
 * with two security states a Non-secure sender reaches a Secure SGI only as far as the
 * target's GICR_NSACR permits. */
static bool sgi_forwarded(const struct gic *g, unsigned cpu, unsigned target,
                          const struct gic_irq *irq, enum gic_grp grp)
{
    if (irq->grp != grp)
        return false;
    if (gic_ds(g) || g->cpu[cpu].secure)
        return true;
    return sgi_ns_permitted(g, target, irq);
}

void cpuif_generate_sgi(struct gic *g, unsigned cpu, uint64_t v, enum gic_grp grp)
{
    unsigned intid = (unsigned)FIELD_EX(v, ICC_SGIR, INTID);
    uint32_t cluster = (uint32_t)(FIELD_EX(v, ICC_SGIR, Aff1) << 8 |
                                  FIELD_EX(v, ICC_SGIR, Aff2) << 16 |
                                  FIELD_EX(v, ICC_SGIR, Aff3) << 24);
    unsigned list = (unsigned)FIELD_EX(v, ICC_SGIR, TargetList);
    unsigned rs = (unsigned)FIELD_EX(v, ICC_SGIR, RS);
    bool all = FIELD_EX(v, ICC_SGIR, IRM);
    for (unsigned t = 0; t < g->cfg.num_cpus; t++) {
        if (all ? t == cpu : (gic_cpu_affinity(t) & ~0xFFu) != cluster)
            continue;
        unsigned aff0 = gic_cpu_affinity(t) & 0xFF;
        if (!all && (aff0 / 16 != rs || !((list >> (aff0 % 16)) & 1)))
            continue;
        struct gic_irq *irq = &g->gicr[t].sgi_ppi[intid];
        bool forwarded = sgi_forwarded(g, cpu, t, irq, grp);
        GIC_TRACE(g, .kind = GIC_TRACE_SGI, .cpu = (int32_t)cpu, .intid = intid, .target = t,
                  .group = grp, .accepted = forwarded);
        if (forwarded)
            gic_set_pending(g, irq, true);
    }
}


uint8_t gic_cpu_running_priority(const gic_t *g, unsigned cpu)
{
    return cpu < g->cfg.num_cpus ? cpuif_running_prio(g, &g->cpu[cpu]) : 0xFF;
}

int gic_cpu_pending_priority(const gic_t *g, unsigned cpu)
{
    int best = -1;
    for (int k = 0; cpu < g->cfg.num_cpus && k < GIC_NUM_GRPS; k++) {
        const struct gic_irq *t = heap_top(&g->cpu[cpu].ready[k]);
        if (t && (best < 0 || t->priority < best))
            best = t->priority;
    }
    return best;
}
