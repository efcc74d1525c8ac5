/* The virtual CPU interface of one PE: the EL2 state the hypervisor programs (ICH_*_EL2)
 * and the behaviour a guest sees through ICV_*_EL1. Shared by vcpuif.c (behaviour:
 * selection, signalling, acknowledge, EOI, deactivation, maintenance), vcpuif_regs.c
 * (the ICV_* table) and ich_regs.c (the ICH_* table and the checks of LR contents). */
#ifndef GICSIM_VCPUIF_H
#define GICSIM_VCPUIF_H

#include "gic_internal.h"

#define VCPU_MAX_LRS 16

FIELD(ICH_HCR, En, 0, 1)
FIELD(ICH_HCR, UIE, 1, 1)
FIELD(ICH_HCR, LRENPIE, 2, 1)
FIELD(ICH_HCR, NPIE, 3, 1)
FIELD(ICH_HCR, VGrp0EIE, 4, 1)
FIELD(ICH_HCR, VGrp0DIE, 5, 1)
FIELD(ICH_HCR, VGrp1EIE, 6, 1)
FIELD(ICH_HCR, VGrp1DIE, 7, 1)
FIELD(ICH_HCR, TC, 10, 1)
FIELD(ICH_HCR, TALL0, 11, 1)
FIELD(ICH_HCR, TALL1, 12, 1)
FIELD(ICH_HCR, TSEI, 13, 1)
FIELD(ICH_HCR, TDIR, 14, 1)
FIELD(ICH_HCR, EOIcount, 27, 5)

FIELD(ICH_VTR, ListRegs, 0, 5)
FIELD(ICH_VTR, TDS, 19, 1)
FIELD(ICH_VTR, IDbits, 23, 3)
FIELD(ICH_VTR, PREbits, 26, 3)
FIELD(ICH_VTR, PRIbits, 29, 3)

FIELD(ICH_VMCR, VENG0, 0, 1)
FIELD(ICH_VMCR, VENG1, 1, 1)
FIELD(ICH_VMCR, VFIQEn, 3, 1)
FIELD(ICH_VMCR, VCBPR, 4, 1)
FIELD(ICH_VMCR, VEOIM, 9, 1)
FIELD(ICH_VMCR, VBPR1, 18, 3)
FIELD(ICH_VMCR, VBPR0, 21, 3)
FIELD(ICH_VMCR, VPMR, 24, 8)

FIELD(ICH_MISR, EOI, 0, 1)
FIELD(ICH_MISR, U, 1, 1)
FIELD(ICH_MISR, LRENP, 2, 1)
FIELD(ICH_MISR, NP, 3, 1)
FIELD(ICH_MISR, VGrp0E, 4, 1)
FIELD(ICH_MISR, VGrp0D, 5, 1)
FIELD(ICH_MISR, VGrp1E, 6, 1)
FIELD(ICH_MISR, VGrp1D, 7, 1)

FIELD(ICH_LR, vINTID, 0, 32)
FIELD(ICH_LR, pINTID, 32, 13)
FIELD(ICH_LR, EOI, 41, 1) /* HW = 0: maintenance interrupt when deactivated */
FIELD(ICH_LR, Priority, 48, 8)
FIELD(ICH_LR, Group, 60, 1)
FIELD(ICH_LR, HW, 61, 1)
FIELD(ICH_LR, State, 62, 2)

enum lr_state { LR_INVALID = 0, LR_PENDING = 1, LR_ACTIVE = 2, LR_PENDING_ACTIVE = 3 };

struct vcpuif {
    unsigned el;            /* the PE's current exception level (1 or 2) */
    bool imo, fmo;          /* HCR_EL2.IMO / FMO */
    uint32_t hcr;           /* ICH_HCR_EL2 */
    uint32_t vmcr;          /* ICH_VMCR_EL2 */
    uint64_t lr[VCPU_MAX_LRS];
    uint64_t lr_visible_at[VCPU_MAX_LRS]; /* timing: a pending LR is signalled from then */
    uint32_t apr[2][4];     /* ICH_AP0R<n>_EL2, ICH_AP1R<n>_EL2 */
    bool virq, vfiq;        /* output levels */
    bool maint;             /* the maintenance interrupt's level (as driven) */
    uint64_t reeval_at;     /* timing: a re-evaluation of the outputs is queued then */
    uint64_t maint_at;      /* timing: a maintenance level update is queued then */
};

/* LR fields. */
static inline enum lr_state lr_state(uint64_t lr)
{
    return (enum lr_state)FIELD_EX(lr, ICH_LR, State);
}
static inline uint32_t lr_vintid(uint64_t lr)
{
    return (uint32_t)FIELD_EX(lr, ICH_LR, vINTID);
}

unsigned vcpuif_nr_lrs(const struct gic *g);
unsigned vcpuif_apr_regs(const struct gic *g);
uint8_t vcpuif_vpri_mask(const struct gic *g);
unsigned vcpuif_min_vbpr0(const struct gic *g);
uint32_t vcpuif_misr(const struct gic *g, const struct vcpuif *v);
uint32_t vcpuif_eisr(const struct gic *g, const struct vcpuif *v);
uint32_t vcpuif_elrsr(const struct gic *g, const struct vcpuif *v);
uint8_t vcpuif_running_prio(const struct gic *g, const struct vcpuif *v);

/* Re-evaluates vIRQ/vFIQ and the maintenance interrupt after any state change. */
void vcpuif_update(struct gic *g, unsigned cpu);
/* A pending LR was written: it is signalled after the LR-to-vIRQ time. */
void vcpuif_lr_written(struct gic *g, unsigned cpu, unsigned n);

uint64_t vcpuif_acknowledge(struct gic *g, unsigned cpu, bool grp1);
uint64_t vcpuif_hppir(struct gic *g, unsigned cpu, bool grp1);
void vcpuif_eoi(struct gic *g, unsigned cpu, bool grp1, uint64_t v);
void vcpuif_dir(struct gic *g, unsigned cpu, uint64_t v);

/* vcpuif_regs.c / ich_regs.c: accesses by register (reg an ICV_* / EL2 register). */
uint64_t vcpuif_reg_read(struct gic *g, unsigned cpu, gic_sysreg_t reg);
void vcpuif_reg_write(struct gic *g, unsigned cpu, gic_sysreg_t reg, uint64_t v);
uint64_t ich_reg_read(struct gic *g, unsigned cpu, gic_sysreg_t reg);
void ich_reg_write(struct gic *g, unsigned cpu, gic_sysreg_t reg, uint64_t v);
bool vcpuif_reg_writable(gic_sysreg_t reg);
bool vcpuif_reg_readable(gic_sysreg_t reg);
/* vmcr with VBPR0 (grp1 false) or VBPR1 set to b, at least its minimum. */
uint32_t vcpuif_vmcr_bpr(const struct gic *g, uint32_t vmcr, bool grp1, uint64_t b);

#endif
