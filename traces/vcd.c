/* Value Change Dump writer (IEEE 1364 §18) and gtkwave save file.
 *
 * The header is streamed as it is declared; value changes are buffered for the
 * current timestamp only, so that several changes of one variable at one time
 * collapse to the last one and a `#t` line appears only when something changed. */
#define _XOPEN_SOURCE 700 /* realpath (XSI), for an absolute [dumpfile] */

#include "vcd.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 94 printable characters '!'..'~': 5 of them encode any int index. */
#define VCD_ID_MAX 8

struct vcd_sig {
    char *name;       /* full dotted name, e.g. "top.cpu0.irq" (for the save file) */
    unsigned width;   /* 1..64 */
    size_t top;       /* index of the top-level scope it was declared under */
    uint64_t written; /* value last written to the file */
    uint64_t pending; /* value at the current timestamp, valid while dirty */
    bool dirty;
};

struct vcd {
    FILE *f;
    struct vcd_sig *sigs;
    int nsigs;
    size_t capsigs;
    char **tops; /* names of the top-level scopes, in declaration order */
    size_t ntops, captops;
    char *path;            /* current scope path, "top.cpu0" */
    size_t *path_len;      /* path length before each open scope, for upscope */
    size_t depth, capdepth;
    bool defined;          /* $enddefinitions written: no more declarations */
    uint64_t now;          /* timestamp of the pending changes */
    uint64_t last_written; /* last `#t` written to the file */
    int *dirty;            /* dirty variables, in order of their first change */
    int ndirty;
};

/* Returns p (n elements of size sz, capacity *cap) grown so that index n fits,
 * or NULL with p untouched when memory runs out. */
static void *grow(void *p, size_t n, size_t *cap, size_t sz)
{
    if (n < *cap)
        return p;
    size_t ncap = *cap ? *cap * 2 : 8;
    void *q = realloc(p, ncap * sz);
    if (q)
        *cap = ncap;
    return q;
}

/* VCD tokens are separated by whitespace, so a name with a space would split in
 * two: anything that is not printable ASCII (space included) becomes '_'. An empty
 * name would leave no token at all. */
static char *sanitized(const char *name)
{
    size_t n = strlen(name);
    char *s = malloc(n ? n + 1 : 2);
    if (!s)
        return NULL;
    for (size_t i = 0; i < n; i++)
        s[i] = (name[i] > ' ' && name[i] <= '~') ? name[i] : '_';
    s[n] = '\0';
    if (n == 0)
        strcpy(s, "_");
    return s;
}

/* Identifier of the i-th variable: base 94 over '!'..'~', least significant
 * digit first; deterministic and as short as possible for the first 94. */
static void ident(int i, char out[VCD_ID_MAX])
{
    unsigned u = (unsigned)i, k = 0;
    do {
        out[k++] = (char)('!' + u % 94);
        u /= 94;
    } while (u);
    out[k] = '\0';
}

static void write_value(struct vcd *v, int i, uint64_t value)
{
    char id[VCD_ID_MAX];
    ident(i, id);
    if (v->sigs[i].width == 1) {
        fprintf(v->f, "%c%s\n", value ? '1' : '0', id);
        return;
    }
    /* Binary without leading zeros, as the standard allows ("b0" for zero). */
    char bits[65];
    int n = 0;
    for (int b = 63; b >= 0; b--)
        if (n || (value >> b) & 1 || b == 0)
            bits[n++] = (char)('0' + ((value >> b) & 1));
    bits[n] = '\0';
    fprintf(v->f, "b%s %s\n", bits, id);
}

static uint64_t mask(unsigned width, uint64_t value)
{
    return width >= 64 ? value : value & ((UINT64_C(1) << width) - 1);
}

struct vcd *vcd_open(const char *path, const char *timescale)
{
    struct vcd *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->path = calloc(1, 1);
    v->f = v->path ? fopen(path, "w") : NULL;
    if (!v->f) {
        free(v->path);
        free(v);
        return NULL;
    }
    /* No $date: two runs of the same scenario must give identical files. */
    fprintf(v->f, "$version gicsim $end\n$timescale %s $end\n",
            timescale ? timescale : "1ps");
    return v;
}

static bool push_top(struct vcd *v, const char *name)
{
    char **tops = grow(v->tops, v->ntops, &v->captops, sizeof *tops);
    if (!tops)
        return false;
    v->tops = tops;
    tops[v->ntops] = sanitized(name);
    if (!tops[v->ntops])
        return false;
    v->ntops++;
    return true;
}

void vcd_scope_begin(struct vcd *v, const char *name)
{
    if (!v || !name || v->defined)
        return;
    size_t *lens = grow(v->path_len, v->depth, &v->capdepth, sizeof *lens);
    if (!lens)
        return;
    v->path_len = lens;
    if (v->depth == 0 && !push_top(v, name))
        return;
    char *s = sanitized(name);
    size_t old = strlen(v->path);
    char *p = s ? realloc(v->path, old + strlen(s) + 2) : NULL;
    if (!p) {
        free(s);
        return;
    }
    sprintf(p + old, "%s%s", old ? "." : "", s);
    v->path = p;
    v->path_len[v->depth++] = old;
    fprintf(v->f, "$scope module %s $end\n", s);
    free(s);
}

void vcd_scope_end(struct vcd *v)
{
    if (!v || v->defined || v->depth == 0)
        return;
    v->path[v->path_len[--v->depth]] = '\0';
    fprintf(v->f, "$upscope $end\n");
}

/* "scope.path.name": the name the save file refers to the variable by. */
static char *full_name(const struct vcd *v, const char *leaf)
{
    char *full = malloc(strlen(v->path) + strlen(leaf) + 2);
    if (full)
        sprintf(full, "%s.%s", v->path, leaf);
    return full;
}

