/* Redistributor LPIs: see lpi.h for the data structures and why. */
#include "lpi.h"

#include <stdlib.h>
#include <string.h>

#include "gic_internal.h"

FIELD(GICR_PROPBASER, IDbits, 0, 5)
FIELD(GICR_PROPBASER, PA, 12, 40)
FIELD(GICR_PENDBASER, PA, 16, 36)
FIELD(LPI_CONF, Enable, 0, 1)
FIELD(LPI_CONF, Priority, 2, 6)

#define POOL_CHUNK 1024u

/* ---- pending-LPI hash (linear probing, backward-shift deletion) ---- */

static uint32_t slot_of(uint32_t intid, uint32_t cap)
{
    return (intid * 0x9E3779B1u) & (cap - 1);
}

struct gic_irq *lpi_set_find(const struct lpi_set *s, uint32_t intid)
{
    if (!s->cap)
        return NULL;
    for (uint32_t i = slot_of(intid, s->cap);; i = (i + 1) & (s->cap - 1)) {
        if (!s->slot[i] || s->slot[i]->intid == intid)
            return s->slot[i];
    }
}

static void set_place(struct lpi_set *s, struct gic_irq *irq)
{
    uint32_t i = slot_of(irq->intid, s->cap);
    while (s->slot[i])
        i = (i + 1) & (s->cap - 1);
    s->slot[i] = irq;
}

bool lpi_set_insert(struct lpi_set *s, struct gic_irq *irq)
{
    if (2 * (s->n + 1) > s->cap) {
        uint32_t cap = s->cap ? 2 * s->cap : 64;
        struct gic_irq **old = s->slot;
        uint32_t old_cap = s->cap;
        s->slot = calloc(cap, sizeof(*s->slot));
        if (!s->slot) {
            s->slot = old;
            return false;
        }
        s->cap = cap;
        for (uint32_t i = 0; i < old_cap; i++)
            if (old[i])
                set_place(s, old[i]);
        free(old);
    }
    set_place(s, irq);
    s->n++;
    return true;
}

void lpi_set_erase(struct lpi_set *s, uint32_t intid)
{
    uint32_t m = s->cap - 1, i = slot_of(intid, s->cap);
    while (s->slot[i]->intid != intid)
        i = (i + 1) & m;
    s->slot[i] = NULL;
    s->n--;
    /* Shift back later entries of the cluster that would otherwise be unreachable. */
    for (uint32_t j = (i + 1) & m; s->slot[j]; j = (j + 1) & m) {
        uint32_t home = slot_of(s->slot[j]->intid, s->cap);
        if (((j - home) & m) >= ((j - i) & m)) {
            s->slot[i] = s->slot[j];
            s->slot[j] = NULL;
            i = j;
        }
    }
}

/* ---- record pool ---- */

struct gic_irq *lpi_pool_get(struct gic *g)
{
    struct lpi_pool *p = &g->lpi_pool;
    if (!p->n_free) {
        struct gic_irq **chunks = realloc(p->chunks, (p->n_chunks + 1) * sizeof(*chunks));
        if (!chunks)
            return NULL;
        p->chunks = chunks;
        struct gic_irq **stack = realloc(p->free, (p->n_chunks + 1) * POOL_CHUNK * sizeof(*stack));
        if (!stack)
            return NULL;
        p->free = stack;
        struct gic_irq *c = calloc(POOL_CHUNK, sizeof(*c));
        if (!c)
            return NULL;
        p->chunks[p->n_chunks++] = c;
        for (uint32_t i = 0; i < POOL_CHUNK; i++)
            p->free[p->n_free++] = &c[POOL_CHUNK - 1 - i];
    }
    struct gic_irq *irq = p->free[--p->n_free];
    memset(irq, 0, sizeof(*irq));
    return irq;
}

void lpi_pool_put(struct gic *g, struct gic_irq *irq)
{
    g->lpi_pool.free[g->lpi_pool.n_free++] = irq;
}

/* ---- property cache ---- */

static bool prop_init(struct lpi_prop_cache *c, unsigned entries)
{
    c->sets = entries / 2;
    if (!c->sets)
        return true;
    c->tag = calloc(2 * c->sets, sizeof(*c->tag));
    c->conf = calloc(2 * c->sets, 1);
    c->lru = calloc(c->sets, 1);
    return c->tag && c->conf && c->lru;
}

