#include "parse_util.h"
#include "scenario.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void pfail(struct pctx *p, const struct ynode *at, const char *fmt, ...)
{
    int n = at && !at->line && p->ov
                ? snprintf(p->err, p->errlen, "%s: %s: ", p->file, p->ov[at->col - 1].label)
                : snprintf(p->err, p->errlen, "%s:%u:%u: ", p->file, at ? at->line : 1,
                           at ? at->col : 1);
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < p->errlen)
        vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    longjmp(p->jb, 1);
}

static const char *kind_name(const struct ynode *n)
{
    return n->kind == YNODE_MAP ? "a map" : n->kind == YNODE_SEQ ? "a list" : "a scalar";
}

const struct ynode *p_map(struct pctx *p, const struct ynode *n, const char *what)
{
    if (n->kind != YNODE_MAP)
        pfail(p, n, "%s must be a map, not %s", what, kind_name(n));
    return n;
}

const struct ynode *p_seq(struct pctx *p, const struct ynode *n, const char *what)
{
    if (n->kind != YNODE_SEQ)
        pfail(p, n, "%s must be a list, not %s", what, kind_name(n));
    return n;
}

const char *p_str(struct pctx *p, const struct ynode *n, const char *what)
{
    if (n->kind != YNODE_SCALAR)
        pfail(p, n, "%s must be a scalar, not %s", what, kind_name(n));
    return n->scalar;
}

/* Decimal or 0x-hex, no sign, no trailing text, within [min, max]. */
uint64_t p_uint(struct pctx *p, const struct ynode *n, uint64_t min, uint64_t max,
                const char *what)
{
    const char *s = p_str(p, n, what);
    char *end;
    int base = (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ? 16 : 10;
    if (!*s || *s == '-' || *s == '+' || *s == ' ' || (base == 16 && !s[2]))
        pfail(p, n, "%s: '%s' is not a number (decimal or 0x-hex)", what, s);
    errno = 0;
    unsigned long long v = strtoull(base == 16 ? s + 2 : s, &end, base);
    if (*end)
        pfail(p, n, "%s: '%s' is not a number (decimal or 0x-hex)", what, s);
    if (errno == ERANGE || v < min || v > max)
        pfail(p, n, "%s: %s is out of range (%llu..%llu)", what, s, (unsigned long long)min,
              (unsigned long long)max);
    return v;
}

struct unit {
    const char *name;
    double ps;
};

/* "2us", "1.5 ns", "100 cycles", or a bare integer meaning nanoseconds. */
uint64_t p_time(struct pctx *p, const struct ynode *n, const char *what)
{
    static const struct unit units[] = {{"ps", 1}, {"ns", 1e3}, {"us", 1e6}, {"ms", 1e9},
                                        {"s", 1e12}};
    const char *s = p_str(p, n, what);
    char *end;
    if (!*s || *s == '-' || *s == '+')
        pfail(p, n, "%s: '%s' is not a time (e.g. 2us, 100ns, 50cycles)", what, s);
    errno = 0;
    double v = strtod(s, &end);
    while (*end == ' ')
        end++;
    double scale = 0;
    if (!*end && end != s && !strpbrk(s, ".eE"))
        scale = 1e3;
    else if (!strcmp(end, "cycles"))
        scale = 1e12 / p->clock_hz;
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
        if (!strcmp(end, units[i].name))
            scale = units[i].ps;
    if (end == s || scale == 0 || errno == ERANGE || !isfinite(v))
        pfail(p, n, "%s: '%s' is not a time (units ps, ns, us, ms, s, cycles)", what, s);
    double ps = v * scale;
    if (ps > (double)SCN_MAX_TIME_PS)
        pfail(p, n, "%s: %s is longer than one simulated hour", what, s);
    return (uint64_t)llround(ps);
}

/* "10M/s", "2.5k/s", "1000/s", "100/us": events per simulated second. */
double p_rate(struct pctx *p, const struct ynode *n, const char *what)
{
    const char *s = p_str(p, n, what);
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    double mult = 1;
    if (*end == 'k' || *end == 'K')
        mult = 1e3, end++;
    else if (*end == 'M')
        mult = 1e6, end++;
    else if (*end == 'G')
        mult = 1e9, end++;
    double per = !strcmp(end, "/s") ? 1 : !strcmp(end, "/ms") ? 1e3
                 : !strcmp(end, "/us") ? 1e6 : !strcmp(end, "/ns") ? 1e9 : 0;
    double r = v * mult * per;
    if (end == s || per == 0 || errno == ERANGE || !isfinite(r) || r <= 0 || r > 1e12)
        pfail(p, n, "%s: '%s' is not a rate (e.g. 10M/s, 500k/s, 2/us; at most 1e12/s)",
              what, s);
    return r;
}

bool p_bool(struct pctx *p, const struct ynode *n, const char *what)
{
    const char *s = p_str(p, n, what);
    if (!strcmp(s, "true"))
        return true;
    if (!strcmp(s, "false"))
        return false;
    pfail(p, n, "%s: '%s' is not true or false", what, s);
}

int p_enum(struct pctx *p, const struct ynode *n, const char *const *names, const char *what)
{
    const char *s = p_str(p, n, what);
    char list[256] = "";
    for (int i = 0; names[i]; i++) {
        if (!strcmp(s, names[i]))
            return i;
        snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? ", " : "",
                 names[i]);
    }
    pfail(p, n, "%s: '%s' is not one of %s", what, s, list);
}

/* Edit distance (insertions, deletions, substitutions, adjacent swaps) of two short
 * names, for "did you mean". */
static unsigned distance(const char *a, const char *b)
{
    enum { MAX = 40 };
    size_t la = strlen(a), lb = strlen(b);
    if (la >= MAX || lb >= MAX)
        return MAX;
    unsigned d[MAX + 1][MAX + 1];
    for (size_t i = 0; i <= la; i++)
        for (size_t j = 0; j <= lb; j++) {
            if (!i || !j) {
                d[i][j] = (unsigned)(i + j);
                continue;
            }
            unsigned sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            unsigned del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
            unsigned best = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

const char *p_closest(const char *word, const char *const *names, size_t n)
{
    const char *best = NULL;
    unsigned best_d = 3; /* suggest only what is a typo away */
    for (size_t i = 0; i < n; i++) {
        if (!names[i])
            continue;
        unsigned d = distance(word, names[i]);
        if (d < best_d)
            best = names[i], best_d = d;
    }
    return best;
}

void p_keys(struct pctx *p, const struct ynode *map, const char *const *allowed,
            const char *what)
{
    p_map(p, map, what);
    for (size_t i = 0; i < map->n; i++) {
        int ok = 0;
        for (int k = 0; allowed[k] && !ok; k++)
            ok = !strcmp(map->keys[i]->scalar, allowed[k]);
        if (!ok) {
            char list[512] = "";
            for (int k = 0; allowed[k]; k++)
                snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
                         k ? ", " : "", allowed[k]);
            size_t n = 0;
            while (allowed[n])
                n++;
            const char *near = p_closest(map->keys[i]->scalar, allowed, n);
            char hint[80] = "";
            if (near)
                snprintf(hint, sizeof(hint), "did you mean '%s'? ", near);
            pfail(p, map->keys[i], "%s: unknown key '%s' (%sknown: %s)", what,
                  map->keys[i]->scalar, hint, list);
        }
    }
}

const struct ynode *p_need(struct pctx *p, const struct ynode *map, const char *key,
                           const char *what)
{
    const struct ynode *v = ynode_get(map, key);
    if (!v)
        pfail(p, map, "%s: '%s' is required", what, key);
    return v;
}
