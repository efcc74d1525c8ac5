/* The sweep (sweep.h). Each point runs in a child process (the same binary, `run` with
 * --set per parameter), so points are independent and -j parallelism cannot change a
 * result: a scenario's randomness comes from its seed, not from the worker. A point
 * whose report exists (reports are written atomically) is done: rerunning resumes. */
#include "sweep.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "args.h"
#include "outfile.h"

#define MAX_GRIDS 8
#define MAX_VALUES 256
#define MAX_POINTS 100000

struct grid {
    char key[128];
    char values[MAX_VALUES][64];
    unsigned n;
};

struct sweep {
    const char *file, *out;
    struct grid g[MAX_GRIDS];
    unsigned n_grids;
    uint64_t jobs;
    unsigned long points;
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
               "  --out DIR       DIR/point-NNNN/report.json per point, DIR/results.csv\n"
               "\n"
               "A point whose report exists is skipped: rerunning the same command resumes.\n"
               "Each point is `gicsim run FILE --set KEY=VALUE...`, seeded by the scenario,\n"
               "so its result does not depend on the worker.\n"
               "\n"
               "exit status: 0 every point passed; 1 a point failed; 2 bad input\n");
}

/* "A..B:N": N values evenly spaced, A and B sharing a unit suffix ("1M/s..20M/s:8"). */
static bool range(struct grid *g, const char *text)
{
    char a[64], b[64];
    unsigned n;
    const char *dots = strstr(text, ".."), *colon = strrchr(text, ':');
    if (!dots || !colon || colon < dots || dots - text >= 64 || colon - dots - 2 >= 64)
        return false;
    snprintf(a, sizeof(a), "%.*s", (int)(dots - text), text);
    snprintf(b, sizeof(b), "%.*s", (int)(colon - dots - 2), dots + 2);
    char *ua, *ub, *un;
    double va = strtod(a, &ua), vb = strtod(b, &ub);
    n = (unsigned)strtoul(colon + 1, &un, 10);
    if (ua == a || ub == b || strcmp(ua, ub) || *un || n < 2 || n > MAX_VALUES ||
        !(vb > va))
        return false;
    for (unsigned i = 0; i < n; i++)
        snprintf(g->values[i], sizeof(g->values[i]), "%.6g%s",
                 va + (vb - va) * i / (n - 1), ua);
    g->n = n;
    return true;
}

static bool grid(struct sweep *s, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (s->n_grids == MAX_GRIDS || !eq || eq == arg || eq - arg >= 128)
        return false;
    struct grid *g = &s->g[s->n_grids++];
    snprintf(g->key, sizeof(g->key), "%.*s", (int)(eq - arg), arg);
    if (strstr(eq + 1, ".."))
        return range(g, eq + 1);
    for (const char *v = eq + 1; *v && g->n < MAX_VALUES;) {
        size_t len = strcspn(v, ",");
        if (!len || len >= 64)
            return false;
        snprintf(g->values[g->n++], 64, "%.*s", (int)len, v);
        v += len + (v[len] == ',');
    }
    return g->n > 0;
}

