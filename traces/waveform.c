/* The GIC's waveform: per CPU interface IRQ, FIQ, acknowledged INTID and running
 * priority; per redistributor the highest pending priority and the pending LPIs; per
 * ITS the command queue depth, busy, and MSI arrivals, translations and drops. A
 * listener on the trace bus that samples the GIC's observers after each event. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "traces.h"
#include "vcd.h"

enum { CPU_VARS = 4, GICR_VARS = 2, ITS_VARS = 5, ITS_COUNTERS = 3 };

struct gic_waveform {
    gic_t *gic;
    struct vcd *v;
    char *gtkw;      /* the save file written at close */
    char *vcd_path;
    unsigned num_cpus, num_its;
    int *cpu;        /* irq, fiq, ack_intid, running_priority */
    int *gicr;       /* pending_priority, pending_lpis */
    int *its;        /* cmd_queue_depth, busy, msi_arrivals, translations, drops */
    uint64_t *count; /* arrivals, translations, drops */
};

static void declare_cpus(struct gic_waveform *w)
{
    char name[32];
    vcd_scope_begin(w->v, "cpu_interfaces");
    for (unsigned c = 0; c < w->num_cpus; c++) {
        snprintf(name, sizeof(name), "cpu%u", c);
        vcd_scope_begin(w->v, name);
        w->cpu[CPU_VARS * c] = vcd_var(w->v, "irq", 1);
        w->cpu[CPU_VARS * c + 1] = vcd_var(w->v, "fiq", 1);
        w->cpu[CPU_VARS * c + 2] = vcd_var(w->v, "ack_intid", 24);
        w->cpu[CPU_VARS * c + 3] = vcd_var(w->v, "running_priority", 8);
        vcd_scope_end(w->v);
    }
    vcd_scope_end(w->v);
    vcd_scope_begin(w->v, "redistributors");
    for (unsigned c = 0; c < w->num_cpus; c++) {
        snprintf(name, sizeof(name), "gicr%u", c);
        vcd_scope_begin(w->v, name);
        w->gicr[GICR_VARS * c] = vcd_var(w->v, "pending_priority", 8);
        w->gicr[GICR_VARS * c + 1] = vcd_var(w->v, "pending_lpis", 32);
        vcd_scope_end(w->v);
    }
    vcd_scope_end(w->v);
}

static void declare_its(struct gic_waveform *w)
{
    char name[32];
    if (!w->num_its)
        return;
    vcd_scope_begin(w->v, "its");
    for (unsigned i = 0; i < w->num_its; i++) {
        snprintf(name, sizeof(name), "its%u", i);
        vcd_scope_begin(w->v, name);
        int *v = &w->its[ITS_VARS * i];
        v[0] = vcd_var(w->v, "cmd_queue_depth", 16);
        v[1] = vcd_var(w->v, "busy", 1);
        v[2] = vcd_var(w->v, "msi_arrivals", 32);
        v[3] = vcd_var(w->v, "translations", 32);
        v[4] = vcd_var(w->v, "drops", 32);
        vcd_scope_end(w->v);
    }
    vcd_scope_end(w->v);
}

static void cpu_signals(struct gic_waveform *w, unsigned c, uint64_t t)
{
    int pend = gic_cpu_pending_priority(w->gic, c);
    vcd_change(w->v, t, w->cpu[CPU_VARS * c + 3], gic_cpu_running_priority(w->gic, c));
    vcd_change(w->v, t, w->gicr[GICR_VARS * c], pend < 0 ? 0xFF : (uint64_t)pend);
    vcd_change(w->v, t, w->gicr[GICR_VARS * c + 1], gic_lpi_pending_count(w->gic, c));
}

static void its_signals(struct gic_waveform *w, unsigned i, uint64_t t)
{
    const int *v = &w->its[ITS_VARS * i];
    vcd_change(w->v, t, v[0], gic_its_queue_depth(w->gic, i));
    vcd_change(w->v, t, v[1], gic_its_busy(w->gic, i));
    for (int k = 0; k < ITS_COUNTERS; k++)
        vcd_change(w->v, t, v[2 + k], w->count[ITS_COUNTERS * i + k]);
}

