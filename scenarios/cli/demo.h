#ifndef GICSIM_DEMO_H
#define GICSIM_DEMO_H
int gicsim_demo(int argc, char **argv);
#endif
