/* `gicsim sweep` (sweep.h): the command line, then the points run here (sweep_run.c)
 * or on Slurm (sweep_slurm.c), and the tables (sweep_results.c). The definition
 * (sweep_def.c) is checked whole before anything runs: every grid value is parsed into
 * the scenario once. */
#include "sweep.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "args.h"
#include "report_cmd.h"
#include "sweep_run.h"
#include "sweep_slurm.h"

static const char *const cmd = "gicsim sweep";

struct options {
    uint64_t jobs, per_task, task;
    bool slurm, has_task, has_jobs;
    const char *collect;  /* --collect DIR */
    struct slurm_opts so;
};

void sweep_usage(FILE *f)
{
    fprintf(f, "usage: gicsim sweep FILE --grid KEY=V1,V2,... [--grid KEY=A..B:N] [-j N]\n"
               "                    --out DIR [--executor local|slurm] [--partition P]\n"
               "                    [--max-parallel N] [--points-per-task K]\n"
               "       gicsim sweep --collect DIR\n"
               "       gicsim sweep --task I DIR [-j N]\n"
               "\n"
               "  --grid KEY=...  a parameter and its values, as `run --set KEY=VALUE` takes\n"
               "                  them: a list (64,256,1024) or N evenly spaced values from A\n"
               "                  to B with the same unit (1M/s..20M/s:8); several --grid\n"
               "                  give their cross product (the first varies slowest)\n"
               "  -j N            points run at once (default 1; on Slurm, per array task)\n"
               "  --out DIR       DIR/point-NNNN/report.json and summary.txt per point;\n"
               "                  DIR/results.csv and DIR/results.json: one row per point,\n"
               "                  the parameters then the headline figures; DIR/report.html:\n"
               "                  each figure against each parameter (gicsim report)\n"
               "  --executor E    local (the default): run here; slurm: submit the points as\n"
               "                  one job array (sbatch --array) and a job that collects the\n"
               "                  results after it; DIR must be shared with the nodes\n"
               "  --partition P   Slurm partition (default: the cluster's)\n"
               "  --max-parallel N  array tasks running at once (sbatch --array=...%%N)\n"
               "  --points-per-task K  points per array task (default 1; at most %d tasks)\n"
               "  --collect DIR   build DIR's results and report.html once every point has a\n"
               "                  report; else name the points missing and their tasks\n"
               "  --task I DIR    run array task I's points (what each Slurm task runs)\n"
               "\n"
               "Every value is checked against the scenario before any point runs. A point\n"
               "whose report exists is skipped: rerunning the same command resumes, and on\n"
               "Slurm submits only the tasks with a point missing. Each point is\n"
               "`gicsim run FILE --set KEY=VALUE...`, seeded by the scenario, so its result\n"
               "does not depend on the worker or the executor (docs/cluster.md).\n"
               "\n"
               "exit status: 0 every point passed; 1 a point failed (or, collecting, has no\n"
               "report); 2 bad input\n", SWEEP_MAX_TASKS);
}

static int bad_grid(const char *v)
{
    fprintf(stderr, "%s: --grid '%s': expected KEY=V1,V2,... or KEY=A..B:N (same unit, N "
                    "from 2 to %d; each key once, at most %d grids)\n",
            cmd, v, SWEEP_MAX_VALUES, SWEEP_MAX_GRIDS);
    return 2;
}

static int path_option(const char *opt, const char *v, char *out, size_t len)
{
    if (strlen(v) >= len)
        return fprintf(stderr, "%s: %s: the path is too long\n", cmd, opt), 2;
    snprintf(out, len, "%s", v);
    return 0;
}

static int executor(struct options *o, const char *v)
{
    if (strcmp(v, "local") && strcmp(v, "slurm"))
        return fprintf(stderr, "%s: --executor '%s': local or slurm\n", cmd, v), 2;
    o->slurm = !strcmp(v, "slurm");
    return 0;
}

/* An option with its value v: 0, or 2 after saying what is wrong. */
static int valued(struct sweep *s, struct options *o, const char *a, const char *v)
{
    if (!strcmp(a, "--grid"))
        return sweep_add_grid(s, v) ? 0 : bad_grid(v);
    if (!strcmp(a, "-j"))
        return o->has_jobs = true, cli_uint(cmd, "-j", v, 1, 256, &o->jobs) ? 0 : 2;
    if (!strcmp(a, "--out"))
        return path_option(a, v, s->out, sizeof(s->out));
    if (!strcmp(a, "--executor"))
        return executor(o, v);
    if (!strcmp(a, "--partition"))
        return o->so.partition = v, 0;
    if (!strcmp(a, "--max-parallel"))
        return cli_uint(cmd, a, v, 1, SWEEP_MAX_TASKS, &o->so.max_parallel) ? 0 : 2;
    if (!strcmp(a, "--points-per-task"))
        return cli_uint(cmd, a, v, 1, SWEEP_MAX_POINTS, &o->per_task) ? 0 : 2;
    if (!strcmp(a, "--collect"))
        return o->collect = v, 0;
    return o->has_task = true, cli_uint(cmd, a, v, 0, SWEEP_MAX_TASKS - 1, &o->task) ? 0 : 2;
}

