/* A sweep's tables (sweep_run.h): one row per point, the parameters then the headline
 * figures (headline.h), read from each point's report with the JSON reader. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headline.h"
#include "json.h"
#include "outfile.h"
#include "sweep_run.h"

/* Whether every value of grid g is a JSON number (then results.json writes numbers). */
static bool numeric(const struct grid *g)
{
    char err[80];
    for (unsigned i = 0; i < g->n; i++) {
        struct json *j = json_parse(g->values[i], strlen(g->values[i]), err, sizeof(err));
        bool num = j && j->type == JSON_NUMBER;
        json_free(j);
        if (!num)
            return false;
    }
    return true;
}

static void csv_header(const struct sweep *s, FILE *f)
{
    fprintf(f, "point");
    for (unsigned k = 0; k < s->n_grids; k++)
        fprintf(f, ",%s", s->g[k].key);
    fprintf(f, ",result");
    for (int i = 0; i < NUM_FIGURES; i++)
        fprintf(f, ",%s", figures[i].name);
    fputc('\n', f);
}

static void json_header(const struct sweep *s, FILE *f)
{
    fprintf(f, "{\"scenario\": ");
    json_write_string(f, s->file);
    fprintf(f, ",\n \"parameters\": [");
    for (unsigned k = 0; k < s->n_grids; k++) {
        fprintf(f, "%s", k ? ", " : "");
        json_write_string(f, s->g[k].key);
    }
    fprintf(f, "],\n \"figures\": [\"result\"");
    for (int i = 0; i < NUM_FIGURES; i++)
        fprintf(f, ", \"%s\"", figures[i].name);
    fprintf(f, "],\n \"points\": [");
}

static void rows(const struct sweep *s, unsigned long p, const struct headline *h,
                 const bool *num, FILE *csv, FILE *js)
{
    fprintf(csv, "%lu", p);
    fprintf(js, "%s\n  {\"point\": %lu", p ? "," : "", p);
    for (unsigned k = 0; k < s->n_grids; k++) {
        const char *v = s->g[k].values[sweep_value_of(s, p, k)];
        fprintf(csv, ",%s", v);
        fprintf(js, ", ");
        json_write_string(js, s->g[k].key);
        fprintf(js, ": ");
        if (num[k])
            fprintf(js, "%s", v);
        else
            json_write_string(js, v);
    }
    fprintf(csv, ",%s", h->result);
    fprintf(js, ", \"result\": \"%s\"", h->result);
    for (int i = 0; i < NUM_FIGURES; i++) {
        fputc(',', csv);
        fprintf(csv, figures[i].format, h->v[i]);
        fprintf(js, ", \"%s\": ", figures[i].name);
        fprintf(js, figures[i].format, h->v[i]);
    }
    fputc('\n', csv);
    fputc('}', js);
}

/* The headline of point p's report, or false after naming the report. */
static bool point_headline(const struct sweep *s, unsigned long p, struct headline *h)
{
    char path[1100], err[700], why[200];
    sweep_point_path(s, p, "report.json", path, sizeof(path));
    struct json *r = json_load(path, err, sizeof(err));
    bool ok = r && headline_of(r, h, why, sizeof(why));
    if (!r)
        fprintf(stderr, "gicsim sweep: %s\n", err);
    else if (!ok)
        fprintf(stderr, "gicsim sweep: %s: %s\n", path, why);
    json_free(r);
    return ok;
}

int sweep_write_results(const struct sweep *s, unsigned long *failed)
{
    char csv_path[1100], json_path[1100];
    struct outfile csv = {0}, js = {0};
    bool num[SWEEP_MAX_GRIDS];
    *failed = 0;
    snprintf(csv_path, sizeof(csv_path), "%s/results.csv", s->out);
    snprintf(json_path, sizeof(json_path), "%s/results.json", s->out);
    if (outfile_open(&csv, csv_path) || outfile_open(&js, json_path)) {
        fprintf(stderr, "gicsim sweep: %s: %s\n", csv.f ? json_path : csv_path,
                strerror(errno));
        if (csv.f)
            outfile_abort(&csv);
        return 2;
    }
    for (unsigned k = 0; k < s->n_grids; k++)
        num[k] = numeric(&s->g[k]);
    csv_header(s, csv.f);
    json_header(s, js.f);
    for (unsigned long p = 0; p < s->points; p++) {
        struct headline h;
        if (!point_headline(s, p, &h)) {
            outfile_abort(&csv);
            outfile_abort(&js);
            return 2;
        }
        rows(s, p, &h, num, csv.f, js.f);
        *failed += strcmp(h.result, "pass") != 0;
    }
    fprintf(js.f, "\n]}\n");
    if (outfile_commit(&csv) | outfile_commit(&js)) {
        fprintf(stderr, "gicsim sweep: %s: %s\n", s->out, strerror(errno));
        return 2;
    }
    return 0;
}
