/* ytree: one YAML document as a tree with 1-based positions, built from libyaml's
 * event parser. Everything a tree owns lives in one arena so ytree_free is a single
 * walk over a chunk list. Limits (depth, nodes, bytes) are checked before the memory
 * they would cost is taken, so hostile input cannot make the loader allocate without
 * bound. A load overwrites *t without freeing it: ytree_free a loaded tree first. */
#define _POSIX_C_SOURCE 200809L /* open/fstat/read under -std=c11 */

#include "ytree.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#if defined(__GNUC__)
#define YT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define YT_PRINTF(f, a)
#endif

/* ---- arena ------------------------------------------------------------------- */

struct chunk {
    struct chunk *next;
    size_t used, cap;
    max_align_t data[]; /* max_align_t so offset 0 suits any allocation */
};

enum { CHUNK_BYTES = 64 * 1024 };

/* Bump allocation from the head chunk; align must be a power of two. */
static void *arena_alloc(void **arena, size_t size, size_t align)
{
    struct chunk *c = *arena;
    if (c) {
        size_t at = (c->used + align - 1) & ~(align - 1);
        if (at <= c->cap && size <= c->cap - at) {
            c->used = at + size;
            return (char *)c->data + at;
        }
    }
    /* A big request gets a block of its own, linked behind the head, so the head's
     * free tail stays usable for the small nodes that follow. */
    size_t cap = size > CHUNK_BYTES / 4 ? size : CHUNK_BYTES;
    if (cap > SIZE_MAX - sizeof(struct chunk))
        return NULL;
    struct chunk *n = malloc(sizeof *n + cap);
    if (!n)
        return NULL;
    n->cap = cap;
    n->used = size;
    if (c && cap != CHUNK_BYTES) {
        n->next = c->next;
        c->next = n;
    } else {
        n->next = c;
        *arena = n;
    }
    return n->data;
}

void *ytree_alloc(struct ytree *t, size_t size)
{
    void *m = arena_alloc(&t->arena, size, _Alignof(max_align_t));
    if (m)
        memset(m, 0, size);
    return m;
}

static void arena_free(void *arena)
{
    for (struct chunk *c = arena, *next; c; c = next) {
        next = c->next;
        free(c);
    }
}

/* ---- loader state and errors -------------------------------------------------- */

struct frame {
    struct ynode *node;
    size_t base; /* where this collection's children start on the pending stack */
};

struct loader {
    struct ytree *t;
    const char *name;
    const unsigned char *text;
    size_t len;
    yaml_parser_t parser;
    void *arena;
    /* Children of every open collection, in document order (a map's are key, value,
     * key, ...). One shared stack means a collection's size is only known, and its
     * arrays only allocated, once it closes: no per-collection regrowth. */
    struct ynode **stack;
    size_t sp, cap;
    struct frame frames[YTREE_MAX_DEPTH];
    size_t depth, nodes;
    int docs;
    yaml_mark_t doc_mark;
    struct ynode *root;
};

/* The message must stay one line whatever a file name or a quoted key contains. */
static void one_line(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            *s = '?';
}

/* Formats "NAME:LINE:COL: message", or "NAME: message" when line is 0. */
static void verror(struct ytree *t, const char *name, unsigned line, unsigned col,
                   const char *fmt, va_list ap)
{
    int k = line ? snprintf(t->error, sizeof t->error, "%s:%u:%u: ", name, line, col)
                 : snprintf(t->error, sizeof t->error, "%s: ", name);
    if (k >= 0 && (size_t)k < sizeof t->error)
        vsnprintf(t->error + k, sizeof t->error - (size_t)k, fmt, ap);
    one_line(t->error);
}

YT_PRINTF(5, 6)
static int error_at(struct ytree *t, const char *name, unsigned line, unsigned col,
                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verror(t, name, line, col, fmt, ap);
    va_end(ap);
    return -1;
}

