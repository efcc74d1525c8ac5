/* ICH_*_EL2 and ICC_SRE_EL2: the hypervisor's view of a PE's virtual interface. LR
 * contents the architecture calls UNPREDICTABLE are stored as written and reported by
 * rule (docs/impdef.md, "Virtual CPU interface"); the behaviour that follows is the
 * model's documented choice. */
#include "vcpuif.h"

#define ICC_SRE_EL2_VALUE 0xF /* SRE, DFB, DIB, Enable: system registers only (RAO/WI) */

/* Bits of ICH_HCR_EL2 the model implements (TSEI is RES0: no SEI support). */
#define HCR_WRITABLE                                                                    \
    (FIELD_MASK(ICH_HCR, En) | FIELD_MASK(ICH_HCR, UIE) | FIELD_MASK(ICH_HCR, LRENPIE) |  \
     FIELD_MASK(ICH_HCR, NPIE) | FIELD_MASK(ICH_HCR, VGrp0EIE) |                          \
     FIELD_MASK(ICH_HCR, VGrp0DIE) | FIELD_MASK(ICH_HCR, VGrp1EIE) |                      \
     FIELD_MASK(ICH_HCR, VGrp1DIE) | FIELD_MASK(ICH_HCR, TC) | FIELD_MASK(ICH_HCR, TALL0) | \
     FIELD_MASK(ICH_HCR, TALL1) | FIELD_MASK(ICH_HCR, TDIR) | FIELD_MASK(ICH_HCR, EOIcount))

static uint64_t vtr(const struct gic *g)
{
    const gic_virt_config_t *c = &g->cfg.virt;
    uint64_t v = FIELD_DP(0, ICH_VTR, ListRegs, c->list_registers - 1);
    v = FIELD_DP(v, ICH_VTR, TDS, 1); /* ICH_HCR_EL2.TDIR implemented */
    v = FIELD_DP(v, ICH_VTR, IDbits, g->cfg.id_bits > 16);
    v = FIELD_DP(v, ICH_VTR, PREbits, c->preemption_bits - 1);
    return FIELD_DP(v, ICH_VTR, PRIbits, c->priority_bits - 1);
}

/* The bits of an LR that exist: vINTID to the implemented ID bits, pINTID (with EOI at
 * bit 41 when HW = 0), Priority to the virtual priority bits, Group, HW, State. */
static uint64_t lr_mask(const struct gic *g)
{
    uint64_t id = g->cfg.id_bits > 16 ? 0xFFFFFFu : 0xFFFFu;
    return id | FIELD_MASK(ICH_LR, pINTID) |
           ((uint64_t)vcpuif_vpri_mask(g) << R_ICH_LR_Priority_SHIFT) |
           FIELD_MASK(ICH_LR, Group) | FIELD_MASK(ICH_LR, HW) | FIELD_MASK(ICH_LR, State);
}

/* Reports LR contents the architecture leaves UNPREDICTABLE. */
static void check_lr(struct gic *g, unsigned cpu, unsigned n, uint64_t lr)
{
    const struct vcpuif *v = &g->vcpu[cpu];
    uint32_t id = lr_vintid(lr), p = (uint32_t)FIELD_EX(lr, ICH_LR, pINTID);
    if (lr_state(lr) == LR_INVALID)
        return;
    if (id >= 1020 && id <= 1023)
        gic_guest_error(g, "ich.lr_vintid_special", "CPU %u: ICH_LR%u_EL2 holds special "
                        "vINTID %u", cpu, n, (unsigned)id);
    for (unsigned k = 0; k < vcpuif_nr_lrs(g); k++)
        if (k != n && lr_state(v->lr[k]) != LR_INVALID && lr_vintid(v->lr[k]) == id)
            gic_guest_error(g, "ich.lr_duplicate_vintid", "CPU %u: vINTID %u in ICH_LR%u_EL2 "
                            "and ICH_LR%u_EL2", cpu, (unsigned)id, k, n);
    if (!FIELD_EX(lr, ICH_LR, HW))
        return;
    if (p < 16)
        gic_guest_error(g, "ich.lr_hw_sgi", "CPU %u: ICH_LR%u_EL2 has HW = 1 with SGI pINTID "
                        "%u", cpu, n, (unsigned)p);
    else if (p >= 1020)
        gic_guest_error(g, "ich.lr_hw_pintid", "CPU %u: ICH_LR%u_EL2 has HW = 1 with pINTID "
                        "%u (not a PPI or SPI)", cpu, n, (unsigned)p);
    if (id >= INTID_LPI_BASE)
        gic_guest_error(g, "ich.lr_hw_lpi", "CPU %u: ICH_LR%u_EL2 has HW = 1 for LPI vINTID "
                        "%u (no active state to deactivate)", cpu, n, (unsigned)id);
}

