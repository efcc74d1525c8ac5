/* A sweep's definition (sweep_def.h). */
#include "sweep_def.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json.h"
#include "outfile.h"
#include "scenario.h"

/* "A..B:N": N values evenly spaced, A and B sharing a unit suffix ("1M/s..20M/s:8"). */
static bool range(struct grid *g, const char *text)
{
    char a[64], b[64];
    const char *dots = strstr(text, ".."), *colon = strrchr(text, ':');
    if (!dots || !colon || colon < dots || dots - text >= 64 || colon - dots - 2 >= 64)
        return false;
    snprintf(a, sizeof(a), "%.*s", (int)(dots - text), text);
    snprintf(b, sizeof(b), "%.*s", (int)(colon - dots - 2), dots + 2);
    char *ua, *ub, *un;
    double va = strtod(a, &ua), vb = strtod(b, &ub);
    unsigned long n = strtoul(colon + 1, &un, 10);
    if (ua == a || ub == b || strcmp(ua, ub) || un == colon + 1 || *un || n < 2 ||
        n > SWEEP_MAX_VALUES || !(vb > va))
        return false;
    for (unsigned i = 0; i < n; i++)
        snprintf(g->values[i], sizeof(g->values[i]), "%.6g%s",
                 va + (vb - va) * i / (double)(n - 1), ua);
    g->n = (unsigned)n;
    return true;
}

bool sweep_add_grid(struct sweep *s, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (s->n_grids == SWEEP_MAX_GRIDS || !eq || eq == arg || eq - arg >= 128 ||
        strlen(eq + 1) >= sizeof(s->g[0].spec))
        return false;
    struct grid *g = &s->g[s->n_grids];
    memset(g, 0, sizeof(*g));
    snprintf(g->key, sizeof(g->key), "%.*s", (int)(eq - arg), arg);
    snprintf(g->spec, sizeof(g->spec), "%s", eq + 1);
    for (unsigned k = 0; k < s->n_grids; k++)
        if (!strcmp(s->g[k].key, g->key))
            return false; /* a key twice: its points would repeat */
    if (strstr(eq + 1, ".."))
        return range(g, eq + 1) && ++s->n_grids;
    for (const char *v = eq + 1; *v;) {
        size_t len = strcspn(v, ",");
        if (!len || len >= 64 || g->n == SWEEP_MAX_VALUES)
            return false;
        snprintf(g->values[g->n++], 64, "%.*s", (int)len, v);
        v += len;
        if (*v == ',' && !*++v)
            return false; /* a trailing comma */
    }
    return g->n > 0 && ++s->n_grids;
}

bool sweep_count(struct sweep *s)
{
    s->points = 1;
    for (unsigned k = 0; k < s->n_grids; k++)
        if ((s->points *= s->g[k].n) > SWEEP_MAX_POINTS)
            return false;
    s->tasks = s->points < SWEEP_MAX_TASKS ? s->points : SWEEP_MAX_TASKS;
    return true;
}

unsigned sweep_value_of(const struct sweep *s, unsigned long p, unsigned k)
{
    for (unsigned j = s->n_grids; j-- > k + 1;)
        p /= s->g[j].n;
    return (unsigned)(p % s->g[k].n);
}

void sweep_point_path(const struct sweep *s, unsigned long p, const char *leaf, char *out,
                      size_t len)
{
    snprintf(out, len, "%s/point-%04lu%s%s", s->out, p, leaf ? "/" : "", leaf ? leaf : "");
}

void sweep_task_points(const struct sweep *s, unsigned long t, unsigned long *first,
                       unsigned long *end)
{
    *first = t * s->points / s->tasks;
    *end = (t + 1) * s->points / s->tasks;
}

bool sweep_point_done(const struct sweep *s, unsigned long p)
{
    char a[1100], b[1100];
    sweep_point_path(s, p, "report.json", a, sizeof(a));
    sweep_point_path(s, p, "summary.txt", b, sizeof(b));
    return access(a, F_OK) == 0 && access(b, F_OK) == 0;
}

int sweep_validate(const struct sweep *s, const char *cmd)
{
    static char sets[SWEEP_MAX_GRIDS][200], labels[SWEEP_MAX_GRIDS][260];
    struct scn_override ov[SWEEP_MAX_GRIDS];
    for (unsigned k = 0; k < s->n_grids; k++)
        for (unsigned i = k ? 1 : 0; i < s->g[k].n; i++) { /* first values: checked once */
            for (unsigned j = 0; j < s->n_grids; j++) {
                const char *v = s->g[j].values[j == k ? i : 0];
                snprintf(sets[j], sizeof(sets[j]), "%s", v);
                snprintf(labels[j], sizeof(labels[j]), "--grid %s=%s", s->g[j].key, v);
                ov[j] = (struct scn_override){s->g[j].key, sets[j], labels[j]};
            }
            struct scenario sc;
            char err[600];
            int rc = scenario_load_with(&sc, s->file, NULL, 0, ov, s->n_grids, err,
                                        sizeof(err));
            scenario_free(&sc);
            if (rc) {
                fprintf(stderr, "%s: %s\n", cmd, err);
                return 2;
            }
        }
    return 0;
}

