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

gic_status_t gic_remove_trace_listener(gic_t *g, gic_trace_fn fn, void *opaque)
{
    for (unsigned i = 0; i < g->n_listeners; i++)
        if (g->listeners[i].fn == fn && g->listeners[i].opaque == opaque) {
            for (unsigned k = i + 1; k < g->n_listeners; k++)
                g->listeners[k - 1] = g->listeners[k];
            g->n_listeners--;
            return GIC_OK;
        }
    return GIC_ERR_ARG;
}

static const uint32_t trace_fields[] = {
#define GIC_TRACE_FIELDS_OF(k, n, f) f,
    GIC_TRACE_KINDS(GIC_TRACE_FIELDS_OF)
#undef GIC_TRACE_FIELDS_OF
};

/* Time is the scheduler's; cpu and intid say "none" when the kind does not carry them,
 * so a listener never mistakes a zero for CPU 0 or SGI 0. */
void gic_trace_emit(struct gic *g, gic_trace_event_t *ev)
{
    uint32_t f = trace_fields[ev->kind];
    ev->time = g->sched.now;
    if (!(f & GIC_TF(CPU)))
        ev->cpu = NO_CPU;
    if (!(f & GIC_TF(INTID)))
        ev->intid = INTID_SPURIOUS;
    for (unsigned i = 0; i < g->n_listeners; i++)
        g->listeners[i].fn(g->listeners[i].opaque, ev);
}

void gic_guest_error(struct gic *g, const char *rule, const char *fmt, ...)
{
    g->guest_errors++;
    if (!g->n_listeners)
        return;
    char detail[224];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof(detail), fmt, ap);
    va_end(ap);
    gic_trace_emit(g, &(gic_trace_event_t){.kind = GIC_TRACE_GUEST_ERROR, .rule = rule,
                                           .detail = detail});
}

uint64_t gic_guest_error_count(const gic_t *g)
{
    return g->guest_errors;
}

static const char *const trace_names[] = {
#define GIC_TRACE_NAME(k, n, f) n,
    GIC_TRACE_KINDS(GIC_TRACE_NAME)
#undef GIC_TRACE_NAME
};

const char *gic_trace_name(gic_trace_kind_t kind)
{
    return (unsigned)kind < GIC_TRACE_NUM_KINDS ? trace_names[kind] : "unknown";
}

uint32_t gic_trace_fields(gic_trace_kind_t kind)
{
    return (unsigned)kind < GIC_TRACE_NUM_KINDS ? trace_fields[kind] : 0;
}

static const char *const field_names[] = {
#define GIC_TRACE_FIELD_NAME(k, n) n,
    GIC_TRACE_FIELDS(GIC_TRACE_FIELD_NAME)
#undef GIC_TRACE_FIELD_NAME
};

const char *gic_trace_field_name(gic_trace_field_t field)
{
    return (unsigned)field < GIC_TRACE_NUM_FIELDS ? field_names[field] : "unknown";
}

const char *gic_link_msg_name(gic_link_msg_t msg)
{
    static const char *const names[] = {"set", "clear", "inv", "invall", "move", "movall",
                                        "vset", "vclear", "vmapp", "vinvall", "vmove",
                                        "invdb", "vsgi", "vsgi_config"};
    return (unsigned)msg < sizeof(names) / sizeof(names[0]) ? names[msg] : "unknown";
}

const char *gic_cache_name(gic_cache_t cache)
{
    static const char *const names[] = {"device", "event", "collection", "lpi_prop",
                                        "vpe"};
    return (unsigned)cache < sizeof(names) / sizeof(names[0]) ? names[cache] : "unknown";
}
