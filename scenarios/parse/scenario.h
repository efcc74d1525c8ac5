/* A parsed scenario: the system to build and the steps to run (docs/scenario-format.md).
 * Everything a scenario file can say is checked here, at parse time, so that a run
 * never starts on bad input; architectural mistakes are kept for the model to judge. */
#ifndef GICSIM_SCENARIO_H
#define GICSIM_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>

#include "gicsim/gicsim.h"

#define SCN_MAX_LIST 4096 /* intids / targets / dw in one step */

/* X(id, yaml key) — every step kind. */
#define SCN_STEPS(X)                                                                    \
    X(MAPD, "mapd") X(MAPC, "mapc") X(MAPTI, "mapti") X(MAPI, "mapi") X(MOVI, "movi")   \
    X(MOVALL, "movall") X(DISCARD, "discard") X(INT, "int") X(CLEAR, "clear")           \
    X(INV, "inv") X(INVALL, "invall") X(SYNC, "sync") X(VMAPP, "vmapp")                 \
    X(VMAPTI, "vmapti") X(VMAPI, "vmapi") X(VMOVI, "vmovi") X(VMOVP, "vmovp")           \
    X(VSYNC, "vsync") X(VINVALL, "vinvall") X(INVDB, "invdb") X(VSGI, "vsgi")           \
    X(RAW_COMMAND, "raw_command")                                                       \
    X(COMMANDS, "commands") X(LPI_CONFIG, "lpi_config") X(LPI_PENDING, "lpi_pending")   \
    X(VLPI_CONFIG, "vlpi_config") X(VPE_SCHEDULE, "vpe_schedule")                       \
    X(VPE_DESCHEDULE, "vpe_deschedule")                                                 \
    X(MEM_WRITE, "mem_write") X(MEM_READ, "mem_read") X(MMIO_WRITE, "mmio_write")       \
    X(MMIO_READ, "mmio_read") X(REG_WRITE, "reg_write") X(REG_READ, "reg_read")         \
    X(SYSREG_WRITE, "sysreg_write") X(SYSREG_READ, "sysreg_read") X(MSI, "msi")         \
    X(SPI, "spi") X(PPI, "ppi") X(SGI, "sgi") X(WAIT, "wait")                           \
    X(WAIT_UNTIL, "wait_until") X(ACK, "ack") X(EOI, "eoi") X(DIR, "dir")               \
    X(PE_STATE, "pe_state") X(VM, "vm") X(INJECT, "inject") X(LINK, "link")             \
    X(RUN, "run") X(EXIT, "exit") X(TRAFFIC, "traffic") X(EXPECT, "expect") X(EXPECT_NONE, "expect_none")             \
    X(EXPECT_ORDER, "expect_order") X(EXPECT_COUNT, "expect_count")                     \
    X(EXPECT_LATENCY, "expect_latency") X(EXPECT_ERROR, "expect_error")                 \
    X(EXPECT_STALLED, "expect_stalled")                                                 \
    X(STATS, "stats")

enum step_kind {
#define SCN_STEP_ENUM(id, key) STEP_##id,
    SCN_STEPS(SCN_STEP_ENUM)
#undef SCN_STEP_ENUM
    STEP_NUM_KINDS
};

/* scenario.c: the yaml key of a step kind ("?" if none). */
const char *step_name(enum step_kind k);

/* One ITS command: its packet, and whether the runner must allocate the ITT. */
struct scn_cmd {
    uint64_t dw[4];
    bool itt_auto;          /* MAPD itt: auto — ITT allocated at run time */
    unsigned line;
    bool l2_manual;         /* MAPD/MAPC l2: manual — no level-2 page allocated */
    bool vpt_auto, vconf_auto; /* VMAPP vpt/vconf: auto — allocated at run time */
};

/* End-to-end metrics, then the stages of an LPI's journey (timing profiles only):
 * MSI write -> translation start -> it left the ITS (minus cache-miss waits) -> arrival
 * at the redistributor -> IRQ to the PE. The CPU stage is irq_to_ack. */
