/* The hypervisor model (`hypervisor: kvm`, hypervisor.c): what KVM's vgic does with a
 * GICv3 virtual CPU interface. Per vCPU a list of pending/active virtual interrupts;
 * entering a vCPU flushes the highest-priority ones into the LRs (asking for underflow /
 * no-pending maintenance when they do not fit), exiting folds the LR state back
 * (resampling level-sensitive interrupts); physical interrupts linked to a vCPU are
 * injected with HW = 1 so the guest's deactivation deactivates them; the maintenance
 * interrupt makes it fold and flush again. */
#ifndef GICSIM_HYPERVISOR_H
#define GICSIM_HYPERVISOR_H

#include <stdbool.h>
#include <stdint.h>

#include "context.h"

struct hypervisor *hyp_new(struct runner *r); /* NULL unless `hypervisor: kvm` */
void hyp_free(struct hypervisor *h);
/* After the host's GIC driver booted: EOImode 1, the maintenance PPI, every PE at EL2. */
void hyp_boot(struct hypervisor *h);
/* The steps vm, inject, link, run and exit. */
void hyp_step(struct hypervisor *h, const struct step *st);
/* The host's IRQ handler (at EL2) around its physical accesses on cpu. */
void hyp_host_enter(struct hypervisor *h, unsigned cpu);
void hyp_host_leave(struct hypervisor *h, unsigned cpu);
/* The host acknowledged physical intid on cpu. Returns true when its EOI must also
 * deactivate it (ICC_DIR_EL1, EOImode 1); false for a HW-linked interrupt, which the
 * guest deactivates. */
bool hyp_host_irq(struct hypervisor *h, unsigned cpu, uint32_t intid);
/* GICv4.1: traffic {vm, map: auto} — the devices' events mapped as vLPIs of the VM. */
void hyp_map_passthrough(struct hypervisor *h, const struct step *st);

#endif
