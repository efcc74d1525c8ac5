/* Typed trace events: the VCD writer, event log, statistics and spec checker all
 * listen here. Names follow QEMU's trace-event style. Each kind fills a fixed set of
 * named fields; the list below says which, and gic_trace_fields() returns it, so a
 * generic consumer (the event log) prints exactly those fields by name. */
#ifndef GICSIM_TRACE_H
#define GICSIM_TRACE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Fields an event may carry besides kind and time. */
#define GIC_TRACE_FIELDS(X)                                                              \
    X(CPU, "cpu")           /* cpu: the PE (-1 when not about one PE) */               \
    X(INTID, "intid")       /* intid: the interrupt (1023 when not about one) */       \
    X(ADDR, "addr")         /* addr: MMIO address */                                   \
    X(REG, "reg")           /* reg: gic_sysreg_t */                                    \
    X(VALUE, "value")       /* value: register value read or written */                \
    X(SIZE, "size")         /* size: access size in bytes */                           \
    X(SIGNAL, "signal")     /* signal: gic_signal_t (IRQ or FIQ) */                    \
    X(LEVEL, "level")       /* level: 0 or 1 */                                        \
    X(PRIORITY, "priority") /* priority: 8-bit priority */                             \
    X(GROUP, "group")       /* group: 0 Group 0, 1 Secure Group 1, 2 Non-secure Group 1 */\
    X(TARGET, "target")     /* target: the PE an SGI was sent to */                    \
    X(ACCEPTED, "accepted") /* accepted: the SGI was made pending at the target */     \
    X(ITS, "its")           /* its: ITS index */                                       \
    X(DEVICE, "device_id")  /* device: DeviceID */                                     \
    X(EVENT, "event_id")    /* event: EventID (the log names it event_id: "event" is the kind) */\
    X(CMD, "cmd")           /* cmd: ITS command opcode */                              \
    X(CODE, "code")         /* code: ITS command error, 0x01_CC_EE */                  \
    X(OFFSET, "offset")     /* offset: GITS_CREADR offset of the command */            \
    X(REASON, "reason")     /* reason: gic_msi_drop_t */                               \
    X(RULE, "rule")         /* rule: guest error rule id (docs/impdef.md) */           \
    X(DETAIL, "detail")     /* detail: guest error text */                             \
    X(JOURNEY, "journey")   /* journey: stage times of an LPI from an MSI */            \
    X(MSG, "msg")           /* msg: gic_link_msg_t, what a link message does */         \
    X(CACHE, "cache")       /* cache: gic_cache_t */                                    \
    X(HIT, "hit")           /* hit: the lookup hit (1) or missed (0) */         \
    X(LR, "lr")             /* lr: list register index */

typedef enum gic_trace_field {
#define GIC_TRACE_FIELD_ENUM(k, n) GIC_TF_##k##_BIT,
    GIC_TRACE_FIELDS(GIC_TRACE_FIELD_ENUM)
#undef GIC_TRACE_FIELD_ENUM
    GIC_TRACE_NUM_FIELDS
} gic_trace_field_t;

#define GIC_TF(k) (1u << GIC_TF_##k##_BIT)

/* X(kind, name, fields) — one line per event kind; drives the enum, the names and
 * the field sets. */
