/* Per-INTID interrupt state and the per-CPU "ready" heaps.
 *
 * An interrupt is ready for a CPU when it is pending, enabled, not active and routed
 * there. Each CPU keeps one min-heap per group keyed by (priority, INTID), so finding
 * the highest-priority pending interrupt never scans the INTID space; an interrupt
 * remembers its heap slot so that removal is O(log n). Tie rule: equal priority ->
 * lowest INTID first (docs/impdef.md). */
#ifndef GICSIM_IRQ_H
#define GICSIM_IRQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum gic_grp { GRP_G0 = 0, GRP_G1S = 1, GRP_G1NS = 2, GIC_NUM_GRPS = 3 };

#define INTID_SPURIOUS 1023u
#define INTID_LPI_BASE 8192u
#define NO_CPU (-1)

struct gic_irq {
    uint32_t intid;
    uint32_t heap_pos; /* slot + 1 in heap of (heap_cpu, heap_grp); 0 = not queued */
    int16_t heap_cpu;
    uint8_t heap_grp;
    uint8_t priority;  /* masked to the implemented bits */
    uint8_t grp;       /* enum gic_grp, from IGROUPR/IGRPMODR (LPIs: G1NS) */
    int16_t target;    /* CPU it is routed to; NO_CPU if none (or 1-of-N, not chosen) */
    bool igroup;       /* GICD_IGROUPR / GICR_IGROUPR0 bit */
    bool igrpmod;      /* GICD_IGRPMODR / GICR_IGRPMODR0 bit */
    bool one_of_n;     /* SPI routed with GICD_IROUTER.IRM = 1 */
    bool enabled;
    bool latch;        /* pending state set by edge, SETPEND or a message */
    bool line;         /* wire input level (level-sensitive SPIs and PPIs) */
    bool msg_level;    /* level asserted by GICD_SETSPI, deasserted by CLRSPI: kept
                          apart from the wire so neither hides the other's edges */
    bool active;
    bool edge;         /* ICFGR: edge-triggered */
    uint64_t visible_at; /* timing: signalled from then on (became pending + latency) */
};

static inline bool irq_pending(const struct gic_irq *irq)
{
    return irq->latch || (!irq->edge && (irq->line || irq->msg_level));
}

static inline uint32_t irq_key(const struct gic_irq *irq)
{
    return ((uint32_t)irq->priority << 24) | irq->intid;
}

struct gic_heap {
    struct gic_irq **v;
    uint32_t n, cap;
};

void heap_free(struct gic_heap *h);
bool heap_insert(struct gic_heap *h, struct gic_irq *irq);
void heap_remove(struct gic_heap *h, struct gic_irq *irq);
static inline struct gic_irq *heap_top(const struct gic_heap *h)
{
    return h->n ? h->v[0] : NULL;
}

#endif
