/* Distributor (GICD_*): global control, identification, SPI routing and messages.
 * The per-INTID registers are in irqregs.c. Affinity routing is always on (ARE is
 * RAO/WI): legacy operation is not implemented (docs/impdef.md). */
#include "gic_internal.h"

FIELD(GICD_CTLR, EnableGrp0, 0, 1)
FIELD(GICD_CTLR, EnableGrp1, 1, 1)   /* DS = 1; Secure view: EnableGrp1NS */
FIELD(GICD_CTLR, EnableGrp1S, 2, 1)  /* Secure view */
FIELD(GICD_CTLR, EnableGrp1A, 1, 1)  /* Non-secure view, alias of EnableGrp1NS */
FIELD(GICD_CTLR, ARE, 4, 1)          /* DS = 1: ARE; Secure: ARE_S; Non-secure: ARE_NS */
FIELD(GICD_CTLR, ARE_NS, 5, 1)       /* Secure view */
FIELD(GICD_CTLR, DS, 6, 1)

FIELD(GICD_TYPER, ITLinesNumber, 0, 5)
FIELD(GICD_TYPER, CPUNumber, 5, 3)
FIELD(GICD_TYPER, SecurityExtn, 10, 1)
FIELD(GICD_TYPER, MBIS, 16, 1)
FIELD(GICD_TYPER, LPIS, 17, 1)
FIELD(GICD_TYPER, IDbits, 19, 5)

FIELD(GICD_IROUTER, Aff0_2, 0, 24)
FIELD(GICD_IROUTER, IRM, 31, 1)
FIELD(GICD_IROUTER, Aff3, 32, 8)

#define SETSPI_INTID_MASK 0x1FFFu
#define GICD_SETSPI_FIRST 0x0040u /* SETSPI_NSR .. CLRSPI_SR */
#define GICD_SETSPI_END 0x0060u

static uint64_t read_ctlr(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    struct gicd *d = blk;
    (void)g, (void)idx;
    uint64_t v = FIELD_DP(0, GICD_CTLR, ARE, 1);
    if (d->ds) {
        v = FIELD_DP(v, GICD_CTLR, EnableGrp0, d->enable_grp0);
        v = FIELD_DP(v, GICD_CTLR, EnableGrp1, d->enable_grp1ns);
        return FIELD_DP(v, GICD_CTLR, DS, 1);
    }
    if (!a.secure)
        return FIELD_DP(v, GICD_CTLR, EnableGrp1A, d->enable_grp1ns);
    v = FIELD_DP(v, GICD_CTLR, EnableGrp0, d->enable_grp0);
    v = FIELD_DP(v, GICD_CTLR, EnableGrp1, d->enable_grp1ns);
    v = FIELD_DP(v, GICD_CTLR, EnableGrp1S, d->enable_grp1s);
    return FIELD_DP(v, GICD_CTLR, ARE_NS, 1);
}

static void write_ctlr(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a)
{
    struct gicd *d = blk;
    (void)idx;
    if (d->ds) {
        d->enable_grp0 = FIELD_EX(v, GICD_CTLR, EnableGrp0);
        d->enable_grp1ns = FIELD_EX(v, GICD_CTLR, EnableGrp1);
    } else if (!a.secure) {
        d->enable_grp1ns = FIELD_EX(v, GICD_CTLR, EnableGrp1A);
    } else {
        d->enable_grp0 = FIELD_EX(v, GICD_CTLR, EnableGrp0);
        d->enable_grp1ns = FIELD_EX(v, GICD_CTLR, EnableGrp1);
        d->enable_grp1s = FIELD_EX(v, GICD_CTLR, EnableGrp1S);
        if (FIELD_EX(v, GICD_CTLR, DS)) { /* one-way until reset */
            d->ds = true;
            gic_irq_regroup_all(g);
        }
    }
    gic_irq_reroute_1ofn(g);
    for (unsigned c = 0; c < g->cfg.num_cpus; c++)
        cpuif_update(g, c);
}

static uint64_t read_typer(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    (void)blk, (void)idx, (void)a;
    const gic_config_t *c = &g->cfg;
    unsigned lines = c->num_spis == 988 ? 31 : c->num_spis / 32;
    uint64_t v = FIELD_DP(0, GICD_TYPER, ITLinesNumber, lines);
    v = FIELD_DP(v, GICD_TYPER, CPUNumber, (c->num_cpus > 8 ? 8 : c->num_cpus) - 1);
    v = FIELD_DP(v, GICD_TYPER, SecurityExtn, !gic_ds(g));
    v = FIELD_DP(v, GICD_TYPER, MBIS, c->mbis);
    v = FIELD_DP(v, GICD_TYPER, LPIS, c->lpis);
    return FIELD_DP(v, GICD_TYPER, IDbits, c->id_bits - 1);
}