/* The definition as DIR/sweep.json holds it. */
static char *definition(const struct sweep *s, size_t *len)
{
    char *text = NULL;
    FILE *f = open_memstream(&text, len);
    if (!f)
        return NULL;
    fprintf(f, "{\"scenario\": ");
    json_write_string(f, s->file);
    fprintf(f, ", \"points\": %lu, \"tasks\": %lu, \"grids\": [", s->points, s->tasks);
    for (unsigned k = 0; k < s->n_grids; k++) {
        fprintf(f, "%s\n  {\"key\": ", k ? "," : "");
        json_write_string(f, s->g[k].key);
        fprintf(f, ", \"values\": ");
        json_write_string(f, s->g[k].spec);
        fputc('}', f);
    }
    fprintf(f, "]}\n");
    fclose(f);
    return text;
}

/* Whether two paths name the same file (as written, or once resolved). */
static bool same_file(const char *a, const char *b)
{
    char ra[4096], rb[4096];
    return !strcmp(a, b) || (realpath(a, ra) && realpath(b, rb) && !strcmp(ra, rb));
}

/* Whether the sweep in DIR (old) is s: the same scenario file and the same grids. */
static bool same_sweep(const struct sweep *s, const struct sweep *old)
{
    if (!same_file(s->file, old->file) || s->n_grids != old->n_grids)
        return false;
    for (unsigned k = 0; k < s->n_grids; k++)
        if (strcmp(s->g[k].key, old->g[k].key) || strcmp(s->g[k].spec, old->g[k].spec))
            return false;
    return true;
}

static int write_definition(const struct sweep *s, const char *path, const char *cmd)
{
    size_t len;
    char *text = definition(s, &len);
    struct outfile o = {0};
    int rc = 0;
    if (!text || outfile_open(&o, path) || fwrite(text, 1, len, o.f) != len ||
        outfile_commit(&o)) {
        fprintf(stderr, "%s: %s: %s\n", cmd, path, text ? strerror(errno) : "out of memory");
        if (o.f)
            outfile_abort(&o);
        rc = 2;
    }
    free(text);
    return rc;
}

int sweep_save(const struct sweep *s, const char *cmd)
{
    static struct sweep old;
    char path[1100];
    snprintf(path, sizeof(path), "%s/sweep.json", s->out);
    if (access(path, F_OK))
        return write_definition(s, path, cmd);
    if (sweep_read(&old, s->out, cmd))
        return 2;
    if (same_sweep(s, &old)) /* the same points; the Slurm task layout may change */
        return old.tasks == s->tasks ? 0 : write_definition(s, path, cmd);
    fprintf(stderr, "%s: --out %s holds another sweep (%s: another scenario or other "
                    "grids); choose another --out\n", cmd, s->out, path);
    return 2;
}

int sweep_read(struct sweep *s, const char *dir, const char *cmd)
{
    char path[1100], err[600], arg[700];
    snprintf(path, sizeof(path), "%s/sweep.json", dir);
    struct json *j = json_load(path, err, sizeof(err));
    if (!j) {
        fprintf(stderr, "%s: %s (not a sweep directory?)\n", cmd, err);
        return 2;
    }
    memset(s, 0, sizeof(*s));
    const char *file = json_str_at(j, "scenario");
    const struct json *grids = json_get(j, "grids");
    double points = -1, tasks = -1;
    json_num_at(j, "points", &points);
    json_num_at(j, "tasks", &tasks);
    bool ok = file && strlen(file) < sizeof(s->file) && grids && grids->type == JSON_ARRAY &&
              grids->n && strlen(dir) < sizeof(s->out);
    for (size_t k = 0; ok && k < grids->n; k++) {
        const char *key = json_str_at(&grids->items[k], "key");
        const char *values = json_str_at(&grids->items[k], "values");
        ok = key && values && snprintf(arg, sizeof(arg), "%s=%s", key, values) < (int)sizeof(arg) &&
             sweep_add_grid(s, arg);
    }
    ok = ok && sweep_count(s) && (double)s->points == points && tasks >= 1 &&
         tasks <= (double)s->tasks && tasks == (double)(unsigned long)tasks;
    if (ok)
        s->tasks = (unsigned long)tasks;
    if (ok)
        snprintf(s->file, sizeof(s->file), "%s", file), snprintf(s->out, sizeof(s->out), "%s", dir);
    else
        fprintf(stderr, "%s: %s: not a sweep definition written by gicsim sweep\n", cmd, path);
    json_free(j);
    return ok ? 0 : 2;
}
