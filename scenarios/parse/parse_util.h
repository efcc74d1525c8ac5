/* Typed reading of YAML nodes for the scenario parser. Every failure reports
 * "FILE:LINE:COL: message" and unwinds to scenario_load (longjmp), which frees what
 * was built: the parser never prints, exits or leaks. */
#ifndef GICSIM_PARSE_UTIL_H
#define GICSIM_PARSE_UTIL_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ytree.h"

struct scn_override; /* scenario.h */

struct pctx {
    const char *file;
    char *err;
    size_t errlen;
    jmp_buf jb;
    double clock_hz; /* for times in cycles */
    const struct scn_override *ov; /* nodes at line 0 come from ov[col - 1] */
};

_Noreturn void pfail(struct pctx *p, const struct ynode *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

const struct ynode *p_map(struct pctx *p, const struct ynode *n, const char *what);
const struct ynode *p_seq(struct pctx *p, const struct ynode *n, const char *what);
const char *p_str(struct pctx *p, const struct ynode *n, const char *what);
uint64_t p_uint(struct pctx *p, const struct ynode *n, uint64_t min, uint64_t max,
                const char *what);
uint64_t p_time(struct pctx *p, const struct ynode *n, const char *what);
double p_rate(struct pctx *p, const struct ynode *n, const char *what);
bool p_bool(struct pctx *p, const struct ynode *n, const char *what);
int p_enum(struct pctx *p, const struct ynode *n, const char *const *names, const char *what);

/* Rejects keys of map that are not in allowed (NULL-terminated). */
/* The name in names[0..n) a typo away from word (edit distance 1 or 2), or NULL. */
const char *p_closest(const char *word, const char *const *names, size_t n);
void p_keys(struct pctx *p, const struct ynode *map, const char *const *allowed,
            const char *what);
/* The value of a required key, or an error at the map. */
const struct ynode *p_need(struct pctx *p, const struct ynode *map, const char *key,
                           const char *what);

#define SCN_MAX_TIME_PS (3600ULL * 1000000000000ULL) /* one simulated hour */

#endif
