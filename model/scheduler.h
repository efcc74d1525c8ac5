/* Discrete-event scheduler: integer picoseconds, binary heap ordered by (time, seq) so
 * that events at the same time run in the order they were scheduled. */
#ifndef GICSIM_SCHED_H
#define GICSIM_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef void (*sched_fn)(void *ctx, uint64_t arg);

struct sched_event {
    uint64_t time;
    uint64_t seq;
    sched_fn fn;
    void *ctx;
    uint64_t arg;
};

struct sched {
    struct sched_event *heap;
    size_t n, cap;
    uint64_t seq;
    uint64_t now;
};

void sched_init(struct sched *s);
void sched_free(struct sched *s);
/* Schedules fn(ctx, arg) at absolute time t (clamped to now). false when out of memory. */
bool sched_at(struct sched *s, uint64_t t, sched_fn fn, void *ctx, uint64_t arg);
uint64_t sched_next_time(const struct sched *s); /* UINT64_MAX when empty */
/* Runs every event with time <= t in order, then sets now = t. */
void sched_run_until(struct sched *s, uint64_t t);
/* Runs the earliest event (and everything at the same time); false when empty. */
bool sched_step(struct sched *s);

#endif
