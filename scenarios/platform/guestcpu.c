/* Guest CPU models: a guest at EL1 taking virtual interrupts through ICV_* (the
 * virtual counterpart of cpumodel.c). A virtual interrupt's stimulus is the LR write
 * that made it pending, or for a GICv4.1 vLPI or vSGI when it became pending at its
 * redistributor (for the vPE, resident or not); its "irq" time is when vIRQ/vFIQ rose. */
#include <stdlib.h>
#include <string.h>

#include "deliveries.h"
#include "guestcpu.h"
#include "keymap.h"

struct guest_pe {
    bool ack_scheduled, eoi_scheduled;
    bool direct;       /* the last acknowledge took a direct vLPI/vSGI (no LR) */
    uint64_t vsig_rise;
    struct guest_stack st;
};

struct guests {
    struct runner *r;
    struct guest_pe *pe;
    struct keymap stim; /* (PE, vINTID) -> LR write time (uint64_t) */
};

static uint64_t key(unsigned cpu, uint32_t vintid)
{
    return ((uint64_t)(cpu + 1) << 32 | vintid);
}

/* vLPIs by vPE, apart from the (PE, vINTID) keys of LR writes. */
static uint64_t vlpi_key(uint32_t vpe, uint32_t vintid)
{
    return 1ULL << 63 | (uint64_t)vpe << 32 | vintid;
}

struct guests *guests_new(struct runner *r)
{
    struct guests *g = calloc(1, sizeof(*g));
    if (!g || !(g->pe = calloc(r->s->gic.num_cpus, sizeof(*g->pe))))
        abort();
    g->r = r;
    keymap_init(&g->stim, sizeof(uint64_t));
    return g;
}

void guests_free(struct guests *g)
{
    if (!g)
        return;
    keymap_free(&g->stim);
    free(g->pe);
    free(g);
}

static void schedule_ack(struct guests *g, unsigned cpu);

static bool lr_write_pending(const gic_trace_event_t *ev)
{
    return ev->kind == GIC_TRACE_SYSREG_WRITE && ev->reg >= ICH_LR0_EL2 &&
           ev->reg <= ICH_LR15_EL2 && (ev->value >> 62 & 1);
}

void guests_on_trace(struct guests *g, const gic_trace_event_t *ev)
{
    if (lr_write_pending(ev)) {
        bool fresh;
        uint64_t *t = keymap_put(&g->stim, key((unsigned)ev->cpu, (uint32_t)ev->value), &fresh);
        if (fresh)
            *t = ev->time;
    } else if (ev->kind == GIC_TRACE_VSET_PENDING || ev->kind == GIC_TRACE_VSGI_SET_PENDING) {
        bool fresh;
        uint64_t *t = keymap_put(&g->stim, vlpi_key((uint32_t)ev->value, ev->intid), &fresh);
        if (fresh)
            *t = ev->time;
    } else if (ev->kind == GIC_TRACE_VACK) {
        g->pe[ev->cpu].direct = ev->lr == 0xFFFFFFFFu; /* no LR: a GICv4.1 vLPI or vSGI */
    } else if (ev->kind == GIC_TRACE_VSIGNAL && ev->level) {
        g->pe[ev->cpu].vsig_rise = ev->time;
        schedule_ack(g, (unsigned)ev->cpu);
    }
}

void guests_record(struct guests *g, unsigned cpu, uint32_t vintid)
{
    struct runner *r = g->r;
    uint64_t now = runner_now(r), rise = g->pe[cpu].vsig_rise, stim = rise;
    int vpe = g->pe[cpu].direct ? gic_vpe_resident(r->gic, cpu) : -1;
    if (!(vpe >= 0 && keymap_take(&g->stim, vlpi_key((uint32_t)vpe, vintid), &stim)))
        keymap_take(&g->stim, key(cpu, vintid), &stim);
    if (!deliveries_record_virtual(r->deliveries, cpu, vintid, vpe, stim,
                                   rise < stim ? stim : rise, now))
        runner_fatal(r, "more than %d deliveries: stopped (a virtual interrupt storm?)",
                     DELIVERIES_MAX);
}

