/* Measurement windows, histograms and throughput over time (stats.h). */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "deliveries.h"
#include "metrics.h"

/* Throughput buckets start 1 ns wide; when an event lands past the last one, pairs are
 * merged (width doubles). So memory is fixed, the run length need not be known in
 * advance, and the layout depends only on event times: deterministic. */
#define TP_BUCKETS 128
#define TP_FIRST_WIDTH_PS 1000ULL

enum tp_counter {
    TP_OFFERED, TP_TRANSLATED, TP_DROPPED, TP_DELIVERED, TP_IN_FLIGHT_MAX,
    TP_ITS_HITS, TP_ITS_MISSES, TP_LPI_HITS, TP_LPI_MISSES, TP_NUM
};
static const char *const tp_names[TP_NUM] = {
    "offered", "translated", "dropped", "delivered", "in_flight_max",
    "its_cache_hits", "its_cache_misses", "lpi_cache_hits", "lpi_cache_misses"};

#define STATS_MAX_RESIDENCY 1000000 /* residency steps kept for the report */

struct residency {
    unsigned cpu;
    int vpe;
    bool schedule, hypervisor;
    uint64_t at, ps;
};

struct stats {
    struct residency *res;              /* vpe_schedule / vpe_deschedule steps */
    size_t n_res, cap_res;
    uint64_t starts[STATS_MAX_WINDOWS]; /* starts[0] = 0 */
    unsigned n_windows;
    uint64_t width;                     /* ps per throughput bucket */
    uint64_t tp[TP_BUCKETS][TP_NUM];
    uint64_t in_flight;                 /* MSIs offered, not yet translated or dropped */
};

struct stats *stats_new(void)
{
    struct stats *st = calloc(1, sizeof(*st));
    if (!st)
        abort();
    st->n_windows = 1;
    st->width = TP_FIRST_WIDTH_PS;
    return st;
}

void stats_free(struct stats *st)
{
    if (st)
        free(st->res);
    free(st);
}

void stats_vpe_residency(struct stats *st, unsigned cpu, int vpe, bool schedule, uint64_t at,
                         uint64_t ps)
{
    stats_vpe_residency_by(st, cpu, vpe, schedule, at, ps, false);
}

void stats_vpe_residency_by(struct stats *st, unsigned cpu, int vpe, bool schedule,
                            uint64_t at, uint64_t ps, bool hypervisor)
{
    if (st->n_res == st->cap_res) {
        size_t cap = st->cap_res ? 2 * st->cap_res : 64;
        struct residency *r = cap <= STATS_MAX_RESIDENCY ? realloc(st->res, cap * sizeof(*r))
                                                         : NULL;
        if (!r)
            return;
        st->res = r;
        st->cap_res = cap;
    }
    st->res[st->n_res++] = (struct residency){cpu, vpe, schedule, hypervisor, at, ps};
}

/* count, min, mean, max of the residency changes of one kind, in ns. */
static void residency_summary(FILE *f, const struct stats *st, bool schedule)
{
    size_t n = 0;
    uint64_t lo = UINT64_MAX, hi = 0;
    double sum = 0;
    for (size_t i = 0; i < st->n_res; i++)
        if (st->res[i].schedule == schedule) {
            uint64_t v = st->res[i].ps;
            n++, sum += (double)v, lo = v < lo ? v : lo, hi = v > hi ? v : hi;
        }
    fprintf(f, "{\"count\": %zu, \"min_ns\": %.3f, \"mean_ns\": %.3f, \"max_ns\": %.3f}", n,
            n ? (double)lo / 1e3 : 0.0, n ? sum / (double)n / 1e3 : 0.0, (double)hi / 1e3);
}

#define STATS_RESIDENCY_LISTED 256

static uint64_t vlpi_dropped(const gic_vlpi_stats_t *v)
{
    uint64_t n = 0;
    for (int k = 0; k < GIC_NUM_VLPI_DROPS; k++)
        n += v->dropped[k];
    return n;
}

