/* CPU models. `auto`: a PE whose IRQ or FIQ rises reads IAR after ack_delay, runs
 * the handler for handler_time (a preempting interrupt pauses it) and writes EOIR.
 * `manual`: only ack/eoi/dir steps touch the CPU interface. Both record deliveries
 * with the stimulus time (when the interrupt became pending) and the IRQ rise time. */
#include <stdlib.h>
#include <string.h>

#include "cpumodel.h"
#include "deliveries.h"
#include "hypervisor.h"
#include "keymap.h"

#define MAX_NEST 256

struct frame {
    uint32_t intid;
    bool grp0;
    bool secure;  /* handled in the Secure state (an FIQ with two security states) */
    bool dir;     /* the hypervisor's host: EOImode 1, deactivate after the EOI */
    uint64_t end; /* when the handler finishes, pushed back by nested handlers */
};

struct cpu_model {
    bool ack_scheduled, eoi_scheduled;
    uint64_t line_rise;    /* last rising edge of IRQ or FIQ */
    struct frame stack[MAX_NEST];
    unsigned depth;
};

/* Stimulus times (uint64_t ps) in a keymap, keyed by interrupt: SPIs by INTID,
 * private ones by (CPU, INTID). */
struct stim_map {
    struct keymap map;
};

struct cpus {
    struct runner *r;
    struct cpu_model *cpu;   /* one per PE */
    struct stim_map stim;    /* when each pending interrupt was stimulated */
};

static uint64_t stim_key(int cpu, uint32_t intid)
{
    if (intid >= 32 && intid < 1020)
        return (uint64_t)intid + 1;
    return ((uint64_t)(cpu + 1) << 32 | intid) + 1;
}

/* Already pending: the first stimulus counts. */
static void stim_set(struct stim_map *m, uint64_t key, uint64_t t)
{
    bool fresh;
    uint64_t *v = keymap_put(&m->map, key, &fresh);
    if (fresh)
        *v = t;
}

/* Removes key; returns its time, or dflt. */
static uint64_t stim_take(struct stim_map *m, uint64_t key, uint64_t dflt)
{
    uint64_t t;
    return keymap_take(&m->map, key, &t) ? t : dflt;
}

struct cpus *cpus_new(struct runner *r)
{
    struct cpus *c = calloc(1, sizeof(*c));
    if (!c || !(c->cpu = calloc(r->s->gic.num_cpus, sizeof(*c->cpu))))
        abort();
    c->r = r;
    keymap_init(&c->stim.map, sizeof(uint64_t));
    return c;
}

void cpus_free(struct cpus *c)
{
    if (!c)
        return;
    keymap_free(&c->stim.map);
    free(c->cpu);
    free(c);
}

static void schedule_ack(struct cpus *c, unsigned cpu);

/* A rising IRQ or FIQ (GIC_TRACE_SIGNAL, b = level) is when an `auto` CPU takes it. */
void cpus_on_trace(struct cpus *c, const gic_trace_event_t *ev)
{
    if (ev->kind == GIC_TRACE_SET_PENDING ||
        (ev->kind == GIC_TRACE_WIRE && ev->level))
        stim_set(&c->stim, stim_key(ev->cpu, ev->intid), ev->time);
    else if (ev->kind == GIC_TRACE_SIGNAL && ev->level) {
        c->cpu[ev->cpu].line_rise = ev->time;
        schedule_ack(c, (unsigned)ev->cpu);
    } else if (ev->kind == GIC_TRACE_CLEAR_PENDING)
        stim_take(&c->stim, stim_key(ev->cpu, ev->intid), 0);
}

void cpus_record_delivery(struct cpus *c, unsigned cpu, uint32_t intid)
{
    struct runner *r = c->r;
    uint64_t now = runner_now(r), rise = c->cpu[cpu].line_rise;
    int key_cpu = intid >= 32 && intid < 1020 ? -1 : (int)cpu;
    uint64_t stim = stim_take(&c->stim, stim_key(key_cpu, intid), rise);
    if (!deliveries_record(r->deliveries, cpu, intid, stim, rise < stim ? stim : rise, now))
        runner_fatal(r, "more than %d deliveries: stopped (an interrupt storm? a level "
                     "interrupt that is never lowered?)", DELIVERIES_MAX);
}

