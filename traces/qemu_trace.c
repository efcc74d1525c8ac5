/* QEMU GICv3 trace log reader: each line is matched against the format QEMU 7.2 prints
 * for its event (hw/intc/trace-events), so a corrupted or truncated line is refused
 * with its line number instead of being half-understood. */
#include "qemu_trace.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_NUMS 8

struct qt_reader {
    char *path;
    FILE *f;
    pid_t child;      /* the decompressor, or 0 */
    unsigned line;
    char *buf;
    size_t cap;
};

/* What one line parsed into: numbers in the order of the format, and one word. */
struct fields {
    uint64_t n[MAX_NUMS];
    unsigned count;
    char word[16];
};

typedef void (*fill_fn)(struct qt_rec *r, const struct fields *f, const void *arg);

struct event {
    const char *name;   /* gicv3_... */
    const char *format; /* %x hex digits, %d decimal, %w a register name */
    fill_fn fill;
    const void *arg;
};

static void fail(char *err, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, len, fmt, ap);
    va_end(ap);
}

/* Matches s against fmt completely; false on any difference. */
static bool match(const char *s, const char *fmt, struct fields *f)
{
    f->count = 0;
    while (*fmt) {
        if (fmt[0] != '%') {
            if (*s++ != *fmt++)
                return false;
            continue;
        }
        char c = fmt[1];
        fmt += 2;
        if (c == 'w') {
            size_t n = 0;
            while ((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '_')
                n++;
            if (!n || n >= sizeof(f->word))
                return false;
            memcpy(f->word, s, n);
            f->word[n] = 0;
            s += n;
            continue;
        }
        const char *digits = c == 'x' ? "0123456789abcdef" : "0123456789";
        const char *start = s;
        if (c == 'd' && *s == '-')
            s++;
        size_t n = strspn(s, digits);
        if (!n || n > 16 || f->count == MAX_NUMS)
            return false;
        f->n[f->count++] = strtoull(start, NULL, c == 'x' ? 16 : 10);
        s += n;
    }
    return *s == 0;
}

static void fill_info(struct qt_rec *r, const struct fields *f, const void *arg)
{
    (void)f, (void)arg;
    r->kind = QT_INFO;
}

/* arg: "<kind><frame>[b]" — r/w, d/r/i, b for QEMU's "bad" access (no value). */
static void fill_mmio(struct qt_rec *r, const struct fields *f, const void *arg)
{
    const char *a = arg;
    unsigned i = 0;
    r->kind = a[0] == 'r' ? QT_MMIO_READ : QT_MMIO_WRITE;
    r->frame = a[1] == 'd' ? QT_GICD : a[1] == 'r' ? QT_GICR : QT_GITS;
    r->bad = a[2] == 'b';
    if (r->frame == QT_GICR)
        r->cpu = (unsigned)f->n[i++];
    r->offset = f->n[i++];
    if (!(r->bad && r->kind == QT_MMIO_READ))
        r->value = f->n[i++];
    r->size = (unsigned)f->n[i++];
    r->secure = r->frame != QT_GITS && f->n[i];
}

static void fill_msi(struct qt_rec *r, const struct fields *f, const void *arg)
{
    (void)arg;
    r->kind = QT_MSI;
    r->offset = f->n[0];
    r->event = (uint32_t)f->n[1];
    r->size = (unsigned)f->n[2];
    r->device = (uint32_t)f->n[3];
}

static void fill_wire(struct qt_rec *r, const struct fields *f, const void *arg)
{
    unsigned i = 0;
    r->kind = arg ? QT_PPI : QT_SPI;
    if (arg)
        r->cpu = (unsigned)f->n[i++];
    r->intid = (uint32_t)f->n[i++];
    r->level = (int)f->n[i];
}

static void fill_sgi(struct qt_rec *r, const struct fields *f, const void *arg)
{
    (void)arg;
    r->kind = QT_SGI;
    r->cpu = (unsigned)f->n[0];
    r->intid = (uint32_t)f->n[1];
    r->irm = (unsigned)f->n[2];
    r->aff = (unsigned)f->n[3];
    r->targets = (unsigned)f->n[4];
}

/* ICC_<word> read/write cpu, value. reg is resolved by the caller (it can fail). */
static void fill_sysreg(struct qt_rec *r, const struct fields *f, const void *arg)
{
    r->kind = arg ? QT_SYSREG_WRITE : QT_SYSREG_READ;
    r->cpu = (unsigned)f->n[0];
    r->value = f->n[1];
}

/* arg: the operand layout after the opcode byte. */
static void fill_cmd(struct qt_rec *r, const struct fields *f, const void *arg)
{
    const char *a = arg;
    r->kind = QT_ITS_CMD;
    r->opcode = (unsigned char)a[0];
    for (unsigned i = 0; a[i + 1]; i++) {
        uint64_t v = f->n[i];
        switch (a[i + 1]) {
        case 'D': r->device = (uint32_t)v; break;
        case 'E': r->event = (uint32_t)v; break;
        case 'C': r->icid = (uint32_t)v; break;
        case 'I': r->intid = (uint32_t)v; break;
        case 'S': r->size_field = (uint32_t)v; break;
        case 'T': r->itt = v << 8; break; /* QEMU prints the field, address bits [51:8] */
        case 'R': r->rdbase = v; break;
        case 'Q': r->rdbase2 = v; break;
        case 'V': r->valid = v != 0; break;
        }
    }
}

#define RD "read: offset 0x%x data 0x%x size %d"
#define WR "write: offset 0x%x data 0x%x size %d"
#define BR "read: offset 0x%x size %d"
#define CMD "GICv3 ITS: command "
#define DE "DeviceID 0x%x EventID 0x%x"
#define HPPI "GICv3 CPU i/f 0x%x "
#define ITE "ITTaddr 0x%x EventID 0x%x: valid %d inttype %d intid 0x%x ICID 0x%x " \
            "vPEID 0x%x doorbell 0x%x"

static const struct event events[] = {
    {"gicv3_dist_read", "GICv3 distributor " RD " secure %d", fill_mmio, "rd"},
    {"gicv3_dist_badread", "GICv3 distributor " BR " secure %d: error", fill_mmio, "rdb"},
    {"gicv3_dist_write", "GICv3 distributor " WR " secure %d", fill_mmio, "wd"},
    {"gicv3_dist_badwrite", "GICv3 distributor " WR " secure %d: error", fill_mmio, "wdb"},
    {"gicv3_dist_set_irq", "GICv3 distributor interrupt %d level changed to %d", fill_wire, NULL},
    {"gicv3_redist_read", "GICv3 redistributor 0x%x " RD " secure %d", fill_mmio, "rr"},
    {"gicv3_redist_badread", "GICv3 redistributor 0x%x " BR " secure %d: error", fill_mmio, "rrb"},
    {"gicv3_redist_write", "GICv3 redistributor 0x%x " WR " secure %d", fill_mmio, "wr"},
    {"gicv3_redist_badwrite", "GICv3 redistributor 0x%x " WR " secure %d: error", fill_mmio, "wrb"},
    {"gicv3_redist_set_irq", "GICv3 redistributor 0x%x interrupt %d level changed to %d",
     fill_wire, "ppi"},
    {"gicv3_redist_send_sgi", "GICv3 redistributor 0x%x pending SGI %d", fill_info, NULL},
    {"gicv3_its_read", "GICv3 ITS " RD, fill_mmio, "ri"},
    {"gicv3_its_badread", "GICv3 ITS " BR ": error", fill_mmio, "rib"},
    {"gicv3_its_write", "GICv3 ITS " WR, fill_mmio, "wi"},
    {"gicv3_its_badwrite", "GICv3 ITS " WR ": error", fill_mmio, "wib"},
    {"gicv3_its_translation_write", "GICv3 ITS TRANSLATER " WR " requester_id 0x%x", fill_msi, NULL},
    {"gicv3_its_process_command", "GICv3 ITS: processing command at offset 0x%x: 0x%x",
     fill_info, NULL},
    {"gicv3_its_cmd_int", CMD "INT " DE, fill_cmd, "\x03" "DE"},
    {"gicv3_its_cmd_clear", CMD "CLEAR " DE, fill_cmd, "\x04" "DE"},
    {"gicv3_its_cmd_discard", CMD "DISCARD " DE, fill_cmd, "\x0f" "DE"},
    {"gicv3_its_cmd_inv", CMD "INV " DE, fill_cmd, "\x0c" "DE"},
    {"gicv3_its_cmd_sync", CMD "SYNC", fill_cmd, "\x05"},
    {"gicv3_its_cmd_invall", CMD "INVALL", fill_cmd, "\x0d"},
    {"gicv3_its_cmd_mapd", CMD "MAPD DeviceID 0x%x Size 0x%x ITT_addr 0x%x V %d", fill_cmd,
     "\x08" "DSTV"},
    {"gicv3_its_cmd_mapc", CMD "MAPC ICID 0x%x RDbase 0x%x V %d", fill_cmd, "\x09" "CRV"},
    {"gicv3_its_cmd_mapi", CMD "MAPI " DE " ICID 0x%x", fill_cmd, "\x0b" "DEC"},
    {"gicv3_its_cmd_mapti", CMD "MAPTI " DE " ICID 0x%x pINTID 0x%x", fill_cmd, "\x0a" "DECI"},
    {"gicv3_its_cmd_movi", CMD "MOVI " DE " ICID 0x%x", fill_cmd, "\x01" "DEC"},
    {"gicv3_its_cmd_movall", CMD "MOVALL RDbase1 0x%x RDbase2 0x%x", fill_cmd, "\x0e" "RQ"},
    {"gicv3_its_dte_read", "GICv3 ITS: Device Table read for DeviceID 0x%x: valid %d size 0x%x "
     "ITTaddr 0x%x", fill_info, NULL},
    {"gicv3_its_dte_write", "GICv3 ITS: Device Table write for DeviceID 0x%x: valid %d size 0x%x "
     "ITTaddr 0x%x", fill_info, NULL},
    {"gicv3_its_dte_read_fault", "GICv3 ITS: Device Table read for DeviceID 0x%x: faulted",
     fill_info, NULL},
    {"gicv3_its_cte_read", "GICv3 ITS: Collection Table read for ICID 0x%x: valid %d RDBase 0x%x",
     fill_info, NULL},
    {"gicv3_its_cte_write", "GICv3 ITS: Collection Table write for ICID 0x%x: valid %d "
     "RDBase 0x%x", fill_info, NULL},
    {"gicv3_its_cte_read_fault", "GICv3 ITS: Collection Table read for ICID 0x%x: faulted",
     fill_info, NULL},
    {"gicv3_its_ite_read", "GICv3 ITS: Interrupt Table read for " ITE, fill_info, NULL},
    {"gicv3_its_ite_write", "GICv3 ITS: Interrupt Table write for " ITE, fill_info, NULL},
    {"gicv3_its_ite_read_fault", "GICv3 ITS: Interrupt Table read for ITTaddr 0x%x EventID 0x%x: "
     "faulted", fill_info, NULL},
    {"gicv3_cpuif_update", HPPI "HPPI update: irq %d group %d prio %d", fill_info, NULL},
    {"gicv3_cpuif_set_irqs", HPPI "HPPI update: setting FIQ %d IRQ %d", fill_info, NULL},
    {"gicv3_cpuif_virt_update", HPPI "virt HPPI update LR index %d HPPVLPI %d grp %d prio %d",
     fill_info, NULL},
    {"gicv3_cpuif_virt_set_irqs", HPPI "virt HPPI update: setting FIQ %d IRQ %d", fill_info, NULL},
    {"gicv3_icc_generate_sgi", HPPI "generating SGI %d IRM %d target affinity 0x%xxx "
     "targetlist 0x%x", fill_sgi, NULL},
};

/* gicv3_icc_<x>_read / _write: "GICv3 ICC_<REG> read cpu 0x%x value 0x%x". */
static int parse_icc(const char *name, const char *rest, struct qt_rec *r, char *why, size_t len)
{
    size_t n = strlen(name);
    bool write = n > 6 && !strcmp(name + n - 6, "_write");
    if (!write && !(n > 5 && !strcmp(name + n - 5, "_read")))
        return -1;
    struct fields f;
    if (!match(rest, write ? "GICv3 ICC_%w write cpu 0x%x value 0x%x"
                           : "GICv3 ICC_%w read cpu 0x%x value 0x%x", &f))
        return -1;
    fill_sysreg(r, &f, write ? "w" : NULL);
    char full[32];
    snprintf(full, sizeof(full), "ICC_%s_EL1", f.word);
    int reg = gic_sysreg_lookup(full);
    if (reg < 0) {
        snprintf(why, len, "%s is not a register gicsim models (EL3 and virtual CPU "
                 "interface registers are not replayed)", full);
        return -2;
    }
    r->reg = (gic_sysreg_t)reg;
    return 0;
}

static int parse_line(const char *s, struct qt_rec *r, char *why, size_t len)
{
    const char *sp = strchr(s, ' ');
    size_t n = sp ? (size_t)(sp - s) : strlen(s);
    if (strncmp(s, "gicv3_", 6) || !sp) {
        snprintf(why, len, "not a QEMU gicv3_* trace line");
        return -1;
    }
    char name[64];
    if (n >= sizeof(name)) {
        snprintf(why, len, "unknown trace event");
        return -1;
    }
    memcpy(name, s, n);
    name[n] = 0;
    struct fields f;
    for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
        if (strcmp(events[i].name, name))
            continue;
        if (!match(sp + 1, events[i].format, &f)) {
            snprintf(why, len, "%s: the line does not have QEMU's format for this event", name);
            return -1;
        }
        events[i].fill(r, &f, events[i].arg);
        return 0;
    }
    if (!strncmp(name, "gicv3_icc_", 10)) {
        int rc = parse_icc(name, sp + 1, r, why, len);
        if (rc == -1)
            snprintf(why, len, "%s: the line does not have QEMU's format for this event", name);
        return rc ? -1 : 0;
    }
    snprintf(why, len, "%s: event not replayed (virtualization, GICv4 or unknown)", name);
    return -1;
}

