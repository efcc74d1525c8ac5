/* Native sparse memory: 4 KiB pages in an open-addressing hash keyed by page number,
 * with a one-entry cache because table walks hit the same page repeatedly. */
#include "gicsim/mem.h"

#include <stdlib.h>
#include <string.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1u << PAGE_SHIFT)
#define NO_PAGE UINT64_MAX

struct slot {
    uint64_t pfn;
    uint8_t *data;
};

struct gic_mem {
    struct slot *slots;
    size_t cap, used; /* cap is a power of two */
    uint64_t last_pfn;
    uint8_t *last_data;
};

gic_mem_t *gic_mem_create(void)
{
    gic_mem_t *m = calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    m->cap = 256;
    m->slots = malloc(m->cap * sizeof(*m->slots));
    if (!m->slots) {
        free(m);
        return NULL;
    }
    for (size_t i = 0; i < m->cap; i++)
        m->slots[i] = (struct slot){NO_PAGE, NULL};
    m->last_pfn = NO_PAGE;
    return m;
}

void gic_mem_destroy(gic_mem_t *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].data);
    free(m->slots);
    free(m);
}

static size_t hash(uint64_t pfn, size_t cap)
{
    return (size_t)((pfn * 0x9E3779B97F4A7C15ULL) >> 20) & (cap - 1);
}

static struct slot *find_slot(struct slot *slots, size_t cap, uint64_t pfn)
{
    size_t i = hash(pfn, cap);
    while (slots[i].pfn != NO_PAGE && slots[i].pfn != pfn)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static int grow(gic_mem_t *m)
{
    size_t cap = m->cap * 2;
    struct slot *s = malloc(cap * sizeof(*s));
    if (!s)
        return -1;
    for (size_t i = 0; i < cap; i++)
        s[i] = (struct slot){NO_PAGE, NULL};
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].pfn != NO_PAGE)
            *find_slot(s, cap, m->slots[i].pfn) = m->slots[i];
    free(m->slots);
    m->slots = s;
    m->cap = cap;
    return 0;
}

/* The page holding pfn; allocated when create is set, else NULL if untouched. */
static uint8_t *page(gic_mem_t *m, uint64_t pfn, int create)
{
    if (pfn == m->last_pfn)
        return m->last_data;
    struct slot *s = find_slot(m->slots, m->cap, pfn);
    if (s->pfn == NO_PAGE) {
        if (!create)
            return NULL;
        if (2 * (m->used + 1) > m->cap) {
            if (grow(m))
                return NULL;
            s = find_slot(m->slots, m->cap, pfn);
        }
        uint8_t *d = calloc(1, PAGE_SIZE);
        if (!d)
            return NULL;
        *s = (struct slot){pfn, d};
        m->used++;
    }
    m->last_pfn = pfn;
    m->last_data = s->data;
    return s->data;
}

static int in_range(uint64_t addr, size_t len)
{
    uint64_t limit = 1ULL << GIC_PA_BITS;
    return addr < limit && len <= limit - addr;
}

int gic_mem_read(gic_mem_t *m, uint64_t addr, void *buf, size_t len)
{
    if (!in_range(addr, len))
        return -1;
    uint8_t *out = buf;
    while (len) {
        size_t off = addr & (PAGE_SIZE - 1), n = PAGE_SIZE - off;
        if (n > len)
            n = len;
        uint8_t *p = page(m, addr >> PAGE_SHIFT, 0);
        if (p)
            memcpy(out, p + off, n);
        else
            memset(out, 0, n);
        out += n;
        addr += n;
        len -= n;
    }
    return 0;
}

int gic_mem_write(gic_mem_t *m, uint64_t addr, const void *buf, size_t len)
{
    if (!in_range(addr, len))
        return -1;
    const uint8_t *in = buf;
    while (len) {
        size_t off = addr & (PAGE_SIZE - 1), n = PAGE_SIZE - off;
        if (n > len)
            n = len;
        uint8_t *p = page(m, addr >> PAGE_SHIFT, 1);
        if (!p)
            return -1;
        memcpy(p + off, in, n);
        in += n;
        addr += n;
        len -= n;
    }
    return 0;
}

size_t gic_mem_pages(const gic_mem_t *m)
{
    return m->used;
}

static int port_read(void *o, uint64_t a, void *b, size_t l)
{
    return gic_mem_read(o, a, b, l);
}

static int port_write(void *o, uint64_t a, const void *b, size_t l)
{
    return gic_mem_write(o, a, b, l);
}

gic_mem_port_t gic_mem_as_port(gic_mem_t *m)
{
    return (gic_mem_port_t){m, port_read, port_write};
}
