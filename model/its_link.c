/* The ITS's link to the redistributors: the message pool, sending, arrival and what a
 * message does at its redistributor; and the timing state's life (init, reset, free).
 * Links are in order: a message never overtakes an earlier one to the same
 * redistributor, which is what makes SYNC meaningful. With the ideal profile a message
 * takes effect as it is sent. The MSI input queue and engine are in its_translate.c,
 * the timed memory interface in its_tables.c. docs/timing.md. */
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

/* ---- the link ---- */

/* Applies a message at its redistributor. */
static void its_deliver(struct gic *g, struct its *its, const struct its_msg *m)
{
    bool all = m->op == MSG_INVALL || m->op == MSG_MOVALL || m->op == MSG_VMAPP ||
               m->op == MSG_VINVALL;
    GIC_TRACE(g, .kind = GIC_TRACE_LINK_ARRIVE, .cpu = m->cpu,
              .intid = all ? INTID_SPURIOUS : m->intid, .its = its->idx, .msg = m->op);
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
    case MSG_VSET:
        if (m->from_msi)
            its_msi_arrived(g, its, m);
        else
            gicr_vlpi_set_pending(g, m->cpu, m->vpeid, m->intid, m->db);
        break;
    case MSG_VCLEAR: gicr_vlpi_clear_pending(g, m->vpeid, m->intid); break;
    case MSG_VINVALL: gicr_vlpi_inv_all(g, m->vpeid); break;
    case MSG_VMOVE: gicr_vlpi_move(g, m->vpeid, m->vpeid2, m->intid); break;
    case MSG_INVDB: gicr_vlpi_invdb(g, m->vpeid); break;
    case MSG_VSGI: gicr_vsgi_set_pending(g, m->vpeid, m->intid); break;
    case MSG_VSGI_CONFIG: gicr_vsgi_config(g, m->vpeid, m->intid, m->db); break;
    case MSG_VMAPP:
        gicr_vmapp(g, m->cpu, m->vpeid, m->valid, m->vpt, m->vpt_bits, m->vconf, m->db);
        break;
    }
}

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
    uint64_t at = timing_link(&g->tm, m->done);
    at = max_u64(at, t->rd_last[m->cpu]);
    bool two = m->op == MSG_MOVE || m->op == MSG_MOVALL;
    if (two)
        at = max_u64(at, t->rd_last[m->cpu2]);
    if (m->op == MSG_INVALL || m->op == MSG_MOVALL)
        at = timing_bulk(&g->tm, at, gicr_lpi_pending_count(g, m->cpu));
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

void its_send_v(struct gic *g, struct its *its, const struct its_msg *m)
{
    uint32_t idx;
    struct its_msg *slot = its_msg_alloc(its, &idx);
    if (!slot) { /* host out of memory: apply it now rather than lose it */
        its_deliver(g, its, m);
        return;
    }
    *slot = *m;
    its_send(g, its, idx);
}

/* SYNC: the engine waits until every earlier message to that PE has arrived. */
void its_sync_wait(struct gic *g, struct its *its, unsigned cpu)
{
    if (g->tm.on)
        its->tm.cursor = max_u64(its->tm.cursor, its->tm.rd_last[cpu]);
}
