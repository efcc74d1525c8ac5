/* `gicsim bench virq`: the virtual interface's host cost. Per interrupt a hypervisor
 * writes a pending vINTID into a list register (ICH_LR<n>_EL2), the guest, at EL1 with
 * HCR_EL2.IMO = 1, takes it through ICC_IAR1_EL1 (reaching ICV_IAR1_EL1) and writes
 * ICC_EOIR1_EL1 (EOImode 0: the LR becomes invalid). Round-robin over the CPUs and the
 * list registers; simulated time runs until the vIRQ rises, as a PE would wait. */
#include <stdio.h>

#include "bench.h"
#include "bench_work.h"

#define LR_PENDING (1ULL << 62)
#define LR_GROUP1 (1ULL << 60)
#define LR_PRIORITY(p) ((uint64_t)(p) << 48)
#define LRS 4

/* EL2 set-up per CPU: virtual Group 1 enabled, virtual PMR open, En; then the PE runs
 * its guest at EL1 with IMO = 1. */
static void enter_guests(const struct busport *bus, gic_t *gic, unsigned cpus)
{
    for (unsigned c = 0; c < cpus; c++) {
        bus->sysreg_write(bus->ctx, c, ICH_VMCR_EL2, 0xFF000002); /* VPMR 0xFF, VENG1 */
        bus->sysreg_write(bus->ctx, c, ICH_HCR_EL2, 1);           /* En */
        gic_cpu_set_el(gic, c, 1, true, false);
    }
}

/* One virtual interrupt on cpu through LR lr: false if the guest did not get it. */
static bool one_virq(struct bench_sys *b, unsigned cpu, unsigned lr, uint32_t vintid)
{
    b->bus->sysreg_write(b->bus->ctx, cpu, (gic_sysreg_t)(ICH_LR0_EL2 + lr),
                         LR_PENDING | LR_GROUP1 | LR_PRIORITY(0xA0) | vintid);
    return bench_take_virq(b, cpu) == vintid;
}

int bench_virq(const struct bench_opts *o)
{
    gic_config_t cfg;
    char err[256];
    struct native_platform p;
    if (bench_configure(&cfg, o, err, sizeof(err)))
        goto bad;
    cfg.virt = (gic_virt_config_t){.enabled = true, .list_registers = LRS, .priority_bits = 5,
                                   .preemption_bits = 5, .maintenance_intid = 25};
    if (native_platform_create(&p, &cfg, err, sizeof(err)))
        goto bad;
    struct bench_sys b = {.bus = &p.bus, .gic = p.gic};
    bench_setup(&b, o);
    enter_guests(&p.bus, p.gic, o->cpus);
    uint64_t errors = 0;
    gic_time_t sim0 = gic_now(p.gic);
    double t0 = bench_host_now();
    for (uint64_t i = 0; i < o->count; i++)
        errors += !one_virq(&b, (unsigned)(i % o->cpus),
                            (unsigned)(i / o->cpus % LRS), 32 + (uint32_t)(i % 64));
    double secs = bench_host_now() - t0;
    double sim_ns = (double)(gic_now(p.gic) - sim0) / 1e3 / (double)o->count;
    native_platform_destroy(&p);
    if (o->json)
        printf("{\"workload\": \"virq\", \"profile\": \"%s\", \"cpus\": %u, \"count\": %llu, "
               "\"errors\": %llu, \"host_seconds\": %.6f, \"virqs_per_sec\": %.0f, "
               "\"ns_per_virq\": %.1f, \"sim_ns_per_virq\": %.1f}\n", o->profile, o->cpus,
               (unsigned long long)o->count, (unsigned long long)errors, secs,
               (double)o->count / secs, secs * 1e9 / (double)o->count, sim_ns);
    else
        printf("virq (%s): %llu virtual interrupts (LR write, ICV_IAR1, ICV_EOIR1) over %u "
               "CPUs in %.3f s = %.2f M/s (%.1f ns each); simulated %.1f ns per LR write to "
               "vIRQ%s\n", o->profile, (unsigned long long)o->count, o->cpus, secs,
               (double)o->count / secs / 1e6, secs * 1e9 / (double)o->count, sim_ns,
               errors ? " (SOME NOT DELIVERED)" : "");
    return errors ? 1 : 0;
bad:
    fprintf(stderr, "gicsim bench: %s\n", err);
    return 2;
}
