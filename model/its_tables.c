/* ITS tables in memory: the device and collection tables GITS_BASER<n> describe
 * (flat or two-level), the per-device ITTs, their entry encodings, and the caches in
 * front of them. Every ITS write to a table goes through here and updates the cache
 * in the same step, so cached entries are never stale with respect to the ITS's own
 * writes; software writing live tables is UNPREDICTABLE (docs/impdef.md). */
#include <stdlib.h>
#include <string.h>

#include "gic_internal.h"
#include "its.h"

FIELD(GITS_BASER, Size, 0, 8)
FIELD(GITS_BASER, Page_Size, 8, 2)
FIELD(GITS_BASER, PA, 12, 36)
FIELD(GITS_BASER, PA_64K_HI, 12, 4)   /* PA[51:48] with 64 KiB pages */
FIELD(GITS_BASER, Indirect, 62, 1)
FIELD(GITS_BASER, Valid, 63, 1)
FIELD(L1_ENTRY, PA, 12, 40)
FIELD(L1_ENTRY, Valid, 63, 1)

FIELD(DTE, Size, 0, 5)
FIELD(DTE, ITT, 8, 44)
FIELD(DTE, Valid, 63, 1)
FIELD(ITE, INTID, 0, 32)
FIELD(ITE, ICID, 32, 16)
FIELD(ITE, Virtual, 62, 1)
FIELD(ITE, Valid, 63, 1)
FIELD(ITE1, Doorbell, 0, 32)
FIELD(VTE, RDbase, 0, 36)
FIELD(VTE, VPT_bits, 56, 5)
FIELD(VTE, Valid, 63, 1)
FIELD(CTE, RDbase, 0, 36)
FIELD(CTE, Valid, 63, 1)

/* ---- caches ---- */

bool its_cache_init(struct its_cache *c, unsigned entries)
{
    memset(c, 0, sizeof(*c));
    c->sets = entries / 2;
    if (!c->sets)
        return true;
    c->key = calloc(2 * c->sets, sizeof(*c->key));
    c->val = calloc(2 * c->sets, sizeof(*c->val));
    c->val2 = calloc(2 * c->sets, sizeof(*c->val2));
    c->valid = calloc(2 * c->sets, 1);
    c->lru = calloc(c->sets, 1);
    return c->key && c->val && c->valid && c->lru;
}

void its_cache_free(struct its_cache *c)
{
    free(c->key);
    free(c->val);
    free(c->val2);
    free(c->valid);
    free(c->lru);
    memset(c, 0, sizeof(*c));
}

void its_cache_flush(struct its_cache *c)
{
    if (c->sets)
        memset(c->valid, 0, 2 * c->sets);
}

static uint32_t cache_set(const struct its_cache *c, uint64_t key)
{
    return (uint32_t)((key * 0x9E3779B97F4A7C15ULL) >> 32) % c->sets;
}

static bool cache_get(struct its_cache *c, uint64_t key, uint64_t *val, uint64_t *val2)
{
    if (!c->sets) { /* no cache: every lookup reads the table */
        c->misses++;
        return false;
    }
    uint32_t s = cache_set(c, key);
    for (unsigned w = 0; w < 2; w++)
        if (c->valid[2 * s + w] && c->key[2 * s + w] == key) {
            *val = c->val[2 * s + w];
            if (val2)
                *val2 = c->val2[2 * s + w];
            c->lru[s] = (uint8_t)!w;
            c->hits++;
            return true;
        }
    c->misses++;
    return false;
}

static void trace_lookup(struct gic *g, const struct its *its, gic_cache_t which, bool hit)
{
    GIC_TRACE(g, .kind = GIC_TRACE_ITS_CACHE, .its = its->idx, .cache = which, .hit = hit);
}

/* A lookup in cache c (which names it for the trace: hits and misses for waveforms).
 * The caller passes the cache itself: choosing it from `which` on every translation
 * cost more than the lookup's own bookkeeping. */
