/* The headline figures of a report: what a sweep tabulates per point (results.csv,
 * results.json), what compare checks between sweeps and what the HTML plots against
 * the swept parameters. Latencies come from the last measurement window (the one a
 * `stats: reset` step opened, or the whole run); counts and hit rates from the run. */
#ifndef GICSIM_HEADLINE_H
#define GICSIM_HEADLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "json.h"

enum figure {
    FIG_DELIVERIES, FIG_VIS_P50, FIG_VIS_P99, FIG_IRQ_P50, FIG_IRQ_P99, FIG_EVENT_HIT,
    FIG_LPI_HIT, FIG_DROPPED, FIG_DELIVERED_RATE, FIG_VIS_MEAN, NUM_FIGURES
};

/* better: +1 when higher is better (hit rates), -1 when lower is (latency), 0 neither;
 * fraction: a rate from 0 to 1 */
struct figure_info {
    const char *name, *title, *unit, *format;
    int better;
    bool fraction;
};
extern const struct figure_info figures[NUM_FIGURES];

struct headline {
    char result[16]; /* pass, fail, interrupted */
    double v[NUM_FIGURES];
};

/* The figures of a parsed report, or false with what is missing in why. */
bool headline_of(const struct json *report, struct headline *h, char *why, size_t len);

#endif
