/* ICC_* system registers: one table of handlers indexed by gic_sysreg_t. Accesses the
 * register does not allow (a read of ICC_EOIR1_EL1) are UNDEFINED on hardware; here
 * they read as zero / are ignored and count as guest errors. */
#include <string.h>

#include "cpuif.h"

FIELD(ICC_CTLR, CBPR, 0, 1)
FIELD(ICC_CTLR, EOImode, 1, 1)
FIELD(ICC_CTLR, PRIbits, 8, 3)
FIELD(ICC_CTLR, IDbits, 11, 3)

#define ICC_SRE_VALUE 0x7 /* SRE, DFB, DIB: system registers only (RAO/WI) */

typedef uint64_t (*icc_read_fn)(struct gic *g, unsigned cpu, unsigned n);
typedef void (*icc_write_fn)(struct gic *g, unsigned cpu, unsigned n, uint64_t v);

static bool ns_view(const struct gic *g, const struct cpuif *c)
{
    return !gic_ds(g) && !c->secure;
}

/* With two security states Group 0 is Secure: a Non-secure read of ICC_IAR0_EL1 or
 * ICC_HPPIR0_EL1 sees no Secure interrupt and returns 1023 (docs/impdef.md D14). */
static uint64_t rd_iar0(struct gic *g, unsigned cpu, unsigned n)
{
    (void)n;
    if (ns_view(g, &g->cpu[cpu]))
        return INTID_SPURIOUS;
    return cpuif_acknowledge(g, cpu, GRP_G0);
}

static uint64_t rd_iar1(struct gic *g, unsigned cpu, unsigned n)
{
    (void)n;
    return cpuif_acknowledge(g, cpu, cpuif_own_grp1(g, &g->cpu[cpu]));
}

static uint64_t rd_hppir0(struct gic *g, unsigned cpu, unsigned n)
{
    (void)n;
    if (ns_view(g, &g->cpu[cpu]))
        return INTID_SPURIOUS;
    return cpuif_hppir(g, cpu, GRP_G0);
}

static uint64_t rd_hppir1(struct gic *g, unsigned cpu, unsigned n)
{
    (void)n;
    return cpuif_hppir(g, cpu, cpuif_own_grp1(g, &g->cpu[cpu]));
}

static void wr_eoir(struct gic *g, unsigned cpu, unsigned n, uint64_t v)
{
    (void)n;
    cpuif_eoi(g, cpu, v);
}

static void wr_dir(struct gic *g, unsigned cpu, unsigned n, uint64_t v)
{
    (void)n;
    cpuif_dir(g, cpu, v);
}

/* Non-secure view of priority with two security states: value << 1 when the
 * register holds a Non-secure priority (bit 7 set), else 0. */
static uint64_t ns_prio(uint8_t p)
{
    return p & 0x80 ? (uint8_t)(p << 1) : 0;
}

/* The Idle priority 0xFF is not a priority value to shift: it reads 0xFF in the
 * Non-secure view too (docs/impdef.md D24). */
static uint64_t rd_rpr(struct gic *g, unsigned cpu, unsigned n)
{
    (void)n;
    struct cpuif *c = &g->cpu[cpu];
    uint8_t p = cpuif_rpr(g, c);
    return ns_view(g, c) && p != 0xFF ? ns_prio(p) : p;
}

static uint64_t rd_pmr(struct gic *g, unsigned cpu, unsigned n)
{
    (void)n;
    struct cpuif *c = &g->cpu[cpu];
    return ns_view(g, c) ? ns_prio(c->pmr) : c->pmr;
}

static void wr_pmr(struct gic *g, unsigned cpu, unsigned n, uint64_t v)
{
    (void)n;
    struct cpuif *c = &g->cpu[cpu];
    if (ns_view(g, c)) {
        if (!(c->pmr & 0x80))
            return; /* a Secure mask stays */
        v = (v & 0xFF) >> 1 | 0x80;
    }
    c->pmr = (uint8_t)v & g->pri_mask;
    cpuif_update(g, cpu);
}

static unsigned min_bpr0(const struct gic *g)
{
    return 7 - g->preempt_bits;
}

static uint64_t rd_bpr0(struct gic *g, unsigned cpu, unsigned n)
{
    (void)n;
    return g->cpu[cpu].bpr0;
}

