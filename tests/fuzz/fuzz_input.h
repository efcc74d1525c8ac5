/* A tiny FuzzedDataProvider for the C targets: reads little-endian integers from the
 * front of the input and returns zeros once it is used up. */
#ifndef GICSIM_FUZZ_INPUT_H
#define GICSIM_FUZZ_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gicsim/gicsim.h"

struct fin {
    const uint8_t *p;
    size_t n;
};

static inline bool fin_empty(const struct fin *in)
{
    return in->n == 0;
}

static inline uint8_t fin_u8(struct fin *in)
{
    if (!in->n)
        return 0;
    in->n--;
    return *in->p++;
}

/* bytes (0..8) little-endian bytes as an integer. */
static inline uint64_t fin_uN(struct fin *in, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++)
        v |= (uint64_t)fin_u8(in) << (8 * i);
    return v;
}

static inline uint16_t fin_u16(struct fin *in) { return (uint16_t)fin_uN(in, 2); }
static inline uint32_t fin_u32(struct fin *in) { return (uint32_t)fin_uN(in, 4); }
static inline uint64_t fin_u64(struct fin *in) { return fin_uN(in, 8); }
static inline bool fin_bool(struct fin *in) { return fin_u8(in) & 1; }

/* An access size: mostly 1, 2, 4, 8. */
static inline unsigned fin_size(struct fin *in)
{
    static const unsigned sizes[8] = {4, 4, 8, 4, 1, 2, 8, 4};
    return sizes[fin_u8(in) & 7];
}

/* UBSan: every report is fatal (libFuzzer sees it as a crash) except the known,
 * reported ones listed in tests/fuzz/ubsan.supp. UBSAN_OPTIONS given at run time
 * override these: UBSAN_OPTIONS=suppressions=/dev/null reproduces a suppressed one. */
#ifdef GICSIM_FUZZ_UBSAN_SUPP
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
    return "halt_on_error=1:print_stacktrace=1:suppressions=" GICSIM_FUZZ_UBSAN_SUPP;
}
#endif

/* A model invariant does not hold: a finding. */
#define FUZZ_CHECK(cond, ...)                                                          \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            fprintf(stderr, "fuzz invariant violated (%s:%d): ", __FILE__, __LINE__);  \
            fprintf(stderr, __VA_ARGS__);                                              \
            fputc('\n', stderr);                                                       \
            abort();                                                                   \
        }                                                                              \
    } while (0)

/* A finding that is known and reported (tests/fuzz/README.md, "Findings"), named by
 * id: with GICSIM_FUZZ_STRICT set it aborts like any other (that is how its
 * reproducer in crashers/ fails); otherwise it is noted once per process on stderr
 * and the caller carries on past it (or skips the rest of the input), so that
 * fuzzing is not stopped by what is already known. Remove the call when fixed. */
/* A finding that was fixed: seeing it again is a regression, so it is fatal. */
static inline void fixed_finding(const char *id, const char *what)
{
    fprintf(stderr, "regression of fixed finding %s: %s\n", id, what);
    abort();
}

static inline __attribute__((unused)) void known_finding(const char *id, const char *what)
{
    static const char *noted[16];
    if (getenv("GICSIM_FUZZ_STRICT")) {
        fprintf(stderr, "fuzz invariant violated (known finding %s): %s\n", id, what);
        abort();
    }
    for (int i = 0; i < 16; i++) {
        if (noted[i] == id)
            return;
        if (!noted[i]) {
            noted[i] = id;
            fprintf(stderr, "note: known finding %s (see tests/fuzz/README.md): %s\n", id,
                    what);
            return;
        }
    }
}

/* ---- a trace listener that checks every event (fuzz_mmio, fuzz_its) ---- */

struct trace_check {
    gic_t *gic;
    const gic_config_t *cfg;
    uint64_t last_time;
    uint64_t events;
};

static inline bool trace_intid_exists(const gic_config_t *c, uint32_t intid)
{
    return intid < 32 + c->num_spis || (intid >= 1020 && intid <= 1023) ||
           (c->lpis && intid >= 8192 && intid < (1ULL << c->id_bits));
}

