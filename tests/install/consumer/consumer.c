/* An embedder's C program, built by tests/install/install_check.sh against an installed
 * gicsim only (pkg-config gicsim-traces, or find_package(gicsim) and gicsim::traces or
 * gicsim::traces_static). It creates a GIC, programs it through MMIO and system
 * registers, raises an SPI, takes it on CPU 0, and records a waveform and an event log
 * of that.
 *
 *   consumer VERSION OUT_PREFIX    exit 0 when every check holds; writes OUT_PREFIX.vcd,
 *                                  OUT_PREFIX.gtkw and OUT_PREFIX.jsonl
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gicsim/gicsim.h>
#include <gicsim/traces.h>

static int failures;
#define CHECK(cond, ...)                                                                   \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "consumer: check failed: %s: ", #cond);                       \
            fprintf(stderr, __VA_ARGS__);                                                  \
            fputc('\n', stderr);                                                           \
            failures++;                                                                    \
        }                                                                                  \
    } while (0)

static const gic_attrs_t NS = {false, 0};

static uint64_t reg(gic_t *g, const char *name, unsigned inst, unsigned *width)
{
    uint64_t addr = 0;
    unsigned w = 0;
    CHECK(gic_reg_addr(g, name, inst, &addr, &w) == GIC_OK, "gic_reg_addr(%s)", name);
    if (width)
        *width = w;
    return addr;
}

static void wr(gic_t *g, const char *name, unsigned inst, uint64_t v)
{
    unsigned w;
    uint64_t a = reg(g, name, inst, &w);
    CHECK(gic_mmio_write(g, a, w, v, NS) == GIC_OK, "write %s", name);
}

static uint64_t rd(gic_t *g, const char *name, unsigned inst)
{
    unsigned w;
    uint64_t a = reg(g, name, inst, &w), v = ~0ull;
    CHECK(gic_mmio_read(g, a, w, NS, &v) == GIC_OK, "read %s", name);
    return v;
}

/* Whole file, NUL-terminated (NULL if missing). */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    char chunk[4096];
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (len + n + 1 > cap) {
            cap = 2 * (len + n + 1);
            char *nb = realloc(buf, cap);
            if (!nb)
                break;
            buf = nb;
        }
        memcpy(buf + len, chunk, n);
        len += n;
    }
    fclose(f);
    if (buf)
        buf[len] = 0;
    return buf;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: consumer VERSION OUT_PREFIX\n");
        return 2;
    }
    CHECK(!strcmp(GICSIM_VERSION, argv[1]), "installed header says %s, package %s",
          GICSIM_VERSION, argv[1]);

    char vcd[1024], gtkw[1024], log[1024], err[256] = "";
    snprintf(vcd, sizeof(vcd), "%s.vcd", argv[2]);
    snprintf(gtkw, sizeof(gtkw), "%s.gtkw", argv[2]);
    snprintf(log, sizeof(log), "%s.jsonl", argv[2]);

    gic_mem_t *mem = gic_mem_create();
    gic_config_t cfg;
    gic_config_default(&cfg);
    cfg.mem = gic_mem_as_port(mem);
    gic_t *g = gic_create(&cfg, err, sizeof(err));
    if (!g) {
        fprintf(stderr, "consumer: gic_create: %s\n", err);
        gic_mem_destroy(mem);
        return 1;
    }
    struct gic_waveform *wave = gic_waveform_open(g, vcd, 0);
    struct gic_eventlog *events = gic_eventlog_open(g, log, ~0ull);
    CHECK(wave && events, "attaching the waveform and the event log");

    /* MMIO: the distributor, CPU 0's redistributor; CPU interface by system register. */
    wr(g, "GICD_CTLR", 0, 0x12); /* EnableGrp1, ARE */
    CHECK((rd(g, "GICD_CTLR", 0) & 0x12) == 0x12, "GICD_CTLR reads back 0x%llx",
          (unsigned long long)rd(g, "GICD_CTLR", 0));
    wr(g, "GICD_IGROUPR1", 0, ~0u);
    wr(g, "GICD_IPRIORITYR10", 0, 0xa0); /* INTID 40 */
    wr(g, "GICD_IROUTER40", 0, 0);       /* to CPU 0 */
    wr(g, "GICD_ISENABLER1", 0, 1u << 8);
    CHECK(rd(g, "GICD_ISENABLER1", 0) & (1u << 8), "SPI 40 enabled");
    wr(g, "GICR_WAKER", 0, 0);
    gic_sysreg_write(g, 0, ICC_PMR_EL1, 0xf0);
    gic_sysreg_write(g, 0, ICC_IGRPEN1_EL1, 1);

    gic_set_spi(g, 40, true);
    gic_run_until(g, gic_now(g) + 1000000); /* 1 us */
    CHECK(gic_signal_level(g, 0, GIC_SIG_IRQ), "CPU 0's IRQ is asserted");
    uint64_t intid = 0;
    gic_sysreg_read(g, 0, ICC_IAR1_EL1, &intid);
    CHECK(intid == 40, "CPU 0 acknowledged INTID %llu, not 40", (unsigned long long)intid);
    gic_set_spi(g, 40, false);
    gic_sysreg_write(g, 0, ICC_EOIR1_EL1, intid);
    gic_run_until(g, gic_now(g) + 1000000);
    CHECK(!gic_signal_level(g, 0, GIC_SIG_IRQ), "CPU 0's IRQ is low again");
    CHECK(gic_guest_error_count(g) == 0, "%llu guest errors",
          (unsigned long long)gic_guest_error_count(g));

    CHECK(gic_waveform_close(wave, gic_now(g)) == 0, "closing the waveform");
    CHECK(gic_eventlog_close(events) == 0, "closing the event log");
    gic_destroy(g);
    gic_mem_destroy(mem);

    char *v = slurp(vcd), *s = slurp(gtkw), *l = slurp(log);
    CHECK(v && strstr(v, "$enddefinitions"), "%s is a VCD", vcd);
    CHECK(s && strstr(s, "[dumpfile]"), "%s is a gtkwave save file", gtkw);
    CHECK(l && strstr(l, "ICC_IAR1_EL1"), "%s logs the acknowledge", log);
    free(v);
    free(s);
    free(l);

    if (failures)
        return 1;
    printf("consumer: gicsim %s: MMIO, SPI 40 taken by CPU 0, waveform %s, event log %s\n",
           GICSIM_VERSION, vcd, log);
    return 0;
}