static void on_event(void *opaque, const gic_trace_event_t *ev)
{
    struct gic_waveform *w = opaque;
    switch (ev->kind) {
    case GIC_TRACE_SIGNAL:
        vcd_change(w->v, ev->time, w->cpu[CPU_VARS * ev->cpu + (ev->signal == GIC_SIG_FIQ)],
                   ev->level);
        break;
    case GIC_TRACE_ACK:
        vcd_change(w->v, ev->time, w->cpu[CPU_VARS * ev->cpu + 2], ev->intid);
        break;
    case GIC_TRACE_MSI: case GIC_TRACE_MSI_TRANSLATED: case GIC_TRACE_MSI_DROP:
        w->count[ITS_COUNTERS * ev->its + (ev->kind == GIC_TRACE_MSI ? 0
                                           : ev->kind == GIC_TRACE_MSI_TRANSLATED ? 1 : 2)]++;
        its_signals(w, ev->its, ev->time);
        break;
    case GIC_TRACE_ITS_COMMAND: case GIC_TRACE_MMIO_WRITE:
        for (unsigned i = 0; i < w->num_its; i++)
            its_signals(w, i, ev->time);
        break;
    default: break;
    }
    if (ev->cpu >= 0 && (unsigned)ev->cpu < w->num_cpus)
        cpu_signals(w, (unsigned)ev->cpu, ev->time);
}

/* NAME.vcd -> NAME.gtkw; any other name gets .gtkw appended. */
static char *gtkw_path(const char *vcd)
{
    size_t n = strlen(vcd);
    char *p = malloc(n + 6);
    if (!p)
        return NULL;
    memcpy(p, vcd, n + 1);
    if (n > 4 && !strcmp(p + n - 4, ".vcd"))
        p[n - 4] = 0;
    strcat(p, ".gtkw");
    return p;
}

static void waveform_free(struct gic_waveform *w)
{
    free(w->gtkw);
    free(w->vcd_path);
    free(w->cpu);
    free(w->gicr);
    free(w->its);
    free(w->count);
    free(w);
}

struct gic_waveform *gic_waveform_open(gic_t *gic, const char *vcd_path)
{
    const gic_config_t *c = gic_get_config(gic);
    struct gic_waveform *w = calloc(1, sizeof(*w));
    if (!w)
        return NULL;
    *w = (struct gic_waveform){.gic = gic, .num_cpus = c->num_cpus, .num_its = c->num_its};
    w->gtkw = gtkw_path(vcd_path);
    w->vcd_path = strdup(vcd_path);
    w->cpu = calloc(CPU_VARS * w->num_cpus, sizeof(int));
    w->gicr = calloc(GICR_VARS * w->num_cpus, sizeof(int));
    w->its = calloc(ITS_VARS * (w->num_its + 1), sizeof(int));
    w->count = calloc(ITS_COUNTERS * (w->num_its + 1), sizeof(uint64_t));
    if (!w->gtkw || !w->vcd_path || !w->cpu || !w->gicr || !w->its || !w->count) {
        waveform_free(w);
        errno = ENOMEM;
        return NULL;
    }
    if (!(w->v = vcd_open(vcd_path, "1ps"))) {
        waveform_free(w);
        return NULL;
    }
    declare_cpus(w);
    declare_its(w);
    vcd_end_definitions(w->v);
    if (gic_add_trace_listener(gic, on_event, w) != GIC_OK) {
        vcd_close(w->v, 0);
        waveform_free(w);
        errno = ENOMEM;
        return NULL;
    }
    return w;
}

int gic_waveform_close(struct gic_waveform *w, gic_time_t t_end)
{
    if (!w)
        return 0;
    gic_remove_trace_listener(w->gic, on_event, w);
    int rc = vcd_write_gtkw(w->v, w->gtkw, w->vcd_path);
    int err = errno;
    if (vcd_close(w->v, t_end))
        rc = -1;
    else
        errno = err;
    waveform_free(w);
    return rc ? -1 : 0;
}
