/* CPU models. `auto`: a PE whose IRQ or FIQ rises reads IAR after ack_delay, runs
 * the handler for handler_time (a preempting interrupt pauses it) and writes EOIR.
 * `manual`: only ack/eoi/dir steps touch the CPU interface. Both record deliveries
 * with the stimulus time (when the interrupt became pending) and the IRQ rise time. */
#include <stdlib.h>
#include <string.h>

#include "journey.h"
#include "runner.h"

#define MAX_NEST 256
#define MAX_DELIVERIES 10000000 /* beyond this a run is an interrupt storm: stop it */

struct frame {
    uint32_t intid;
    bool grp0;
    bool secure;  /* handled in the Secure state (an FIQ with two security states) */
    uint64_t end; /* when the handler finishes, pushed back by nested handlers */
};

struct cpu_model {
    bool ack_scheduled, eoi_scheduled;
    uint64_t line_rise;    /* last rising edge of IRQ or FIQ */
    struct frame stack[MAX_NEST];
    unsigned depth;
};

/* Stimulus times, keyed by interrupt: SPIs by INTID, private ones by (CPU, INTID). */
struct stim_map {
    uint64_t *key, *val; /* key 0 = empty */
    size_t cap, n;
};

static uint64_t stim_key(int cpu, uint32_t intid)
{
    if (intid >= 32 && intid < 1020)
        return (uint64_t)intid + 1;
    return ((uint64_t)(cpu + 1) << 32 | intid) + 1;
}

