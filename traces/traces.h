/* Trace outputs for any gic_t: attach one with the GIC and a file name, close it when
 * done. Written against the public API only (include/gicsim), so the runner, the
 * gicsim-tlm platform and an embedder's own program use the same writers.
 *
 *   struct gic_waveform *w = gic_waveform_open(gic, "run.vcd");   // and run.gtkw
 *   struct gic_eventlog *l = gic_eventlog_open(gic, "run.jsonl");
 *   ... run ...
 *   gic_waveform_close(w, gic_now(gic));
 *   gic_eventlog_close(l);
 */
#ifndef GICSIM_TRACES_H
#define GICSIM_TRACES_H

#include "gicsim/gicsim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The event log: one JSON object per trace event, with the kind's named fields
 * (docs/scenario-format.md). NULL with errno set if path cannot be written. */
struct gic_eventlog;
struct gic_eventlog *gic_eventlog_open(gic_t *gic, const char *path);
/* Detaches from the GIC and closes the file: 0, or -1 with errno on a write error. */
int gic_eventlog_close(struct gic_eventlog *log);

/* The waveform: a VCD of every CPU interface (IRQ, FIQ, acknowledged INTID, running
 * priority), redistributor (highest pending priority, pending LPIs) and ITS (command
 * queue depth, busy, MSI arrivals, translations, drops), and a gtkwave save file beside
 * it (NAME.gtkw for NAME.vcd) with one group per block. NULL with errno set if either
 * file cannot be written. */
struct gic_waveform;
struct gic_waveform *gic_waveform_open(gic_t *gic, const char *vcd_path);
/* Detaches, writes the final timestamp t_end and closes: 0, or -1 with errno. */
int gic_waveform_close(struct gic_waveform *w, gic_time_t t_end);

#ifdef __cplusplus
}
#endif

#endif