static void wr_bpr0(struct gic *g, unsigned cpu, unsigned n, uint64_t v)
{
    (void)n;
    unsigned b = (unsigned)(v & 7);
    g->cpu[cpu].bpr0 = (uint8_t)(b < min_bpr0(g) ? min_bpr0(g) : b);
    cpuif_update(g, cpu);
}

/* With CBPR = 1, BPR1 reads as BPR0 + 1 (saturated) and ignores writes. */
static uint64_t rd_bpr1(struct gic *g, unsigned cpu, unsigned n)
{
    (void)n;
    struct cpuif *c = &g->cpu[cpu];
    int b = cpuif_bank(g, c);
    if (c->cbpr[b])
        return c->bpr0 < 7 ? c->bpr0 + 1u : 7u;
    return c->bpr1[b];
}

static void wr_bpr1(struct gic *g, unsigned cpu, unsigned n, uint64_t v)
{
    (void)n;
    struct cpuif *c = &g->cpu[cpu];
    int b = cpuif_bank(g, c);
    unsigned val = (unsigned)(v & 7);
    if (c->cbpr[b])
        return;
    c->bpr1[b] = (uint8_t)(val < min_bpr0(g) + 1 ? min_bpr0(g) + 1 : val);
    cpuif_update(g, cpu);
}

static uint64_t rd_ctlr(struct gic *g, unsigned cpu, unsigned n)
{
    (void)n;
    struct cpuif *c = &g->cpu[cpu];
    int b = cpuif_bank(g, c);
    uint64_t v = FIELD_DP(0, ICC_CTLR, CBPR, c->cbpr[b]);
    v = FIELD_DP(v, ICC_CTLR, EOImode, c->eoimode[b]);
    v = FIELD_DP(v, ICC_CTLR, PRIbits, g->cfg.pri_bits - 1);
    return FIELD_DP(v, ICC_CTLR, IDbits, g->cfg.id_bits > 16);
}

/* With two security states CBPR is read-only at EL1: it aliases ICC_CTLR_EL3.CBPR_EL1S
 * or CBPR_EL1NS, and EL3 is not modelled, so it keeps its reset value 0. */
static void wr_ctlr(struct gic *g, unsigned cpu, unsigned n, uint64_t v)
{
    (void)n;
    struct cpuif *c = &g->cpu[cpu];
    int b = cpuif_bank(g, c);
    if (gic_ds(g))
        c->cbpr[b] = FIELD_EX(v, ICC_CTLR, CBPR);
    c->eoimode[b] = FIELD_EX(v, ICC_CTLR, EOImode);
    cpuif_update(g, cpu);
}

static uint64_t rd_igrpen0(struct gic *g, unsigned cpu, unsigned n)
{
    (void)n;
    return g->cpu[cpu].igrpen0;
}

static void wr_igrpen0(struct gic *g, unsigned cpu, unsigned n, uint64_t v)
{
    (void)n;
    g->cpu[cpu].igrpen0 = v & 1;
    gic_irq_reroute_1ofn(g);
    cpuif_update(g, cpu);
}

static uint64_t rd_igrpen1(struct gic *g, unsigned cpu, unsigned n)
{
    (void)n;
    struct cpuif *c = &g->cpu[cpu];
    return c->igrpen1[cpuif_bank(g, c)];
}

static void wr_igrpen1(struct gic *g, unsigned cpu, unsigned n, uint64_t v)
{
    (void)n;
    struct cpuif *c = &g->cpu[cpu];
    c->igrpen1[cpuif_bank(g, c)] = v & 1;
    gic_irq_reroute_1ofn(g);
    cpuif_update(g, cpu);
}

static uint64_t rd_sre(struct gic *g, unsigned cpu, unsigned n)
{
    (void)g, (void)cpu, (void)n;
    return ICC_SRE_VALUE;
}

static void wr_sre(struct gic *g, unsigned cpu, unsigned n, uint64_t v)
{
    (void)g, (void)cpu, (void)n, (void)v;
}

/* Active-priority registers: AP0R<n> is Group 0; AP1R<n> is the Group 1 of the PE's
 * security state. Registers beyond the implemented preemption levels are RAZ/WI. */
