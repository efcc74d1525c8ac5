/* `gicsim compare` (compare.h): the command line, the verdict per figure and the table. */
#include "compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"

static const char *const cmd = "gicsim compare";

void compare_usage(FILE *f)
{
    fprintf(f, "usage: gicsim compare A.json B.json [--threshold PCT] [--all]\n"
               "\n"
               "  A, B             two reports (run --report), or two sweeps' results.json\n"
               "                   (points matched by their parameter values)\n"
               "  --threshold PCT  how much worse B may be before it is a regression\n"
               "                   (default 5): latencies, counts and drops relative to A\n"
               "                   in %%, hit rates in percentage points\n"
               "  --all            list every figure, not only those that differ\n"
               "\n"
               "Reports: latency p50/p99/max per metric and stage (last measurement window),\n"
               "every cache's hit rate, the accounting (result, balance, deliveries, MSIs,\n"
               "drops, command and guest errors). Sweeps: every headline figure per point.\n"
               "Higher latency, lower hit rate, more drops or errors, a failing result, an\n"
               "unbalanced account or a point B lacks are regressions; counts that are\n"
               "neither better nor worse (deliveries, MSIs offered) are listed as changed.\n"
               "\n"
               "exit status: 0 no regression; 1 B regresses beyond the threshold; 2 bad input\n");
}

enum verdict { SAME, CHANGED, IMPROVED, REGRESSED };
static const char *const verdict_names[] = {"", "changed", "better", "REGRESSION"};

/* The change from a to b as a percentage (of a) or in percentage points (rates). */
static double change(const struct cmp_row *r)
{
    if (r->rate)
        return (r->b - r->a) * 100;
    if (r->a == r->b)
        return 0;
    return r->a ? (r->b - r->a) / fabs(r->a) * 100 : r->b > r->a ? INFINITY : -INFINITY;
}

static enum verdict judge(const struct cmp_row *r, double threshold)
{
    if (r->missing)
        return REGRESSED;
    if (r->text)
        return !strcmp(r->ta, r->tb) ? SAME
               : !strcmp(r->ta, r->good_text) ? REGRESSED
               : !strcmp(r->tb, r->good_text) ? IMPROVED : CHANGED;
    if (r->a == r->b)
        return SAME;
    double c = change(r) * r->better;
    return c < -threshold ? REGRESSED : c > threshold ? IMPROVED : CHANGED;
}

static void cell(char *out, size_t len, const struct cmp_row *r, bool b)
{
    if (r->missing)
        snprintf(out, len, "%s", b ? "(missing)" : "");
    else if (r->text)
        snprintf(out, len, "%s", b ? r->tb : r->ta);
    else
        snprintf(out, len, "%.6g", b ? r->b : r->a);
}

static void print_row(const struct cmp_row *r, enum verdict v, int width)
{
    char a[32], b[32], c[32] = "";
    cell(a, sizeof(a), r, false);
    cell(b, sizeof(b), r, true);
    double d = change(r);
    if (!r->text && !r->missing && r->a != r->b)
        snprintf(c, sizeof(c), isinf(d) ? "from 0" : r->rate ? "%+.2f pp" : "%+.2f%%", d);
    printf("%-*s %12s %12s %11s  %s\n", width, r->name, a, b, c, verdict_names[v]);
}

/* The table; returns the number of regressions. */
static size_t table(const struct cmp_rows *rows, double threshold, bool all)
{
    size_t shown = 0, regressed = 0, width = 24;
    for (size_t i = 0; i < rows->n; i++)
        if (all || judge(&rows->row[i], threshold) != SAME)
            width = strlen(rows->row[i].name) > width ? strlen(rows->row[i].name) : width;
    width = width > 72 ? 72 : width;
    for (size_t i = 0; i < rows->n; i++) {
        enum verdict v = judge(&rows->row[i], threshold);
        regressed += v == REGRESSED;
        if (!all && v == SAME)
            continue;
        if (!shown++)
            printf("%-*s %12s %12s %11s\n", (int)width, "figure", "A", "B", "change");
        print_row(&rows->row[i], v, (int)width);
    }
    size_t differ = 0;
    for (size_t i = 0; i < rows->n; i++)
        differ += judge(&rows->row[i], threshold) != SAME;
    printf("compare: %zu figures, %zu differ, %zu regress beyond %g%%", rows->n, differ,
           regressed, threshold);
    if (rows->only_in_b)
        printf(" (%lu points only in B)", rows->only_in_b);
    printf("\n");
    return regressed;
}

/* "report" or "sweep" for a parsed file, or NULL after naming it. */
static const char *kind(const struct json *j, const char *name)
{
    if (json_get(j, "points") && json_get(j, "parameters"))
        return "sweep";
    if (json_get(j, "windows") && json_get(j, "result"))
        return "report";
    fprintf(stderr, "%s: %s: neither a gicsim report nor a sweep's results.json\n", cmd,
            name);
    return NULL;
}

static int parse(int argc, char **argv, const char **files, double *threshold, bool *all)
{
    int n = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h"))
            return compare_usage(stdout), 1;
        if (!strcmp(a, "--all")) {
            *all = true;
        } else if (!strcmp(a, "--threshold")) {
            if (!(v = cli_value(cmd, argc, argv, &i)) ||
                !cli_decimal(cmd, "--threshold", v, 0, 1e6, threshold))
                return 2;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "%s: unknown option '%s' (try gicsim compare --help)\n", cmd, a);
            return 2;
        } else if (n == 2) {
            fprintf(stderr, "%s: two files ('%s' is a third)\n", cmd, a);
            return 2;
        } else {
            files[n++] = a;
        }
    }
    if (n < 2) {
        compare_usage(stderr);
        return 2;
    }
    return 0;
}

int compare_main(int argc, char **argv)
{
    const char *files[2];
    double threshold = 5;
    bool all = false;
    int rc = parse(argc, argv, files, &threshold, &all);
    if (rc)
        return rc == 1 ? 0 : 2;
    char err[700];
    struct json *j[2] = {NULL, NULL};
    const char *k[2] = {NULL, NULL};
    for (int i = 0; i < 2 && !rc; i++)
        if (!(j[i] = json_load(files[i], err, sizeof(err))))
            fprintf(stderr, "%s: %s\n", cmd, err), rc = 2;
        else if (!(k[i] = kind(j[i], files[i])))
            rc = 2;
    if (!rc && strcmp(k[0], k[1])) {
        fprintf(stderr, "%s: %s is a %s, %s a %s: compare like with like\n", cmd, files[0],
                k[0], files[1], k[1]);
        rc = 2;
    }
    struct cmp_rows rows = {0};
    if (!rc)
        rc = !strcmp(k[0], "report") ? cmp_reports(j[0], j[1], &rows)
                                     : cmp_sweeps(j[0], j[1], files[0], files[1], &rows);
    if (!rc)
        rc = table(&rows, threshold, all) ? 1 : 0;
    free(rows.row);
    json_free(j[0]);
    json_free(j[1]);
    return rc;
}
