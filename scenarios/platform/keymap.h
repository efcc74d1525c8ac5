/* A hash map from a non-zero 64-bit key to a fixed-size value: open addressing with
 * linear probing and backward-shift deletion, so a lookup costs O(1) whatever the
 * number of entries. The runner keys interrupts by (CPU, INTID) with it. */
#ifndef GICSIM_KEYMAP_H
#define GICSIM_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct keymap {
    uint64_t *key;       /* 0 = empty slot */
    unsigned char *val;  /* cap values of vsize bytes */
    size_t vsize, cap, n;
};

void keymap_init(struct keymap *m, size_t vsize);
void keymap_free(struct keymap *m);
/* The value slot of key, inserting it (zeroed) if absent; *fresh says which. */
void *keymap_put(struct keymap *m, uint64_t key, bool *fresh);
/* Removes key, copying its value to out (if non-NULL); false if absent. */
bool keymap_take(struct keymap *m, uint64_t key, void *out);

#endif