/* libyaml marks are 0-based; ours are 1-based. */
YT_PRINTF(3, 4)
static int fail_mark(struct loader *L, yaml_mark_t m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verror(L->t, L->name, (unsigned)m.line + 1, (unsigned)m.column + 1, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- libyaml errors ------------------------------------------------------------ */

/* Reader errors carry only a byte offset. Count lines and characters up to it the way
 * libyaml's marks do (CR LF, CR and LF end a line; a column is a character, not a
 * byte); the bytes before the offset were already decoded, so they are valid UTF-8. */
static void offset_to_pos(const unsigned char *s, size_t off, unsigned *line, unsigned *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= off || s[i + 1] != '\n'))) {
            ++*line;
            *col = 1;
        } else if (s[i] != '\r' && (s[i] & 0xC0) != 0x80) {
            ++*col;
        }
    }
}

/* Reader errors say "control characters are not allowed" or name a UTF-8 problem;
 * say plainly that the file is binary or not UTF-8. */
static int reader_error(struct loader *L)
{
    const yaml_parser_t *p = &L->parser;
    const char *problem = p->problem ? p->problem : "unreadable input";
    size_t off = p->problem_offset < L->len ? p->problem_offset : L->len;
    /* libyaml points at a bad trailing octet; the sequence's lead byte is what to fix. */
    if (strstr(problem, "trailing") && off > 0)
        for (off--; off > 0 && (L->text[off] & 0xC0) == 0x80; off--)
            ;
    unsigned line, col;
    offset_to_pos(L->text, off, &line, &col);
    if (strstr(problem, "control characters") && p->problem_value == 0)
        return error_at(L->t, L->name, line, col, "binary data (NUL byte)");
    if (strstr(problem, "control characters"))
        return error_at(L->t, L->name, line, col, "binary data (control character 0x%02X)",
                        (unsigned)p->problem_value);
    if (strstr(problem, "UTF-8") || strstr(problem, "Unicode"))
        return error_at(L->t, L->name, line, col, "invalid UTF-8 (%s)", problem);
    return error_at(L->t, L->name, line, col, "%s", problem);
}

static int parser_error(struct loader *L)
{
    const yaml_parser_t *p = &L->parser;
    if (p->error == YAML_MEMORY_ERROR)
        return fail_mark(L, p->mark, "out of memory");
    if (p->error == YAML_READER_ERROR)
        return reader_error(L);
    const char *problem = p->problem ? p->problem : "syntax error";
    size_t at = p->problem_mark.index;
    if (at < L->len && L->text[at] == '\t')
        return fail_mark(L, p->problem_mark, "a tab character: YAML indents with spaces, "
                                             "never tabs");
    if (!p->context)
        return fail_mark(L, p->problem_mark, "%s", problem);
    /* The context ("while parsing a block mapping") points where the construct began,
     * which is usually what the user has to look at. */
    return fail_mark(L, p->problem_mark, "%s (%s at %u:%u)", problem, p->context,
                     (unsigned)p->context_mark.line + 1, (unsigned)p->context_mark.column + 1);
}

/* ---- building nodes ------------------------------------------------------------ */

static struct ynode *new_node(struct loader *L, enum ynode_kind kind, yaml_mark_t m)
{
    if (L->nodes >= YTREE_MAX_NODES) {
        fail_mark(L, m, "more than %d nodes", YTREE_MAX_NODES);
        return NULL;
    }
    struct ynode *n = arena_alloc(&L->arena, sizeof *n, _Alignof(struct ynode));
    if (!n) {
        fail_mark(L, m, "out of memory");
        return NULL;
    }
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->line = (unsigned)m.line + 1;
    n->col = (unsigned)m.column + 1;
    L->nodes++;
    return n;
}

