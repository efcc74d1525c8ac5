#include "regtab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gic_internal.h"

static const struct gic_reg *find(const struct gic_regset *set, uint32_t off)
{
    for (size_t i = 0; i < set->n; i++) {
        const struct gic_reg *r = &set->regs[i];
        if (off >= r->offset && off < r->offset + (uint32_t)r->count * r->width)
            return r;
    }
    return NULL;
}

bool regtab_name(const struct gic_regset *set, uint32_t off, char *buf, size_t len)
{
    const struct gic_reg *r = find(set, off);
    if (!r)
        return false;
    if (r->count == 1 && r->first == 0) {
        snprintf(buf, len, "%s", r->name);
        return true;
    }
    unsigned w = r->width == 1 ? 4 : r->width; /* byte arrays are named per word */
    snprintf(buf, len, "%s%u", r->name, (unsigned)((off - r->offset) / w + r->first));
    return true;
}

static uint64_t elem_read(struct gic *g, const struct gic_regset *set,
                          const struct gic_reg *r, void *blk, unsigned idx, gic_attrs_t a)
{
    if (!r->read) {
        gic_guest_error(g, "mmio.write_only", "%s: read of write-only %s", set->frame,
                        r->name);
        return 0;
    }
    return r->read(g, blk, idx, a);
}

static void elem_write(struct gic *g, const struct gic_regset *set,
                       const struct gic_reg *r, void *blk, unsigned idx, uint64_t v,
                       gic_attrs_t a)
{
    if (!r->write) {
        gic_guest_error(g, "mmio.read_only", "%s: write to read-only %s", set->frame,
                        r->name);
        return;
    }
    r->write(g, blk, idx, v, a);
}

void regtab_access(struct gic *g, const struct gic_regset *set, void *blk, uint32_t off,
                   unsigned size, bool is_write, uint64_t *val, gic_attrs_t a)
{
    const struct gic_reg *r = find(set, off);
    if (!is_write)
        *val = 0;
    if (!r) {
        gic_guest_error(g, "mmio.reserved", "%s: %s of reserved offset 0x%x", set->frame,
                        is_write ? "write" : "read", (unsigned)off);
        return;
    }
    if (!(r->sizes & size) || off % size) {
        gic_guest_error(g, "mmio.size", "%s: %u-byte %s of %s at offset 0x%x not allowed",
                        set->frame, size, is_write ? "write" : "read", r->name,
                        (unsigned)off);
        return;
    }
    uint32_t rel = off - r->offset;
    unsigned idx = rel / r->width;
    if (size >= r->width) { /* one element, or several byte elements in one access */
        for (unsigned k = 0; k < size / r->width; k++) {
            unsigned sh = 8 * r->width * k;
            if (is_write)
                elem_write(g, set, r, blk, idx + k, extract64(*val, sh, 8 * r->width), a);
            else
                *val |= elem_read(g, set, r, blk, idx + k, a) << sh;
        }
        return;
    }
    /* Part of a wider element: read-modify-write of the whole register. */
    unsigned sh = 8 * (rel % r->width);
    uint64_t whole = r->read ? r->read(g, blk, idx, a) : 0;
    if (is_write)
        elem_write(g, set, r, blk, idx, deposit64(whole, sh, 8 * size, *val), a);
    else
        *val = extract64(r->read ? whole : elem_read(g, set, r, blk, idx, a), sh, 8 * size);
}

bool regtab_peek(struct gic *g, const struct gic_regset *set, void *blk, uint32_t off,
                 unsigned size, gic_attrs_t a, uint64_t *val)
{
    const struct gic_reg *r = find(set, off);
    *val = 0;
    if (!r || !r->read || !(r->sizes & size) || off % size)
        return false;
    /* As regtab_access reads, calling the handlers directly: they only compute. */
    uint32_t rel = off - r->offset;
    unsigned idx = rel / r->width;
    if (size < r->width) {
        *val = extract64(r->read(g, blk, idx, a), 8 * (rel % r->width), 8 * size);
        return true;
    }
    for (unsigned k = 0; k < size / r->width; k++)
        *val |= r->read(g, blk, idx + k, a) << (8 * r->width * k);
    return true;
}

bool regtab_lookup(const struct gic_regset *set, const char *name, uint32_t *off,
                   unsigned *width)
{
    for (size_t i = 0; i < set->n; i++) {
        const struct gic_reg *r = &set->regs[i];
        size_t len = strlen(r->name);
        if (strncmp(name, r->name, len) != 0)
            continue;
        const char *suffix = name + len;
        if (r->count == 1 && r->first == 0) {
            if (*suffix)
                continue;
            *off = r->offset;
            *width = r->width;
            return true;
        }
        if (!*suffix || strspn(suffix, "0123456789") != strlen(suffix))
            continue;
        if (strlen(suffix) > 5)
            continue; /* no array has 100000 registers: also keeps the arithmetic small */
        unsigned long n = strtoul(suffix, NULL, 10);
        unsigned w = r->width == 1 ? 4 : r->width; /* byte arrays are named per word */
        if (n < r->first || (n - r->first) * w >= (unsigned long)r->count * r->width)
            continue;
        *off = r->offset + (uint32_t)((n - r->first) * w);
        *width = w;
        return true;
    }
    return false;
}

/* Handlers shared by every frame: identification registers, RAZ/WI registers. */
uint64_t regtab_read_iidr(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    (void)g, (void)blk, (void)idx, (void)a;
    return GIC_IIDR_VALUE;
}

uint64_t regtab_read_pidr2(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    (void)blk, (void)idx, (void)a;
    return g->cfg.virt.gicv4 ? (GIC_PIDR2_V3 & 0x0F) | 0x40 : GIC_PIDR2_V3; /* ArchRev 4 */
}

uint64_t regtab_read_zero(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    (void)g, (void)blk, (void)idx, (void)a;
    return 0;
}

void regtab_write_ignore(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a)
{
    (void)g, (void)blk, (void)idx, (void)v, (void)a;
}
