/* Reading QEMU's GICv3 trace log: the text `qemu-system-aarch64 -trace 'gicv3_*' -D LOG`
 * writes (Debian's QEMU 7.2 formats, hw/intc/trace-events), one typed record per line.
 * Plain, .gz and .xz files are read (the latter through gzip/xz). Written against the
 * public API only; turning records into scenario steps is scenarios/parse/replay_import.c.
 *
 *   struct qt_reader *q = qt_open("boot.trace.xz", err, sizeof(err));
 *   struct qt_rec rec;
 *   while ((rc = qt_next(q, &rec, err, sizeof(err))) > 0) ... ;
 *   rc = qt_close(q, err, sizeof(err));   // a failed decompression shows here
 */
#ifndef GICSIM_QEMU_TRACE_H
#define GICSIM_QEMU_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gicsim/gicsim.h"

#ifdef __cplusplus
extern "C" {
#endif

enum qt_kind {
    QT_INFO,        /* QEMU's own bookkeeping (HPPI updates, table reads): not stimulus */
    QT_MMIO_READ,   /* frame, cpu (redistributor), offset, value, size, secure, bad */
    QT_MMIO_WRITE,
    QT_MSI,         /* GITS_TRANSLATER write: device (requester_id), event (data) */
    QT_SYSREG_READ, /* cpu, reg, value */
    QT_SYSREG_WRITE,
    QT_SGI,         /* cpu, intid, irm, aff (Aff3.Aff2.Aff1), targets */
    QT_SPI,         /* intid, level */
    QT_PPI,         /* cpu, intid, level */
    QT_ITS_CMD,     /* opcode and the operands QEMU prints for it */
};

enum qt_frame { QT_GICD, QT_GICR, QT_GITS };

struct qt_rec {
    enum qt_kind kind;
    unsigned line;        /* 1-based line in the trace */
    enum qt_frame frame;
    unsigned cpu;
    uint64_t offset, value;
    unsigned size;
    bool secure;
    bool bad;             /* QEMU refused the access ("...: error"): no value */
    gic_sysreg_t reg;
    uint32_t intid;
    int level;
    unsigned irm, aff, targets;
    /* ITS commands */
    unsigned opcode;
    uint32_t device, event, icid, size_field;
    uint64_t itt, rdbase, rdbase2;
    bool valid;
};

struct qt_reader;

/* NULL with "FILE: why" in err if path cannot be read. */
struct qt_reader *qt_open(const char *path, char *err, size_t errlen);
/* 1 and the next record; 0 at the end; -1 with "FILE:LINE: why" in err. */
int qt_next(struct qt_reader *q, struct qt_rec *rec, char *err, size_t errlen);
/* The text of the line last read (no newline). */
const char *qt_line_text(const struct qt_reader *q);
/* 0, or -1 with a message (a decompressor that failed: a truncated .xz/.gz). */
int qt_close(struct qt_reader *q, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
