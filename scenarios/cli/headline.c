/* Headline figures from a report's JSON (headline.h). */
#include "headline.h"

#include <stdio.h>
#include <string.h>

const struct figure_info figures[NUM_FIGURES] = {
    [FIG_DELIVERIES] = {"deliveries", "Deliveries", "", "%.0f", +1, false},
    [FIG_VIS_P50] = {"msi_to_visible_p50_ns", "msi_to_visible p50", "ns", "%.3f", -1, false},
    [FIG_VIS_P99] = {"msi_to_visible_p99_ns", "msi_to_visible p99", "ns", "%.3f", -1, false},
    [FIG_IRQ_P50] = {"msi_to_irq_p50_ns", "msi_to_irq p50", "ns", "%.3f", -1, false},
    [FIG_IRQ_P99] = {"msi_to_irq_p99_ns", "msi_to_irq p99", "ns", "%.3f", -1, false},
    [FIG_EVENT_HIT] = {"event_cache_hit_rate", "ITS event cache hit rate", "", "%.4f", +1, true},
    [FIG_LPI_HIT] = {"lpi_cache_hit_rate", "LPI property cache hit rate", "", "%.4f", +1, true},
    [FIG_DROPPED] = {"msi_dropped", "MSIs dropped", "", "%.0f", -1, false},
    [FIG_DELIVERED_RATE] = {"delivered_mps", "MSIs delivered per second", "M/s", "%.4f", +1, false},
    [FIG_VIS_MEAN] = {"msi_to_visible_mean_ns", "msi_to_visible mean", "ns", "%.3f", -1, false},
};

/* Hits and misses of one cache, added to *hits and *misses. */
static bool cache(const struct json *c, double *hits, double *misses)
{
    double h, m;
    if (!json_num_at(c, "hits", &h) || !json_num_at(c, "misses", &m))
        return false;
    *hits += h, *misses += m;
    return true;
}

/* Over every ITS: the event cache's hits and misses, and the MSIs dropped. */
static bool its_figures(const struct json *its, struct headline *h)
{
    double hits = 0, misses = 0, dropped = 0;
    if (!its || its->type != JSON_ARRAY)
        return false;
    for (size_t i = 0; i < its->n; i++) {
        const struct json *d = json_path(&its->items[i], "msi.dropped");
        if (!cache(json_path(&its->items[i], "caches.event"), &hits, &misses) || !d ||
            d->type != JSON_OBJECT)
            return false;
        for (size_t k = 0; k < d->n; k++)
            dropped += d->items[k].type == JSON_NUMBER ? d->items[k].number : 0;
    }
    h->v[FIG_EVENT_HIT] = hits + misses ? hits / (hits + misses) : 0;
    h->v[FIG_DROPPED] = dropped;
    return true;
}

/* The last window: msi_to_visible and msi_to_irq percentiles, MSI deliveries per second
 * (millions) from the window's start to its last acknowledge. */
static bool window_figures(const struct json *windows, struct headline *h)
{
    if (!windows || windows->type != JSON_ARRAY || !windows->n)
        return false;
    const struct json *w = &windows->items[windows->n - 1];
    double from, to, count, last;
    if (!json_num_at(w, "from_ps", &from) || !json_num_at(w, "to_ps", &to) ||
        !json_num_at(w, "latency.msi_to_irq.count", &count) ||
        !json_num_at(w, "latency.msi_to_visible.p50_ns", &h->v[FIG_VIS_P50]) ||
        !json_num_at(w, "latency.msi_to_visible.p99_ns", &h->v[FIG_VIS_P99]) ||
        !json_num_at(w, "latency.msi_to_visible.mean_ns", &h->v[FIG_VIS_MEAN]) ||
        !json_num_at(w, "latency.msi_to_irq.p50_ns", &h->v[FIG_IRQ_P50]) ||
        !json_num_at(w, "latency.msi_to_irq.p99_ns", &h->v[FIG_IRQ_P99]))
        return false;
    if (json_num_at(w, "last_ack_ps", &last) && last > from)
        to = last; /* the window's work, not the steps' waiting after it */
    h->v[FIG_DELIVERED_RATE] = to > from ? count * 1e6 / (to - from) : 0;
    return true;
}

bool headline_of(const struct json *r, struct headline *h, char *why, size_t len)
{
    const char *result = json_str_at(r, "result");
    double hits = 0, misses = 0;
    memset(h, 0, sizeof(*h));
    const char *missing = !result || strlen(result) >= sizeof(h->result) ? "result"
        : !json_num_at(r, "deliveries", &h->v[FIG_DELIVERIES])          ? "deliveries"
        : !its_figures(json_get(r, "its"), h)                           ? "its"
        : !cache(json_path(r, "lpi.property_cache.lpi"), &hits, &misses) ? "lpi"
        : !window_figures(json_get(r, "windows"), h)                    ? "windows"
                                                                         : NULL;
    if (missing) {
        snprintf(why, len, "not a gicsim report (no valid \"%s\")", missing);
        return false;
    }
    snprintf(h->result, sizeof(h->result), "%s", result);
    h->v[FIG_LPI_HIT] = hits + misses ? hits / (hits + misses) : 0;
    return true;
}
