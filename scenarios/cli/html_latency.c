/* The latency charts of one report (html_report.h): CDFs and histograms per metric and
 * stage over the last measurement window, and the stage breakdown per window. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "html_report.h"
#include "svg.h"

const char *const html_e2e[] = {"msi_to_visible", "msi_to_irq", "msi_to_ack", "irq_to_ack"};
const char *const html_stages[] = {"its_queue", "its_translate", "cache_miss", "link",
                                   "redistributor"};

/* The histogram of a metric (count > 0), or NULL. */
static const struct json *histogram(const struct json *r, const char *metric)
{
    char path[96];
    double n;
    snprintf(path, sizeof(path), "histograms.metrics.%s", metric);
    const struct json *h = json_path(r, path);
    return json_num_at(h, "count", &n) && n > 0 && json_get(h, "bins") ? h : NULL;
}

/* Over the histograms of the metrics: the smallest positive and the largest edge. */
static void edges(const struct json *r, const char *const *metrics, size_t n, double *lo,
                  double *hi)
{
    *lo = INFINITY, *hi = 0;
    for (size_t m = 0; m < n; m++) {
        const struct json *h = histogram(r, metrics[m]), *bins = json_get(h, "bins");
        for (size_t i = 0; bins && i < bins->n; i++) {
            double a = bins->items[i].items[0].number, b = bins->items[i].items[1].number;
            *lo = a > 0 && a < *lo ? a : b < *lo ? b : *lo;
            *hi = b > *hi ? b : *hi;
        }
    }
    if (!(*hi > 0))
        *lo = 1, *hi = 10;
}

/* The CDF of one histogram as a piecewise-linear line from axis lo to axis hi. */
static void cdf_line(struct svg_chart *c, const struct json *h, int k, const char *name)
{
    const struct json *bins = json_get(h, "bins");
    double count = 0, zero = 0, seen;
    json_num_at(h, "count", &count), json_num_at(h, "zero", &zero);
    size_t n = 0, cap = 2 * bins->n + 2;
    double *xs = malloc(cap * sizeof(double)), *ys = malloc(cap * sizeof(double));
    if (!xs || !ys)
        abort();
    xs[n] = c->x.lo, ys[n++] = (seen = zero) / count;
    for (size_t i = 0; i < bins->n; i++) {
        const struct json *b = &bins->items[i];
        xs[n] = fmax(b->items[0].number, c->x.lo), ys[n++] = seen / count;
        seen += b->items[2].number;
        xs[n] = b->items[1].number, ys[n++] = seen / count;
    }
    xs[n] = c->x.hi, ys[n++] = seen / count;
    svg_line(c, xs, ys, n, k, false, false, name);
    free(xs);
    free(ys);
}

void html_cdf(FILE *f, const struct json *r, const char *title, const char *const *metrics,
              size_t n, const char *caption)
{
    const char *names[8];
    int ks[8];
    size_t shown = 0;
    struct svg_axis x = {.log = true, .label = "latency (ns, log scale)"};
    struct svg_axis y = {0, 1, .percent = true, .label = "deliveries at or below"};
    edges(r, metrics, n, &x.lo, &x.hi);
    svg_nice(&x);
    html_figure(f, title);
    for (size_t m = 0; m < n; m++)
        shown += histogram(r, metrics[m]) != NULL;
    if (!shown) {
        html_empty(f, "No samples in the last measurement window.");
        html_figure_end(f, NULL, NULL, 0, caption);
        return;
    }
    shown = 0;
    struct svg_chart c;
    svg_begin(&c, f, 560, 300, &x, &y);
    for (size_t m = 0; m < n && shown < 8; m++) {
        const struct json *h = histogram(r, metrics[m]);
        if (!h)
            continue;
        cdf_line(&c, h, (int)m, metrics[m]);
        names[shown] = metrics[m], ks[shown++] = (int)m;
    }
    svg_end(&c);
    html_figure_end(f, names, ks, shown, caption);
}

