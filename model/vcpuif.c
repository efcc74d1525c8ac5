/* The virtual CPU interface (GICv3 virtualization, IHI 0069 "Virtual interrupt
 * handling"): the highest-priority pending List register, virtual priority masking and
 * preemption with the virtual BPRs and active priorities (ICH_AP0R/AP1R), the LR state
 * machine on acknowledge, priority drop and deactivation, HW = 1 LRs deactivating
 * their physical INTID, EOIcount, ICH_MISR_EL2 and the maintenance interrupt, and the
 * vIRQ/vFIQ outputs. A PE has at most 16 LRs, so every search here is a short loop
 * over them, independent of the INTID space. */
#include <string.h>

#include "vcpuif.h"

#define INTID_MASK 0xFFFFFFu
#define NO_LR 0xFFFFFFFFu

static struct vcpuif *vc(struct gic *g, unsigned cpu)
{
    return &g->vcpu[cpu];
}

unsigned vcpuif_nr_lrs(const struct gic *g)
{
    return g->cfg.virt.list_registers;
}

unsigned vcpuif_apr_regs(const struct gic *g)
{
    unsigned p = g->cfg.virt.preemption_bits;
    return p <= 5 ? 1 : 1u << (p - 5);
}

uint8_t vcpuif_vpri_mask(const struct gic *g)
{
    return (uint8_t)(0xFF << (8 - g->cfg.virt.priority_bits));
}

unsigned vcpuif_min_vbpr0(const struct gic *g)
{
    return 7 - g->cfg.virt.preemption_bits;
}

static uint8_t lr_prio(const struct gic *g, uint64_t lr)
{
    return (uint8_t)FIELD_EX(lr, ICH_LR, Priority) & vcpuif_vpri_mask(g);
}

static bool lr_grp1(uint64_t lr)
{
    return FIELD_EX(lr, ICH_LR, Group);
}

/* Group-priority mask: VBPR0 = N keeps priority[7:N+1], VBPR1 = N keeps [7:N];
 * with VCBPR = 1 Group 1 uses VBPR0 too. */
static uint8_t gprio_mask(const struct vcpuif *v, bool grp1)
{
    if (!grp1 || FIELD_EX(v->vmcr, ICH_VMCR, VCBPR))
        return (uint8_t)(0xFF << (FIELD_EX(v->vmcr, ICH_VMCR, VBPR0) + 1));
    return (uint8_t)(0xFF << FIELD_EX(v->vmcr, ICH_VMCR, VBPR1));
}

/* Running priority: the highest active priority in ICH_AP0R/AP1R, 0xFF when idle. */
uint8_t vcpuif_running_prio(const struct gic *g, const struct vcpuif *v)
{
    for (unsigned r = 0; r < vcpuif_apr_regs(g); r++) {
        uint32_t bits = v->apr[0][r] | v->apr[1][r];
        if (bits)
            return (uint8_t)((32 * r + (unsigned)__builtin_ctz(bits))
                             << (8 - g->cfg.virt.preemption_bits));
    }
    return 0xFF;
}

static bool grp_enabled(const struct vcpuif *v, bool grp1)
{
    return grp1 ? FIELD_EX(v->vmcr, ICH_VMCR, VENG1) : FIELD_EX(v->vmcr, ICH_VMCR, VENG0);
}

static void reeval_event(void *ctx, uint64_t cpu)
{
    struct gic *g = ctx;
    struct vcpuif *v = vc(g, (unsigned)cpu);
    if (v->reeval_at == g->sched.now)
        v->reeval_at = 0;
    vcpuif_update(g, (unsigned)cpu);
}

/* Timing: a pending LR (or vLPI) is a candidate from its visible time on; until then a
 * re-evaluation is queued. */
static bool visible(struct gic *g, unsigned cpu, uint64_t at)
{
    struct vcpuif *v = vc(g, cpu);
    if (g->sched.now >= at)
        return true;
    if (!v->reeval_at || at < v->reeval_at) {
        v->reeval_at = at;
        sched_at(&g->sched, at, reeval_event, g, cpu);
    }
    return false;
}

/* The highest-priority pending LR among the enabled groups (ties: the lowest LR), or
 * -1. Only State = pending counts: a pending-and-active interrupt is not presented
 * again until it is deactivated. */