static inline bool cache_lookup(struct gic *g, struct its *its, struct its_cache *c,
                                gic_cache_t which, uint64_t key, uint64_t *val, uint64_t *val2)
{
    bool hit = cache_get(c, key, val, val2);
    if (g->n_listeners)
        trace_lookup(g, its, which, hit);
    return hit;
}

static void cache_put(struct its_cache *c, uint64_t key, uint64_t val, uint64_t val2)
{
    if (!c->sets)
        return;
    uint32_t s = cache_set(c, key);
    unsigned w = c->lru[s];
    for (unsigned k = 0; k < 2; k++)
        if (c->valid[2 * s + k] && c->key[2 * s + k] == key)
            w = k;
    c->key[2 * s + w] = key;
    c->val[2 * s + w] = val;
    c->val2[2 * s + w] = val2;
    c->valid[2 * s + w] = 1;
    c->lru[s] = (uint8_t)!w;
}

/* Drops every event-cache line of one device (MAPD changes or removes its ITT). */
static void cache_drop_device_events(struct its_cache *c, uint32_t devid)
{
    for (uint32_t i = 0; i < 2 * c->sets; i++)
        if (c->valid[i] && (uint32_t)(c->key[i] >> 32) == devid)
            c->valid[i] = 0;
}

/* ---- GITS_BASER tables ---- */

static uint64_t page_bytes(uint64_t baser)
{
    switch (FIELD_EX(baser, GITS_BASER, Page_Size)) {
    case 0: return 4096;
    case 1: return 16384;
    default: return 65536;
    }
}

static uint64_t baser_pa(uint64_t baser)
{
    uint64_t page = page_bytes(baser);
    uint64_t pa = FIELD_EX(baser, GITS_BASER, PA) << 12;
    if (page == 65536)
        pa = (pa & ~0xFFFFULL) | FIELD_EX(baser, GITS_BASER, PA_64K_HI) << 48;
    return pa & ~(page - 1);
}

/* Address of entry id of the table BASER<n> describes (flat or two-level). */
static enum its_lookup table_entry_addr(struct gic *g, struct its *its, unsigned n,
                                        uint64_t id, uint64_t *addr)
{
    uint64_t b = its->baser[n];
    if (!FIELD_EX(b, GITS_BASER, Valid))
        return ITS_NOT_MAPPED;
    uint64_t page = page_bytes(b), bytes = (FIELD_EX(b, GITS_BASER, Size) + 1) * page;
    uint64_t esize = n == ITS_BASER_VPES ? ITS_VPE_ENTRY_BYTES : ITS_ENTRY_BYTES;
    if (!FIELD_EX(b, GITS_BASER, Indirect)) {
        if (id >= bytes / esize)
            return ITS_OUT_OF_RANGE;
        *addr = baser_pa(b) + id * esize;
        return ITS_FOUND;
    }
    uint64_t per_page = page / esize, l1_index = id / per_page, l1 = 0;
    if (l1_index >= bytes / 8)
        return ITS_OUT_OF_RANGE;
    if (its_mem_read(g, its, baser_pa(b) + l1_index * 8, &l1, 8))
        return ITS_ABORT;
    if (!FIELD_EX(l1, L1_ENTRY, Valid))
        return ITS_NOT_MAPPED;
    uint64_t l2 = (FIELD_EX(l1, L1_ENTRY, PA) << 12) & ~(page - 1);
    *addr = l2 + (id % per_page) * esize;
    return ITS_FOUND;
}

static enum its_lookup read_entry(struct gic *g, struct its *its, uint64_t addr,
                                  uint64_t *raw)
{
    return its_mem_read(g, its, addr, raw, 8) ? ITS_ABORT : ITS_FOUND;
}

static enum its_lookup write_entry(struct gic *g, struct its *its, uint64_t addr,
                                   uint64_t raw)
{
    return its_mem_write(g, its, addr, &raw, 8) ? ITS_ABORT : ITS_FOUND;
}