static uint32_t *ich_apr(struct gic *g, unsigned cpu, gic_sysreg_t reg)
{
    bool grp1 = reg >= ICH_AP1R0_EL2;
    unsigned n = (unsigned)(reg - (grp1 ? ICH_AP1R0_EL2 : ICH_AP0R0_EL2));
    if (n >= vcpuif_apr_regs(g)) {
        gic_guest_error(g, "ich.apr_unimplemented", "CPU %u: %s not implemented", cpu,
                        gic_sysreg_name(reg));
        return NULL;
    }
    return &g->vcpu[cpu].apr[grp1][n];
}

static uint64_t *ich_lr(struct gic *g, unsigned cpu, gic_sysreg_t reg)
{
    unsigned n = (unsigned)(reg - ICH_LR0_EL2);
    if (n >= vcpuif_nr_lrs(g)) {
        gic_guest_error(g, "ich.lr_unimplemented", "CPU %u: %s not implemented (%u LRs)", cpu,
                        gic_sysreg_name(reg), vcpuif_nr_lrs(g));
        return NULL;
    }
    return &g->vcpu[cpu].lr[n];
}

uint64_t ich_reg_read(struct gic *g, unsigned cpu, gic_sysreg_t reg)
{
    struct vcpuif *v = &g->vcpu[cpu];
    if (reg >= ICH_LR0_EL2) {
        uint64_t *lr = ich_lr(g, cpu, reg);
        return lr ? *lr : 0;
    }
    if (reg >= ICH_AP0R0_EL2) {
        uint32_t *p = ich_apr(g, cpu, reg);
        return p ? *p : 0;
    }
    switch (reg) {
    case ICC_SRE_EL2: return ICC_SRE_EL2_VALUE;
    case ICH_HCR_EL2: return v->hcr;
    case ICH_VTR_EL2: return vtr(g);
    case ICH_VMCR_EL2: return v->vmcr;
    case ICH_MISR_EL2: return vcpuif_misr(g, v);
    case ICH_EISR_EL2: return vcpuif_eisr(g, v);
    default: return vcpuif_elrsr(g, v);
    }
}

static void write_lr(struct gic *g, unsigned cpu, gic_sysreg_t reg, uint64_t val)
{
    uint64_t *lr = ich_lr(g, cpu, reg);
    if (!lr)
        return;
    unsigned n = (unsigned)(reg - ICH_LR0_EL2);
    val &= lr_mask(g);
    check_lr(g, cpu, n, val);
    *lr = val;
    if (lr_state(val) & LR_PENDING)
        vcpuif_lr_written(g, cpu, n);
}

/* VFIQEn is RES1 (AArch64 only), VAckCtl RES0; BPRs below the minimum read as it. */
static uint32_t vmcr_value(const struct gic *g, uint64_t val)
{
    uint32_t m = (uint32_t)(val & (FIELD_MASK(ICH_VMCR, VENG0) | FIELD_MASK(ICH_VMCR, VENG1) |
                                   FIELD_MASK(ICH_VMCR, VCBPR) | FIELD_MASK(ICH_VMCR, VEOIM)));
    m = (uint32_t)FIELD_DP(m, ICH_VMCR, VFIQEn, 1);
    m = (uint32_t)FIELD_DP(m, ICH_VMCR, VPMR, FIELD_EX(val, ICH_VMCR, VPMR) & vcpuif_vpri_mask(g));
    m = vcpuif_vmcr_bpr(g, m, false, FIELD_EX(val, ICH_VMCR, VBPR0));
    return vcpuif_vmcr_bpr(g, m, true, FIELD_EX(val, ICH_VMCR, VBPR1));
}

void ich_reg_write(struct gic *g, unsigned cpu, gic_sysreg_t reg, uint64_t val)
{
    struct vcpuif *v = &g->vcpu[cpu];
    if (!vcpuif_reg_writable(reg)) {
        gic_guest_error(g, "ich.read_only", "CPU %u: write of %s", cpu, gic_sysreg_name(reg));
        return;
    }
    if (reg >= ICH_LR0_EL2) {
        write_lr(g, cpu, reg, val);
    } else if (reg >= ICH_AP0R0_EL2) {
        uint32_t *p = ich_apr(g, cpu, reg);
        if (p)
            *p = (uint32_t)val;
    } else if (reg == ICH_HCR_EL2) {
        v->hcr = (uint32_t)(val & HCR_WRITABLE);
    } else if (reg == ICH_VMCR_EL2) {
        v->vmcr = vmcr_value(g, val);
    } else {
        return; /* ICC_SRE_EL2: RAO/WI */
    }
    vcpuif_update(g, cpu);
}
