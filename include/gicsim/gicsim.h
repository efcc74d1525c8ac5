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

/* Reasons an MSI is dropped (rule 7 of the reference, plus the redistributor's). */
#define GIC_MSI_DROP_REASONS(X)                                                         \
    X(ITS_DISABLED, "its_disabled")             /* GITS_CTLR.Enabled = 0 */             \
    X(DEVICE_OOR, "device_out_of_range")        /* DeviceID beyond Devbits or table */  \
    X(DEVICE_UNMAPPED, "device_unmapped")       /* no valid DTE (or level-1 entry) */   \
    X(EVENT_OOR, "event_out_of_range")          /* EventID >= 2^(DTE.Size + 1) */       \
    X(NO_ITE, "no_ite")                         /* no valid ITE for the EventID */      \
    X(COLLECTION_UNMAPPED, "collection_unmapped") /* ITE's collection not mapped */     \
    X(LPI_DISABLED, "lpis_disabled")            /* target GICR_CTLR.EnableLPIs = 0 */   \
    X(LPI_OOR, "lpi_out_of_range")              /* INTID beyond GICR_PROPBASER.IDbits */\
    X(VPE_UNMAPPED, "vpe_unmapped")             /* vLPI: vPE unmapped, vINTID beyond VPT */\
    X(MEMORY_ABORT, "memory_abort")             /* a table read failed */

typedef enum gic_msi_drop {
#define GIC_MSI_DROP_ENUM(k, n) GIC_DROP_##k,
    GIC_MSI_DROP_REASONS(GIC_MSI_DROP_ENUM)
#undef GIC_MSI_DROP_ENUM
    GIC_NUM_DROP_REASONS
} gic_msi_drop_t;

const char *gic_msi_drop_name(gic_msi_drop_t reason);
/* The GICv3 ITS command with this opcode ("MAPTI"), or NULL for one the model does
 * not implement. */
const char *gic_its_cmd_name(unsigned opcode);

typedef struct gic_its_config {
    uint64_t base;            /* control frame; translation frame at base + 64 KiB */
    unsigned device_bits;     /* GITS_TYPER.Devbits + 1 (1..32) */
    unsigned event_bits;      /* GITS_TYPER.ID_bits + 1 (1..32) */
    unsigned collection_bits; /* 0: CIL = 0 (16-bit ICIDs); else CIDbits + 1 (1..16) */
    bool pta;                 /* RDbase is a physical address (true) or PE number */
    bool seis;                /* GITS_TYPER.SEIS */
    gic_its_error_policy_t error_policy;
    unsigned device_cache_entries;     /* 2-way set-associative; 0 = no cache */
    unsigned event_cache_entries;
    unsigned collection_cache_entries;
    unsigned vpe_cache_entries;        /* GICv4.1 vPE cache, 2-way; 0 = no cache */
} gic_its_config_t;

/* Timing parameters (docs/timing.md). Every field is named after the hardware structure
 * it describes; cycles are GIC clock cycles. All zero is the ideal profile: nothing
 * costs time and the model behaves as a zero-time functional model. */
#define GIC_TIMING_MAX_OUTSTANDING 32
typedef struct gic_timing {
    uint64_t clock_hz;                 /* GIC clock; needed when any *_cycles is set */
    unsigned mmio_access_cycles;       /* register access at the slave port */
    unsigned its_input_queue_entries;  /* GITS_TRANSLATER input queue; 0 = unbounded */
    unsigned its_accept_cycles;        /* MSI write accepted into the input queue */
    unsigned its_issue_cycles;         /* translation pipeline: cycles between starts */
    unsigned its_translations;         /* translations in flight at once; 0 = unbounded */
    unsigned its_lookup_cycles;        /* one device/event/collection cache lookup */
    unsigned its_command_cycles;       /* executing one command (after its fetch) */
    unsigned its_per_lpi_cycles;       /* INVALL/MOVALL: per pending LPI they touch */
    unsigned mem_read_ns;              /* memory latency, one read */
    unsigned mem_write_ns;             /* memory latency, one write */
    unsigned mem_max_reads;            /* outstanding reads per memory interface */
    unsigned mem_max_writes;           /* outstanding writes per memory interface */
    unsigned mem_bytes_per_cycle;      /* bandwidth per interface; 0 = unlimited */
    unsigned link_its_dist_cycles;     /* ITS -> distributor hop */
    unsigned link_dist_redist_cycles;  /* distributor -> redistributor hop */
    unsigned lpi_cache_hit_cycles;     /* LPI property lookup that hits */
    unsigned redist_arbitration_cycles;/* re-arbitrating the highest-priority pending */
    unsigned cpuif_signal_cycles;      /* redistributor -> CPU interface, line rises */
    unsigned ich_access_cycles;        /* an ICH_*_EL2 / ICV_*_EL1 register access */
    unsigned lr_signal_cycles;         /* an LR write -> the vIRQ/vFIQ it makes rises */
    unsigned maintenance_cycles;       /* ICH_MISR_EL2 change -> maintenance PPI level */
    unsigned vpe_residency_cycles;     /* GICv4.1: a GICR_VPENDBASER Valid change, fixed
                                          part (the VPT scan's reads come on top) */
    unsigned doorbell_cycles;          /* GICv4.1: generating a doorbell (physical LPI) */
} gic_timing_t;

