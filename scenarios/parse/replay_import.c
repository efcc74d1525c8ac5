/* QEMU trace -> scenario. One pass: each record becomes steps in recorded order; the
 * system is configured at the end from what the identification reads said. The rules
 * for what the trace cannot show are in docs/traces.md ("Reconstruction"). */
#include "replay_import.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "its_encode.h"
#include "profile.h"
#include "qemu_trace.h"
#include "replay_rules.h"

#define GICR_STRIDE 0x20000ULL
#define GICR_WAKER 0x14
#define GITS_CBASER 0x80
#define GITS_CWRITER 0x88
#define LPI_PRIORITY 0xa0 /* Linux's LPI_PROP_DEFAULT_PRIO */

struct imp {
    struct scenario *s;
    struct replay_stats *st;
    struct replay_rules rules;
    const char *path;
    char *err;
    size_t errlen;
    unsigned cap, line, max_cpu;
    struct scn_cmd *pend;          /* commands decoded since the last CWRITER write */
    unsigned n_pend, cap_pend;
    uint64_t cwriter, qsize;
    bool have_typer, have_its_typer, have_ctlr;
};

static int cwriter_write(struct imp *m, const struct qt_rec *r);
static int fail(struct imp *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct imp *m, const char *fmt, ...)
{
    int n = snprintf(m->err, m->errlen, "%s:%u: ", m->path, m->line);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->err + n, m->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return 2;
}

static struct step *add(struct imp *m, enum step_kind k)
{
    struct scenario *s = m->s;
    if (s->n_steps == m->cap) {
        m->cap = m->cap ? 2 * m->cap : 4096;
        struct step *n = realloc(s->steps, m->cap * sizeof(*n));
        if (!n)
            abort();
        s->steps = n;
    }
    struct step *st = &s->steps[s->n_steps++];
    /* group 1: ack/eoi are ICC_IAR1/EOIR1, as a scenario's default is */
    *st = (struct step){.kind = k, .line = m->line, .cpu = -1, .mask = ~0ULL, .count = 1,
                        .group = 1};
    return st;
}

/* QEMU names a PE by its affinity (Aff3.Aff2.Aff1.Aff0); gicsim by its index. */
static int cpu_index(struct imp *m, unsigned affid, unsigned *cpu)
{
    for (unsigned i = 0; i < GIC_MAX_CPUS; i++)
        if (gic_cpu_affinity(i) == affid) {
            *cpu = i;
            if (i > m->max_cpu)
                m->max_cpu = i;
            return 0;
        }
    return fail(m, "affinity 0x%x names no PE gicsim can model", affid);
}

/* The mask under which a register read is asserted; false: not asserted (IMPDEF). */
static bool read_mask(enum qt_frame f, uint64_t off, unsigned size, uint64_t *mask)
{
    uint64_t m = ~0ULL;
    bool wide = false; /* a 64-bit register, which may be read in 32-bit halves */
    if (off >= 0xFFD0 && off < 0x10000)
        return false; /* identification registers */
    if (f == QT_GICD && (off == 0x8 || off == 0xC))
        return false; /* IIDR, TYPER2 */
    if ((f == QT_GICR || f == QT_GITS) && off == 0x4)
        return false; /* IIDR */
    if (f == QT_GICD && off == 0x4) {
        m = 0xFB041F; /* TYPER: ITLinesNumber, SecurityExtn, MBIS, LPIS, IDbits */
    } else if (f == QT_GICR && (off & ~4ULL) == 0x8) {
        m = 0xFFFFFFFF00FFFF19ULL; /* TYPER: PLPIS, DirectLPI, Last, number, affinity */
        wide = true;
    } else if (f == QT_GITS && (off & ~4ULL) == 0x8) {
        m = 0x1F000BFF01ULL; /* TYPER: Physical, ID_bits, Devbits, PTA, CIDbits, CIL */
        wide = true;
    } else if (f == QT_GITS && off >= 0x100 && off < 0x140) {
        m = ~(7ULL << 56 | 0x1FULL << 48); /* BASERn: Type and Entry_Size are IMPDEF */
        wide = true;
    }
    if (wide && size == 4 && off % 8 == 4)
        m >>= 32;
    *mask = size == 8 ? m : m & 0xFFFFFFFF;
    return true;
}