/* GICD_NSACR NS_access values a Non-secure SETSPI_NSR / CLRSPI_NSR needs for a Secure
 * SPI: 0b01 permits setting the pending state, 0b10 adds clearing it. */
#define NSACR_SET_PENDING 1u
#define NSACR_CLEAR_PENDING 2u

/* Is a SETSPI/CLRSPI write with attributes a allowed to change irq? A Secure access
 * (or any access with one security state) may set or clear any valid SPI; a
 * Non-secure one reaches Non-secure Group 1 SPIs, and Secure SPIs as far as
 * GICD_NSACR permits. */
static bool spi_message_permitted(const struct gic *g, const struct gic_irq *irq,
                                  gic_attrs_t a, bool set)
{
    if (gic_ds(g) || a.secure || irq->grp == GRP_G1NS)
        return true;
    unsigned ns_access = gic_ns_access(g->gicd.nsacr, irq->intid);
    return ns_access >= (set ? NSACR_SET_PENDING : NSACR_CLEAR_PENDING);
}

/* SETSPI_NSR/CLRSPI_NSR (sr = false) and the Secure-only SETSPI_SR/CLRSPI_SR. */
static void spi_message(struct gic *g, uint64_t v, gic_attrs_t a, bool set, bool sr)
{
    uint32_t intid = (uint32_t)v & SETSPI_INTID_MASK;
    if (sr && !gic_ds(g) && !a.secure)
        return; /* the _SR registers are RAZ/WI to Non-secure accesses */
    if (intid < 32 || intid - 32 >= g->cfg.num_spis) {
        gic_guest_error(g, "gicd.setspi_intid", "%s of INTID %u, not an implemented SPI",
                        set ? "SETSPI" : "CLRSPI", (unsigned)intid);
        return;
    }
    struct gic_irq *irq = &g->gicd.spi[intid - 32];
    if (spi_message_permitted(g, irq, a, set))
        gic_irq_spi_message(g, irq, set);
}

static void write_setspi_nsr(struct gic *g, void *b, unsigned i, uint64_t v, gic_attrs_t a)
{
    (void)b, (void)i;
    spi_message(g, v, a, true, false);
}

static void write_clrspi_nsr(struct gic *g, void *b, unsigned i, uint64_t v, gic_attrs_t a)
{
    (void)b, (void)i;
    spi_message(g, v, a, false, false);
}

static void write_setspi_sr(struct gic *g, void *b, unsigned i, uint64_t v, gic_attrs_t a)
{
    (void)b, (void)i;
    spi_message(g, v, a, true, true);
}

static void write_clrspi_sr(struct gic *g, void *b, unsigned i, uint64_t v, gic_attrs_t a)
{
    (void)b, (void)i;
    spi_message(g, v, a, false, true);
}

/* IROUTER<n>, n = 32..1019: idx 0 is INTID 32. */
static uint64_t read_irouter(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    struct gicd *d = blk;
    if (idx >= g->cfg.num_spis || !irqregs_visible(g, &d->spi[idx], a))
        return 0;
    return d->irouter[idx];
}

static int route_target(struct gic *g, uint64_t irouter)
{
    uint32_t aff = (uint32_t)FIELD_EX(irouter, GICD_IROUTER, Aff0_2) |
                   (uint32_t)FIELD_EX(irouter, GICD_IROUTER, Aff3) << 24;
    return gic_cpu_by_affinity(g, aff);
}

static void write_irouter(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a)
{
    struct gicd *d = blk;
    if (idx >= g->cfg.num_spis || !irqregs_visible(g, &d->spi[idx], a))
        return;
    v &= FIELD_MASK(GICD_IROUTER, Aff0_2) | FIELD_MASK(GICD_IROUTER, IRM) |
         FIELD_MASK(GICD_IROUTER, Aff3);
    d->irouter[idx] = v;
    struct gic_irq *irq = &d->spi[idx];
    irq->one_of_n = FIELD_EX(v, GICD_IROUTER, IRM);
    irq->target = (int16_t)(irq->one_of_n ? NO_CPU : route_target(g, v));
    if (!irq->one_of_n && irq->target == NO_CPU)
        gic_guest_error(g, "gicd.irouter_no_pe", "GICD_IROUTER%u names no implemented PE",
                        idx + 32);
    gic_irq_update(g, irq);
}

static uint64_t read_nsacr(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    return gic_ds(g) || !a.secure ? 0 : ((struct gicd *)blk)->nsacr[idx];
}