static int hppv_lr(struct gic *g, unsigned cpu)
{
    struct vcpuif *v = vc(g, cpu);
    int best = -1;
    for (unsigned n = 0; n < vcpuif_nr_lrs(g); n++) {
        uint64_t lr = v->lr[n];
        uint32_t id = lr_vintid(lr);
        if (lr_state(lr) != LR_PENDING || (id >= 1020 && id <= 1023) ||
            !grp_enabled(v, lr_grp1(lr)) || !visible(g, cpu, v->lr_visible_at[n]))
            continue;
        if (best < 0 || lr_prio(g, lr) < lr_prio(g, v->lr[best]))
            best = (int)n;
    }
    return best;
}

#define VLPI_CAND (-2)
#define VSGI_CAND (-3)

/* The resident vPE's best directly injected vSGI (docs/impdef.md G10): pending,
 * enabled, its group enabled and visible; ties: the lowest vINTID. -1 if none. */
static int best_vsgi(struct gic *g, unsigned cpu, const struct vpe *vp)
{
    struct vcpuif *v = vc(g, cpu);
    int best = -1;
    for (unsigned bits = vp->sgi_pending & vp->sgi_enabled; bits; bits &= bits - 1) {
        unsigned i = (unsigned)__builtin_ctz(bits);
        if (!grp_enabled(v, vp->sgi_grp1 >> i & 1) ||
            (best >= 0 && vp->sgi_prio[i] >= vp->sgi_prio[best]) ||
            !visible(g, cpu, vp->sgi_visible_at[i]))
            continue;
        best = (int)i;
    }
    return best;
}

/* The candidate among the LRs and, with GICv4.1, the resident vPE's best vLPI (Group 1)
 * and best vSGI: a direct one wins over the best pending LR only with a strictly
 * higher priority (an LR wins a tie, docs/impdef.md G4); between a vSGI and a vLPI the
 * lower vINTID (the vSGI) wins a tie. Returns the LR index, VLPI_CAND, VSGI_CAND or -1,
 * and in *lrv the candidate as an LR value (a direct one as a pending LR). */
static uint64_t direct_lr(uint32_t id, uint8_t prio, bool grp1)
{
    uint64_t lr = FIELD_DP(0, ICH_LR, vINTID, id);
    lr = FIELD_DP(lr, ICH_LR, Priority, prio);
    lr = FIELD_DP(lr, ICH_LR, Group, grp1);
    return FIELD_DP(lr, ICH_LR, State, LR_PENDING);
}

static int hppv(struct gic *g, unsigned cpu, uint64_t *lrv, struct gic_irq **vlpi)
{
    struct vcpuif *v = vc(g, cpu);
    int n = hppv_lr(g, cpu);
    if (n >= 0)
        *lrv = v->lr[n];
    int32_t rid;
    if (!g->vpes || (rid = g->gicr[cpu].v.resident) == VPE_NONE)
        return n;
    const struct vpe *vp = g->vpes[rid];
    struct gic_irq *top = heap_top(&vp->ready);
    bool top_ok = top && grp_enabled(v, true) &&
                  (n < 0 || top->priority < lr_prio(g, v->lr[n])) &&
                  visible(g, cpu, top->visible_at);
    if (!(vp->sgi_pending & vp->sgi_enabled)) { /* vLPIs only: the common case */
        if (!top_ok)
            return n;
        *lrv = direct_lr(top->intid, top->priority, true);
        *vlpi = top;
        return VLPI_CAND;
    }
    int s = best_vsgi(g, cpu, vp);
    uint8_t sp = s >= 0 ? vp->sgi_prio[s] & vcpuif_vpri_mask(g) : 0xFF;
    if (s >= 0 && (n < 0 || sp < lr_prio(g, v->lr[n])) && (!top_ok || sp <= top->priority)) {
        *lrv = direct_lr((uint32_t)s, sp, vp->sgi_grp1 >> s & 1);
        return VSGI_CAND;
    }
    if (!top_ok)
        return n;
    *lrv = direct_lr(top->intid, top->priority, true);
    *vlpi = top;
    return VLPI_CAND;
}

/* Below the virtual priority mask and above the running priority's group priority. */
static bool can_preempt(const struct gic *g, const struct vcpuif *v, uint64_t lr)
{
    uint8_t prio = lr_prio(g, lr);
    if (prio >= FIELD_EX(v->vmcr, ICH_VMCR, VPMR))
        return false;
    uint8_t rprio = vcpuif_running_prio(g, v), mask = gprio_mask(v, lr_grp1(lr));
    return rprio == 0xFF || (prio & mask) < (rprio & mask);
}

