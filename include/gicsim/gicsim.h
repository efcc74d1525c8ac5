/* gicsim — cycle-approximate Arm GICv3/v4 + ITS model. Public C API.
 *
 * Everything a platform needs: create a GIC from a config, access its MMIO frames,
 * its CPU-interface system registers, drive wires and MSIs, subscribe to the IRQ/FIQ
 * outputs and to the trace bus, and advance simulated time. Types are opaque; nothing
 * here knows about files, YAML or SystemC.
 */
#ifndef GICSIM_GICSIM_H
#define GICSIM_GICSIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gicsim/mem.h"
#include "gicsim/sysreg.h"
#include "gicsim/trace.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GICSIM_VERSION "0.1.0"

/* Simulated time in integer picoseconds. */
typedef uint64_t gic_time_t;
#define GIC_TIME_NEVER UINT64_MAX

typedef enum gic_status {
    GIC_OK = 0,
    GIC_ERR_ARG = -1,      /* API misuse: bad CPU index, INTID of the wrong kind, ... */
    GIC_ERR_NOMEM = -2,
    GIC_ERR_UNMAPPED = -3, /* MMIO address outside every GIC frame (a bus error) */
} gic_status_t;

#define GIC_MAX_CPUS 512
#define GIC_MAX_ITS 16

typedef enum gic_its_error_policy {
    GIC_ITS_ERRORS_IGNORE = 0, /* skip the command and go on (KVM, QEMU) */
    GIC_ITS_ERRORS_STALL = 1,  /* GITS_CREADR.Stalled until GITS_CWRITER.Retry */
} gic_its_error_policy_t;

typedef struct gic_its_config {
    uint64_t base;            /* control frame; translation frame at base + 64 KiB */
    unsigned device_bits;     /* GITS_TYPER.Devbits + 1 (1..32) */
    unsigned event_bits;      /* GITS_TYPER.ID_bits + 1 (1..32) */
    unsigned collection_bits; /* 0: CIL = 0 (16-bit ICIDs); else CIDbits + 1 (1..16) */
    bool pta;                 /* RDbase is a physical address (true) or PE number */
    bool seis;                /* GITS_TYPER.SEIS */
    gic_its_error_policy_t error_policy;
} gic_its_config_t;

typedef struct gic_config {
    unsigned num_cpus;        /* 1..512; affinity derived from the index (gic_cpu_affinity) */
    unsigned num_spis;        /* multiple of 32, 0..988 */
    unsigned id_bits;         /* INTID bits, GICD_TYPER.IDbits + 1: 14..24 with LPIs */
    bool two_security_states; /* false: GICD_CTLR.DS = 1 (single state) */
    unsigned pri_bits;        /* implemented priority bits, 4..8 */
    bool lpis;                /* GICD_TYPER.LPIS / GICR_TYPER.PLPIS */
    bool direct_lpi;          /* GICR_TYPER.DirectLPI */
    uint64_t gicd_base;
    uint64_t gicr_base;
    uint64_t gicr_stride;     /* 128 KiB for GICv3 frames */
    unsigned num_its;
    gic_its_config_t its[GIC_MAX_ITS];
    gic_mem_port_t mem;       /* every table/queue access of the GIC goes through it */
} gic_config_t;

/* Fills cfg with the defaults of the product card (QEMU virt-like memory map). */
void gic_config_default(gic_config_t *cfg);

/* Bus attributes of an access: security, and the sideband DeviceID of an MSI write. */
typedef struct gic_attrs {
    bool secure;
    uint32_t device_id;
} gic_attrs_t;

typedef struct gic gic_t;

/* Returns NULL and a message in err (if non-NULL) when cfg is invalid. */
gic_t *gic_create(const gic_config_t *cfg, char *err, size_t errlen);
void gic_destroy(gic_t *gic);
void gic_reset(gic_t *gic);
const gic_config_t *gic_get_config(const gic_t *gic);

/* MMIO. size is 1, 2, 4 or 8. Reserved offsets and sizes the register does not allow
 * are RAZ/WI and reported as guest errors; only addresses outside every frame fail. */
gic_status_t gic_mmio_read(gic_t *gic, uint64_t addr, unsigned size, gic_attrs_t attrs,
                           uint64_t *val);
gic_status_t gic_mmio_write(gic_t *gic, uint64_t addr, unsigned size, uint64_t val,
                            gic_attrs_t attrs);

/* Address and width of a register by architectural name ("GICD_ISENABLER1",
 * "GICR_CTLR", "GITS_BASER1"); instance is the CPU for GICR_*, the ITS for GITS_*. */
gic_status_t gic_reg_addr(const gic_t *gic, const char *name, unsigned instance,
                          uint64_t *addr, unsigned *width);

/* CPU interface system registers, accessed from the PE's current security state. */
gic_status_t gic_sysreg_read(gic_t *gic, unsigned cpu, gic_sysreg_t reg, uint64_t *val);
gic_status_t gic_sysreg_write(gic_t *gic, unsigned cpu, gic_sysreg_t reg, uint64_t val);
/* Security state of a PE (meaningful with two security states; default Non-secure). */
gic_status_t gic_cpu_set_secure(gic_t *gic, unsigned cpu, bool secure);
/* MPIDR-style affinity Aff3.Aff2.Aff1.Aff0 packed as in GICR_TYPER[63:32]. */
uint32_t gic_cpu_affinity(unsigned cpu);

/* Wired inputs. intid: SPI 32..32+num_spis-1; PPI 16..31 of one CPU. */
gic_status_t gic_set_spi(gic_t *gic, unsigned intid, bool level);
gic_status_t gic_set_ppi(gic_t *gic, unsigned cpu, unsigned intid, bool level);

/* An MSI: a 32-bit write of event_id to GITS_TRANSLATER of ITS its with device_id. */
gic_status_t gic_msi(gic_t *gic, unsigned its, uint32_t device_id, uint32_t event_id);

/* Outputs. */
typedef enum gic_signal { GIC_SIG_IRQ = 0, GIC_SIG_FIQ = 1 } gic_signal_t;
typedef void (*gic_signal_fn)(void *opaque, unsigned cpu, gic_signal_t sig, bool level);
void gic_set_signal_handler(gic_t *gic, gic_signal_fn fn, void *opaque);
bool gic_signal_level(const gic_t *gic, unsigned cpu, gic_signal_t sig);

/* Time. */
gic_time_t gic_now(const gic_t *gic);
gic_time_t gic_next_event_time(const gic_t *gic); /* GIC_TIME_NEVER when idle */
void gic_run_until(gic_t *gic, gic_time_t t);

/* Trace bus: every listener sees every event, synchronously, in order. */
gic_status_t gic_add_trace_listener(gic_t *gic, gic_trace_fn fn, void *opaque);

/* Counters. */
uint64_t gic_guest_error_count(const gic_t *gic);

#ifdef __cplusplus
}
#endif

#endif
