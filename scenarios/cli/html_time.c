/* The charts of one report over time and over the caches (html_report.h): the stage
 * breakdown per window, throughput and queue occupancy per fixed window, cache hit
 * rates over time and over the run. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "html_report.h"
#include "svg.h"

/* The windows with stage samples (at most 16): their indexes, and the tallest sum of
 * stage means. */
static size_t stage_windows(const struct json *w, size_t *idx, double *top)
{
    size_t n = 0;
    *top = 0;
    for (size_t i = 0; i < w->n && n < 16; i++) {
        double count = 0, sum = 0, mean;
        json_num_at(&w->items[i], "latency.its_queue.count", &count);
        for (int s = 0; s < 5 && count; s++) {
            char path[64];
            snprintf(path, sizeof(path), "latency.%s.mean_ns", html_stages[s]);
            sum += json_num_at(&w->items[i], path, &mean) ? mean : 0;
        }
        if (count)
            idx[n++] = i, *top = fmax(*top, sum);
    }
    return n;
}

/* Mean stage times stacked, one bar per measurement window with stage samples. */
void html_stage_bars(FILE *f, const struct json *r)
{
    const struct json *w = json_get(r, "windows");
    static char cats[16][40];
    const char *cat[16];
    size_t idx[16];
    double top;
    size_t n = stage_windows(w, idx, &top);
    for (size_t b = 0; b < n; b++)
        snprintf(cats[b], sizeof(cats[b]), "window %zu", idx[b]), cat[b] = cats[b];
    struct svg_axis x = {.label = "measurement window", .cats = cat, .n_cats = n};
    struct svg_axis y = {0, top > 0 ? top * 1.12 : 1, .label = "mean time per stage (ns)"};
    svg_nice(&x), svg_nice(&y);
    html_figure(f, "Where the time goes: mean per pipeline stage");
    if (!n) {
        html_empty(f, "No LPI from an MSI under a timing profile: no stages to show.");
        html_figure_end(f, NULL, NULL, 0, NULL);
        return;
    }
    struct svg_chart c;
    svg_begin(&c, f, 560, 300, &x, &y);
    for (size_t b = 0; b < n; b++) {
        double base = 0, mean;
        char path[64], tip[96];
        for (int s = 0; s < 5; s++) {
            snprintf(path, sizeof(path), "latency.%s.mean_ns", html_stages[s]);
            if (!json_num_at(&w->items[idx[b]], path, &mean) || mean <= 0)
                continue;
            snprintf(tip, sizeof(tip), "window %zu, %s: mean %.3f ns", idx[b], html_stages[s],
                     mean);
            svg_bar(&c, (double)b - 0.3, (double)b + 0.3, base, base + mean, s, tip);
            base += mean;
        }
        snprintf(path, sizeof(path), "%.1f ns", base);
        svg_label(&c, (double)b, base + y.hi * 0.02, "middle", false, path);
    }
    svg_end(&c);
    html_figure_end(f, html_stages, NULL, 5, "LPIs from MSIs, by the window their MSI was "
                    "written in. The means add up to the mean msi_to_irq; the redistributor "
                    "stage runs to the IRQ edge, so it includes waits behind a busy line.");
}

/* The time axis for a run of end_ns: a scale (ns per unit) and a label. */
static double time_unit(double end_ns, const char **label)
{
    if (end_ns >= 1e7)
        return *label = "simulated time (ms)", 1e6;
    if (end_ns >= 1e4)
        return *label = "simulated time (\xc2\xb5s)", 1e3;
    return *label = "simulated time (ns)", 1;
}

/* A throughput column as n values (NaN where the row is missing). */
static void column(const struct json *tp, const char *name, double *out, size_t n)
{
    const struct json *col = json_get(tp, name);
    for (size_t i = 0; i < n; i++)
        out[i] = col && i < col->n ? col->items[i].number : NAN;
}

struct series {
    const char *name;
    int k;
    double *v; /* n + 1 values: the last repeats, to close the last window */
};

