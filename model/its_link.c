/* Timing of an ITS: its engine (MSIs and commands in turn), its memory interface and
 * its link to the redistributors. Links are in order: a message never overtakes an
 * earlier one to the same redistributor, which is what makes SYNC meaningful.
 * With the ideal profile a message takes effect as it is sent. docs/timing.md. */
#include <stdlib.h>
#include <string.h>

#include "gic_internal.h"
#include "its.h"

bool its_timing_init(struct gic *g, struct its *its)
{
    struct its_timing *t = &its->tm;
    unsigned d = g->tm.translations;
    t->slot_free = d ? calloc(d, sizeof(*t->slot_free)) : NULL;
    t->rd_last = calloc(g->cfg.num_cpus, sizeof(*t->rd_last));
    return (!d || t->slot_free) && t->rd_last;
}

void its_timing_free(struct its *its)
{
    free(its->tm.slot_free);
    free(its->tm.fifo);
    free(its->tm.rd_last);
    free(its->tm.msg);
}

/* Reset drops every scheduled event, so every message and queued MSI is forgotten. */
void its_timing_reset(struct gic *g, struct its *its)
{
    struct its_timing *t = &its->tm;
    uint64_t now = g->sched.now;
    mem_if_init(&t->mem, &g->cfg.timing);
    t->cursor = t->engine_free = t->last_out = now;
    for (unsigned i = 0; i < g->tm.translations; i++)
        t->slot_free[i] = now;
    t->fifo_head = t->fifo_n = 0;
    t->dispatch_scheduled = false;
    for (unsigned c = 0; c < g->cfg.num_cpus; c++)
        t->rd_last[c] = now;
    t->n_msg = t->free_msg = t->in_flight = 0;
    t->cmd_done_at_next = false;
}

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

/* ---- message pool: O(1) allocation, indices stay valid across growth ---- */

struct its_msg *its_msg_alloc(struct its *its, uint32_t *idx)
{
    struct its_timing *t = &its->tm;
    if (t->free_msg) {
        *idx = t->free_msg - 1;
        t->free_msg = t->msg[*idx].next_free;
        return &t->msg[*idx];
    }
    if (t->n_msg == t->cap_msg) {
        uint32_t cap = t->cap_msg ? 2 * t->cap_msg : 16;
        struct its_msg *m = cap > t->cap_msg ? realloc(t->msg, cap * sizeof(*m)) : NULL;
        if (!m)
            return NULL;
        t->msg = m;
        t->cap_msg = cap;
    }
    *idx = t->n_msg++;
    return &t->msg[*idx];
}

void its_msg_free(struct its *its, uint32_t idx)
{
    its->tm.msg[idx].next_free = its->tm.free_msg;
    its->tm.free_msg = idx + 1;
}

/* ---- the MSI input queue and the translation engine ---- */

static uint32_t *fifo_at(struct its_timing *t, uint32_t k)
{
    return &t->fifo[(t->fifo_head + k) % t->fifo_cap];
}

static bool fifo_push(struct its_timing *t, uint32_t idx)
{
    if (t->fifo_n == t->fifo_cap) {
        uint32_t cap = t->fifo_cap ? 2 * t->fifo_cap : 64;
        uint32_t *f = cap > t->fifo_cap ? malloc(cap * sizeof(*f)) : NULL;
        if (!f)
            return false;
        for (uint32_t k = 0; k < t->fifo_n; k++) /* unwrap into the new ring */
            f[k] = *fifo_at(t, k);
        free(t->fifo);
        t->fifo = f, t->fifo_cap = cap, t->fifo_head = 0;
    }
    t->fifo_n++;
    *fifo_at(t, t->fifo_n - 1) = idx;
    return true;
}

/* The translation slot that frees first (ties: the lowest index). */
static uint64_t *free_slot(struct gic *g, struct its_timing *t)
{
    uint64_t *best = &t->slot_free[0];
    for (unsigned i = 1; i < g->tm.translations; i++)
        if (t->slot_free[i] < *best)
            best = &t->slot_free[i];
    return best;
}

static void dispatch(void *ctx, uint64_t arg);

static void schedule_dispatch(struct gic *g, struct its *its, uint64_t at)
{
    /* Host out of memory: not scheduled, so the next MSI tries again. */
    its->tm.dispatch_scheduled = sched_at(&g->sched, at, dispatch, its, 0);
}

/* When the head MSI may start: accepted, the engine free (issue interval, or a command
 * executing), and a translation slot free. */
static uint64_t head_ready(struct gic *g, struct its *its)
{
    struct its_timing *t = &its->tm;
    const struct its_msg *m = &t->msg[*fifo_at(t, 0)];
    uint64_t at = max_u64(m->accepted + g->tm.accept_ps, t->engine_free);
    return g->tm.translations ? max_u64(at, *free_slot(g, t)) : at;
}

/* The head leaves the input queue: the first held-back write (if any) enters it. */
static uint32_t pop_head(struct gic *g, struct its *its)
{
    struct its_timing *t = &its->tm;
    uint32_t idx = *fifo_at(t, 0), q = g->tm.queue_entries;
    t->fifo_head = (t->fifo_head + 1) % t->fifo_cap;
    t->fifo_n--;
    if (q && t->fifo_n >= q) {
        struct its_msg *held = &t->msg[*fifo_at(t, q - 1)];
        held->accepted = g->sched.now;
        its->stats.msi_backpressure_ps += g->sched.now - held->written;
    }
    return idx;
}

