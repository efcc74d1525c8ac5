/* Latency metrics (metrics.c): the names are in scenario.h (enum metric, metric_names). */
#ifndef GICSIM_METRICS_H
#define GICSIM_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "deliveries.h"
#include "scenario.h"

/* The value of metric m for one delivery, in ps (stages need d->has_journey). */
uint64_t delivery_metric(const struct delivery *d, enum metric m);
/* Sorted samples of m over del[0..n_del) (of one CPU, or all when cpu < 0); stages
 * count only deliveries with a journey. *out is malloc'd: free it. */
size_t metric_samples(const struct delivery *del, size_t n_del, enum metric m, int cpu,
                      bool virt, /* virtual deliveries, or physical ones */
                      uint64_t **out);
/* The same over deliveries stimulated in [from, to) ps: one measurement window. */
size_t metric_samples_in(const struct delivery *del, size_t n_del, enum metric m, int cpu,
                         bool virt, uint64_t from, uint64_t to, uint64_t **out);
/* The p-th percentile (nearest rank) of n sorted samples; 0 when n is 0. */
uint64_t percentile(const uint64_t *sorted, size_t n, double p);

#endif
