/* Value Change Dump writer (IEEE 1364 §18) and gtkwave save file.
 *
 * The header is streamed as it is declared; value changes are buffered for the
 * current timestamp only, so that several changes of one variable at one time
 * collapse to the last one and a `#t` line appears only when something changed. */
#define _XOPEN_SOURCE 700 /* realpath (XSI), when the two files are in different folders */

#include "outfile.h"
#include "vcd.h"

#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 94 printable characters '!'..'~': 5 of them encode any int index. */
#define VCD_ID_MAX 8

struct vcd_sig {
    char *name;       /* full dotted name, e.g. "top.cpu0.irq" (for the save file) */
    unsigned width;   /* 1..64; 0 for a string variable */
    enum vcd_fmt fmt; /* how the save file displays it */
    size_t top;       /* index of the top-level scope it was declared under */
    uint64_t written; /* value last written to the file */
    uint64_t pending; /* value at the current timestamp, valid while dirty */
    char *str_written, *str_pending; /* string variables */
    bool dirty;
};

struct vcd {
    struct outfile out;    /* renamed into place by vcd_close */
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
    if (v->sigs[i].width == 0) { /* gtkwave's string variables: s<text> <id> */
        const char *str = v->sigs[i].str_written;
        fprintf(v->f, "s%s %s\n", str && *str ? str : "-", id);
        return;
    }
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
    if (!v->path || outfile_open(&v->out, path)) {
        free(v->path);
        free(v);
        return NULL;
    }
    v->f = v->out.f;
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

static bool add_sig(struct vcd *v, const char *leaf, unsigned width, enum vcd_fmt fmt)
{
    struct vcd_sig *sigs = grow(v->sigs, (size_t)v->nsigs, &v->capsigs, sizeof *sigs);
    if (!sigs)
        return false;
    v->sigs = sigs;
    char *full = full_name(v, leaf);
    if (!full)
        return false;
    sigs[v->nsigs++] =
        (struct vcd_sig){.name = full, .width = width, .fmt = fmt, .top = v->ntops - 1};
    return true;
}

/* width 0: a string variable. */
static int declare(struct vcd *v, const char *name, unsigned width, enum vcd_fmt fmt)
{
    /* A variable outside every scope would belong to no gtkw group. */
    if (!v || !name || v->defined || v->depth == 0 || width > 64 || v->nsigs == INT_MAX)
        return -1;
    char *leaf = sanitized(name);
    if (!leaf || !add_sig(v, leaf, width, fmt)) {
        free(leaf);
        return -1;
    }
    char id[VCD_ID_MAX];
    ident(v->nsigs - 1, id);
    if (width)
        fprintf(v->f, "$var wire %u %s %s $end\n", width, id, leaf);
    else
        fprintf(v->f, "$var string 0 %s %s $end\n", id, leaf);
    free(leaf);
    return v->nsigs - 1;
}

int vcd_var_fmt(struct vcd *v, const char *name, unsigned width, enum vcd_fmt fmt)
{
    return width < 1 ? -1 : declare(v, name, width, fmt);
}

int vcd_var(struct vcd *v, const char *name, unsigned width)
{
    return vcd_var_fmt(v, name, width, width == 1 ? VCD_BIN : VCD_HEX);
}

int vcd_var_string(struct vcd *v, const char *name)
{
    return declare(v, name, 0, VCD_TEXT);
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
        if (s->width ? s->pending == s->written
                     : !strcmp(s->str_pending ? s->str_pending : "",
                               s->str_written ? s->str_written : ""))
            continue;
        if (v->now != v->last_written) /* #0 came with $dumpvars */
            fprintf(v->f, "#%llu\n", (unsigned long long)v->now);
        v->last_written = v->now;
        s->written = s->pending;
        if (!s->width) {
            free(s->str_written);
            s->str_written = s->str_pending;
            s->str_pending = NULL;
        }
        write_value(v, v->dirty[k], s->written);
    }
    v->ndirty = 0;
}

/* The variable var about to change at t, or NULL if it cannot. */
static struct vcd_sig *changing(struct vcd *v, uint64_t t, int var)
{
    if (!v || !v->defined || !v->dirty || var < 0 || var >= v->nsigs)
        return NULL;
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
    return s;
}

void vcd_change(struct vcd *v, uint64_t t, int var, uint64_t value)
{
    struct vcd_sig *s = changing(v, t, var);
    if (s && s->width)
        s->pending = mask(s->width, value);
}

