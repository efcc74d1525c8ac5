/* System register accesses: names, and which interface an access reaches. ICC_* go to
 * the physical interface (cpuif_regs.c) unless the PE is at Non-secure EL1 with
 * HCR_EL2.IMO/FMO routing them to the virtual one; ICV_* always reach the virtual
 * interface (vcpuif_regs.c); ICH_* and ICC_SRE_EL2 are EL2's (ich_regs.c). Without
 * virtualization the ICV/ICH registers do not exist: guest errors, as the UNDEFINED
 * instructions would be. */
#include <string.h>

#include "cpuif.h"
#include "vcpuif.h"

static const char *const names[GIC_NUM_SYSREGS] = {
#define ICC_NAME(id, acc) "ICC_" #id "_EL1",
    GIC_SYSREGS(ICC_NAME)
#undef ICC_NAME
#define ICV_NAME(id, acc) "ICV_" #id "_EL1",
    GIC_VSYSREGS(ICV_NAME)
#undef ICV_NAME
    "ICC_SRE_EL2",
#define ICH_NAME(id, acc) "ICH_" #id "_EL2",
    GIC_HSYSREGS(ICH_NAME)
#undef ICH_NAME
};

enum { R = 1, W = 2, RW = 3 };
static const unsigned char access[GIC_NUM_SYSREGS] = {
#define ACC(id, acc) acc,
    GIC_SYSREGS(ACC) GIC_VSYSREGS(ACC) RW, GIC_HSYSREGS(ACC)
#undef ACC
};

const char *gic_sysreg_name(gic_sysreg_t reg)
{
    return (unsigned)reg < GIC_NUM_SYSREGS ? names[reg] : NULL;
}

int gic_sysreg_lookup(const char *name)
{
    for (int r = 0; r < GIC_NUM_SYSREGS; r++)
        if (strcmp(names[r], name) == 0)
            return r;
    return -1;
}

bool vcpuif_reg_readable(gic_sysreg_t reg)
{
    return access[reg] & R;
}

bool vcpuif_reg_writable(gic_sysreg_t reg)
{
    return access[reg] & W;
}

/* The virtual register an EL1 ICC_* access reaches: Group 0 registers with FMO,
 * Group 1 ones with IMO, the common ones (CTLR, DIR, PMR, RPR) with either. SRE and
 * the SGI registers are not virtualized (docs/impdef.md). */
enum route_by { NOT_VIRTUAL, BY_FMO, BY_IMO, BY_EITHER };
static const struct {
    gic_sysreg_t icv;
    enum route_by by;
} virtual_of[GIC_NUM_ICC_SYSREGS] = {
#define V(id, by) [ICC_##id##_EL1] = {ICV_##id##_EL1, by}
    V(IAR0, BY_FMO), V(EOIR0, BY_FMO), V(HPPIR0, BY_FMO), V(BPR0, BY_FMO),
    V(IGRPEN0, BY_FMO), V(AP0R0, BY_FMO), V(AP0R1, BY_FMO), V(AP0R2, BY_FMO),
    V(AP0R3, BY_FMO), V(IAR1, BY_IMO), V(EOIR1, BY_IMO), V(HPPIR1, BY_IMO),
    V(BPR1, BY_IMO), V(IGRPEN1, BY_IMO), V(AP1R0, BY_IMO), V(AP1R1, BY_IMO),
    V(AP1R2, BY_IMO), V(AP1R3, BY_IMO), V(CTLR, BY_EITHER), V(DIR, BY_EITHER),
    V(PMR, BY_EITHER), V(RPR, BY_EITHER),
#undef V
};

static gic_sysreg_t route(const struct gic *g, unsigned cpu, gic_sysreg_t reg)
{
    if (!g->vcpu || reg >= GIC_NUM_ICC_SYSREGS)
        return reg;
    const struct vcpuif *v = &g->vcpu[cpu];
    if (v->el != 1 || (!gic_ds(g) && g->cpu[cpu].secure))
        return reg; /* EL2, or Secure EL1 (no Secure EL2 is modelled) */
    switch (virtual_of[reg].by) {
    case BY_FMO: return v->fmo ? virtual_of[reg].icv : reg;
    case BY_IMO: return v->imo ? virtual_of[reg].icv : reg;
    case BY_EITHER: return v->imo || v->fmo ? virtual_of[reg].icv : reg;
    default: return reg;
    }
}

/* ICV/ICH registers exist only with an EL2. */
static bool exists(struct gic *g, unsigned cpu, gic_sysreg_t reg, bool write)
{
    if (reg < GIC_NUM_ICC_SYSREGS || g->vcpu)
        return true;
    gic_guest_error(g, "ich.no_el2", "CPU %u: %s of %s without virtualization (UNDEFINED)",
                    cpu, write ? "write" : "read", names[reg]);
    return false;
}

/* Called by gic_sysreg_read/write (cpuif_regs.c) when the GIC has virtualization or
 * the register is not an ICC_*_EL1 one: the physical interface's own path stays as
 * short as it was. cpu and reg are checked. */
gic_status_t sysreg_read_routed(gic_t *g, unsigned cpu, gic_sysreg_t reg, uint64_t *val)
{
    *val = 0;
    if (!exists(g, cpu, reg, false))
        return GIC_OK;
    reg = route(g, cpu, reg);
    if (reg < GIC_NUM_ICC_SYSREGS) {
        *val = icc_read(g, cpu, reg);
    } else {
        g->access_ps = timing_ich_access(&g->tm);
        *val = gic_sysreg_is_icv(reg) ? vcpuif_reg_read(g, cpu, reg) : ich_reg_read(g, cpu, reg);
    }
    GIC_TRACE(g, .kind = GIC_TRACE_SYSREG_READ, .cpu = (int32_t)cpu, .reg = reg, .value = *val);
    return GIC_OK;
}

gic_status_t sysreg_write_routed(gic_t *g, unsigned cpu, gic_sysreg_t reg, uint64_t val)
{
    if (!exists(g, cpu, reg, true))
        return GIC_OK;
    reg = route(g, cpu, reg);
    GIC_TRACE(g, .kind = GIC_TRACE_SYSREG_WRITE, .cpu = (int32_t)cpu, .reg = reg, .value = val);
    if (reg < GIC_NUM_ICC_SYSREGS) {
        icc_write(g, cpu, reg, val);
        return GIC_OK;
    }
    g->access_ps = timing_ich_access(&g->tm);
    if (gic_sysreg_is_icv(reg))
        vcpuif_reg_write(g, cpu, reg, val);
    else
        ich_reg_write(g, cpu, reg, val);
    return GIC_OK;
}

gic_status_t gic_cpu_set_el(gic_t *g, unsigned cpu, unsigned el, bool imo, bool fmo)
{
    if (cpu >= g->cfg.num_cpus || !g->vcpu || el < 1 || el > 2)
        return GIC_ERR_ARG;
    struct vcpuif *v = &g->vcpu[cpu];
    v->el = el;
    v->imo = imo;
    v->fmo = fmo;
    return GIC_OK;
}