static void prop_free(struct lpi_prop_cache *c)
{
    free(c->tag);
    free(c->conf);
    free(c->lru);
    memset(c, 0, sizeof(*c));
}

static void prop_flush(struct lpi_prop_cache *c)
{
    if (c->sets)
        memset(c->tag, 0, 2 * c->sets * sizeof(*c->tag));
}

static void prop_invalidate(struct lpi_prop_cache *c, uint32_t intid)
{
    if (!c->sets)
        return;
    uint32_t base = 2 * (intid % c->sets);
    for (int w = 0; w < 2; w++)
        if (c->tag[base + w] == intid + 1)
            c->tag[base + w] = 0;
}

bool lpi_init(struct gic *g)
{
    return prop_init(&g->lpi_props, g->cfg.lpi_prop_cache_entries);
}

void lpi_free(struct gic *g)
{
    for (unsigned c = 0; g->gicr && c < g->cfg.num_cpus; c++)
        free(g->gicr[c].lpi.pending.slot);
    for (uint32_t i = 0; i < g->lpi_pool.n_chunks; i++)
        free(g->lpi_pool.chunks[i]);
    free(g->lpi_pool.chunks);
    free(g->lpi_pool.free);
    memset(&g->lpi_pool, 0, sizeof(g->lpi_pool));
    prop_free(&g->lpi_props);
}

static void drop_all_pending(struct gic *g, unsigned cpu);

void lpi_reset(struct gic *g)
{
    for (unsigned c = 0; c < g->cfg.num_cpus; c++) {
        drop_all_pending(g, c);
        struct gicr_lpi *l = &g->gicr[c].lpi;
        l->enable_lpis = false;
        l->propbaser = l->pendbaser = 0;
        l->ptz = false;
    }
    prop_flush(&g->lpi_props);
    memset(&g->lpi_stats, 0, sizeof(g->lpi_stats));
}

/* ---- tables in memory ---- */

static unsigned lpi_id_bits(const struct gic *g, const struct gicr_lpi *l)
{
    unsigned bits = (unsigned)FIELD_EX(l->propbaser, GICR_PROPBASER, IDbits) + 1;
    return bits < g->cfg.id_bits ? bits : g->cfg.id_bits;
}

static bool lpi_in_range(const struct gic *g, const struct gicr_lpi *l, uint32_t intid)
{
    unsigned bits = lpi_id_bits(g, l);
    return intid >= INTID_LPI_BASE && bits >= 14 && (uint64_t)intid < (1ULL << bits);
}

static uint64_t prop_addr(const struct gicr_lpi *l, uint32_t intid)
{
    return (FIELD_EX(l->propbaser, GICR_PROPBASER, PA) << 12) + (intid - INTID_LPI_BASE);
}

static uint64_t pend_addr(const struct gicr_lpi *l, uint32_t intid)
{
    return (FIELD_EX(l->pendbaser, GICR_PENDBASER, PA) << 16) + intid / 8;
}

static uint8_t read_conf_mem(struct gic *g, const struct gicr_lpi *l, uint32_t intid)
{
    uint8_t conf = 0;
    g->prop_reads++; /* timing: the caller charges a property read for it */
    if (g->cfg.mem.read(g->cfg.mem.opaque, prop_addr(l, intid), &conf, 1)) {
        gic_guest_error(g, "lpi.prop_abort", "configuration byte of LPI %u unreadable",
                        (unsigned)intid);
        return 0;
    }
    return conf;
}