void vcd_change_string(struct vcd *v, uint64_t t, int var, const char *text)
{
    struct vcd_sig *s = changing(v, t, var);
    if (!s || s->width)
        return;
    free(s->str_pending);
    s->str_pending = sanitized(text ? text : ""); /* a space would end the token */
}

static void destroy(struct vcd *v)
{
    for (int i = 0; i < v->nsigs; i++) {
        free(v->sigs[i].name);
        free(v->sigs[i].str_written);
        free(v->sigs[i].str_pending);
    }
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
    int rc = 0;
    if (!v->dirty) {
        outfile_abort(&v->out);
        rc = -1;
    } else if (outfile_commit(&v->out))
        rc = -1;
    destroy(v);
    return rc;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Both paths relative to the save file's folder, so the pair can be moved together
 * (CI artifacts): gtkwave resolves a [dumpfile] it cannot find from where the save
 * file now is, through the relative [savefile]. When the two files are in different
 * folders the dump file's absolute path is written instead. */
static void write_paths(FILE *f, const char *gtkw_path, const char *vcd_path)
{
    size_t dg = (size_t)(base_name(gtkw_path) - gtkw_path);
    size_t dv = (size_t)(base_name(vcd_path) - vcd_path);
    if (dg == dv && !strncmp(gtkw_path, vcd_path, dg)) {
        fprintf(f, "[dumpfile] \"%s\"\n[savefile] \"%s\"\n", base_name(vcd_path),
                base_name(gtkw_path));
        return;
    }
    char *abs = realpath(vcd_path, NULL);
    fprintf(f, "[dumpfile] \"%s\"\n", abs ? abs : vcd_path);
    free(abs);
}

/* The window and the zoom that shows [0, t_end] at once. gtkwave shows
 * 2^-zoom / 200 time units per pixel; with this [size] and [signals_width] its wave
 * area is about 1240 pixels wide: the run is fitted to 1100 of them. */
#define GTKW_WIDTH 1600
#define GTKW_HEIGHT 900
#define GTKW_SIGNALS 320
#define GTKW_FIT_PIXELS 1100.0

static void write_view(FILE *f, uint64_t t_end)
{
    double per_pixel = (double)(t_end ? t_end : 1) / GTKW_FIT_PIXELS;
    double zoom = -log2(per_pixel * 200.0);
    if (zoom > 0)
        zoom = 0; /* gtkwave's most zoomed-in view */
    fprintf(f, "[size] %d %d\n[signals_width] %d\n[sst_expanded] 0\n[timestart] 0\n"
               "*%.6f -1\n",
            GTKW_WIDTH, GTKW_HEIGHT, GTKW_SIGNALS, zoom);
}

/* One trace: the flags say how gtkwave shows it (@28 binary, @22 hex, @24 decimal,
 * each right-justified); a vector fac is named with its [msb:lsb] range or gtkwave
 * does not find it. */
static void write_signal(FILE *f, const struct vcd_sig *s)
{
    static const char *const flags[] = {[VCD_BIN] = "@28", [VCD_HEX] = "@22",
                                        [VCD_DEC] = "@24", [VCD_TEXT] = "@28"};
    if (s->width <= 1)
        fprintf(f, "%s\n%s\n", flags[s->fmt], s->name);
    else
        fprintf(f, "%s\n%s[%u:0]\n", flags[s->fmt], s->name, s->width - 1);
}

int vcd_write_gtkw(const struct vcd *v, const char *gtkw_path, const char *vcd_path,
                   uint64_t t_end)
{
    struct outfile out;
    if (!v || !gtkw_path || !vcd_path || outfile_open(&out, gtkw_path))
        return -1;
    FILE *f = out.f;
    write_paths(f, gtkw_path, vcd_path);
    write_view(f, t_end);
    for (size_t t = 0; t < v->ntops; t++) {
        /* @800200 opens a group (blank | grp_begin), @1000200 closes it. */
        fprintf(f, "@800200\n-%s\n", v->tops[t]);
        for (int i = 0; i < v->nsigs; i++)
            if (v->sigs[i].top == t)
                write_signal(f, &v->sigs[i]);
        fprintf(f, "@1000200\n-%s\n", v->tops[t]);
    }
    return outfile_commit(&out);
}