static uint64_t frame_addr(const struct imp *m, const struct qt_rec *r, unsigned cpu)
{
    const gic_config_t *g = &m->s->gic;
    return r->frame == QT_GICD   ? g->gicd_base + r->offset
           : r->frame == QT_GICR ? g->gicr_base + cpu * GICR_STRIDE + r->offset
                                 : g->its[0].base + r->offset;
}

/* Identification reads configure the system (docs/traces.md, "The system"). */
static void configure_from(struct imp *m, const struct qt_rec *r)
{
    gic_config_t *g = &m->s->gic;
    uint64_t v = r->value;
    if (r->frame == QT_GICD && r->offset == 0x4 && !r->bad) {
        g->num_spis = 32 * ((unsigned)(v & 0x1F) + 1) - 32;
        g->two_security_states = v >> 10 & 1;
        g->mbis = v >> 16 & 1;
        g->lpis = v >> 17 & 1;
        g->id_bits = (unsigned)(v >> 19 & 0x1F) + 1;
        m->have_typer = true;
    } else if (r->frame == QT_GITS && r->offset == 0x8 && r->size == 8 && !r->bad) {
        gic_its_config_t *t = &g->its[0];
        t->event_bits = (unsigned)(v >> 8 & 0x1F) + 1;
        t->device_bits = (unsigned)(v >> 13 & 0x1F) + 1;
        t->pta = v >> 19 & 1;
        t->collection_bits = v >> 36 & 1 ? (unsigned)(v >> 32 & 0xF) + 1 : 0;
        m->have_its_typer = true;
    } else if (r->frame == QT_GICR && r->offset == 0x8 && !r->bad) {
        g->direct_lpi = v >> 3 & 1;
    }
}

/* QEMU resets a PE's ICC registers when the PE is reset (PSCI CPU_ON), without a
 * trace line. Linux wakes the PE's redistributor (GICR_WAKER.ProcessorSleep = 0)
 * before it programs the CPU interface, at boot and when a PE comes back online: the
 * replay puts the CPU interface back to its reset values there. */
static void cpuif_reset(struct imp *m, unsigned cpu)
{
    static const gic_sysreg_t regs[] = {ICC_CTLR_EL1, ICC_PMR_EL1, ICC_BPR0_EL1,
                                        ICC_BPR1_EL1, ICC_IGRPEN0_EL1, ICC_IGRPEN1_EL1,
                                        ICC_AP0R0_EL1, ICC_AP1R0_EL1};
    for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
        struct step *st = add(m, STEP_SYSREG_WRITE);
        st->cpu = (int)cpu;
        st->sysreg = regs[i];
        st->value = 0; /* BPRs: the write clamps to the minimum, their reset value */
        m->st->rebuilt++;
    }
}

static int mmio(struct imp *m, const struct qt_rec *r)
{
    unsigned cpu = 0;
    if (r->frame == QT_GICR && cpu_index(m, r->cpu, &cpu))
        return 2;
    if (r->kind == QT_MMIO_READ)
        configure_from(m, r);
    if (r->kind == QT_MMIO_WRITE && r->bad)
        return 0; /* QEMU refused it: it changed nothing there, so it is not replayed */
    if (r->frame == QT_GICR && r->kind == QT_MMIO_WRITE && r->offset == GICR_WAKER &&
        !(r->value & 2))
        cpuif_reset(m, cpu);
    if (r->frame == QT_GITS && r->kind == QT_MMIO_WRITE && r->offset == GITS_CBASER) {
        m->qsize = ((r->value & 0xFF) + 1) * 4096;
        m->cwriter = 0; /* a CBASER write resets CWRITER */
    }
    if (r->frame == QT_GITS && r->kind == QT_MMIO_WRITE && r->offset == GITS_CWRITER)
        return cwriter_write(m, r);
    struct step *st = add(m, r->kind == QT_MMIO_READ ? STEP_MMIO_READ : STEP_MMIO_WRITE);
    st->addr = frame_addr(m, r, cpu);
    st->size = r->size;
    st->flag = r->secure;
    st->value = r->value;
    if (r->kind == QT_MMIO_READ && !r->bad && read_mask(r->frame, r->offset, r->size, &st->mask)) {
        st->has_expect = true;
        st->expect = r->value;
        m->st->reads++;
    }
    m->st->events++;
    return 0;
}

