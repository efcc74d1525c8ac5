#include "scheduler.h"

#include <stdlib.h>

void sched_init(struct sched *s)
{
    s->heap = NULL;
    s->n = s->cap = 0;
    s->seq = 0;
    s->now = 0;
}

void sched_free(struct sched *s)
{
    free(s->heap);
    sched_init(s);
}

static bool before(const struct sched_event *a, const struct sched_event *b)
{
    return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

static void swap(struct sched_event *a, struct sched_event *b)
{
    struct sched_event t = *a;
    *a = *b;
    *b = t;
}

bool sched_at(struct sched *s, uint64_t t, sched_fn fn, void *ctx, uint64_t arg)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        struct sched_event *h = realloc(s->heap, cap * sizeof(*h));
        if (!h)
            return false;
        s->heap = h;
        s->cap = cap;
    }
    size_t i = s->n++;
    s->heap[i] = (struct sched_event){t < s->now ? s->now : t, s->seq++, fn, ctx, arg};
    while (i > 0 && before(&s->heap[i], &s->heap[(i - 1) / 2])) {
        swap(&s->heap[i], &s->heap[(i - 1) / 2]);
        i = (i - 1) / 2;
    }
    return true;
}

uint64_t sched_next_time(const struct sched *s)
{
    return s->n ? s->heap[0].time : UINT64_MAX;
}

static struct sched_event pop(struct sched *s)
{
    struct sched_event top = s->heap[0];
    s->heap[0] = s->heap[--s->n];
    for (size_t i = 0;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < s->n && before(&s->heap[l], &s->heap[m]))
            m = l;
        if (r < s->n && before(&s->heap[r], &s->heap[m]))
            m = r;
        if (m == i)
            break;
        swap(&s->heap[i], &s->heap[m]);
        i = m;
    }
    return top;
}

bool sched_step(struct sched *s)
{
    if (!s->n)
        return false;
    uint64_t t = s->heap[0].time;
    s->now = t;
    while (s->n && s->heap[0].time == t) {
        struct sched_event ev = pop(s);
        ev.fn(ev.ctx, ev.arg);
    }
    return true;
}

void sched_run_until(struct sched *s, uint64_t t)
{
    while (s->n && s->heap[0].time <= t) {
        struct sched_event ev = pop(s);
        s->now = ev.time;
        ev.fn(ev.ctx, ev.arg);
    }
    if (t > s->now)
        s->now = t;
}
