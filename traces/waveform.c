/* The GIC's waveform. One scope per block, each variable named with its block
 * (cpu2_irq) so gtkwave's rows say whose they are:
 *   scenario        step: the scenario step in progress (when the owner marks steps)
 *   cpu_interfaces  per CPU: irq, fiq, ack_intid, running_priority
 *   virtual_cpu_interfaces (with virtualization) per PE: virq, vfiq, maintenance,
 *                   valid_lrs, running_priority (the virtual one)
 *   redistributors  per PE: pending_priority, pending_lpis, link (the last message
 *                   from an ITS), link_messages
 *   distributor     lpi_prop_hit/miss pulses, mem_reads outstanding
 *   its             per ITS: command in progress, cmd_queue_depth, busy, msi_queue,
 *                   translations_in_flight, mem_reads, msi_arrivals, translations,
 *                   drops, and a hit and a miss pulse per cache
 * A listener on the trace bus: every value is sampled after the event that changes it
 * (outstanding memory reads are sampled at each event of their block or of a CPU, and
 * once more when the waveform closes, so a read that completes between two events
 * shows at the next one). INTIDs and counters are shown
 * in decimal, priorities in hex. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "traces.h"
#include "vcd.h"

enum { CPU_IRQ, CPU_FIQ, CPU_ACK, CPU_RPR, CPU_VARS };
/* With virtualization, per PE: the virtual interface's outputs and state. */
enum { V_IRQ, V_FIQ, V_MAINT, V_LRS, V_RPR, V_VARS };
enum { RD_PRIO, RD_LPIS, RD_LINK, RD_LINK_N, RD_VARS };
enum { ITS_CMD, ITS_DEPTH, ITS_BUSY, ITS_QUEUE, ITS_IN_FLIGHT, ITS_READS, ITS_ARRIVALS,
       ITS_TRANSLATIONS, ITS_DROPS, ITS_CACHE0, ITS_VARS = ITS_CACHE0 + 6 };
enum { DIST_HIT, DIST_MISS, DIST_READS, DIST_VARS };
enum { MAX_PULSES = 64 };

struct gic_waveform {
    gic_t *gic;
    struct vcd *v;
    char *gtkw;      /* the save file written at close */
    char *vcd_path;
    unsigned num_cpus, num_its;
    int step;        /* scenario.step, or -1 */
    int *cpu, *rd, *its, dist[DIST_VARS];
    int *vcpu;           /* V_VARS per PE, or NULL without virtualization */
    uint64_t *count;     /* per ITS: arrivals, translations, drops; then per PE: link */
    int pulse[MAX_PULSES]; /* variables raised at pulse_t, lowered 1 ps later */
    unsigned n_pulses;
    uint64_t pulse_t;
};

/* "cpu2" + "irq" -> "cpu2_irq" */
static int var(struct gic_waveform *w, const char *block, const char *name, unsigned width,
               enum vcd_fmt fmt)
{
    char full[64];
    snprintf(full, sizeof(full), "%s_%s", block, name);
    return width ? vcd_var_fmt(w->v, full, width, fmt) : vcd_var_string(w->v, full);
}

static void declare_cpus(struct gic_waveform *w)
{
    char b[32];
    vcd_scope_begin(w->v, "cpu_interfaces");
    for (unsigned c = 0; c < w->num_cpus; c++) {
        snprintf(b, sizeof(b), "cpu%u", c);
        vcd_scope_begin(w->v, b);
        int *v = &w->cpu[CPU_VARS * c];
        v[CPU_IRQ] = var(w, b, "irq", 1, VCD_BIN);
        v[CPU_FIQ] = var(w, b, "fiq", 1, VCD_BIN);
        v[CPU_ACK] = var(w, b, "ack_intid", 24, VCD_DEC);
        v[CPU_RPR] = var(w, b, "running_priority", 8, VCD_HEX);
        vcd_scope_end(w->v);
    }
    vcd_scope_end(w->v);
    vcd_scope_begin(w->v, "redistributors");
    for (unsigned c = 0; c < w->num_cpus; c++) {
        snprintf(b, sizeof(b), "gicr%u", c);
        vcd_scope_begin(w->v, b);
        int *v = &w->rd[RD_VARS * c];
        v[RD_PRIO] = var(w, b, "pending_priority", 8, VCD_HEX);
        v[RD_LPIS] = var(w, b, "pending_lpis", 32, VCD_DEC);
        v[RD_LINK] = var(w, b, "link", 0, VCD_TEXT);
        v[RD_LINK_N] = var(w, b, "link_messages", 32, VCD_DEC);
        vcd_scope_end(w->v);
    }
    vcd_scope_end(w->v);
}

