/* The timing model's shared pieces: parameters converted to picoseconds and the memory
 * interfaces (finite outstanding reads/writes, latency, optional bandwidth) that table
 * walks, command fetches and LPI property reads contend for. docs/timing.md explains
 * the model; with every parameter zero (ideal) nothing here costs time. */
#ifndef GICSIM_TIMING_H
#define GICSIM_TIMING_H

#include <stdbool.h>
#include <stdint.h>

#include "gicsim/gicsim.h"

/* The profile in ps, computed once at creation. */
struct timing {
    bool on;                      /* any parameter non-zero */
    uint64_t cycle_ps;
    uint64_t mmio_ps, accept_ps, issue_ps, lookup_ps, command_ps, per_lpi_ps;
    uint64_t mem_read_ps, mem_write_ps;
    uint64_t link_its_dist_ps, link_dist_redist_ps;
    uint64_t lpi_hit_ps, arbitration_ps, signal_ps;
    uint64_t ich_access_ps, lr_signal_ps, maintenance_ps; /* virtual CPU interface */
    uint64_t residency_ps, doorbell_ps; /* GICv4.1 */
    unsigned queue_entries;       /* ITS input queue; 0 = unbounded */
    unsigned translations;        /* ITS translations in flight; 0 = unbounded */
};

/* One memory interface (an ITS's, or the distributor's for LPI properties). Each slot
 * holds the time an outstanding access completes; an access waits for a free slot. */
struct mem_if {
    uint64_t read_free[GIC_TIMING_MAX_OUTSTANDING];
    uint64_t write_free[GIC_TIMING_MAX_OUTSTANDING];
    unsigned max_reads, max_writes;
    unsigned bytes_per_cycle;     /* 0: unlimited bandwidth */
    uint64_t bus_start, bus_free; /* bandwidth: the last transfer booked on the bus */
    uint64_t reads, writes;       /* accesses timed */
    uint64_t wait_ps;             /* time spent waiting for a free slot */
};

void timing_init(struct timing *t, const gic_timing_t *p);
bool timing_check(const gic_timing_t *p, char *err, size_t len);
void mem_if_init(struct mem_if *m, const gic_timing_t *p);
/* A read of bytes issued at time at: returns when its data is back. */
uint64_t mem_if_read(const struct timing *t, struct mem_if *m, uint64_t at, unsigned bytes);
/* A posted write issued at time at: returns when the issuer may go on (a write slot
 * was free); the slot stays busy for the write latency. */
uint64_t mem_if_write(const struct timing *t, struct mem_if *m, uint64_t at, unsigned bytes);

/* Reads booked on m that complete after now (an observer for waveforms). */
unsigned mem_if_busy_reads(const struct mem_if *m, uint64_t now);

/* An interrupt pending at `at` is presentable at its PE after the redistributor's
 * arbitration and the CPU interface's signalling: the one place both the SGI/PPI/SPI
 * path and the LPI path take that cost from. */
uint64_t timing_signalled_at(const struct timing *t, uint64_t at);
/* An LPI's configuration lookup starting at `at`: the property cache's hit time, plus a
 * read through the distributor's memory interface m on a miss. */
uint64_t timing_lpi_lookup(const struct timing *t, struct mem_if *m, uint64_t at, bool miss);

static inline uint64_t max_u64(uint64_t a, uint64_t b)
{
    return a > b ? a : b;
}

/* Every other cost, by the hardware step it belongs to. Inline: the MSI path takes
 * several of them per LPI. Each step returns when it is done if it starts at `at`. */
static inline uint64_t timing_mmio(const struct timing *t) /* a slave-port access */
{
    return t->mmio_ps;
}
static inline uint64_t timing_accepted(const struct timing *t, uint64_t at) /* ITS input */
{
    return at + t->accept_ps;
}
static inline uint64_t timing_next_issue(const struct timing *t, uint64_t at) /* engine */
{
    return at + t->issue_ps;
}
static inline uint64_t timing_after_lookup(const struct timing *t, uint64_t at) /* cache */
{
    return at + t->lookup_ps;
}
static inline uint64_t timing_after_command(const struct timing *t, uint64_t at)
{
    return at + t->command_ps;
}
/* ITS -> distributor -> redistributor; a bulk operation (INVALL, MOVALL) then keeps the
 * redistributor busy per pending LPI it touches. */
static inline uint64_t timing_link(const struct timing *t, uint64_t at)
{
    return at + t->link_its_dist_ps + t->link_dist_redist_ps;
}
static inline uint64_t timing_bulk(const struct timing *t, uint64_t at, uint64_t lpis)
{
    return at + t->per_lpi_ps * lpis;
}

/* The virtual CPU interface: an ICH_*_EL2 / ICV_*_EL1 access; a pending LR written at
 * `at` is signalled as vIRQ/vFIQ from the returned time; the maintenance interrupt's
 * level follows ICH_MISR_EL2 after this delay. */
static inline uint64_t timing_ich_access(const struct timing *t)
{
    return t->ich_access_ps;
}
static inline uint64_t timing_lr_signal(const struct timing *t, uint64_t at)
{
    return at + t->lr_signal_ps;
}
static inline uint64_t timing_maintenance(const struct timing *t)
{
    return t->maintenance_ps;
}

/* GICv4.1: a residency change's fixed part (the VPT scan's reads are added by the
 * caller on the distributor's memory interface); a doorbell's generation. */
static inline uint64_t timing_residency(const struct timing *t, uint64_t at)
{
    return at + t->residency_ps;
}
static inline uint64_t timing_doorbell(const struct timing *t, uint64_t at)
{
    return at + t->doorbell_ps;
}

#endif
