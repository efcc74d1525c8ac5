/* CPU interface internals shared by cpuif.c (behaviour) and cpuif_regs.c (the
 * ICC_* system register table). */
#ifndef GICSIM_CPUIF_H
#define GICSIM_CPUIF_H

#include "gic_internal.h"

int cpuif_bank(const struct gic *g, const struct cpuif *c);
enum gic_grp cpuif_own_grp1(const struct gic *g, const struct cpuif *c);
unsigned cpuif_apr_regs(const struct gic *g);
uint8_t cpuif_running_prio(const struct gic *g, const struct cpuif *c);
uint8_t cpuif_rpr(const struct gic *g, const struct cpuif *c);
void cpuif_write_apr(struct gic *g, unsigned cpu, enum gic_grp grp, unsigned n, uint32_t v);
uint64_t cpuif_acknowledge(struct gic *g, unsigned cpu, enum gic_grp grp);
uint64_t cpuif_hppir(struct gic *g, unsigned cpu, enum gic_grp grp);
void cpuif_eoi(struct gic *g, unsigned cpu, uint64_t v);
void cpuif_dir(struct gic *g, unsigned cpu, uint64_t v);
void cpuif_generate_sgi(struct gic *g, unsigned cpu, uint64_t v, enum gic_grp grp);
/* cpuif_regs.c: an access that reached the physical interface (reg an ICC_*_EL1). */
uint64_t icc_read(struct gic *g, unsigned cpu, gic_sysreg_t reg);
void icc_write(struct gic *g, unsigned cpu, gic_sysreg_t reg, uint64_t v);
/* sysreg.c: accesses with virtualization, or to ICV/ICH registers (routed, traced). */
gic_status_t sysreg_read_routed(gic_t *g, unsigned cpu, gic_sysreg_t reg, uint64_t *val);
gic_status_t sysreg_write_routed(gic_t *g, unsigned cpu, gic_sysreg_t reg, uint64_t val);

#endif
