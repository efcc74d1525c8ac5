/* The checks list: a growing array. */
#include <stdlib.h>

#include "checks.h"

struct checks {
    struct check *c;
    size_t n, cap;
};

struct checks *checks_new(void)
{
    struct checks *cs = calloc(1, sizeof(*cs));
    if (!cs)
        abort();
    return cs;
}

void checks_free(struct checks *cs)
{
    if (cs)
        free(cs->c);
    free(cs);
}

struct check *checks_add(struct checks *cs)
{
    if (cs->n == cs->cap) {
        size_t cap = cs->cap ? 2 * cs->cap : 32;
        struct check *c = realloc(cs->c, cap * sizeof(*c));
        if (!c)
            return NULL;
        cs->c = c;
        cs->cap = cap;
    }
    struct check *c = &cs->c[cs->n++];
    *c = (struct check){0};
    return c;
}

const struct check *checks_all(const struct checks *cs, size_t *n)
{
    *n = cs->n;
    return cs->c;
}

const struct check *checks_first_failure(const struct checks *cs)
{
    for (size_t i = 0; i < cs->n; i++)
        if (!cs->c[i].passed)
            return &cs->c[i];
    return NULL;
}
