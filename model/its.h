/* Interrupt Translation Service: registers (its_regs.c), tables and caches
 * (its_tables.c), the command queue (its_cmd.c) and MSI translation (its_translate.c).
 * Table entry layouts are in docs/its-tables.md. */
#ifndef GICSIM_ITS_H
#define GICSIM_ITS_H

#include <stdbool.h>
#include <stdint.h>

#include "gicsim/gicsim.h"

struct gic;

enum { ITS_NUM_BASER = 8, ITS_BASER_DEVICES = 0, ITS_BASER_COLLECTIONS = 1 };
enum { ITS_ENTRY_BYTES = 8 };        /* DTE, CTE and ITE are 8 bytes each */
enum { ITS_CMD_BYTES = 32 };

/* 2-way set-associative cache of raw table entries, LRU within a set. */
struct its_cache {
    uint32_t sets;
    uint64_t *key;   /* 2 per set */
    uint64_t *val;
    uint8_t *valid;
    uint8_t *lru;    /* per set: way to replace next */
    uint64_t hits, misses;
};

/* Decoded entries (docs/its-tables.md). */
struct its_dte { bool valid; unsigned size; uint64_t itt; };
struct its_ite { bool valid; uint32_t intid; uint16_t icid; };
struct its_cte { bool valid; uint64_t rdbase; };

enum its_lookup {
    ITS_FOUND,
    ITS_OUT_OF_RANGE,   /* ID beyond the implemented bits or the table */
    ITS_NOT_MAPPED,     /* no table, invalid level-1 entry, or invalid entry */
    ITS_ABORT,          /* memory access failed */
};

struct its {
    struct gic *gic;
    unsigned idx;
    gic_its_config_t cfg;
    bool enabled;
    uint64_t cbaser, cwriter, creadr;
    bool stalled;
    bool process_scheduled;
    uint64_t baser[ITS_NUM_BASER];
    struct its_cache dev_cache, ev_cache, coll_cache;
    gic_its_stats_t stats;
    uint32_t err_count[256][16]; /* [opcode][cause & 15]: cause 0xFF counts in 15 */
};

/* its_regs.c */
extern const struct gic_regset its_ctrl_regset, its_trans_regset;
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
/* The PE that RDbase names (GITS_TYPER.PTA decides its form), or -1. */
int its_rdbase_cpu(const struct gic *g, const struct its *its, uint64_t rdbase);
bool its_cache_init(struct its_cache *c, unsigned entries);
void its_cache_free(struct its_cache *c);
void its_cache_flush(struct its_cache *c);

/* its_cmd.c */
void its_kick(struct gic *g, struct its *its);
uint64_t its_queue_bytes(const struct its *its);

/* its_translate.c */
void its_msi(struct gic *g, struct its *its, uint32_t devid, uint32_t eventid);
bool its_quiescent(const struct its *its);

#endif