/* A chart of step lines over the throughput windows. */
static void time_chart(FILE *f, const struct json *tp, const char *title, struct svg_axis *y,
                       const struct series *s, size_t n_series, const char *caption)
{
    const struct json *t = json_get(tp, "t_ns");
    double w = 0, top = 0;
    json_num_at(tp, "window_ns", &w);
    size_t n = t->n;
    double *xs = malloc((n + 1) * sizeof(double));
    if (!xs)
        abort();
    struct svg_axis x = {.lo = 0};
    double scale = time_unit(n ? t->items[n - 1].number + w : w, &x.label);
    for (size_t i = 0; i <= n; i++)
        xs[i] = (i < n ? t->items[i].number : t->items[n - 1].number + w) / scale;
    for (size_t k = 0; k < n_series; k++)
        for (size_t i = 0; i <= n; i++)
            top = isnan(s[k].v[i]) ? top : fmax(top, s[k].v[i]);
    x.hi = xs[n];
    if (!y->percent)
        y->hi = top > 0 ? top * 1.05 : 1;
    svg_nice(&x), svg_nice(y);
    const char *names[8];
    int ks[8];
    html_figure(f, title);
    struct svg_chart c;
    svg_begin(&c, f, 560, 280, &x, y);
    for (size_t k = 0; k < n_series && k < 8; k++) {
        svg_line(&c, xs, s[k].v, n + 1, s[k].k, true, false, s[k].name);
        names[k] = s[k].name, ks[k] = s[k].k;
    }
    svg_end(&c);
    html_figure_end(f, names, ks, n_series < 2 ? 0 : n_series, caption);
    free(xs);
}

static double *alloc_col(size_t n)
{
    double *v = malloc((n + 1) * sizeof(double));
    if (!v)
        abort();
    return v;
}

/* Offered, translated, delivered (and dropped, if any) MSIs per second; occupancy. */
void html_throughput(FILE *f, const struct json *r)
{
    static const char *const cols[] = {"offered", "translated", "delivered", "dropped"};
    const struct json *tp = json_get(r, "throughput");
    size_t n = json_get(tp, "t_ns")->n;
    double w = 1, any_drop = 0;
    char caption[200];
    json_num_at(tp, "window_ns", &w);
    struct series s[5];
    size_t ns = 0;
    for (int k = 0; k < 4; k++) {
        double *v = alloc_col(n);
        column(tp, cols[k], v, n);
        for (size_t i = 0; i < n; i++)
            any_drop += k == 3 ? v[i] : 0, v[i] = v[i] * 1e3 / w;
        v[n] = n ? v[n - 1] : 0;
        if (k < 3 || any_drop)
            s[ns++] = (struct series){cols[k], k, v};
        else
            free(v);
    }
    struct svg_axis y = {.label = "MSIs per second (millions)"};
    snprintf(caption, sizeof(caption), "Counted per fixed window of %g ns over the whole run "
             "(set-up included).", w);
    time_chart(f, tp, "Throughput over time", &y, s, ns, caption);
    for (size_t k = 0; k < ns; k++)
        free(s[k].v);
    double *occ = alloc_col(n);
    column(tp, "in_flight_max", occ, n);
    occ[n] = n ? occ[n - 1] : 0;
    struct series o = {"in flight", 0, occ};
    struct svg_axis yo = {.integer = true, .label = "MSIs in flight (peak per window)"};
    time_chart(f, tp, "ITS queue occupancy over time", &yo, &o, 1,
               "The most MSIs offered but not yet translated or dropped in each window: "
               "held writes, queued and in translation.");
    free(occ);
}

/* Hit rate per window (NaN where there was no lookup) of one cache family. */
static double *rate_col(const struct json *tp, const char *hits, const char *misses, size_t n)
{
    double *h = alloc_col(n), *m = alloc_col(n);
    column(tp, hits, h, n), column(tp, misses, m, n);
    for (size_t i = 0; i < n; i++)
        h[i] = h[i] + m[i] > 0 ? h[i] / (h[i] + m[i]) : NAN;
    h[n] = n ? h[n - 1] : NAN;
    free(m);
    return h;
}

void html_cache_time(FILE *f, const struct json *r)
{
    const struct json *tp = json_get(r, "throughput");
    size_t n = json_get(tp, "t_ns")->n;
    struct series s[2] = {
        {"ITS caches (device, event, collection)", 0,
         rate_col(tp, "its_cache_hits", "its_cache_misses", n)},
        {"LPI property cache", 1, rate_col(tp, "lpi_cache_hits", "lpi_cache_misses", n)}};
    struct svg_axis y = {0, 1, .percent = true, .label = "hit rate"};
    time_chart(f, tp, "Cache hit rate over time", &y, s, 2,
               "Per window; gaps are windows without a lookup.");
    free(s[0].v);
    free(s[1].v);
}
