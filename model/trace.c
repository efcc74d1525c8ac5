/* The trace bus (listeners see every event synchronously, in order) and guest errors:
 * a guest mistake is counted and traced with its rule id, never aborted on. */
#include <stdio.h>
#include <stdlib.h>

#include "gic_internal.h"

gic_status_t gic_add_trace_listener(gic_t *g, gic_trace_fn fn, void *opaque)
{
    struct gic_listener *l = realloc(g->listeners, (g->n_listeners + 1) * sizeof(*l));
    if (!l)
        return GIC_ERR_NOMEM;
    g->listeners = l;
    l[g->n_listeners++] = (struct gic_listener){fn, opaque};
    return GIC_OK;
}

static void emit(struct gic *g, gic_trace_event_t *ev)
{
    ev->time = g->sched.now;
    for (unsigned i = 0; i < g->n_listeners; i++)
        g->listeners[i].fn(g->listeners[i].opaque, ev);
}

void gic_trace(struct gic *g, gic_trace_kind_t kind, int cpu, uint32_t intid, uint64_t a,
               uint64_t b, uint64_t c)
{
    if (!g->n_listeners)
        return;
    gic_trace_event_t ev = {kind, 0, cpu, intid, a, b, c, NULL, NULL};
    emit(g, &ev);
}

void gic_trace_journey(struct gic *g, unsigned cpu, uint32_t intid,
                       const gic_lpi_journey_t *j)
{
    if (!g->n_listeners)
        return;
    gic_trace_event_t ev = {GIC_TRACE_LPI_TIMING, 0, (int32_t)cpu, intid, 0, 0, 0, NULL, j};
    emit(g, &ev);
}

void gic_guest_error(struct gic *g, const char *rule, const char *fmt, ...)
{
    g->guest_errors++;
    if (!g->n_listeners)
        return;
    char buf[256];
    int n = snprintf(buf, sizeof(buf), "%s: ", rule);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
    va_end(ap);
    gic_trace_event_t ev = {GIC_TRACE_GUEST_ERROR, 0, -1, INTID_SPURIOUS, 0, 0, 0, buf, NULL};
    emit(g, &ev);
}

uint64_t gic_guest_error_count(const gic_t *g)
{
    return g->guest_errors;
}

static const char *const trace_names[] = {
#define GIC_TRACE_NAME(k, n) n,
    GIC_TRACE_KINDS(GIC_TRACE_NAME)
#undef GIC_TRACE_NAME
};

const char *gic_trace_name(gic_trace_kind_t kind)
{
    return (unsigned)kind < GIC_TRACE_NUM_KINDS ? trace_names[kind] : "unknown";
}
