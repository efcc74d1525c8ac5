/* A YAML document as a tree with source positions, loaded with libyaml. The scenario
 * parser walks it; every error it reports names file:line:column. Aliases and anchors
 * are rejected (no alias bombs), as are documents deeper than YTREE_MAX_DEPTH or with
 * more than YTREE_MAX_NODES nodes, empty documents and more than one document. */
#ifndef GICSIM_YTREE_H
#define GICSIM_YTREE_H

#include <stddef.h>

#define YTREE_MAX_DEPTH 64
#define YTREE_MAX_NODES 2000000
#define YTREE_MAX_BYTES (64u << 20) /* files larger than 64 MiB are refused */

enum ynode_kind { YNODE_SCALAR, YNODE_MAP, YNODE_SEQ };

struct ynode {
    enum ynode_kind kind;
    unsigned line, col;      /* 1-based position of the node's first character */
    char *scalar;            /* YNODE_SCALAR: the value, NUL-terminated */
    int quoted;              /* YNODE_SCALAR: it was written in quotes */
    size_t n;                /* MAP: number of pairs; SEQ: number of items */
    struct ynode **keys;     /* MAP: n scalar keys (a non-scalar key is an error) */
    struct ynode **items;    /* MAP: n values; SEQ: n items */
};

struct ytree {
    struct ynode *root;      /* NULL when loading failed */
    char error[512];         /* "FILE:LINE:COL: message" when loading failed */
    /* private: all nodes and strings, freed by ytree_free */
    void *arena;
};

/* Loads path. On failure root is NULL and error holds one line naming file:line:col. */
int ytree_load_file(struct ytree *t, const char *path);
/* Loads from memory; name is used in messages. */
int ytree_load_string(struct ytree *t, const char *name, const char *text, size_t len);
void ytree_free(struct ytree *t);

/* Zeroed memory owned by the tree (freed by ytree_free): nodes added after loading. */
void *ytree_alloc(struct ytree *t, size_t size);
/* The value of key in a map, or NULL. */
const struct ynode *ynode_get(const struct ynode *map, const char *key);

#endif
