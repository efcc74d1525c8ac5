/* Trace outputs: the JSON-lines event log (every trace event) and the VCD waveform
 * (per CPU: IRQ, FIQ, acknowledged INTID, running priority; per redistributor:
 * highest pending priority, pending LPIs; per ITS: queue depth, busy, MSI arrivals,
 * translations, drops). Both are listeners on the trace bus. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include "vcd.h"

struct vcd_out {
    struct vcd *v;
    int *cpu;  /* 4 vars per CPU: irq, fiq, intid, rpr */
    int *gicr; /* 2 per redistributor: pending priority, pending LPIs */
    int *its;  /* 5 per ITS: depth, busy, arrivals, translations, drops */
    uint64_t *count; /* 3 counters per ITS */
};

static void log_event(FILE *f, const gic_trace_event_t *ev)
{
    fprintf(f, "{\"t_ps\":%llu,\"event\":\"%s\"", (unsigned long long)ev->time,
            gic_trace_name(ev->kind));
    if (ev->cpu >= 0)
        fprintf(f, ",\"cpu\":%d", ev->cpu);
    if (ev->intid != 1023)
        fprintf(f, ",\"intid\":%u", ev->intid);
    fprintf(f, ",\"a\":%llu,\"b\":%llu,\"c\":%llu", (unsigned long long)ev->a,
            (unsigned long long)ev->b, (unsigned long long)ev->c);
    if (ev->text) {
        fputs(",\"text\":\"", f);
        for (const char *s = ev->text; *s; s++)
            if (*s == '"' || *s == '\\')
                fprintf(f, "\\%c", *s);
            else if ((unsigned char)*s >= 0x20)
                fputc(*s, f);
        fputc('"', f);
    }
    if (ev->journey) {
        const gic_lpi_journey_t *j = ev->journey;
        fprintf(f, ",\"journey\":{\"written\":%llu,\"start\":%llu,\"done\":%llu,"
                   "\"arrived\":%llu,\"visible\":%llu,\"miss_ps\":%llu}",
                (unsigned long long)j->written, (unsigned long long)j->start,
                (unsigned long long)j->done, (unsigned long long)j->arrived,
                (unsigned long long)j->visible, (unsigned long long)j->miss_ps);
    }
    fputs("}\n", f);
}

/* Three top-level scopes (CPU interfaces, redistributors, ITSs): one gtkwave group
 * each in the save file. */
static void declare(struct runner *r, struct vcd_out *o)
{
    char name[32];
    const gic_config_t *g = &r->s->gic;
    vcd_scope_begin(o->v, "cpu_interfaces");
    for (unsigned c = 0; c < g->num_cpus; c++) {
        snprintf(name, sizeof(name), "cpu%u", c);
        vcd_scope_begin(o->v, name);
        o->cpu[4 * c] = vcd_var(o->v, "irq", 1);
        o->cpu[4 * c + 1] = vcd_var(o->v, "fiq", 1);
        o->cpu[4 * c + 2] = vcd_var(o->v, "ack_intid", 24);
        o->cpu[4 * c + 3] = vcd_var(o->v, "running_priority", 8);
        vcd_scope_end(o->v);
    }
    vcd_scope_end(o->v);
    vcd_scope_begin(o->v, "redistributors");
    for (unsigned c = 0; c < g->num_cpus; c++) {
        snprintf(name, sizeof(name), "gicr%u", c);
        vcd_scope_begin(o->v, name);
        o->gicr[2 * c] = vcd_var(o->v, "pending_priority", 8);
        o->gicr[2 * c + 1] = vcd_var(o->v, "pending_lpis", 32);
        vcd_scope_end(o->v);
    }
    vcd_scope_end(o->v);
    if (g->num_its) {
        vcd_scope_begin(o->v, "its");
        for (unsigned i = 0; i < g->num_its; i++) {
            snprintf(name, sizeof(name), "its%u", i);
            vcd_scope_begin(o->v, name);
            o->its[5 * i] = vcd_var(o->v, "cmd_queue_depth", 16);
            o->its[5 * i + 1] = vcd_var(o->v, "busy", 1);
            o->its[5 * i + 2] = vcd_var(o->v, "msi_arrivals", 32);
            o->its[5 * i + 3] = vcd_var(o->v, "translations", 32);
            o->its[5 * i + 4] = vcd_var(o->v, "drops", 32);
            vcd_scope_end(o->v);
        }
        vcd_scope_end(o->v);
    }
    vcd_end_definitions(o->v);
}