enum metric {
    METRIC_MSI_TO_IRQ, METRIC_MSI_TO_ACK, METRIC_IRQ_TO_ACK,
    METRIC_ITS_QUEUE, METRIC_ITS_TRANSLATE, METRIC_CACHE_MISS, METRIC_LINK,
    METRIC_REDISTRIBUTOR,
    METRIC_MSI_TO_VISIBLE, /* MSI write -> presentable at the CPU interface: GIC only,
                              no CPU backlog (needs a journey, like the stages) */
    NUM_METRICS
};
#define METRIC_FIRST_STAGE METRIC_ITS_QUEUE
/* scenario.c: the metric names, NULL-terminated (a p_enum list). */
extern const char *const metric_names[NUM_METRICS + 1];

enum traffic_pattern { PAT_UNIFORM, PAT_ROUNDROBIN, PAT_ZIPF, PAT_BURST };

struct step {
    enum step_kind kind;
    unsigned line, col;
    unsigned its;
    bool wait;               /* command steps: wait for CREADR (default true) */
    struct scn_cmd *cmds;    /* command steps */
    unsigned n_cmds;
    int cpu;                 /* -1 = any / not given */
    uint32_t intid, intid_last;
    bool has_intid;
    uint64_t addr, value, mask, expect;
    bool has_expect;
    unsigned size;           /* bytes */
    char reg[48];
    int sysreg;
    uint32_t device, event, count;
    uint64_t time, interval; /* ps: wait, within, for, interval */
    int level;               /* spi/ppi: 0 low, 1 high, 2 pulse */
    bool flag;               /* lpi_config enable, lpi_pending set, expect_stalled,
                                reg/mmio/sysreg secure */
    uint32_t *list;          /* expect_order intids, sgi targets */
    unsigned n_list;
    bool all_but_self;
    uint8_t priority;
    enum metric metric;
    uint64_t p50, p99, max;  /* ps; UINT64_MAX when not given */
    /* traffic */
    uint32_t devices, first_device, events;
    bool map_auto;
    enum traffic_pattern pattern;
    double zipf_s;
    uint32_t burst;
    double rate;             /* MSIs per simulated second */
    /* virtualization */
    bool virt;               /* ack/eoi/dir: the virtual interface; expectations: virtual
                                deliveries */
    unsigned group;          /* ack/eoi: 0 (IAR0/EOIR0) or 1 (default) */
    unsigned el;             /* pe_state: 1 or 2; imo/fmo in imo, fmo */
    bool imo, fmo;
    unsigned vm, vcpu;       /* vm (id; count = vCPUs), inject, link, run */
    uint32_t vintid;         /* link: the virtual INTID of the physical one */
    bool hw;                 /* inject: HW-less software interrupt; link: always HW */
    uint32_t vpe;            /* vlpi_config, vpe_schedule: the vPEID */
    bool passthrough;        /* traffic {vm}: the devices are passed through to VM vm */
};

enum cpu_ack { CPU_ACK_AUTO, CPU_ACK_MANUAL };

struct scenario {
    char *file;
    char *name;
    bool driver_linux;
    bool hypervisor_kvm;              /* hypervisor: kvm (implies driver: linux) */
    gic_config_t gic;
    unsigned its_error_policy_set;
    enum cpu_ack ack;
    uint64_t ack_delay, handler_time; /* ps */
    enum cpu_ack guest_ack;           /* the guest CPU model (virtual interrupts) */
    uint64_t world_switch;            /* ps: a vCPU's entry or exit besides register accesses */
    uint64_t seed;
    double clock_hz;                  /* GIC clock, for `cycles` */
    char profile[256];                /* timing profile as named (`ideal` by default) */
    struct step *steps;
    unsigned n_steps;
};

/* A command-line override of one key (overrides.c): key is a dotted path, label what
 * the user typed ("--set timing.mem_read_ns=150"), used in error messages. */
struct scn_override {
    const char *key, *value, *label;
};

/* Parses path. Returns 0, or 2 with one line "FILE:LINE:COL: message" in err.
 * Call scenario_free afterwards in both cases. */
int scenario_load(struct scenario *s, const char *path, char *err, size_t errlen);
/* The same from memory; name is used in messages. */
int scenario_load_string(struct scenario *s, const char *name, const char *text, size_t len,
                         char *err, size_t errlen);
/* scenario_load(_string) with overrides applied to the document first; text NULL reads
 * the file name. */
int scenario_load_with(struct scenario *s, const char *name, const char *text, size_t len,
                       const struct scn_override *ov, unsigned n_ov, char *err,
                       size_t errlen);
void scenario_free(struct scenario *s);

#endif
