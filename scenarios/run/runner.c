/* Runner core: the GIC and the runner's models share one timeline. Both have an event
 * queue; runner_advance_to interleaves them in time order, GIC first at equal times
 * (a model reacts to what the GIC did at that instant). The GIC's queue is run by the
 * platform (busport advance_to): natively gic_run_until, under SystemC the GIC
 * module's own process while the runner waits. */
#include "checks.h"
#include "context.h"
#include "runner.h"
#include "strict.h"
#include "cpumodel.h"
#include "deliveries.h"
#include "driver.h"
#include "guestcpu.h"
#include "hypervisor.h"
#include "guest_errors.h"
#include "report.h"
#include "stats.h"
#include "steps.h"
#include "traces.h"
#include "traffic.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define RUNNER_REGION 0x100000000ULL /* 4 GiB: below it belongs to the scenario */

void runner_vpe_residency(struct runner *r, unsigned cpu, int vpe, bool schedule, uint64_t at,
                          uint64_t ps, bool hypervisor)
{
    stats_vpe_residency_by(r->stats, cpu, vpe, schedule, at, ps, hypervisor);
}

uint64_t runner_now(const struct runner *r)
{
    return r->bus->now(r->bus->ctx);
}

/* Ctrl-C: the run stops at the next event and keeps what it measured (exit 130). A
 * second Ctrl-C kills it (SA_RESETHAND). */
static volatile sig_atomic_t stop_requested;

static void on_sigint(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* Bad input or Ctrl-C: nothing more runs. */
static bool stopped(struct runner *r)
{
    if (stop_requested)
        r->interrupted = true;
    return r->fatal[0] || r->interrupted;
}

void runner_advance_to(struct runner *r, uint64_t t)
{
    while (!stopped(r)) {
        uint64_t tg = gic_next_event_time(r->gic), tr = sched_next_time(&r->sched);
        uint64_t tn = tg < tr ? tg : tr;
        if (tn > t)
            break;
        r->bus->advance_to(r->bus->ctx, tn);
        sched_run_until(&r->sched, tn);
    }
    if (stopped(r))
        return;
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
        if (stopped(r))
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
    if (r->interrupted)
        return; /* an expectation cut short by Ctrl-C proves nothing either way */
    struct check *c = checks_add(r->checks);
    if (!c) {
        runner_fatal(r, "out of memory");
        return;
    }
    const struct step *st = &r->s->steps[r->cur_step];
    *c = (struct check){r->cur_step, st->line, st->kind, passed, ""};
    r->failures += !passed;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->message, sizeof(c->message), fmt, ap);
    va_end(ap);
}

void runner_read_check(struct runner *r, bool same, const char *fmt, ...)
{
    if (r->opt->reads_reported) {
        r->reads_differing += !same;
        return;
    }
    char msg[320];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    runner_check(r, same, "%s", msg);
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
    stats_on_trace(r->stats, ev);
    cpus_on_trace(r->cpus, ev);
    guests_on_trace(r->guests, ev);
}

/* A full event log of heavy traffic runs to gigabytes (about 2 KB per MSI with
 * its translation, acknowledge and EOI): say so before, not after. */
static void warn_log_size(struct runner *r)
{
    uint64_t msis = 0;
    for (unsigned i = 0; i < r->s->n_steps; i++)
        if (r->s->steps[i].kind == STEP_TRAFFIC || r->s->steps[i].kind == STEP_MSI)
            msis += r->s->steps[i].count;
    if (!r->opt->log || r->opt->log_kinds || msis < 50000)
        return;
    fprintf(stderr, "gicsim: --log: this scenario offers %llu MSIs; the full event log will "
                    "be about %llu MB (--log-events its_msi,icc_iar_ack keeps less)\n",
            (unsigned long long)msis, (unsigned long long)(msis * 2 / 1000));
}

/* Every output is opened before the run (a path that cannot be written fails now, not
 * after an hour of simulation) and appears under its name only when complete. */
static int outputs_open(struct runner *r)
{
    const struct run_options *o = r->opt;
    const char *bad = NULL;
    uint64_t kinds = o->log_kinds ? o->log_kinds : ~0ULL;
    if (o->report && outfile_open(&r->report_out, o->report))
        bad = o->report;
    else if (o->deliveries && outfile_open(&r->deliveries_out, o->deliveries))
        bad = o->deliveries;
    else if (o->log && !(r->log = gic_eventlog_open(r->gic, o->log, kinds)))
        bad = o->log;
    else if (o->vcd && !(r->wave = gic_waveform_open(r->gic, o->vcd, GIC_WAVEFORM_STEPS)))
        bad = o->vcd;
    if (!bad) {
        warn_log_size(r);
        return 0;
    }
    snprintf(r->fatal, sizeof(r->fatal), "%s: cannot write: %s", bad, strerror(errno));
    return 2;
}

