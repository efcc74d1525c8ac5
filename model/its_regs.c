/* ITS registers: the control frame (ITS_base) and the translation frame
 * (ITS_base + 64 KiB). */
#include <string.h>

#include "gic_internal.h"
#include "its.h"

FIELD(GITS_CTLR, Enabled, 0, 1)
FIELD(GITS_CTLR, ITS_Number, 4, 4)
FIELD(GITS_CTLR, Quiescent, 31, 1)

FIELD(GITS_TYPER, Physical, 0, 1)
FIELD(GITS_TYPER, Virtual, 1, 1)
FIELD(GITS_TYPER, ITT_entry_size, 4, 4)
FIELD(GITS_TYPER, ID_bits, 8, 5)
FIELD(GITS_TYPER, Devbits, 13, 5)
FIELD(GITS_TYPER, SEIS, 18, 1)
FIELD(GITS_TYPER, PTA, 19, 1)
FIELD(GITS_TYPER, CIDbits, 32, 4)
FIELD(GITS_TYPER, CIL, 36, 1)
FIELD(GITS_TYPER, VMOVP, 37, 1)
FIELD(GITS_TYPER, VSGI, 39, 1)
FIELD(GITS_TYPER, VMAPP, 40, 1)

FIELD(GITS_CBASER, Size, 0, 8)
FIELD(GITS_CWRITER, Retry, 0, 1)
FIELD(GITS_CWRITER, Offset, 5, 15)
FIELD(GITS_CREADR, Stalled, 0, 1)

FIELD(GITS_BASER, Page_Size, 8, 2)
FIELD(GITS_BASER, Entry_Size, 48, 5)
FIELD(GITS_BASER, Type, 56, 3)

/* Valid, InnerCache, OuterCache, PA[51:12], Shareability, Size */
#define CBASER_RW_MASK 0xB8EFFFFFFFFFFCFFULL
/* Valid, Indirect, InnerCache, OuterCache, PA, Shareability, Page_Size, Size */
#define BASER_RW_MASK 0xF8E0FFFFFFFFFFFFULL
#define GITS_TRANSLATER_OFFSET 0x40

enum { BASER_TYPE_NONE = 0, BASER_TYPE_DEVICES = 1, BASER_TYPE_VPES = 2,
       BASER_TYPE_COLLECTIONS = 4 };

static struct its *its_of(void *blk)
{
    return blk;
}

static uint64_t read_ctlr(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    (void)idx, (void)a;
    struct its *its = its_of(blk);
    uint64_t v = FIELD_DP(0, GITS_CTLR, Enabled, its->enabled);
    if (g->cfg.virt.gicv4) /* the ITS's bit in VMOVP's ITSList */
        v = FIELD_DP(v, GITS_CTLR, ITS_Number, its->idx);
    return FIELD_DP(v, GITS_CTLR, Quiescent, its_quiescent(its));
}

static void write_ctlr(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a)
{
    (void)idx, (void)a;
    struct its *its = its_of(blk);
    bool was = its->enabled;
    its->enabled = FIELD_EX(v, GITS_CTLR, Enabled);
    if (its->enabled && !was)
        checker_its_enabled(g, its->idx);
    if (its->enabled)
        its_kick(g, its);
}

static uint64_t read_typer(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    (void)idx, (void)a;
    const gic_its_config_t *c = &its_of(blk)->cfg;
    uint64_t v = FIELD_DP(0, GITS_TYPER, Physical, 1);
    v = FIELD_DP(v, GITS_TYPER, ITT_entry_size, its_ite_bytes(its_of(blk)) - 1);
    if (g->cfg.virt.gicv4) { /* GICv4.1; SVPET = 0 (vPE tables not shared) */
        v = FIELD_DP(v, GITS_TYPER, Virtual, 1);
        v = FIELD_DP(v, GITS_TYPER, VMOVP, !g->cfg.virt.vmovp_list);
        v = FIELD_DP(v, GITS_TYPER, VSGI, 1);
        v = FIELD_DP(v, GITS_TYPER, VMAPP, 1);
    }
    v = FIELD_DP(v, GITS_TYPER, ID_bits, c->event_bits - 1);
    v = FIELD_DP(v, GITS_TYPER, Devbits, c->device_bits - 1);
    v = FIELD_DP(v, GITS_TYPER, SEIS, c->seis);
    v = FIELD_DP(v, GITS_TYPER, PTA, c->pta);
    if (c->collection_bits) {
        v = FIELD_DP(v, GITS_TYPER, CIL, 1);
        v = FIELD_DP(v, GITS_TYPER, CIDbits, c->collection_bits - 1);
    }
    return v;
}