static inline void trace_check_event(void *opaque, const gic_trace_event_t *ev)
{
    struct trace_check *t = opaque;
    const gic_config_t *c = t->cfg;
    t->events++;
    FUZZ_CHECK((unsigned)ev->kind < GIC_TRACE_NUM_KINDS, "trace kind %d", (int)ev->kind);
    const char *name = gic_trace_name(ev->kind);
    FUZZ_CHECK(ev->time >= t->last_time, "%s at %llu ps, after an event at %llu ps", name,
               (unsigned long long)ev->time, (unsigned long long)t->last_time);
    t->last_time = ev->time;
    FUZZ_CHECK(ev->time == gic_now(t->gic), "%s stamped %llu ps at %llu ps", name,
               (unsigned long long)ev->time, (unsigned long long)gic_now(t->gic));
    FUZZ_CHECK(ev->cpu == -1 || (ev->cpu >= 0 && (unsigned)ev->cpu < c->num_cpus),
               "%s: CPU %d", name, (int)ev->cpu);
    switch (ev->kind) {
    case GIC_TRACE_GUEST_ERROR: {
        FUZZ_CHECK(ev->rule != NULL && ev->detail != NULL, "guest error without rule or detail");
        size_t rule = strlen(ev->rule);
        FUZZ_CHECK(rule > 0 && rule < 48 && !strchr(ev->rule, ' ') && strlen(ev->detail) < 224,
                   "guest error rule '%s' detail '%s'", ev->rule, ev->detail);
        if (getenv("GICSIM_FUZZ_VERBOSE") && !strcmp(getenv("GICSIM_FUZZ_VERBOSE"), "2"))
            fprintf(stderr, "  %.3f us: %s: %s\n", (double)ev->time / 1e6, ev->rule,
                    ev->detail);
        break;
    }
    case GIC_TRACE_ACK: case GIC_TRACE_SET_PENDING: case GIC_TRACE_CLEAR_PENDING:
    case GIC_TRACE_DEACTIVATE: case GIC_TRACE_WIRE: /* (an EOI drop names what was written) */
        FUZZ_CHECK(trace_intid_exists(c, ev->intid), "%s: INTID %u does not exist", name,
                   (unsigned)ev->intid);
        break;
    case GIC_TRACE_MSI_TRANSLATED:
        FUZZ_CHECK(ev->cpu >= 0 && ev->intid >= 8192 && ev->intid < (1ULL << c->id_bits) &&
                   ev->its < c->num_its, "%s: CPU %d INTID %u ITS %u", name, (int)ev->cpu,
                   (unsigned)ev->intid, (unsigned)ev->its);
        break;
    case GIC_TRACE_ITS_COMMAND: case GIC_TRACE_MSI:
        FUZZ_CHECK(ev->its < c->num_its, "%s: ITS %u", name, (unsigned)ev->its);
        break;
    case GIC_TRACE_ITS_CMD_ERROR:
        FUZZ_CHECK(ev->its < c->num_its && (ev->code >> 16) == 0x01 && ev->offset % 32 == 0,
                   "%s: ITS %u code 0x%x CREADR 0x%llx", name, (unsigned)ev->its,
                   (unsigned)ev->code, (unsigned long long)ev->offset);
        break;
    case GIC_TRACE_MSI_DROP:
        FUZZ_CHECK(ev->its < c->num_its && ev->reason < GIC_NUM_DROP_REASONS,
                   "%s: ITS %u reason %u", name, (unsigned)ev->its, (unsigned)ev->reason);
        break;
    case GIC_TRACE_SIGNAL:
        FUZZ_CHECK(ev->cpu >= 0 && ev->signal <= 1 && ev->level <= 1,
                   "%s: CPU %d signal %u level %u", name, (int)ev->cpu, (unsigned)ev->signal,
                   (unsigned)ev->level);
        break;
    default: break;
    }
}