/* Configuration byte through the property cache (filled on miss, LRU in the set). */
static uint8_t read_conf(struct gic *g, unsigned cpu, uint32_t intid)
{
    const struct gicr_lpi *l = &g->gicr[cpu].lpi;
    struct lpi_prop_cache *c = &g->lpi_props;
    if (!c->sets)
        return read_conf_mem(g, l, intid);
    uint32_t set = intid % c->sets, base = 2 * set;
    for (int w = 0; w < 2; w++)
        if (c->tag[base + w] == intid + 1) {
            c->hits++;
            c->lru[set] = (uint8_t)!w;
            GIC_TRACE(g, .kind = GIC_TRACE_LPI_PROP_LOOKUP, .cpu = (int32_t)cpu,
                      .intid = intid, .hit = 1);
            return c->conf[base + w];
        }
    c->misses++;
    GIC_TRACE(g, .kind = GIC_TRACE_LPI_PROP_LOOKUP, .cpu = (int32_t)cpu, .intid = intid,
              .hit = 0);
    uint8_t conf = read_conf_mem(g, l, intid);
    int w = c->lru[set];
    c->tag[base + w] = intid + 1;
    c->conf[base + w] = conf;
    c->lru[set] = (uint8_t)!w;
    return conf;
}

static void write_pend_bit(struct gic *g, const struct gicr_lpi *l, uint32_t intid, bool set)
{
    uint8_t byte = 0;
    uint64_t a = pend_addr(l, intid);
    if (g->cfg.mem.read(g->cfg.mem.opaque, a, &byte, 1)) {
        gic_guest_error(g, "lpi.pend_abort", "pending table byte of LPI %u unreadable",
                        (unsigned)intid);
        return;
    }
    uint8_t nb = set ? (uint8_t)(byte | 1u << (intid % 8)) : (uint8_t)(byte & ~(1u << (intid % 8)));
    if (nb != byte)
        g->cfg.mem.write(g->cfg.mem.opaque, a, &nb, 1);
}

static void apply_conf(struct gic *g, struct gic_irq *irq, uint8_t conf)
{
    irq->priority = (uint8_t)(FIELD_EX(conf, LPI_CONF, Priority) << 2) & g->dist_pri_mask;
    irq->enabled = FIELD_EX(conf, LPI_CONF, Enable);
}

/* ---- architectural operations ---- */

/* Timing: when the PE may see an LPI that became pending now: the property lookup in
 * the LPI cache (a miss reads the configuration byte through the distributor's memory
 * interface), then arbitration and signalling. */
static uint64_t lpi_visible_time(struct gic *g, bool missed)
{
    return timing_signalled_at(&g->tm,
                               timing_lpi_lookup(&g->tm, &g->dist_mem, g->sched.now, missed));
}

unsigned gic_dist_outstanding_reads(const gic_t *g)
{
    return mem_if_busy_reads(&g->dist_mem, g->sched.now);
}

void gic_dist_mem_stats(const gic_t *g, gic_mem_if_stats_t *out)
{
    *out = (gic_mem_if_stats_t){g->dist_mem.reads, g->dist_mem.writes, g->dist_mem.wait_ps};
}

/* Makes intid pending in the model (memory is the caller's business). */
static bool make_pending(struct gic *g, unsigned cpu, uint32_t intid)
{
    struct gicr_lpi *l = &g->gicr[cpu].lpi;
    struct gic_irq *irq = lpi_pool_get(g);
    if (irq)
        irq->intid = intid; /* the hash is keyed by it */
    if (!irq || !lpi_set_insert(&l->pending, irq)) {
        if (irq)
            lpi_pool_put(g, irq);
        gic_guest_error(g, "lpi.no_memory", "LPI %u lost: host out of memory", (unsigned)intid);
        return false;
    }
    irq->target = (int16_t)cpu;
    irq->grp = GRP_G1NS;
    irq->edge = true;
    irq->latch = true;
    uint64_t reads = g->prop_reads;
    apply_conf(g, irq, read_conf(g, cpu, intid));
    irq->visible_at = g->lpi_visible =
        g->tm.on ? lpi_visible_time(g, g->prop_reads != reads) : 0;
    GIC_TRACE(g, .kind = GIC_TRACE_SET_PENDING, .cpu = (int32_t)cpu, .intid = intid);
    gic_irq_update(g, irq);
    return true;
}

enum lpi_result gicr_lpi_set_pending(struct gic *g, unsigned cpu, uint32_t intid)
{
    struct gicr_lpi *l = &g->gicr[cpu].lpi;
    if (!l->enable_lpis) {
        g->lpi_stats.dropped_disabled++;
        return LPI_DROP_DISABLED;
    }
    if (!lpi_in_range(g, l, intid)) {
        g->lpi_stats.dropped_out_of_range++;
        return LPI_DROP_RANGE;
    }
    if (lpi_set_find(&l->pending, intid)) {
        g->lpi_stats.coalesced++;
        return LPI_COALESCED;
    }
    if (!make_pending(g, cpu, intid))
        return LPI_DROP_DISABLED;
    g->lpi_stats.set_pending++;
    write_pend_bit(g, l, intid, true);
    return LPI_NEW_PENDING;
}

