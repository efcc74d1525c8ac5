/* Timing profiles: a table of named parameters, each bound to one field of
 * gic_config_t, read from built-in or user profile files and `timing:` overrides. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse_util.h"
#include "profile.h"

enum field_kind { F_TIMING_U32, F_TIMING_U64, F_LPI_CACHE, F_ITS_CACHE, F_VIRT };

struct param {
    const char *name;
    enum field_kind kind;
    size_t off;      /* in gic_timing_t (F_TIMING_*) or gic_its_config_t (F_ITS_CACHE) */
    uint64_t min, max;
};

#define T32(n, lo, hi) {#n, F_TIMING_U32, offsetof(gic_timing_t, n), lo, hi}
#define ITS(n) {"its_" #n, F_ITS_CACHE, offsetof(gic_its_config_t, n), 0, 1u << 20}
/* The PE's virtual interface (ICH_VTR_EL2), used when a scenario has virtualization. */
#define VIRT(name, n, lo, hi) {name, F_VIRT, offsetof(gic_virt_config_t, n), lo, hi}

static const struct param params[] = {
    {"clock_hz", F_TIMING_U64, offsetof(gic_timing_t, clock_hz), 0, 1000000000000ULL},
    T32(mmio_access_cycles, 0, 1000000),
    T32(its_input_queue_entries, 0, 65536),
    T32(its_accept_cycles, 0, 1000000),
    T32(its_issue_cycles, 0, 1000000),
    T32(its_translations, 0, 4096),
    T32(its_lookup_cycles, 0, 1000000),
    T32(its_command_cycles, 0, 1000000),
    T32(its_per_lpi_cycles, 0, 1000000),
    ITS(device_cache_entries),
    ITS(event_cache_entries),
    ITS(collection_cache_entries),
    {"lpi_cache_entries", F_LPI_CACHE, 0, 0, 1u << 20},
    T32(lpi_cache_hit_cycles, 0, 1000000),
    T32(mem_read_ns, 0, 1000000),
    T32(mem_write_ns, 0, 1000000),
    T32(mem_max_reads, 0, GIC_TIMING_MAX_OUTSTANDING),
    T32(mem_max_writes, 0, GIC_TIMING_MAX_OUTSTANDING),
    T32(mem_bytes_per_cycle, 0, 4096),
    T32(link_its_dist_cycles, 0, 1000000),
    T32(link_dist_redist_cycles, 0, 1000000),
    T32(redist_arbitration_cycles, 0, 1000000),
    T32(cpuif_signal_cycles, 0, 1000000),
    T32(ich_access_cycles, 0, 1000000),
    T32(lr_signal_cycles, 0, 1000000),
    T32(maintenance_cycles, 0, 1000000),
    T32(vpe_residency_cycles, 0, 1000000),
    T32(doorbell_cycles, 0, 1000000),
    ITS(vpe_cache_entries),
    VIRT("list_registers", list_registers, 1, 16),
    VIRT("virtual_priority_bits", priority_bits, 5, 8),
    VIRT("virtual_preemption_bits", preemption_bits, 5, 7),
};
#define N_PARAMS (sizeof(params) / sizeof(params[0]))

static const struct param *find(const char *name)
{
    for (size_t i = 0; i < N_PARAMS; i++)
        if (!strcmp(params[i].name, name))
            return &params[i];
    return NULL;
}

static void set(const struct param *q, gic_config_t *g, uint64_t v)
{
    char *t = (char *)&g->timing + q->off;
    switch (q->kind) {
    case F_TIMING_U32: *(unsigned *)t = (unsigned)v; break;
    case F_TIMING_U64: *(uint64_t *)t = v; break;
    case F_LPI_CACHE: g->lpi_prop_cache_entries = (unsigned)v; break;
    case F_ITS_CACHE:
        for (unsigned i = 0; i < GIC_MAX_ITS; i++)
            *(unsigned *)((char *)&g->its[i] + q->off) = (unsigned)v;
        break;
    case F_VIRT: *(unsigned *)((char *)&g->virt + q->off) = (unsigned)v; break;
    }
}

static uint64_t get(const struct param *q, const gic_config_t *g)
{
    const char *t = (const char *)&g->timing + q->off;
    switch (q->kind) {
    case F_TIMING_U32: return *(const unsigned *)t;
    case F_TIMING_U64: return *(const uint64_t *)t;
    case F_LPI_CACHE: return g->lpi_prop_cache_entries;
    case F_ITS_CACHE: return *(const unsigned *)((const char *)&g->its[0] + q->off);
    case F_VIRT: return *(const unsigned *)((const char *)&g->virt + q->off);
    }
    return 0;
}

static void apply(struct pctx *p, const struct ynode *map, gic_config_t *g, bool file)
{
    p_map(p, map, file ? "profile" : "timing");
    for (size_t i = 0; i < map->n; i++) {
        const char *key = map->keys[i]->scalar;
        if (file && (!strcmp(key, "name") || !strcmp(key, "description") ||
                     !strcmp(key, "base")))
            continue; /* a profile file's own header; base is applied first */
        const struct param *q = find(key);
        if (!q)
            pfail(p, map->keys[i], "timing: unknown parameter '%s' (docs/timing.md lists "
                                   "them)", key);
        uint64_t v = p_uint(p, map->items[i], q->min, q->max, key);
        if ((q->kind == F_LPI_CACHE || q->kind == F_ITS_CACHE) && v % 2)
            pfail(p, map->items[i], "%s must be even (the caches are 2-way)", key);
        set(q, g, v);
    }
}