/* GICSIM_FUZZ_VERBOSE=1: a summary per input (to check that seeds reach deep states). */
static inline __attribute__((unused)) void fuzz_summary(gic_t *gic, const gic_config_t *c)
{
    if (!getenv("GICSIM_FUZZ_VERBOSE"))
        return;
    gic_lpi_stats_t l;
    gic_get_lpi_stats(gic, &l);
    if (c->virt.gicv4) {
        gic_vlpi_stats_t v;
        gic_get_vlpi_stats(gic, &v);
        fprintf(stderr, "vLPIs: offered %llu, delivered %llu, pending %llu, doorbells %llu, "
                "residency changes %llu; vSGIs: offered %llu, delivered %llu\n",
                (unsigned long long)v.offered, (unsigned long long)v.acknowledged,
                (unsigned long long)v.pending, (unsigned long long)v.doorbells,
                (unsigned long long)v.residency_changes, (unsigned long long)v.vsgi_offered,
                (unsigned long long)v.vsgi_acknowledged);
    }
    fprintf(stderr, "LPIs: set pending %llu, acknowledged %llu, cleared %llu; guest errors %llu\n",
            (unsigned long long)l.set_pending, (unsigned long long)l.acknowledged,
            (unsigned long long)l.cleared, (unsigned long long)gic_guest_error_count(gic));
    for (unsigned i = 0; i < c->num_its; i++) {
        gic_its_stats_t s;
        gic_its_get_stats(gic, i, &s);
        fprintf(stderr, "ITS%u: commands %llu (errors %llu, last 0x%06x), MSIs %llu, "
                "translated %llu, stalled %d, dropped:", i, (unsigned long long)s.commands,
                (unsigned long long)s.command_errors, (unsigned)s.last_error,
                (unsigned long long)s.msi_offered, (unsigned long long)s.msi_translated,
                gic_its_stalled(gic, i));
        for (int k = 0; k < GIC_NUM_DROP_REASONS; k++)
            if (s.msi_dropped[k])
                fprintf(stderr, " %s %llu", gic_msi_drop_name((gic_msi_drop_t)k),
                        (unsigned long long)s.msi_dropped[k]);
        fputc('\n', stderr);
    }
}

/* The accounting identities every fuzz target checks after each operation:
 * per ITS offered = translated + dropped + in flight (and coalesced <= translated,
 * errors <= commands); LPIs set pending = acknowledged + cleared + still pending. */
static inline __attribute__((unused)) void fuzz_check_accounting(gic_t *gic,
                                                                 const gic_config_t *c)
{
    for (unsigned i = 0; i < c->num_its; i++) {
        gic_its_stats_t s;
        FUZZ_CHECK(gic_its_get_stats(gic, i, &s) == GIC_OK, "stats of ITS%u", i);
        uint64_t dropped = 0;
        for (int k = 0; k < GIC_NUM_DROP_REASONS; k++)
            dropped += s.msi_dropped[k];
        FUZZ_CHECK(s.msi_offered == s.msi_translated + dropped + s.msi_in_flight,
                   "ITS%u: offered %llu != translated %llu + dropped %llu + in flight %llu", i,
                   (unsigned long long)s.msi_offered, (unsigned long long)s.msi_translated,
                   (unsigned long long)dropped, (unsigned long long)s.msi_in_flight);
        FUZZ_CHECK(s.msi_coalesced <= s.msi_translated, "ITS%u: coalesced > translated", i);
        FUZZ_CHECK(s.command_errors <= s.commands, "ITS%u: errors > commands", i);
    }
    gic_lpi_stats_t l;
    gic_get_lpi_stats(gic, &l);
    uint64_t pending = 0;
    for (unsigned cpu = 0; cpu < c->num_cpus; cpu++)
        pending += gic_lpi_pending_count(gic, cpu);
    FUZZ_CHECK(l.set_pending == l.acknowledged + l.cleared + pending,
               "LPIs: set pending %llu != acknowledged %llu + cleared %llu + pending %llu",
               (unsigned long long)l.set_pending, (unsigned long long)l.acknowledged,
               (unsigned long long)l.cleared, (unsigned long long)pending);
    if (!c->virt.gicv4)
        return;
    gic_vlpi_stats_t v;
    gic_get_vlpi_stats(gic, &v);
    uint64_t vdropped = 0;
    for (int k = 0; k < GIC_NUM_VLPI_DROPS; k++)
        vdropped += v.dropped[k];
    FUZZ_CHECK(v.offered == v.acknowledged + v.coalesced + v.cleared + v.pending + vdropped,
               "vLPIs: offered %llu != delivered %llu + coalesced %llu + cleared %llu + "
               "pending %llu + dropped %llu", (unsigned long long)v.offered,
               (unsigned long long)v.acknowledged, (unsigned long long)v.coalesced,
               (unsigned long long)v.cleared, (unsigned long long)v.pending,
               (unsigned long long)vdropped);
    FUZZ_CHECK(v.vsgi_offered == v.vsgi_acknowledged + v.vsgi_coalesced + v.vsgi_cleared +
                                     v.vsgi_pending + v.vsgi_dropped,
               "vSGIs: offered %llu != delivered %llu + coalesced %llu + cleared %llu + "
               "pending %llu + dropped %llu", (unsigned long long)v.vsgi_offered,
               (unsigned long long)v.vsgi_acknowledged, (unsigned long long)v.vsgi_coalesced,
               (unsigned long long)v.vsgi_cleared, (unsigned long long)v.vsgi_pending,
               (unsigned long long)v.vsgi_dropped);
}

#endif
