/* Reconstruction state for a replay: a small hash of event mappings, the collection
 * table and one state byte per LPI. */
#include "replay_rules.h"

#include <stdlib.h>
#include <string.h>

#define LPI_BASE 8192u
#define NUM_ICIDS 65536u

static void *zalloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (!p)
        abort();
    return p;
}

void rules_init(struct replay_rules *r)
{
    memset(r, 0, sizeof(*r));
    r->cap = 1024;
    r->keys = zalloc(r->cap, sizeof(*r->keys));
    r->vals = zalloc(r->cap, sizeof(*r->vals));
    r->target = zalloc(NUM_ICIDS, sizeof(*r->target));
}

void rules_free(struct replay_rules *r)
{
    free(r->keys);
    free(r->vals);
    free(r->target);
    free(r->lpi);
    memset(r, 0, sizeof(*r));
}

static uint64_t *slot(struct replay_rules *r, uint64_t key, bool insert);

static void grow(struct replay_rules *r)
{
    uint64_t *k = r->keys, *v = r->vals, n = r->cap;
    r->cap *= 2;
    r->used = 0;
    r->keys = zalloc(r->cap, sizeof(*r->keys));
    r->vals = zalloc(r->cap, sizeof(*r->vals));
    for (uint64_t i = 0; i < n; i++)
        if (k[i])
            *slot(r, k[i], true) = v[i];
    free(k);
    free(v);
}

/* The value slot of key (inserted when asked), or NULL. Keys are never removed: an
 * unmapped event keeps its key with value 0. */
static uint64_t *slot(struct replay_rules *r, uint64_t key, bool insert)
{
    if (insert && 2 * (r->used + 1) > r->cap)
        grow(r);
    uint64_t i = (key * 0x9E3779B97F4A7C15ULL) & (r->cap - 1);
    while (r->keys[i] && r->keys[i] != key)
        i = (i + 1) & (r->cap - 1);
    if (!r->keys[i]) {
        if (!insert)
            return NULL;
        r->keys[i] = key;
        r->used++;
    }
    return &r->vals[i];
}

static uint64_t key_of(uint32_t dev, uint32_t ev)
{
    return ((uint64_t)dev << 32 | ev) + 1;
}

/* value: (INTID << 16 | ICID) + 1 */
static bool lookup(struct replay_rules *r, uint32_t dev, uint32_t ev, uint32_t *intid,
                   uint32_t *icid)
{
    uint64_t *v = slot(r, key_of(dev, ev), false);
    if (!v || !*v)
        return false;
    *intid = (uint32_t)((*v - 1) >> 16);
    *icid = (uint32_t)((*v - 1) & 0xFFFF);
    return true;
}

static uint8_t *lpi_byte(struct replay_rules *r, uint32_t intid)
{
    if (intid < LPI_BASE)
        return NULL;
    uint32_t i = intid - LPI_BASE;
    if (i >= r->n_lpi) {
        uint32_t n = r->n_lpi ? r->n_lpi : 1024;
        while (n <= i)
            n *= 2;
        uint8_t *p = realloc(r->lpi, n);
        if (!p)
            abort();
        memset(p + r->n_lpi, 0, n - r->n_lpi);
        r->lpi = p;
        r->n_lpi = n;
    }
    return &r->lpi[i];
}

bool rules_map(struct replay_rules *r, uint32_t dev, uint32_t ev, uint32_t intid, uint32_t icid)
{
    *slot(r, key_of(dev, ev), true) = ((uint64_t)intid << 16 | (icid & 0xFFFF)) + 1;
    r->last_target = r->target[icid & 0xFFFF] ? r->target[icid & 0xFFFF] - 1 : 0;
    uint8_t *b = lpi_byte(r, intid);
    if (!b || *b)
        return false;
    *b = 1;
    return true;
}

bool rules_inv(struct replay_rules *r, uint32_t dev, uint32_t ev, uint32_t *intid, bool *on)
{
    uint32_t icid;
    if (!lookup(r, dev, ev, intid, &icid))
        return false;
    rules_touch(r, dev, ev);
    uint8_t *b = lpi_byte(r, *intid);
    if (!b)
        return false;
    *b = *b == 2 ? 1 : 2; /* Linux sends INV after each mask and unmask */
    *on = *b == 2;
    return true;
}

void rules_unmap(struct replay_rules *r, uint32_t dev, uint32_t ev)
{
    rules_touch(r, dev, ev);
    uint64_t *v = slot(r, key_of(dev, ev), false);
    if (v)
        *v = 0;
}

void rules_unmap_device(struct replay_rules *r, uint32_t dev)
{
    for (uint64_t i = 0; i < r->cap; i++)
        if (r->keys[i] && (r->keys[i] - 1) >> 32 == dev)
            r->vals[i] = 0;
}

void rules_move(struct replay_rules *r, uint32_t dev, uint32_t ev, uint32_t icid)
{
    uint32_t intid, old;
    if (lookup(r, dev, ev, &intid, &old))
        *slot(r, key_of(dev, ev), true) = ((uint64_t)intid << 16 | (icid & 0xFFFF)) + 1;
    r->last_target = r->target[icid & 0xFFFF] ? r->target[icid & 0xFFFF] - 1 : 0;
}

void rules_mapc(struct replay_rules *r, uint32_t icid, uint64_t rdbase, bool valid)
{
    r->target[icid & 0xFFFF] = valid ? (uint32_t)rdbase + 1 : 0;
    r->last_mapc = icid & 0xFFFF;
    r->last_target = rdbase;
}

void rules_touch(struct replay_rules *r, uint32_t dev, uint32_t ev)
{
    uint32_t intid, icid;
    if (lookup(r, dev, ev, &intid, &icid) && r->target[icid])
        r->last_target = r->target[icid] - 1;
}
