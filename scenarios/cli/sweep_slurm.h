/* A sweep on a Slurm cluster (docs/cluster.md): the points as one job array, each array
 * task running its slice with this binary into the shared DIR, then a dependent job
 * that collects the results; failed tasks found and resubmitted alone. */
#ifndef GICSIM_SWEEP_SLURM_H
#define GICSIM_SWEEP_SLURM_H

#include <stdint.h>

#include "sweep_def.h"

struct slurm_opts {
    const char *partition;  /* NULL: the cluster's default */
    uint64_t max_parallel;  /* array tasks running at once; 0: no limit */
    uint64_t jobs;          /* points at once inside a task (--cpus-per-task) */
};

/* Submits the array tasks that have a point without a report, and the collect job
 * after them: 0, or 2 after saying why (sbatch's own message included). */
int sweep_submit(const struct sweep *s, const struct slurm_opts *o);
/* Runs array task t of the sweep in dir: the worst exit status of its points. */
int sweep_task(const char *dir, unsigned long t, unsigned jobs);
/* Builds DIR's results and HTML once every point has a report: 0, 1 when a point failed
 * its expectations or has no report (the tasks to resubmit are named), 2 on bad input. */
int sweep_collect(const char *dir);

#endif
