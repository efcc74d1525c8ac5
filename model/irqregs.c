/* Per-INTID registers shared by GICD (SPIs) and the GICR SGI frame (SGIs, PPIs).
 *
 * Security (two states, DS = 0): IGROUPR and IGRPMODR are Secure-only (Non-secure
 * accesses RAZ/WI); in the other registers a Non-secure access sees only the bits of
 * Non-secure Group 1 interrupts, and IPRIORITYR gives it the Non-secure view of
 * priority (value >> 1 | 0x80 on write, << 1 on read). INTIDs the bank does not
 * implement are RAZ/WI. */
#include "gic_internal.h"

static struct gic_irq *bank_irq(void *blk, uint32_t intid)
{
    struct irq_bank *b = blk;
    return intid - b->first < b->count ? &b->irq[intid - b->first] : NULL;
}

bool irqregs_visible(const struct gic *g, const struct gic_irq *irq, gic_attrs_t a)
{
    return gic_ds(g) || a.secure || irq->grp == GRP_G1NS;
}

static bool secure_only(const struct gic *g, gic_attrs_t a)
{
    return gic_ds(g) || a.secure;
}

enum bitfield { F_GROUP, F_GRPMOD, F_ENABLE, F_PENDING, F_ACTIVE };

static bool get_bit(const struct gic_irq *irq, enum bitfield f)
{
    switch (f) {
    case F_GROUP: return irq->igroup;
    case F_GRPMOD: return irq->igrpmod;
    case F_ENABLE: return irq->enabled;
    case F_PENDING: return irq_pending(irq);
    case F_ACTIVE: return irq->active;
    }
    return false;
}

static void put_bit(struct gic *g, struct gic_irq *irq, enum bitfield f, bool v)
{
    switch (f) {
    case F_GROUP: irq->igroup = v; break;
    case F_GRPMOD: irq->igrpmod = v && !gic_ds(g); break;
    case F_ENABLE: irq->enabled = v; break;
    case F_PENDING:
        /* ICPENDR cannot clear the pending state a high level input holds. */
        gic_set_pending(g, irq, v);
        return;
    case F_ACTIVE:
        if (!v) {
            gic_deactivate(g, irq);
            return;
        }
        irq->active = true;
        break;
    }
    irq->grp = (uint8_t)gic_irq_group(g, irq->igroup, irq->igrpmod);
    gic_irq_update(g, irq);
}

static uint64_t read_bits(struct gic *g, void *blk, unsigned idx, gic_attrs_t a,
                          enum bitfield f)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < 32; i++) {
        struct gic_irq *irq = bank_irq(blk, 32 * idx + i);
        if (irq && irqregs_visible(g, irq, a) && get_bit(irq, f))
            v |= 1ULL << i;
    }
    return v;
}

/* mode: 1 = set the bits written as 1, 0 = clear them, 2 = assign every bit. */
static void write_bits(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a,
                       enum bitfield f, int mode)
{
    for (unsigned i = 0; i < 32; i++) {
        struct gic_irq *irq = bank_irq(blk, 32 * idx + i);
        bool bit = (v >> i) & 1;
        if (!irq || !irqregs_visible(g, irq, a))
            continue;
        if (mode == 2 && bit != get_bit(irq, f))
            put_bit(g, irq, f, bit);
        else if (mode != 2 && bit)
            put_bit(g, irq, f, mode == 1);
    }
}

uint64_t irqregs_read_igroupr(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    return secure_only(g, a) ? read_bits(g, blk, idx, a, F_GROUP) : 0;
}

void irqregs_write_igroupr(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a)
{
    if (secure_only(g, a))
        write_bits(g, blk, idx, v, a, F_GROUP, 2);
}

uint64_t irqregs_read_igrpmodr(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    return gic_ds(g) || !a.secure ? 0 : read_bits(g, blk, idx, a, F_GRPMOD);
}

void irqregs_write_igrpmodr(struct gic *g, void *blk, unsigned idx, uint64_t v,
                            gic_attrs_t a)
{
    if (!gic_ds(g) && a.secure)
        write_bits(g, blk, idx, v, a, F_GRPMOD, 2);
}

uint64_t irqregs_read_enabler(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    return read_bits(g, blk, idx, a, F_ENABLE);
}

void irqregs_write_isenabler(struct gic *g, void *blk, unsigned idx, uint64_t v,
                             gic_attrs_t a)
{
    write_bits(g, blk, idx, v, a, F_ENABLE, 1);
}

void irqregs_write_icenabler(struct gic *g, void *blk, unsigned idx, uint64_t v,
                             gic_attrs_t a)
{
    write_bits(g, blk, idx, v, a, F_ENABLE, 0);
}

uint64_t irqregs_read_pendr(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    return read_bits(g, blk, idx, a, F_PENDING);
}

void irqregs_write_ispendr(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a)
{
    write_bits(g, blk, idx, v, a, F_PENDING, 1);
}

void irqregs_write_icpendr(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a)
{
    write_bits(g, blk, idx, v, a, F_PENDING, 0);
}

uint64_t irqregs_read_activer(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    return read_bits(g, blk, idx, a, F_ACTIVE);
}

void irqregs_write_isactiver(struct gic *g, void *blk, unsigned idx, uint64_t v,
                             gic_attrs_t a)
{
    write_bits(g, blk, idx, v, a, F_ACTIVE, 1);
}

void irqregs_write_icactiver(struct gic *g, void *blk, unsigned idx, uint64_t v,
                             gic_attrs_t a)
{
    write_bits(g, blk, idx, v, a, F_ACTIVE, 0);
}

uint64_t irqregs_read_ipriorityr(struct gic *g, void *blk, unsigned intid, gic_attrs_t a)
{
    struct gic_irq *irq = bank_irq(blk, intid);
    if (!irq || !irqregs_visible(g, irq, a))
        return 0;
    if (!gic_ds(g) && !a.secure)
        return (uint8_t)(irq->priority << 1);
    return irq->priority;
}

void irqregs_write_ipriorityr(struct gic *g, void *blk, unsigned intid, uint64_t v,
                              gic_attrs_t a)
{
    struct gic_irq *irq = bank_irq(blk, intid);
    if (!irq || !irqregs_visible(g, irq, a))
        return;
    if (!gic_ds(g) && !a.secure)
        v = (v >> 1) | 0x80;
    irq->priority = (uint8_t)v & g->dist_pri_mask;
    gic_irq_update(g, irq);
}

/* ICFGR: two bits per INTID, bit 2m+1 = edge-triggered. SGIs are always edge. */
uint64_t irqregs_read_icfgr(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < 16; i++) {
        struct gic_irq *irq = bank_irq(blk, 16 * idx + i);
        if (irq && irqregs_visible(g, irq, a) && irq->edge)
            v |= 2ULL << (2 * i);
    }
    return v;
}

void irqregs_write_icfgr(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a)
{
    for (unsigned i = 0; i < 16; i++) {
        uint32_t intid = 16 * idx + i;
        struct gic_irq *irq = bank_irq(blk, intid);
        if (!irq || intid < 16 || !irqregs_visible(g, irq, a))
            continue;
        irq->edge = (v >> (2 * i + 1)) & 1;
        gic_irq_update(g, irq);
    }
}