bool stats_gicv4_balanced(gic_t *gic, char *why, size_t len)
{
    gic_vlpi_stats_t v;
    gic_get_vlpi_stats(gic, &v);
    if (v.offered != v.acknowledged + v.coalesced + v.pending + v.cleared + vlpi_dropped(&v)) {
        snprintf(why, len, "vLPIs: offered %llu != delivered %llu + coalesced %llu + pending "
                 "in VPT %llu + dropped %llu (cleared %llu, other reasons %llu)",
                 (unsigned long long)v.offered, (unsigned long long)v.acknowledged,
                 (unsigned long long)v.coalesced, (unsigned long long)v.pending,
                 (unsigned long long)(v.cleared + vlpi_dropped(&v)),
                 (unsigned long long)v.cleared, (unsigned long long)vlpi_dropped(&v));
        return false;
    }
    if (v.vsgi_offered != v.vsgi_acknowledged + v.vsgi_coalesced + v.vsgi_pending +
                              v.vsgi_cleared + v.vsgi_dropped) {
        snprintf(why, len, "vSGIs: offered %llu != delivered %llu + coalesced %llu + pending "
                 "%llu + cleared %llu + dropped %llu", (unsigned long long)v.vsgi_offered,
                 (unsigned long long)v.vsgi_acknowledged, (unsigned long long)v.vsgi_coalesced,
                 (unsigned long long)v.vsgi_pending, (unsigned long long)v.vsgi_cleared,
                 (unsigned long long)v.vsgi_dropped);
        return false;
    }
    return true;
}

void stats_gicv4_summary(FILE *f, gic_t *gic)
{
    gic_vlpi_stats_t v;
    gic_get_vlpi_stats(gic, &v);
    fprintf(f, "  vLPIs: %llu offered, %llu delivered, %llu coalesced, %llu pending in VPTs, "
               "%llu dropped; %llu doorbells", (unsigned long long)v.offered,
            (unsigned long long)v.acknowledged, (unsigned long long)v.coalesced,
            (unsigned long long)v.pending, (unsigned long long)(v.cleared + vlpi_dropped(&v)),
            (unsigned long long)v.doorbells);
    if (v.vsgi_offered)
        fprintf(f, "; vSGIs: %llu offered, %llu delivered, %llu pending",
                (unsigned long long)v.vsgi_offered, (unsigned long long)v.vsgi_acknowledged,
                (unsigned long long)v.vsgi_pending);
    fprintf(f, "\n");
}