static uint32_t *apr(struct gic *g, unsigned cpu, bool grp1, unsigned n)
{
    struct cpuif *c = &g->cpu[cpu];
    if (n >= cpuif_apr_regs(g)) {
        gic_guest_error(g, "icc.apr_unimplemented", "CPU %u: ICC_AP%uR%u_EL1 not implemented",
                        cpu, grp1, n);
        return NULL;
    }
    return &c->apr[grp1 ? cpuif_own_grp1(g, c) : GRP_G0][n];
}

static uint64_t rd_ap0r(struct gic *g, unsigned cpu, unsigned n)
{
    uint32_t *p = apr(g, cpu, false, n);
    return p ? *p : 0;
}

static uint64_t rd_ap1r(struct gic *g, unsigned cpu, unsigned n)
{
    uint32_t *p = apr(g, cpu, true, n);
    return p ? *p : 0;
}

static void wr_ap0r(struct gic *g, unsigned cpu, unsigned n, uint64_t v)
{
    if (apr(g, cpu, false, n))
        cpuif_write_apr(g, cpu, GRP_G0, n, (uint32_t)v);
}

static void wr_ap1r(struct gic *g, unsigned cpu, unsigned n, uint64_t v)
{
    if (apr(g, cpu, true, n))
        cpuif_write_apr(g, cpu, cpuif_own_grp1(g, &g->cpu[cpu]), n, (uint32_t)v);
}

static void wr_sgi0r(struct gic *g, unsigned cpu, unsigned n, uint64_t v)
{
    (void)n;
    cpuif_generate_sgi(g, cpu, v, GRP_G0);
}

static void wr_sgi1r(struct gic *g, unsigned cpu, unsigned n, uint64_t v)
{
    (void)n;
    cpuif_generate_sgi(g, cpu, v, cpuif_own_grp1(g, &g->cpu[cpu]));
}

/* ASGI1R generates Group 1 of the other security state; with one state it has none. */
static void wr_asgi1r(struct gic *g, unsigned cpu, unsigned n, uint64_t v)
{
    (void)n;
    if (gic_ds(g)) {
        gic_guest_error(g, "icc.asgi1r_single_state",
                        "CPU %u: ICC_ASGI1R_EL1 with one security state", cpu);
        return;
    }
    bool secure = g->cpu[cpu].secure;
    cpuif_generate_sgi(g, cpu, v, secure ? GRP_G1NS : GRP_G1S);
}

static const struct {
    const char *name;
    icc_read_fn read;
    icc_write_fn write;
    unsigned n; /* index of an AP register */
} icc_regs[GIC_NUM_ICC_SYSREGS] = {
    [ICC_IAR0_EL1] = {"ICC_IAR0_EL1", rd_iar0, NULL, 0},
    [ICC_IAR1_EL1] = {"ICC_IAR1_EL1", rd_iar1, NULL, 0},
    [ICC_EOIR0_EL1] = {"ICC_EOIR0_EL1", NULL, wr_eoir, 0},
    [ICC_EOIR1_EL1] = {"ICC_EOIR1_EL1", NULL, wr_eoir, 0},
    [ICC_DIR_EL1] = {"ICC_DIR_EL1", NULL, wr_dir, 0},
    [ICC_HPPIR0_EL1] = {"ICC_HPPIR0_EL1", rd_hppir0, NULL, 0},
    [ICC_HPPIR1_EL1] = {"ICC_HPPIR1_EL1", rd_hppir1, NULL, 0},
    [ICC_RPR_EL1] = {"ICC_RPR_EL1", rd_rpr, NULL, 0},
    [ICC_PMR_EL1] = {"ICC_PMR_EL1", rd_pmr, wr_pmr, 0},
    [ICC_BPR0_EL1] = {"ICC_BPR0_EL1", rd_bpr0, wr_bpr0, 0},
    [ICC_BPR1_EL1] = {"ICC_BPR1_EL1", rd_bpr1, wr_bpr1, 0},
    [ICC_CTLR_EL1] = {"ICC_CTLR_EL1", rd_ctlr, wr_ctlr, 0},
    [ICC_IGRPEN0_EL1] = {"ICC_IGRPEN0_EL1", rd_igrpen0, wr_igrpen0, 0},
    [ICC_IGRPEN1_EL1] = {"ICC_IGRPEN1_EL1", rd_igrpen1, wr_igrpen1, 0},
    [ICC_SRE_EL1] = {"ICC_SRE_EL1", rd_sre, wr_sre, 0},
    [ICC_AP0R0_EL1] = {"ICC_AP0R0_EL1", rd_ap0r, wr_ap0r, 0},
    [ICC_AP0R1_EL1] = {"ICC_AP0R1_EL1", rd_ap0r, wr_ap0r, 1},
    [ICC_AP0R2_EL1] = {"ICC_AP0R2_EL1", rd_ap0r, wr_ap0r, 2},
    [ICC_AP0R3_EL1] = {"ICC_AP0R3_EL1", rd_ap0r, wr_ap0r, 3},
    [ICC_AP1R0_EL1] = {"ICC_AP1R0_EL1", rd_ap1r, wr_ap1r, 0},
    [ICC_AP1R1_EL1] = {"ICC_AP1R1_EL1", rd_ap1r, wr_ap1r, 1},
    [ICC_AP1R2_EL1] = {"ICC_AP1R2_EL1", rd_ap1r, wr_ap1r, 2},
    [ICC_AP1R3_EL1] = {"ICC_AP1R3_EL1", rd_ap1r, wr_ap1r, 3},
    [ICC_SGI0R_EL1] = {"ICC_SGI0R_EL1", NULL, wr_sgi0r, 0},
    [ICC_SGI1R_EL1] = {"ICC_SGI1R_EL1", NULL, wr_sgi1r, 0},
    [ICC_ASGI1R_EL1] = {"ICC_ASGI1R_EL1", NULL, wr_asgi1r, 0},
};

