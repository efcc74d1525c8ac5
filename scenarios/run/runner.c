/* Runner core: the GIC and the runner's models share one timeline. Both have an event
 * queue; runner_advance_to interleaves them in time order, GIC first at equal times
 * (a model reacts to what the GIC did at that instant). The GIC's queue is run by the
 * platform (busport advance_to): natively gic_run_until, under SystemC the GIC
 * module's own process while the runner waits. */
#include "checks.h"
#include "context.h"
#include "runner.h"
#include "cpumodel.h"
#include "deliveries.h"
#include "driver.h"
#include "guestcpu.h"
#include "hypervisor.h"
#include "guest_errors.h"
#include "report.h"
#include "steps.h"
#include "traces.h"
#include "traffic.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define RUNNER_REGION 0x100000000ULL /* 4 GiB: below it belongs to the scenario */

uint64_t runner_now(const struct runner *r)
{
    return r->bus->now(r->bus->ctx);
}

void runner_advance_to(struct runner *r, uint64_t t)
{
    while (!r->fatal[0]) {
        uint64_t tg = gic_next_event_time(r->gic), tr = sched_next_time(&r->sched);
        uint64_t tn = tg < tr ? tg : tr;
        if (tn > t)
            break;
        r->bus->advance_to(r->bus->ctx, tn);
        sched_run_until(&r->sched, tn);
    }
    r->bus->advance_to(r->bus->ctx, t);
    sched_run_until(&r->sched, t);
}

static double host_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* A progress line on stderr (a terminal) once a run has taken more than a second. */
static void progress(struct runner *r)
{
    if (!r->opt->progress || host_now() - r->host_start < 1.0)
        return;
    fprintf(stderr, "\r%s: step %u/%u, %.1f us simulated, %llu MSIs offered", r->s->name,
            r->cur_step + 1, r->s->n_steps, (double)runner_now(r) / 1e6,
            (unsigned long long)traffic_sent(r->traffic));
    r->progress_shown = true;
}

/* Advances event by event until done() or the deadline; returns done(). */
bool runner_run_until(struct runner *r, uint64_t deadline,
                      bool (*done)(struct runner *r, const void *arg), const void *arg)
{
    for (unsigned n = 0; !done(r, arg); n++) {
        if (r->fatal[0])
            return false;
        if ((n & 0xFFF) == 0xFFF)
            progress(r);
        uint64_t tg = gic_next_event_time(r->gic), tr = sched_next_time(&r->sched);
        uint64_t tn = tg < tr ? tg : tr;
        if (tn > deadline) {
            runner_advance_to(r, deadline);
            return done(r, arg);
        }
        runner_advance_to(r, tn);
    }
    return true;
}

void runner_check(struct runner *r, bool passed, const char *fmt, ...)
{
    struct check *c = checks_add(r->checks);
    if (!c) {
        runner_fatal(r, "out of memory");
        return;
    }
    const struct step *st = &r->s->steps[r->cur_step];
    *c = (struct check){r->cur_step, st->line, st->kind, passed, ""};
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->message, sizeof(c->message), fmt, ap);
    va_end(ap);
}

void runner_fatal(struct runner *r, const char *fmt, ...)
{
    if (r->fatal[0])
        return;
    const struct step *st = &r->s->steps[r->cur_step];
    int n = snprintf(r->fatal, sizeof(r->fatal), "%s:%u:%u: ", r->s->file, st->line, st->col);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->fatal + n, sizeof(r->fatal) - (size_t)n, fmt, ap);
    va_end(ap);
}

uint64_t runner_alloc(struct runner *r, uint64_t bytes, uint64_t align)
{
    uint64_t a = (r->next_alloc + align - 1) & ~(align - 1);
    r->next_alloc = a + bytes;
    return a;
}