static bool add_sig(struct vcd *v, const char *leaf, unsigned width)
{
    struct vcd_sig *sigs = grow(v->sigs, (size_t)v->nsigs, &v->capsigs, sizeof *sigs);
    if (!sigs)
        return false;
    v->sigs = sigs;
    char *full = full_name(v, leaf);
    if (!full)
        return false;
    sigs[v->nsigs++] = (struct vcd_sig){.name = full, .width = width, .top = v->ntops - 1};
    return true;
}

int vcd_var(struct vcd *v, const char *name, unsigned width)
{
    /* A variable outside every scope would belong to no gtkw group. */
    if (!v || !name || v->defined || v->depth == 0 || width < 1 || width > 64 ||
        v->nsigs == INT_MAX)
        return -1;
    char *leaf = sanitized(name);
    if (!leaf || !add_sig(v, leaf, width)) {
        free(leaf);
        return -1;
    }
    char id[VCD_ID_MAX];
    ident(v->nsigs - 1, id);
    fprintf(v->f, "$var wire %u %s %s $end\n", width, id, leaf);
    free(leaf);
    return v->nsigs - 1;
}

void vcd_end_definitions(struct vcd *v)
{
    if (!v || v->defined)
        return;
    while (v->depth) /* an unbalanced header would not parse */
        vcd_scope_end(v);
    v->defined = true;
    /* Every change is buffered until its time is over, so the dirty list never
     * holds more than one entry per variable. */
    v->dirty = malloc((v->nsigs ? (size_t)v->nsigs : 1) * sizeof *v->dirty);
    fprintf(v->f, "$enddefinitions $end\n#0\n$dumpvars\n");
    for (int i = 0; i < v->nsigs; i++)
        write_value(v, i, 0);
    fprintf(v->f, "$end\n");
}

/* Writes the changes buffered at v->now; the `#t` line only if one is real. */
static void flush(struct vcd *v)
{
    for (int k = 0; k < v->ndirty; k++) {
        struct vcd_sig *s = &v->sigs[v->dirty[k]];
        s->dirty = false;
        if (s->pending == s->written)
            continue;
        if (v->now != v->last_written) /* #0 came with $dumpvars */
            fprintf(v->f, "#%llu\n", (unsigned long long)v->now);
        v->last_written = v->now;
        s->written = s->pending;
        write_value(v, v->dirty[k], s->written);
    }
    v->ndirty = 0;
}

void vcd_change(struct vcd *v, uint64_t t, int var, uint64_t value)
{
    if (!v || !v->defined || !v->dirty || var < 0 || var >= v->nsigs)
        return;
    /* A caller going back in time is a bug upstream, but a trace is a debugging
     * aid: record the change at the latest time rather than lose the run. */
    if (t > v->now) {
        flush(v);
        v->now = t;
    }
    struct vcd_sig *s = &v->sigs[var];
    if (!s->dirty) {
        s->dirty = true;
        v->dirty[v->ndirty++] = var;
    }
    s->pending = mask(s->width, value);
}

static void destroy(struct vcd *v)
{
    for (int i = 0; i < v->nsigs; i++)
        free(v->sigs[i].name);
    for (size_t i = 0; i < v->ntops; i++)
        free(v->tops[i]);
    free(v->sigs);
    free(v->tops);
    free(v->path);
    free(v->path_len);
    free(v->dirty);
    free(v);
}

int vcd_close(struct vcd *v, uint64_t t_end)
{
    if (!v)
        return -1;
    vcd_end_definitions(v); /* a file closed early is still a valid dump */
    flush(v);
    if (t_end > v->last_written)
        fprintf(v->f, "#%llu\n", (unsigned long long)t_end);
    /* No dirty list means memory ran out and changes were dropped. */
    int rc = ferror(v->f) || !v->dirty ? -1 : 0;
    if (fclose(v->f) != 0)
        rc = -1;
    destroy(v);
    return rc;
}

/* gtkwave resolves a relative [dumpfile] against its own working directory, so
 * the save file carries the absolute path whenever it can be found. */
static void write_dumpfile(FILE *f, const char *vcd_path)
{
    char *abs = realpath(vcd_path, NULL);
    fprintf(f, "[dumpfile] \"%s\"\n[timestart] 0\n", abs ? abs : vcd_path);
    free(abs);
}

/* One signal: @28 = binary display of a 1-bit trace, @22 = hex display; a vector
 * fac is named with its [msb:lsb] range or gtkwave does not find it. */
static void write_signal(FILE *f, const struct vcd_sig *s)
{
    if (s->width == 1)
        fprintf(f, "@28\n%s\n", s->name);
    else
        fprintf(f, "@22\n%s[%u:0]\n", s->name, s->width - 1);
}

int vcd_write_gtkw(const struct vcd *v, const char *gtkw_path, const char *vcd_path)
{
    if (!v || !gtkw_path || !vcd_path)
        return -1;
    FILE *f = fopen(gtkw_path, "w");
    if (!f)
        return -1;
    write_dumpfile(f, vcd_path);
    for (size_t t = 0; t < v->ntops; t++) {
        /* @800200 opens a group (blank | grp_begin), @1000200 closes it. */
        fprintf(f, "@800200\n-%s\n", v->tops[t]);
        for (int i = 0; i < v->nsigs; i++)
            if (v->sigs[i].top == t)
                write_signal(f, &v->sigs[i]);
        fprintf(f, "@1000200\n-%s\n", v->tops[t]);
    }
    int rc = ferror(f) ? -1 : 0;
    return fclose(f) != 0 ? -1 : rc;
}