static void eoi_event(void *ctx, uint64_t cpu)
{
    struct cpus *c = ctx;
    struct runner *r = c->r;
    struct cpu_model *m = &c->cpu[cpu];
    m->eoi_scheduled = false;
    if (!m->depth)
        return;
    struct frame *top = &m->stack[m->depth - 1];
    if (top->end > runner_now(r)) { /* pushed back by a nested handler */
        m->eoi_scheduled = sched_at(&r->sched, top->end, eoi_event, c, cpu);
        return;
    }
    if (top->secure)
        bus_set_secure(r, (unsigned)cpu, true);
    if (r->hyp)
        hyp_host_enter(r->hyp, (unsigned)cpu);
    bus_sysreg_write(r, (unsigned)cpu, top->grp0 ? ICC_EOIR0_EL1 : ICC_EOIR1_EL1, top->intid);
    if (top->dir)
        bus_sysreg_write(r, (unsigned)cpu, ICC_DIR_EL1, top->intid);
    if (r->hyp)
        hyp_host_leave(r->hyp, (unsigned)cpu);
    if (top->secure)
        bus_set_secure(r, (unsigned)cpu, false);
    m->depth--;
    if (m->depth)
        m->eoi_scheduled = sched_at(&r->sched, m->stack[m->depth - 1].end, eoi_event, c, cpu);
    schedule_ack(c, (unsigned)cpu);
}

static void ack_event(void *ctx, uint64_t cpu)
{
    struct cpus *c = ctx;
    struct runner *r = c->r;
    struct cpu_model *m = &c->cpu[cpu];
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
    if (r->hyp) /* the host's handler runs at EL2: physical ICC accesses */
        hyp_host_enter(r->hyp, (unsigned)cpu);
    bus_sysreg_read(r, (unsigned)cpu, fiq ? ICC_IAR0_EL1 : ICC_IAR1_EL1, &intid);
    if (secure && intid == 1023) {
        bus_sysreg_read(r, (unsigned)cpu, ICC_IAR1_EL1, &intid);
        grp0 = false;
    }
    if (secure)
        bus_set_secure(r, (unsigned)cpu, false);
    bool special = intid >= 1020 && intid <= 1023;
    bool dir = r->hyp && !special && hyp_host_irq(r->hyp, (unsigned)cpu, (uint32_t)intid);
    if (r->hyp)
        hyp_host_leave(r->hyp, (unsigned)cpu);
    if (special)
        return;
    cpus_record_delivery(c, (unsigned)cpu, (uint32_t)intid);
    uint64_t now = runner_now(r), h = r->s->handler_time;
    for (unsigned i = 0; i < m->depth; i++)
        m->stack[i].end += h; /* the interrupted handlers wait for this one */
    m->stack[m->depth++] = (struct frame){(uint32_t)intid, grp0, secure, dir, now + h};
    if (!m->eoi_scheduled)
        m->eoi_scheduled = sched_at(&r->sched, now + h, eoi_event, c, cpu);
    else
        sched_at(&r->sched, now + h, eoi_event, c, cpu);
}

static void schedule_ack(struct cpus *c, unsigned cpu)
{
    struct runner *r = c->r;
    struct cpu_model *m = &c->cpu[cpu];
    if (r->s->ack != CPU_ACK_AUTO || m->ack_scheduled || r->fatal[0])
        return;
    if (!gic_signal_level(r->gic, cpu, GIC_SIG_IRQ) && !gic_signal_level(r->gic, cpu, GIC_SIG_FIQ))
        return;
    /* At least 1 ps between acknowledges, so that simulated time always advances. */
    uint64_t delay = r->s->ack_delay ? r->s->ack_delay : 1;
    m->ack_scheduled = sched_at(&r->sched, runner_now(r) + delay, ack_event, c, cpu);
}
