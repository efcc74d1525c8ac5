/* The page of a sweep (html_report.h): each headline figure against each swept
 * parameter, one line per value of another parameter (the second, or the first when
 * the second is on the x axis), the rest at their first value; then the table. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headline.h"
#include "html.h"
#include "html_report.h"
#include "svg.h"

#define MAX_PARAMS 8
#define MAX_VALUES 256
#define MAX_LINES 10

struct param {
    const char *key;
    const char *vals[MAX_VALUES]; /* distinct, in the order the points give them */
    double num[MAX_VALUES];
    size_t n;
    bool numeric;                 /* every value a number with the same unit */
    char unit[24];
};

static const char *text_of(const struct json *v)
{
    return !v ? NULL : v->type == JSON_STRING ? v->string : v->type == JSON_NUMBER ? v->raw
                                                                                  : NULL;
}

/* "10.5M/s" as 10.5e6 with unit "/s"; false when it does not start with a number. */
static bool quantity(const char *t, double *v, const char **unit)
{
    char *end;
    *v = strtod(t, &end);
    if (end == t || isnan(*v) || isinf(*v))
        return false;
    double scale = *end == 'k' ? 1e3 : *end == 'M' ? 1e6 : *end == 'G' ? 1e9 : 1;
    *v *= scale;
    *unit = end + (scale > 1);
    return true;
}

static size_t value_index(const struct param *p, const char *t)
{
    for (size_t i = 0; i < p->n; i++)
        if (!strcmp(p->vals[i], t))
            return i;
    return p->n;
}

static void collect(struct param *p, const struct json *points)
{
    p->numeric = true;
    for (size_t i = 0; i < points->n && p->n < MAX_VALUES; i++) {
        const char *t = text_of(json_get(&points->items[i], p->key)), *unit;
        if (value_index(p, t) < p->n)
            continue;
        p->vals[p->n] = t;
        if (!quantity(t, &p->num[p->n], &unit) || strlen(unit) >= sizeof(p->unit) ||
            (p->n && strcmp(unit, p->unit)))
            p->numeric = false;
        else
            snprintf(p->unit, sizeof(p->unit), "%s", unit);
        p->n++;
    }
}

bool html_sweep_valid(const struct json *res, char *why, size_t len)
{
    const struct json *params = json_get(res, "parameters"), *figs = json_get(res, "figures");
    const struct json *points = json_get(res, "points");
    bool ok = params && params->type == JSON_ARRAY && params->n && params->n <= MAX_PARAMS &&
              figs && figs->type == JSON_ARRAY && points && points->type == JSON_ARRAY &&
              points->n;
    for (size_t k = 0; ok && k < params->n; k++)
        ok = params->items[k].type == JSON_STRING;
    for (size_t k = 0; ok && k < figs->n; k++)
        ok = figs->items[k].type == JSON_STRING;
    for (size_t i = 0; ok && i < points->n; i++) {
        const struct json *p = &points->items[i];
        for (size_t k = 0; ok && k < params->n; k++)
            ok = text_of(json_get(p, params->items[k].string)) != NULL;
        for (size_t k = 0; ok && k < figs->n; k++) {
            const struct json *v = json_get(p, figs->items[k].string);
            ok = v && (v->type == JSON_NUMBER || v->type == JSON_STRING);
        }
    }
    if (!ok)
        snprintf(why, len, "not a sweep's results.json (parameters, figures, points)");
    return ok;
}

/* Whether point p has value index want[k] of every parameter k that is not free. */
static bool matches(const struct json *p, const struct param *P, size_t np, size_t free1,
                    size_t free2, size_t line_value)
{
    for (size_t k = 0; k < np; k++) {
        size_t want = k == free2 ? line_value : 0;
        if (k != free1 && value_index(&P[k], text_of(json_get(p, P[k].key))) != want)
            return false;
    }
    return true;
}

static const struct figure_info *info(const char *name)
{
    for (int i = 0; i < NUM_FIGURES; i++)
        if (!strcmp(figures[i].name, name))
            return &figures[i];
    return NULL;
}

