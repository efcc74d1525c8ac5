/* Interrupt Translation Service: registers (its_regs.c), tables and caches
 * (its_tables.c), the command queue (its_cmd.c), MSI translation (its_translate.c),
 * and the engine's timing, memory interface and link to the redistributors
 * (its_link.c). Table entry layouts are in docs/its-tables.md. */
#ifndef GICSIM_ITS_H
#define GICSIM_ITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gicsim/gicsim.h"
#include "timing.h"

struct gic;

enum { ITS_NUM_BASER = 8, ITS_BASER_DEVICES = 0, ITS_BASER_COLLECTIONS = 1, ITS_BASER_VPES = 2 };
enum { ITS_ENTRY_BYTES = 8 };        /* DTE, CTE and ITE are 8 bytes each */
enum { ITS_ITE_V4_BYTES = 16 };      /* GICv4.1: an ITE also holds a doorbell */
enum { ITS_VPE_ENTRY_BYTES = 32 };   /* GICv4.1 vPE table entry */
enum { ITS_CMD_BYTES = 32 };

/* 2-way set-associative cache of raw table entries, LRU within a set. */
struct its_cache {
    uint32_t sets;
    uint64_t *key;   /* 2 per set */
    uint64_t *val;
    uint64_t *val2;  /* a second word per line (a virtual ITE's doorbell) */
    uint8_t *valid;
    uint8_t *lru;    /* per set: way to replace next */
    uint64_t hits, misses;
};

/* Decoded entries (docs/its-tables.md). */
struct its_dte { bool valid; unsigned size; uint64_t itt; };
/* virt (GICv4.1): intid is the vINTID, icid the vPEID, db the doorbell (1023 none). */
struct its_ite { bool valid; uint32_t intid; uint16_t icid; bool virt; uint32_t db; };
/* GICv4.1 vPE table entry. */
struct its_vte { bool valid; uint64_t rdbase; uint64_t vpt, vconf; unsigned vpt_bits; uint32_t db; };
struct its_cte { bool valid; uint64_t rdbase; };

enum its_lookup {
    ITS_FOUND,
    ITS_OUT_OF_RANGE,   /* ID beyond the implemented bits or the table */
    ITS_NOT_MAPPED,     /* no table, invalid level-1 entry, or invalid entry */
    ITS_ABORT,          /* memory access failed */
};

/* A message from an ITS to a redistributor (its_link.c). */
/* The link's messages are the public gic_link_msg_t (trace.h), so a trace names them. */
enum its_msg_op {
    MSG_SET = GIC_LINK_SET, MSG_CLEAR = GIC_LINK_CLEAR, MSG_INV = GIC_LINK_INV,
    MSG_INVALL = GIC_LINK_INVALL, MSG_MOVE = GIC_LINK_MOVE, MSG_MOVALL = GIC_LINK_MOVALL,
    MSG_VSET = GIC_LINK_VSET, MSG_VCLEAR = GIC_LINK_VCLEAR, MSG_VMAPP = GIC_LINK_VMAPP,
    MSG_VINVALL = GIC_LINK_VINVALL, MSG_VMOVE = GIC_LINK_VMOVE, MSG_INVDB = GIC_LINK_INVDB,
    MSG_VSGI = GIC_LINK_VSGI, MSG_VSGI_CONFIG = GIC_LINK_VSGI_CONFIG
};
struct its_msg {
    uint8_t op;
    uint16_t cpu, cpu2;     /* target PE; MOVE/MOVALL: destination PE */
    uint32_t intid;
    uint32_t next_free;     /* free list link (index + 1) */
    uint64_t written, start, done, miss_ps; /* MSG_SET from an MSI: its journey */
    uint64_t accepted;      /* entered the input queue (UINT64_MAX: held back) */
    uint32_t devid, eventid;                 /* MSG_SET from an MSI, for drops */
    bool from_msi;
    /* GICv4.1: vPEID (VMOVE: the source; vpeid2 the destination), the doorbell (VSGI
     * config: priority | group << 8 | enable << 9 | clear << 10), and VMAPP's mapping */
    uint16_t vpeid, vpeid2;
    uint32_t db;
    bool valid;
    uint8_t vpt_bits;
    uint64_t vpt, vconf;
};

/* The ITS's timing state: one engine serving MSIs and commands in turn, its memory
 * interface, and the in-order link to the redistributors. */
struct its_timing {
    struct mem_if mem;
    uint64_t cursor;        /* the engine's clock during the current operation */
    uint64_t miss_ps;       /* time the current translation waited for table reads */
    uint64_t engine_free;   /* when the engine can start its next operation */
    uint64_t last_out;      /* when the last message left the ITS (links are in order) */
    uint32_t *fifo;         /* ring of MSI messages waiting to start translating: the */
    uint32_t fifo_head, fifo_n, fifo_cap; /* first queue_entries are in the input queue,
                                             the rest are writes held back (full queue) */
    uint64_t *slot_free;    /* per translation slot: when its table walk ends */
    bool dispatch_scheduled;
    uint64_t *rd_last;      /* per PE: arrival time of the last message sent to it */
    struct its_msg *msg;    /* message pool */
    uint32_t n_msg, cap_msg, free_msg; /* free_msg: head index + 1, 0 = none */
    uint32_t in_flight;     /* messages on the link */

    bool cmd_done_at_next;  /* process(): the previous command completes now */
};

/* A multi-ITS VMOVP (GITS_TYPER.VMOVP = 0) under way: the ITSs that reached it wait
 * until every ITS of ITSList has (its_vcmd.c). */
struct vmovp_group {
    bool open;
    uint16_t seq, list, arrived;
    uint32_t vpeid;
    int cpu;
};

