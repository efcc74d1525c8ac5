/* The Linux driver model (driver.c, driver_cmds.c): programs the GIC as the irqchip
 * driver does at boot and writes ITS commands to the queue. Register access and
 * command writing need only the shared context; the driver's own state (the LPIs it
 * handed out) is in struct driver. */
#ifndef GICSIM_DRIVER_H
#define GICSIM_DRIVER_H

#include <stdbool.h>
#include <stdint.h>

#include "context.h"

struct driver *driver_new(struct runner *r);
void driver_free(struct driver *d);
void driver_boot_linux(struct driver *d);
/* traffic `map: auto`: MAPC per CPU, MAPD per device, MAPTI per event, INVALL + SYNC. */
void driver_map_auto(struct driver *d, const struct step *st);

uint64_t driver_rd(struct runner *r, const char *name, unsigned inst);
void driver_wr(struct runner *r, const char *name, unsigned inst, uint64_t v);
uint64_t driver_rdbase(const struct runner *r, unsigned its, unsigned cpu);
/* GICv4.1: the tables of a vPE as the scenario's VMAPPs gave or allocated them. */
struct vpe_tables {
    uint64_t vpt, vconf;
    unsigned vpt_bits;
    bool known; /* a valid VMAPP of the vPE went through the driver */
};
/* Before a VMAPP is written: fills in vpt/vconf: auto and remembers the tables. */
void driver_vmapp(struct runner *r, struct scn_cmd *c);
bool driver_vpe_tables(struct runner *r, uint32_t vpe, struct vpe_tables *out);
/* A physical LPI of the driver's own (from those `traffic map: auto` hands out),
 * enabled with this priority in the configuration table: a hypervisor's doorbell. */
uint32_t driver_lpi_alloc(struct runner *r, uint8_t priority);
/* Writes commands to the queue of ITS its, writes CWRITER; waits for CREADR if asked. */
void driver_commands(struct runner *r, unsigned its, const struct scn_cmd *cmds, unsigned n,
                     bool wait);

#endif