static void release(struct gic *g, unsigned cpu, struct gic_irq *irq)
{
    struct gicr_lpi *l = &g->gicr[cpu].lpi;
    irq->latch = false;
    if (irq->heap_pos)
        gic_irq_update(g, irq); /* leaves the ready heap, re-evaluates the outputs */
    lpi_set_erase(&l->pending, irq->intid);
    lpi_pool_put(g, irq);
}

void gicr_lpi_clear_pending(struct gic *g, unsigned cpu, uint32_t intid)
{
    struct gicr_lpi *l = &g->gicr[cpu].lpi;
    struct gic_irq *irq = lpi_set_find(&l->pending, intid);
    if (irq) {
        GIC_TRACE(g, .kind = GIC_TRACE_CLEAR_PENDING, .cpu = (int32_t)cpu, .intid = intid);
        release(g, cpu, irq);
        g->lpi_stats.cleared++;
    }
    if (l->enable_lpis && lpi_in_range(g, l, intid))
        write_pend_bit(g, l, intid, false);
}

bool gicr_lpi_is_pending(struct gic *g, unsigned cpu, uint32_t intid)
{
    return lpi_set_find(&g->gicr[cpu].lpi.pending, intid) != NULL;
}

unsigned gicr_lpi_pending_count(const struct gic *g, unsigned cpu)
{
    return g->gicr[cpu].lpi.pending.n;
}

void gicr_lpi_acknowledged(struct gic *g, unsigned cpu, struct gic_irq *irq)
{
    uint32_t intid = irq->intid;
    release(g, cpu, irq);
    write_pend_bit(g, &g->gicr[cpu].lpi, intid, false);
    g->lpi_stats.acknowledged++;
}

/* Moves pending state: the LPI leaves `from` (record and table bit) and becomes
 * pending on `to` as if newly set there (lost if `to` has LPIs disabled). */
void gicr_lpi_move(struct gic *g, unsigned from, unsigned to, uint32_t intid)
{
    if (from == to || !gicr_lpi_is_pending(g, from, intid))
        return;
    gicr_lpi_clear_pending(g, from, intid);
    enum lpi_result r = gicr_lpi_set_pending(g, to, intid);
    if (r == LPI_NEW_PENDING) { /* a move is neither a new LPI nor a cleared one */
        g->lpi_stats.set_pending--;
        g->lpi_stats.cleared--;
    } else if (r == LPI_COALESCED) {
        g->lpi_stats.coalesced--; /* merged: counts as cleared on `from` */
    }
}

/* Applies fn to every pending LPI of cpu; fn removes it from the set. The INTIDs are
 * copied out first (removal reshuffles the hash), so the cost is linear. */
static void each_pending(struct gic *g, unsigned cpu, unsigned arg,
                         void (*fn)(struct gic *, unsigned, unsigned, uint32_t))
{
    struct lpi_set *s = &g->gicr[cpu].lpi.pending;
    uint32_t n = s->n, k = 0;
    uint32_t *ids = n ? malloc(n * sizeof(*ids)) : NULL;
    if (!ids) { /* none, or host out of memory: rescan from the start (slow, correct) */
        while (s->n) {
            uint32_t i = 0;
            while (!s->slot[i])
                i++;
            fn(g, cpu, arg, s->slot[i]->intid);
        }
        return;
    }
    for (uint32_t i = 0; i < s->cap && k < n; i++)
        if (s->slot[i])
            ids[k++] = s->slot[i]->intid;
    for (k = 0; k < n; k++)
        fn(g, cpu, arg, ids[k]);
    free(ids);
}

static void move_one(struct gic *g, unsigned from, unsigned to, uint32_t intid)
{
    gicr_lpi_move(g, from, to, intid);
}

void gicr_lpi_move_all(struct gic *g, unsigned from, unsigned to)
{
    if (from != to)
        each_pending(g, from, to, move_one);
}

