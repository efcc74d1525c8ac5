/* Redistributor frames: RD_base (control, identification, power, the LPI tables and
 * DirectLPI) and SGI_base (the SGI/PPI registers, handled in irqregs.c). The LPIs
 * themselves (pending set, property cache, pending table) live in lpi.c. */
#include "gic_internal.h"

FIELD(GICR_TYPER, PLPIS, 0, 1)
FIELD(GICR_TYPER, VLPIS, 1, 1)
FIELD(GICR_TYPER, Dirty, 2, 1)
FIELD(GICR_TYPER, RVPEID, 7, 1)
FIELD(GICR_TYPER, DirectLPI, 3, 1)
FIELD(GICR_TYPER, Last, 4, 1)
FIELD(GICR_TYPER, Processor_Number, 8, 16)
FIELD(GICR_TYPER, VSGI, 26, 1)
FIELD(GICR_TYPER, Affinity, 32, 32)

FIELD(GICR_CTLR, EnableLPIs, 0, 1)
FIELD(GICR_CTLR, CES, 1, 1)
FIELD(GICR_PENDBASER, PTZ, 62, 1)
#define PROPBASER_RW_MASK 0x0700FFFFFFFFFF9FULL /* OuterCache, PA, Sh, InnerCache, IDbits */
#define PENDBASER_RW_MASK 0x0700FFFFFFFF0F80ULL /* OuterCache, PA, Sh, InnerCache */

FIELD(GICR_WAKER, ProcessorSleep, 1, 1)
FIELD(GICR_WAKER, ChildrenAsleep, 2, 1)

static uint64_t read_typer(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    struct gicr *r = blk;
    (void)idx, (void)a;
    uint64_t v = FIELD_DP(0, GICR_TYPER, PLPIS, g->cfg.lpis);
    v = FIELD_DP(v, GICR_TYPER, DirectLPI, g->cfg.direct_lpi);
    v = FIELD_DP(v, GICR_TYPER, VLPIS, g->cfg.virt.gicv4);
    v = FIELD_DP(v, GICR_TYPER, Dirty, g->cfg.virt.gicv4);
    v = FIELD_DP(v, GICR_TYPER, RVPEID, g->cfg.virt.gicv4);
    v = FIELD_DP(v, GICR_TYPER, VSGI, g->cfg.virt.gicv4); /* GICR_VSGIR/VSGIPENDR */
    v = FIELD_DP(v, GICR_TYPER, Last, r->cpu == g->cfg.num_cpus - 1);
    v = FIELD_DP(v, GICR_TYPER, Processor_Number, r->cpu);
    return FIELD_DP(v, GICR_TYPER, Affinity, gic_cpu_affinity(r->cpu));
}

/* WAKER: ChildrenAsleep follows ProcessorSleep at once (the power handshake takes no
 * time in this model). With two security states it is Secure-only. */
static uint64_t read_waker(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    struct gicr *r = blk;
    (void)idx;
    if (!gic_ds(g) && !a.secure)
        return 0;
    uint64_t v = FIELD_DP(0, GICR_WAKER, ProcessorSleep, r->processor_sleep);
    return FIELD_DP(v, GICR_WAKER, ChildrenAsleep, r->processor_sleep);
}

static void write_waker(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a)
{
    struct gicr *r = blk;
    (void)idx;
    if (!gic_ds(g) && !a.secure)
        return;
    bool sleep = FIELD_EX(v, GICR_WAKER, ProcessorSleep);
    if (sleep == r->processor_sleep)
        return;
    r->processor_sleep = sleep;
    gic_irq_reroute_1ofn(g);
    cpuif_update(g, r->cpu);
}

static uint64_t read_nsacr(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    (void)idx;
    return gic_ds(g) || !a.secure ? 0 : ((struct gicr *)blk)->nsacr;
}

static void write_nsacr(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a)
{
    (void)idx;
    if (!gic_ds(g) && a.secure)
        ((struct gicr *)blk)->nsacr = (uint32_t)v;
}

/* ---- LPI registers: control, tables, DirectLPI ---- */

static uint64_t gicr_read_ctlr(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    (void)g, (void)idx, (void)a;
    struct gicr *r = blk;
    uint64_t v = FIELD_DP(0, GICR_CTLR, EnableLPIs, r->lpi.enable_lpis);
    return FIELD_DP(v, GICR_CTLR, CES, 1); /* EnableLPIs can be cleared */
}