static int push(struct loader *L, struct ynode *n)
{
    if (L->sp == L->cap) {
        /* Bounded: every entry is a node, and nodes are capped at YTREE_MAX_NODES. */
        size_t cap = L->cap ? 2 * L->cap : 256;
        struct ynode **s = realloc(L->stack, cap * sizeof *s);
        if (!s)
            return error_at(L->t, L->name, n->line, n->col, "out of memory");
        L->stack = s;
        L->cap = cap;
    }
    L->stack[L->sp++] = n;
    return 0;
}

/* Hands a finished or just-opened node to its parent (or makes it the root). */
static int attach(struct loader *L, struct ynode *n)
{
    if (L->depth == 0) {
        L->root = n;
        return 0;
    }
    const struct frame *f = &L->frames[L->depth - 1];
    int is_key = f->node->kind == YNODE_MAP && (L->sp - f->base) % 2 == 0;
    if (is_key && n->kind != YNODE_SCALAR)
        return error_at(L->t, L->name, n->line, n->col, "mapping keys must be scalars");
    return push(L, n);
}

static int on_scalar(struct loader *L, const yaml_event_t *e)
{
    if (e->data.scalar.anchor)
        return fail_mark(L, e->start_mark, "anchors and aliases are not supported");
    size_t len = e->data.scalar.length;
    /* A "\0" escape would silently cut the C string every consumer sees. */
    if (memchr(e->data.scalar.value, 0, len))
        return fail_mark(L, e->start_mark, "scalar contains a NUL character");
    struct ynode *n = new_node(L, YNODE_SCALAR, e->start_mark);
    if (!n)
        return -1;
    n->scalar = arena_alloc(&L->arena, len + 1, 1);
    if (!n->scalar)
        return fail_mark(L, e->start_mark, "out of memory");
    memcpy(n->scalar, e->data.scalar.value, len);
    n->scalar[len] = '\0';
    n->quoted = e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
    return attach(L, n);
}

static int on_open(struct loader *L, const yaml_event_t *e, enum ynode_kind kind,
                   const yaml_char_t *anchor)
{
    if (anchor)
        return fail_mark(L, e->start_mark, "anchors and aliases are not supported");
    if (L->depth >= YTREE_MAX_DEPTH)
        return fail_mark(L, e->start_mark, "nesting deeper than %d levels", YTREE_MAX_DEPTH);
    struct ynode *n = new_node(L, kind, e->start_mark);
    if (!n || attach(L, n))
        return -1;
    L->frames[L->depth].node = n;
    L->frames[L->depth].base = L->sp;
    L->depth++;
    return 0;
}

/* ---- closing collections -------------------------------------------------------- */

static int pos_before(const struct ynode *a, const struct ynode *b)
{
    return a->line < b->line || (a->line == b->line && a->col < b->col);
}

/* By text, then by position, so each run of equal keys starts with the first one. */
static int cmp_key(const void *pa, const void *pb)
{
    const struct ynode *a = *(const struct ynode *const *)pa;
    const struct ynode *b = *(const struct ynode *const *)pb;
    int c = strcmp(a->scalar, b->scalar);
    if (c)
        return c;
    return pos_before(a, b) ? -1 : pos_before(b, a);
}

/* Sorting keeps big maps O(n log n). Of all repeated keys the one reported is the
 * earliest second occurrence in the file, which is what a reader would find first. */
static int check_duplicates(struct loader *L, const struct ynode *map, struct ynode **scratch)
{
    if (map->n < 2)
        return 0;
    memcpy(scratch, map->keys, map->n * sizeof *scratch);
    qsort(scratch, map->n, sizeof *scratch, cmp_key);
    const struct ynode *dup = NULL, *first = NULL;
    for (size_t i = 1; i < map->n; i++) {
        if (strcmp(scratch[i - 1]->scalar, scratch[i]->scalar))
            continue;
        if (i >= 2 && !strcmp(scratch[i - 2]->scalar, scratch[i]->scalar))
            continue; /* a third occurrence: the second one is earlier */
        if (!dup || pos_before(scratch[i], dup)) {
            dup = scratch[i];
            first = scratch[i - 1];
        }
    }
    if (!dup)
        return 0;
    int more = strlen(dup->scalar) > 60;
    return error_at(L->t, L->name, dup->line, dup->col, "duplicate key '%.60s%s' (first at %u:%u)",
                    dup->scalar, more ? "..." : "", first->line, first->col);
}

