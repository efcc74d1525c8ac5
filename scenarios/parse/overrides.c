/* --set KEY=VALUE on the scenario's YAML tree (overrides.h). KEY is a dotted path:
 *   timing.mem_read_ns, cpus, cpu_model.handler_time   a `system:` key (system. implied)
 *   system.cpus, name, driver                           a top-level key
 *   traffic.rate                                        that key of every `traffic` step
 *   steps.3.traffic.rate                                that key of step 3 (from 0)
 * Missing maps and keys are created; added nodes carry line 0 and the override's
 * index, so pfail names the override instead of a file position. */
#include "overrides.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse_util.h"
#include "ytree.h"

static struct ynode *node(struct pctx *p, struct ytree *t, enum ynode_kind k,
                          const char *text, unsigned idx)
{
    struct ynode *n = ytree_alloc(t, sizeof(*n));
    char *copy = text ? ytree_alloc(t, strlen(text) + 1) : NULL;
    if (!n || (text && !copy))
        pfail(p, NULL, "out of memory");
    n->kind = k;
    n->line = 0;
    n->col = idx + 1;
    if (copy)
        n->scalar = strcpy(copy, text);
    return n;
}

/* The value of key in map, added (an empty map, or NULL for a leaf) when missing. */
static struct ynode **slot(struct pctx *p, struct ytree *t, struct ynode *map,
                           const char *key, unsigned idx)
{
    for (size_t i = 0; i < map->n; i++)
        if (!strcmp(map->keys[i]->scalar, key))
            return &map->items[i];
    struct ynode **keys = ytree_alloc(t, (map->n + 1) * sizeof(*keys));
    struct ynode **items = ytree_alloc(t, (map->n + 1) * sizeof(*items));
    if (!keys || !items)
        pfail(p, NULL, "out of memory");
    if (map->n) { /* an empty map has no arrays: memcpy from NULL is undefined */
        memcpy(keys, map->keys, map->n * sizeof(*keys));
        memcpy(items, map->items, map->n * sizeof(*items));
    }
    keys[map->n] = node(p, t, YNODE_SCALAR, key, idx);
    map->keys = keys, map->items = items;
    return &map->items[map->n++];
}

/* Sets path (dots between keys; numbers index lists) under *at to the value. */
static void set_path(struct pctx *p, struct ytree *t, struct ynode **at, char *path,
                     const struct scn_override *o, unsigned idx)
{
    char *dot = strchr(path, '.');
    if (dot)
        *dot = '\0';
    struct ynode **next;
    if ((*at)->kind == YNODE_SEQ) {
        char *end;
        unsigned long i = strtoul(path, &end, 10);
        if (*end || !*path || i >= (*at)->n)
            pfail(p, node(p, t, YNODE_SCALAR, "", idx), "'%s' is not an index of a list "
                  "of %zu", path, (*at)->n);
        next = &(*at)->items[i];
    } else if ((*at)->kind == YNODE_MAP) {
        next = slot(p, t, *at, path, idx);
    } else {
        pfail(p, node(p, t, YNODE_SCALAR, "", idx), "'%s' is a scalar: it has no key '%s'",
              o->key, path);
    }
    if (!dot)
        *next = node(p, t, YNODE_SCALAR, o->value, idx);
    else {
        if (!*next)
            *next = node(p, t, YNODE_MAP, NULL, idx);
        set_path(p, t, next, dot + 1, o, idx);
    }
}

static bool is_step(const char *name)
{
    for (int k = 0; k < STEP_NUM_KINDS; k++)
        if (!strcmp(step_name((enum step_kind)k), name))
            return true;
    return false;
}

/* `traffic.rate`: the key in every step of that kind. */
static void set_steps(struct pctx *p, struct ytree *t, const char *kind, char *rest,
                      const struct scn_override *o, unsigned idx)
{
    struct ynode *steps = (struct ynode *)ynode_get(t->root, "steps");
    unsigned hits = 0;
    for (size_t i = 0; steps && steps->kind == YNODE_SEQ && i < steps->n; i++) {
        struct ynode *st = steps->items[i];
        if (st->kind == YNODE_MAP && st->n == 1 && !strcmp(st->keys[0]->scalar, kind)) {
            char copy[256];
            snprintf(copy, sizeof(copy), "%s", rest);
            set_path(p, t, &st->items[0], copy, o, idx);
            hits++;
        }
    }
    if (!hits)
        pfail(p, node(p, t, YNODE_SCALAR, "", idx), "the scenario has no '%s' step", kind);
}

void overrides_apply(struct pctx *p, struct ytree *t, const struct scn_override *ov,
                     unsigned n)
{
    static const char *const top[] = {"name", "description", "system", "driver",
                                      "hypervisor", "steps", NULL};
    if (t->root->kind != YNODE_MAP)
        return; /* the parser says what is wrong with the file */
    for (unsigned i = 0; i < n; i++) {
        char path[256];
        int len = snprintf(path, sizeof(path), "%s", ov[i].key);
        char *dot = strchr(path, '.');
        if (len <= 0 || (size_t)len >= sizeof(path) || path[0] == '.' ||
            path[len - 1] == '.' || strstr(path, ".."))
            pfail(p, node(p, t, YNODE_SCALAR, "", i), "'%s' is not a dotted key "
                  "(timing.mem_read_ns, cpus, traffic.rate, steps.2.msi.count)", ov[i].key);
        if (dot)
            *dot = '\0';
        bool step = is_step(path);
        if (dot)
            *dot = '.';
        if (step && dot) {
            *dot = '\0';
            set_steps(p, t, path, dot + 1, &ov[i], i);
            continue;
        }
        bool at_top = false;
        for (const char *const *k = top; *k; k++)
            at_top |= !strncmp(path, *k, strlen(*k)) &&
                      (path[strlen(*k)] == '.' || !path[strlen(*k)]);
        char full[300];
        snprintf(full, sizeof(full), "%s%s", at_top ? "" : "system.", path);
        set_path(p, t, &t->root, full, &ov[i], i);
    }
}
