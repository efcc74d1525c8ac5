/* Writes a sample VCD and its gtkwave save file, for gtkwave_check.sh:
 *   vcd_sample OUT.vcd OUT.gtkw
 * Prints "vars N" (variables declared) so the check can compare with gtkwave.
 * The sample covers what gtkwave could trip on: two top-level scopes, nesting,
 * 1-bit and 2..64-bit wires, names with spaces, and more than 94 variables so
 * that two-character identifiers appear. */
#include <stdio.h>

#include "vcd.h"

#define NCPUS 4
#define NLANES 96

static int declare_gic(struct vcd *v, int cpu_vars[NCPUS][3])
{
    int n = 0;
    vcd_scope_begin(v, "gic");
    for (int c = 0; c < NCPUS; c++) {
        char name[16];
        snprintf(name, sizeof name, "cpu%d", c);
        vcd_scope_begin(v, name);
        cpu_vars[c][0] = vcd_var(v, "irq", 1);
        cpu_vars[c][1] = vcd_var(v, "intid", 10);
        cpu_vars[c][2] = vcd_var(v, "running priority", 8);
        vcd_scope_end(v);
        n += 3;
    }
    vcd_scope_end(v);
    return n;
}

static int declare_its(struct vcd *v, int *msi, int lanes[NLANES])
{
    vcd_scope_begin(v, "its");
    *msi = vcd_var(v, "last_msi", 64);
    vcd_scope_begin(v, "lanes");
    for (int i = 0; i < NLANES; i++) {
        char name[16];
        snprintf(name, sizeof name, "lane %d", i);
        lanes[i] = vcd_var(v, name, 1);
    }
    vcd_scope_end(v);
    vcd_scope_end(v);
    return 1 + NLANES;
}

static void simulate(struct vcd *v, int cpu_vars[NCPUS][3], int msi, int lanes[NLANES])
{
    for (uint64_t t = 10; t <= 100; t += 10) {
        int c = (int)(t / 10) % NCPUS;
        vcd_change(v, t, cpu_vars[c][0], 1);
        vcd_change(v, t, cpu_vars[c][1], 32 + t);
        vcd_change(v, t, cpu_vars[c][2], 0xa0);
        vcd_change(v, t + 5, cpu_vars[c][0], 0);
        vcd_change(v, t + 5, msi, 0x8000000000000000ULL | t);
        vcd_change(v, t + 5, lanes[t % NLANES], 1);
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: vcd_sample OUT.vcd OUT.gtkw\n");
        return 2;
    }
    struct vcd *v = vcd_open(argv[1], "1ns");
    if (!v) {
        perror(argv[1]);
        return 1;
    }
    int cpu_vars[NCPUS][3], msi, lanes[NLANES];
    int n = declare_gic(v, cpu_vars) + declare_its(v, &msi, lanes);
    vcd_end_definitions(v);
    simulate(v, cpu_vars, msi, lanes);
    int rc = vcd_write_gtkw(v, argv[2], argv[1], 200);
    if (vcd_close(v, 200) != 0 || rc != 0) {
        fprintf(stderr, "vcd_sample: write failed\n");
        return 1;
    }
    printf("vars %d\n", n);
    return 0;
}