static struct ynode **copy_array(struct loader *L, struct ynode *const *src, size_t n,
                                 size_t stride)
{
    struct ynode **a = arena_alloc(&L->arena, n * sizeof *a, _Alignof(struct ynode *));
    if (a)
        for (size_t i = 0; i < n; i++)
            a[i] = src[i * stride];
    return a;
}

static int on_close(struct loader *L)
{
    if (L->depth == 0)
        return 0; /* libyaml never sends an unmatched end; be safe anyway */
    const struct frame f = L->frames[--L->depth];
    struct ynode *n = f.node, **kids = L->stack ? L->stack + f.base : NULL;
    size_t count = L->sp - f.base;
    int is_map = n->kind == YNODE_MAP;
    n->n = is_map ? count / 2 : count;
    if (n->n) {
        if (is_map)
            n->keys = copy_array(L, kids, n->n, 2);
        n->items = copy_array(L, is_map ? kids + 1 : kids, n->n, is_map ? 2 : 1);
        if (!n->items || (is_map && !n->keys))
            return error_at(L->t, L->name, n->line, n->col, "out of memory");
    }
    /* The children's stack slots are free now; reuse them as scratch for sorting. */
    if (is_map && check_duplicates(L, n, kids))
        return -1;
    L->sp = f.base;
    return 0;
}

/* ---- documents and the event loop ------------------------------------------------ */

static int on_document_start(struct loader *L, const yaml_event_t *e)
{
    if (L->docs)
        return fail_mark(L, e->start_mark, "more than one document (only one is allowed)");
    L->docs = 1;
    L->doc_mark = e->start_mark;
    return 0;
}

/* "---" alone, or a comment and "---", is a document whose root is an empty plain
 * scalar: as empty, for a scenario, as a file with no document at all. */
static int on_document_end(struct loader *L)
{
    const struct ynode *r = L->root;
    if (r && r->kind == YNODE_SCALAR && !r->quoted && r->scalar[0] == '\0')
        return fail_mark(L, L->doc_mark, "empty document");
    return 0;
}

static int on_event(struct loader *L, const yaml_event_t *e)
{
    switch (e->type) {
    case YAML_DOCUMENT_START_EVENT:
        return on_document_start(L, e);
    case YAML_DOCUMENT_END_EVENT:
        return on_document_end(L);
    case YAML_ALIAS_EVENT:
        return fail_mark(L, e->start_mark, "anchors and aliases are not supported");
    case YAML_SCALAR_EVENT:
        return on_scalar(L, e);
    case YAML_SEQUENCE_START_EVENT:
        return on_open(L, e, YNODE_SEQ, e->data.sequence_start.anchor);
    case YAML_MAPPING_START_EVENT:
        return on_open(L, e, YNODE_MAP, e->data.mapping_start.anchor);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return on_close(L);
    default: /* stream start/end: handled by the loop; tags are ignored */
        return 0;
    }
}

static int parse_events(struct loader *L)
{
    for (;;) {
        yaml_event_t e;
        if (!yaml_parser_parse(&L->parser, &e))
            return parser_error(L);
        int end = e.type == YAML_STREAM_END_EVENT;
        int rc = on_event(L, &e);
        yaml_event_delete(&e);
        if (rc)
            return rc;
        if (end)
            return L->docs ? 0 : error_at(L->t, L->name, 1, 1, "empty document");
    }
}

/* ---- public entry points ----------------------------------------------------------- */

