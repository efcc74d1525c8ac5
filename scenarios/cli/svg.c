/* Charts as inline SVG (svg.h). */
#include "svg.h"

#include <math.h>
#include <string.h>

/* Tableau 10: distinct hues that stay apart for the common colour-vision deficiencies. */
const char *const svg_colors[SVG_PALETTE] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2",
                                             "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                                             "#9c755f", "#bab0ac"};

void svg_escape(FILE *f, const char *s)
{
    for (; *s; s++)
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
}

void svg_format(char *out, size_t len, double v, bool percent)
{
    static const struct { double scale; const char *suffix; } si[] = {
        {1e9, "G"}, {1e6, "M"}, {1e3, "k"}, {1, ""}};
    if (percent) {
        snprintf(out, len, "%.4g%%", v * 100);
        return;
    }
    if (fabs(v) < 1e-12) {
        snprintf(out, len, "0");
        return;
    }
    for (size_t i = 0; i < sizeof(si) / sizeof(si[0]); i++)
        if (fabs(v) >= si[i].scale || i + 1 == sizeof(si) / sizeof(si[0])) {
            snprintf(out, len, "%.4g%s", v / si[i].scale, si[i].suffix);
            return;
        }
}

/* 1, 2, 2.5 or 5 times a power of ten, at least raw. */
static double nice_step(double raw)
{
    if (!(raw > 0))
        return 1;
    double mag = pow(10, floor(log10(raw))), f = raw / mag;
    return mag * (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10);
}

void svg_nice(struct svg_axis *a)
{
    if (a->n_cats) {
        a->lo = -0.5, a->hi = (double)a->n_cats - 0.5;
    } else if (a->log) {
        a->lo = pow(10, floor(log10(a->lo > 0 ? a->lo : 1)));
        a->hi = pow(10, ceil(log10(a->hi > a->lo ? a->hi : a->lo * 10)));
    } else {
        if (!(a->hi > a->lo))
            a->hi = a->lo + (a->lo ? fabs(a->lo) : 1);
        double step = nice_step((a->hi - a->lo) / 5);
        step = a->integer && step < 1 ? 1 : step;
        a->lo = floor(a->lo / step + 1e-9) * step;
        a->hi = ceil(a->hi / step - 1e-9) * step;
    }
}

/* A value's position from 0 to 1 along an axis. */
static double frac(const struct svg_axis *a, double v)
{
    double f = a->log ? (log10(v > 0 ? v : a->lo) - log10(a->lo)) / (log10(a->hi) - log10(a->lo))
                      : (v - a->lo) / (a->hi - a->lo);
    return f < 0 ? 0 : f > 1 ? 1 : f;
}

double svg_x(const struct svg_chart *c, double v) { return c->l + frac(&c->x, v) * (c->r - c->l); }
double svg_y(const struct svg_chart *c, double v) { return c->b - frac(&c->y, v) * (c->b - c->t); }

/* One tick: a gridline across the plot and its label (minor: lighter, unlabelled). */
static void tick(struct svg_chart *c, bool is_x, double v, bool minor, const char *label)
{
    FILE *f = c->f;
    if (is_x) {
        double x = svg_x(c, v);
        fprintf(f, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                minor ? "grid minor" : "grid", x, c->t, x, c->b);
        if (label && c->x.n_cats > 8)
            fprintf(f, "<text class=\"tick\" text-anchor=\"end\" transform=\"translate(%.1f "
                       "%.1f) rotate(-35)\">", x + 3, c->b + 12);
        else if (label)
            fprintf(f, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x,
                    c->b + 15);
    } else {
        double y = svg_y(c, v);
        fprintf(f, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                minor ? "grid minor" : "grid", c->l, y, c->r, y);
        if (label)
            fprintf(f, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
                    c->l - 6, y + 4);
    }
    if (label) {
        svg_escape(f, label);
        fprintf(f, "</text>");
    }
    fputc('\n', f);
}

