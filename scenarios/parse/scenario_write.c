/* Scenario -> YAML. One step per line in flow style, each preceded by nothing: the trace
 * line it came from is a comment, so a failure in `gicsim run` can be traced back. */
#include "scenario_write.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "its_encode.h"

#define X(v) ((unsigned long long)(v))

static void write_system(FILE *f, const struct scenario *s)
{
    const gic_config_t *g = &s->gic;
    const gic_its_config_t *t = &g->its[0];
    fprintf(f, "name: %s\ndescription: written by gicsim replay from %s\n", s->name, s->file);
    fprintf(f, "system:\n  cpus: %u\n  spis: %u\n  lpi_id_bits: %u\n  security: %s\n",
            g->num_cpus, g->num_spis, g->id_bits, g->two_security_states ? "two" : "single");
    /* The profile is written out: a replay's is ideal, and scenarios default to gic600. */
    fprintf(f, "  profile: %s\n", s->profile[0] ? s->profile : "ideal");
    fprintf(f, "  priority_bits: %u\n  distributor_priority_bits: %u\n", g->pri_bits,
            g->dist_pri_bits ? g->dist_pri_bits : g->pri_bits);
    fprintf(f, "  message_based_spis: %s\n  direct_lpi: %s\n", g->mbis ? "true" : "false",
            g->direct_lpi ? "true" : "false");
    fprintf(f, "  its:\n    - {device_bits: %u, event_bits: %u, collection_bits: %u, pta: %s, "
               "error_policy: %s}\n", t->device_bits, t->event_bits,
            t->collection_bits ? t->collection_bits : 16, t->pta ? "true" : "false",
            t->error_policy == GIC_ITS_ERRORS_STALL ? "stall" : "ignore");
    fprintf(f, "  cpu_model: {ack: %s}\n", s->ack == CPU_ACK_MANUAL ? "manual" : "auto");
    fprintf(f, "steps:\n");
}

/* One command of a group, decoded where the scenario format has a name for it. */
static void write_cmd(FILE *f, const struct scn_cmd *c, bool pta)
{
    const uint64_t *d = c->dw;
    unsigned dev = (unsigned)(d[0] >> 32), ev = (unsigned)d[1], icid = (unsigned)(d[2] & 0xFFFF);
    switch (d[0] & 0xFF) {
    case ITS_OP_MAPD:
        fprintf(f, "{mapd: {device: %u, event_bits: %u, itt: 0x%llx, valid: %s}}", dev,
                (unsigned)(d[1] & 0x1F) + 1, X(d[2] & 0x000FFFFFFFFFFF00ULL),
                d[2] >> 63 ? "true" : "false");
        return;
    case ITS_OP_MAPC:
        if (pta)
            break;
        fprintf(f, "{mapc: {collection: %u, cpu: %llu, valid: %s}}", icid,
                X(d[2] >> 16 & 0xFFFFFFFFFULL), d[2] >> 63 ? "true" : "false");
        return;
    case ITS_OP_MAPTI:
        fprintf(f, "{mapti: {device: %u, event: %u, intid: %u, collection: %u}}", dev, ev,
                (unsigned)(d[1] >> 32), icid);
        return;
    case ITS_OP_MAPI:
        fprintf(f, "{mapi: {device: %u, event: %u, collection: %u}}", dev, ev, icid);
        return;
    case ITS_OP_MOVI:
        fprintf(f, "{movi: {device: %u, event: %u, collection: %u}}", dev, ev, icid);
        return;
    case ITS_OP_INV: case ITS_OP_DISCARD: case ITS_OP_INT: case ITS_OP_CLEAR:
        fprintf(f, "{%s: {device: %u, event: %u}}",
                (d[0] & 0xFF) == ITS_OP_INV ? "inv" : (d[0] & 0xFF) == ITS_OP_DISCARD ? "discard"
                : (d[0] & 0xFF) == ITS_OP_INT ? "int" : "clear", dev, ev);
        return;
    case ITS_OP_INVALL:
        fprintf(f, "{invall: {collection: %u}}", icid);
        return;
    case ITS_OP_SYNC:
        if (pta)
            break;
        fprintf(f, "{sync: {cpu: %llu}}", X(d[2] >> 16 & 0xFFFFFFFFFULL));
        return;
    }
    fprintf(f, "{raw_command: {dw: [0x%llx, 0x%llx, 0x%llx, 0x%llx]}}", X(d[0]), X(d[1]),
            X(d[2]), X(d[3]));
}