struct its {
    struct gic *gic;
    unsigned idx;
    gic_its_config_t cfg;
    bool enabled;
    uint64_t cbaser, cwriter, creadr;
    bool stalled;
    bool vmovp_wait;        /* at a multi-ITS VMOVP, waiting for the other listed ITSs */
    bool process_scheduled;
    unsigned cmd_op;        /* opcode of the command at CREADR, once fetched */
    uint64_t baser[ITS_NUM_BASER];
    struct its_cache dev_cache, ev_cache, coll_cache, vpe_cache;
    gic_its_stats_t stats;
    struct its_timing tm;   /* its_link.c */
    uint32_t err_count[256][32]; /* [opcode][cause & 31]: cause 0xFF counts in 31 */
};

/* its_regs.c */
extern const struct gic_regset its_ctrl_regset, its_trans_regset, its_sgi_regset;
bool its_init(struct gic *g, struct its *its, unsigned idx);
void its_free(struct its *its);
void its_reset(struct gic *g, struct its *its);

/* its_tables.c */
unsigned its_collection_bits(const struct its *its);
/* The memory a GITS_BASER<n> table occupies (its level-1 part); false if not valid. */
bool its_table_region(const struct its *its, unsigned n, uint64_t *base, uint64_t *size);
/* Is the table address aligned to the table's page size? */
bool its_baser_aligned(uint64_t baser);
enum its_lookup its_read_dte(struct gic *g, struct its *its, uint32_t devid,
                             struct its_dte *out);
enum its_lookup its_write_dte(struct gic *g, struct its *its, uint32_t devid,
                              const struct its_dte *dte);
enum its_lookup its_read_ite(struct gic *g, struct its *its, uint32_t devid,
                             const struct its_dte *dte, uint32_t eventid,
                             struct its_ite *out);
enum its_lookup its_write_ite(struct gic *g, struct its *its, uint32_t devid,
                              const struct its_dte *dte, uint32_t eventid,
                              const struct its_ite *ite);
enum its_lookup its_read_cte(struct gic *g, struct its *its, uint32_t icid,
                             struct its_cte *out);
enum its_lookup its_write_cte(struct gic *g, struct its *its, uint32_t icid,
                              const struct its_cte *cte);
/* GICv4.1 (its_tables.c): ITE size, and the vPE table. */
unsigned its_ite_bytes(const struct its *its);
enum its_lookup its_read_vte(struct gic *g, struct its *its, uint32_t vpeid,
                             struct its_vte *out);
enum its_lookup its_write_vte(struct gic *g, struct its *its, uint32_t vpeid,
                              const struct its_vte *vte);
/* The redistributor a vPE is mapped to (through the vPE cache), or -1. */
int its_vpe_cpu(struct gic *g, struct its *its, uint32_t vpeid);
/* its_vcmd.c: the GICv4.1 commands (0 or an error code), and physical commands on a
 * virtual ITE; true if opcode is one of them. */
bool its_vcmd(struct gic *g, struct its *its, const uint64_t dw[4], unsigned op, uint32_t *err);
uint32_t its_vcmd_on_ite(struct gic *g, struct its *its, unsigned op, uint32_t devid,
                         uint32_t eventid, const struct its_ite *ite);
void its_send_v(struct gic *g, struct its *its, const struct its_msg *m);
/* GITS_SGIR: a vSGI for vPE vpeid, through this ITS's vPE table. */
void its_sgir(struct gic *g, struct its *its, uint32_t vpeid, uint32_t vintid);
/* The PE that RDbase names (GITS_TYPER.PTA decides its form), or -1. */
int its_rdbase_cpu(const struct gic *g, const struct its *its, uint64_t rdbase);
bool its_cache_init(struct its_cache *c, unsigned entries);
void its_cache_free(struct its_cache *c);
void its_cache_flush(struct its_cache *c);

/* its_cmd.c */
void its_kick(struct gic *g, struct its *its);
/* The command the ITS waits at (a multi-ITS VMOVP) completes now. */
void its_cmd_resume(struct gic *g, struct its *its);
uint64_t its_queue_bytes(const struct its *its);

/* its_tables.c: table and queue accesses, functional and timed on the ITS's memory
 * interface. */
int its_mem_read(struct gic *g, struct its *its, uint64_t addr, void *buf, size_t len);
int its_mem_write(struct gic *g, struct its *its, uint64_t addr, const void *buf, size_t len);

/* its_link.c: the timing state, the message pool and the link to redistributors */
bool its_timing_init(struct gic *g, struct its *its);
void its_timing_free(struct its *its);
void its_timing_reset(struct gic *g, struct its *its);
struct its_msg *its_msg_alloc(struct its *its, uint32_t *idx); /* NULL: out of memory */
void its_msg_free(struct its *its, uint32_t idx);
/* Sends message idx (leaving at the engine's cursor) to its redistributor: applied
 * now (ideal) or on arrival after the links. The message is freed on delivery. */
void its_send(struct gic *g, struct its *its, uint32_t idx);
void its_send_new(struct gic *g, struct its *its, enum its_msg_op op, unsigned cpu,
                  unsigned cpu2, uint32_t intid);
void its_sync_wait(struct gic *g, struct its *its, unsigned cpu);

/* its_translate.c: an MSI from its write to its redistributor */
void its_msi(struct gic *g, struct its *its, uint32_t devid, uint32_t eventid);
bool its_quiescent(const struct its *its);
/* The link delivered an MSI's message: the LPI becomes pending, or is dropped there. */
void its_msi_arrived(struct gic *g, struct its *its, const struct its_msg *m);

#endif