/* The engine starts every MSI it can now, in order, and sleeps until the next can. */
static void dispatch(void *ctx, uint64_t arg)
{
    struct its *its = ctx;
    struct gic *g = its->gic;
    struct its_timing *t = &its->tm;
    (void)arg;
    t->dispatch_scheduled = false;
    while (t->fifo_n) {
        uint64_t ready = head_ready(g, its);
        if (ready > g->sched.now) {
            schedule_dispatch(g, its, ready);
            return;
        }
        uint32_t idx = pop_head(g, its);
        t->engine_free = g->sched.now + g->tm.issue_ps;
        uint64_t walk_end = its_translate_start(g, its, idx);
        if (g->tm.translations)
            *free_slot(g, t) = walk_end;
    }
}

bool its_enqueue_msi(struct gic *g, struct its *its, uint32_t idx)
{
    struct its_timing *t = &its->tm;
    if (!fifo_push(t, idx))
        return false;
    uint32_t q = g->tm.queue_entries, depth = q && t->fifo_n > q ? q : t->fifo_n;
    t->msg[idx].accepted = depth == t->fifo_n ? g->sched.now : UINT64_MAX;
    if (g->tm.on && depth > its->stats.msi_queue_max)
        its->stats.msi_queue_max = depth;
    if (!t->dispatch_scheduled)
        schedule_dispatch(g, its, t->fifo_n == 1 ? head_ready(g, its) : g->sched.now);
    return true;
}

/* ---- the link ---- */

static void arrive(void *ctx, uint64_t idx)
{
    struct its *its = ctx;
    struct its_msg m = its->tm.msg[idx];
    its_msg_free(its, (uint32_t)idx);
    its->tm.in_flight--;
    its_deliver(its->gic, its, &m);
}

/* When a message leaving now reaches its redistributor. INVALL and MOVALL keep the
 * redistributor busy in proportion to the pending LPIs they touch. */
static uint64_t arrival(struct gic *g, struct its *its, const struct its_msg *m)
{
    struct its_timing *t = &its->tm;
    uint64_t at = m->done + g->tm.link_its_dist_ps + g->tm.link_dist_redist_ps;
    at = max_u64(at, t->rd_last[m->cpu]);
    bool two = m->op == MSG_MOVE || m->op == MSG_MOVALL;
    if (two)
        at = max_u64(at, t->rd_last[m->cpu2]);
    if (m->op == MSG_INVALL || m->op == MSG_MOVALL)
        at += g->tm.per_lpi_ps * gicr_lpi_pending_count(g, m->cpu);
    t->rd_last[m->cpu] = at;
    if (two)
        t->rd_last[m->cpu2] = at;
    return at;
}

void its_send(struct gic *g, struct its *its, uint32_t idx)
{
    struct its_timing *t = &its->tm;
    struct its_msg *m = &t->msg[idx];
    if (!g->tm.on) {
        struct its_msg copy = *m;
        its_msg_free(its, idx);
        its_deliver(g, its, &copy);
        return;
    }
    m->done = t->last_out = max_u64(t->cursor, t->last_out);
    uint64_t at = arrival(g, its, m);
    t->in_flight++;
    if (!sched_at(&g->sched, at, arrive, its, idx))
        arrive(its, idx); /* host out of memory: apply it now rather than lose it */
}

void its_send_new(struct gic *g, struct its *its, enum its_msg_op op, unsigned cpu,
                  unsigned cpu2, uint32_t intid)
{
    uint32_t idx;
    struct its_msg *m = its_msg_alloc(its, &idx);
    struct its_msg local = {.op = (uint8_t)op, .cpu = (uint16_t)cpu,
                            .cpu2 = (uint16_t)cpu2, .intid = intid};
    if (!m) { /* host out of memory: apply it now rather than lose it */
        its_deliver(g, its, &local);
        return;
    }
    *m = local;
    its_send(g, its, idx);
}

void its_deliver(struct gic *g, struct its *its, const struct its_msg *m)
{
    switch ((enum its_msg_op)m->op) {
    case MSG_SET:
        if (m->from_msi)
            its_msi_arrived(g, its, m);
        else
            gicr_lpi_set_pending(g, m->cpu, m->intid);
        break;
    case MSG_CLEAR: gicr_lpi_clear_pending(g, m->cpu, m->intid); break;
    case MSG_INV: gicr_lpi_inv(g, m->cpu, m->intid); break;
    case MSG_INVALL: gicr_lpi_inv_all(g, m->cpu); break;
    case MSG_MOVE: gicr_lpi_move(g, m->cpu, m->cpu2, m->intid); break;
    case MSG_MOVALL: gicr_lpi_move_all(g, m->cpu, m->cpu2); break;
    }
}

/* SYNC: the engine waits until every earlier message to that PE has arrived. */
void its_sync_wait(struct gic *g, struct its *its, unsigned cpu)
{
    if (g->tm.on)
        its->tm.cursor = max_u64(its->tm.cursor, its->tm.rd_last[cpu]);
}