/* One metric's histogram: bars over log-spaced bins, as a share of its samples. */
static void histogram_chart(FILE *f, const struct json *h, const char *metric, int k)
{
    const struct json *bins = json_get(h, "bins");
    double count = 0, zero = 0, top = 0;
    char caption[160], tip[120];
    json_num_at(h, "count", &count), json_num_at(h, "zero", &zero);
    struct svg_axis x = {.log = true, .label = "latency (ns, log scale)"};
    struct svg_axis y = {0, 0, .percent = true, .label = "share of samples"};
    x.lo = INFINITY;
    for (size_t i = 0; i < bins->n; i++) {
        double a = bins->items[i].items[0].number, b = bins->items[i].items[1].number;
        x.lo = fmin(x.lo, a > 0 ? a : b / 10), x.hi = fmax(x.hi, b);
        top = fmax(top, bins->items[i].items[2].number / count);
    }
    y.hi = top > 0 ? top : 1;
    svg_nice(&x), svg_nice(&y);
    html_figure(f, metric);
    struct svg_chart c;
    svg_begin(&c, f, 380, 230, &x, &y);
    for (size_t i = 0; i < bins->n; i++) {
        const struct json *b = &bins->items[i];
        snprintf(tip, sizeof(tip), "%g..%g ns: %.0f", b->items[0].number, b->items[1].number,
                 b->items[2].number);
        svg_bar(&c, fmax(b->items[0].number, x.lo), b->items[1].number, 0,
                b->items[2].number / count, k, tip);
    }
    svg_end(&c);
    snprintf(caption, sizeof(caption), "%.0f samples%s", count, zero ? "" : ".");
    if (zero)
        snprintf(caption + strlen(caption), sizeof(caption) - strlen(caption),
                 ", %.0f of them exactly 0 ns (not drawn).", zero);
    html_figure_end(f, NULL, NULL, 0, caption);
}

void html_histograms(FILE *f, const struct json *r)
{
    size_t drawn = 0;
    for (size_t m = 0; m < 4; m++)
        drawn += histogram(r, html_e2e[m]) && json_get(histogram(r, html_e2e[m]), "bins")->n;
    for (size_t m = 0; m < 5; m++)
        drawn += histogram(r, html_stages[m]) &&
                 json_get(histogram(r, html_stages[m]), "bins")->n;
    if (!drawn) {
        html_empty(f, "No latency above 0 ns in the last measurement window.");
        return;
    }
    html_grid(f, 1);
    for (size_t m = 0; m < 4; m++) {
        const struct json *h = histogram(r, html_e2e[m]);
        if (h && json_get(h, "bins")->n)
            histogram_chart(f, h, html_e2e[m], (int)m);
    }
    for (size_t m = 0; m < 5; m++) {
        const struct json *h = histogram(r, html_stages[m]);
        if (h && json_get(h, "bins")->n)
            histogram_chart(f, h, html_stages[m], (int)m);
    }
    html_grid_end(f);
}

/* One row of the statistics table: a metric of the last window. */
static void stats_row(FILE *f, const struct json *m, const char *name)
{
    static const char *const keys[] = {"count", "p50_ns", "p99_ns", "max_ns", "mean_ns"};
    double v;
    if (!json_num_at(m, "count", &v) || !v)
        return;
    fprintf(f, "<tr><td>%s</td>", name);
    for (int k = 0; k < 5; k++) {
        bool have = json_num_at(m, keys[k], &v);
        fprintf(f, !have ? "<td>-</td>" : k ? "<td>%.1f</td>" : "<td>%.0f</td>", v);
    }
    fprintf(f, "</tr>\n");
}

void html_stats_table(FILE *f, const struct json *r)
{
    const struct json *w = json_get(r, "windows");
    const struct json *lat = json_get(&w->items[w->n - 1], "latency");
    html_figure(f, "Latency statistics, last window (ns)");
    fprintf(f, "<table>\n<tr><th>metric</th><th>samples</th><th>p50</th><th>p99</th>"
               "<th>max</th><th>mean</th></tr>\n");
    for (size_t m = 0; m < 4; m++)
        stats_row(f, json_get(lat, html_e2e[m]), html_e2e[m]);
    for (size_t m = 0; m < 5; m++)
        stats_row(f, json_get(lat, html_stages[m]), html_stages[m]);
    fprintf(f, "</table>\n");
    html_figure_end(f, NULL, NULL, 0, "Percentiles are nearest-rank over the window's "
                    "deliveries; stages cover LPIs from MSIs under a timing profile.");
}