static void gicr_write_ctlr(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a)
{
    (void)idx, (void)a;
    struct gicr *r = blk;
    bool enable = FIELD_EX(v, GICR_CTLR, EnableLPIs) && g->cfg.lpis;
    if (enable == r->lpi.enable_lpis)
        return;
    r->lpi.enable_lpis = enable;
    if (enable)
        checker_lpis_enabled(g, r->cpu); /* the tables it is about to use */
    gicr_lpi_enable_changed(g, r->cpu);
}

static bool lpi_tables_writable(struct gic *g, struct gicr *r, const char *reg)
{
    if (!r->lpi.enable_lpis)
        return true;
    gic_guest_error(g, "lpi.baser_while_enabled",
                    "GICR%u: %s written with EnableLPIs = 1 (ignored)", r->cpu, reg);
    return false;
}

static uint64_t gicr_read_propbaser(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    (void)g, (void)idx, (void)a;
    return ((struct gicr *)blk)->lpi.propbaser;
}

static void gicr_write_propbaser(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a)
{
    (void)idx, (void)a;
    struct gicr *r = blk;
    if (lpi_tables_writable(g, r, "GICR_PROPBASER"))
        r->lpi.propbaser = v & PROPBASER_RW_MASK;
}

static uint64_t gicr_read_pendbaser(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    (void)g, (void)idx, (void)a;
    return ((struct gicr *)blk)->lpi.pendbaser;
}

static void gicr_write_pendbaser(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a)
{
    (void)idx, (void)a;
    struct gicr *r = blk;
    if (!lpi_tables_writable(g, r, "GICR_PENDBASER"))
        return;
    r->lpi.pendbaser = v & PENDBASER_RW_MASK;
    r->lpi.ptz = FIELD_EX(v, GICR_PENDBASER, PTZ);
}

/* The DirectLPI registers exist when GICR_TYPER.DirectLPI = 1; otherwise RAZ/WI. */
static bool direct_lpi(struct gic *g, struct gicr *r, const char *reg)
{
    if (g->cfg.direct_lpi)
        return true;
    gic_guest_error(g, "lpi.no_direct_lpi", "GICR%u: %s written but DirectLPI = 0", r->cpu,
                    reg);
    return false;
}

static void gicr_write_setlpir(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a)
{
    (void)idx, (void)a;
    struct gicr *r = blk;
    if (direct_lpi(g, r, "GICR_SETLPIR"))
        gicr_lpi_set_pending(g, r->cpu, (uint32_t)v);
}

static void gicr_write_clrlpir(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a)
{
    (void)idx, (void)a;
    struct gicr *r = blk;
    if (direct_lpi(g, r, "GICR_CLRLPIR"))
        gicr_lpi_clear_pending(g, r->cpu, (uint32_t)v);
}

/* GICv4.1 (docs/impdef.md G11): INVLPIR/INVALLR with V = 1 name a vPE (vPEID [47:32])
 * and invalidate its vLPI configuration (one vINTID, or all), whatever DirectLPI; with
 * V = 0 they are the physical DirectLPI registers. Without GICv4.1 V and vPEID are
 * RES0. */
FIELD(GICR_INVLPIR, INTID, 0, 32)
FIELD(GICR_INVLPIR, vPEID, 32, 16)
FIELD(GICR_INVLPIR, V, 63, 1)

static bool virtual_inv(struct gic *g, struct gicr *r, uint64_t v, bool all)
{
    if (!g->cfg.virt.gicv4 || !FIELD_EX(v, GICR_INVLPIR, V))
        return false;
    uint32_t vpeid = (uint32_t)FIELD_EX(v, GICR_INVLPIR, vPEID);
    if (!gicr_vlpi_inv_direct(g, vpeid, all, (uint32_t)FIELD_EX(v, GICR_INVLPIR, INTID)))
        gic_guest_error(g, "gicv4.inv_unmapped", "GICR%u: %s with V = 1 names vPE %u, which "
                        "is not mapped (ignored)", r->cpu, all ? "GICR_INVALLR" : "GICR_INVLPIR",
                        (unsigned)vpeid);
    return true;
}

static void gicr_write_invlpir(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a)
{
    (void)idx, (void)a;
    struct gicr *r = blk;
    if (!virtual_inv(g, r, v, false) && direct_lpi(g, r, "GICR_INVLPIR"))
        gicr_lpi_inv(g, r->cpu, (uint32_t)FIELD_EX(v, GICR_INVLPIR, INTID));
}

static void gicr_write_invallr(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a)
{
    (void)idx, (void)a;
    struct gicr *r = blk;
    if (!virtual_inv(g, r, v, true) && direct_lpi(g, r, "GICR_INVALLR"))
        gicr_lpi_inv_all(g, r->cpu);
}

