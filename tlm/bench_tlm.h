/* `gicsim-tlm bench msi-ack`: the msi-ack workload of `gicsim bench` through the TLM
 * wrapper, measured next to the same work on the C API. */
#ifndef GICSIM_TLM_BENCH_TLM_H
#define GICSIM_TLM_BENCH_TLM_H

int bench_tlm_main(int argc, char **argv);

#endif