/* The virtual CPU interface (ICH_VTR_EL2). enabled = false: no EL2 (ICH/ICV accesses
 * are guest errors, as UNDEFINED instructions would be). */
typedef struct gic_virt_config {
    bool enabled;
    unsigned list_registers;   /* 1..16 (ICH_VTR_EL2.ListRegs + 1) */
    unsigned priority_bits;    /* 5..8 (PRIbits + 1) */
    unsigned preemption_bits;  /* 5..priority_bits, at most 7 (PREbits + 1) */
    unsigned maintenance_intid;/* the maintenance interrupt, a PPI 16..31 (default 25) */
    bool gicv4;                /* GICv4.1 direct injection (vPEs, vLPIs, doorbells): needs
                                  enabled and gicr_stride >= 256 KiB (the VLPI frame) */
    unsigned vpeid_bits;       /* vPEID width, 1..16 (default 16) */
    bool vmovp_list;           /* GITS_TYPER.VMOVP = 0: VMOVP goes to every ITS of its
                                  ITSList with one SequenceNumber (default: the single
                                  form, GITS_TYPER.VMOVP = 1) */
} gic_virt_config_t;

typedef struct gic_config {
    unsigned num_cpus;        /* 1..512; affinity derived from the index (gic_cpu_affinity) */
    unsigned num_spis;        /* multiple of 32, 0..988 */
    unsigned id_bits;         /* INTID bits, GICD_TYPER.IDbits + 1: 14..24 with LPIs */
    bool two_security_states; /* false: GICD_CTLR.DS = 1 (single state) */
    unsigned pri_bits;        /* CPU interface priority bits (ICC_CTLR_EL1.PRIbits + 1),
                                 4..8: PMR, BPR, preemption */
    unsigned dist_pri_bits;   /* priority bits the distributor and redistributors store
                                 and select by, 4..8; 0 (the default) = pri_bits */
    bool mbis;                /* GICD_TYPER.MBIS: SETSPI/CLRSPI (default true); false
                                 makes those registers reserved */
    bool lpis;                /* GICD_TYPER.LPIS / GICR_TYPER.PLPIS */
    bool direct_lpi;          /* GICR_TYPER.DirectLPI */
    uint64_t gicd_base;
    uint64_t gicr_base;
    uint64_t gicr_stride;     /* 128 KiB for GICv3 frames */
    unsigned lpi_prop_cache_entries; /* distributor LPI property cache, 2-way; 0 = none */
    unsigned num_its;
    gic_its_config_t its[GIC_MAX_ITS];
    gic_mem_port_t mem;       /* every table/queue access of the GIC goes through it */
    gic_timing_t timing;      /* all zero (the default): ideal, zero latency */
    gic_virt_config_t virt;   /* EL2 and the virtual CPU interface (default: none) */
} gic_config_t;

/* Fills cfg with the defaults of the product card (QEMU virt-like memory map). */
void gic_config_default(gic_config_t *cfg);
/* Turns on GICv4.1 (virt.enabled, virt.gicv4) with the map it needs: a redistributor
 * stride of at least 256 KiB (the VLPI frame) and, for every ITS still at its default
 * base, the GICv4.1 default (an ITS is 192 KiB then: ITS0 at 0x0804_0000, below the
 * GICR region; ITS n >= 1 at 0x2000_0000 + (n - 1) x 256 KiB). */
