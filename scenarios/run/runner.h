/* The scenario runner: builds the GIC a scenario describes, plays its steps against
 * it with driver, device and CPU models, checks expectations and accounts for every
 * MSI. Output files (report, deliveries, event log, VCD) are optional listeners.
 * This is the entry point; the runner's own files share context.h. */
#ifndef GICSIM_RUNNER_H
#define GICSIM_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "busport.h"
#include "scenario.h"

struct run_options {
    const char *report;     /* JSON report path, or NULL */
    const char *vcd;        /* VCD path (a .gtkw is written beside it), or NULL */
    const char *log;        /* JSON-lines event log, or NULL */
    uint64_t log_kinds;     /* the trace kinds it logs (gic_eventlog_kinds); 0: all */
    const char *deliveries; /* plain deliveries list, or NULL */
    const char *platform_vcd; /* gicsim-tlm: sc_trace VCD of the IRQ/FIQ lines, or NULL */
    bool quiet;             /* no human summary on stdout (failures are still printed) */
    bool strict;            /* --strict: see run/strict.h */
    bool summary_to_stderr; /* the report goes to stdout (--report -) */
    bool progress;          /* progress bar on stderr */
    char *failure;          /* if set: the first failure ("line N: ...") is copied here */
    size_t failure_len;
    bool stop_at_failure;   /* stop playing at the first failed check (replay) */
    bool reads_reported;    /* read steps' `expect` is compared and counted in
                               *reads_differing, not a failed check (replay under time) */
    uint64_t *reads_differing;
    uint64_t step_gap_ps;   /* simulated time before each step (replay under time) */
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

#endif
