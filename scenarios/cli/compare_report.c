/* The figures compare takes from two reports (compare.h): latency percentiles per
 * metric and stage in the last measurement window, every cache's hit rate, and the
 * accounting (result, balance, deliveries, MSIs and LPIs, drops, errors). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"

struct cmp_row *cmp_add(struct cmp_rows *rows, const char *fmt, ...)
{
    if (rows->n == rows->cap) {
        size_t cap = rows->cap ? rows->cap * 2 : 64;
        struct cmp_row *r = realloc(rows->row, cap * sizeof(*r));
        if (!r)
            return NULL;
        rows->row = r, rows->cap = cap;
    }
    struct cmp_row *r = &rows->row[rows->n++];
    memset(r, 0, sizeof(*r));
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->name, sizeof(r->name), fmt, ap);
    va_end(ap);
    return r;
}

/* A numeric row from the same path in both (skipped when either lacks it). */
static bool number(struct cmp_rows *rows, const struct json *a, const struct json *b,
                   const char *path, int better, bool rate, const char *name)
{
    double va, vb;
    if (!json_num_at(a, path, &va) || !json_num_at(b, path, &vb))
        return true;
    struct cmp_row *r = cmp_add(rows, "%s", name);
    if (!r)
        return false;
    r->a = va, r->b = vb, r->better = better, r->rate = rate;
    return true;
}

/* The last measurement window's latency object. */
static const struct json *last_window(const struct json *r)
{
    const struct json *w = json_get(r, "windows");
    return w && w->type == JSON_ARRAY && w->n ? json_get(&w->items[w->n - 1], "latency")
                                               : NULL;
}

static bool latency(const struct json *a, const struct json *b, struct cmp_rows *rows)
{
    static const char *const pct[] = {"p50_ns", "p99_ns", "max_ns"};
    const struct json *la = last_window(a), *lb = last_window(b);
    for (size_t m = 0; la && lb && m < la->n; m++) {
        const struct json *ma = &la->items[m], *mb = json_get(lb, la->keys[m]);
        double na = 0, nb = 0;
        json_num_at(ma, "count", &na), json_num_at(mb, "count", &nb);
        if (!na && !nb)
            continue; /* the metric has no samples in either */
        for (int p = 0; p < 3; p++) {
            char name[200];
            snprintf(name, sizeof(name), "latency %s %.3s (ns)", la->keys[m], pct[p]);
            if (!number(rows, ma, mb, pct[p], -1, false, name))
                return false;
        }
    }
    return true;
}

/* Hit rates of every cache of every ITS both have, and of the LPI property cache. */
static bool caches(const struct json *a, const struct json *b, struct cmp_rows *rows)
{
    const struct json *ia = json_get(a, "its"), *ib = json_get(b, "its");
    for (size_t i = 0; ia && ib && i < ia->n && i < ib->n; i++) {
        const struct json *ca = json_get(&ia->items[i], "caches");
        const struct json *cb = json_get(&ib->items[i], "caches");
        for (size_t c = 0; ca && cb && c < ca->n; c++) {
            char name[200];
            snprintf(name, sizeof(name), "ITS%zu %s cache hit rate", i, ca->keys[c]);
            if (!number(rows, &ca->items[c], json_get(cb, ca->keys[c]), "hit_rate", +1,
                        true, name))
                return false;
        }
    }
    return number(rows, a, b, "lpi.property_cache.lpi.hit_rate", +1, true,
                  "LPI property cache hit rate");
}

/* A text row: worse when a was good and b is not. */
static bool text(struct cmp_rows *rows, const char *name, const char *ta, const char *tb,
                 const char *good)
{
    struct cmp_row *r = cmp_add(rows, "%s", name);
    if (!r)
        return false;
    r->text = true, r->good_text = good;
    snprintf(r->ta, sizeof(r->ta), "%s", ta ? ta : "-");
    snprintf(r->tb, sizeof(r->tb), "%s", tb ? tb : "-");
    return true;
}

static const char *balanced(const struct json *r)
{
    const struct json *j = json_path(r, "accounting.balanced");
    return !j || j->type != JSON_BOOL ? NULL : j->boolean ? "true" : "false";
}

/* Dropped MSIs of one ITS, every reason together. */
static double dropped(const struct json *its)
{
    const struct json *d = json_path(its, "msi.dropped");
    double n = 0;
    for (size_t k = 0; d && k < d->n; k++)
        n += d->items[k].type == JSON_NUMBER ? d->items[k].number : 0;
    return n;
}

/* Per ITS both have: MSIs, drops, command errors, backpressure. */
static bool its_accounting(const struct json *a, const struct json *b, struct cmp_rows *rows)
{
    static const struct { const char *path, *name; int better; } counts[] = {
        {"msi.offered", "MSIs offered", 0},
        {"msi.translated", "MSIs translated", 0},
        {"msi.coalesced", "MSIs coalesced", 0},
        {"commands.errors", "command errors", -1},
        {"queues.msi_backpressure_ns", "MSI backpressure (ns)", -1},
    };
    const struct json *ia = json_get(a, "its"), *ib = json_get(b, "its");
    for (size_t i = 0; ia && ib && i < ia->n && i < ib->n; i++) {
        char name[200];
        for (size_t k = 0; k < sizeof(counts) / sizeof(counts[0]); k++) {
            snprintf(name, sizeof(name), "ITS%zu %s", i, counts[k].name);
            if (!number(rows, &ia->items[i], &ib->items[i], counts[k].path, counts[k].better,
                        false, name))
                return false;
        }
        struct cmp_row *r = cmp_add(rows, "ITS%zu MSIs dropped", i);
        if (!r)
            return false;
        r->better = -1, r->a = dropped(&ia->items[i]), r->b = dropped(&ib->items[i]);
    }
    return true;
}

static bool accounting(const struct json *a, const struct json *b, struct cmp_rows *rows)
{
    static const struct { const char *path, *name; int better; } counts[] = {
        {"deliveries", "deliveries", 0},
        {"lpi.set_pending", "LPIs set pending", 0},
        {"lpi.acknowledged", "LPIs acknowledged", 0},
        {"lpi.pending_at_end", "LPIs pending at the end", 0},
        {"guest_errors.total", "guest errors", -1},
    };
    if (!text(rows, "result", json_str_at(a, "result"), json_str_at(b, "result"), "pass") ||
        !text(rows, "accounting balanced", balanced(a), balanced(b), "true"))
        return false;
    for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
        if (!number(rows, a, b, counts[i].path, counts[i].better, false, counts[i].name))
            return false;
    return its_accounting(a, b, rows);
}

int cmp_reports(const struct json *a, const struct json *b, struct cmp_rows *rows)
{
    if (!latency(a, b, rows) || !caches(a, b, rows) || !accounting(a, b, rows)) {
        fprintf(stderr, "gicsim compare: out of memory\n");
        return 2;
    }
    return 0;
}