/* The axis of parameter p: linear, logarithmic (two decades or more) or categorical. */
static void x_axis(const struct param *p, struct svg_axis *x, char *label, size_t len)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; p->numeric && i < p->n; i++)
        lo = fmin(lo, p->num[i]), hi = fmax(hi, p->num[i]);
    *x = (struct svg_axis){lo, hi, .label = label};
    if (!p->numeric)
        x->cats = p->vals, x->n_cats = p->n;
    x->log = p->numeric && lo > 0 && hi / lo >= 100;
    snprintf(label, len, "%s%s%s%s", p->key, *p->unit ? " (" : "", p->unit,
             *p->unit ? ")" : "");
    svg_nice(x);
}

/* The value index of line i of parameter p: all its values, or MAX_LINES spread evenly
 * from the first to the last. */
static size_t line_value(const struct param *p, size_t i)
{
    return p->n <= MAX_LINES ? i : (i * (p->n - 1) + (MAX_LINES - 1) / 2) / (MAX_LINES - 1);
}

/* One line: the points of line value lv of parameter li, along parameter xi. */
static void line(struct svg_chart *c, const struct json *points, const struct param *P,
                 size_t np, size_t xi, size_t li, size_t lv, const char *fig, int k)
{
    double xs[MAX_VALUES], ys[MAX_VALUES];
    for (size_t j = 0; j < P[xi].n; j++)
        xs[j] = P[xi].numeric ? P[xi].num[j] : (double)j, ys[j] = NAN;
    for (size_t i = 0; i < points->n; i++) {
        const struct json *p = &points->items[i];
        size_t j = value_index(&P[xi], text_of(json_get(p, P[xi].key)));
        const struct json *v = json_get(p, fig);
        if (j < P[xi].n && v && v->type == JSON_NUMBER && matches(p, P, np, xi, li, lv))
            ys[j] = v->number;
    }
    svg_line(c, xs, ys, P[xi].n, k, false, P[xi].n <= 24, /* dots while they stay apart */
             li < np ? P[li].vals[lv] : fig);
}

/* The y axis of a figure over every point: from 0 (or below), logarithmic when the
 * values span two decades or more, 0..100% for a rate. */
static void y_axis(const struct json *points, const char *fig, struct svg_axis *y,
                   char *label, size_t len)
{
    const struct figure_info *fi = info(fig);
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < points->n; i++) {
        const struct json *v = json_get(&points->items[i], fig);
        if (v && v->type == JSON_NUMBER)
            lo = fmin(lo, v->number), hi = fmax(hi, v->number);
    }
    snprintf(label, len, "%s%s%s%s", fi ? fi->title : fig, fi && *fi->unit ? " (" : "",
             fi ? fi->unit : "", fi && *fi->unit ? ")" : "");
    *y = (struct svg_axis){lo < 0 ? lo : 0, hi > 0 ? hi * 1.05 : 1, .label = label};
    y->integer = fi && !strcmp(fi->format, "%.0f");
    if (fi && fi->fraction)
        y->lo = 0, y->hi = 1, y->percent = true;
    else if (lo > 0 && hi / lo >= 100)
        y->log = true, y->lo = lo, y->hi = hi;
    svg_nice(y);
}

static void chart(FILE *f, const struct json *points, const struct param *P, size_t np,
                  size_t xi, const char *fig)
{
    size_t li = np >= 2 ? (xi == 0 ? 1 : 0) : np, n_lines = li < np ? P[li].n : 1;
    char title[300], xl[200], yl[200], caption[600] = "";
    struct svg_axis x, y;
    const struct figure_info *fi = info(fig);
    n_lines = n_lines > MAX_LINES ? MAX_LINES : n_lines;
    x_axis(&P[xi], &x, xl, sizeof(xl));
    y_axis(points, fig, &y, yl, sizeof(yl));
    snprintf(title, sizeof(title), "%s", fi ? fi->title : fig); /* vs the section's key */
    html_figure(f, title);
    struct svg_chart c;
    svg_begin(&c, f, 420, 270, &x, &y);
    for (size_t lv = 0; lv < n_lines; lv++)
        line(&c, points, P, np, xi, li, li < np ? line_value(&P[li], lv) : 0, fig, (int)lv);
    svg_end(&c);
    for (size_t k = 0, first = 1; k < np; k++)
        if (k != xi && k != li) {
            size_t used = strlen(caption);
            snprintf(caption + used, sizeof(caption) - used, "%s%s = %s",
                     first ? "Other parameters at their first value: " : ", ", P[k].key,
                     P[k].vals[0]);
            first = 0;
        }
    if (li < np && P[li].n > MAX_LINES) {
        size_t used = strlen(caption);
        snprintf(caption + used, sizeof(caption) - used, "%s%d of the %zu values of %s, "
                 "spread evenly.", *caption ? ". " : "", MAX_LINES, P[li].n, P[li].key);
    }
    html_figure_end(f, NULL, NULL, 0, *caption ? caption : NULL);
}

