/* GICv4.1 direct injection at the redistributor (vlpi.c): vPEs, their pending vLPIs,
 * residency (GICR_VPENDBASER), the VPT scan that makes a vPE resident, and doorbells.
 *
 * A vPE's pending vLPIs are records (the LPI pool's) in an open-addressing hash keyed
 * by vINTID, whether it is resident or not; the VPT in memory is written through, so
 * memory plus registers is a complete snapshot. While the vPE is resident, its enabled
 * pending vLPIs also sit in a min-heap keyed by (priority, vINTID) that the virtual CPU
 * interface merges with the List registers. vPEs are found by vPEID in a table of
 * pointers (allocated on first VMAPP): no operation scans vPEs or vINTIDs. */
#ifndef GICSIM_VLPI_H
#define GICSIM_VLPI_H

#include <stdbool.h>
#include <stdint.h>

#include "irq.h"
#include "lpi.h"

struct gic;

#define VPE_NONE (-1)
#define DOORBELL_NONE 1023u

struct vpe {
    uint32_t id;
    bool mapped;           /* VMAPP V = 1 reached its redistributor */
    int16_t cpu;           /* the redistributor VMAPP named */
    int16_t resident;      /* the redistributor it is resident on, or VPE_NONE */
    uint64_t vpt, vconf;   /* VPT and vPE configuration table addresses */
    unsigned vpt_bits;     /* vINTIDs < 2^vpt_bits */
    uint32_t db;           /* default doorbell pINTID, DOORBELL_NONE if none */
    bool db_armed;         /* deschedule with Doorbell = 1: the next vLPI rings it */
    struct lpi_set pending;
    struct gic_heap ready; /* resident: enabled pending vLPIs */
};

/* Per redistributor: GICR_VPROPBASER, GICR_VPENDBASER and the residency. */
struct gicr_vlpi {
    uint64_t vpropbaser;
    bool valid, doorbell, pending_last, grp0en, grp1en;
    uint32_t vpeid;        /* as last written */
    int32_t resident;      /* vPEID resident and its VPT parsed, or VPE_NONE */
    uint64_t dirty_until;  /* Dirty reads 1 until then */
    uint64_t last_dirty_ps;/* the last residency change took this long */
};

bool vlpi_init(struct gic *g);
void vlpi_free(struct gic *g);
void vlpi_reset(struct gic *g);
struct vpe *vlpi_vpe(struct gic *g, uint32_t vpeid); /* NULL if never mapped */

/* Link messages from the ITS (its_link.c). */
enum vlpi_result { VLPI_NEW_PENDING, VLPI_COALESCED, VLPI_DROP };
enum vlpi_result gicr_vlpi_set_pending(struct gic *g, unsigned cpu, uint32_t vpeid,
                                       uint32_t vintid, uint32_t doorbell);
void gicr_vlpi_clear_pending(struct gic *g, uint32_t vpeid, uint32_t vintid);
void gicr_vlpi_inv_all(struct gic *g, uint32_t vpeid);
void gicr_vlpi_move(struct gic *g, uint32_t from, uint32_t to, uint32_t vintid);
/* INVDB: the vPE's default doorbell (a physical LPI) takes its configuration again. */
void gicr_vlpi_invdb(struct gic *g, uint32_t vpeid);
/* VMAPP at the redistributor: map (valid) or unmap the vPE. */
void gicr_vmapp(struct gic *g, unsigned cpu, uint32_t vpeid, bool valid, uint64_t vpt,
                unsigned vpt_bits, uint64_t vconf, uint32_t db);

/* The virtual CPU interface: the resident vPE's best vLPI on cpu that is visible now
 * (NULL if none; a re-evaluation is queued for one not yet visible), and its
 * acknowledge. */
struct gic_irq *vlpi_best(struct gic *g, unsigned cpu);
void vlpi_acknowledged(struct gic *g, unsigned cpu, struct gic_irq *irq);

/* Redistributor VLPI frame. */
extern const struct gic_regset gicr_vlpi_regset;

#endif
