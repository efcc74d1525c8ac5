/* The GIC's private state, shared by the blocks in model/. One struct per block, named
 * after the architecture: gicd (distributor), gicr (redistributor), cpuif (CPU
 * interface). Register state lives in fields named after the register. */
#ifndef GICSIM_GIC_INTERNAL_H
#define GICSIM_GIC_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "bits.h"
#include "gicsim/gicsim.h"
#include "irq.h"
#include "its.h"
#include "lpi.h"
#include "regtab.h"
#include "scheduler.h"
#include "timing.h"
#include "vlpi.h"

#define GIC_FRAME_64K GIC_FRAME_SIZE
#define GIC_IIDR_VALUE 0x6700043Bu /* Implementer Arm (0x43B), ProductID 0x67 ('g') */
#define GIC_PIDR2_V3 0x3Bu         /* ArchRev 3, JEP106 bits as Arm's */

/* The per-INTID registers (IGROUPR, ISENABLER, ..., IPRIORITYR, ICFGR) are shared by
 * the distributor (SPIs) and the redistributor SGI frame (SGIs, PPIs): both blocks
 * start with a bank describing their interrupts, and irqregs.c works on banks. */
struct irq_bank {
    struct gic_irq *irq;
    uint32_t first, count; /* INTIDs first .. first + count - 1 */
};

struct gicd {
    struct irq_bank bank;   /* first member: see irqregs.c */
    bool enable_grp0, enable_grp1ns, enable_grp1s;
    bool ds;                /* GICD_CTLR.DS: single security state */
    struct gic_irq *spi;    /* INTIDs 32 .. 32 + num_spis - 1 */
    uint64_t *irouter;      /* GICD_IROUTER<n> per SPI */
    uint32_t *nsacr;        /* GICD_NSACR<n>: NS_access, 2 bits per INTID */
    unsigned next_1ofn;     /* round-robin cursor for 1-of-N routing */
};

struct gicr {
    struct irq_bank bank;   /* first member: see irqregs.c */
    unsigned cpu;
    bool processor_sleep;   /* GICR_WAKER.ProcessorSleep */
    uint32_t nsacr;         /* GICR_NSACR: NS_access, 2 bits per SGI */
    struct gic_irq sgi_ppi[32];
    struct gicr_lpi lpi;
    struct gicr_vlpi v;     /* GICv4.1 (vlpi.c) */
};

struct cpuif {
    bool secure;            /* the PE's current security state */
    uint8_t pmr;
    uint8_t bpr0, bpr1[2];  /* BPR1 banked: [0] Non-secure, [1] Secure */
    bool cbpr[2], eoimode[2];
    bool igrpen0, igrpen1[2];
    uint32_t apr[GIC_NUM_GRPS][4];
    /* Per active-priority bit: the interrupt's priority at the minimum binary point,
     * which ICC_RPR_EL1 reports whatever BPR grouped it by (apr holds group priority). */
    uint8_t apr_prio[GIC_NUM_GRPS][128];
    bool irq, fiq;          /* output levels */
    uint64_t rearbitrate_at; /* timing: a re-evaluation is queued then (0: none) */
    struct gic_heap ready[GIC_NUM_GRPS];
};

/* One frame of the map as the MMIO decode uses it (gic.c): the register table and the
 * block it acts on, found once at creation rather than on every access. */
struct mmio_frame {
    uint64_t base, size;
    const struct gic_regset *set; /* NULL: the redistributor region (per-CPU frames) */
    void *blk;
};

struct vcpuif; /* vcpuif.h */

struct gic_listener {
    gic_trace_fn fn;
    void *opaque;
};

struct gic {
    gic_config_t cfg;
    struct sched sched;
    unsigned preempt_bits;  /* min(pri_bits, 7): active-priority bits */
    uint8_t pri_mask;       /* CPU interface priority bits (PMR, preemption) */
    uint8_t dist_pri_mask;  /* distributor/redistributor priority bits (storage, order) */
    struct gicd gicd;
    struct gicr *gicr;
    struct cpuif *cpu;
    struct vcpuif *vcpu;    /* per PE with virtualization (cfg.virt.enabled), else NULL */
    gic_signal_fn signal_fn;
    void *signal_opaque;
    struct gic_listener *listeners;
    unsigned n_listeners;
    uint64_t guest_errors;
    struct its *its;        /* cfg.num_its of them */
    struct lpi_pool lpi_pool;
    struct lpi_prop_cache lpi_props;
    gic_lpi_stats_t lpi_stats;
    struct vpe **vpes;      /* GICv4.1: by vPEID (2^vpeid_bits), NULL until mapped */
    uint64_t *vsgi_busy_until; /* GICv4.1, per PE: GICR_VSGIPENDR.Busy reads 1 until then */
    struct vmovp_group vmovp;  /* GICv4.1: the multi-ITS VMOVP under way (its.h) */
    gic_vlpi_stats_t vlpi_stats;
    struct timing tm;       /* the profile in ps (timing.c) */
    struct mem_if dist_mem; /* distributor memory interface: LPI property reads */
    uint64_t prop_reads;    /* LPI configuration bytes read from memory */
    uint64_t lpi_visible;   /* timing: when the last LPI made pending reaches its PE */
    uint64_t vlpi_visible;  /* the same for the last vLPI (0: its vPE is not resident) */
    uint64_t access_ps;     /* cost of the last slave-port access (gic_last_access_time) */
    gic_frame_t frames[GIC_MAX_FRAMES]; /* the memory map, decode order (frames.c) */
    size_t n_frames;
    struct mmio_frame decode[GIC_MAX_FRAMES]; /* frames[i], ready for the MMIO decode */
};

