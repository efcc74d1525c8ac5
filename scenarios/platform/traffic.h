/* Device models (traffic.c): MSI generators for `msi` and `traffic` steps. */
#ifndef GICSIM_TRAFFIC_H
#define GICSIM_TRAFFIC_H

#include <stdint.h>

#include "context.h"

struct traffic *traffic_new(struct runner *r);
void traffic_free(struct traffic *t);
/* msi: offers count MSIs to (its, device, event), interval apart, from now on. */
void traffic_msi(struct traffic *t, const struct step *st);
/* traffic: count MSIs over devices x events at rate, in the step's pattern. */
void traffic_start(struct traffic *t, const struct step *st);
/* MSIs offered so far by all generators. */
uint64_t traffic_sent(const struct traffic *t);
/* Generators that still have MSIs to send. */
unsigned traffic_active(const struct traffic *t);

#endif