static void eoi_event(void *ctx, uint64_t cpu)
{
    struct guests *g = ctx;
    struct runner *r = g->r;
    struct guest_pe *p = &g->pe[cpu];
    p->eoi_scheduled = false;
    if (!p->st.depth)
        return;
    struct guest_frame *top = &p->st.f[p->st.depth - 1];
    if (top->end > runner_now(r)) { /* pushed back by a nested handler, or a world switch */
        p->eoi_scheduled = sched_at(&r->sched, top->end, eoi_event, g, cpu);
        return;
    }
    uint64_t ctlr = 0;
    bus_sysreg_write(r, (unsigned)cpu, top->grp0 ? ICV_EOIR0_EL1 : ICV_EOIR1_EL1, top->vintid);
    bus_sysreg_read(r, (unsigned)cpu, ICV_CTLR_EL1, &ctlr);
    if (ctlr & 2) /* EOImode: the guest deactivates separately */
        bus_sysreg_write(r, (unsigned)cpu, ICV_DIR_EL1, top->vintid);
    p->st.depth--;
    if (p->st.depth)
        p->eoi_scheduled = sched_at(&r->sched, p->st.f[p->st.depth - 1].end, eoi_event, g, cpu);
    schedule_ack(g, (unsigned)cpu);
}

static void ack_event(void *ctx, uint64_t cpu)
{
    struct guests *g = ctx;
    struct runner *r = g->r;
    struct guest_pe *p = &g->pe[cpu];
    p->ack_scheduled = false;
    bool vfiq = gic_vcpu_signal_level(r->gic, (unsigned)cpu, GIC_VSIG_VFIQ);
    if ((!vfiq && !gic_vcpu_signal_level(r->gic, (unsigned)cpu, GIC_VSIG_VIRQ)) ||
        p->st.depth == GUEST_MAX_NEST)
        return;
    uint64_t id = 1023;
    bus_sysreg_read(r, (unsigned)cpu, vfiq ? ICV_IAR0_EL1 : ICV_IAR1_EL1, &id);
    if (id >= 1020 && id <= 1023)
        return;
    guests_record(g, (unsigned)cpu, (uint32_t)id);
    uint64_t now = runner_now(r), h = r->s->handler_time;
    for (unsigned i = 0; i < p->st.depth; i++)
        p->st.f[i].end += h; /* the interrupted handlers wait for this one */
    p->st.f[p->st.depth++] = (struct guest_frame){(uint32_t)id, vfiq, now + h};
    if (!p->eoi_scheduled)
        p->eoi_scheduled = sched_at(&r->sched, now + h, eoi_event, g, cpu);
    else
        sched_at(&r->sched, now + h, eoi_event, g, cpu);
}

static void schedule_ack(struct guests *g, unsigned cpu)
{
    struct runner *r = g->r;
    struct guest_pe *p = &g->pe[cpu];
    if (r->s->guest_ack != CPU_ACK_AUTO || p->ack_scheduled || r->fatal[0])
        return;
    if (!gic_vcpu_signal_level(r->gic, cpu, GIC_VSIG_VIRQ) &&
        !gic_vcpu_signal_level(r->gic, cpu, GIC_VSIG_VFIQ))
        return;
    uint64_t delay = r->s->ack_delay ? r->s->ack_delay : 1;
    p->ack_scheduled = sched_at(&r->sched, runner_now(r) + delay, ack_event, g, cpu);
}

void guests_save(struct guests *g, unsigned cpu, struct guest_stack *out)
{
    uint64_t now = runner_now(g->r);
    *out = g->pe[cpu].st;
    for (unsigned i = 0; i < out->depth; i++)
        out->f[i].end = out->f[i].end > now ? out->f[i].end - now : 0;
    g->pe[cpu].st.depth = 0;
}

void guests_restore(struct guests *g, unsigned cpu, const struct guest_stack *in)
{
    struct runner *r = g->r;
    struct guest_pe *p = &g->pe[cpu];
    uint64_t now = runner_now(r);
    p->st = *in;
    for (unsigned i = 0; i < p->st.depth; i++)
        p->st.f[i].end += now;
    if (p->st.depth && !p->eoi_scheduled)
        p->eoi_scheduled = sched_at(&r->sched, p->st.f[p->st.depth - 1].end, eoi_event, g, cpu);
    schedule_ack(g, cpu);
}