#define GIC_TRACE_KINDS(X)                                                              \
    X(GUEST_ERROR, "gic_guest_error", GIC_TF(RULE) | GIC_TF(DETAIL))                     \
    X(MMIO_READ, "gic_mmio_read", GIC_TF(ADDR) | GIC_TF(VALUE) | GIC_TF(SIZE))          \
    X(MMIO_WRITE, "gic_mmio_write", GIC_TF(ADDR) | GIC_TF(VALUE) | GIC_TF(SIZE))        \
    X(SYSREG_READ, "icc_sysreg_read", GIC_TF(CPU) | GIC_TF(REG) | GIC_TF(VALUE))        \
    X(SYSREG_WRITE, "icc_sysreg_write", GIC_TF(CPU) | GIC_TF(REG) | GIC_TF(VALUE))      \
    X(SIGNAL, "gic_cpu_signal", GIC_TF(CPU) | GIC_TF(SIGNAL) | GIC_TF(LEVEL))           \
    /* cpu -1: the interrupt is routed nowhere */                                        \
    X(SET_PENDING, "gic_set_pending", GIC_TF(CPU) | GIC_TF(INTID))                      \
    X(CLEAR_PENDING, "gic_clear_pending", GIC_TF(CPU) | GIC_TF(INTID))                  \
    X(ACK, "icc_iar_ack", GIC_TF(CPU) | GIC_TF(INTID) | GIC_TF(PRIORITY) | GIC_TF(GROUP))\
    X(PRIORITY_DROP, "icc_eoi_drop", GIC_TF(CPU) | GIC_TF(INTID) | GIC_TF(PRIORITY))    \
    X(DEACTIVATE, "gic_deactivate", GIC_TF(CPU) | GIC_TF(INTID))                        \
    /* cpu: the sender */                                                                \
    X(SGI, "icc_generate_sgi",                                                          \
      GIC_TF(CPU) | GIC_TF(INTID) | GIC_TF(TARGET) | GIC_TF(GROUP) | GIC_TF(ACCEPTED))    \
    /* cpu -1 for an SPI's wire */                                                       \
    X(WIRE, "gic_wire", GIC_TF(CPU) | GIC_TF(INTID) | GIC_TF(LEVEL))                    \
    X(ITS_COMMAND, "its_command", GIC_TF(ITS) | GIC_TF(CMD) | GIC_TF(OFFSET))           \
    X(ITS_CMD_ERROR, "its_command_error", GIC_TF(ITS) | GIC_TF(CODE) | GIC_TF(OFFSET))  \
    X(MSI, "its_msi", GIC_TF(ITS) | GIC_TF(DEVICE) | GIC_TF(EVENT))                     \
    /* cpu: the target redistributor */                                                  \
    X(MSI_TRANSLATED, "its_translate",                                                  \
      GIC_TF(CPU) | GIC_TF(INTID) | GIC_TF(ITS) | GIC_TF(DEVICE) | GIC_TF(EVENT))         \
    X(MSI_DROP, "its_msi_drop", GIC_TF(ITS) | GIC_TF(DEVICE) | GIC_TF(EVENT) | GIC_TF(REASON))\
    /* an LPI from an MSI became pending now (timing profiles only) */                   \
    X(LPI_TIMING, "gic_lpi_timing", GIC_TF(CPU) | GIC_TF(INTID) | GIC_TF(JOURNEY))       \
    /* the command at offset completed: CREADR moves past it */                          \
    X(ITS_COMMAND_DONE, "its_command_done", GIC_TF(ITS) | GIC_TF(CMD) | GIC_TF(OFFSET))  \
    /* the engine took an MSI from its input queue and starts translating it */          \
    X(ITS_TRANSLATE_START, "its_translate_start",                                       \
      GIC_TF(ITS) | GIC_TF(DEVICE) | GIC_TF(EVENT))                                     \
    /* a message from the ITS arrived at redistributor cpu (intid: 1023 if none) */      \
    X(LINK_ARRIVE, "its_link_arrive", GIC_TF(CPU) | GIC_TF(INTID) | GIC_TF(ITS) | GIC_TF(MSG))\
    X(ITS_CACHE, "its_cache_lookup", GIC_TF(ITS) | GIC_TF(CACHE) | GIC_TF(HIT))          \
    /* the LPI property cache (one for the GIC), looked up for an LPI of cpu */          \
    X(LPI_PROP_LOOKUP, "gic_lpi_prop_lookup", GIC_TF(CPU) | GIC_TF(INTID) | GIC_TF(HIT)) \
    /* The virtual interface: intid is the vINTID; signal is gic_vsignal_t */            \
    X(VSIGNAL, "icv_signal", GIC_TF(CPU) | GIC_TF(SIGNAL) | GIC_TF(LEVEL))              \
    X(VACK, "icv_iar_ack",                                                              \
      GIC_TF(CPU) | GIC_TF(INTID) | GIC_TF(PRIORITY) | GIC_TF(GROUP) | GIC_TF(LR))        \
    X(VPRIORITY_DROP, "icv_eoi_drop", GIC_TF(CPU) | GIC_TF(INTID) | GIC_TF(PRIORITY))   \
    /* lr -1 (0xFFFFFFFF): no LR matched, EOIcount counted it */                         \
    X(VDEACTIVATE, "icv_deactivate", GIC_TF(CPU) | GIC_TF(INTID) | GIC_TF(LR))          \
    /* value: ICH_MISR_EL2; level: the maintenance interrupt's input */                  \
    X(MAINTENANCE, "ich_maintenance", GIC_TF(CPU) | GIC_TF(VALUE) | GIC_TF(LEVEL))        \
    /* GICv4.1: value is the vPEID; intid the vINTID (VSET_PENDING, cpu: where the vPE \
     * is resident, -1 if not) or the doorbell pINTID (DOORBELL, cpu: its target) */     \
    X(VSET_PENDING, "gicr_vlpi_set_pending", GIC_TF(CPU) | GIC_TF(INTID) | GIC_TF(VALUE)) \
    /* a vLPI from an MSI became pending for vPE value (timing profiles only): its      \
     * journey; cpu: the redistributor it arrived at; journey.visible 0 when the vPE     \
     * was not resident (it waits in the VPT) */                                         \
    X(VLPI_TIMING, "gicr_vlpi_timing", GIC_TF(CPU) | GIC_TF(INTID) | GIC_TF(VALUE) | GIC_TF(JOURNEY)) \
    /* a vSGI (intid 0..15) became pending for vPE value (cpu as VSET_PENDING) */         \
    X(VSGI_SET_PENDING, "gicr_vsgi_set_pending", GIC_TF(CPU) | GIC_TF(INTID) | GIC_TF(VALUE)) \
    X(DOORBELL, "gicr_doorbell", GIC_TF(CPU) | GIC_TF(INTID) | GIC_TF(VALUE))            \
    /* level 1: the vPE became resident (its VPT parsed, Dirty over); 0: descheduled */   \
    X(VPE_RESIDENT, "gicr_vpe_residency", GIC_TF(CPU) | GIC_TF(VALUE) | GIC_TF(LEVEL))

