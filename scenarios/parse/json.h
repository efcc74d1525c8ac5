/* A small JSON reader for the files gicsim writes and reads back (reports, sweep
 * results): the whole document as a tree, with a message naming the line on bad input.
 * Objects keep their keys in file order. json_write_string is the one JSON string
 * writer of the report and the sweep files. */
#ifndef GICSIM_JSON_H
#define GICSIM_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json {
    enum json_type type;
    bool boolean;
    double number;
    char *string;        /* JSON_STRING: the text, unescaped (UTF-8) */
    char *raw;           /* JSON_NUMBER: the number as written */
    struct json *items;  /* JSON_ARRAY, JSON_OBJECT: n values */
    char **keys;         /* JSON_OBJECT: n keys */
    size_t n;
};

/* The tree of text[0..len), or NULL with "line L: message" in err. */
struct json *json_parse(const char *text, size_t len, char *err, size_t errlen);
/* The tree of a file, or NULL with "PATH:L: message" (or the system's reason) in err. */
struct json *json_load(const char *path, char *err, size_t errlen);
void json_free(struct json *j);

/* obj[key], or NULL (also when obj is not an object). */
const struct json *json_get(const struct json *obj, const char *key);
/* A dotted path: "its.0.caches.event.hit_rate" (array elements by index), or NULL. */
const struct json *json_path(const struct json *root, const char *path);
/* The number at path, or false. */
bool json_num_at(const struct json *root, const char *path, double *out);
/* The string at path, or NULL. */
const char *json_str_at(const struct json *root, const char *path);

/* s as a JSON string, quoted and escaped. */
void json_write_string(FILE *f, const char *s);

#endif
