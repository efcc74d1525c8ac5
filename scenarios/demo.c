/* `gicsim demo`: a guided tour of the core API without a scenario file. Boots the GIC
 * the way Linux does, raises interrupts and lets each CPU take them. */
#include <stdio.h>
#include <string.h>

#include "demo.h"
#include "gicsim/gicsim.h"

static const gic_attrs_t NS = {false, 0};

static void wr(gic_t *g, const char *reg, unsigned inst, uint64_t v)
{
    uint64_t addr;
    unsigned width;
    if (gic_reg_addr(g, reg, inst, &addr, &width) == GIC_OK)
        gic_mmio_write(g, addr, width, v, NS);
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

/* Each CPU with IRQ asserted reads IAR1 and writes EOIR1, until all are quiet. */
static void service(gic_t *g, unsigned cpus)
{
    for (int busy = 1; busy;) {
        busy = 0;
        for (unsigned c = 0; c < cpus; c++) {
            if (!gic_signal_level(g, c, GIC_SIG_IRQ))
                continue;
            uint64_t intid;
            gic_sysreg_read(g, c, ICC_IAR1_EL1, &intid);
            printf("  cpu %u: acknowledged INTID %llu\n", c, (unsigned long long)intid);
            if (intid == 40) { /* the handler quiets the level-sensitive device */
                printf("  cpu %u: handler lowers the SPI 40 line\n", c);
                gic_set_spi(g, 40, false);
            }
            gic_sysreg_write(g, c, ICC_EOIR1_EL1, intid);
            busy = 1;
        }
    }
}

int gicsim_demo(int argc, char **argv)
{
    (void)argc, (void)argv;
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

    printf("guest errors: %llu\n", (unsigned long long)gic_guest_error_count(g));
    gic_destroy(g);
    gic_mem_destroy(mem);
    return 0;
}