void profile_apply(struct pctx *p, const struct ynode *map, gic_config_t *g)
{
    apply(p, map, g, false);
}

static const unsigned char *builtin(const char *name)
{
    for (const struct builtin_profile *b = builtin_profiles; b->name; b++)
        if (!strcmp(b->name, name))
            return b->yaml;
    return NULL;
}

static bool is_path(const char *s)
{
    size_t n = strlen(s);
    return strchr(s, '/') || (n > 5 && !strcmp(s + n - 5, ".yaml"));
}

/* A relative path is taken from the scenario file's directory. */
static void resolve(char *out, size_t len, const char *name, const char *scenario_file)
{
    const char *slash = scenario_file ? strrchr(scenario_file, '/') : NULL;
    int dir = name[0] == '/' || !slash ? 0 : (int)(slash - scenario_file + 1);
    snprintf(out, len, "%.*s%s", dir, dir ? scenario_file : "", name);
}

static void load_tree(struct pctx *p, const struct ynode *at, struct ytree *t,
                      const char *name, const char *scenario_file, char *label, size_t len)
{
    const unsigned char *text = builtin(name);
    if (text) {
        snprintf(label, len, "<built-in profile %s>", name);
        ytree_load_string(t, label, (const char *)text, strlen((const char *)text));
        return;
    }
    if (!is_path(name)) {
        char known[160] = "";
        for (const struct builtin_profile *b = builtin_profiles; b->name; b++)
            snprintf(known + strlen(known), sizeof(known) - strlen(known), "%s%s",
                     b == builtin_profiles ? "" : ", ", b->name);
        pfail(p, at, "profile '%s': no such profile (built in: %s; or give a path to a "
                     ".yaml file)", name, known);
    }
    resolve(label, len, name, scenario_file);
    ytree_load_file(t, label);
}

#define MAX_BASE_DEPTH 8 /* base: chains; deeper is a cycle */

static void load_at(struct pctx *p, const struct ynode *name, const char *scenario_file,
                    gic_config_t *g, unsigned depth);

/* `base: NAME` in a profile file: that profile first (a path relative to this file). */
static void apply_base(struct pctx *q, const struct ynode *root, const char *label,
                       gic_config_t *g, unsigned depth)
{
    const struct ynode *base = root->kind == YNODE_MAP ? ynode_get(root, "base") : NULL;
    if (!base)
        return;
    if (depth >= MAX_BASE_DEPTH)
        pfail(q, base, "base: more than %d profiles deep (a cycle?)", MAX_BASE_DEPTH);
    load_at(q, base, label, g, depth + 1);
}

void profile_load(struct pctx *p, const struct ynode *name, const char *scenario_file,
                  gic_config_t *g)
{
    load_at(p, name, scenario_file, g, 0);
}

static void load_at(struct pctx *p, const struct ynode *name, const char *scenario_file,
                    gic_config_t *g, unsigned depth)
{
    struct ytree t = {0};
    char label[1024], inner[768];
    load_tree(p, name, &t, p_str(p, name, "profile"), scenario_file, label, sizeof(label));
    if (!t.root) {
        snprintf(inner, sizeof(inner), "%s", t.error);
        ytree_free(&t);
        pfail(p, name, "profile: %s", inner);
    }
    struct pctx q = {.file = label, .err = inner, .errlen = sizeof(inner),
                     .clock_hz = p->clock_hz};
    if (setjmp(q.jb)) { /* name both places: the scenario's line and the profile's */
        ytree_free(&t);
        if (depth) { /* inside a base: the innermost place is named already */
            snprintf(p->err, p->errlen, "%s", inner);
            longjmp(p->jb, 1);
        }
        pfail(p, name, "profile: %s", inner);
    }
    apply_base(&q, t.root, label, g, depth);
    apply(&q, t.root, g, true);
    ytree_free(&t);
}

int profile_config(const char *name, gic_config_t *g, char *err, size_t len)
{
    struct ynode at = {.kind = YNODE_SCALAR, .line = 1, .col = 1, .scalar = (char *)name};
    struct pctx p = {.file = "--profile", .err = err, .errlen = len, .clock_hz = 1e9};
    if (setjmp(p.jb))
        return 2;
    profile_load(&p, &at, NULL, g);
    return 0;
}

int profile_show(const char *name, FILE *f, char *err, size_t len)
{
    const unsigned char *text = builtin(name);
    if (text) { /* as shipped, with the reasoning in its comments */
        fputs((const char *)text, f);
        return 0;
    }
    gic_config_t g;
    gic_config_default(&g);
    if (profile_config(name, &g, err, len))
        return 2;
    fprintf(f, "# %s with its base profiles resolved: every parameter in effect\n"
               "name: %s\n", name, name);
    for (size_t i = 0; i < N_PARAMS; i++)
        fprintf(f, "%s: %llu\n", params[i].name, (unsigned long long)get(&params[i], &g));
    return 0;
}

void profile_write_json(FILE *f, const gic_config_t *g)
{
    fputc('{', f);
    for (size_t i = 0; i < N_PARAMS; i++)
        fprintf(f, "%s\"%s\": %llu", i ? ", " : "", params[i].name,
                (unsigned long long)get(&params[i], g));
    fputc('}', f);
}
