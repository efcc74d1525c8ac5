/* The reconstruction rules of a replay (docs/traces.md, "Reconstruction"): what the
 * recorded ITS commands imply about memory the trace cannot show. It follows the
 * (DeviceID, EventID) -> (LPI, collection) mappings, the collections' targets and each
 * LPI's configuration byte as Linux's ITS driver keeps it. */
#ifndef GICSIM_REPLAY_RULES_H
#define GICSIM_REPLAY_RULES_H

#include <stdbool.h>
#include <stdint.h>

struct replay_rules {
    uint64_t *keys, *vals; /* open addressing; key = (dev << 32 | event) + 1 */
    uint64_t cap, used;
    uint32_t *target;      /* per ICID: RDbase + 1, 0 = unmapped */
    uint8_t *lpi;          /* per LPI (INTID - 8192): 0 unwritten, 1 disabled, 2 enabled */
    uint32_t n_lpi;
    uint32_t last_mapc;    /* ICID of the last MAPC: INVALL's collection */
    uint64_t last_target;  /* RDbase the last command concerned: SYNC's target */
};

void rules_init(struct replay_rules *r);
void rules_free(struct replay_rules *r);
/* MAPTI/MAPI: true when the LPI's byte was never written (the caller writes it). */
bool rules_map(struct replay_rules *r, uint32_t dev, uint32_t ev, uint32_t intid, uint32_t icid);
/* INV: the LPI it names and its new enable state (toggled); false when unmapped. */
bool rules_inv(struct replay_rules *r, uint32_t dev, uint32_t ev, uint32_t *intid, bool *on);
void rules_unmap(struct replay_rules *r, uint32_t dev, uint32_t ev);   /* DISCARD */
void rules_unmap_device(struct replay_rules *r, uint32_t dev);         /* MAPD V=0 */
void rules_move(struct replay_rules *r, uint32_t dev, uint32_t ev, uint32_t icid); /* MOVI */
void rules_mapc(struct replay_rules *r, uint32_t icid, uint64_t rdbase, bool valid);
/* Notes the target of the collection (dev, ev) is in, for a following SYNC. */
void rules_touch(struct replay_rules *r, uint32_t dev, uint32_t ev);

#endif