static void write_nsacr(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a)
{
    if (!gic_ds(g) && a.secure && idx >= 2)
        ((struct gicd *)blk)->nsacr[idx] = (uint32_t)v;
}

#define BITS(name, off, rd, wr) {name, off, 32, 0, 4, SZ32, rd, wr}
/* GICD_TYPER2: with GICv4.1, VIL = 1 and VID = vPEID bits - 1. */
static uint64_t read_typer2(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    (void)blk, (void)idx, (void)a;
    return g->cfg.virt.gicv4 ? 1u << 7 | (g->cfg.virt.vpeid_bits - 1) : 0;
}

static const struct gic_reg gicd_regs[] = {
    {"GICD_CTLR", 0x0000, 1, 0, 4, SZ32, read_ctlr, write_ctlr},
    {"GICD_TYPER", 0x0004, 1, 0, 4, SZ32, read_typer, NULL},
    {"GICD_IIDR", 0x0008, 1, 0, 4, SZ32, regtab_read_iidr, NULL},
    {"GICD_TYPER2", 0x000C, 1, 0, 4, SZ32, read_typer2, NULL},
    {"GICD_STATUSR", 0x0010, 1, 0, 4, SZ32, regtab_read_zero, regtab_write_ignore},
    {"GICD_SETSPI_NSR", 0x0040, 1, 0, 4, SZ16 | SZ32, NULL, write_setspi_nsr},
    {"GICD_CLRSPI_NSR", 0x0048, 1, 0, 4, SZ16 | SZ32, NULL, write_clrspi_nsr},
    {"GICD_SETSPI_SR", 0x0050, 1, 0, 4, SZ16 | SZ32, NULL, write_setspi_sr},
    {"GICD_CLRSPI_SR", 0x0058, 1, 0, 4, SZ16 | SZ32, NULL, write_clrspi_sr},
    BITS("GICD_IGROUPR", 0x0080, irqregs_read_igroupr, irqregs_write_igroupr),
    BITS("GICD_ISENABLER", 0x0100, irqregs_read_enabler, irqregs_write_isenabler),
    BITS("GICD_ICENABLER", 0x0180, irqregs_read_enabler, irqregs_write_icenabler),
    BITS("GICD_ISPENDR", 0x0200, irqregs_read_pendr, irqregs_write_ispendr),
    BITS("GICD_ICPENDR", 0x0280, irqregs_read_pendr, irqregs_write_icpendr),
    BITS("GICD_ISACTIVER", 0x0300, irqregs_read_activer, irqregs_write_isactiver),
    BITS("GICD_ICACTIVER", 0x0380, irqregs_read_activer, irqregs_write_icactiver),
    {"GICD_IPRIORITYR", 0x0400, 1020, 0, 1, SZ8 | SZ32, irqregs_read_ipriorityr,
     irqregs_write_ipriorityr},
    {"GICD_ICFGR", 0x0C00, 64, 0, 4, SZ32, irqregs_read_icfgr, irqregs_write_icfgr},
    BITS("GICD_IGRPMODR", 0x0D00, irqregs_read_igrpmodr, irqregs_write_igrpmodr),
    {"GICD_NSACR", 0x0E00, 64, 0, 4, SZ32, read_nsacr, write_nsacr},
    {"GICD_IROUTER", 0x6100, 988, 32, 8, SZ32 | SZ64, read_irouter, write_irouter},
    {"GICD_PIDR2", 0xFFE8, 1, 0, 4, SZ32, regtab_read_pidr2, NULL},
};

const struct gic_regset gicd_regset = {"GICD", gicd_regs,
                                       sizeof(gicd_regs) / sizeof(gicd_regs[0])};

/* With GICD_TYPER.MBIS = 0 the SETSPI/CLRSPI registers are reserved. */
bool gicd_offset_reserved(const struct gic *g, uint32_t off)
{
    return !g->cfg.mbis && off >= GICD_SETSPI_FIRST && off < GICD_SETSPI_END;
}

void gicd_reset(struct gic *g)
{
    struct gicd *d = &g->gicd;
    d->enable_grp0 = d->enable_grp1ns = d->enable_grp1s = false;
    d->ds = !g->cfg.two_security_states;
    d->next_1ofn = 0;
    d->bank = (struct irq_bank){d->spi, 32, g->cfg.num_spis};
    for (unsigned i = 0; i < 64; i++)
        d->nsacr[i] = 0;
    for (unsigned i = 0; i < g->cfg.num_spis; i++) {
        d->spi[i] = (struct gic_irq){.intid = 32 + i, .target = 0};
        d->spi[i].grp = (uint8_t)gic_irq_group(g, false, false);
        d->irouter[i] = 0;
    }
}
