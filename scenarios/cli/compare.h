/* `gicsim compare A.json B.json [--threshold PCT] [--all]`: two reports, or two sweeps'
 * results.json, figure by figure; exit 1 when B is worse than A beyond the threshold
 * (a CI guard for model and configuration changes). */
#ifndef GICSIM_COMPARE_H
#define GICSIM_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "json.h"

void compare_usage(FILE *f);
int compare_main(int argc, char **argv);

/* One compared figure. better: +1 higher is better, -1 lower is, 0 neither (a change is
 * shown, never a regression). rate: a fraction, compared in percentage points. text: a
 * non-numeric figure (result, balanced), a and b unused, worse when good_text turns to
 * anything else. missing: the figure (a sweep point) is absent from B. */
struct cmp_row {
    char name[200];
    double a, b;
    int better;
    bool rate, text, missing;
    char ta[16], tb[16];
    const char *good_text;
};

struct cmp_rows {
    struct cmp_row *row;
    size_t n, cap;
    unsigned long only_in_b; /* sweep points B has and A has not */
};

/* The rows of two reports, or of two sweeps' results: 0, or 2 after saying why (the
 * files are named a_name and b_name in messages). */
int cmp_reports(const struct json *a, const struct json *b, struct cmp_rows *rows);
int cmp_sweeps(const struct json *a, const struct json *b, const char *a_name,
               const char *b_name, struct cmp_rows *rows);
/* A new row (zeroed, name set), or NULL when out of memory. */
struct cmp_row *cmp_add(struct cmp_rows *rows, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