bool its_table_region(const struct its *its, unsigned n, uint64_t *base, uint64_t *size)
{
    uint64_t b = its->baser[n];
    if (!FIELD_EX(b, GITS_BASER, Valid))
        return false;
    *base = baser_pa(b);
    *size = (FIELD_EX(b, GITS_BASER, Size) + 1) * page_bytes(b);
    return true;
}

bool its_baser_aligned(uint64_t baser)
{
    uint64_t page = page_bytes(baser);
    return page == 65536 || !((FIELD_EX(baser, GITS_BASER, PA) << 12) & (page - 1));
}

unsigned its_collection_bits(const struct its *its)
{
    return its->cfg.collection_bits ? its->cfg.collection_bits : 16;
}

/* ---- devices ---- */

static struct its_dte dte_decode(uint64_t raw)
{
    return (struct its_dte){FIELD_EX(raw, DTE, Valid), (unsigned)FIELD_EX(raw, DTE, Size),
                            FIELD_EX(raw, DTE, ITT) << 8};
}

static uint64_t dte_encode(const struct its_dte *d)
{
    uint64_t raw = FIELD_DP(0, DTE, Valid, d->valid);
    raw = FIELD_DP(raw, DTE, Size, d->size);
    return FIELD_DP(raw, DTE, ITT, d->itt >> 8);
}

enum its_lookup its_read_dte(struct gic *g, struct its *its, uint32_t devid,
                             struct its_dte *out)
{
    uint64_t raw, addr;
    if ((uint64_t)devid >> its->cfg.device_bits)
        return ITS_OUT_OF_RANGE;
    if (!cache_lookup(g, its, &its->dev_cache, GIC_CACHE_DEVICE, devid, &raw, NULL)) {
        enum its_lookup r = table_entry_addr(g, its, ITS_BASER_DEVICES, devid, &addr);
        if (r == ITS_FOUND)
            r = read_entry(g, its, addr, &raw);
        if (r != ITS_FOUND)
            return r;
        cache_put(&its->dev_cache, devid, raw, 0);
    }
    *out = dte_decode(raw);
    return out->valid ? ITS_FOUND : ITS_NOT_MAPPED;
}

enum its_lookup its_write_dte(struct gic *g, struct its *its, uint32_t devid,
                              const struct its_dte *dte)
{
    uint64_t addr;
    if ((uint64_t)devid >> its->cfg.device_bits)
        return ITS_OUT_OF_RANGE;
    enum its_lookup r = table_entry_addr(g, its, ITS_BASER_DEVICES, devid, &addr);
    if (r == ITS_FOUND)
        r = write_entry(g, its, addr, dte_encode(dte));
    if (r == ITS_FOUND) {
        cache_put(&its->dev_cache, devid, dte_encode(dte), 0);
        cache_drop_device_events(&its->ev_cache, devid);
    }
    return r;
}

/* ---- interrupt translation entries (flat ITT per device) ---- */

static uint64_t ev_key(uint32_t devid, uint32_t eventid)
{
    return (uint64_t)devid << 32 | eventid;
}

unsigned its_ite_bytes(const struct its *its)
{
    return its->gic->cfg.virt.gicv4 ? ITS_ITE_V4_BYTES : ITS_ENTRY_BYTES;
}

enum its_lookup its_read_ite(struct gic *g, struct its *its, uint32_t devid,
                             const struct its_dte *dte, uint32_t eventid,
                             struct its_ite *out)
{
    uint64_t raw[2] = {0, DOORBELL_NONE};
    unsigned bytes = its_ite_bytes(its);
    if ((uint64_t)eventid >> (dte->size + 1))
        return ITS_OUT_OF_RANGE;
    if (!cache_lookup(g, its, &its->ev_cache, GIC_CACHE_EVENT, ev_key(devid, eventid), &raw[0], &raw[1])) {
        if (its_mem_read(g, its, dte->itt + (uint64_t)eventid * bytes, raw, bytes))
            return ITS_ABORT;
        cache_put(&its->ev_cache, ev_key(devid, eventid), raw[0], raw[1]);
    }
    *out = (struct its_ite){FIELD_EX(raw[0], ITE, Valid), (uint32_t)FIELD_EX(raw[0], ITE, INTID),
                            (uint16_t)FIELD_EX(raw[0], ITE, ICID),
                            FIELD_EX(raw[0], ITE, Virtual),
                            (uint32_t)FIELD_EX(raw[1], ITE1, Doorbell)};
    return out->valid ? ITS_FOUND : ITS_NOT_MAPPED;
}

