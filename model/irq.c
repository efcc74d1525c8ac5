#include "irq.h"

#include <stdlib.h>

void heap_free(struct gic_heap *h)
{
    free(h->v);
    h->v = NULL;
    h->n = h->cap = 0;
}

static void place(struct gic_heap *h, uint32_t i, struct gic_irq *irq)
{
    h->v[i] = irq;
    irq->heap_pos = i + 1;
}

static void sift_up(struct gic_heap *h, uint32_t i)
{
    struct gic_irq *irq = h->v[i];
    uint32_t key = irq_key(irq);
    while (i > 0) {
        uint32_t p = (i - 1) / 2;
        if (irq_key(h->v[p]) <= key)
            break;
        place(h, i, h->v[p]);
        i = p;
    }
    place(h, i, irq);
}

static void sift_down(struct gic_heap *h, uint32_t i)
{
    struct gic_irq *irq = h->v[i];
    uint32_t key = irq_key(irq);
    for (;;) {
        uint32_t l = 2 * i + 1, r = l + 1, m = l;
        if (l >= h->n)
            break;
        if (r < h->n && irq_key(h->v[r]) < irq_key(h->v[l]))
            m = r;
        if (irq_key(h->v[m]) >= key)
            break;
        place(h, i, h->v[m]);
        i = m;
    }
    place(h, i, irq);
}

bool heap_insert(struct gic_heap *h, struct gic_irq *irq)
{
    if (h->n == h->cap) {
        uint32_t cap = h->cap ? h->cap * 2 : 16;
        struct gic_irq **v = realloc(h->v, cap * sizeof(*v));
        if (!v)
            return false;
        h->v = v;
        h->cap = cap;
    }
    h->v[h->n] = irq;
    sift_up(h, h->n++);
    return true;
}

void heap_remove(struct gic_heap *h, struct gic_irq *irq)
{
    uint32_t i = irq->heap_pos - 1;
    irq->heap_pos = 0;
    struct gic_irq *last = h->v[--h->n];
    if (i == h->n)
        return;
    h->v[i] = last;
    if (i > 0 && irq_key(last) < irq_key(h->v[(i - 1) / 2]))
        sift_up(h, i);
    else
        sift_down(h, i);
}
