/* The figures compare takes from two sweeps' results.json (compare.h): points are
 * matched by their parameter values, then every headline figure is compared. */
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "headline.h"

struct point {
    char key[400]; /* "k1=v1 k2=v2" */
    const struct json *p;
};

static int by_key(const void *x, const void *y)
{
    return strcmp(((const struct point *)x)->key, ((const struct point *)y)->key);
}

/* The parameter values of a point as text. */
static void point_key(const struct json *params, const struct json *p, char *out, size_t len)
{
    size_t n = 0;
    out[0] = '\0';
    for (size_t k = 0; k < params->n && n < len; k++) {
        const struct json *v = json_get(p, params->items[k].string);
        const char *t = !v ? "?" : v->type == JSON_STRING ? v->string
                        : v->type == JSON_NUMBER ? v->raw : "?";
        n += (size_t)snprintf(out + n, len - n, "%s%s=%s", k ? " " : "",
                              params->items[k].string, t);
    }
}

/* The parameters and points of results.json, or false after naming the file. */
static bool shape(const struct json *r, const char *name, const struct json **params,
                  const struct json **points)
{
    *params = json_get(r, "parameters");
    *points = json_get(r, "points");
    bool ok = *params && (*params)->type == JSON_ARRAY && *points &&
              (*points)->type == JSON_ARRAY;
    for (size_t k = 0; ok && k < (*params)->n; k++)
        ok = (*params)->items[k].type == JSON_STRING;
    for (size_t i = 0; ok && i < (*points)->n; i++)
        ok = (*points)->items[i].type == JSON_OBJECT;
    if (!ok)
        fprintf(stderr, "gicsim compare: %s: not a sweep's results.json (parameters, "
                        "points)\n", name);
    return ok;
}

static bool same_parameters(const struct json *pa, const struct json *pb)
{
    if (pa->n != pb->n)
        return false;
    for (size_t k = 0; k < pa->n; k++)
        if (strcmp(pa->items[k].string, pb->items[k].string))
            return false;
    return true;
}

/* The rows of one point found in both. */
static bool figures_of(const char *key, const struct json *a, const struct json *b,
                       struct cmp_rows *rows)
{
    for (size_t f = 0; f < a->n; f++) {
        const char *name = a->keys[f];
        const struct json *va = &a->items[f], *vb = json_get(b, name);
        int better = 0;
        bool rate = false, known = false;
        for (int i = 0; i < NUM_FIGURES; i++)
            if (!strcmp(figures[i].name, name))
                better = figures[i].better, rate = figures[i].fraction, known = true;
        if (!vb || (!known && strcmp(name, "result")))
            continue; /* a parameter, the point number, or a figure B lacks */
        struct cmp_row *r = cmp_add(rows, "[%s] %s", key, name);
        if (!r)
            return false;
        if (va->type == JSON_STRING || vb->type == JSON_STRING) {
            r->text = true, r->good_text = "pass";
            snprintf(r->ta, sizeof(r->ta), "%s", va->type == JSON_STRING ? va->string : "?");
            snprintf(r->tb, sizeof(r->tb), "%s", vb->type == JSON_STRING ? vb->string : "?");
        } else {
            r->a = va->number, r->b = vb->number, r->better = better, r->rate = rate;
        }
    }
    return true;
}

static struct point *index_points(const struct json *params, const struct json *points)
{
    struct point *ix = calloc(points->n ? points->n : 1, sizeof(*ix));
    for (size_t i = 0; ix && i < points->n; i++) {
        point_key(params, &points->items[i], ix[i].key, sizeof(ix[i].key));
        ix[i].p = &points->items[i];
    }
    if (ix)
        qsort(ix, points->n, sizeof(*ix), by_key);
    return ix;
}

int cmp_sweeps(const struct json *a, const struct json *b, const char *a_name,
               const char *b_name, struct cmp_rows *rows)
{
    const struct json *pa, *pb, *xa, *xb;
    if (!shape(a, a_name, &pa, &xa) || !shape(b, b_name, &pb, &xb))
        return 2;
    if (!same_parameters(pa, pb)) {
        fprintf(stderr, "gicsim compare: %s and %s sweep different parameters\n", a_name,
                b_name);
        return 2;
    }
    struct point *ib = index_points(pb, xb), key;
    bool ok = ib != NULL;
    size_t matched = 0;
    for (size_t i = 0; ok && i < xa->n; i++) {
        point_key(pa, &xa->items[i], key.key, sizeof(key.key));
        const struct point *m = bsearch(&key, ib, xb->n, sizeof(*ib), by_key);
        struct cmp_row *r = m ? NULL : cmp_add(rows, "[%s]", key.key);
        ok = m ? figures_of(key.key, &xa->items[i], m->p, rows) : r != NULL;
        if (r)
            r->missing = true;
        matched += m != NULL;
    }
    rows->only_in_b = xb->n - matched;
    free(ib);
    if (!ok)
        fprintf(stderr, "gicsim compare: out of memory\n");
    return ok ? 0 : 2;
}