static void refresh(struct gic *g, unsigned cpu, struct gic_irq *irq)
{
    apply_conf(g, irq, read_conf(g, cpu, irq->intid));
    gic_irq_update(g, irq);
}

void gicr_lpi_inv(struct gic *g, unsigned cpu, uint32_t intid)
{
    prop_invalidate(&g->lpi_props, intid);
    struct gic_irq *irq = lpi_set_find(&g->gicr[cpu].lpi.pending, intid);
    if (irq)
        refresh(g, cpu, irq);
}

/* One cache serves every redistributor, so INVALL empties all of it: invalidating
 * more than asked is allowed (a change may take effect at any time). */
void gicr_lpi_inv_all(struct gic *g, unsigned cpu)
{
    struct lpi_set *s = &g->gicr[cpu].lpi.pending;
    prop_flush(&g->lpi_props);
    for (uint32_t i = 0; i < s->cap; i++)
        if (s->slot[i])
            refresh(g, cpu, s->slot[i]);
}

static void drop_one(struct gic *g, unsigned cpu, unsigned unused, uint32_t intid)
{
    (void)unused;
    GIC_TRACE(g, .kind = GIC_TRACE_CLEAR_PENDING, .cpu = (int32_t)cpu, .intid = intid);
    release(g, cpu, lpi_set_find(&g->gicr[cpu].lpi.pending, intid));
    g->lpi_stats.cleared++;
}

/* EnableLPIs cleared or reset: every pending LPI of cpu is forgotten (and traced as
 * cleared, so listeners drop what they hold about it). */
static void drop_all_pending(struct gic *g, unsigned cpu)
{
    each_pending(g, cpu, 0, drop_one);
}

/* EnableLPIs 0 -> 1 with PTZ = 0: the bits already set in the pending table become
 * pending. The first 1 KiB (INTIDs below 8192) is IMPLEMENTATION DEFINED: skipped. */
static void scan_pending_table(struct gic *g, unsigned cpu)
{
    struct gicr_lpi *l = &g->gicr[cpu].lpi;
    uint64_t end = (1ULL << lpi_id_bits(g, l)) / 8, base = pend_addr(l, 0);
    uint8_t buf[4096];
    for (uint64_t off = INTID_LPI_BASE / 8; off < end; off += sizeof(buf)) {
        size_t n = end - off < sizeof(buf) ? (size_t)(end - off) : sizeof(buf);
        if (g->cfg.mem.read(g->cfg.mem.opaque, base + off, buf, n))
            return;
        for (size_t k = 0; k < n; k++)
            for (unsigned b = 0; buf[k] && b < 8; b++)
                if (buf[k] >> b & 1) {
                    uint32_t intid = (uint32_t)((off + k) * 8 + b);
                    if (!lpi_set_find(&l->pending, intid) && make_pending(g, cpu, intid))
                        g->lpi_stats.set_pending++;
                }
    }
}

/* GICR_CTLR.EnableLPIs changed (gicr.c). Configuration may be cached only while
 * EnableLPIs = 1, so the cache starts afresh either way. */
void gicr_lpi_enable_changed(struct gic *g, unsigned cpu)
{
    struct gicr_lpi *l = &g->gicr[cpu].lpi;
    bool enable = l->enable_lpis;
    prop_flush(&g->lpi_props);
    if (enable && !l->ptz)
        scan_pending_table(g, cpu);
    else if (!enable)
        drop_all_pending(g, cpu); /* their bits stay in the pending table */
}

/* ---- public observers ---- */

void gic_get_lpi_stats(const gic_t *g, gic_lpi_stats_t *out)
{
    *out = g->lpi_stats;
    out->prop_cache_hits = g->lpi_props.hits;
    out->prop_cache_misses = g->lpi_props.misses;
}

bool gic_lpi_is_pending(const gic_t *g, unsigned cpu, uint32_t intid)
{
    return cpu < g->cfg.num_cpus && lpi_set_find(&g->gicr[cpu].lpi.pending, intid) != NULL;
}

unsigned gic_lpi_pending_count(const gic_t *g, unsigned cpu)
{
    return cpu < g->cfg.num_cpus ? g->gicr[cpu].lpi.pending.n : 0;
}
