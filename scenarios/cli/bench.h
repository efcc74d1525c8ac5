/* `gicsim bench`: host-speed benchmark of the model. */
#ifndef GICSIM_BENCH_H
#define GICSIM_BENCH_H
#include <stdio.h>
int bench_main(int argc, char **argv);
/* The usage text on f; returns rc. */
int bench_usage(FILE *f, int rc);
struct bench_opts;
/* bench_virq.c: the virtual interface (list register to ICV acknowledge and EOI). */
int bench_virq(const struct bench_opts *o);
/* bench_vlpi.c: GICv4.1 (MSI to a resident vPE's vLPI, ICV acknowledge and EOI). */
int bench_vlpi(const struct bench_opts *o);
#endif
