/* The benchmark's work, written once against the bus seam (busport.h) so that
 * `gicsim bench` (native platform) and `gicsim-tlm bench` (SystemC platform) run the
 * very same set-up, mapping and measured loop. */
#ifndef GICSIM_BENCH_WORK_H
#define GICSIM_BENCH_WORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "busport.h"

#ifdef __cplusplus
extern "C" {
#endif

struct bench_opts {
    unsigned devices, events, cpus, id_bits;
    uint64_t count;
    bool json;
    const char *profile;  /* timing profile: a built-in name or a path */
    unsigned vpes;        /* bench vlpi: vPEs mapped (0 = 1) */
};

struct bench_result {
    double seconds, lpis_per_sec, ns_per_lpi;
    uint64_t delivered, errors;
    uint64_t lat_p50, lat_p99, lat_max; /* simulated msi_to_ack, ps */
};

/* One system under test, driven through bus. */
struct bench_sys {
    const struct busport *bus;
    gic_t *gic;                 /* observed only: levels, next event, statistics */
    unsigned cpus;
    uint64_t cwriter;
    /* Optional: sleeps until the GIC may have changed cpu's outputs (a platform CPU
     * waiting on its IRQ line); without it time is stepped event by event. */
    void (*wait_lines)(void *ctx, unsigned cpu);
    void *wait_ctx;
};

/* The GIC configuration for o (profile applied); 0, or 2 with a message in err. */
int bench_configure(gic_config_t *cfg, const struct bench_opts *o, char *err, size_t len);
/* Brings up the distributor, redistributors, CPU interfaces and ITS 0. */
void bench_setup(struct bench_sys *b, const struct bench_opts *o);
/* Maps devices x events to LPIs 8192.., collections round-robin over the CPUs. */
void bench_map(struct bench_sys *b, const struct bench_opts *o);
/* Queues one ITS command (publishing every 1024); bench_publish runs them all. */
void bench_cmd(struct bench_sys *b, const uint64_t dw[4]);
void bench_publish(struct bench_sys *b);
/* The measured msi-ack loop: per LPI one MSI, time until the CPU's IRQ rises, IAR,
 * EOIR. */
struct bench_result bench_msi_ack_loop(struct bench_sys *b, const struct bench_opts *o);
double bench_host_now(void);
/* Makes the level-2 device-table page of device valid (bench_setup's two-level table),
 * taking the page at *next_page when it is not yet. */
void bench_l2_page(struct bench_sys *b, uint32_t device, uint64_t *next_page);
/* A guest at EL1 (IMO = 1) on cpu: waits for its vIRQ, reads ICC_IAR1_EL1 (reaching
 * ICV_IAR1_EL1) and writes ICC_EOIR1_EL1. The INTID taken, 1023 if no vIRQ came. */
uint64_t bench_take_virq(struct bench_sys *b, unsigned cpu);

#ifdef __cplusplus
}
#endif

#endif
