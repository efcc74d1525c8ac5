/* `gicsim bench`: host-speed benchmark of the model. */
#ifndef GICSIM_BENCH_H
#define GICSIM_BENCH_H
#include <stdio.h>
int bench_main(int argc, char **argv);
/* The usage text on f; returns rc. */
int bench_usage(FILE *f, int rc);
#endif
