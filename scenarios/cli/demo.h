/* `gicsim demo`: the C API without a scenario file. */
#ifndef GICSIM_DEMO_H
#define GICSIM_DEMO_H
#include <stdio.h>
int gicsim_demo(int argc, char **argv);
void demo_usage(FILE *f);
#endif
