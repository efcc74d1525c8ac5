/* The bus seam between the scenario runner and the system it drives.
 *
 * Everything the runner's driver, device and CPU models *do* to the system goes
 * through a busport: register accesses, MSI writes, CPU-interface system registers,
 * interrupt wires, memory accesses by software, and the passage of time. The native
 * platform (busport.c) calls the C API directly; gicsim-tlm (tlm/) issues TLM-2.0
 * transactions into a SystemC platform and waits on SystemC time. What the runner only
 * *observes* (statistics, trace events, signal levels, register addresses) stays a
 * direct call on the gic_t, which both platforms expose.
 */
#ifndef GICSIM_BUSPORT_H
#define GICSIM_BUSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gicsim/gicsim.h"

#ifdef __cplusplus
extern "C" {
#endif

struct busport {
    void *ctx;
    /* GIC register frames. GIC_ERR_UNMAPPED when no frame decodes the address. */
    gic_status_t (*mmio_read)(void *ctx, uint64_t addr, unsigned size, gic_attrs_t a,
                              uint64_t *val);
    gic_status_t (*mmio_write)(void *ctx, uint64_t addr, unsigned size, uint64_t val,
                               gic_attrs_t a);
    /* A device's MSI: EventID written to GITS_TRANSLATER of ITS its, with DeviceID. */
    gic_status_t (*msi)(void *ctx, unsigned its, uint32_t device_id, uint32_t event_id);
    /* A PE's CPU-interface system registers, and its security state. */
    gic_status_t (*sysreg_read)(void *ctx, unsigned cpu, gic_sysreg_t reg, uint64_t *val);
    gic_status_t (*sysreg_write)(void *ctx, unsigned cpu, gic_sysreg_t reg, uint64_t val);
    gic_status_t (*cpu_set_secure)(void *ctx, unsigned cpu, bool secure);
    /* Interrupt wires. */
    gic_status_t (*set_spi)(void *ctx, unsigned intid, bool level);
    gic_status_t (*set_ppi)(void *ctx, unsigned cpu, unsigned intid, bool level);
    /* A PE's exception level and HCR_EL2.IMO/FMO (virtualization). */
    gic_status_t (*cpu_set_el)(void *ctx, unsigned cpu, unsigned el, bool imo, bool fmo);
    /* Memory as software sees it (tables, queues): 0, or non-zero on an abort. */
    int (*mem_read)(void *ctx, uint64_t addr, void *buf, size_t len);
    int (*mem_write)(void *ctx, uint64_t addr, const void *buf, size_t len);
    /* Time (ps). advance_to(t) returns once every GIC event at or before t has run and
     * the time is t; the caller never asks for a time before now(). */
    uint64_t (*now)(void *ctx);
    void (*advance_to)(void *ctx, uint64_t t);
};

/* The native platform: sparse memory and a GIC driven through the C API. */
struct native_platform {
    gic_mem_t *mem;
    gic_t *gic;
    struct busport bus;
};

/* Builds the GIC cfg describes (cfg->mem is set to the platform's memory). Returns 0,
 * or -1 with a message in err; native_platform_destroy is safe in both cases. */
int native_platform_create(struct native_platform *p, gic_config_t *cfg, char *err,
                           size_t errlen);
void native_platform_destroy(struct native_platform *p);

#ifdef __cplusplus
}
#endif

#endif