void gic_config_enable_gicv4(gic_config_t *cfg);

/* Bus attributes of an access: security, and the sideband DeviceID of an MSI write. */
typedef struct gic_attrs {
    bool secure;
    uint32_t device_id;
} gic_attrs_t;

typedef struct gic gic_t;

/* Checks a configuration (everything but the memory port); false with a message. */
bool gic_config_check(const gic_config_t *cfg, char *err, size_t errlen);

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

/* A debugger's read (TLM transport_dbg, a GDB stub): the value gic_mmio_read would
 * return, with no side effect at all: no trace event, no guest error, no access time,
 * and the clock is not moved (register reads change no GIC state). GIC_ERR_ARG where
 * a real read would be RAZ with a guest error (reserved offset, write-only register,
 * a size the register does not allow), GIC_ERR_UNMAPPED outside every frame. */
gic_status_t gic_mmio_peek(gic_t *gic, uint64_t addr, unsigned size, gic_attrs_t attrs,
                           uint64_t *val);

/* The memory map: the frames a bus maps, as the GIC decodes them. Every bus wrapper
 * (tlm/, a user's platform) takes its windows from here rather than re-deriving them
 * from the config. Entries come in decode order: the distributor, the redistributor
 * region, then each ITS's control and translation frames.
 *
 * The redistributors are one entry, one window on a bus: num_cpus frames of `stride`
 * bytes each. CPU i's RD_base is at base + i * stride, its SGI_base GIC_GICR_SGI_OFFSET
 * above; the rest of a stride wider than 128 KiB is reserved (RAZ/WI, guest error). */
#define GIC_FRAME_SIZE 0x10000u       /* every architected register frame: 64 KiB */
#define GIC_GICR_SGI_OFFSET 0x10000u  /* SGI_base from RD_base */
#define GIC_GICR_VLPI_OFFSET 0x20000u /* GICv4.1 VLPI_base from RD_base */
#define GIC_ITS_SGI_OFFSET 0x20000u   /* GICv4.1 vSGI frame (GITS_SGIR) from ITS_base */
#define GIC_MAX_FRAMES (2 + 3 * GIC_MAX_ITS)

typedef enum gic_frame_kind {
    GIC_FRAME_GICD = 0,       /* distributor */
    GIC_FRAME_GICR,           /* all redistributors (RD_base + SGI_base per CPU) */
    GIC_FRAME_ITS_CTRL,       /* ITS `index`: control frame (GITS_CTLR ...) */
    GIC_FRAME_ITS_TRANSLATER, /* ITS `index`: translation frame (GITS_TRANSLATER) */
    GIC_FRAME_ITS_SGI,        /* ITS `index`: GICv4.1 vSGI frame (GITS_SGIR), only with
                                 virt.gicv4: an ITS is then three frames, 192 KiB */
} gic_frame_kind_t;

typedef struct gic_frame {
    gic_frame_kind_t kind;
    unsigned index;   /* the ITS for ITS frames; 0 otherwise */
    uint64_t base;    /* the window: [base, base + size) */
    uint64_t size;
    uint64_t stride;  /* GICR: bytes per redistributor (size = num_cpus x stride);
                         otherwise equal to size */
    const char *name; /* "GICD", "GICR", "GITS", "GITS_TRANSLATER", "GITS_SGI" (static) */
} gic_frame_t;

/* Computes the map of a configuration into out[0 .. max-1] and returns the number of
 * frames it has (at most GIC_MAX_FRAMES; call with max = 0 to size out). It reads only
 * the addresses and counts of cfg and does not check them: gic_config_check does. A
 * bus wrapper that must build its sockets before the GIC exists uses this one. */
size_t gic_config_frames(const gic_config_t *cfg, gic_frame_t *out, size_t max);
/* The map of a GIC: gic_config_frames of its configuration, the one its MMIO decodes. */
size_t gic_frames(const gic_t *gic, gic_frame_t *out, size_t max);