/* The decompressor for NAME.xz / NAME.gz, reading path, writing a pipe. */
static FILE *open_pipe(struct qt_reader *q, const char *tool)
{
    int in = open(q->path, O_RDONLY), p[2];
    if (in < 0 || pipe(p)) {
        if (in >= 0)
            close(in);
        return NULL;
    }
    fflush(NULL);
    q->child = fork();
    if (q->child == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(in, 0);
        dup2(p[1], 1);
        dup2(null, 2); /* qt_close reports a failure in one line of its own */
        close(p[0]);
        execlp(tool, tool, "-dc", (char *)NULL);
        _exit(127);
    }
    close(in);
    close(p[1]);
    return q->child < 0 ? (close(p[0]), NULL) : fdopen(p[0], "r");
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

struct qt_reader *qt_open(const char *path, char *err, size_t errlen)
{
    struct qt_reader *q = calloc(1, sizeof(*q));
    if (!q || !(q->path = strdup(path))) {
        free(q);
        fail(err, errlen, "%s: out of memory", path);
        return NULL;
    }
    if (access(path, R_OK))
        q->f = NULL;
    else if (ends_with(path, ".xz"))
        q->f = open_pipe(q, "xz");
    else if (ends_with(path, ".gz"))
        q->f = open_pipe(q, "gzip");
    else
        q->f = fopen(path, "r");
    if (!q->f) {
        fail(err, errlen, "%s: cannot read: %s", path, strerror(errno ? errno : EIO));
        qt_close(q, NULL, 0);
        return NULL;
    }
    return q;
}

int qt_next(struct qt_reader *q, struct qt_rec *rec, char *err, size_t errlen)
{
    char why[200];
    for (;;) {
        ssize_t n = getline(&q->buf, &q->cap, q->f);
        if (n < 0)
            return 0;
        q->line++;
        if (q->buf[n - 1] != '\n') {
            fail(err, errlen, "%s:%u: truncated line (no end of line)", q->path, q->line);
            return -1;
        }
        q->buf[n - 1] = 0;
        if (!q->buf[0])
            continue; /* QEMU writes none, but an editor may leave one */
        memset(rec, 0, sizeof(*rec));
        rec->line = q->line;
        if (parse_line(q->buf, rec, why, sizeof(why))) {
            fail(err, errlen, "%s:%u: %s", q->path, q->line, why);
            return -1;
        }
        return 1;
    }
}

const char *qt_line_text(const struct qt_reader *q)
{
    return q->buf ? q->buf : "";
}

int qt_close(struct qt_reader *q, char *err, size_t errlen)
{
    int rc = 0, status = 0;
    if (!q)
        return 0;
    if (q->f)
        fclose(q->f);
    if (q->child > 0 && (waitpid(q->child, &status, 0) < 0 || !WIFEXITED(status) ||
                         WEXITSTATUS(status))) {
        if (err)
            fail(err, errlen, "%s: cannot be decompressed (corrupt or truncated)", q->path);
        rc = -1;
    }
    free(q->buf);
    free(q->path);
    free(q);
    return rc;
}