static int parse(struct sweep *s, int argc, char **argv)
{
    const char *cmd = "gicsim sweep";
    s->jobs = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h"))
            return sweep_usage(stdout), 1;
        if (!strcmp(a, "--grid")) {
            if (!(v = cli_value(cmd, argc, argv, &i)))
                return 2;
            if (!grid(s, v)) {
                fprintf(stderr, "%s: --grid '%s': expected KEY=V1,V2,... or KEY=A..B:N "
                                "(same unit, N from 2 to %d; at most %d grids)\n",
                        cmd, v, MAX_VALUES, MAX_GRIDS);
                return 2;
            }
        } else if (!strcmp(a, "-j")) {
            if (!(v = cli_value(cmd, argc, argv, &i)) || !cli_uint(cmd, "-j", v, 1, 256, &s->jobs))
                return 2;
        } else if (!strcmp(a, "--out")) {
            if (!(s->out = cli_value(cmd, argc, argv, &i)))
                return 2;
        } else if (a[0] == '-') {
            fprintf(stderr, "%s: unknown option '%s' (try gicsim sweep --help)\n", cmd, a);
            return 2;
        } else if (s->file) {
            fprintf(stderr, "%s: one scenario ('%s' and '%s')\n", cmd, s->file, a);
            return 2;
        } else {
            s->file = a;
        }
    }
    if (!s->file || !s->out || !s->n_grids) {
        sweep_usage(stderr);
        return 2;
    }
    s->points = 1;
    for (unsigned k = 0; k < s->n_grids; k++)
        if ((s->points *= s->g[k].n) > MAX_POINTS) {
            fprintf(stderr, "%s: more than %d points\n", cmd, MAX_POINTS);
            return 2;
        }
    return 0;
}

/* The value index of grid k at point p (the first grid varies slowest). */
static unsigned value_of(const struct sweep *s, unsigned long p, unsigned k)
{
    for (unsigned j = s->n_grids; j-- > k + 1;)
        p /= s->g[j].n;
    return (unsigned)(p % s->g[k].n);
}

static void point_path(const struct sweep *s, unsigned long p, const char *leaf, char *out,
                       size_t len)
{
    snprintf(out, len, "%s/point-%04lu%s%s", s->out, p, leaf ? "/" : "", leaf ? leaf : "");
}

/* Starts `gicsim run` for point p (stdout into the point's summary.txt). */
static pid_t start(const struct sweep *s, unsigned long p)
{
    char dir[600], report[700], summary[700], sets[MAX_GRIDS][200];
    char *args[8 + 2 * MAX_GRIDS];
    int n = 0;
    point_path(s, p, NULL, dir, sizeof(dir));
    point_path(s, p, "report.json", report, sizeof(report));
    point_path(s, p, "summary.txt", summary, sizeof(summary));
    if (mkdir(dir, 0777) && errno != EEXIST) {
        fprintf(stderr, "gicsim sweep: %s: %s\n", dir, strerror(errno));
        return -1;
    }
    args[n++] = "gicsim", args[n++] = "run", args[n++] = (char *)s->file;
    for (unsigned k = 0; k < s->n_grids; k++) {
        snprintf(sets[k], sizeof(sets[k]), "%s=%s", s->g[k].key,
                 s->g[k].values[value_of(s, p, k)]);
        args[n++] = "--set", args[n++] = sets[k];
    }
    args[n++] = "--report", args[n++] = report, args[n++] = "-q", args[n] = NULL;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen(summary, "w", stdout))
            _exit(2);
        execv("/proc/self/exe", args);
        _exit(127);
    }
    return pid;
}

/* Runs every point without a report, at most s->jobs at once: the worst exit status. */
static int run_points(const struct sweep *s)
{
    unsigned long next = 0, running = 0, done = 0;
    int worst = 0;
    char path[700];
    while (next < s->points || running) {
        while (next < s->points && running < s->jobs && worst < 2) {
            point_path(s, next, "report.json", path, sizeof(path));
            if (access(path, F_OK) == 0) { /* done in an earlier run: resume */
                next++, done++;
                continue;
            }
            if (start(s, next++) < 0)
                return 2;
            running++;
        }
        if (!running)
            break;
        int st;
        if (wait(&st) < 0)
            return 2;
        running--, done++;
        int rc = WIFEXITED(st) ? WEXITSTATUS(st) : 2;
        worst = rc > worst ? rc : worst;
    }
    if (worst >= 2)
        fprintf(stderr, "gicsim sweep: a point could not run (bad input? see above)\n");
    return worst;
}

/* Headline figures of a report, from the last measurement window. The report's
 * layout is gicsim's own (report.c), so a targeted scan is enough. */
struct headline {
    char result[16];
    unsigned long deliveries;
    double vis_p50, vis_p99, irq_p50, irq_p99, event_hit_rate;
};