/* ICC_CTLR_EL1: the identification fields (PRIbits, IDbits, SEIS, A3V, RSS,
 * ExtRange) configure the system and are not asserted. */
#define ICC_CTLR_ID_FIELDS 0xCFF00ULL

static int sysreg(struct imp *m, const struct qt_rec *r)
{
    unsigned cpu = 0;
    if (cpu_index(m, r->cpu, &cpu))
        return 2;
    struct step *st;
    if (r->kind == QT_SYSREG_READ && r->reg == ICC_IAR1_EL1) {
        st = add(m, STEP_ACK); /* an ack step: the delivery is recorded for the report */
        m->st->iars++;
    } else if (r->kind == QT_SYSREG_WRITE && (r->reg == ICC_EOIR1_EL1 || r->reg == ICC_DIR_EL1)) {
        st = add(m, r->reg == ICC_DIR_EL1 ? STEP_DIR : STEP_EOI);
        st->intid = (uint32_t)r->value;
    } else {
        st = add(m, r->kind == QT_SYSREG_READ ? STEP_SYSREG_READ : STEP_SYSREG_WRITE);
        st->sysreg = (int)r->reg;
        st->value = r->value;
        m->st->iars += r->reg == ICC_IAR0_EL1;
    }
    st->cpu = (int)cpu;
    if (r->kind == QT_SYSREG_READ) {
        st->has_expect = true;
        st->expect = r->value;
        if (r->reg == ICC_CTLR_EL1) {
            st->mask = ~ICC_CTLR_ID_FIELDS;
            m->s->gic.pri_bits = (unsigned)(r->value >> 8 & 7) + 1;
            m->have_ctlr = true;
        }
        m->st->reads++;
    }
    m->st->events++;
    return 0;
}

/* An SGI: the ICC_SGI1R_EL1 write QEMU decoded, put back together. Linux generates
 * Group 1 SGIs only; QEMU's line does not say which register was written. */
static int sgi(struct imp *m, const struct qt_rec *r)
{
    unsigned cpu = 0;
    if (cpu_index(m, r->cpu, &cpu))
        return 2;
    struct step *st = add(m, STEP_SYSREG_WRITE);
    st->cpu = (int)cpu;
    st->sysreg = ICC_SGI1R_EL1;
    st->value = (uint64_t)(r->intid & 0xF) << 24 | (uint64_t)(r->irm & 1) << 40 |
                (r->targets & 0xFFFF) | (uint64_t)(r->aff & 0xFF) << 16 |
                (uint64_t)(r->aff >> 8 & 0xFF) << 32 | (uint64_t)(r->aff >> 16 & 0xFF) << 48;
    m->st->events++;
    return 0;
}

static int wire(struct imp *m, const struct qt_rec *r)
{
    unsigned cpu = 0;
    if (r->kind == QT_PPI && cpu_index(m, r->cpu, &cpu))
        return 2;
    if (r->level != 0 && r->level != 1)
        return fail(m, "level %d is neither 0 nor 1", r->level);
    if (r->kind == QT_PPI && (r->intid < 16 || r->intid > 31))
        return fail(m, "interrupt %u is not a PPI", r->intid);
    if (r->kind == QT_SPI && r->intid < 32)
        return fail(m, "interrupt %u is not an SPI", r->intid);
    struct step *st = add(m, r->kind == QT_PPI ? STEP_PPI : STEP_SPI);
    st->cpu = r->kind == QT_PPI ? (int)cpu : -1;
    st->intid = r->intid;
    st->level = r->level;
    m->st->events++;
    return 0;
}

