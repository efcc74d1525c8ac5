/* Redistributor LPI support: pending LPIs, the LPI property cache, the configuration
 * and pending tables in memory, DirectLPI.
 *
 * Pending LPIs of a redistributor are records in an open-addressing hash keyed by
 * INTID (never a scan of the ID space). A record exists while the LPI is pending; it
 * caches the LPI's configuration (priority, enable) read when it became pending or
 * at the last invalidation. The pending table in memory is kept in step (written
 * through), so memory plus registers is a complete snapshot. */
#ifndef GICSIM_LPI_H
#define GICSIM_LPI_H

#include <stdbool.h>
#include <stdint.h>

#include "gicsim/gicsim.h"
#include "irq.h"

struct gic;
struct gicr;

struct lpi_set {
    struct gic_irq **slot; /* NULL = empty; capacity a power of two */
    uint32_t cap, n;
};

/* Distributor LPI property cache: 2-way set-associative on the low INTID bits,
 * holding configuration bytes. What it holds may be stale until invalidated. */
struct lpi_prop_cache {
    uint32_t sets;
    uint32_t *tag;   /* INTID + 1 per line (0 = invalid), 2 lines per set */
    uint8_t *conf;
    uint8_t *lru;    /* per set: the way to replace next */
    uint64_t hits, misses;
};

struct gicr_lpi {
    bool enable_lpis;      /* GICR_CTLR.EnableLPIs */
    bool ptz;              /* GICR_PENDBASER.PTZ as last written (it reads as 0) */
    uint64_t propbaser, pendbaser;
    struct lpi_set pending;
};

/* Records are allocated in chunks and recycled through a stack of free ones. */
struct lpi_pool {
    struct gic_irq **chunks;
    uint32_t n_chunks;
    struct gic_irq **free;
    uint32_t n_free;
};

/* The hash and the record pool, shared with the vLPIs of vlpi.c. */
struct gic_irq *lpi_set_find(const struct lpi_set *s, uint32_t intid);
bool lpi_set_insert(struct lpi_set *s, struct gic_irq *irq);
void lpi_set_erase(struct lpi_set *s, uint32_t intid);
struct gic_irq *lpi_pool_get(struct gic *g);
void lpi_pool_put(struct gic *g, struct gic_irq *irq);

bool lpi_init(struct gic *g);
void lpi_free(struct gic *g);
void lpi_reset(struct gic *g);

/* Architectural operations on the LPIs of redistributor cpu. */
enum lpi_result {
    LPI_NEW_PENDING,   /* became pending */
    LPI_COALESCED,     /* was already pending */
    LPI_DROP_DISABLED, /* GICR_CTLR.EnableLPIs = 0: lost */
    LPI_DROP_RANGE,    /* beyond GICR_PROPBASER.IDbits */
};
enum lpi_result gicr_lpi_set_pending(struct gic *g, unsigned cpu, uint32_t intid);
void gicr_lpi_clear_pending(struct gic *g, unsigned cpu, uint32_t intid);
bool gicr_lpi_is_pending(struct gic *g, unsigned cpu, uint32_t intid);
void gicr_lpi_move(struct gic *g, unsigned from, unsigned to, uint32_t intid);
void gicr_lpi_move_all(struct gic *g, unsigned from, unsigned to);
void gicr_lpi_inv(struct gic *g, unsigned cpu, uint32_t intid);
void gicr_lpi_inv_all(struct gic *g, unsigned cpu);
/* Called by the CPU interface when an LPI is acknowledged. */
void gicr_lpi_acknowledged(struct gic *g, unsigned cpu, struct gic_irq *irq);
unsigned gicr_lpi_pending_count(const struct gic *g, unsigned cpu);

/* GICR_CTLR.EnableLPIs was just changed (gicr.c): picks up the pending table, or
 * forgets the pending LPIs. */
void gicr_lpi_enable_changed(struct gic *g, unsigned cpu);

#endif