gic_status_t gic_sysreg_read(gic_t *g, unsigned cpu, gic_sysreg_t reg, uint64_t *val)
{
    if (cpu >= g->cfg.num_cpus || (unsigned)reg >= GIC_NUM_SYSREGS)
        return GIC_ERR_ARG;
    if (g->vcpu || reg >= GIC_NUM_ICC_SYSREGS)
        return sysreg_read_routed(g, cpu, reg, val);
    *val = icc_read(g, cpu, reg);
    GIC_TRACE(g, .kind = GIC_TRACE_SYSREG_READ, .cpu = (int32_t)cpu, .reg = reg, .value = *val);
    return GIC_OK;
}

gic_status_t gic_sysreg_write(gic_t *g, unsigned cpu, gic_sysreg_t reg, uint64_t val)
{
    if (cpu >= g->cfg.num_cpus || (unsigned)reg >= GIC_NUM_SYSREGS)
        return GIC_ERR_ARG;
    if (g->vcpu || reg >= GIC_NUM_ICC_SYSREGS)
        return sysreg_write_routed(g, cpu, reg, val);
    GIC_TRACE(g, .kind = GIC_TRACE_SYSREG_WRITE, .cpu = (int32_t)cpu, .reg = reg, .value = val);
    icc_write(g, cpu, reg, val);
    return GIC_OK;
}

/* An access that reached the physical interface (sysreg.c routes and traces). */
uint64_t icc_read(struct gic *g, unsigned cpu, gic_sysreg_t reg)
{
    if (icc_regs[reg].read)
        return icc_regs[reg].read(g, cpu, icc_regs[reg].n);
    gic_guest_error(g, "icc.write_only", "CPU %u: read of %s", cpu, icc_regs[reg].name);
    return 0;
}

void icc_write(struct gic *g, unsigned cpu, gic_sysreg_t reg, uint64_t val)
{
    if (icc_regs[reg].write)
        icc_regs[reg].write(g, cpu, icc_regs[reg].n, val);
    else
        gic_guest_error(g, "icc.read_only", "CPU %u: write of %s", cpu, icc_regs[reg].name);
}

gic_status_t gic_cpu_set_secure(gic_t *g, unsigned cpu, bool secure)
{
    if (cpu >= g->cfg.num_cpus)
        return GIC_ERR_ARG;
    g->cpu[cpu].secure = secure;
    cpuif_update(g, cpu);
    return GIC_OK;
}

void cpuif_reset(struct gic *g, unsigned cpu)
{
    struct cpuif *c = &g->cpu[cpu];
    struct gic_heap ready[GIC_NUM_GRPS];
    memcpy(ready, c->ready, sizeof(ready));
    memset(c, 0, sizeof(*c));
    memcpy(c->ready, ready, sizeof(ready));
    c->bpr0 = (uint8_t)min_bpr0(g);
    c->bpr1[0] = c->bpr1[1] = (uint8_t)(min_bpr0(g) + 1);
}
