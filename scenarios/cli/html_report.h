/* The HTML report of one run or of a sweep (gicsim report --html): the charts, drawn
 * as inline SVG by gicsim itself (docs/reports.md says why), in one self-contained
 * file. */
#ifndef GICSIM_HTML_REPORT_H
#define GICSIM_HTML_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "json.h"

extern const char *const html_e2e[4];    /* end-to-end metrics */
extern const char *const html_stages[5]; /* pipeline stages, in order */

/* Whether a parsed report has every part the page draws, in the shape gicsim writes
 * (else why names the first that is not). */
bool html_report_valid(const struct json *r, char *why, size_t len);
/* The page of one run (a valid report). */
void html_report_page(FILE *f, const struct json *r);

/* Whether a parsed results.json can be drawn; the page of a sweep. dir names it. */
bool html_sweep_valid(const struct json *res, char *why, size_t len);
void html_sweep_page(FILE *f, const struct json *res, const char *dir);

/* Charts (html_latency.c, html_time.c). */
void html_cdf(FILE *f, const struct json *r, const char *title, const char *const *metrics,
              size_t n, const char *caption);
void html_histograms(FILE *f, const struct json *r);
void html_stats_table(FILE *f, const struct json *r);
void html_stage_bars(FILE *f, const struct json *r);
void html_throughput(FILE *f, const struct json *r);
void html_cache_time(FILE *f, const struct json *r);

#endif
