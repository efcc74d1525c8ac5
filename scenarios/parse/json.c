/* The JSON reader (json.h): recursive descent over RFC 8259, depth-limited. */
#include "json.h"

#include <ctype.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

struct reader {
    const char *p, *end, *start;
    char *pending; /* a string being read: freed if reading fails */
    char *err;
    size_t errlen;
    jmp_buf jb;
};

static unsigned line_of(const struct reader *r)
{
    unsigned line = 1;
    for (const char *c = r->start; c < r->p && c < r->end; c++)
        line += *c == '\n';
    return line;
}

static _Noreturn void fail(struct reader *r, const char *fmt, ...)
{
    char msg[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(r->err, r->errlen, "line %u: %s", line_of(r), msg);
    longjmp(r->jb, 1);
}

static void *grow(struct reader *r, void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        fail(r, "out of memory");
    return q;
}

static void skip_ws(struct reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static bool eat(struct reader *r, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n))
        return false;
    r->p += n;
    return true;
}

static unsigned hex4(struct reader *r)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++, r->p++) {
        if (r->p >= r->end || !isxdigit((unsigned char)*r->p))
            fail(r, "bad \\u escape");
        char c = (char)tolower((unsigned char)*r->p);
        v = v * 16 + (unsigned)(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return v;
}

/* Appends code point u as UTF-8 (surrogate pairs combined by the caller). */
static size_t utf8(char *out, unsigned u)
{
    if (u < 0x80)
        return out[0] = (char)u, 1;
    if (u < 0x800)
        return out[0] = (char)(0xC0 | u >> 6), out[1] = (char)(0x80 | (u & 0x3F)), 2;
    if (u < 0x10000)
        return out[0] = (char)(0xE0 | u >> 12), out[1] = (char)(0x80 | (u >> 6 & 0x3F)),
               out[2] = (char)(0x80 | (u & 0x3F)), 3;
    return out[0] = (char)(0xF0 | u >> 18), out[1] = (char)(0x80 | (u >> 12 & 0x3F)),
           out[2] = (char)(0x80 | (u >> 6 & 0x3F)), out[3] = (char)(0x80 | (u & 0x3F)), 4;
}

static unsigned escape(struct reader *r)
{
    char c = *r->p++;
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *k = c ? strchr(from, c) : NULL;
    if (k)
        return (unsigned char)to[k - from];
    if (c != 'u')
        fail(r, "bad escape '\\%c'", c);
    unsigned u = hex4(r);
    if (u >= 0xD800 && u < 0xDC00 && eat(r, "\\u")) {
        unsigned lo = hex4(r);
        if (lo < 0xDC00 || lo >= 0xE000)
            fail(r, "bad surrogate pair");
        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
    }
    return u;
}

static char *string(struct reader *r)
{
    size_t cap = 32, n = 0;
    char *s = r->pending = grow(r, NULL, cap);
    r->p++; /* the opening quote */
    for (;;) {
        if (r->p >= r->end)
            fail(r, "unterminated string");
        if (n + 5 > cap)
            s = r->pending = grow(r, s, cap *= 2);
        unsigned char c = (unsigned char)*r->p;
        if (c == '"')
            break;
        if (c < 0x20)
            fail(r, "control character in a string");
        r->p++;
        if (c != '\\') {
            s[n++] = (char)c;
            continue;
        }
        if (r->p >= r->end)
            fail(r, "unterminated string");
        n += utf8(s + n, escape(r));
    }
    r->p++;
    s[n] = '\0';
    r->pending = NULL;
    return s;
}

static void number(struct reader *r, struct json *j)
{
    const char *b = r->p;
    if (r->p < r->end && *r->p == '-')
        r->p++;
    size_t digits = 0;
    while (r->p < r->end && isdigit((unsigned char)*r->p))
        r->p++, digits++;
    if (!digits || (b[*b == '-'] == '0' && digits > 1))
        fail(r, "bad number");
    if (r->p < r->end && *r->p == '.') {
        r->p++;
        if (r->p >= r->end || !isdigit((unsigned char)*r->p))
            fail(r, "bad number");
        while (r->p < r->end && isdigit((unsigned char)*r->p))
            r->p++;
    }
    if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
        r->p++;
        if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
            r->p++;
        if (r->p >= r->end || !isdigit((unsigned char)*r->p))
            fail(r, "bad number");
        while (r->p < r->end && isdigit((unsigned char)*r->p))
            r->p++;
    }
    j->type = JSON_NUMBER;
    j->raw = grow(r, NULL, (size_t)(r->p - b) + 1);
    memcpy(j->raw, b, (size_t)(r->p - b));
    j->raw[r->p - b] = '\0';
    j->number = strtod(j->raw, NULL);
}

static void value(struct reader *r, struct json *j, int depth);

