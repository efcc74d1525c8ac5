/* The page of one run (html_report.h): what ran, the key figures, then the charts. */
#include "html_report.h"

#include <math.h>
#include <string.h>

#include "headline.h"
#include "html.h"
#include "svg.h"

static bool numbers(const struct json *a, size_t n)
{
    if (!a || a->type != JSON_ARRAY || (n && a->n != n))
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (a->items[i].type != JSON_NUMBER)
            return false;
    return true;
}

static bool histograms_valid(const struct json *m)
{
    if (!m || m->type != JSON_OBJECT)
        return false;
    for (size_t i = 0; i < m->n; i++) {
        const struct json *bins = json_get(&m->items[i], "bins");
        double count, zero;
        if (!json_num_at(&m->items[i], "count", &count) || count < 0 ||
            !json_num_at(&m->items[i], "zero", &zero) || !bins || bins->type != JSON_ARRAY)
            return false;
        for (size_t b = 0; b < bins->n; b++)
            if (!numbers(&bins->items[b], 3) || bins->items[b].items[1].number <= 0 ||
                bins->items[b].items[0].number > bins->items[b].items[1].number)
                return false;
    }
    return true;
}

bool html_report_valid(const struct json *r, char *why, size_t len)
{
    static const char *const cols[] = {"offered", "translated", "dropped", "delivered",
        "in_flight_max", "its_cache_hits", "its_cache_misses", "lpi_cache_hits",
        "lpi_cache_misses"};
    const struct json *w = json_get(r, "windows"), *tp = json_get(r, "throughput");
    const struct json *t = json_get(tp, "t_ns");
    double wn = 0;
    const char *bad = !json_str_at(r, "result") || !json_str_at(r, "scenario") ? "result"
        : !w || w->type != JSON_ARRAY || !w->n                          ? "windows"
        : !histograms_valid(json_path(r, "histograms.metrics"))        ? "histograms"
        : !numbers(t, 0) || !t->n || !json_num_at(tp, "window_ns", &wn) || wn <= 0
                                                                       ? "throughput"
                                                                       : NULL;
    for (size_t i = 0; !bad && i < sizeof(cols) / sizeof(cols[0]); i++)
        bad = numbers(json_get(tp, cols[i]), t->n) ? NULL : "throughput";
    if (bad)
        snprintf(why, len, "not a gicsim report (\"%s\" is missing or malformed)", bad);
    return !bad;
}

/* What ran and the headline figures. */
static void facts(FILE *f, const struct json *r)
{
    const char *keys[4 + NUM_FIGURES], *values[4 + NUM_FIGURES];
    static char text[4 + NUM_FIGURES][96];
    struct headline h;
    char why[120];
    double t = 0, cpus = 0;
    size_t n = 0;
    json_num_at(r, "simulated_time_ps", &t), json_num_at(r, "system.cpus", &cpus);
    keys[n] = "result", values[n++] = json_str_at(r, "result");
    keys[n] = "timing profile", values[n] = json_str_at(r, "timing.profile");
    values[n] = values[n] ? values[n] : "-", n++;
    snprintf(text[n], sizeof(text[n]), "%.0f", cpus);
    keys[n] = "CPUs", values[n] = text[n], n++;
    snprintf(text[n], sizeof(text[n]), "%.3f \xc2\xb5s", t / 1e6);
    keys[n] = "simulated time", values[n] = text[n], n++;
    for (int i = 0; headline_of(r, &h, why, sizeof(why)) && i < NUM_FIGURES; i++, n++) {
        snprintf(text[n], sizeof(text[n]), figures[i].format, h.v[i]);
        if (*figures[i].unit)
            snprintf(text[n] + strlen(text[n]), sizeof(text[n]) - strlen(text[n]), " %s",
                     figures[i].unit);
        keys[n] = figures[i].title, values[n] = text[n];
    }
    html_facts(f, keys, values, n);
}