/* The lines of a section's charts: the values of the parameter drawn as lines. */
static void legend(FILE *f, const struct param *P, size_t np, size_t xi)
{
    static char names[MAX_LINES][160];
    const char *list[MAX_LINES];
    size_t li = np >= 2 ? (xi == 0 ? 1 : 0) : np, n = 0;
    for (; li < np && n < P[li].n && n < MAX_LINES; n++) {
        snprintf(names[n], sizeof(names[n]), "%s = %s", P[li].key,
                 P[li].vals[line_value(&P[li], n)]);
        list[n] = names[n];
    }
    if (n)
        html_legend(f, list, NULL, n);
}

static void table(FILE *f, const struct json *res)
{
    const struct json *params = json_get(res, "parameters"), *figs = json_get(res, "figures");
    const struct json *points = json_get(res, "points");
    fprintf(f, "<details>\n<summary>All %zu points</summary>\n<table>\n<tr><th>point</th>",
            points->n);
    for (size_t k = 0; k < params->n + figs->n; k++) {
        fprintf(f, "<th>");
        svg_escape(f, k < params->n ? params->items[k].string
                                    : figs->items[k - params->n].string);
        fprintf(f, "</th>");
    }
    fprintf(f, "</tr>\n");
    for (size_t i = 0; i < points->n; i++) {
        fprintf(f, "<tr><td>%zu</td>", i);
        for (size_t k = 0; k < params->n + figs->n; k++) {
            const char *key = k < params->n ? params->items[k].string
                                            : figs->items[k - params->n].string;
            fprintf(f, "<td>");
            svg_escape(f, text_of(json_get(&points->items[i], key)));
            fprintf(f, "</td>");
        }
        fprintf(f, "</tr>\n");
    }
    fprintf(f, "</table>\n</details>\n");
}

void html_sweep_page(FILE *f, const struct json *res, const char *dir)
{
    static struct param P[MAX_PARAMS];
    const struct json *params = json_get(res, "parameters"), *figs = json_get(res, "figures");
    const struct json *points = json_get(res, "points");
    char title[1200], sub[1400];
    size_t np = params->n;
    for (size_t k = 0; k < np; k++) {
        memset(&P[k], 0, sizeof(P[k]));
        P[k].key = params->items[k].string;
        collect(&P[k], points);
    }
    snprintf(title, sizeof(title), "gicsim sweep: %s", dir);
    snprintf(sub, sizeof(sub), "%s \xe2\x80\x94 %zu points over %zu parameters",
             json_str_at(res, "scenario") ? json_str_at(res, "scenario") : "", points->n, np);
    html_begin(f, title, sub);
    for (size_t s = 0; s < 2 * np; s++) { /* numeric parameters first, then the others */
        size_t xi = s % np;
        if (P[xi].numeric != (s < np))
            continue;
        char heading[300];
        snprintf(heading, sizeof(heading), "Against %s", P[xi].key);
        html_section(f, heading, "Latencies from each point's last measurement window; "
                     "counts and hit rates over its whole run.");
        legend(f, P, np, xi);
        html_grid(f, 1);
        for (size_t k = 0; k < figs->n; k++)
            if (strcmp(figs->items[k].string, "result"))
                chart(f, points, P, np, xi, figs->items[k].string);
        html_grid_end(f);
        html_section_end(f);
    }
    html_section(f, "Results", NULL);
    table(f, res);
    html_section_end(f);
    html_end(f);
}