/* Tables and the command queue may change only while the ITS is disabled and
 * quiescent; other writes are UNPREDICTABLE and ignored here (docs/impdef.md). */
static bool config_writable(struct gic *g, struct its *its, const char *reg)
{
    if (!its->enabled && its_quiescent(its))
        return true;
    gic_guest_error(g, "its.baser_while_enabled", "ITS%u: %s written while enabled (ignored)",
                    its->idx, reg);
    return false;
}

static uint64_t read_cbaser(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    (void)g, (void)idx, (void)a;
    return its_of(blk)->cbaser;
}

static void write_cbaser(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a)
{
    (void)idx, (void)a;
    struct its *its = its_of(blk);
    if (!config_writable(g, its, "GITS_CBASER"))
        return;
    its->cbaser = v & CBASER_RW_MASK;
    its->creadr = 0; /* writing CBASER resets CREADR */
    its->stalled = false;
}

static uint64_t read_cwriter(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    (void)g, (void)idx, (void)a;
    return its_of(blk)->cwriter;
}

static void write_cwriter(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a)
{
    (void)idx, (void)a;
    struct its *its = its_of(blk);
    uint64_t off = FIELD_EX(v, GITS_CWRITER, Offset) << 5;
    if (off >= its_queue_bytes(its)) {
        gic_guest_error(g, "its.cwriter_beyond_queue",
                        "ITS%u: GITS_CWRITER 0x%llx beyond the %llu-byte queue (ignored)",
                        its->idx, (unsigned long long)off,
                        (unsigned long long)its_queue_bytes(its));
        return;
    }
    its->cwriter = off;
    uint32_t depth = gic_its_queue_depth(g, its->idx);
    if (g->tm.on && depth > its->stats.command_queue_max)
        its->stats.command_queue_max = depth;
    if (FIELD_EX(v, GITS_CWRITER, Retry) && its->stalled)
        its->stalled = false;
    its_kick(g, its);
}

static uint64_t read_creadr(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    (void)g, (void)idx, (void)a;
    struct its *its = its_of(blk);
    return its->creadr | FIELD_DP(0, GITS_CREADR, Stalled, its->stalled);
}

/* BASER2 is the vPE table with GICv4.1 (g may be NULL: without it). */
static uint64_t baser_fixed(const struct gic *g, unsigned n)
{
    bool v4 = g && g->cfg.virt.gicv4;
    uint64_t type = n == ITS_BASER_DEVICES       ? BASER_TYPE_DEVICES
                    : n == ITS_BASER_COLLECTIONS ? BASER_TYPE_COLLECTIONS
                    : n == ITS_BASER_VPES && v4  ? BASER_TYPE_VPES
                                                 : BASER_TYPE_NONE;
    if (type == BASER_TYPE_NONE)
        return 0;
    uint64_t v = FIELD_DP(0, GITS_BASER, Type, type);
    return FIELD_DP(v, GITS_BASER, Entry_Size,
                    (type == BASER_TYPE_VPES ? ITS_VPE_ENTRY_BYTES : ITS_ENTRY_BYTES) - 1);
}

static uint64_t read_baser(struct gic *g, void *blk, unsigned n, gic_attrs_t a)
{
    (void)g, (void)a;
    return its_of(blk)->baser[n];
}

static void write_baser(struct gic *g, void *blk, unsigned n, uint64_t v, gic_attrs_t a)
{
    (void)a;
    struct its *its = its_of(blk);
    if (!baser_fixed(g, n) || !config_writable(g, its, "GITS_BASER"))
        return; /* BASER2 (without GICv4.1) ..7 are not implemented: RAZ/WI */
    v &= BASER_RW_MASK;
    if (FIELD_EX(v, GITS_BASER, Page_Size) == 3) /* reserved: treated as 64 KiB */
        v = FIELD_DP(v, GITS_BASER, Page_Size, 2);
    if (!its_baser_aligned(v))
        gic_guest_error(g, "its.baser_misaligned", "ITS%u: GITS_BASER%u address not aligned to "
                        "its page size (low bits ignored)", its->idx, n);
    its->baser[n] = v | baser_fixed(g, n);
    /* A new table: nothing cached from the old one may be used. */
    its_cache_flush(n == ITS_BASER_DEVICES ? &its->dev_cache
                    : n == ITS_BASER_VPES  ? &its->vpe_cache
                                           : &its->coll_cache);
    if (n == ITS_BASER_DEVICES)
        its_cache_flush(&its->ev_cache);
}

