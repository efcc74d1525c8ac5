/* Spec checker for the memory software hands to the GIC: tables that overlap, a
 * redistributor whose configuration table differs from the others', and software
 * writing tables the GIC owns. Findings are guest errors with a rule id
 * (docs/impdef.md, C1-C3); the model goes on regardless. */
#include <string.h>

#include "gic_internal.h"

struct region {
    const char *what;
    unsigned owner; /* ITS i: i; redistributor c: GIC_MAX_ITS + c */
    uint64_t base, size;
};

#define MAX_REGIONS (2 * GIC_MAX_CPUS + 4 * GIC_MAX_ITS)

static uint64_t lpi_bytes(const struct gic *g, const struct gicr_lpi *l, bool pend)
{
    unsigned bits = (unsigned)(l->propbaser & 0x1F) + 1;
    bits = bits > g->cfg.id_bits ? g->cfg.id_bits : bits;
    if (bits < 14)
        return 0;
    return pend ? (1ULL << bits) / 8 : (1ULL << bits) - INTID_LPI_BASE;
}

static unsigned its_regions(const struct gic *g, struct region *r)
{
    unsigned n = 0;
    for (unsigned i = 0; i < g->cfg.num_its; i++) {
        const struct its *its = &g->its[i];
        for (unsigned b = 0; b < (g->cfg.virt.gicv4 ? 3u : 2u); b++) /* GICv4.1: vPEs */
            if (its_table_region(its, b, &r[n].base, &r[n].size)) {
                r[n].what = b == 2 ? "vPE table" : b ? "collection table" : "device table";
                r[n++].owner = i;
            }
        if (its->cbaser >> 63)
            r[n++] = (struct region){"command queue", i, its->cbaser & 0x000FFFFFFFFFF000ULL,
                                     its_queue_bytes(its)};
    }
    return n;
}

static unsigned lpi_regions(const struct gic *g, struct region *r)
{
    unsigned n = 0;
    for (unsigned c = 0; c < g->cfg.num_cpus; c++) {
        const struct gicr_lpi *l = &g->gicr[c].lpi;
        if (!l->enable_lpis)
            continue;
        r[n++] = (struct region){"pending table", GIC_MAX_ITS + c,
                                 l->pendbaser & 0x000FFFFFFFFF0000ULL, lpi_bytes(g, l, true)};
        r[n++] = (struct region){"configuration table", GIC_MAX_ITS + c,
                                 l->propbaser & 0x000FFFFFFFFFF000ULL, lpi_bytes(g, l, false)};
    }
    return n;
}

static bool overlap(const struct region *a, const struct region *b)
{
    /* Configuration tables are shared by design (rule 10): not an overlap. */
    if (!strcmp(a->what, "configuration table") && !strcmp(b->what, a->what))
        return false;
    return a->size && b->size && a->base < b->base + b->size && b->base < a->base + a->size;
}

static void report_overlap(struct gic *g, const struct region *a, const struct region *b)
{
    gic_guest_error(g, "tables.overlap",
                    "%s of %s%u [0x%llx, +0x%llx) overlaps %s of %s%u [0x%llx, +0x%llx)",
                    a->what, a->owner < GIC_MAX_ITS ? "ITS" : "GICR",
                    a->owner % GIC_MAX_ITS, (unsigned long long)a->base,
                    (unsigned long long)a->size, b->what, b->owner < GIC_MAX_ITS ? "ITS" : "GICR",
                    b->owner % GIC_MAX_ITS, (unsigned long long)b->base,
                    (unsigned long long)b->size);
}

/* Called when an ITS (owner i) or a redistributor (GIC_MAX_ITS + c) goes live: each
 * overlap involving it is reported once. */
static void check_overlaps(struct gic *g, unsigned owner)
{
    static struct region r[MAX_REGIONS];
    unsigned n = its_regions(g, r);
    n += lpi_regions(g, r + n);
    for (unsigned i = 0; i < n; i++)
        for (unsigned j = i + 1; j < n; j++)
            if ((r[i].owner == owner || r[j].owner == owner) && overlap(&r[i], &r[j]))
                report_overlap(g, &r[i], &r[j]);
}

void checker_its_enabled(struct gic *g, unsigned its)
{
    check_overlaps(g, its);
}

void checker_lpis_enabled(struct gic *g, unsigned cpu)
{
    const struct gicr_lpi *me = &g->gicr[cpu].lpi;
    for (unsigned c = 0; c < g->cfg.num_cpus; c++) {
        const struct gicr_lpi *l = &g->gicr[c].lpi;
        if (c != cpu && l->enable_lpis && l->propbaser != me->propbaser) {
            gic_guest_error(g, "lpi.propbaser_differs", "GICR%u: GICR_PROPBASER 0x%llx differs "
                            "from GICR%u's 0x%llx (one configuration table for all)", cpu,
                            (unsigned long long)me->propbaser, c,
                            (unsigned long long)l->propbaser);
            break;
        }
    }
    check_overlaps(g, GIC_MAX_ITS + cpu);
}

/* GITS_BASER<n>.Indirect: the region is a level-1 table. Software fills its entries
 * as devices and collections appear, while the ITS is live (Linux does so before MAPD),
 * so writing one is not a write into a table the GIC owns. */
static bool its_table_indirect(const struct its *its, unsigned n)
{
    return (its->baser[n] >> 62) & 1;
}

/* Software wrote [addr, addr + len): tables the GIC owns while they are live. */
void gic_mem_written(gic_t *g, uint64_t addr, uint64_t len)
{
    static struct region r[MAX_REGIONS];
    unsigned n = 0;
    for (unsigned i = 0; i < g->cfg.num_its; i++)
        for (unsigned b = 0; g->its[i].enabled && b < 2; b++)
            if (!its_table_indirect(&g->its[i], b) &&
                its_table_region(&g->its[i], b, &r[n].base, &r[n].size)) {
                r[n].what = b ? "collection table" : "device table";
                r[n++].owner = i;
            }
    n += lpi_regions(g, r + n);
    struct region w = {"write", 0, addr, len};
    for (unsigned i = 0; i < n; i++)
        if (strcmp(r[i].what, "configuration table") && overlap(&w, &r[i]))
            gic_guest_error(g, "tables.written_while_live", "software wrote 0x%llx (+%llu) in "
                            "the live %s of %s%u", (unsigned long long)addr,
                            (unsigned long long)len, r[i].what,
                            r[i].owner < GIC_MAX_ITS ? "ITS" : "GICR", r[i].owner % GIC_MAX_ITS);
}