enum its_lookup its_write_ite(struct gic *g, struct its *its, uint32_t devid,
                              const struct its_dte *dte, uint32_t eventid,
                              const struct its_ite *ite)
{
    uint64_t raw[2];
    unsigned bytes = its_ite_bytes(its);
    raw[0] = FIELD_DP(0, ITE, Valid, ite->valid);
    raw[0] = FIELD_DP(raw[0], ITE, INTID, ite->intid);
    raw[0] = FIELD_DP(raw[0], ITE, ICID, ite->icid);
    raw[0] = FIELD_DP(raw[0], ITE, Virtual, ite->virt && bytes > ITS_ENTRY_BYTES);
    raw[1] = FIELD_DP(0, ITE1, Doorbell, ite->virt ? ite->db : DOORBELL_NONE);
    if ((uint64_t)eventid >> (dte->size + 1))
        return ITS_OUT_OF_RANGE;
    if (its_mem_write(g, its, dte->itt + (uint64_t)eventid * bytes, raw, bytes))
        return ITS_ABORT;
    cache_put(&its->ev_cache, ev_key(devid, eventid), raw[0], raw[1]);
    return ITS_FOUND;
}

/* ---- vPEs (GICv4.1): 32-byte entries, RDbase through the vPE cache ---- */

enum its_lookup its_read_vte(struct gic *g, struct its *its, uint32_t vpeid,
                             struct its_vte *out)
{
    uint64_t raw[4], addr;
    if ((uint64_t)vpeid >> g->cfg.virt.vpeid_bits)
        return ITS_OUT_OF_RANGE;
    enum its_lookup r = table_entry_addr(g, its, ITS_BASER_VPES, vpeid, &addr);
    if (r != ITS_FOUND)
        return r;
    if (its_mem_read(g, its, addr, raw, sizeof(raw)))
        return ITS_ABORT;
    *out = (struct its_vte){FIELD_EX(raw[0], VTE, Valid), FIELD_EX(raw[0], VTE, RDbase),
                            raw[1], raw[2], (unsigned)FIELD_EX(raw[0], VTE, VPT_bits) + 1,
                            (uint32_t)raw[3]};
    return out->valid ? ITS_FOUND : ITS_NOT_MAPPED;
}

enum its_lookup its_write_vte(struct gic *g, struct its *its, uint32_t vpeid,
                              const struct its_vte *vte)
{
    uint64_t raw[4] = {0, vte->vpt, vte->vconf, vte->db}, addr;
    raw[0] = FIELD_DP(0, VTE, Valid, vte->valid);
    raw[0] = FIELD_DP(raw[0], VTE, RDbase, vte->rdbase);
    raw[0] = FIELD_DP(raw[0], VTE, VPT_bits, vte->vpt_bits ? vte->vpt_bits - 1 : 0);
    if ((uint64_t)vpeid >> g->cfg.virt.vpeid_bits)
        return ITS_OUT_OF_RANGE;
    enum its_lookup r = table_entry_addr(g, its, ITS_BASER_VPES, vpeid, &addr);
    if (r == ITS_FOUND && its_mem_write(g, its, addr, raw, sizeof(raw)))
        r = ITS_ABORT;
    if (r == ITS_FOUND)
        cache_put(&its->vpe_cache, vpeid, raw[0], 0);
    return r;
}