uint32_t vcpuif_eisr(const struct gic *g, const struct vcpuif *v)
{
    uint32_t bits = 0;
    for (unsigned n = 0; n < vcpuif_nr_lrs(g); n++)
        if (lr_state(v->lr[n]) == LR_INVALID && !FIELD_EX(v->lr[n], ICH_LR, HW) &&
            FIELD_EX(v->lr[n], ICH_LR, EOI))
            bits |= 1u << n;
    return bits;
}

uint32_t vcpuif_elrsr(const struct gic *g, const struct vcpuif *v)
{
    uint32_t bits = 0;
    for (unsigned n = 0; n < vcpuif_nr_lrs(g); n++)
        if (lr_state(v->lr[n]) == LR_INVALID &&
            (FIELD_EX(v->lr[n], ICH_LR, HW) || !FIELD_EX(v->lr[n], ICH_LR, EOI)))
            bits |= 1u << n;
    return bits;
}

static unsigned valid_lrs(const struct gic *g, const struct vcpuif *v)
{
    unsigned k = 0;
    for (unsigned n = 0; n < vcpuif_nr_lrs(g); n++)
        k += lr_state(v->lr[n]) != LR_INVALID;
    return k;
}

static bool any_pending_lr(const struct gic *g, const struct vcpuif *v)
{
    for (unsigned n = 0; n < vcpuif_nr_lrs(g); n++)
        if (lr_state(v->lr[n]) == LR_PENDING)
            return true;
    return false;
}

/* ICH_MISR_EL2: each condition ANDed with its enable in ICH_HCR_EL2. */
uint32_t vcpuif_misr(const struct gic *g, const struct vcpuif *v)
{
    uint32_t h = v->hcr, m = 0;
    bool eng0 = FIELD_EX(v->vmcr, ICH_VMCR, VENG0), eng1 = FIELD_EX(v->vmcr, ICH_VMCR, VENG1);
    m = (uint32_t)FIELD_DP(m, ICH_MISR, EOI, vcpuif_eisr(g, v) != 0);
    m = (uint32_t)FIELD_DP(m, ICH_MISR, U, FIELD_EX(h, ICH_HCR, UIE) && valid_lrs(g, v) <= 1);
    m = (uint32_t)FIELD_DP(m, ICH_MISR, LRENP,
                           FIELD_EX(h, ICH_HCR, LRENPIE) && FIELD_EX(h, ICH_HCR, EOIcount));
    m = (uint32_t)FIELD_DP(m, ICH_MISR, NP, FIELD_EX(h, ICH_HCR, NPIE) && !any_pending_lr(g, v));
    m = (uint32_t)FIELD_DP(m, ICH_MISR, VGrp0E, FIELD_EX(h, ICH_HCR, VGrp0EIE) && eng0);
    m = (uint32_t)FIELD_DP(m, ICH_MISR, VGrp0D, FIELD_EX(h, ICH_HCR, VGrp0DIE) && !eng0);
    m = (uint32_t)FIELD_DP(m, ICH_MISR, VGrp1E, FIELD_EX(h, ICH_HCR, VGrp1EIE) && eng1);
    m = (uint32_t)FIELD_DP(m, ICH_MISR, VGrp1D, FIELD_EX(h, ICH_HCR, VGrp1DIE) && !eng1);
    return m;
}

static bool maint_target(const struct gic *g, const struct vcpuif *v)
{
    return FIELD_EX(v->hcr, ICH_HCR, En) && vcpuif_misr(g, v) != 0;
}

/* Drives the maintenance PPI's input (a level-sensitive wire of the PE's
 * redistributor) to the current condition. */
static void maint_apply(struct gic *g, unsigned cpu)
{
    struct vcpuif *v = vc(g, cpu);
    bool level = maint_target(g, v);
    if (level == v->maint)
        return;
    v->maint = level;
    GIC_TRACE(g, .kind = GIC_TRACE_MAINTENANCE, .cpu = (int32_t)cpu,
              .value = vcpuif_misr(g, v), .level = level);
    struct gic_irq *ppi = &g->gicr[cpu].sgi_ppi[g->cfg.virt.maintenance_intid];
    gic_irq_set_level(g, ppi, (int)cpu, level);
}