static void ticks(struct svg_chart *c, bool is_x)
{
    const struct svg_axis *a = is_x ? &c->x : &c->y;
    char text[32];
    if (a->n_cats) {
        for (size_t i = 0; i < a->n_cats; i++)
            tick(c, is_x, (double)i, false, a->cats[i]);
    } else if (a->log) {
        int decades = (int)lround(log10(a->hi / a->lo));
        for (double d = a->lo; d <= a->hi * 1.0001; d *= 10) {
            svg_format(text, sizeof(text), d, a->percent);
            tick(c, is_x, d, false, text);
            for (int m = 2; m <= 5 && d * m < a->hi; m += 3) {
                svg_format(text, sizeof(text), d * m, a->percent);
                tick(c, is_x, d * m, true, decades <= 2 ? text : NULL);
            }
        }
    } else {
        double step = nice_step((a->hi - a->lo) / 5);
        step = a->integer && step < 1 ? 1 : step;
        for (double v = a->lo; v <= a->hi + step * 1e-6; v += step) {
            svg_format(text, sizeof(text), fabs(v) < step * 1e-9 ? 0 : v, a->percent);
            tick(c, is_x, v, false, text);
        }
    }
}

void svg_begin(struct svg_chart *c, FILE *f, double w, double h, const struct svg_axis *x,
               const struct svg_axis *y)
{
    *c = (struct svg_chart){f, w, h, 66, w - 18, 14, h - (x->n_cats > 8 ? 70 : 46), *x, *y};
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %.0f "
               "%.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\">\n", w, h, w, h);
    ticks(c, true);
    ticks(c, false);
    fprintf(f, "<path class=\"frame\" d=\"M%.1f %.1fV%.1fH%.1f\"/>\n", c->l, c->t, c->b, c->r);
    fprintf(f, "<text class=\"axis-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
            (c->l + c->r) / 2, h - 8);
    svg_escape(f, x->label);
    fprintf(f, "</text>\n<text class=\"axis-label\" text-anchor=\"middle\" "
               "transform=\"translate(16 %.1f) rotate(-90)\">", (c->t + c->b) / 2);
    svg_escape(f, y->label);
    fprintf(f, "</text>\n");
}

void svg_end(struct svg_chart *c) { fprintf(c->f, "</svg>\n"); }

void svg_line(struct svg_chart *c, const double *xs, const double *ys, size_t n, int k,
              bool step, bool markers, const char *name)
{
    const char *color = svg_colors[k % SVG_PALETTE];
    bool open = false, pen = false;
    for (size_t i = 0; i < n; i++) {
        if (isnan(xs[i]) || isnan(ys[i])) {
            pen = false;
            continue;
        }
        if (!open) {
            fprintf(c->f, "<path class=\"data line\" stroke=\"%s\" d=\"", color);
            open = true;
        }
        double x = svg_x(c, xs[i]), y = svg_y(c, ys[i]);
        if (!pen)
            fprintf(c->f, "M%.1f %.1f", x, y);
        else if (step)
            fprintf(c->f, "H%.1fV%.1f", x, y);
        else
            fprintf(c->f, "L%.1f %.1f", x, y);
        pen = true;
    }
    if (open) {
        fprintf(c->f, "\"><title>");
        svg_escape(c->f, name);
        fprintf(c->f, "</title></path>\n");
    }
    for (size_t i = 0; markers && i < n; i++)
        if (!isnan(xs[i]) && !isnan(ys[i]))
            fprintf(c->f, "<circle class=\"data\" fill=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\"/>\n",
                    color, svg_x(c, xs[i]), svg_y(c, ys[i]));
}

void svg_bar(struct svg_chart *c, double x0, double x1, double y0, double y1, int k,
             const char *title)
{
    double a = svg_x(c, x0), b = svg_x(c, x1), p = svg_y(c, y0), q = svg_y(c, y1);
    fprintf(c->f, "<rect class=\"data bar\" fill=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                  "height=\"%.1f\"><title>", svg_colors[k % SVG_PALETTE], fmin(a, b),
            fmin(p, q), fabs(b - a), fabs(q - p));
    svg_escape(c->f, title);
    fprintf(c->f, "</title></rect>\n");
}

void svg_label(struct svg_chart *c, double x, double y, const char *anchor, bool inside,
               const char *text)
{
    fprintf(c->f, "<text class=\"value%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">",
            inside ? " inside" : "", svg_x(c, x), svg_y(c, y), anchor);
    svg_escape(c->f, text);
    fprintf(c->f, "</text>\n");
}
