/* Trace outputs for any gic_t: attach one with the GIC and a file name, close it when
 * done. Written against the public API only (include/gicsim), so the runner, the
 * gicsim-tlm platform and an embedder's own program use the same writers.
 *
 *   struct gic_waveform *w = gic_waveform_open(gic, "run.vcd", 0);   // and run.gtkw
 *   struct gic_eventlog *l = gic_eventlog_open(gic, "run.jsonl", ~0ULL);
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

/* The event log: one JSON object per trace event of the kinds selected (bit k: kind k;
 * ~0 for all), with the kind's named fields (docs/scenario-format.md). NULL with errno
 * set if path cannot be written. */
struct gic_eventlog;
struct gic_eventlog *gic_eventlog_open(gic_t *gic, const char *path, uint64_t kinds);
/* The kinds a --log-events spec selects: comma-separated glob patterns over the event
 * names ("its_*,icc_iar_ack"); NULL selects all. -1 with a message in err if a pattern
 * is empty or matches no event. */
int gic_eventlog_kinds(const char *spec, uint64_t *kinds, char *err, size_t len);
/* Detaches from the GIC and closes the file: 0, or -1 with errno on a write error. */
int gic_eventlog_close(struct gic_eventlog *log);

/* The waveform: a VCD of every CPU interface, redistributor, the distributor and every
 * ITS (traces/waveform.c lists the rows), and a gtkwave save file beside it (NAME.gtkw
 * for NAME.vcd) with one group per block, zoomed to the whole run. NULL with errno set
 * if either file cannot be written. */
struct gic_waveform;
#define GIC_WAVEFORM_STEPS 1u /* a `scenario.step` text row, set with gic_waveform_mark */
struct gic_waveform *gic_waveform_open(gic_t *gic, const char *vcd_path, unsigned flags);
/* From t on, the step row reads text (the owner's step: "L12_mapti"). */
void gic_waveform_mark(struct gic_waveform *w, gic_time_t t, const char *text);
/* Detaches, writes the final timestamp t_end and closes: 0, or -1 with errno. */
int gic_waveform_close(struct gic_waveform *w, gic_time_t t_end);

#ifdef __cplusplus
}
#endif

#endif