static const struct gic_reg its_ctrl_regs[] = {
    {"GITS_CTLR", 0x0000, 1, 0, 4, SZ32, read_ctlr, write_ctlr},
    {"GITS_IIDR", 0x0004, 1, 0, 4, SZ32, regtab_read_iidr, NULL},
    {"GITS_TYPER", 0x0008, 1, 0, 8, SZ32 | SZ64, read_typer, NULL},
    {"GITS_CBASER", 0x0080, 1, 0, 8, SZ32 | SZ64, read_cbaser, write_cbaser},
    {"GITS_CWRITER", 0x0088, 1, 0, 8, SZ32 | SZ64, read_cwriter, write_cwriter},
    {"GITS_CREADR", 0x0090, 1, 0, 8, SZ32 | SZ64, read_creadr, NULL},
    {"GITS_BASER", 0x0100, ITS_NUM_BASER, 0, 8, SZ32 | SZ64, read_baser, write_baser},
    {"GITS_PIDR2", 0xFFE8, 1, 0, 4, SZ32, regtab_read_pidr2, NULL},
};

const struct gic_regset its_ctrl_regset = {"GITS", its_ctrl_regs,
                                           sizeof(its_ctrl_regs) / sizeof(its_ctrl_regs[0])};

/* GITS_TRANSLATER: the EventID is the data (16 or 32 bits), the DeviceID comes from
 * the bus attributes of the write. */
static void write_translater(struct gic *g, void *blk, unsigned idx, uint64_t v,
                             gic_attrs_t a)
{
    (void)idx;
    its_msi(g, its_of(blk), a.device_id, (uint32_t)v);
}

static const struct gic_reg its_trans_regs[] = {
    {"GITS_TRANSLATER", GITS_TRANSLATER_OFFSET, 1, 0, 4, SZ16 | SZ32, NULL, write_translater},
};

const struct gic_regset its_trans_regset = {
    "GITS translation frame", its_trans_regs, sizeof(its_trans_regs) / sizeof(its_trans_regs[0])};

/* GICv4.1 GITS_SGIR (ITS_base + 0x20020): vPEID [47:32], vINTID [3:0]; 64-bit writes,
 * as Linux makes them. */
static void write_sgir(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a)
{
    (void)idx, (void)a;
    its_sgir(g, its_of(blk), (uint32_t)(v >> 32 & 0xFFFF), (uint32_t)(v & 0xF));
}

static const struct gic_reg its_sgi_regs[] = {
    {"GITS_SGIR", 0x0020, 1, 0, 8, SZ64, NULL, write_sgir},
};

const struct gic_regset its_sgi_regset = {
    "GITS vSGI frame", its_sgi_regs, sizeof(its_sgi_regs) / sizeof(its_sgi_regs[0])};

bool its_init(struct gic *g, struct its *its, unsigned idx)
{
    memset(its, 0, sizeof(*its));
    its->gic = g;
    its->idx = idx;
    its->cfg = g->cfg.its[idx];
    return its_timing_init(g, its) &&
           its_cache_init(&its->dev_cache, its->cfg.device_cache_entries) &&
           its_cache_init(&its->ev_cache, its->cfg.event_cache_entries) &&
           its_cache_init(&its->coll_cache, its->cfg.collection_cache_entries) &&
           its_cache_init(&its->vpe_cache, g->cfg.virt.gicv4 ? its->cfg.vpe_cache_entries : 0);
}

void its_free(struct its *its)
{
    its_cache_free(&its->dev_cache);
    its_cache_free(&its->ev_cache);
    its_cache_free(&its->coll_cache);
    its_cache_free(&its->vpe_cache);
    its_timing_free(its);
}

void its_reset(struct gic *g, struct its *its)
{
    its_timing_reset(g, its);
    its->enabled = its->stalled = its->process_scheduled = its->vmovp_wait = false;
    its->cbaser = its->cwriter = its->creadr = 0;
    for (unsigned n = 0; n < ITS_NUM_BASER; n++) /* Page_Size resets to 64 KiB */
        its->baser[n] = baser_fixed(g, n) ? FIELD_DP(baser_fixed(g, n), GITS_BASER, Page_Size, 2) : 0;
    its_cache_flush(&its->dev_cache);
    its_cache_flush(&its->ev_cache);
    its_cache_flush(&its->coll_cache);
    its_cache_flush(&its->vpe_cache);
    its->vpe_cache.hits = its->vpe_cache.misses = 0;
    memset(&its->stats, 0, sizeof(its->stats));
    memset(its->err_count, 0, sizeof(its->err_count));
}