/* frames.c: the frame of a kind and index (ITS number) in the map, or NULL. */
const gic_frame_t *gic_frame_of(const struct gic *g, gic_frame_kind_t kind, unsigned index);

/* trace.c: the trace bus and guest errors. GIC_TRACE(g, .kind = K, .its = ..., ...)
 * builds the event only when someone listens; gic_trace_emit stamps the time. */
#define GIC_TRACE(g, ...)                                                               \
    do {                                                                                \
        if ((g)->n_listeners)                                                           \
            gic_trace_emit((g), &(gic_trace_event_t){__VA_ARGS__});                     \
    } while (0)
void gic_trace_emit(struct gic *g, gic_trace_event_t *ev);
void gic_guest_error(struct gic *g, const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool gic_ds(const struct gic *g); /* single security state in effect */
int gic_cpu_by_affinity(const struct gic *g, uint32_t aff); /* NO_CPU if none */

/* irq state changes: call after changing pending/enable/active/priority/group/route. */
void gic_irq_update(struct gic *g, struct gic_irq *irq);
struct gic_irq *gic_irq_lookup(struct gic *g, int cpu, uint32_t intid); /* SGI/PPI/SPI */
enum gic_grp gic_irq_group(const struct gic *g, bool igroup, bool igrpmod);
void gic_irq_regroup_all(struct gic *g); /* after GICD_CTLR.DS changes */
void gic_set_pending(struct gic *g, struct gic_irq *irq, bool pending);
/* Input level from a wire: edge-triggered latch on rising. */
void gic_irq_set_level(struct gic *g, struct gic_irq *irq, int cpu, bool level);
/* GICD_SETSPI (set) / CLRSPI: an edge event for edge-triggered SPIs, an assertion or
 * deassertion of the message level for level-sensitive ones. */
void gic_irq_spi_message(struct gic *g, struct gic_irq *irq, bool set);
void gic_irq_reroute_1ofn(struct gic *g); /* after a PE's participation changed */

/* gicd.c / gicr.c / irqregs.c */
extern const struct gic_regset gicd_regset, gicr_rd_regset, gicr_sgi_regset;
void gicd_reset(struct gic *g);
bool gicd_offset_reserved(const struct gic *g, uint32_t off); /* MBIS = 0: SETSPI/CLRSPI */

/* NS_access field of interrupt intid in a GICD_NSACR<n> / GICR_NSACR array (2 bits per
 * INTID, 16 per word), capped at 0b10: GICR_NSACR's reserved 0b11 counts as 0b10, as
 * Arm recommends (access only grows with the value), and what GICD_NSACR's 0b11 adds
 * (GICD_ITARGETSR) does not exist with affinity routing. */
static inline unsigned gic_ns_access(const uint32_t *nsacr, uint32_t intid)
{
    unsigned f = (nsacr[intid / 16] >> (2 * (intid % 16))) & 3;
    return f == 3 ? 2 : f;
}
void gicr_reset(struct gic *g, struct gicr *r);

/* irqregs.c: handlers for the per-INTID registers of a bank (blk is a struct
 * irq_bank *); idx is the register index (IGROUPR<idx>), or the INTID for IPRIORITYR. */
uint64_t irqregs_read_igroupr(struct gic *g, void *blk, unsigned idx, gic_attrs_t a);
void irqregs_write_igroupr(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a);
uint64_t irqregs_read_igrpmodr(struct gic *g, void *blk, unsigned idx, gic_attrs_t a);
void irqregs_write_igrpmodr(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a);
uint64_t irqregs_read_enabler(struct gic *g, void *blk, unsigned idx, gic_attrs_t a);
void irqregs_write_isenabler(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a);
void irqregs_write_icenabler(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a);
uint64_t irqregs_read_pendr(struct gic *g, void *blk, unsigned idx, gic_attrs_t a);
void irqregs_write_ispendr(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a);
void irqregs_write_icpendr(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a);
uint64_t irqregs_read_activer(struct gic *g, void *blk, unsigned idx, gic_attrs_t a);
void irqregs_write_isactiver(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a);
void irqregs_write_icactiver(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a);
uint64_t irqregs_read_ipriorityr(struct gic *g, void *blk, unsigned idx, gic_attrs_t a);
void irqregs_write_ipriorityr(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a);
uint64_t irqregs_read_icfgr(struct gic *g, void *blk, unsigned idx, gic_attrs_t a);
void irqregs_write_icfgr(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a);
/* May an access with attributes a see interrupt irq (Non-secure view, DS = 0)? */
bool irqregs_visible(const struct gic *g, const struct gic_irq *irq, gic_attrs_t a);
void gic_deactivate(struct gic *g, struct gic_irq *irq);

/* checker.c */
void checker_its_enabled(struct gic *g, unsigned its);
void checker_lpis_enabled(struct gic *g, unsigned cpu);

/* cpuif.c */
void cpuif_reset(struct gic *g, unsigned cpu);
void cpuif_update(struct gic *g, unsigned cpu);
bool cpuif_group_enabled(const struct gic *g, unsigned cpu, enum gic_grp grp);

/* vcpuif.c */
void vcpuif_reset(struct gic *g, unsigned cpu);

#endif