uint64_t runner_rand(struct runner *r) /* splitmix64: seeded, portable */
{
    uint64_t z = (r->rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static void on_trace(void *opaque, const gic_trace_event_t *ev)
{
    struct runner *r = opaque;
    guest_errors_on_trace(r->guest_errors, ev);
    deliveries_on_trace(r->deliveries, ev);
    cpus_on_trace(r->cpus, ev);
    guests_on_trace(r->guests, ev);
}

/* The event log and the waveform, attached to the GIC (traces/). */
static int outputs_open(struct runner *r)
{
    const char *bad = NULL;
    if (r->opt->log && !(r->log = gic_eventlog_open(r->gic, r->opt->log)))
        bad = r->opt->log;
    else if (r->opt->vcd && !(r->wave = gic_waveform_open(r->gic, r->opt->vcd)))
        bad = r->opt->vcd;
    if (!bad)
        return 0;
    snprintf(r->fatal, sizeof(r->fatal), "%s: cannot write: %s", bad, strerror(errno));
    return 2;
}

static void outputs_close(struct runner *r)
{
    gic_eventlog_close(r->log);
    gic_waveform_close(r->wave, runner_now(r));
}

static int setup(struct runner *r)
{
    sched_init(&r->sched);
    r->next_alloc = RUNNER_REGION;
    r->rng = r->s->seed;
    r->checks = checks_new();
    r->guest_errors = guest_errors_new();
    r->deliveries = deliveries_new();
    r->cpus = cpus_new(r);
    r->guests = guests_new(r);
    r->hyp = hyp_new(r);
    r->driver = driver_new(r);
    r->traffic = traffic_new(r);
    /* The CPU models follow IRQ/FIQ on the trace bus (GIC_TRACE_SIGNAL), not through the
     * signal handler: that belongs to the platform (gicsim-tlm drives sc_out ports from
     * it), and the trace event comes at the same instant, in the same order. */
    gic_add_trace_listener(r->gic, on_trace, r);
    return outputs_open(r);
}

static void teardown(struct runner *r)
{
    outputs_close(r);
    traffic_free(r->traffic);
    driver_free(r->driver);
    hyp_free(r->hyp);
    guests_free(r->guests);
    cpus_free(r->cpus);
    deliveries_free(r->deliveries);
    guest_errors_free(r->guest_errors);
    checks_free(r->checks);
    sched_free(&r->sched);
}

static void play(struct runner *r)
{
    if (r->s->driver_linux)
        driver_boot_linux(r->driver);
    if (r->hyp)
        hyp_boot(r->hyp);
    for (unsigned i = 0; i < r->s->n_steps && !r->fatal[0]; i++) {
        const struct step *st = &r->s->steps[i];
        r->cur_step = i;
        if (st->kind >= STEP_EXPECT)
            expect_execute(r, st);
        else
            steps_execute(r, st);
        progress(r);
    }
    if (r->progress_shown)
        fprintf(stderr, "\r\033[K");
    runner_advance_to(r, runner_now(r)); /* settle what is due now */
}

static int finish(struct runner *r)
{
    char why[320];
    bool balanced = report_accounting(r, why, sizeof(why));
    if (!balanced) {
        r->cur_step = r->s->n_steps ? r->s->n_steps - 1 : 0;
        runner_check(r, false, "accounting does not balance: %s", why);
    }
    const struct check *failed = checks_first_failure(r->checks);
    if (failed && r->opt->failure)
        snprintf(r->opt->failure, r->opt->failure_len, "line %u: %s", failed->line,
                 failed->message);
    int rc = failed ? 1 : 0;
    if (r->opt->report && report_write(r, r->opt->report))
        fprintf(stderr, "gicsim: cannot write report %s\n", r->opt->report);
    if (r->opt->deliveries && deliveries_write(r, r->opt->deliveries))
        fprintf(stderr, "gicsim: cannot write %s\n", r->opt->deliveries);
    if (!r->opt->quiet)
        report_summary(r, stdout);
    return rc;
}

/* Plays s on a system a platform built; host_start is when the run began. */
static int runner_run_from(struct scenario *s, const struct run_options *o, gic_t *gic,
                           const struct busport *bus, double host_start)
{
    struct runner r = {.s = s, .opt = o, .gic = gic, .bus = bus, .host_start = host_start};
    int rc = setup(&r);
    if (!rc) {
        play(&r);
        r.host_seconds = host_now() - r.host_start;
        rc = r.fatal[0] ? 2 : finish(&r);
    }
    if (rc == 2 && o->failure)
        snprintf(o->failure, o->failure_len, "%s", r.fatal);
    else if (rc == 2)
        fprintf(stderr, "gicsim: %s\n", r.fatal);
    teardown(&r);
    return rc;
}

int runner_system_error(const struct scenario *s, const struct run_options *o,
                        const char *err)
{
    if (o->failure)
        snprintf(o->failure, o->failure_len, "%s: system: %s", s->file, err);
    else
        fprintf(stderr, "gicsim: %s: system: %s\n", s->file, err);
    return 2;
}

int runner_run(struct scenario *s, const struct run_options *o)
{
    struct native_platform p;
    char err[160];
    double t0 = host_now(); /* host time includes building the system, as it always has */
    int rc = native_platform_create(&p, &s->gic, err, sizeof(err))
                 ? runner_system_error(s, o, err)
                 : runner_run_from(s, o, p.gic, &p.bus, t0);
    native_platform_destroy(&p);
    return rc;
}

int runner_run_on(struct scenario *s, const struct run_options *o, gic_t *gic,
                  const struct busport *bus)
{
    return runner_run_from(s, o, gic, bus, host_now());
}
