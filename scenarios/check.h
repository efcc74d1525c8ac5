/* `gicsim check`: run a directory of scenarios as a regression, in parallel. */
#ifndef GICSIM_CHECK_H
#define GICSIM_CHECK_H
int check_main(int argc, char **argv);
#endif