static void declare_virtual(struct gic_waveform *w)
{
    char b[32];
    if (!w->vcpu)
        return;
    vcd_scope_begin(w->v, "virtual_cpu_interfaces");
    for (unsigned c = 0; c < w->num_cpus; c++) {
        snprintf(b, sizeof(b), "vcpu%u", c);
        vcd_scope_begin(w->v, b);
        int *v = &w->vcpu[V_VARS * c];
        v[V_IRQ] = var(w, b, "virq", 1, VCD_BIN);
        v[V_FIQ] = var(w, b, "vfiq", 1, VCD_BIN);
        v[V_MAINT] = var(w, b, "maintenance", 1, VCD_BIN);
        v[V_LRS] = var(w, b, "valid_lrs", 8, VCD_DEC);
        v[V_RPR] = var(w, b, "running_priority", 8, VCD_HEX);
        vcd_scope_end(w->v);
    }
    vcd_scope_end(w->v);
}

static void declare_dist(struct gic_waveform *w)
{
    vcd_scope_begin(w->v, "distributor");
    w->dist[DIST_HIT] = var(w, "dist", "lpi_prop_hit", 1, VCD_BIN);
    w->dist[DIST_MISS] = var(w, "dist", "lpi_prop_miss", 1, VCD_BIN);
    w->dist[DIST_READS] = var(w, "dist", "mem_reads", 8, VCD_DEC);
    vcd_scope_end(w->v);
}

static void declare_its(struct gic_waveform *w)
{
    static const char *const names[ITS_VARS] = {
        "command", "cmd_queue_depth", "busy", "msi_queue", "translations_in_flight",
        "mem_reads", "msi_arrivals", "translations", "drops", "device_cache_hit",
        "device_cache_miss", "event_cache_hit", "event_cache_miss", "collection_cache_hit",
        "collection_cache_miss"};
    static const unsigned widths[ITS_VARS] = {0, 16, 1, 32, 32, 8, 32, 32, 32, 1, 1, 1, 1, 1, 1};
    char b[32];
    if (!w->num_its)
        return;
    vcd_scope_begin(w->v, "its");
    for (unsigned i = 0; i < w->num_its; i++) {
        snprintf(b, sizeof(b), "its%u", i);
        vcd_scope_begin(w->v, b);
        for (int k = 0; k < ITS_VARS; k++)
            w->its[ITS_VARS * i + k] =
                var(w, b, names[k], widths[k], widths[k] > 1 ? VCD_DEC : VCD_BIN);
        vcd_scope_end(w->v);
    }
    vcd_scope_end(w->v);
}

/* Lowers the pulses raised earlier than t (1 ps after they rose). */
static void lower_pulses(struct gic_waveform *w, uint64_t t)
{
    if (!w->n_pulses || t <= w->pulse_t)
        return;
    for (unsigned i = 0; i < w->n_pulses; i++)
        vcd_change(w->v, w->pulse_t + 1, w->pulse[i], 0);
    w->n_pulses = 0;
}

static void pulse(struct gic_waveform *w, uint64_t t, int v)
{
    if (w->n_pulses == MAX_PULSES) /* many lookups at one instant: one pulse each kind */
        return;
    w->pulse_t = t;
    w->pulse[w->n_pulses++] = v;
    vcd_change(w->v, t, v, 1);
}