static void cpu_signals(struct runner *r, unsigned c, uint64_t t)
{
    struct vcd_out *o = r->vcd;
    int pend = gic_cpu_pending_priority(r->gic, c);
    vcd_change(o->v, t, o->cpu[4 * c + 3], gic_cpu_running_priority(r->gic, c));
    vcd_change(o->v, t, o->gicr[2 * c], pend < 0 ? 0xFF : (uint64_t)pend);
    vcd_change(o->v, t, o->gicr[2 * c + 1], gic_lpi_pending_count(r->gic, c));
}

static void its_signals(struct runner *r, unsigned i, uint64_t t)
{
    struct vcd_out *o = r->vcd;
    vcd_change(o->v, t, o->its[5 * i], gic_its_queue_depth(r->gic, i));
    vcd_change(o->v, t, o->its[5 * i + 1], gic_its_busy(r->gic, i));
    for (int k = 0; k < 3; k++)
        vcd_change(o->v, t, o->its[5 * i + 2 + k], o->count[3 * i + k]);
}

static void vcd_event(struct runner *r, const gic_trace_event_t *ev)
{
    struct vcd_out *o = r->vcd;
    switch (ev->kind) {
    case GIC_TRACE_SIGNAL:
        vcd_change(o->v, ev->time, o->cpu[4 * ev->cpu + (ev->a == GIC_SIG_FIQ)], ev->b);
        break;
    case GIC_TRACE_ACK:
        vcd_change(o->v, ev->time, o->cpu[4 * ev->cpu + 2], ev->intid);
        break;
    case GIC_TRACE_MSI: case GIC_TRACE_MSI_TRANSLATED: case GIC_TRACE_MSI_DROP:
        o->count[3 * ev->a + (ev->kind == GIC_TRACE_MSI ? 0
                              : ev->kind == GIC_TRACE_MSI_TRANSLATED ? 1 : 2)]++;
        its_signals(r, (unsigned)ev->a, ev->time);
        break;
    case GIC_TRACE_ITS_COMMAND: case GIC_TRACE_MMIO_WRITE:
        for (unsigned i = 0; i < r->s->gic.num_its; i++)
            its_signals(r, i, ev->time);
        break;
    default: break;
    }
    if (ev->cpu >= 0 && (unsigned)ev->cpu < r->s->gic.num_cpus)
        cpu_signals(r, (unsigned)ev->cpu, ev->time);
}

static void on_event(void *opaque, const gic_trace_event_t *ev)
{
    struct runner *r = opaque;
    if (r->log)
        log_event(r->log, ev);
    if (r->vcd)
        vcd_event(r, ev);
}

static int open_vcd(struct runner *r)
{
    const gic_config_t *g = &r->s->gic;
    struct vcd_out *o = calloc(1, sizeof(*o));
    r->vcd = o;
    if (!o || !(o->v = vcd_open(r->opt->vcd, "1ps"))) {
        snprintf(r->fatal, sizeof(r->fatal), "%s: cannot write", r->opt->vcd);
        return 2;
    }
    o->cpu = calloc(4 * g->num_cpus, sizeof(int));
    o->gicr = calloc(2 * g->num_cpus, sizeof(int));
    o->its = calloc(5 * (g->num_its + 1), sizeof(int));
    o->count = calloc(3 * (g->num_its + 1), sizeof(uint64_t));
    if (!o->cpu || !o->gicr || !o->its || !o->count)
        abort();
    declare(r, o);
    return 0;
}

static char *gtkw_path(const char *vcd)
{
    size_t n = strlen(vcd);
    char *p = malloc(n + 6);
    if (!p)
        abort();
    strcpy(p, vcd);
    if (n > 4 && !strcmp(p + n - 4, ".vcd"))
        p[n - 4] = 0;
    strcat(p, ".gtkw");
    return p;
}

int traceout_open(struct runner *r)
{
    if (r->opt->log && !(r->log = fopen(r->opt->log, "w"))) {
        snprintf(r->fatal, sizeof(r->fatal), "%s: cannot write", r->opt->log);
        return 2;
    }
    if (r->opt->vcd && open_vcd(r))
        return 2;
    if (r->log || r->vcd)
        gic_add_trace_listener(r->gic, on_event, r);
    return 0;
}

void traceout_close(struct runner *r)
{
    if (r->log)
        fclose(r->log);
    struct vcd_out *o = r->vcd;
    if (!o)
        return;
    if (o->v) {
        char *gtkw = gtkw_path(r->opt->vcd);
        vcd_write_gtkw(o->v, gtkw, r->opt->vcd);
        free(gtkw);
        vcd_close(o->v, r->gic ? runner_now(r) : 0);
    }
    free(o->cpu);
    free(o->gicr);
    free(o->its);
    free(o->count);
    free(o);
}
