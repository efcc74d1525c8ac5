/* `gicsim sweep` (sweep.h): the command line, then the points run here (sweep_run.c)
 * and the tables (sweep_results.c). The definition (sweep_def.c) is checked whole
 * before anything runs: every grid value is parsed into the scenario once. */
#include "sweep.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "args.h"
#include "report_cmd.h"
#include "sweep_run.h"

static const char *const cmd = "gicsim sweep";

struct options {
    uint64_t jobs;
};

void sweep_usage(FILE *f)
{
    fprintf(f, "usage: gicsim sweep FILE --grid KEY=V1,V2,... [--grid KEY=A..B:N] [-j N]\n"
               "                    --out DIR\n"
               "\n"
               "  --grid KEY=...  a parameter and its values, as `run --set KEY=VALUE` takes\n"
               "                  them: a list (64,256,1024) or N evenly spaced values from A\n"
               "                  to B with the same unit (1M/s..20M/s:8); several --grid\n"
               "                  give their cross product (the first varies slowest)\n"
               "  -j N            points run at once (default 1)\n"
               "  --out DIR       DIR/point-NNNN/report.json and summary.txt per point;\n"
               "                  DIR/results.csv and DIR/results.json: one row per point,\n"
               "                  the parameters then the headline figures; DIR/report.html:\n"
               "                  each figure against each parameter (gicsim report)\n"
               "\n"
               "Every value is checked against the scenario before any point runs. A point\n"
               "whose report exists is skipped: rerunning the same command resumes. Each\n"
               "point is `gicsim run FILE --set KEY=VALUE...`, seeded by the scenario, so its\n"
               "result does not depend on the worker.\n"
               "\n"
               "exit status: 0 every point passed; 1 a point failed; 2 bad input\n");
}

static bool bad_grid(const char *v)
{
    fprintf(stderr, "%s: --grid '%s': expected KEY=V1,V2,... or KEY=A..B:N (same unit, N "
                    "from 2 to %d; each key once, at most %d grids)\n",
            cmd, v, SWEEP_MAX_VALUES, SWEEP_MAX_GRIDS);
    return false;
}

/* One option at argv[*i]: 0, 1 for --help, 2 after saying what is wrong. */
static int option(struct sweep *s, struct options *o, int argc, char **argv, int *i)
{
    const char *a = argv[*i], *v;
    if (!strcmp(a, "--help") || !strcmp(a, "-h"))
        return 1;
    if (!strncmp(a, "-j", 2) && a[2]) /* -jN, as make takes it */
        return cli_uint(cmd, "-j", a + 2, 1, 256, &o->jobs) ? 0 : 2;
    if (strcmp(a, "--grid") && strcmp(a, "-j") && strcmp(a, "--out")) {
        fprintf(stderr, "%s: unknown option '%s' (try gicsim sweep --help)\n", cmd, a);
        return 2;
    }
    if (!(v = cli_value(cmd, argc, argv, i)))
        return 2;
    if (!strcmp(a, "--grid"))
        return sweep_add_grid(s, v) || bad_grid(v) ? 0 : 2;
    if (!strcmp(a, "-j"))
        return cli_uint(cmd, "-j", v, 1, 256, &o->jobs) ? 0 : 2;
    if (strlen(v) >= sizeof(s->out)) {
        fprintf(stderr, "%s: --out: the path is too long\n", cmd);
        return 2;
    }
    snprintf(s->out, sizeof(s->out), "%s", v);
    return 0;
}

static int parse(struct sweep *s, struct options *o, int argc, char **argv)
{
    o->jobs = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] == '-') {
            int rc = option(s, o, argc, argv, &i);
            if (rc)
                return rc == 1 ? (sweep_usage(stdout), 1) : 2;
        } else if (*s->file) {
            fprintf(stderr, "%s: one scenario ('%s' and '%s')\n", cmd, s->file, a);
            return 2;
        } else if (strlen(a) >= sizeof(s->file)) {
            fprintf(stderr, "%s: '%s': the path is too long\n", cmd, a);
            return 2;
        } else {
            snprintf(s->file, sizeof(s->file), "%s", a);
        }
    }
    if (!*s->file || !*s->out || !s->n_grids) {
        sweep_usage(stderr);
        return 2;
    }
    if (!sweep_count(s)) {
        fprintf(stderr, "%s: more than %d points\n", cmd, SWEEP_MAX_POINTS);
        return 2;
    }
    return 0;
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

int sweep_main(int argc, char **argv)
{
    static struct sweep s; /* the grids: 1 MB */
    struct options o = {0};
    memset(&s, 0, sizeof(s));
    int rc = parse(&s, &o, argc, argv);
    if (rc)
        return rc == 1 ? 0 : 2;
    if (sweep_validate(&s, cmd) || prepare(&s))
        return 2;
    unsigned long ran;
    rc = sweep_run_points(&s, 0, s.points, (unsigned)o.jobs, &ran);
    if (rc >= 2) {
        fprintf(stderr, "%s: a point could not run (see above); rerun to resume\n", cmd);
        return 2;
    }
    char html[1100];
    snprintf(html, sizeof(html), "%s/report.html", s.out);
    int wr = sweep_write_results(&s);
    wr = wr ? wr : report_write_html(s.out, html);
    if (!wr)
        printf("%s: %lu points (%lu run now): %s/results.csv, results.json, report.html\n",
               cmd, s.points, ran, s.out);
    return wr ? wr : rc;
}