/* Hits plus misses of a cache object. */
static bool lookups_of(const struct json *c, double *n)
{
    double h, m;
    if (!json_num_at(c, "hits", &h) || !json_num_at(c, "misses", &m))
        return false;
    *n = h + m;
    return true;
}

/* The hit rate of every cache over the run, as bars with their value. */
static void cache_bars(FILE *f, const struct json *r)
{
    static char names[32][48];
    const char *cat[32];
    double rate[32], lookups[32];
    size_t n = 0;
    const struct json *its = json_get(r, "its");
    for (size_t i = 0; its && i < its->n; i++) {
        const struct json *c = json_get(&its->items[i], "caches");
        for (size_t k = 0; c && k < c->n && n < 31; k++)
            if (json_num_at(&c->items[k], "hit_rate", &rate[n]) &&
                lookups_of(&c->items[k], &lookups[n])) {
                snprintf(names[n], sizeof(names[n]), "ITS%zu %s", i, c->keys[k]);
                cat[n] = names[n], n++;
            }
    }
    if (json_num_at(r, "lpi.property_cache.lpi.hit_rate", &rate[n]) &&
        lookups_of(json_path(r, "lpi.property_cache.lpi"), &lookups[n]))
        cat[n] = "LPI property", n++;
    struct svg_axis x = {.label = "cache", .cats = cat, .n_cats = n};
    struct svg_axis y = {0, 1, .percent = true, .label = "hit rate over the run"};
    svg_nice(&x);
    html_figure(f, "Cache hit rates");
    struct svg_chart c;
    svg_begin(&c, f, 560, 280, &x, &y);
    for (size_t i = 0; i < n; i++) {
        char v[32];
        snprintf(v, sizeof(v), "%.1f%%", rate[i] * 100);
        if (!lookups[i]) {
            svg_label(&c, (double)i, 0.03, "middle", false, "no lookups");
            continue;
        }
        svg_bar(&c, (double)i - 0.32, (double)i + 0.32, 0, rate[i], (int)i, v);
        svg_label(&c, (double)i, rate[i] > 0.9 ? rate[i] - 0.07 : rate[i] + 0.025,
                  "middle", rate[i] > 0.9, v);
    }
    svg_end(&c);
    html_figure_end(f, NULL, NULL, 0, "Hits over lookups for the whole run, set-up included.");
}

void html_report_page(FILE *f, const struct json *r)
{
    char title[300], sub[600];
    snprintf(title, sizeof(title), "gicsim report: %s", json_str_at(r, "scenario"));
    snprintf(sub, sizeof(sub), "%s \xe2\x80\x94 %s", json_str_at(r, "file") ?
             json_str_at(r, "file") : "", json_str_at(r, "result"));
    html_begin(f, title, sub);
    html_section(f, "Summary", "Latencies from the last measurement window (a stats: reset "
                 "step starts one); counts and hit rates over the whole run.");
    facts(f, r);
    html_section_end(f);
    html_section(f, "Latency", "Distributions over the last measurement window.");
    html_grid(f, 0);
    html_cdf(f, r, "End-to-end latency (CDF)", html_e2e, 4,
             "msi_to_visible: the GIC alone; msi_to_irq adds waits behind a busy CPU; "
             "msi_to_ack adds the acknowledge.");
    html_cdf(f, r, "Pipeline stages (CDF)", html_stages, 5,
             "LPIs from MSIs: input queue, translation, cache-miss walks, link, "
             "redistributor.");
    html_stage_bars(f, r);
    html_stats_table(f, r);
    html_grid_end(f);
    html_section_end(f);
    html_section(f, "Histograms", "Log-spaced bins, ten per decade, as a share of each "
                 "metric's samples.");
    html_histograms(f, r);
    html_section_end(f);
    html_section(f, "Over time", NULL);
    html_grid(f, 0);
    html_throughput(f, r);
    html_cache_time(f, r);
    cache_bars(f, r);
    html_grid_end(f);
    html_section_end(f);
    html_end(f);
}