static void vcpu_signals(struct gic_waveform *w, unsigned c, uint64_t t)
{
    const int *v = &w->vcpu[V_VARS * c];
    vcd_change(w->v, t, v[V_IRQ], gic_vcpu_signal_level(w->gic, c, GIC_VSIG_VIRQ));
    vcd_change(w->v, t, v[V_FIQ], gic_vcpu_signal_level(w->gic, c, GIC_VSIG_VFIQ));
    vcd_change(w->v, t, v[V_MAINT], gic_vcpu_maintenance_level(w->gic, c));
    vcd_change(w->v, t, v[V_LRS], gic_vcpu_valid_lrs(w->gic, c));
    vcd_change(w->v, t, v[V_RPR], gic_vcpu_running_priority(w->gic, c));
}

static void cpu_signals(struct gic_waveform *w, unsigned c, uint64_t t)
{
    int pend = gic_cpu_pending_priority(w->gic, c);
    if (w->vcpu)
        vcpu_signals(w, c, t);
    vcd_change(w->v, t, w->dist[DIST_READS], gic_dist_outstanding_reads(w->gic));
    vcd_change(w->v, t, w->cpu[CPU_VARS * c + CPU_RPR], gic_cpu_running_priority(w->gic, c));
    vcd_change(w->v, t, w->rd[RD_VARS * c + RD_PRIO], pend < 0 ? 0xFF : (uint64_t)pend);
    vcd_change(w->v, t, w->rd[RD_VARS * c + RD_LPIS], gic_lpi_pending_count(w->gic, c));
}

static void its_signals(struct gic_waveform *w, unsigned i, uint64_t t)
{
    const int *v = &w->its[ITS_VARS * i];
    vcd_change(w->v, t, v[ITS_DEPTH], gic_its_queue_depth(w->gic, i));
    vcd_change(w->v, t, v[ITS_BUSY], gic_its_busy(w->gic, i));
    vcd_change(w->v, t, v[ITS_QUEUE], gic_its_msi_queue_depth(w->gic, i));
    vcd_change(w->v, t, v[ITS_IN_FLIGHT], gic_its_translations_in_flight(w->gic, i));
    vcd_change(w->v, t, v[ITS_READS], gic_its_outstanding_reads(w->gic, i));
    for (int k = 0; k < 3; k++)
        vcd_change(w->v, t, v[ITS_ARRIVALS + k], w->count[3 * i + k]);
}

static void its_event(struct gic_waveform *w, const gic_trace_event_t *ev)
{
    const int *v = &w->its[ITS_VARS * ev->its];
    const char *cmd;
    switch (ev->kind) {
    case GIC_TRACE_MSI: w->count[3 * ev->its]++; break;
    case GIC_TRACE_MSI_TRANSLATED: w->count[3 * ev->its + 1]++; break;
    case GIC_TRACE_MSI_DROP: w->count[3 * ev->its + 2]++; break;
    case GIC_TRACE_ITS_COMMAND:
        cmd = gic_its_cmd_name(ev->cmd);
        vcd_change_string(w->v, ev->time, v[ITS_CMD], cmd ? cmd : "unknown");
        break;
    case GIC_TRACE_ITS_COMMAND_DONE: vcd_change_string(w->v, ev->time, v[ITS_CMD], "-"); break;
    case GIC_TRACE_ITS_CACHE:
        pulse(w, ev->time, v[ITS_CACHE0 + 2 * ev->cache + !ev->hit]);
        break;
    default: break;
    }
    its_signals(w, ev->its, ev->time);
}

static void link_event(struct gic_waveform *w, const gic_trace_event_t *ev)
{
    char text[48];
    int *v = &w->rd[RD_VARS * ev->cpu];
    if (ev->intid == 1023)
        snprintf(text, sizeof(text), "%s", gic_link_msg_name((gic_link_msg_t)ev->msg));
    else
        snprintf(text, sizeof(text), "%s_%u", gic_link_msg_name((gic_link_msg_t)ev->msg),
                 (unsigned)ev->intid);
    vcd_change_string(w->v, ev->time, v[RD_LINK], text);
    vcd_change(w->v, ev->time, v[RD_LINK_N], ++w->count[3 * w->num_its + ev->cpu]);
}