/* An array or an object (keys when obj), the opening bracket at r->p. */
static void container(struct reader *r, struct json *j, int depth, bool obj)
{
    char close = obj ? '}' : ']';
    j->type = obj ? JSON_OBJECT : JSON_ARRAY;
    r->p++;
    skip_ws(r);
    if (r->p < r->end && *r->p == close) {
        r->p++;
        return;
    }
    for (size_t cap = 0;;) {
        if (j->n == cap) {
            cap = cap ? cap * 2 : 4;
            j->items = grow(r, j->items, cap * sizeof(*j->items));
            if (obj)
                j->keys = grow(r, j->keys, cap * sizeof(*j->keys));
        }
        memset(&j->items[j->n], 0, sizeof(*j->items));
        if (obj) {
            skip_ws(r);
            if (r->p >= r->end || *r->p != '"')
                fail(r, "expected a key in quotes");
            j->keys[j->n] = NULL;
            j->n++; /* counted now so that json_free frees the key on an error */
            j->keys[j->n - 1] = string(r);
            skip_ws(r);
            if (!eat(r, ":"))
                fail(r, "expected ':' after a key");
            value(r, &j->items[j->n - 1], depth + 1);
        } else {
            j->n++;
            value(r, &j->items[j->n - 1], depth + 1);
        }
        skip_ws(r);
        if (eat(r, ","))
            continue;
        if (r->p < r->end && *r->p == close) {
            r->p++;
            return;
        }
        fail(r, "expected ',' or '%c'", close);
    }
}

static void value(struct reader *r, struct json *j, int depth)
{
    if (depth > MAX_DEPTH)
        fail(r, "nested more than %d deep", MAX_DEPTH);
    skip_ws(r);
    if (r->p >= r->end)
        fail(r, "unexpected end of input");
    char c = *r->p;
    if (c == '{' || c == '[')
        container(r, j, depth, c == '{');
    else if (c == '"')
        j->string = string(r), j->type = JSON_STRING;
    else if (c == '-' || isdigit((unsigned char)c))
        number(r, j);
    else if (eat(r, "true") || eat(r, "false"))
        j->type = JSON_BOOL, j->boolean = c == 't';
    else if (eat(r, "null"))
        j->type = JSON_NULL;
    else
        fail(r, "unexpected '%c'", c);
}

static void release(struct json *j)
{
    for (size_t i = 0; i < j->n; i++) {
        release(&j->items[i]);
        if (j->keys)
            free(j->keys[i]);
    }
    free(j->items);
    free(j->keys);
    free(j->string);
    free(j->raw);
}

void json_free(struct json *j)
{
    if (j)
        release(j);
    free(j);
}

/* The document into j: false after a failure (r->err says why). setjmp is here, not in
 * json_parse, so the reader and tree (json_parse's locals) stay well defined after a
 * longjmp. */
static bool read_document(struct reader *r, struct json *j)
{
    if (setjmp(r->jb))
        return false;
    value(r, j, 0);
    skip_ws(r);
    if (r->p != r->end)
        fail(r, "text after the end of the document");
    return true;
}

struct json *json_parse(const char *text, size_t len, char *err, size_t errlen)
{
    struct reader r = {.p = text, .end = text + len, .start = text, .err = err,
                       .errlen = errlen};
    struct json *j = calloc(1, sizeof(*j));
    if (!j) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (!read_document(&r, j)) {
        free(r.pending);
        json_free(j);
        return NULL;
    }
    return j;
}

struct json *json_load(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    size_t n = 0, cap = 1 << 16;
    char *text = malloc(cap);
    for (size_t got; text && (got = fread(text + n, 1, cap - n, f)) > 0;) {
        n += got;
        if (n == cap) {
            char *t = realloc(text, cap *= 2);
            if (!t)
                free(text);
            text = t;
        }
    }
    fclose(f);
    char why[200] = "out of memory";
    struct json *j = text ? json_parse(text, n, why, sizeof(why)) : NULL;
    if (!j)
        snprintf(err, errlen, "%s:%s", path, why + (strncmp(why, "line ", 5) ? 0 : 5));
    free(text);
    return j;
}

const struct json *json_get(const struct json *obj, const char *key)
{
    if (!obj || obj->type != JSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < obj->n; i++)
        if (!strcmp(obj->keys[i], key))
            return &obj->items[i];
    return NULL;
}

/* One path element (len bytes of name): a key, or an index into an array. */
static const struct json *step(const struct json *j, const char *name, size_t len)
{
    char key[128];
    if (!j || len >= sizeof(key))
        return NULL;
    memcpy(key, name, len);
    key[len] = '\0';
    if (j->type == JSON_ARRAY) {
        char *end;
        unsigned long i = strtoul(key, &end, 10);
        return *key && !*end && i < j->n ? &j->items[i] : NULL;
    }
    return json_get(j, key);
}

const struct json *json_path(const struct json *root, const char *path)
{
    const struct json *j = root;
    while (j && *path) {
        size_t len = strcspn(path, ".");
        j = step(j, path, len);
        path += len + (path[len] == '.');
    }
    return j;
}

bool json_num_at(const struct json *root, const char *path, double *out)
{
    const struct json *j = json_path(root, path);
    if (!j || j->type != JSON_NUMBER)
        return false;
    *out = j->number;
    return true;
}

const char *json_str_at(const struct json *root, const char *path)
{
    const struct json *j = json_path(root, path);
    return j && j->type == JSON_STRING ? j->string : NULL;
}

void json_write_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}
