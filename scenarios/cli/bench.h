/* `gicsim bench`: host-speed benchmark of the model. */
#ifndef GICSIM_BENCH_H
#define GICSIM_BENCH_H
int bench_main(int argc, char **argv);
#endif
