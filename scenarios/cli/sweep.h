/* `gicsim sweep FILE --grid K=V,V,... [--grid ...] [-j N] --out DIR`: one run per point
 * of the cross product of the grids, each a `gicsim run FILE --set K=V ...` in its own
 * process, then a tidy results.csv (one row per point: parameters, headline figures). */
#ifndef GICSIM_SWEEP_H
#define GICSIM_SWEEP_H

#include <stdio.h>

void sweep_usage(FILE *f);
int sweep_main(int argc, char **argv);

#endif