void stats_gicv4_json(FILE *f, const struct stats *st, gic_t *gic)
{
    gic_vlpi_stats_t v;
    gic_get_vlpi_stats(gic, &v);
    /* offered = delivered (acknowledged) + coalesced + pending + dropped (cleared and the
     * reasons a vLPI never became pending) */
    fprintf(f, "  \"gicv4\": {\"vlpis\": {\"offered\": %llu, \"delivered\": %llu, "
               "\"coalesced\": %llu, \"pending\": %llu, \"dropped\": {\"cleared\": %llu",
            (unsigned long long)v.offered, (unsigned long long)v.acknowledged,
            (unsigned long long)v.coalesced, (unsigned long long)v.pending,
            (unsigned long long)v.cleared);
    for (int k = 0; k < GIC_NUM_VLPI_DROPS; k++)
        fprintf(f, ", \"%s\": %llu", gic_vlpi_drop_name((gic_vlpi_drop_t)k),
                (unsigned long long)v.dropped[k]);
    fprintf(f, "}, \"set_pending\": %llu, \"acknowledged\": %llu, \"cleared\": %llu, "
               "\"doorbells\": %llu, \"residency_changes\": %llu, \"vpe_cache\": {\"hits\": "
               "%llu, \"misses\": %llu}},\n    \"vsgis\": {\"offered\": %llu, \"delivered\": "
               "%llu, \"coalesced\": %llu, \"pending\": %llu, \"cleared\": %llu, "
               "\"dropped\": %llu},\n    \"schedule\": ",
            (unsigned long long)v.set_pending, (unsigned long long)v.acknowledged,
            (unsigned long long)v.cleared, (unsigned long long)v.doorbells,
            (unsigned long long)v.residency_changes, (unsigned long long)v.vpe_cache_hits,
            (unsigned long long)v.vpe_cache_misses, (unsigned long long)v.vsgi_offered,
            (unsigned long long)v.vsgi_acknowledged, (unsigned long long)v.vsgi_coalesced,
            (unsigned long long)v.vsgi_pending, (unsigned long long)v.vsgi_cleared,
            (unsigned long long)v.vsgi_dropped);
    residency_summary(f, st, true);
    fprintf(f, ", \"deschedule\": ");
    residency_summary(f, st, false);
    fprintf(f, ",\n    \"residency_steps\": [");
    for (size_t i = 0; i < st->n_res && i < STATS_RESIDENCY_LISTED; i++) {
        const struct residency *r = &st->res[i];
        fprintf(f, "%s{\"step\": \"%s\", \"cpu\": %u, \"vpe\": %d, \"at_ps\": %llu, "
                   "\"took_ns\": %.3f}", i ? ",\n      " : "",
                r->hypervisor ? (r->schedule ? "run" : "exit")
                              : r->schedule ? "vpe_schedule" : "vpe_deschedule", r->cpu, r->vpe,
                (unsigned long long)r->at, (double)r->ps / 1e3);
    }
    fprintf(f, "]},\n");
}

bool stats_reset(struct stats *st, uint64_t now)
{
    if (st->n_windows == STATS_MAX_WINDOWS)
        return false;
    st->starts[st->n_windows++] = now;
    return true;
}

uint64_t stats_window_start(const struct stats *st) { return st->starts[st->n_windows - 1]; }
unsigned stats_windows(const struct stats *st) { return st->n_windows; }

void stats_window(const struct stats *st, unsigned i, uint64_t *from, uint64_t *to)
{
    *from = st->starts[i];
    *to = i + 1 < st->n_windows ? st->starts[i + 1] : UINT64_MAX;
}

/* The bucket of time t, after widening until it fits. */
static uint64_t *bucket(struct stats *st, uint64_t t)
{
    while (t / st->width >= TP_BUCKETS) {
        for (unsigned i = 0; i < TP_BUCKETS / 2; i++)
            for (int k = 0; k < TP_NUM; k++) {
                uint64_t a = st->tp[2 * i][k], b = st->tp[2 * i + 1][k];
                st->tp[i][k] = k == TP_IN_FLIGHT_MAX ? (a > b ? a : b) : a + b;
            }
        memset(st->tp[TP_BUCKETS / 2], 0, sizeof(st->tp) / 2);
        st->width *= 2;
    }
    return st->tp[t / st->width];
}

void stats_on_trace(struct stats *st, const gic_trace_event_t *ev)
{
    uint64_t *b;
    switch (ev->kind) {
    case GIC_TRACE_MSI: st->in_flight++; bucket(st, ev->time)[TP_OFFERED]++; break;
    case GIC_TRACE_MSI_TRANSLATED:
        st->in_flight -= st->in_flight > 0;
        bucket(st, ev->time)[TP_TRANSLATED]++;
        break;
    case GIC_TRACE_MSI_DROP:
        st->in_flight -= st->in_flight > 0;
        bucket(st, ev->time)[TP_DROPPED]++;
        break;
    case GIC_TRACE_ACK:
        if (ev->intid < 1020 || ev->intid >= 8192) /* not a special INTID */
            bucket(st, ev->time)[TP_DELIVERED]++;
        return;
    case GIC_TRACE_ITS_CACHE:
        bucket(st, ev->time)[ev->hit ? TP_ITS_HITS : TP_ITS_MISSES]++;
        return;
    case GIC_TRACE_LPI_PROP_LOOKUP:
        bucket(st, ev->time)[ev->hit ? TP_LPI_HITS : TP_LPI_MISSES]++;
        return;
    default: return;
    }
    b = bucket(st, ev->time);
    if (st->in_flight > b[TP_IN_FLIGHT_MAX])
        b[TP_IN_FLIGHT_MAX] = st->in_flight;
}