int ytree_load_string(struct ytree *t, const char *name, const char *text, size_t len)
{
    memset(t, 0, sizeof *t);
    if (!name)
        name = "<string>";
    if (len > YTREE_MAX_BYTES)
        return error_at(t, name, 1, 1, "input too large (%zu bytes; the limit is %u)", len,
                        YTREE_MAX_BYTES);
    if (!text && len)
        return error_at(t, name, 1, 1, "no input");
    /* A UTF-8 byte-order mark is allowed by YAML and written by some editors: skipped
     * (libyaml, told the encoding, would take it for content). */
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        text += 3, len -= 3;
    struct loader L = {.t = t, .name = name, .text = (const unsigned char *)text, .len = len};
    if (!yaml_parser_initialize(&L.parser))
        return error_at(t, name, 1, 1, "out of memory");
    yaml_parser_set_input_string(&L.parser, L.text ? L.text : (const unsigned char *)"", len);
    /* Fixed UTF-8: no UTF-16 guessing, so reader offsets are byte offsets into text. */
    yaml_parser_set_encoding(&L.parser, YAML_UTF8_ENCODING);
    int rc = parse_events(&L);
    yaml_parser_delete(&L.parser);
    free(L.stack);
    if (rc) {
        arena_free(L.arena);
        return -1;
    }
    t->root = L.root;
    t->arena = L.arena;
    return 0;
}

/* Reads at most YTREE_MAX_BYTES + 1 bytes whatever fstat said: a pipe has no size and
 * a regular file may grow while it is read. */
static int read_all(struct ytree *t, const char *path, int fd, size_t hint, char **out,
                    size_t *len)
{
    size_t cap = (hint < YTREE_MAX_BYTES ? hint : YTREE_MAX_BYTES) + 1, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf)
            return error_at(t, path, 0, 0, "cannot read: %s", strerror(ENOMEM));
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            free(buf);
            return error_at(t, path, 0, 0, "cannot read: %s", strerror(errno));
        }
        n += (size_t)r;
        if (r == 0)
            break;
        if (n > YTREE_MAX_BYTES) {
            free(buf);
            return error_at(t, path, 1, 1, "file too large (more than %u bytes)",
                            YTREE_MAX_BYTES);
        }
        if (n == cap) {
            cap = cap > YTREE_MAX_BYTES / 2 ? YTREE_MAX_BYTES + 1 : 2 * cap;
            char *b = realloc(buf, cap);
            if (!b)
                free(buf);
            buf = b;
        }
    }
    *out = buf;
    *len = n;
    return 0;
}

static int read_file(struct ytree *t, const char *path, char **buf, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return error_at(t, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    int rc = 0;
    if (fstat(fd, &st))
        rc = error_at(t, path, 0, 0, "cannot open: %s", strerror(errno));
    else if (S_ISDIR(st.st_mode))
        rc = error_at(t, path, 0, 0, "cannot open: %s", strerror(EISDIR));
    else if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > YTREE_MAX_BYTES)
        rc = error_at(t, path, 1, 1, "file too large (%jd bytes; the limit is %u)",
                      (intmax_t)st.st_size, YTREE_MAX_BYTES);
    else
        rc = read_all(t, path, fd, S_ISREG(st.st_mode) ? (size_t)st.st_size : 4096, buf, len);
    close(fd);
    return rc;
}

int ytree_load_file(struct ytree *t, const char *path)
{
    memset(t, 0, sizeof *t);
    char *buf = NULL;
    size_t len = 0;
    if (read_file(t, path, &buf, &len))
        return -1;
    int rc = ytree_load_string(t, path, buf, len);
    free(buf);
    return rc;
}

void ytree_free(struct ytree *t)
{
    if (!t)
        return;
    arena_free(t->arena);
    t->arena = NULL;
    t->root = NULL;
}

const struct ynode *ynode_get(const struct ynode *map, const char *key)
{
    if (!map || map->kind != YNODE_MAP || !key)
        return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (!strcmp(map->keys[i]->scalar, key))
            return map->items[i];
    return NULL;
}
