/* `gicsim demo [--vcd FILE] [--log FILE]`: a guided tour of the core API without a
 * scenario file. Boots the GIC the way Linux does, raises interrupts and lets each CPU
 * take them. A waveform and an event log attach to the gic_t directly (traces.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "demo.h"
#include "gicsim/gicsim.h"
#include "traces.h"

static const gic_attrs_t NONSECURE = {false, 0};

static void wr(gic_t *g, const char *reg, unsigned inst, uint64_t v)
{
    uint64_t addr;
    unsigned width;
    if (gic_reg_addr(g, reg, inst, &addr, &width) == GIC_OK)
        gic_mmio_write(g, addr, width, v, NONSECURE);
}

static void on_signal(void *opaque, unsigned cpu, gic_signal_t sig, bool level)
{
    (void)opaque;
    printf("  cpu %u: %s %s\n", cpu, sig == GIC_SIG_IRQ ? "IRQ" : "FIQ",
           level ? "asserted" : "deasserted");
}

static void boot(gic_t *g, unsigned cpus, unsigned spis)
{
    char name[32];
    wr(g, "GICD_CTLR", 0, 0x12); /* EnableGrp1, ARE */
    for (unsigned n = 1; n <= spis / 32; n++) {
        snprintf(name, sizeof(name), "GICD_IGROUPR%u", n);
        wr(g, name, 0, ~0u); /* SPIs in Group 1 */
    }
    for (unsigned c = 0; c < cpus; c++) {
        wr(g, "GICR_WAKER", c, 0);
        wr(g, "GICR_IGROUPR0", c, ~0u);
        wr(g, "GICR_ISENABLER0", c, 0xFFFF);
        gic_sysreg_write(g, c, ICC_PMR_EL1, 0xF0);
        gic_sysreg_write(g, c, ICC_IGRPEN1_EL1, 1);
    }
}

static void mem64(gic_mem_t *mem, uint64_t addr, uint64_t v)
{
    gic_mem_write(mem, addr, &v, 8);
}

/* LPIs: configuration table, per-CPU pending tables, EnableLPIs; then the ITS with a
 * flat device table, a collection table and a 64 KiB command queue. */
static void boot_lpis(gic_t *g, unsigned cpus)
{
    for (unsigned c = 0; c < cpus; c++) {
        wr(g, "GICR_PROPBASER", c, 0x40000000 | 15); /* 16 ID bits */
        wr(g, "GICR_PENDBASER", c, 0x40100000 + 0x10000 * (uint64_t)c);
        wr(g, "GICR_CTLR", c, 1);
    }
    wr(g, "GITS_BASER0", 0, 1ull << 63 | 0x41000000 | 2u << 8);
    wr(g, "GITS_BASER1", 0, 1ull << 63 | 0x41100000 | 2u << 8);
    wr(g, "GITS_CBASER", 0, 1ull << 63 | 0x41200000 | 15);
    wr(g, "GITS_CTLR", 0, 1);
}

/* Writes ITS commands (4 doublewords each) at CWRITER and lets the ITS run them. */
static void its_commands(gic_t *g, gic_mem_t *mem, const uint64_t (*cmd)[4], unsigned n)
{
    static uint64_t cwriter;
    for (unsigned i = 0; i < n; i++, cwriter += 32)
        for (unsigned k = 0; k < 4; k++)
            mem64(mem, 0x41200000 + cwriter + 8 * k, cmd[i][k]);
    wr(g, "GITS_CWRITER", 0, cwriter);
    gic_run_until(g, gic_now(g));
}

/* Simulated time passes as a CPU would spend it, so a waveform shows each step. */
#define NS 1000ull /* ps */
static void spend(gic_t *g, uint64_t ps)
{
    gic_run_until(g, gic_now(g) + ps);
}

/* Each CPU with IRQ asserted takes the exception (50 ns), reads IAR1, runs its handler
 * (200 ns) and writes EOIR1, until all are quiet. */
static void service(gic_t *g, unsigned cpus)
{
    for (int busy = 1; busy;) {
        busy = 0;
        spend(g, 50 * NS);
        for (unsigned c = 0; c < cpus; c++) {
            if (!gic_signal_level(g, c, GIC_SIG_IRQ))
                continue;
            uint64_t intid;
            gic_sysreg_read(g, c, ICC_IAR1_EL1, &intid);
            printf("  cpu %u: acknowledged INTID %llu\n", c, (unsigned long long)intid);
            spend(g, 200 * NS);
            if (intid == 40) { /* the handler quiets the level-sensitive device */
                printf("  cpu %u: handler lowers the SPI 40 line\n", c);
                gic_set_spi(g, 40, false);
            }
            gic_sysreg_write(g, c, ICC_EOIR1_EL1, intid);
            busy = 1;
        }
    }
    spend(g, 1000 * NS); /* a gap between the tour's steps */
}

/* --vcd FILE and --log FILE; false on anything else. */
static bool parse_args(int argc, char **argv, const char **vcd, const char **log)
{
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 >= argc)
            return false;
        if (!strcmp(argv[i], "--vcd"))
            *vcd = argv[i + 1];
        else if (!strcmp(argv[i], "--log"))
            *log = argv[i + 1];
        else
            return false;
    }
    return true;
}

