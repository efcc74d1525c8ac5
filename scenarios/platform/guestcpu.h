/* Guest CPU models (guestcpu.c): what a guest OS at EL1 does with virtual interrupts.
 * `guest_ack: auto` takes vIRQ/vFIQ like `ack: auto` takes IRQ/FIQ, through ICV_IAR,
 * ICV_EOIR and (with ICV_CTLR_EL1.EOImode) ICV_DIR; both modes record virtual
 * deliveries. The hypervisor model saves and restores a vCPU's handlers in progress on
 * a world switch (guests_save / guests_restore). */
#ifndef GICSIM_GUESTCPU_H
#define GICSIM_GUESTCPU_H

#include <stdint.h>

#include "context.h"

#define GUEST_MAX_NEST 16 /* nested virtual handlers a guest keeps (16 LRs at most) */

struct guest_frame {
    uint32_t vintid;
    bool grp0;
    uint64_t end; /* running: when the handler finishes; saved: the time it has left */
};

struct guest_stack {
    struct guest_frame f[GUEST_MAX_NEST];
    unsigned depth;
};

struct guests *guests_new(struct runner *r);
void guests_free(struct guests *g);
/* Follows the trace: LR writes that make a vINTID pending (the stimulus) and vIRQ/vFIQ
 * rising (when an `auto` guest acknowledges). */
void guests_on_trace(struct guests *g, const gic_trace_event_t *ev);
/* cpu's guest read vintid from ICV_IAR0/1 now: records a virtual delivery. */
void guests_record(struct guests *g, unsigned cpu, uint32_t vintid);
/* World switch: the handlers in progress on cpu leave with their vCPU / come back. */
void guests_save(struct guests *g, unsigned cpu, struct guest_stack *out);
void guests_restore(struct guests *g, unsigned cpu, const struct guest_stack *in);

#endif