static size_t stim_slot(const struct stim_map *m, uint64_t key)
{
    size_t i = (size_t)(key * 0x9E3779B97F4A7C15ULL >> 20) & (m->cap - 1);
    while (m->key[i] && m->key[i] != key)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static void stim_grow(struct stim_map *m)
{
    struct stim_map old = *m;
    m->cap = old.cap ? old.cap * 2 : 1024;
    m->key = calloc(m->cap, sizeof(*m->key));
    m->val = calloc(m->cap, sizeof(*m->val));
    if (!m->key || !m->val)
        abort(); /* host out of memory: not a guest behaviour */
    for (size_t i = 0; i < old.cap; i++)
        if (old.key[i]) {
            size_t j = stim_slot(m, old.key[i]);
            m->key[j] = old.key[i];
            m->val[j] = old.val[i];
        }
    free(old.key);
    free(old.val);
}

static void stim_set(struct stim_map *m, uint64_t key, uint64_t t)
{
    if (2 * (m->n + 1) > m->cap)
        stim_grow(m);
    size_t i = stim_slot(m, key);
    if (m->key[i])
        return; /* already pending: the first stimulus counts */
    m->key[i] = key;
    m->val[i] = t;
    m->n++;
}

/* Removes key; returns its time, or dflt. Backward-shift keeps probing correct. */
static uint64_t stim_take(struct stim_map *m, uint64_t key, uint64_t dflt)
{
    if (!m->cap)
        return dflt;
    size_t i = stim_slot(m, key), mask = m->cap - 1;
    if (!m->key[i])
        return dflt;
    uint64_t t = m->val[i];
    m->key[i] = 0;
    m->n--;
    for (size_t j = (i + 1) & mask; m->key[j]; j = (j + 1) & mask) {
        size_t home = (size_t)(m->key[j] * 0x9E3779B97F4A7C15ULL >> 20) & mask;
        if (((j - home) & mask) >= ((j - i) & mask)) {
            m->key[i] = m->key[j], m->val[i] = m->val[j];
            m->key[j] = 0;
            i = j;
        }
    }
    return t;
}

void cpus_init(struct runner *r)
{
    r->cpus = calloc(r->s->gic.num_cpus, sizeof(*r->cpus));
    r->stim = calloc(1, sizeof(*r->stim));
    if (!r->cpus || !r->stim)
        abort();
    stim_grow(r->stim);
}

void cpus_free(struct runner *r)
{
    if (r->stim) {
        free(r->stim->key);
        free(r->stim->val);
    }
    free(r->stim);
    free(r->cpus);
}

static void schedule_ack(struct runner *r, unsigned cpu);

/* A rising IRQ or FIQ (GIC_TRACE_SIGNAL, b = level) is when an `auto` CPU takes it. */
void cpus_on_trace(struct runner *r, const gic_trace_event_t *ev)
{
    if (ev->kind == GIC_TRACE_SET_PENDING ||
        (ev->kind == GIC_TRACE_WIRE && ev->a))
        stim_set(r->stim, stim_key(ev->cpu, ev->intid), ev->time);
    else if (ev->kind == GIC_TRACE_SIGNAL && ev->b) {
        r->cpus[ev->cpu].line_rise = ev->time;
        schedule_ack(r, (unsigned)ev->cpu);
    } else if (ev->kind == GIC_TRACE_CLEAR_PENDING)
        stim_take(r->stim, stim_key(ev->cpu, ev->intid), 0);
}

void runner_record_delivery(struct runner *r, unsigned cpu, uint32_t intid)
{
    uint64_t now = runner_now(r), rise = r->cpus[cpu].line_rise;
    int key_cpu = intid >= 32 && intid < 1020 ? -1 : (int)cpu;
    uint64_t stim = stim_take(r->stim, stim_key(key_cpu, intid), rise);
    if (r->n_del >= MAX_DELIVERIES) {
        runner_fatal(r, "more than %d deliveries: stopped (an interrupt storm? a level "
                     "interrupt that is never lowered?)", MAX_DELIVERIES);
        return;
    }
    if (r->n_del == r->cap_del) {
        size_t cap = r->cap_del ? 2 * r->cap_del : 256;
        struct delivery *d = realloc(r->del, cap * sizeof(*d));
        if (!d)
            abort();
        r->del = d;
        r->cap_del = cap;
    }
    struct delivery *d = &r->del[r->n_del++];
    *d = (struct delivery){cpu, intid, stim, rise < stim ? stim : rise, now, false, false,
                           {0}};
    /* Under a timing profile an MSI's LPI is stimulated when the MSI was written. */
    if (intid >= 8192 && journey_take(r->journeys, cpu, intid, &d->journey)) {
        d->has_journey = true;
        d->stimulus = d->journey.written;
    }
}

static void eoi_event(void *ctx, uint64_t cpu)
{
    struct runner *r = ctx;
    struct cpu_model *m = &r->cpus[cpu];
    m->eoi_scheduled = false;
    if (!m->depth)
        return;
    struct frame *top = &m->stack[m->depth - 1];
    if (top->end > runner_now(r)) { /* pushed back by a nested handler */
        m->eoi_scheduled = sched_at(&r->sched, top->end, eoi_event, r, cpu);
        return;
    }
    if (top->secure)
        bus_set_secure(r, (unsigned)cpu, true);
    bus_sysreg_write(r, (unsigned)cpu, top->grp0 ? ICC_EOIR0_EL1 : ICC_EOIR1_EL1, top->intid);
    if (top->secure)
        bus_set_secure(r, (unsigned)cpu, false);
    m->depth--;
    if (m->depth)
        m->eoi_scheduled = sched_at(&r->sched, m->stack[m->depth - 1].end, eoi_event, r, cpu);
    schedule_ack(r, (unsigned)cpu);
}

static void ack_event(void *ctx, uint64_t cpu)
{
    struct runner *r = ctx;
    struct cpu_model *m = &r->cpus[cpu];
    m->ack_scheduled = false;
    bool fiq = gic_signal_level(r->gic, (unsigned)cpu, GIC_SIG_FIQ);
    if (!fiq && !gic_signal_level(r->gic, (unsigned)cpu, GIC_SIG_IRQ))
        return;
    if (m->depth == MAX_NEST)
        return; /* deeper nesting than any priority scheme allows */
    /* With two security states an FIQ is taken to the Secure state (EL3 firmware):
     * Group 0 through IAR0, Secure Group 1 through IAR1 there. */
    bool secure = fiq && r->s->gic.two_security_states, grp0 = fiq;
    uint64_t intid = 1023;
    if (secure)
        bus_set_secure(r, (unsigned)cpu, true);
    bus_sysreg_read(r, (unsigned)cpu, fiq ? ICC_IAR0_EL1 : ICC_IAR1_EL1, &intid);
    if (secure && intid == 1023) {
        bus_sysreg_read(r, (unsigned)cpu, ICC_IAR1_EL1, &intid);
        grp0 = false;
    }
    if (secure)
        bus_set_secure(r, (unsigned)cpu, false);
    if (intid >= 1020 && intid <= 1023)
        return;
    runner_record_delivery(r, (unsigned)cpu, (uint32_t)intid);
    uint64_t now = runner_now(r), h = r->s->handler_time;
    for (unsigned i = 0; i < m->depth; i++)
        m->stack[i].end += h; /* the interrupted handlers wait for this one */
    m->stack[m->depth++] = (struct frame){(uint32_t)intid, grp0, secure, now + h};
    if (!m->eoi_scheduled)
        m->eoi_scheduled = sched_at(&r->sched, now + h, eoi_event, r, cpu);
    else
        sched_at(&r->sched, now + h, eoi_event, r, cpu);
}

static void schedule_ack(struct runner *r, unsigned cpu)
{
    struct cpu_model *m = &r->cpus[cpu];
    if (r->s->ack != CPU_ACK_AUTO || m->ack_scheduled || r->fatal[0])
        return;
    if (!gic_signal_level(r->gic, cpu, GIC_SIG_IRQ) && !gic_signal_level(r->gic, cpu, GIC_SIG_FIQ))
        return;
    /* At least 1 ps between acknowledges, so that simulated time always advances. */
    uint64_t delay = r->s->ack_delay ? r->s->ack_delay : 1;
    m->ack_scheduled = sched_at(&r->sched, runner_now(r) + delay, ack_event, r, cpu);
}