static void on_event(void *opaque, const gic_trace_event_t *ev)
{
    struct gic_waveform *w = opaque;
    lower_pulses(w, ev->time);
    uint32_t fields = gic_trace_fields(ev->kind);
    if (ev->kind == GIC_TRACE_SIGNAL)
        vcd_change(w->v, ev->time, w->cpu[CPU_VARS * ev->cpu + (ev->signal == GIC_SIG_FIQ)],
                   ev->level);
    else if (ev->kind == GIC_TRACE_ACK)
        vcd_change(w->v, ev->time, w->cpu[CPU_VARS * ev->cpu + CPU_ACK], ev->intid);
    else if (ev->kind == GIC_TRACE_LINK_ARRIVE)
        link_event(w, ev);
    else if (ev->kind == GIC_TRACE_LPI_PROP_LOOKUP) {
        pulse(w, ev->time, w->dist[ev->hit ? DIST_HIT : DIST_MISS]);
        vcd_change(w->v, ev->time, w->dist[DIST_READS], gic_dist_outstanding_reads(w->gic));
    }
    if ((fields & GIC_TF(ITS)) && ev->its < w->num_its)
        its_event(w, ev);
    else if (ev->kind == GIC_TRACE_MMIO_WRITE) /* CWRITER, CTLR: any ITS may change */
        for (unsigned i = 0; i < w->num_its; i++)
            its_signals(w, i, ev->time);
    if (ev->cpu >= 0 && (unsigned)ev->cpu < w->num_cpus)
        cpu_signals(w, (unsigned)ev->cpu, ev->time);
}

void gic_waveform_mark(struct gic_waveform *w, gic_time_t t, const char *text)
{
    if (!w || w->step < 0)
        return;
    lower_pulses(w, t);
    vcd_change_string(w->v, t, w->step, text);
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
    free(w->rd);
    free(w->its);
    free(w->count);
    free(w->vcpu);
    free(w);
}

static bool waveform_alloc(struct gic_waveform *w, const char *vcd_path)
{
    w->gtkw = gtkw_path(vcd_path);
    w->vcd_path = strdup(vcd_path);
    w->cpu = calloc(CPU_VARS * w->num_cpus, sizeof(int));
    w->rd = calloc(RD_VARS * w->num_cpus, sizeof(int));
    w->its = calloc(ITS_VARS * (w->num_its + 1), sizeof(int));
    w->count = calloc(3 * w->num_its + w->num_cpus, sizeof(uint64_t));
    bool virt = gic_get_config(w->gic)->virt.enabled;
    w->vcpu = virt ? calloc(V_VARS * w->num_cpus, sizeof(int)) : NULL;
    return w->gtkw && w->vcd_path && w->cpu && w->rd && w->its && w->count &&
           (!virt || w->vcpu);
}

struct gic_waveform *gic_waveform_open(gic_t *gic, const char *vcd_path, unsigned flags)
{
    const gic_config_t *c = gic_get_config(gic);
    struct gic_waveform *w = calloc(1, sizeof(*w));
    if (!w)
        return NULL;
    *w = (struct gic_waveform){.gic = gic, .num_cpus = c->num_cpus, .num_its = c->num_its,
                               .step = -1};
    if (!waveform_alloc(w, vcd_path)) {
        waveform_free(w);
        errno = ENOMEM;
        return NULL;
    }
    if (!(w->v = vcd_open(vcd_path, "1ps"))) {
        waveform_free(w);
        return NULL;
    }
    if (flags & GIC_WAVEFORM_STEPS) {
        vcd_scope_begin(w->v, "scenario");
        w->step = vcd_var_string(w->v, "step");
        vcd_scope_end(w->v);
    }
    declare_cpus(w);
    declare_virtual(w);
    declare_dist(w);
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
    lower_pulses(w, UINT64_MAX);
    if (t_end <= w->pulse_t && w->pulse_t)
        t_end = w->pulse_t + 1;
    /* A last sample: what settled after the last event (reads completing) shows. */
    for (unsigned i = 0; i < w->num_its; i++)
        its_signals(w, i, t_end);
    for (unsigned c = 0; c < w->num_cpus; c++)
        cpu_signals(w, c, t_end);
    int rc = vcd_write_gtkw(w->v, w->gtkw, w->vcd_path, t_end);
    int err = errno;
    if (vcd_close(w->v, t_end))
        rc = -1;
    else
        errno = err;
    waveform_free(w);
    return rc ? -1 : 0;
}