/* Address and width of a register by architectural name ("GICD_ISENABLER1",
 * "GICR_CTLR", "GITS_BASER1"); instance is the CPU for GICR_*, the ITS for GITS_*. */
gic_status_t gic_reg_addr(const gic_t *gic, const char *name, unsigned instance,
                          uint64_t *addr, unsigned *width);

/* CPU interface system registers, accessed from the PE's current security state. */
gic_status_t gic_sysreg_read(gic_t *gic, unsigned cpu, gic_sysreg_t reg, uint64_t *val);
gic_status_t gic_sysreg_write(gic_t *gic, unsigned cpu, gic_sysreg_t reg, uint64_t val);
/* Security state of a PE (meaningful with two security states; default Non-secure). */
gic_status_t gic_cpu_set_secure(gic_t *gic, unsigned cpu, bool secure);
/* A PE's exception level (1 or 2) and HCR_EL2.IMO/FMO (virtualization only; default
 * EL1 with IMO = FMO = 0). At Non-secure EL1 with IMO = 1 the Group 1 and common ICC_*
 * registers reach the virtual interface (ICV_*), with FMO = 1 the Group 0 and common
 * ones. ICV_* names always reach it; ICH_* names are EL2 accesses (docs/impdef.md). */
gic_status_t gic_cpu_set_el(gic_t *gic, unsigned cpu, unsigned el, bool imo, bool fmo);
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
/* Simulated time (ps) the last gic_mmio_read/gic_mmio_write/gic_msi took at the GIC's
 * slave port: the register access cost of the timing profile. A bus wrapper adds it to
 * the transaction's delay. A GITS_TRANSLATER write that finds the ITS input queue full
 * is held inside the GIC until an entry frees; that wait is not known when the call
 * returns and shows as msi_backpressure_ps and in the LPI's its_queue stage. */
gic_time_t gic_last_access_time(const gic_t *gic);
/* The register at addr ("GICD_ISENABLER1"; a redistributor's or an ITS's with its index,
 * "GICR_WAKER[2]", "GITS_CWRITER[0]"): false for a reserved offset or an address
 * outside every frame. For logs and messages. */
bool gic_reg_name(gic_t *gic, uint64_t addr, char *buf, size_t len);

/* Trace bus: every listener sees every event, synchronously, in order. */
gic_status_t gic_add_trace_listener(gic_t *gic, gic_trace_fn fn, void *opaque);
/* Removes the listener added with (fn, opaque); GIC_ERR_ARG if there is none. */
gic_status_t gic_remove_trace_listener(gic_t *gic, gic_trace_fn fn, void *opaque);

/* Observers: read state without side effects and without trace events (for
 * waveforms and reports). */
uint8_t gic_cpu_running_priority(const gic_t *gic, unsigned cpu); /* 0xFF when idle */
int gic_cpu_pending_priority(const gic_t *gic, unsigned cpu);     /* -1 when none */
uint32_t gic_its_queue_depth(const gic_t *gic, unsigned its);     /* commands waiting */
bool gic_its_busy(const gic_t *gic, unsigned its);                /* not quiescent */
bool gic_its_stalled(const gic_t *gic, unsigned its);
/* Timing profiles (0 under ideal): MSIs in the ITS's input queue; MSIs the engine has
 * taken and that have not reached their redistributor; reads booked on the ITS's (or
 * the distributor's) memory interface that complete after now. */
uint32_t gic_its_msi_queue_depth(const gic_t *gic, unsigned its);
uint32_t gic_its_translations_in_flight(const gic_t *gic, unsigned its);
unsigned gic_its_outstanding_reads(const gic_t *gic, unsigned its);
unsigned gic_dist_outstanding_reads(const gic_t *gic);

/* Why ICC_IAR<group>_EL1 of cpu would read 1023 now, in one sentence naming the
 * register that decides it (nothing pending, group disabled, PMR, running priority,
 * the other group). For messages; it changes nothing. Returns snprintf's count. */
int gic_cpu_why_spurious(const gic_t *gic, unsigned cpu, unsigned group, char *buf,
                         size_t len);