static void maint_event(void *ctx, uint64_t cpu)
{
    struct gic *g = ctx;
    vc(g, (unsigned)cpu)->maint_at = 0;
    maint_apply(g, (unsigned)cpu);
}

/* Timing: the level follows the condition after maintenance_cycles; the condition is
 * sampled again then, so a change that undoes itself in between leaves no pulse. */
static void maint_update(struct gic *g, unsigned cpu)
{
    struct vcpuif *v = vc(g, cpu);
    uint64_t delay = timing_maintenance(&g->tm);
    if (!delay) {
        maint_apply(g, cpu);
        return;
    }
    if (maint_target(g, v) != v->maint && !v->maint_at) {
        v->maint_at = g->sched.now + delay;
        sched_at(&g->sched, v->maint_at, maint_event, g, cpu);
    }
}

static void set_vsignal(struct gic *g, unsigned cpu, gic_vsignal_t sig, bool level)
{
    struct vcpuif *v = vc(g, cpu);
    bool *out = sig == GIC_VSIG_VIRQ ? &v->virq : &v->vfiq;
    if (*out == level)
        return;
    *out = level;
    GIC_TRACE(g, .kind = GIC_TRACE_VSIGNAL, .cpu = (int32_t)cpu, .signal = sig, .level = level);
}

/* Group 0 is signalled as vFIQ (ICH_VMCR_EL2.VFIQEn is RES1), Group 1 as vIRQ; nothing
 * while ICH_HCR_EL2.En = 0. */
void vcpuif_update(struct gic *g, unsigned cpu)
{
    struct vcpuif *v = vc(g, cpu);
    bool virq = false, vfiq = false;
    if (FIELD_EX(v->hcr, ICH_HCR, En)) {
        uint64_t lr = 0;
        struct gic_irq *vlpi = NULL;
        int n = hppv(g, cpu, &lr, &vlpi);
        if (n != -1 && can_preempt(g, v, lr)) {
            virq = lr_grp1(lr);
            vfiq = !virq;
        }
    }
    set_vsignal(g, cpu, GIC_VSIG_VIRQ, virq);
    set_vsignal(g, cpu, GIC_VSIG_VFIQ, vfiq);
    maint_update(g, cpu);
}

void vcpuif_lr_written(struct gic *g, unsigned cpu, unsigned n)
{
    struct vcpuif *v = vc(g, cpu);
    v->lr_visible_at[n] = timing_lr_signal(&g->tm, g->sched.now);
}

/* The active-priority bit of a priority: its group priority at the virtual
 * preemption bits. */
static unsigned apr_bit(const struct gic *g, const struct vcpuif *v, uint64_t lr)
{
    uint8_t gp = lr_prio(g, lr) & gprio_mask(v, lr_grp1(lr));
    return gp >> (8 - g->cfg.virt.preemption_bits);
}

uint64_t vcpuif_acknowledge(struct gic *g, unsigned cpu, bool grp1)
{
    struct vcpuif *v = vc(g, cpu);
    if (!FIELD_EX(v->hcr, ICH_HCR, En))
        return INTID_SPURIOUS;
    uint64_t cand = 0;
    struct gic_irq *vlpi = NULL;
    int n = hppv(g, cpu, &cand, &vlpi);
    if (n == -1 || lr_grp1(cand) != grp1 || !can_preempt(g, v, cand))
        return INTID_SPURIOUS;
    if (n == VLPI_CAND || n == VSGI_CAND) { /* direct: no LR, no active state */
        unsigned bit = apr_bit(g, v, cand);
        v->apr[grp1][bit / 32] |= 1u << (bit % 32);
        uint32_t id = lr_vintid(cand);
        GIC_TRACE(g, .kind = GIC_TRACE_VACK, .cpu = (int32_t)cpu, .intid = id,
                  .priority = lr_prio(g, cand), .group = grp1 ? GRP_G1NS : GRP_G0,
                  .lr = NO_LR);
        if (n == VLPI_CAND)
            vlpi_acknowledged(g, cpu, vlpi);
        else
            vsgi_acknowledged(g, cpu, id);
        vcpuif_update(g, cpu);
        return id;
    }
    uint64_t *lr = &v->lr[n];
    unsigned bit = apr_bit(g, v, *lr);
    v->apr[grp1][bit / 32] |= 1u << (bit % 32);
    uint32_t id = lr_vintid(*lr);
    /* LPIs have no active state: the LR is done once acknowledged. */
    *lr = FIELD_DP(*lr, ICH_LR, State, id >= INTID_LPI_BASE ? LR_INVALID : LR_ACTIVE);
    GIC_TRACE(g, .kind = GIC_TRACE_VACK, .cpu = (int32_t)cpu, .intid = id,
              .priority = lr_prio(g, *lr), .group = grp1 ? GRP_G1NS : GRP_G0, .lr = (uint32_t)n);
    vcpuif_update(g, cpu);
    return id;
}

