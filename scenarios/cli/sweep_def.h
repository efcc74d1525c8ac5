/* A sweep's definition, shared by the commands that run, collect and draw it: the
 * scenario, the grids and their values, the points (the grids' cross product, the
 * first grid varying slowest) and where each point's files go. DIR/sweep.json keeps
 * it, so `sweep --collect DIR`, an array task on a cluster and `report DIR` read the
 * same definition the sweep was started with. */
#ifndef GICSIM_SWEEP_DEF_H
#define GICSIM_SWEEP_DEF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SWEEP_MAX_GRIDS 8
#define SWEEP_MAX_VALUES 256
#define SWEEP_MAX_POINTS 100000
#define SWEEP_MAX_TASKS 1000 /* Slurm's default MaxArraySize is 1001 */

struct grid {
    char key[128];
    char spec[512]; /* as given: "64,256,1024" or "1M/s..20M/s:8" */
    char values[SWEEP_MAX_VALUES][64];
    unsigned n;
};

struct sweep {
    char file[1024], out[1024];
    struct grid g[SWEEP_MAX_GRIDS];
    unsigned n_grids;
    unsigned long points;
    unsigned long tasks; /* cluster array tasks: each runs a contiguous slice */
};

/* Adds a grid from "KEY=V1,V2,..." or "KEY=A..B:N"; false when malformed. */
bool sweep_add_grid(struct sweep *s, const char *arg);
/* Sets s->points from the grids: false when there are more than SWEEP_MAX_POINTS. */
bool sweep_count(struct sweep *s);
/* The value index of grid k at point p. */
unsigned sweep_value_of(const struct sweep *s, unsigned long p, unsigned k);
/* DIR/point-NNNN[/leaf]. */
void sweep_point_path(const struct sweep *s, unsigned long p, const char *leaf, char *out,
                      size_t len);
/* The points of array task t: [*first, *end). */
void sweep_task_points(const struct sweep *s, unsigned long t, unsigned long *first,
                       unsigned long *end);
/* Whether point p has finished (its report and summary exist). */
bool sweep_point_done(const struct sweep *s, unsigned long p);

/* Parses the scenario with every value of every grid (the other grids at their first
 * value), so a bad value stops the sweep before any point runs: 0, or 2 after one line
 * on stderr naming the --grid and the file. */
int sweep_validate(const struct sweep *s, const char *cmd);

/* DIR/sweep.json: 0, or 2 after saying why. sweep_save refuses (2) when DIR holds a
 * different sweep; sweep_read fills s (file, out, grids, points, tasks) from DIR. */
int sweep_save(const struct sweep *s, const char *cmd);
int sweep_read(struct sweep *s, const char *dir, const char *cmd);

#endif
