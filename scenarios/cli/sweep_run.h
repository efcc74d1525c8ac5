/* Running a sweep's points on this machine, and tabulating their results. */
#ifndef GICSIM_SWEEP_RUN_H
#define GICSIM_SWEEP_RUN_H

#include "sweep_def.h"

/* Runs points [first, end) that are not done, at most jobs at once; *ran counts those
 * started. The worst exit status: 0 every point passed, 1 one failed its expectations,
 * 2 one could not run (its error is on stderr). */
int sweep_run_points(const struct sweep *s, unsigned long first, unsigned long end,
                     unsigned jobs, unsigned long *ran);

/* DIR/results.csv and DIR/results.json from every point's report (each written
 * atomically): 0, or 2 after naming a report that is missing or unreadable. *failed
 * counts the points whose result is not pass. */
int sweep_write_results(const struct sweep *s, unsigned long *failed);

#endif