/* Closes the event log and waveform (at the time the run reached); false with
 * r->fatal set if one could not be written. */
static bool traces_close(struct runner *r)
{
    const char *bad = NULL;
    if (gic_eventlog_close(r->log))
        bad = r->opt->log;
    r->log = NULL;
    int e = errno;
    if (gic_waveform_close(r->wave, runner_now(r)))
        bad = r->opt->vcd, e = errno;
    r->wave = NULL;
    if (bad && !r->fatal[0])
        snprintf(r->fatal, sizeof(r->fatal), "%s: cannot write: %s", bad, strerror(e));
    return !bad;
}

/* The report and the deliveries list, written and renamed into place. */
static bool results_write(struct runner *r)
{
    const char *bad = NULL;
    if (r->report_out.f) {
        report_write(r, r->report_out.f);
        if (outfile_commit(&r->report_out))
            bad = r->opt->report;
    }
    int e = errno;
    if (r->deliveries_out.f) {
        deliveries_write(r, r->deliveries_out.f);
        if (outfile_commit(&r->deliveries_out))
            bad = r->opt->deliveries, e = errno;
    }
    if (bad)
        snprintf(r->fatal, sizeof(r->fatal), "%s: cannot write: %s", bad, strerror(e));
    return !bad;
}

static int setup(struct runner *r)
{
    sched_init(&r->sched);
    r->next_alloc = RUNNER_REGION;
    r->rng = r->s->seed;
    r->checks = checks_new();
    r->guest_errors = guest_errors_new();
    r->deliveries = deliveries_new();
    r->stats = stats_new();
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
    traces_close(r);
    outfile_abort(&r->report_out); /* not committed: a bad-input run writes no report */
    outfile_abort(&r->deliveries_out);
    traffic_free(r->traffic);
    driver_free(r->driver);
    hyp_free(r->hyp);
    guests_free(r->guests);
    cpus_free(r->cpus);
    deliveries_free(r->deliveries);
    stats_free(r->stats);
    guest_errors_free(r->guest_errors);
    checks_free(r->checks);
    sched_free(&r->sched);
}

static void play(struct runner *r)
{
    if (r->s->driver_linux) {
        gic_waveform_mark(r->wave, runner_now(r), "boot_linux");
        driver_boot_linux(r->driver);
    }
    if (r->hyp)
        hyp_boot(r->hyp);
    bool stop = r->opt->stop_at_failure;
    for (unsigned i = 0; i < r->s->n_steps && !stopped(r) && !(stop && r->failures); i++) {
        const struct step *st = &r->s->steps[i];
        r->cur_step = i;
        if (r->opt->step_gap_ps)
            runner_advance_to(r, runner_now(r) + r->opt->step_gap_ps);
        char mark[48];
        snprintf(mark, sizeof(mark), "L%u_%s", st->line, step_name(st->kind));
        gic_waveform_mark(r->wave, runner_now(r), mark);
        if (st->kind >= STEP_EXPECT)
            expect_execute(r, st);
        else
            steps_execute(r, st);
        progress(r);
    }
    if (r->progress_shown)
        fprintf(stderr, "\r\033[K");
    runner_advance_to(r, runner_now(r)); /* settle what is due now */
    if (r->interrupted)
        fprintf(stderr, "gicsim: interrupted at step %u (line %u), %.3f us simulated: "
                        "writing what was measured\n", r->cur_step + 1,
                r->s->n_steps ? r->s->steps[r->cur_step].line : 0,
                (double)runner_now(r) / 1e6);
}

static int finish(struct runner *r)
{
    if (r->opt->strict && !r->interrupted)
        strict_checks(r);
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
    int rc = r->interrupted ? 130 : failed ? 1 : 0;
    if (!traces_close(r) || !results_write(r))
        return 2;
    FILE *out = r->opt->summary_to_stderr ? stderr : stdout;
    if (!r->opt->quiet)
        report_summary(r, out);
    else if (rc)
        report_failures(r, stderr);
    return rc;
}

/* Plays s on a system a platform built; host_start is when the run began. */
static int runner_run_from(struct scenario *s, const struct run_options *o, gic_t *gic,
                           const struct busport *bus, double host_start)
{
    struct runner r = {.s = s, .opt = o, .gic = gic, .bus = bus, .host_start = host_start};
    struct sigaction ours = {.sa_handler = on_sigint, .sa_flags = SA_RESETHAND}, theirs;
    stop_requested = 0;
    sigemptyset(&ours.sa_mask);
    sigaction(SIGINT, &ours, &theirs);
    int rc = setup(&r);
    if (!rc) {
        play(&r);
        r.host_seconds = host_now() - r.host_start;
        if (o->reads_differing)
            *o->reads_differing = r.reads_differing;
        rc = r.fatal[0] ? 2 : finish(&r);
    }
    sigaction(SIGINT, &theirs, NULL);
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