/* One option at argv[*i]: 0, 1 for --help, 2 after saying what is wrong. */
static int option(struct sweep *s, struct options *o, int argc, char **argv, int *i)
{
    static const char *const with_value[] = {"--grid", "-j", "--out", "--executor",
        "--partition", "--max-parallel", "--points-per-task", "--collect", "--task", NULL};
    const char *a = argv[*i], *v;
    if (!strcmp(a, "--help") || !strcmp(a, "-h"))
        return 1;
    if (!strncmp(a, "-j", 2) && a[2]) /* -jN, as make takes it */
        return valued(s, o, "-j", a + 2);
    for (int k = 0; with_value[k]; k++)
        if (!strcmp(a, with_value[k]))
            return (v = cli_value(cmd, argc, argv, i)) ? valued(s, o, a, v) : 2;
    fprintf(stderr, "%s: unknown option '%s' (try gicsim sweep --help)\n", cmd, a);
    return 2;
}

/* Options that only make sense together: 0, or 2 after saying which clash. */
static int consistent(const struct sweep *s, const struct options *o)
{
    bool slurm_opts = o->so.partition || o->so.max_parallel || o->per_task;
    const char *clash = (o->collect || o->has_task) && (*s->file || s->n_grids || *s->out)
                            ? "--collect and --task take a DIR, no scenario, --grid or --out"
                        : o->collect && o->has_task ? "--collect or --task, not both"
                        : slurm_opts && !o->slurm
                            ? "--partition, --max-parallel and --points-per-task need "
                              "--executor slurm"
                            : NULL;
    if (clash)
        fprintf(stderr, "%s: %s\n", cmd, clash);
    return clash ? 2 : 0;
}

/* The command line into s and o; with --task, the one positional argument is the DIR. */
static int parse(struct sweep *s, struct options *o, int argc, char **argv, char *dir,
                 size_t len)
{
    o->jobs = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] == '-') {
            int rc = option(s, o, argc, argv, &i);
            if (rc)
                return rc == 1 ? (sweep_usage(stdout), 1) : 2;
        } else if (*s->file) {
            return fprintf(stderr, "%s: one scenario ('%s' and '%s')\n", cmd, s->file, a), 2;
        } else if (path_option("FILE", a, s->file, sizeof(s->file))) {
            return 2;
        }
    }
    if (o->has_task) {
        snprintf(dir, len, "%s", s->file);
        s->file[0] = '\0';
        if (!*dir)
            return fprintf(stderr, "%s: --task I DIR: which DIR?\n", cmd), 2;
    }
    return consistent(s, o);
}

/* The output directory, with the definition in it (refused if it holds another). */
static int prepare(const struct sweep *s)
{
    if (mkdir(s->out, 0777) && errno != EEXIST) {
        fprintf(stderr, "%s: --out %s: %s\n", cmd, s->out, strerror(errno));
        return 2;
    }
    return sweep_save(s, cmd);
}

static int run_here(const struct sweep *s, const struct options *o)
{
    unsigned long ran, failed;
    char html[1100];
    int rc = sweep_run_points(s, 0, s->points, (unsigned)o->jobs, &ran);
    if (rc >= 2) {
        fprintf(stderr, "%s: a point could not run (see above); rerun to resume\n", cmd);
        return 2;
    }
    snprintf(html, sizeof(html), "%s/report.html", s->out);
    if (sweep_write_results(s, &failed) || report_write_html(s->out, html))
        return 2;
    printf("%s: %lu points (%lu run now, %lu failed): %s/results.csv, results.json, "
           "report.html\n", cmd, s->points, ran, failed, s->out);
    return rc;
}

int sweep_main(int argc, char **argv)
{
    static struct sweep s; /* the grids: 1 MB */
    static char dir[1024];
    struct options o = {0};
    memset(&s, 0, sizeof(s));
    int rc = parse(&s, &o, argc, argv, dir, sizeof(dir));
    if (rc)
        return rc == 1 ? 0 : 2;
    if (o.collect)
        return sweep_collect(o.collect);
    if (o.has_task)
        return sweep_task(dir, o.task, (unsigned)o.jobs);
    if (!*s.file || !*s.out || !s.n_grids) {
        sweep_usage(stderr);
        return 2;
    }
    if (!sweep_count(&s)) {
        fprintf(stderr, "%s: more than %d points\n", cmd, SWEEP_MAX_POINTS);
        return 2;
    }
    if (o.slurm && o.per_task) {
        unsigned long t = (s.points + o.per_task - 1) / o.per_task;
        s.tasks = t < SWEEP_MAX_TASKS ? t : SWEEP_MAX_TASKS;
    }
    if (sweep_validate(&s, cmd) || prepare(&s))
        return 2;
    o.so.jobs = o.jobs;
    return o.slurm ? sweep_submit(&s, &o.so) : run_here(&s, &o);
}
