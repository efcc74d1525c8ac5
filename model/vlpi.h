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
    /* vSGIs (docs/impdef.md G10): 16 per vPE, held by the redistributors by vPEID */
    uint16_t sgi_pending, sgi_enabled, sgi_grp1;
    uint8_t sgi_prio[16];          /* priority [7:4] as VSGI gave it, [3:0] zero */
    uint64_t sgi_visible_at[16];   /* timing: presentable from then */
};

/* Per redistributor: GICR_VPROPBASER, GICR_VPENDBASER and the residency, GICR_VSGIR.
 * (Its size is part of struct gicr's, which the physical hot path indexes: when
 * GICR_VSGIPENDR is Busy lives in struct gic, vsgi_busy_until.) */
struct gicr_vlpi {
    uint64_t vpropbaser;
    bool valid, doorbell, pending_last, grp0en, grp1en;
    uint16_t vsgir;        /* GICR_VSGIR.vPEID: the vPE GICR_VSGIPENDR reports */
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
/* An MSI's virtual ITE named a vPE the ITS's vPE table does not map: offered, dropped. */
void gicr_vlpi_dropped_at_its(struct gic *g);
void gicr_vlpi_inv_all(struct gic *g, uint32_t vpeid);
/* GICR_INVLPIR/INVALLR with V = 1: one vLPI's configuration (or all) re-read; false if
 * the vPE is not mapped. */
bool gicr_vlpi_inv_direct(struct gic *g, uint32_t vpeid, bool all, uint32_t vintid);
void gicr_vlpi_move(struct gic *g, uint32_t from, uint32_t to, uint32_t vintid);
/* INVDB: the vPE's default doorbell (a physical LPI) takes its configuration again. */
void gicr_vlpi_invdb(struct gic *g, uint32_t vpeid);
/* vSGIs: GITS_SGIR's message, and VSGI's (arg: priority | group << 8 | enable << 9 |
 * clear << 10). */
void gicr_vsgi_set_pending(struct gic *g, uint32_t vpeid, uint32_t vintid);
void gicr_vsgi_config(struct gic *g, uint32_t vpeid, uint32_t vintid, uint32_t arg);
/* VMAPP at the redistributor: map (valid) or unmap the vPE. */
void gicr_vmapp(struct gic *g, unsigned cpu, uint32_t vpeid, bool valid, uint64_t vpt,
                unsigned vpt_bits, uint64_t vconf, uint32_t db);

/* The virtual CPU interface: the resident vPE's vLPI acknowledged (its best vLPI is
 * the top of its ready heap). */
void vlpi_acknowledged(struct gic *g, unsigned cpu, struct gic_irq *irq);
/* The vPE resident (VPT parsed) on cpu, NULL if none; a vSGI of it acknowledged. */
struct vpe *vlpi_resident(struct gic *g, unsigned cpu);
void vsgi_acknowledged(struct gic *g, unsigned cpu, uint32_t vintid);

/* Redistributor VLPI frame. */
extern const struct gic_regset gicr_vlpi_regset;

#endif