/* What a message on the ITS-to-redistributor link does there. */
typedef enum gic_link_msg {
    GIC_LINK_SET,    /* make an LPI pending (an MSI, INT, a MAPTI-time pending bit) */
    GIC_LINK_CLEAR,  /* CLEAR, DISCARD */
    GIC_LINK_INV,    /* INV: re-read one LPI's configuration */
    GIC_LINK_INVALL, /* INVALL */
    GIC_LINK_MOVE,   /* MOVI: one pending LPI to another redistributor */
    GIC_LINK_MOVALL, /* MOVALL */
    GIC_LINK_VSET,   /* GICv4.1: make a vLPI pending for a vPE (an MSI, INT) */
    GIC_LINK_VCLEAR, /* CLEAR, DISCARD of a vLPI */
    GIC_LINK_VMAPP,  /* VMAPP: the vPE's mapping at its redistributor */
    GIC_LINK_VINVALL,/* VINVALL, INV of a vLPI: re-read configuration */
    GIC_LINK_VMOVE,  /* VMOVI: one pending vLPI to another vPE */
    GIC_LINK_INVDB,  /* INVDB: re-read the configuration of the vPE's default doorbell */
    GIC_LINK_VSGI,   /* GITS_SGIR: make a vSGI pending for a vPE */
    GIC_LINK_VSGI_CONFIG, /* VSGI: a vSGI's priority, group and enable, or Clear */
} gic_link_msg_t;

/* The GIC's caches. */
typedef enum gic_cache {
    GIC_CACHE_DEVICE, GIC_CACHE_EVENT, GIC_CACHE_COLLECTION, /* per ITS */
    GIC_CACHE_LPI_PROP,                                      /* the LPI property cache */
    GIC_CACHE_VPE,                                           /* GICv4.1: per ITS */
} gic_cache_t;

typedef enum gic_trace_kind {
#define GIC_TRACE_ENUM(k, n, f) GIC_TRACE_##k,
    GIC_TRACE_KINDS(GIC_TRACE_ENUM)
#undef GIC_TRACE_ENUM
    GIC_TRACE_NUM_KINDS
} gic_trace_kind_t;

/* The journey of one LPI from its MSI, in ps of simulated time (docs/timing.md):
 * written -> start: input queue; start -> done: translation (miss_ps of it waiting for
 * table reads); done -> arrived: links to the redistributor, where it became pending;
 * arrived -> visible: property lookup, arbitration and signalling to the CPU interface. */
typedef struct gic_lpi_journey {
    uint64_t written, start, done, arrived, visible;
    uint64_t miss_ps;
} gic_lpi_journey_t;

/* One event. Fields the kind does not carry are zero, except cpu (-1) and intid
 * (1023). Strings and the journey are valid during the callback only. */
typedef struct gic_trace_event {
    gic_trace_kind_t kind;
    uint64_t time;       /* picoseconds */
    int32_t cpu;
    uint32_t intid;
    uint64_t addr, value;
    uint32_t size, reg, signal, level, priority, group, target, accepted;
    uint32_t its, device, event, cmd, code, reason, msg, cache, hit, lr;
    uint64_t offset;
    const char *rule, *detail;
    const gic_lpi_journey_t *journey;
} gic_trace_event_t;

typedef void (*gic_trace_fn)(void *opaque, const gic_trace_event_t *ev);

const char *gic_trace_name(gic_trace_kind_t kind);
/* The fields kind carries: a mask of GIC_TF(...) bits. */
uint32_t gic_trace_fields(gic_trace_kind_t kind);
const char *gic_trace_field_name(gic_trace_field_t field);
const char *gic_link_msg_name(gic_link_msg_t msg); /* "set", "clear", ... */
const char *gic_cache_name(gic_cache_t cache);    /* "device", ..., "lpi_prop" */

#ifdef __cplusplus
}
#endif

#endif