int its_vpe_cpu(struct gic *g, struct its *its, uint32_t vpeid)
{
    uint64_t raw = 0;
    if ((uint64_t)vpeid >> g->cfg.virt.vpeid_bits)
        return -1;
    if (!cache_lookup(g, its, &its->vpe_cache, GIC_CACHE_VPE, vpeid, &raw, NULL)) {
        struct its_vte vte;
        if (its_read_vte(g, its, vpeid, &vte) != ITS_FOUND)
            return -1;
        raw = FIELD_DP(FIELD_DP(0, VTE, Valid, 1), VTE, RDbase, vte.rdbase);
        cache_put(&its->vpe_cache, vpeid, raw, 0);
    }
    return FIELD_EX(raw, VTE, Valid) ? its_rdbase_cpu(g, its, FIELD_EX(raw, VTE, RDbase)) : -1;
}

/* ---- collections ---- */

enum its_lookup its_read_cte(struct gic *g, struct its *its, uint32_t icid,
                             struct its_cte *out)
{
    uint64_t raw, addr;
    if ((uint64_t)icid >> its_collection_bits(its))
        return ITS_OUT_OF_RANGE;
    if (!cache_lookup(g, its, &its->coll_cache, GIC_CACHE_COLLECTION, icid, &raw, NULL)) {
        enum its_lookup r = table_entry_addr(g, its, ITS_BASER_COLLECTIONS, icid, &addr);
        if (r == ITS_FOUND)
            r = read_entry(g, its, addr, &raw);
        if (r != ITS_FOUND)
            return r;
        cache_put(&its->coll_cache, icid, raw, 0);
    }
    *out = (struct its_cte){FIELD_EX(raw, CTE, Valid), FIELD_EX(raw, CTE, RDbase)};
    return out->valid ? ITS_FOUND : ITS_NOT_MAPPED;
}

enum its_lookup its_write_cte(struct gic *g, struct its *its, uint32_t icid,
                              const struct its_cte *cte)
{
    uint64_t addr, raw = FIELD_DP(0, CTE, Valid, cte->valid);
    raw = FIELD_DP(raw, CTE, RDbase, cte->rdbase);
    if ((uint64_t)icid >> its_collection_bits(its))
        return ITS_OUT_OF_RANGE;
    enum its_lookup r = table_entry_addr(g, its, ITS_BASER_COLLECTIONS, icid, &addr);
    if (r == ITS_FOUND)
        r = write_entry(g, its, addr, raw);
    if (r == ITS_FOUND)
        cache_put(&its->coll_cache, icid, raw, 0);
    return r;
}

int its_rdbase_cpu(const struct gic *g, const struct its *its, uint64_t rdbase)
{
    const gic_config_t *c = &g->cfg;
    if (!its->cfg.pta)
        return rdbase < c->num_cpus ? (int)rdbase : -1;
    uint64_t pa = rdbase << 16;
    if (pa < c->gicr_base || (pa - c->gicr_base) % c->gicr_stride)
        return -1;
    uint64_t cpu = (pa - c->gicr_base) / c->gicr_stride;
    return cpu < c->num_cpus ? (int)cpu : -1;
}

/* ---- the ITS's memory interface: every table and queue access ---- */

/* Functional, and timed on the ITS's memory interface: the access advances the
 * engine's cursor (a read's wait counts as miss time of the translation under way). */
int its_mem_read(struct gic *g, struct its *its, uint64_t addr, void *buf, size_t len)
{
    if (g->tm.on) {
        uint64_t t0 = its->tm.cursor;
        its->tm.cursor = mem_if_read(&g->tm, &its->tm.mem, t0, (unsigned)len);
        its->tm.miss_ps += its->tm.cursor - t0;
    }
    return g->cfg.mem.read(g->cfg.mem.opaque, addr, buf, len);
}

int its_mem_write(struct gic *g, struct its *its, uint64_t addr, const void *buf, size_t len)
{
    if (g->tm.on)
        its->tm.cursor = mem_if_write(&g->tm, &its->tm.mem, its->tm.cursor, (unsigned)len);
    return g->cfg.mem.write(g->cfg.mem.opaque, addr, buf, len);
}