/* The virtual CPU interface of a PE (false / 0 / 0xFF without virtualization). */
typedef enum gic_vsignal { GIC_VSIG_VIRQ = 0, GIC_VSIG_VFIQ = 1 } gic_vsignal_t;
bool gic_vcpu_signal_level(const gic_t *gic, unsigned cpu, gic_vsignal_t sig);
bool gic_vcpu_maintenance_level(const gic_t *gic, unsigned cpu); /* the PPI's input */
unsigned gic_vcpu_valid_lrs(const gic_t *gic, unsigned cpu);      /* State != Invalid */
uint8_t gic_vcpu_running_priority(const gic_t *gic, unsigned cpu); /* 0xFF when idle */
uint32_t gic_vcpu_misr(const gic_t *gic, unsigned cpu);           /* ICH_MISR_EL2 */

/* GICv4.1 (cfg.virt.gicv4): the vPE resident on cpu's redistributor (-1 if none);
 * whether a vLPI is pending for a vPE (resident or in its VPT); and the vLPI counts. */
int gic_vpe_resident(const gic_t *gic, unsigned cpu);
bool gic_vlpi_is_pending(const gic_t *gic, uint32_t vpeid, uint32_t vintid);
/* The vSGIs pending for a vPE (bit n: vINTID n), as GICR_VSGIPENDR.Pending reports. */
uint16_t gic_vsgi_pending(const gic_t *gic, uint32_t vpeid);
unsigned gic_vlpi_pending_count(const gic_t *gic, uint32_t vpeid);
/* Why a vLPI offered to the GIC did not become pending (besides coalescing). */
#define GIC_VLPI_DROP_REASONS(X)                                                          \
    X(VPE_UNMAPPED, "vpe_unmapped")     /* no vPE: the ITS's vPE table or the redistributor */\
    X(VPT_RANGE, "vpt_out_of_range")    /* vINTID no LPI, or beyond the vPE's VPT size */  \
    X(HOST_MEMORY, "host_memory")       /* the simulator ran out of memory */

typedef enum gic_vlpi_drop {
#define GIC_VLPI_DROP_ENUM(k, n) GIC_VLPI_DROP_##k,
    GIC_VLPI_DROP_REASONS(GIC_VLPI_DROP_ENUM)
#undef GIC_VLPI_DROP_ENUM
    GIC_NUM_VLPI_DROPS
} gic_vlpi_drop_t;

const char *gic_vlpi_drop_name(gic_vlpi_drop_t reason);

typedef struct gic_vlpi_stats {
    /* offered: vLPIs the GIC was asked to make pending: MSIs whose ITE is virtual (the
     * vPE found or not), INT of a virtual ITE, bits a VPT scan found; moves (VMOVI) are
     * not offers */
    uint64_t offered;
    uint64_t set_pending;      /* vLPIs that became pending (resident or not) */
    uint64_t coalesced;        /* set while already pending */
    uint64_t acknowledged;     /* taken through ICV_IAR1_EL1: delivered */
    uint64_t cleared;          /* pending, then dropped: CLEAR, DISCARD, VMAPP V = 0, a
                                  VMOVI onto a pending vLPI or an unmapped vPE */
    uint64_t dropped[GIC_NUM_VLPI_DROPS]; /* offered, never pending */
    uint64_t pending;          /* pending now, in the VPTs (gic_get_vlpi_stats sums) */
    uint64_t doorbells;        /* doorbells generated (physical LPIs) */
    uint64_t residency_changes;/* GICR_VPENDBASER Valid 0->1 and 1->0 */
    uint64_t vpe_cache_hits, vpe_cache_misses;
    /* vSGIs: GITS_SGIR writes that reached a redistributor or were dropped (offered),
     * made pending, set while pending, taken through
     * ICV_IAR0/1, cleared (VSGI Clear = 1, VMAPP V = 0), dropped (no mapped vPE, or a
     * disabled ITS), pending now */
    uint64_t vsgi_offered, vsgi_set_pending, vsgi_coalesced, vsgi_acknowledged, vsgi_cleared;
    uint64_t vsgi_dropped, vsgi_pending;
} gic_vlpi_stats_t;
/* Invariants (checked by gic_check_invariants):
 *   offered == acknowledged + coalesced + cleared + pending + dropped[*]
 *   set_pending == acknowledged + cleared + pending
 * and the same for vSGIs (vsgi_offered == vsgi_acknowledged + vsgi_coalesced +
 * vsgi_cleared + vsgi_pending + vsgi_dropped). */