/* Invalidations complete at once in this model, so Busy always reads 0. */
static uint64_t gicr_read_syncr(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    (void)g, (void)blk, (void)idx, (void)a;
    return 0;
}

static const struct gic_reg gicr_rd_regs[] = {
    {"GICR_CTLR", 0x0000, 1, 0, 4, SZ32, gicr_read_ctlr, gicr_write_ctlr},
    {"GICR_IIDR", 0x0004, 1, 0, 4, SZ32, regtab_read_iidr, NULL},
    {"GICR_TYPER", 0x0008, 1, 0, 8, SZ32 | SZ64, read_typer, NULL},
    {"GICR_STATUSR", 0x0010, 1, 0, 4, SZ32, regtab_read_zero, regtab_write_ignore},
    {"GICR_WAKER", 0x0014, 1, 0, 4, SZ32, read_waker, write_waker},
    {"GICR_SETLPIR", 0x0040, 1, 0, 8, SZ32 | SZ64, NULL, gicr_write_setlpir},
    {"GICR_CLRLPIR", 0x0048, 1, 0, 8, SZ32 | SZ64, NULL, gicr_write_clrlpir},
    {"GICR_PROPBASER", 0x0070, 1, 0, 8, SZ32 | SZ64, gicr_read_propbaser, gicr_write_propbaser},
    {"GICR_PENDBASER", 0x0078, 1, 0, 8, SZ32 | SZ64, gicr_read_pendbaser, gicr_write_pendbaser},
    {"GICR_INVLPIR", 0x00A0, 1, 0, 8, SZ32 | SZ64, NULL, gicr_write_invlpir},
    {"GICR_INVALLR", 0x00B0, 1, 0, 8, SZ32 | SZ64, NULL, gicr_write_invallr},
    {"GICR_SYNCR", 0x00C0, 1, 0, 4, SZ32, gicr_read_syncr, NULL},
    {"GICR_PIDR2", 0xFFE8, 1, 0, 4, SZ32, regtab_read_pidr2, NULL},
};

const struct gic_regset gicr_rd_regset = {"GICR RD_base", gicr_rd_regs,
                                          sizeof(gicr_rd_regs) / sizeof(gicr_rd_regs[0])};

#define BIT0(name, off, rd, wr) {name, off, 1, 0, 4, SZ32, rd, wr}
static const struct gic_reg gicr_sgi_regs[] = {
    BIT0("GICR_IGROUPR0", 0x0080, irqregs_read_igroupr, irqregs_write_igroupr),
    BIT0("GICR_ISENABLER0", 0x0100, irqregs_read_enabler, irqregs_write_isenabler),
    BIT0("GICR_ICENABLER0", 0x0180, irqregs_read_enabler, irqregs_write_icenabler),
    BIT0("GICR_ISPENDR0", 0x0200, irqregs_read_pendr, irqregs_write_ispendr),
    BIT0("GICR_ICPENDR0", 0x0280, irqregs_read_pendr, irqregs_write_icpendr),
    BIT0("GICR_ISACTIVER0", 0x0300, irqregs_read_activer, irqregs_write_isactiver),
    BIT0("GICR_ICACTIVER0", 0x0380, irqregs_read_activer, irqregs_write_icactiver),
    {"GICR_IPRIORITYR", 0x0400, 32, 0, 1, SZ8 | SZ32, irqregs_read_ipriorityr,
     irqregs_write_ipriorityr},
    {"GICR_ICFGR", 0x0C00, 2, 0, 4, SZ32, irqregs_read_icfgr, irqregs_write_icfgr},
    BIT0("GICR_IGRPMODR0", 0x0D00, irqregs_read_igrpmodr, irqregs_write_igrpmodr),
    BIT0("GICR_NSACR", 0x0E00, read_nsacr, write_nsacr),
};

const struct gic_regset gicr_sgi_regset = {"GICR SGI_base", gicr_sgi_regs,
                                           sizeof(gicr_sgi_regs) / sizeof(gicr_sgi_regs[0])};

void gicr_reset(struct gic *g, struct gicr *r)
{
    r->bank = (struct irq_bank){r->sgi_ppi, 0, 32};
    r->processor_sleep = true;
    r->nsacr = 0;
    for (unsigned i = 0; i < 32; i++) {
        r->sgi_ppi[i] = (struct gic_irq){.intid = i, .target = (int16_t)r->cpu};
        r->sgi_ppi[i].edge = i < 16; /* SGIs are edge-triggered; PPIs reset level */
        r->sgi_ppi[i].grp = (uint8_t)gic_irq_group(g, false, false);
    }
}
