/* The scenario runner: builds the GIC a scenario describes, plays its steps against
 * it with driver, device and CPU models, checks expectations and accounts for every
 * MSI. Output files (report, deliveries, event log, VCD) are optional listeners. */
#ifndef GICSIM_RUNNER_H
#define GICSIM_RUNNER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../../model/scheduler.h"
#include "busport.h"
#include "scenario.h"

struct run_options {
    const char *report;     /* JSON report path, or NULL */
    const char *vcd;        /* VCD path (a .gtkw is written beside it), or NULL */
    const char *log;        /* JSON-lines event log, or NULL */
    const char *deliveries; /* plain deliveries list, or NULL */
    const char *platform_vcd; /* gicsim-tlm: sc_trace VCD of the IRQ/FIQ lines, or NULL */
    bool quiet;             /* no human summary on stdout */
    bool progress;          /* progress bar on stderr */
    char *failure;          /* if set: the first failure ("line N: ...") is copied here */
    size_t failure_len;
};

struct delivery {
    uint32_t cpu, intid;
    uint64_t stimulus, irq, ack; /* ps */
    bool consumed;
    bool has_journey;            /* an LPI from an MSI under a timing profile */
    gic_lpi_journey_t journey;   /* its stages (journey.h) */
};

struct check {
    unsigned step, line;
    enum step_kind kind;
    bool passed;
    char message[320];
};

/* Guest errors by rule (the spec checker's findings), first occurrence kept. */
struct rule_count {
    char rule[48];
    uint64_t count;
    uint64_t first_time;
    char first[200];
};

struct cpu_model;
struct stim_map;
struct generator;
struct gic_eventlog;
struct gic_waveform;

struct runner {
    struct scenario *s;
    const struct run_options *opt;
    gic_t *gic;                  /* for observation; actions go through bus */
    const struct busport *bus;
    struct sched sched;          /* the runner's own events: CPU and device models */
    struct cpu_model *cpus;
    struct stim_map *stim;       /* when each pending interrupt was stimulated */
    struct delivery *del;
    size_t n_del, cap_del;
    struct check *checks;
    size_t n_checks, cap_checks;
    uint64_t next_alloc;         /* the runner's memory region, from 4 GiB up */
    uint64_t *cwriter;           /* per ITS: the driver's write pointer */
    uint32_t next_lpi;           /* traffic map: auto hands out LPIs from 8192 */
    uint64_t rng;
    uint64_t traffic_sent;
    struct generator *gens;       /* MSI generators started by msi/traffic steps */
    struct journey_map *journeys; /* stage times of pending LPIs (journey.h) */
    struct gic_eventlog *log;    /* --log (traces/eventlog.c) */
    struct gic_waveform *wave;   /* --vcd (traces/waveform.c) */
    char fatal[512];             /* bad input found while running: exit 2 */
    unsigned cur_step;
    struct rule_count *rules;
    size_t n_rules;
    double host_start, host_seconds;
    bool progress_shown;
};

/* Runs s on the native platform. Returns 0 (all expectations hold), 1 (one failed) or
 * 2 (bad input). */
int runner_run(struct scenario *s, const struct run_options *o);
/* Runs s on a system a platform built from s->gic: gic to observe, bus to act. */
int runner_run_on(struct scenario *s, const struct run_options *o, gic_t *gic,
                  const struct busport *bus);
/* A platform could not build s->gic: reports err as runner_run does; returns 2. */
int runner_system_error(const struct scenario *s, const struct run_options *o,
                        const char *err);

/* Shared by the runner's files. */
void runner_advance_to(struct runner *r, uint64_t t);
bool runner_run_until(struct runner *r, uint64_t deadline,
                      bool (*done)(struct runner *r, const void *arg), const void *arg);
uint64_t runner_now(const struct runner *r);
void runner_check(struct runner *r, bool passed, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void runner_fatal(struct runner *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
uint64_t runner_alloc(struct runner *r, uint64_t bytes, uint64_t align);
void runner_record_delivery(struct runner *r, unsigned cpu, uint32_t intid);
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
static inline int bus_mem_read(struct runner *r, uint64_t addr, void *buf, size_t len)
{
    return r->bus->mem_read(r->bus->ctx, addr, buf, len);
}
static inline int bus_mem_write(struct runner *r, uint64_t addr, const void *buf, size_t len)
{
    return r->bus->mem_write(r->bus->ctx, addr, buf, len);
}

/* driver.c, driver_cmds.c, traffic.c */
uint64_t driver_rd(struct runner *r, const char *name, unsigned inst);
void driver_wr(struct runner *r, const char *name, unsigned inst, uint64_t v);
void driver_boot_linux(struct runner *r);
/* Writes commands to the queue of ITS its, writes CWRITER; waits for CREADR if asked. */
void driver_commands(struct runner *r, unsigned its, const struct scn_cmd *cmds, unsigned n,
                     bool wait);
uint64_t driver_rdbase(const struct runner *r, unsigned its, unsigned cpu);
void driver_traffic(struct runner *r, const struct step *st);
/* Offers count MSIs to (its, device, event), interval apart, from now on. */
void driver_msi(struct runner *r, const struct step *st);
void traffic_free(struct runner *r);

/* cpumodel.c */
void cpus_init(struct runner *r);
void cpus_free(struct runner *r);
void cpus_on_trace(struct runner *r, const gic_trace_event_t *ev);

/* steps.c, expect.c */
void steps_execute(struct runner *r, const struct step *st);
void expect_execute(struct runner *r, const struct step *st);

/* report.c */
int report_write(struct runner *r, const char *path);
int deliveries_write(struct runner *r, const char *path);
void report_summary(struct runner *r, FILE *f);
bool report_accounting(struct runner *r, char *why, size_t len);


#endif
