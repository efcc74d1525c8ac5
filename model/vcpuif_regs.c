/* ICV_*_EL1: the virtual interface as a guest at EL1 sees it. Most registers are views
 * of ICH_VMCR_EL2 and ICH_AP0R/AP1R<n>_EL2; ICH_HCR_EL2.TALL0/TALL1/TC/TDIR trap
 * accesses to EL2, which the model has no software for: a trapped access has no effect
 * and is reported (rule icv.trapped, docs/impdef.md). */
#include "vcpuif.h"

FIELD(ICV_CTLR, CBPR, 0, 1)
FIELD(ICV_CTLR, EOImode, 1, 1)
FIELD(ICV_CTLR, PRIbits, 8, 3)
FIELD(ICV_CTLR, IDbits, 11, 3)

enum vclass { V_G0, V_G1, V_COMMON, V_DIR };

static enum vclass class_of(gic_sysreg_t reg)
{
    switch (reg) {
    case ICV_IAR0_EL1: case ICV_EOIR0_EL1: case ICV_HPPIR0_EL1: case ICV_BPR0_EL1:
    case ICV_IGRPEN0_EL1: case ICV_AP0R0_EL1: case ICV_AP0R1_EL1: case ICV_AP0R2_EL1:
    case ICV_AP0R3_EL1:
        return V_G0;
    case ICV_CTLR_EL1: case ICV_PMR_EL1: case ICV_RPR_EL1:
        return V_COMMON;
    case ICV_DIR_EL1:
        return V_DIR;
    default:
        return V_G1;
    }
}

static bool trapped(struct gic *g, unsigned cpu, gic_sysreg_t reg)
{
    uint32_t h = g->vcpu[cpu].hcr;
    bool trap;
    switch (class_of(reg)) {
    case V_G0: trap = FIELD_EX(h, ICH_HCR, TALL0); break;
    case V_G1: trap = FIELD_EX(h, ICH_HCR, TALL1); break;
    case V_COMMON: trap = FIELD_EX(h, ICH_HCR, TC); break;
    default: trap = FIELD_EX(h, ICH_HCR, TC) || FIELD_EX(h, ICH_HCR, TDIR); break;
    }
    if (trap)
        gic_guest_error(g, "icv.trapped", "CPU %u: %s trapped to EL2 by ICH_HCR_EL2", cpu,
                        gic_sysreg_name(reg));
    return trap;
}

/* ICV_AP0R<n> / ICV_AP1R<n>: NULL (and a guest error) beyond the implemented ones. */
static uint32_t *apr(struct gic *g, unsigned cpu, gic_sysreg_t reg)
{
    bool grp1 = reg >= ICV_AP1R0_EL1;
    unsigned n = (unsigned)(reg - (grp1 ? ICV_AP1R0_EL1 : ICV_AP0R0_EL1));
    if (n >= vcpuif_apr_regs(g)) {
        gic_guest_error(g, "icv.apr_unimplemented", "CPU %u: %s not implemented", cpu,
                        gic_sysreg_name(reg));
        return NULL;
    }
    return &g->vcpu[cpu].apr[grp1][n];
}

static uint64_t vbpr1(const struct vcpuif *v)
{
    if (FIELD_EX(v->vmcr, ICH_VMCR, VCBPR)) {
        uint64_t b0 = FIELD_EX(v->vmcr, ICH_VMCR, VBPR0);
        return b0 < 7 ? b0 + 1 : 7;
    }
    return FIELD_EX(v->vmcr, ICH_VMCR, VBPR1);
}

static uint64_t ctlr(const struct gic *g, const struct vcpuif *v)
{
    uint64_t c = FIELD_DP(0, ICV_CTLR, CBPR, FIELD_EX(v->vmcr, ICH_VMCR, VCBPR));
    c = FIELD_DP(c, ICV_CTLR, EOImode, FIELD_EX(v->vmcr, ICH_VMCR, VEOIM));
    c = FIELD_DP(c, ICV_CTLR, PRIbits, g->cfg.virt.priority_bits - 1);
    return FIELD_DP(c, ICV_CTLR, IDbits, g->cfg.id_bits > 16);
}

