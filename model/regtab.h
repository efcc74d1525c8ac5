/* Register tables: one table per register set (frame) drives MMIO decode, access-size
 * checks, names for lookup and traces, so no register is described twice.
 *
 * An entry is a register or an array of registers of one element width. Byte-per-INTID
 * registers (IPRIORITYR) are arrays of 1-byte elements that also allow 32-bit access;
 * 64-bit registers also allow 32-bit access to either half. */
#ifndef GICSIM_REGTAB_H
#define GICSIM_REGTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gicsim/gicsim.h"

struct gic;

typedef uint64_t (*reg_read_fn)(struct gic *g, void *blk, unsigned idx, gic_attrs_t a);
typedef void (*reg_write_fn)(struct gic *g, void *blk, unsigned idx, uint64_t v,
                             gic_attrs_t a);

enum { SZ8 = 1, SZ16 = 2, SZ32 = 4, SZ64 = 8 }; /* bitmask of allowed access sizes */

struct gic_reg {
    const char *name;  /* "GICD_ISENABLER"; arrays take the index as a suffix */
    uint32_t offset;   /* offset of element 0 within the frame */
    uint16_t count;    /* number of elements (1: a plain register) */
    uint16_t first;    /* architectural index of element 0 (GICD_IROUTER32) */
    uint8_t width;     /* element bytes: 1, 4 or 8 */
    uint8_t sizes;     /* SZ* mask of access sizes the register allows */
    reg_read_fn read;  /* NULL: write-only (reads RAZ, guest error) */
    reg_write_fn write;/* NULL: read-only (writes ignored, guest error) */
};

struct gic_regset {
    const char *frame; /* "GICD", "GICR RD_base", ... for messages */
    const struct gic_reg *regs;
    size_t n;
};

/* Performs one MMIO access at offset off within the frame described by set. */
void regtab_access(struct gic *g, const struct gic_regset *set, void *blk, uint32_t off,
                   unsigned size, bool is_write, uint64_t *val, gic_attrs_t a);

/* A debugger's read at offset off: the value regtab_access would read, through the
 * read handlers only (no guest error, no trace). false if the offset is reserved, the
 * register write-only or the size not one it allows. */
bool regtab_peek(struct gic *g, const struct gic_regset *set, void *blk, uint32_t off,
                 unsigned size, gic_attrs_t a, uint64_t *val);

/* The name of the register at offset off ("GICD_ISENABLER1"); false if reserved. */
bool regtab_name(const struct gic_regset *set, uint32_t off, char *buf, size_t len);
/* Finds register name in set: offset and architectural width. false if absent. */
bool regtab_lookup(const struct gic_regset *set, const char *name, uint32_t *off,
                   unsigned *width);

/* Handlers shared by every frame. */
uint64_t regtab_read_iidr(struct gic *g, void *blk, unsigned idx, gic_attrs_t a);
uint64_t regtab_read_pidr2(struct gic *g, void *blk, unsigned idx, gic_attrs_t a);
uint64_t regtab_read_zero(struct gic *g, void *blk, unsigned idx, gic_attrs_t a);
void regtab_write_ignore(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a);

#endif
