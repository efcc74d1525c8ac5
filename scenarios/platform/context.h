/* The shared context of a run: what every model and every part of the runner may use. The scenario, the
 * options, the GIC (to observe) and the bus (to act), one timeline (now, advance,
 * run_until), checks, bad input (fatal), memory for the driver and the seeded random
 * source. Each model keeps its own state behind its pointer here, in a struct only its
 * own file sees; models and run/ files talk to each other through the models' headers.
 *
 * It lives in platform/, the lowest scenario layer that runs anything, because the
 * models need it; run/runner.c implements it. Who includes what: platform/ models
 * include this and deliveries.h; run/ files include this and the models' headers;
 * nothing outside scenarios/ needs it (docs/architecture.md). */
#ifndef GICSIM_PLATFORM_CONTEXT_H
#define GICSIM_PLATFORM_CONTEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "../../model/scheduler.h"
#include "busport.h"
#include "scenario.h"

#include "outfile.h"

struct run_options;   /* run/runner.h: the command line's choices */

struct cpus;          /* platform/cpumodel.c */
struct driver;        /* platform/driver.c */
struct traffic;       /* platform/traffic.c */
struct guests;        /* platform/guestcpu.c */
struct hypervisor;    /* platform/hypervisor.c */
struct deliveries;    /* run/deliveries.c */
struct checks;        /* run/checks.c */
struct guest_errors;  /* run/guest_errors.c */
struct stats;         /* run/stats.c: measurement windows, throughput */
struct gic_eventlog;  /* traces/eventlog.c (--log) */
struct gic_waveform;  /* traces/waveform.c (--vcd) */

struct runner {
    struct scenario *s;
    const struct run_options *opt;
    gic_t *gic;                  /* for observation; actions go through bus */
    const struct busport *bus;
    struct sched sched;          /* the runner's own events: CPU and device models */
    uint64_t next_alloc;         /* the runner's memory region, from 4 GiB up */
    uint64_t rng;
    char fatal[512];             /* bad input found while running: exit 2 */
    bool interrupted;            /* SIGINT: stopped at the next event, results kept */
    unsigned cur_step;
    unsigned failures;           /* failed checks so far */
    uint64_t reads_differing;    /* reads that differed, with opt->reads_reported */
    double host_start, host_seconds;
    bool progress_shown;
    /* The models and the records of the run, each owned by its file. */
    struct cpus *cpus;
    struct driver *driver;
    struct traffic *traffic;
    struct guests *guests;       /* guest CPU models: take virtual interrupts */
    struct hypervisor *hyp;      /* hypervisor: kvm, or NULL */
    struct deliveries *deliveries;
    struct checks *checks;
    struct guest_errors *guest_errors;
    struct stats *stats;
    struct outfile report_out, deliveries_out; /* --report, --deliveries: at the end */
    struct gic_eventlog *log;
    struct gic_waveform *wave;
};

void runner_advance_to(struct runner *r, uint64_t t);
bool runner_run_until(struct runner *r, uint64_t deadline,
                      bool (*done)(struct runner *r, const void *arg), const void *arg);
uint64_t runner_now(const struct runner *r);
void runner_check(struct runner *r, bool passed, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A read step's comparison: a check, or counted only (run_options.reads_reported). */
void runner_read_check(struct runner *r, bool same, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void runner_fatal(struct runner *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
uint64_t runner_alloc(struct runner *r, uint64_t bytes, uint64_t align);
/* GICv4.1: a residency change (schedule or deschedule of vpe on cpu) that waited for
 * GICR_VPENDBASER.Dirty from at for ps: a step's, or the hypervisor model's. */
void runner_vpe_residency(struct runner *r, unsigned cpu, int vpe, bool schedule, uint64_t at,
                          uint64_t ps, bool hypervisor);
uint64_t runner_rand(struct runner *r);

/* The bus operations (busport.h), for the runner's models. */
static inline gic_status_t bus_mmio_read(struct runner *r, uint64_t addr, unsigned size,
                                         gic_attrs_t a, uint64_t *val)
{
    return r->bus->mmio_read(r->bus->ctx, addr, size, a, val);
}
static inline gic_status_t bus_mmio_write(struct runner *r, uint64_t addr, unsigned size,
                                          uint64_t val, gic_attrs_t a)
{
    return r->bus->mmio_write(r->bus->ctx, addr, size, val, a);
}
static inline gic_status_t bus_sysreg_read(struct runner *r, unsigned cpu, gic_sysreg_t reg,
                                           uint64_t *val)
{
    return r->bus->sysreg_read(r->bus->ctx, cpu, reg, val);
}
static inline gic_status_t bus_sysreg_write(struct runner *r, unsigned cpu, gic_sysreg_t reg,
                                            uint64_t val)
{
    return r->bus->sysreg_write(r->bus->ctx, cpu, reg, val);
}
static inline gic_status_t bus_set_secure(struct runner *r, unsigned cpu, bool secure)
{
    return r->bus->cpu_set_secure(r->bus->ctx, cpu, secure);
}
static inline gic_status_t bus_set_el(struct runner *r, unsigned cpu, unsigned el, bool imo,
                                      bool fmo)
{
    return r->bus->cpu_set_el(r->bus->ctx, cpu, el, imo, fmo);
}
static inline int bus_mem_read(struct runner *r, uint64_t addr, void *buf, size_t len)
{
    return r->bus->mem_read(r->bus->ctx, addr, buf, len);
}
static inline int bus_mem_write(struct runner *r, uint64_t addr, const void *buf, size_t len)
{
    return r->bus->mem_write(r->bus->ctx, addr, buf, len);
}

#endif