static int msi(struct imp *m, const struct qt_rec *r)
{
    if (r->offset != 0x40 || r->size != 4)
        return fail(m, "GITS_TRANSLATER is a 32-bit register at 0x40");
    struct step *st = add(m, STEP_MSI);
    st->device = r->device;
    st->event = r->event;
    m->st->events++;
    m->st->msis++;
    return 0;
}

/* LPI configuration byte: priority 0xa0 (Linux's default), group bit set. */
static void lpi_config(struct imp *m, uint32_t intid, bool on)
{
    struct step *st = add(m, STEP_LPI_CONFIG);
    st->intid = st->intid_last = intid;
    st->has_intid = true;
    st->priority = LPI_PRIORITY;
    st->flag = on;
    m->st->rebuilt++;
}

/* The packet of a decoded command, with the operands QEMU does not print. */
static const char *encode(struct imp *m, const struct qt_rec *r, uint64_t dw[4])
{
    struct replay_rules *u = &m->rules;
    uint32_t intid;
    bool on;
    switch (r->opcode) {
    case ITS_OP_MAPD:
        if (!r->valid)
            rules_unmap_device(u, r->device);
        return enc_mapd(dw, r->device, r->size_field + 1, r->itt, r->valid);
    case ITS_OP_MAPC:
        rules_mapc(u, r->icid, r->rdbase, r->valid);
        return enc_mapc(dw, r->icid, r->rdbase, r->valid);
    case ITS_OP_MAPTI: case ITS_OP_MAPI:
        if (rules_map(u, r->device, r->event, r->opcode == ITS_OP_MAPI ? r->event : r->intid,
                      r->icid))
            lpi_config(m, r->opcode == ITS_OP_MAPI ? r->event : r->intid, false);
        return r->opcode == ITS_OP_MAPI ? enc_mapi(dw, r->device, r->event, r->icid)
                                        : enc_mapti(dw, r->device, r->event, r->intid, r->icid);
    case ITS_OP_MOVI:
        rules_move(u, r->device, r->event, r->icid);
        return enc_movi(dw, r->device, r->event, r->icid);
    case ITS_OP_INV:
        if (rules_inv(u, r->device, r->event, &intid, &on))
            lpi_config(m, intid, on);
        return enc_dev_ev(dw, ITS_OP_INV, r->device, r->event);
    case ITS_OP_DISCARD:
        rules_unmap(u, r->device, r->event);
        return enc_dev_ev(dw, ITS_OP_DISCARD, r->device, r->event);
    case ITS_OP_INT: case ITS_OP_CLEAR:
        rules_touch(u, r->device, r->event);
        return enc_dev_ev(dw, (uint8_t)r->opcode, r->device, r->event);
    case ITS_OP_INVALL: return enc_invall(dw, u->last_mapc);
    case ITS_OP_SYNC: return enc_sync(dw, u->last_target);
    case ITS_OP_MOVALL: return enc_movall(dw, r->rdbase, r->rdbase2);
    }
    return "command not replayed";
}

/* A decoded command: kept until the CWRITER write that published it (QEMU traces
 * that write after running the commands). */
static int command(struct imp *m, const struct qt_rec *r)
{
    if (m->n_pend == m->cap_pend) {
        m->cap_pend = m->cap_pend ? 2 * m->cap_pend : 64;
        m->pend = realloc(m->pend, m->cap_pend * sizeof(*m->pend));
        if (!m->pend)
            abort();
    }
    struct scn_cmd *c = &m->pend[m->n_pend];
    *c = (struct scn_cmd){.line = m->line};
    const char *why = encode(m, r, c->dw);
    if (why)
        return fail(m, "%s", why);
    m->n_pend++;
    return 0;
}

/* The commands since the last CWRITER write go into the queue as one `commands`
 * step, whose driver writes them at the model's CWRITER and then CWRITER itself. */