uint64_t vcpuif_reg_read(struct gic *g, unsigned cpu, gic_sysreg_t reg)
{
    struct vcpuif *v = &g->vcpu[cpu];
    if (!vcpuif_reg_readable(reg)) {
        gic_guest_error(g, "icv.write_only", "CPU %u: read of %s", cpu, gic_sysreg_name(reg));
        return 0;
    }
    if (trapped(g, cpu, reg))
        return 0;
    uint32_t *p;
    switch (reg) {
    case ICV_IAR0_EL1: return vcpuif_acknowledge(g, cpu, false);
    case ICV_IAR1_EL1: return vcpuif_acknowledge(g, cpu, true);
    case ICV_HPPIR0_EL1: return vcpuif_hppir(g, cpu, false);
    case ICV_HPPIR1_EL1: return vcpuif_hppir(g, cpu, true);
    case ICV_RPR_EL1: return vcpuif_running_prio(g, v);
    case ICV_PMR_EL1: return FIELD_EX(v->vmcr, ICH_VMCR, VPMR);
    case ICV_BPR0_EL1: return FIELD_EX(v->vmcr, ICH_VMCR, VBPR0);
    case ICV_BPR1_EL1: return vbpr1(v);
    case ICV_CTLR_EL1: return ctlr(g, v);
    case ICV_IGRPEN0_EL1: return FIELD_EX(v->vmcr, ICH_VMCR, VENG0);
    case ICV_IGRPEN1_EL1: return FIELD_EX(v->vmcr, ICH_VMCR, VENG1);
    default: return (p = apr(g, cpu, reg)) ? *p : 0;
    }
}

/* ICV_BPR0/BPR1 and ICH_VMCR_EL2.VBPR0/VBPR1 below the minimum read as the minimum. */
uint32_t vcpuif_vmcr_bpr(const struct gic *g, uint32_t vmcr, bool grp1, uint64_t b)
{
    unsigned min = vcpuif_min_vbpr0(g) + grp1;
    b &= 7;
    if (b < min)
        b = min;
    return grp1 ? (uint32_t)FIELD_DP(vmcr, ICH_VMCR, VBPR1, b)
                : (uint32_t)FIELD_DP(vmcr, ICH_VMCR, VBPR0, b);
}

static void write_vmcr_view(struct gic *g, unsigned cpu, gic_sysreg_t reg, uint64_t val)
{
    struct vcpuif *v = &g->vcpu[cpu];
    switch (reg) {
    case ICV_PMR_EL1:
        v->vmcr = (uint32_t)FIELD_DP(v->vmcr, ICH_VMCR, VPMR, val & vcpuif_vpri_mask(g));
        break;
    case ICV_BPR0_EL1: v->vmcr = vcpuif_vmcr_bpr(g, v->vmcr, false, val); break;
    case ICV_BPR1_EL1:
        if (!FIELD_EX(v->vmcr, ICH_VMCR, VCBPR)) /* with VCBPR = 1 writes are ignored */
            v->vmcr = vcpuif_vmcr_bpr(g, v->vmcr, true, val);
        break;
    case ICV_CTLR_EL1:
        v->vmcr = (uint32_t)FIELD_DP(v->vmcr, ICH_VMCR, VCBPR, FIELD_EX(val, ICV_CTLR, CBPR));
        v->vmcr = (uint32_t)FIELD_DP(v->vmcr, ICH_VMCR, VEOIM, FIELD_EX(val, ICV_CTLR, EOImode));
        break;
    case ICV_IGRPEN0_EL1: v->vmcr = (uint32_t)FIELD_DP(v->vmcr, ICH_VMCR, VENG0, val & 1); break;
    case ICV_IGRPEN1_EL1: v->vmcr = (uint32_t)FIELD_DP(v->vmcr, ICH_VMCR, VENG1, val & 1); break;
    default: {
        uint32_t *p = apr(g, cpu, reg);
        if (p)
            *p = (uint32_t)val;
        break;
    }
    }
}

void vcpuif_reg_write(struct gic *g, unsigned cpu, gic_sysreg_t reg, uint64_t val)
{
    if (!vcpuif_reg_writable(reg)) {
        gic_guest_error(g, "icv.read_only", "CPU %u: write of %s", cpu, gic_sysreg_name(reg));
        return;
    }
    if (trapped(g, cpu, reg))
        return;
    switch (reg) {
    case ICV_EOIR0_EL1: vcpuif_eoi(g, cpu, false, val); return;
    case ICV_EOIR1_EL1: vcpuif_eoi(g, cpu, true, val); return;
    case ICV_DIR_EL1: vcpuif_dir(g, cpu, val); return;
    default:
        write_vmcr_view(g, cpu, reg, val);
        vcpuif_update(g, cpu);
        return;
    }
}