uint64_t vcpuif_hppir(struct gic *g, unsigned cpu, bool grp1)
{
    struct vcpuif *v = vc(g, cpu);
    uint64_t lr = 0;
    struct gic_irq *vlpi = NULL;
    int n = FIELD_EX(v->hcr, ICH_HCR, En) ? hppv(g, cpu, &lr, &vlpi) : -1;
    return n != -1 && lr_grp1(lr) == grp1 ? lr_vintid(lr) : INTID_SPURIOUS;
}

/* A HW = 1 LR was deactivated: so is its physical INTID, as by ICC_DIR_EL1 of the
 * physical interface. A pINTID that is not active is left alone (docs/impdef.md). */
static void deactivate_physical(struct gic *g, unsigned cpu, uint64_t lr)
{
    uint32_t p = (uint32_t)FIELD_EX(lr, ICH_LR, pINTID);
    struct gic_irq *irq = p >= 16 && p < 1020 ? gic_irq_lookup(g, (int)cpu, p) : NULL;
    if (!irq) {
        gic_guest_error(g, "ich.hw_pintid_invalid", "CPU %u: HW LR for vINTID %u has pINTID "
                        "%u, which is not a PPI or an implemented SPI", cpu,
                        (unsigned)lr_vintid(lr), (unsigned)p);
        return;
    }
    if (!irq->active) {
        gic_guest_error(g, "ich.hw_pintid_inactive", "CPU %u: vINTID %u deactivated, its "
                        "pINTID %u is not active", cpu, (unsigned)lr_vintid(lr), (unsigned)p);
        return;
    }
    gic_deactivate(g, irq);
    cpuif_update(g, cpu);
}

static void count_eoi(struct gic *g, unsigned cpu, uint32_t intid)
{
    struct vcpuif *v = vc(g, cpu);
    unsigned k = (unsigned)FIELD_EX(v->hcr, ICH_HCR, EOIcount);
    v->hcr = (uint32_t)FIELD_DP(v->hcr, ICH_HCR, EOIcount, (k + 1) & 31); /* wraps */
    GIC_TRACE(g, .kind = GIC_TRACE_VDEACTIVATE, .cpu = (int32_t)cpu, .intid = intid,
              .lr = NO_LR);
}

/* Deactivation of vINTID intid: the lowest active LR that holds it; none: EOIcount.
 * from_grp (0/1, or -1 for ICV_DIR) must match the LR's group. */
static void deactivate(struct gic *g, unsigned cpu, uint32_t intid, int from_grp)
{
    struct vcpuif *v = vc(g, cpu);
    if (intid >= INTID_LPI_BASE)
        return; /* no active state: nothing would be deactivated */
    for (unsigned n = 0; n < vcpuif_nr_lrs(g); n++) {
        uint64_t *lr = &v->lr[n];
        if (lr_vintid(*lr) != intid || !(lr_state(*lr) & LR_ACTIVE))
            continue;
        if (from_grp >= 0 && (int)lr_grp1(*lr) != from_grp) {
            gic_guest_error(g, "icv.eoi_group_mismatch", "CPU %u: ICV_EOIR%d_EL1 of vINTID "
                            "%u, a Group %d interrupt", cpu, from_grp, (unsigned)intid,
                            (int)lr_grp1(*lr));
            return;
        }
        *lr = FIELD_DP(*lr, ICH_LR, State, lr_state(*lr) & LR_PENDING);
        GIC_TRACE(g, .kind = GIC_TRACE_VDEACTIVATE, .cpu = (int32_t)cpu, .intid = intid,
                  .lr = n);
        if (FIELD_EX(*lr, ICH_LR, HW))
            deactivate_physical(g, cpu, *lr);
        return;
    }
    if (intid < 16 && g->vpes && g->gicr[cpu].v.resident != VPE_NONE)
        return; /* a directly injected vSGI: no active state, no EOIcount (G10) */
    count_eoi(g, cpu, intid);
}

