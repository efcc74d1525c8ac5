/* Charts as inline SVG, for the HTML report (html.h): a plot area with gridlines,
 * ticks and labelled axes (linear, logarithmic or categorical), and data drawn as
 * lines, markers and bars. Coordinates are printed with one decimal, so the same data
 * gives the same bytes. Data elements carry class "data" (a test counts them). */
#ifndef GICSIM_SVG_H
#define GICSIM_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define SVG_PALETTE 10
extern const char *const svg_colors[SVG_PALETTE];

struct svg_axis {
    double lo, hi;
    bool log;                 /* decades; lo and hi > 0 */
    bool percent;             /* values are fractions, labelled 0%..100% */
    bool integer;             /* counts: ticks at whole numbers */
    const char *label;        /* with the unit: "latency (ns)" */
    const char *const *cats;  /* categorical: n_cats labels at 0..n_cats-1 */
    size_t n_cats;
};

struct svg_chart {
    FILE *f;
    double w, h;              /* the whole SVG, px */
    double l, r, t, b;        /* the plot area, px */
    struct svg_axis x, y;
};

/* Widens a linear axis to round ticks, or a log axis to whole decades. */
void svg_nice(struct svg_axis *a);
/* Starts a chart of w x h px: gridlines, ticks and both axis labels. */
void svg_begin(struct svg_chart *c, FILE *f, double w, double h, const struct svg_axis *x,
               const struct svg_axis *y);
void svg_end(struct svg_chart *c);

/* Pixel position of a value (clamped to the plot area). */
double svg_x(const struct svg_chart *c, double v);
double svg_y(const struct svg_chart *c, double v);

/* A line through n points in colour k (NaN values break it); step: horizontal then
 * vertical segments (a CDF, a count per window); markers: a dot per point. */
void svg_line(struct svg_chart *c, const double *xs, const double *ys, size_t n, int k,
              bool step, bool markers, const char *name);
/* A bar from (x0, y0) to (x1, y1) in data coordinates; title shown on hover. */
void svg_bar(struct svg_chart *c, double x0, double x1, double y0, double y1, int k,
             const char *title);
/* Text in the plot at data coordinates (anchor: "start", "middle", "end"; inside: white,
 * on a bar). */
void svg_label(struct svg_chart *c, double x, double y, const char *anchor, bool inside,
               const char *text);

/* A value as a tick label: 1.5k, 20M, 0.25, 40%. */
void svg_format(char *out, size_t len, double v, bool percent);
/* Text with &, <, >, " escaped for HTML and SVG. */
void svg_escape(FILE *f, const char *s);

#endif
