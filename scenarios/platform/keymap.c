/* Open addressing, power-of-two capacity, at most half full. */
#include "keymap.h"

#include <stdlib.h>
#include <string.h>

static size_t home(const struct keymap *m, uint64_t key)
{
    return (size_t)(key * 0x9E3779B97F4A7C15ULL >> 20) & (m->cap - 1);
}

static size_t slot(const struct keymap *m, uint64_t key)
{
    size_t i = home(m, key);
    while (m->key[i] && m->key[i] != key)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static void grow(struct keymap *m)
{
    struct keymap old = *m;
    m->cap = old.cap ? 2 * old.cap : 256;
    m->key = calloc(m->cap, sizeof(*m->key));
    m->val = calloc(m->cap, m->vsize);
    if (!m->key || !m->val)
        abort(); /* host out of memory: not a guest behaviour */
    for (size_t i = 0; i < old.cap; i++)
        if (old.key[i]) {
            size_t j = slot(m, old.key[i]);
            m->key[j] = old.key[i];
            memcpy(m->val + j * m->vsize, old.val + i * m->vsize, m->vsize);
        }
    free(old.key);
    free(old.val);
}

void keymap_init(struct keymap *m, size_t vsize)
{
    memset(m, 0, sizeof(*m));
    m->vsize = vsize;
    grow(m);
}

void keymap_free(struct keymap *m)
{
    free(m->key);
    free(m->val);
    memset(m, 0, sizeof(*m));
}

void *keymap_put(struct keymap *m, uint64_t key, bool *fresh)
{
    if (2 * (m->n + 1) > m->cap)
        grow(m);
    size_t i = slot(m, key);
    *fresh = !m->key[i];
    if (*fresh) {
        m->key[i] = key;
        memset(m->val + i * m->vsize, 0, m->vsize);
        m->n++;
    }
    return m->val + i * m->vsize;
}

bool keymap_take(struct keymap *m, uint64_t key, void *out)
{
    if (!m->cap)
        return false;
    size_t i = slot(m, key), mask = m->cap - 1;
    if (!m->key[i])
        return false;
    if (out)
        memcpy(out, m->val + i * m->vsize, m->vsize);
    m->key[i] = 0;
    m->n--;
    for (size_t j = (i + 1) & mask; m->key[j]; j = (j + 1) & mask)
        if (((j - home(m, m->key[j])) & mask) >= ((j - i) & mask)) {
            m->key[i] = m->key[j];
            memcpy(m->val + i * m->vsize, m->val + j * m->vsize, m->vsize);
            m->key[j] = 0;
            i = j;
        }
    return true;
}
