/* Measurement (stats.c): windows started by `stats: reset` steps, log-spaced latency
 * histograms, and throughput over time in fixed windows, from the trace bus. What the
 * report adds to the whole-run statistics so an architect can leave set-up traffic
 * out and draw CDFs and time plots (docs/timing.md, "Measuring"). */
#ifndef GICSIM_STATS_H
#define GICSIM_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "gicsim/gicsim.h"

#define STATS_MAX_WINDOWS 1024 /* stats: reset steps in one scenario */

struct stats;
struct delivery;

struct stats *stats_new(void);
void stats_free(struct stats *st);
/* A new measurement window starts at time now (ps); false when there are too many. */
bool stats_reset(struct stats *st, uint64_t now);
/* The start of the current window (0 before any reset) and how many windows exist. */
uint64_t stats_window_start(const struct stats *st);
unsigned stats_windows(const struct stats *st);
/* Window i: deliveries stimulated in [*from, *to) (to = UINT64_MAX for the last). */
void stats_window(const struct stats *st, unsigned i, uint64_t *from, uint64_t *to);
/* Counts MSIs, deliveries, cache lookups and ITS occupancy by time. */
void stats_on_trace(struct stats *st, const gic_trace_event_t *ev);
/* "histograms": log-spaced buckets of every metric over the last window. */
void stats_histograms_json(FILE *f, const struct stats *st, const struct delivery *del,
                           size_t n_del);
/* "throughput": one column per counter, one row per fixed window up to end. */
void stats_throughput_json(FILE *f, const struct stats *st, uint64_t end);

/* GICv4.1: a vpe_schedule (schedule) or vpe_deschedule step that waited for Dirty to
 * clear on cpu at time at: ps it took. */
void stats_vpe_residency(struct stats *st, unsigned cpu, int vpe, bool schedule, uint64_t at,
                         uint64_t ps);
/* The same for the hypervisor model's own residency changes (hypervisor: listed as
 * "run"/"exit" in residency_steps, counted in the schedule/deschedule summaries). */
void stats_vpe_residency_by(struct stats *st, unsigned cpu, int vpe, bool schedule,
                            uint64_t at, uint64_t ps, bool hypervisor);
/* "gicv4": the vLPI counts and the residency changes the steps waited for. */
void stats_gicv4_json(FILE *f, const struct stats *st, gic_t *gic);
/* The vLPI and vSGI accounting identities (offered = delivered + coalesced + pending +
 * dropped by reason): false with the one that does not hold. */
bool stats_gicv4_balanced(gic_t *gic, char *why, size_t len);
/* One summary line: vLPIs offered, delivered, coalesced, pending, dropped; doorbells. */
void stats_gicv4_summary(FILE *f, gic_t *gic);

#endif