static void write_expect(FILE *f, const struct step *st)
{
    if (!st->has_expect)
        return;
    fprintf(f, ", expect: 0x%llx", X(st->expect));
    if (st->mask != ~0ULL)
        fprintf(f, ", mask: 0x%llx", X(st->mask));
}

static const char *const levels[] = {"low", "high", "pulse"};

/* false for a kind the replay does not produce. */
static bool write_step(FILE *f, const struct scenario *s, const struct step *st)
{
    const char *sec = st->flag ? ", secure: true" : "";
    fprintf(f, "  - ");
    switch (st->kind) {
    case STEP_MMIO_READ: case STEP_MMIO_WRITE:
        fprintf(f, "%s: {addr: 0x%llx, size: %u", step_name(st->kind), X(st->addr), st->size);
        if (st->kind == STEP_MMIO_WRITE)
            fprintf(f, ", value: 0x%llx", X(st->value));
        write_expect(f, st);
        fprintf(f, "%s}", sec);
        break;
    case STEP_SYSREG_READ: case STEP_SYSREG_WRITE:
        fprintf(f, "%s: {cpu: %d, reg: %s", step_name(st->kind), st->cpu,
                gic_sysreg_name((gic_sysreg_t)st->sysreg));
        if (st->kind == STEP_SYSREG_WRITE)
            fprintf(f, ", value: 0x%llx", X(st->value));
        write_expect(f, st);
        fprintf(f, "%s}", sec);
        break;
    case STEP_ACK:
        fprintf(f, "ack: {cpu: %d%s", st->cpu, st->has_expect ? ", expect: " : "");
        if (st->has_expect)
            fprintf(f, "%llu", X(st->expect));
        fprintf(f, "}");
        break;
    case STEP_EOI: case STEP_DIR:
        fprintf(f, "%s: {cpu: %d, intid: %u}", step_name(st->kind), st->cpu, st->intid);
        break;
    case STEP_SPI: fprintf(f, "spi: {intid: %u, level: %s}", st->intid, levels[st->level]); break;
    case STEP_PPI:
        fprintf(f, "ppi: {cpu: %d, intid: %u, level: %s}", st->cpu, st->intid, levels[st->level]);
        break;
    case STEP_MSI:
        fprintf(f, "msi: {its: %u, device: %u, event: %u}", st->its, st->device, st->event);
        break;
    case STEP_LPI_CONFIG:
        fprintf(f, "lpi_config: {intid: %u, priority: 0x%x, enable: %s}", st->intid,
                st->priority, st->flag ? "true" : "false");
        break;
    case STEP_COMMANDS:
        fprintf(f, "commands: [");
        for (unsigned i = 0; i < st->n_cmds; i++) {
            fprintf(f, i ? ", " : "");
            write_cmd(f, &st->cmds[i], s->gic.its[st->its].pta);
        }
        fprintf(f, "]");
        break;
    default:
        return false;
    }
    fprintf(f, "  # line %u\n", st->line);
    return true;
}

int scenario_write(const struct scenario *s, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        return 2;
    }
    write_system(f, s);
    for (unsigned i = 0; i < s->n_steps; i++)
        if (!write_step(f, s, &s->steps[i])) {
            snprintf(err, errlen, "%s: step %u (%s) cannot be written", path, i + 1,
                     step_name(s->steps[i].kind));
            fclose(f);
            return 2;
        }
    if (fclose(f)) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        return 2;
    }
    return 0;
}