/* Priority drop: clear the highest active priority, whatever its group. */
static bool drop_priority(struct gic *g, unsigned cpu, uint32_t intid)
{
    struct vcpuif *v = vc(g, cpu);
    for (unsigned r = 0; r < vcpuif_apr_regs(g); r++) {
        uint32_t all = v->apr[0][r] | v->apr[1][r], lowest = all & -all;
        if (!all)
            continue;
        v->apr[(v->apr[0][r] & lowest) ? 0 : 1][r] &= ~lowest;
        GIC_TRACE(g, .kind = GIC_TRACE_VPRIORITY_DROP, .cpu = (int32_t)cpu, .intid = intid,
                  .priority = (32 * r + (unsigned)__builtin_ctz(lowest))
                              << (8 - g->cfg.virt.preemption_bits));
        return true;
    }
    gic_guest_error(g, "icv.eoi_no_active", "CPU %u: ICV_EOIR of %u with no active priority",
                    cpu, (unsigned)intid);
    return false;
}

void vcpuif_eoi(struct gic *g, unsigned cpu, bool grp1, uint64_t val)
{
    struct vcpuif *v = vc(g, cpu);
    uint32_t intid = (uint32_t)val & INTID_MASK;
    if (intid >= 1020 && intid <= 1023)
        return; /* special INTIDs: ignored */
    if (drop_priority(g, cpu, intid) && !FIELD_EX(v->vmcr, ICH_VMCR, VEOIM))
        deactivate(g, cpu, intid, grp1);
    vcpuif_update(g, cpu);
}

void vcpuif_dir(struct gic *g, unsigned cpu, uint64_t val)
{
    struct vcpuif *v = vc(g, cpu);
    uint32_t intid = (uint32_t)val & INTID_MASK;
    if (intid >= 1020 && intid <= 1023)
        return;
    if (!FIELD_EX(v->vmcr, ICH_VMCR, VEOIM)) {
        gic_guest_error(g, "icv.dir_eoimode0", "CPU %u: ICV_DIR_EL1 of %u with VEOIM = 0",
                        cpu, (unsigned)intid);
        return;
    }
    deactivate(g, cpu, intid, -1);
    vcpuif_update(g, cpu);
}

void vcpuif_reset(struct gic *g, unsigned cpu)
{
    struct vcpuif *v = vc(g, cpu);
    memset(v, 0, sizeof(*v));
    v->el = 1;
    v->vmcr = (uint32_t)FIELD_DP(0, ICH_VMCR, VBPR0, vcpuif_min_vbpr0(g));
    v->vmcr = (uint32_t)FIELD_DP(v->vmcr, ICH_VMCR, VBPR1, vcpuif_min_vbpr0(g) + 1);
    v->vmcr = (uint32_t)FIELD_DP(v->vmcr, ICH_VMCR, VFIQEn, 1);
}

/* ---- observers ---- */

static const struct vcpuif *vobs(const gic_t *g, unsigned cpu)
{
    return g->vcpu && cpu < g->cfg.num_cpus ? &g->vcpu[cpu] : NULL;
}

bool gic_vcpu_signal_level(const gic_t *g, unsigned cpu, gic_vsignal_t sig)
{
    const struct vcpuif *v = vobs(g, cpu);
    return v && (sig == GIC_VSIG_VIRQ ? v->virq : v->vfiq);
}

bool gic_vcpu_maintenance_level(const gic_t *g, unsigned cpu)
{
    const struct vcpuif *v = vobs(g, cpu);
    return v && v->maint;
}

unsigned gic_vcpu_valid_lrs(const gic_t *g, unsigned cpu)
{
    const struct vcpuif *v = vobs(g, cpu);
    return v ? valid_lrs(g, v) : 0;
}

uint8_t gic_vcpu_running_priority(const gic_t *g, unsigned cpu)
{
    const struct vcpuif *v = vobs(g, cpu);
    return v ? vcpuif_running_prio(g, v) : 0xFF;
}

uint32_t gic_vcpu_misr(const gic_t *g, unsigned cpu)
{
    const struct vcpuif *v = vobs(g, cpu);
    return v ? vcpuif_misr(g, v) : 0;
}
