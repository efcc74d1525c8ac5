/* Typed trace events: the VCD writer, event log, statistics and spec checker all
 * listen here. Names follow QEMU's trace-event style. */
#ifndef GICSIM_TRACE_H
#define GICSIM_TRACE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* X(kind, name) — one line per event kind; drives the enum and the names. */
#define GIC_TRACE_KINDS(X)                                                              \
    X(GUEST_ERROR, "gic_guest_error")     /* text = rule: detail */                      \
    X(MMIO_READ, "gic_mmio_read")         /* a = addr, b = value, c = size */           \
    X(MMIO_WRITE, "gic_mmio_write")       /* a = addr, b = value, c = size */           \
    X(SYSREG_READ, "icc_sysreg_read")     /* cpu, a = reg, b = value */                  \
    X(SYSREG_WRITE, "icc_sysreg_write")   /* cpu, a = reg, b = value */                  \
    X(SIGNAL, "gic_cpu_signal")           /* cpu, a = 0 IRQ / 1 FIQ, b = level */       \
    X(SET_PENDING, "gic_set_pending")     /* cpu (-1: none), intid */                   \
    X(CLEAR_PENDING, "gic_clear_pending") /* cpu (-1: none), intid */                   \
    X(ACK, "icc_iar_ack")                 /* cpu, intid, a = priority, b = group */     \
    X(PRIORITY_DROP, "icc_eoi_drop")      /* cpu, intid, a = dropped priority */        \
    X(DEACTIVATE, "gic_deactivate")       /* cpu, intid */                              \
    X(SGI, "icc_generate_sgi")            /* cpu = source, intid, a = target cpu */     \
    X(WIRE, "gic_wire")                   /* cpu (-1 for SPI), intid, a = level */       \
    X(ITS_COMMAND, "its_command")         /* a = its, b = opcode, c = CREADR offset */  \
    X(ITS_CMD_ERROR, "its_command_error") /* a = its, b = 0x01_CC_EE code, c = CREADR */\
    X(MSI, "its_msi")                     /* a = its, b = DeviceID, c = EventID */      \
    X(MSI_TRANSLATED, "its_translate")    /* cpu = target, intid, a = its */            \
    X(MSI_DROP, "its_msi_drop")           /* a = its, b = reason, c = Dev << 32 | Ev */\
    X(LPI_TIMING, "gic_lpi_timing")       /* cpu, intid, journey: an LPI from an MSI \
                                             became pending now (timing profiles only) */

typedef enum gic_trace_kind {
#define GIC_TRACE_ENUM(k, n) GIC_TRACE_##k,
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

typedef struct gic_trace_event {
    gic_trace_kind_t kind;
    uint64_t time;     /* picoseconds */
    int32_t cpu;       /* -1 when not about one PE */
    uint32_t intid;    /* 1023 when not about one interrupt */
    uint64_t a, b, c;  /* kind-specific, see the list above */
    const char *text;  /* kind-specific, valid during the callback only, or NULL */
    const gic_lpi_journey_t *journey; /* LPI_TIMING only, else NULL */
} gic_trace_event_t;

typedef void (*gic_trace_fn)(void *opaque, const gic_trace_event_t *ev);

const char *gic_trace_name(gic_trace_kind_t kind);

#ifdef __cplusplus
}
#endif

#endif