void stats_throughput_json(FILE *f, const struct stats *st, uint64_t end)
{
    unsigned n = (unsigned)(end / st->width) + 1;
    if (n > TP_BUCKETS)
        n = TP_BUCKETS;
    fprintf(f, "  \"throughput\": {\"window_ns\": %.3f, \"t_ns\": [", (double)st->width / 1e3);
    for (unsigned i = 0; i < n; i++)
        fprintf(f, "%s%.3f", i ? ", " : "", (double)(i * st->width) / 1e3);
    fprintf(f, "]");
    for (int k = 0; k < TP_NUM; k++) {
        fprintf(f, ",\n    \"%s\": [", tp_names[k]);
        for (unsigned i = 0; i < n; i++)
            fprintf(f, "%s%llu", i ? ", " : "", (unsigned long long)st->tp[i][k]);
        fprintf(f, "]");
    }
    fprintf(f, "},\n");
}

/* Histogram buckets: 10 per decade, bucket k = [edge(k), edge(k+1)) ps from 1 ns up;
 * below 1 ns one bucket [0, 1 ns) (sub-ns edges would round together). Edges are whole
 * ps, rounded once, so every platform puts a value in the same bucket. */
#define PER_DECADE 10
#define FIRST_K (3 * PER_DECADE) /* edge(FIRST_K) = 1000 ps */
static uint64_t edge(int k)
{
    return k < FIRST_K ? 0 : (uint64_t)llround(pow(10.0, (double)k / PER_DECADE));
}

static int bucket_of(uint64_t v)
{
    if (v < 1000)
        return FIRST_K - 1;
    int k = (int)floor(PER_DECADE * log10((double)v));
    while (k > FIRST_K && v < edge(k))
        k--;
    while (v >= edge(k + 1))
        k++;
    return k;
}

static void histogram_json(FILE *f, const uint64_t *v, size_t n)
{
    size_t zero = 0;
    while (zero < n && !v[zero])
        zero++;
    fprintf(f, "{\"count\": %zu, \"zero\": %zu, \"bins\": [", n, zero);
    for (size_t i = zero, first = 1; i < n; first = 0) {
        int k = bucket_of(v[i]);
        size_t j = i;
        while (j < n && v[j] < edge(k + 1))
            j++;
        fprintf(f, "%s[%.3f, %.3f, %zu]", first ? "" : ", ", (double)edge(k) / 1e3,
                (double)edge(k + 1) / 1e3, j - i);
        i = j;
    }
    fprintf(f, "]}");
}

void stats_histograms_json(FILE *f, const struct stats *st, const struct delivery *del,
                           size_t n_del)
{
    uint64_t from, to;
    stats_window(st, st->n_windows - 1, &from, &to);
    fprintf(f, "  \"histograms\": {\"window\": %u, \"from_ps\": %llu, \"unit\": \"ns\", "
               "\"buckets_per_decade\": %d, \"metrics\": {", st->n_windows - 1,
            (unsigned long long)from, PER_DECADE);
    for (int m = 0; m < NUM_METRICS; m++) {
        uint64_t *v;
        size_t n = metric_samples_in(del, n_del, (enum metric)m, -1, false, from, to, &v);
        fprintf(f, "%s\n    \"%s\": ", m ? "," : "", metric_names[m]);
        histogram_json(f, v, n);
        free(v);
    }
    fprintf(f, "\n  }},\n");
}