static bool window_stats(const char *win, const char *metric, double *p50, double *p99)
{
    char key[64];
    snprintf(key, sizeof(key), "\"%s\": {\"count\": ", metric);
    const char *m = strstr(win, key);
    double mn;
    unsigned long n;
    return m && sscanf(m + strlen(key), "%lu, \"min_ns\": %lf, \"p50_ns\": %lf, \"p99_ns\": "
                       "%lf", &n, &mn, p50, p99) == 4;
}

static bool headline(const char *path, struct headline *h)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    static char text[1 << 22];
    size_t n = fread(text, 1, sizeof(text) - 1, f);
    fclose(f);
    text[n] = '\0';
    const char *r = strstr(text, "\"result\": \""), *d = strstr(text, "\n  \"deliveries\": ");
    const char *hist = strstr(text, "\n  \"histograms\": "), *win = NULL;
    for (const char *w = text; (w = strstr(w, "{\"window\": ")) && (!hist || w < hist); w++)
        win = w;
    const char *ev = strstr(text, "\"event\": {\"hits\": ");
    unsigned long hits = 0, misses = 0;
    if (!r || !d || !win || sscanf(r + 11, "%15[a-z]", h->result) != 1 ||
        sscanf(d + 17, "%lu", &h->deliveries) != 1 ||
        !window_stats(win, "msi_to_visible", &h->vis_p50, &h->vis_p99) ||
        !window_stats(win, "msi_to_irq", &h->irq_p50, &h->irq_p99))
        return false;
    if (ev)
        sscanf(ev + 18, "%lu, \"misses\": %lu", &hits, &misses);
    h->event_hit_rate = hits + misses ? (double)hits / (double)(hits + misses) : 0;
    return true;
}

static int write_results(const struct sweep *s)
{
    char path[600], rp[700];
    struct outfile o = {0};
    snprintf(path, sizeof(path), "%s/results.csv", s->out);
    if (outfile_open(&o, path)) {
        fprintf(stderr, "gicsim sweep: %s: %s\n", path, strerror(errno));
        return 2;
    }
    fprintf(o.f, "point");
    for (unsigned k = 0; k < s->n_grids; k++)
        fprintf(o.f, ",%s", s->g[k].key);
    fprintf(o.f, ",result,deliveries,msi_to_visible_p50_ns,msi_to_visible_p99_ns,"
                 "msi_to_irq_p50_ns,msi_to_irq_p99_ns,event_cache_hit_rate\n");
    for (unsigned long p = 0; p < s->points; p++) {
        struct headline h;
        point_path(s, p, "report.json", rp, sizeof(rp));
        if (!headline(rp, &h)) {
            fprintf(stderr, "gicsim sweep: %s: missing or unreadable\n", rp);
            outfile_abort(&o);
            return 2;
        }
        fprintf(o.f, "%lu", p);
        for (unsigned k = 0; k < s->n_grids; k++)
            fprintf(o.f, ",%s", s->g[k].values[value_of(s, p, k)]);
        fprintf(o.f, ",%s,%lu,%.3f,%.3f,%.3f,%.3f,%.4f\n", h.result, h.deliveries, h.vis_p50,
                h.vis_p99, h.irq_p50, h.irq_p99, h.event_hit_rate);
    }
    return outfile_commit(&o) ? 2 : 0;
}

int sweep_main(int argc, char **argv)
{
    static struct sweep s; /* the grids: 128 KB */
    memset(&s, 0, sizeof(s));
    int rc = parse(&s, argc, argv);
    if (rc)
        return rc == 1 ? 0 : 2;
    if (mkdir(s.out, 0777) && errno != EEXIST) {
        fprintf(stderr, "gicsim sweep: --out %s: %s\n", s.out, strerror(errno));
        return 2;
    }
    rc = run_points(&s);
    if (rc >= 2)
        return 2;
    int wr = write_results(&s);
    return wr ? wr : rc;
}