void gic_get_vlpi_stats(const gic_t *gic, gic_vlpi_stats_t *out);

/* Tells the spec checker that software wrote [addr, addr + len) of memory: writes
 * into tables the GIC owns while they are live are reported as guest errors. */
void gic_mem_written(gic_t *gic, uint64_t addr, uint64_t len);

/* Checks the model's internal bookkeeping (ready queues, pending LPIs against their
 * pending-table bits, MSI and LPI accounting). false with a message on a model bug. */
bool gic_check_invariants(const gic_t *gic, char *why, size_t len);

/* Counters. */
uint64_t gic_guest_error_count(const gic_t *gic);

typedef struct gic_lpi_stats {
    uint64_t set_pending;          /* LPIs that became pending (any source) */
    uint64_t coalesced;            /* set while already pending */
    uint64_t dropped_disabled;     /* GICR_CTLR.EnableLPIs = 0: lost */
    uint64_t dropped_out_of_range; /* INTID beyond GICR_PROPBASER.IDbits */
    uint64_t acknowledged;
    uint64_t cleared;              /* left pending without acknowledge (CLEAR, DISCARD,
                                      CLRLPIR, EnableLPIs cleared, moved and lost) */
    uint64_t prop_cache_hits, prop_cache_misses;
} gic_lpi_stats_t;

/* Invariant: set_pending == acknowledged + cleared + (LPIs pending now). */
void gic_get_lpi_stats(const gic_t *gic, gic_lpi_stats_t *out);
bool gic_lpi_is_pending(const gic_t *gic, unsigned cpu, uint32_t intid);
unsigned gic_lpi_pending_count(const gic_t *gic, unsigned cpu);

typedef struct gic_its_stats {
    uint64_t msi_offered;      /* GITS_TRANSLATER writes */
    uint64_t msi_translated;   /* reached a redistributor: pending or coalesced */
    uint64_t msi_coalesced;    /* of those, the LPI was already pending */
    uint64_t msi_dropped[GIC_NUM_DROP_REASONS];
    uint64_t msi_in_flight;    /* offered, not yet translated or dropped */
    uint64_t commands;         /* commands executed (with or without error) */
    uint64_t command_errors;
    uint32_t last_error;       /* 0x01_CC_EE of the last command error, 0 if none */
    uint64_t device_cache_hits, device_cache_misses;
    uint64_t event_cache_hits, event_cache_misses;
    uint64_t collection_cache_hits, collection_cache_misses;
    /* Timing profiles only (zero under ideal): */
    uint64_t msi_queue_max;    /* most MSIs ever in the input queue (waiting to start) */
    uint64_t msi_backpressure_ps; /* total time writes were held back by a full queue */
    uint64_t command_queue_max;/* most commands ever between CREADR and CWRITER */
    uint64_t mem_reads, mem_writes; /* accesses on the ITS's memory interface */
    uint64_t mem_wait_ps;      /* time accesses waited for an outstanding slot or bus */
} gic_its_stats_t;

/* The distributor's memory interface (LPI property reads), timing profiles only. */
typedef struct gic_mem_if_stats {
    uint64_t reads, writes, wait_ps;
} gic_mem_if_stats_t;
void gic_dist_mem_stats(const gic_t *gic, gic_mem_if_stats_t *out);

gic_status_t gic_its_get_stats(const gic_t *gic, unsigned its, gic_its_stats_t *out);
/* How many command errors with this code (0x01_CC_EE) the ITS recorded. */
uint64_t gic_its_error_count(const gic_t *gic, unsigned its, uint32_t code);
/* The architectural name of a command error code ("MAPTI_PHYSICALID_OOR" for
 * 0x010A06; "UNSUPPORTED_COMMAND" for the model's own), or NULL for a code that has
 * none; and the code of a name (false if none). */
const char *gic_its_error_name(uint32_t code);
bool gic_its_error_code(const char *name, uint32_t *code);
/* Command error codes the model reports besides the architected ones. */
#define GIC_ITS_ERR_UNSUPPORTED(op) (0x0100FFu | ((uint32_t)(op) << 8))

#ifdef __cplusplus
}
#endif

#endif