static int cwriter_write(struct imp *m, const struct qt_rec *r)
{
    uint64_t want = m->qsize ? (m->cwriter + 32ULL * m->n_pend) % m->qsize : 0;
    if (m->n_pend && (r->value & 0xFFFE0) != want)
        return fail(m, "%u commands were run but GITS_CWRITER moved to 0x%llx, not 0x%llx",
                    m->n_pend, (unsigned long long)r->value, (unsigned long long)want);
    m->cwriter = r->value & 0xFFFE0;
    struct step *st = add(m, m->n_pend ? STEP_COMMANDS : STEP_MMIO_WRITE);
    m->st->events++;
    if (!m->n_pend) {
        st->addr = m->s->gic.its[0].base + GITS_CWRITER;
        st->size = r->size;
        st->value = r->value;
        return 0;
    }
    st->cmds = m->pend;
    st->n_cmds = m->n_pend;
    st->wait = false; /* the recorded GITS_CREADR reads follow as reads */
    m->st->commands += m->n_pend;
    m->pend = NULL;
    m->n_pend = m->cap_pend = 0;
    return 0;
}

static int record(struct imp *m, const struct qt_rec *r)
{
    switch (r->kind) {
    case QT_INFO: return 0;
    case QT_MMIO_READ: case QT_MMIO_WRITE: return mmio(m, r);
    case QT_MSI: return msi(m, r);
    case QT_SYSREG_READ: case QT_SYSREG_WRITE: return sysreg(m, r);
    case QT_SGI: return sgi(m, r);
    case QT_SPI: case QT_PPI: return wire(m, r);
    case QT_ITS_CMD: return command(m, r);
    }
    return 0;
}

/* QEMU's virt board (docs/traces.md): what the trace does not say. */
static void board_defaults(struct scenario *s, const char *path)
{
    memset(s, 0, sizeof(*s));
    gic_config_default(&s->gic);
    s->gic.num_spis = 224;
    s->gic.mbis = false;
    s->gic.dist_pri_bits = 8; /* QEMU stores 8 priority bits in GICD/GICR */
    s->gic.its[0].error_policy = GIC_ITS_ERRORS_IGNORE;
    s->ack = CPU_ACK_MANUAL; /* only the recorded accesses touch the CPU interfaces */
    s->seed = 1;
    s->clock_hz = 1e9;
    s->file = strdup(path);
    const char *base = strrchr(path, '/');
    s->name = strdup(base ? base + 1 : path);
    snprintf(s->profile, sizeof(s->profile), "ideal");
}

static int finish(struct imp *m, const char *profile)
{
    gic_config_t *g = &m->s->gic;
    if (m->n_pend)
        return fail(m, "the trace ends with %u commands no GITS_CWRITER write published "
                    "(truncated?)", m->n_pend);
    if (!m->have_typer)
        return fail(m, "no GICD_TYPER read: the trace does not start at boot");
    g->num_cpus = m->max_cpu + 1;
    if (profile) {
        int rc = profile_config(profile, g, m->err, m->errlen);
        if (rc)
            return rc;
        snprintf(m->s->profile, sizeof(m->s->profile), "%s", profile);
        if (g->timing.clock_hz)
            m->s->clock_hz = (double)g->timing.clock_hz;
    }
    char why[160];
    if (!gic_config_check(g, why, sizeof(why)))
        return fail(m, "the recorded system cannot be built: %s", why);
    return 0;
}

int replay_import(const char *path, const char *profile, struct scenario *s,
                  struct replay_stats *st, char *err, size_t errlen)
{
    struct imp m = {.s = s, .st = st, .path = path, .err = err, .errlen = errlen};
    memset(st, 0, sizeof(*st));
    board_defaults(s, path);
    rules_init(&m.rules);
    struct qt_reader *q = qt_open(path, err, errlen);
    int rc = q ? 0 : 2;
    struct qt_rec r;
    int got;
    while (!rc && (got = qt_next(q, &r, err, errlen)) > 0) {
        m.line = r.line;
        rc = record(&m, &r);
    }
    if (!rc && got < 0)
        rc = 2;
    if (q) {
        st->lines = m.line;
        char cerr[600];
        if (qt_close(q, cerr, sizeof(cerr)) && !rc) {
            snprintf(err, errlen, "%s", cerr);
            rc = 2;
        }
    }
    if (!rc)
        rc = finish(&m, profile);
    rules_free(&m.rules);
    free(m.pend);
    return rc;
}