static void demo_run(gic_t *g, gic_mem_t *mem, const gic_config_t *c);

void demo_usage(FILE *f)
{
    fprintf(f, "usage: gicsim demo [--vcd FILE] [--log FILE]\n"
               "A guided tour of the core API without a scenario file: boots the GIC the way\n"
               "Linux does, raises an SPI, an SGI and an MSI and lets each CPU take them.\n"
               "  --vcd FILE  a waveform of the tour (and its .gtkw), attached to the gic_t\n"
               "  --log FILE  its event log\n"
               "scenarios/cli/demo.c is the commented source.\n");
}

int gicsim_demo(int argc, char **argv)
{
    const char *vcd = NULL, *log = NULL;
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        demo_usage(stdout);
        return 0;
    }
    if (!parse_args(argc, argv, &vcd, &log)) {
        demo_usage(stderr);
        return 2;
    }
    gic_mem_t *mem = gic_mem_create();
    gic_config_t cfg;
    gic_config_default(&cfg);
    cfg.mem = gic_mem_as_port(mem);
    char err[128];
    gic_t *g = gic_create(&cfg, err, sizeof(err));
    if (!g) {
        fprintf(stderr, "gicsim demo: %s\n", err);
        gic_mem_destroy(mem);
        return 2;
    }
    struct gic_waveform *wave = NULL;
    struct gic_eventlog *events = NULL;
    const char *bad = vcd && !(wave = gic_waveform_open(g, vcd, 0)) ? vcd
                      : log && !(events = gic_eventlog_open(g, log, ~0ULL)) ? log
                                                                    : NULL;
    if (bad) {
        fprintf(stderr, "gicsim demo: %s: cannot write: %s\n", bad, strerror(errno));
        gic_waveform_close(wave, 0);
        gic_destroy(g);
        gic_mem_destroy(mem);
        return 2;
    }
    demo_run(g, mem, &cfg);
    int rc = 0;
    if (gic_waveform_close(wave, gic_now(g)) || gic_eventlog_close(events)) {
        fprintf(stderr, "gicsim demo: writing the waveform or log failed: %s\n",
                strerror(errno));
        rc = 2;
    }
    gic_destroy(g);
    gic_mem_destroy(mem);
    return rc;
}

static void demo_run(gic_t *g, gic_mem_t *mem, const gic_config_t *c)
{
    gic_config_t cfg = *c;
    gic_set_signal_handler(g, on_signal, NULL);
    printf("gicsim %s demo: %u CPUs, %u SPIs, GICD at 0x%llx, GICR at 0x%llx\n",
           GICSIM_VERSION, cfg.num_cpus, cfg.num_spis, (unsigned long long)cfg.gicd_base,
           (unsigned long long)cfg.gicr_base);
    boot(g, cfg.num_cpus, cfg.num_spis);

    printf("SPI 40, level, routed to CPU 2, priority 0xa0:\n");
    wr(g, "GICD_IROUTER40", 0, 2);
    wr(g, "GICD_IPRIORITYR10", 0, 0xa0);
    wr(g, "GICD_ISENABLER1", 0, 1u << 8);
    gic_set_spi(g, 40, true);
    service(g, cfg.num_cpus);

    printf("SGI 3 from CPU 0 to CPUs 1 and 3 (ICC_SGI1R_EL1 target list 0b1010):\n");
    gic_sysreg_write(g, 0, ICC_SGI1R_EL1, (3ull << 24) | 0xA);
    service(g, cfg.num_cpus);

    printf("MSI: device 2 event 20 -> LPI 8195 on CPU 3 (MAPD, MAPC, MAPTI, SYNC):\n");
    boot_lpis(g, cfg.num_cpus);
    uint8_t conf = 0xa0 | 2 | 1; /* priority 0xa0, enabled */
    gic_mem_write(mem, 0x40000000 + 8195 - 8192, &conf, 1);
    const uint64_t cmds[][4] = {
        {0x08 | 2ull << 32, 8 - 1, 1ull << 63 | 0x42000000, 0}, /* MAPD dev 2, 8 bits */
        {0x09, 0, 1ull << 63 | 3ull << 16 | 3, 0},             /* MAPC ICID 3 -> CPU 3 */
        {0x0A | 2ull << 32, 8195ull << 32 | 20, 3, 0},          /* MAPTI ev 20 -> 8195 */
        {0x05, 0, 3ull << 16, 0},                               /* SYNC CPU 3 */
    };
    its_commands(g, mem, cmds, 4);
    gic_msi(g, 0, 2, 20);
    gic_run_until(g, gic_now(g));
    service(g, cfg.num_cpus);
    gic_its_stats_t st;
    gic_its_get_stats(g, 0, &st);
    printf("ITS0: %llu commands, %llu errors, %llu MSIs offered, %llu translated\n",
           (unsigned long long)st.commands, (unsigned long long)st.command_errors,
           (unsigned long long)st.msi_offered, (unsigned long long)st.msi_translated);

    printf("guest errors: %llu\n", (unsigned long long)gic_guest_error_count(g));
}
