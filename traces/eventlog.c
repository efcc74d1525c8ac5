/* The event log: every trace event as one JSON object per line, its fields named as
 * include/gicsim/trace.h lists them for the kind. Registers, drop reasons, commands,
 * signals and groups are written by name; everything else as a number. */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outfile.h"
#include "traces.h"

struct gic_eventlog {
    gic_t *gic;
    struct outfile out; /* renamed into place on close */
    FILE *f;
    uint64_t kinds; /* bit k: log events of kind k */
};

static void put_string(FILE *f, const char *key, const char *s)
{
    fprintf(f, ",\"%s\":\"", key);
    for (; s && *s; s++)
        if (*s == '"' || *s == '\\')
            fprintf(f, "\\%c", *s);
        else if ((unsigned char)*s >= 0x20)
            fputc(*s, f);
    fputc('"', f);
}

static void put_number(FILE *f, const char *key, uint64_t v)
{
    fprintf(f, ",\"%s\":%llu", key, (unsigned long long)v);
}

static void put_journey(FILE *f, const gic_lpi_journey_t *j)
{
    fprintf(f, ",\"journey\":{\"written\":%llu,\"start\":%llu,\"done\":%llu,"
               "\"arrived\":%llu,\"visible\":%llu,\"miss_ps\":%llu}",
            (unsigned long long)j->written, (unsigned long long)j->start,
            (unsigned long long)j->done, (unsigned long long)j->arrived,
            (unsigned long long)j->visible, (unsigned long long)j->miss_ps);
}

static const char *const group_names[] = {"g0", "g1s", "g1ns"};

/* One field of ev, by name. */
static void put_field(FILE *f, const gic_trace_event_t *ev, gic_trace_field_t k)
{
    const char *key = gic_trace_field_name(k);
    const char *cmd;
    switch (k) {
    case GIC_TF_CPU_BIT: fprintf(f, ",\"cpu\":%d", (int)ev->cpu); break;
    case GIC_TF_INTID_BIT: put_number(f, key, ev->intid); break;
    case GIC_TF_ADDR_BIT: put_number(f, key, ev->addr); break;
    case GIC_TF_VALUE_BIT: put_number(f, key, ev->value); break;
    case GIC_TF_SIZE_BIT: put_number(f, key, ev->size); break;
    case GIC_TF_REG_BIT: put_string(f, key, gic_sysreg_name((gic_sysreg_t)ev->reg)); break;
    case GIC_TF_SIGNAL_BIT: put_string(f, key, ev->signal == GIC_SIG_FIQ ? "fiq" : "irq"); break;
    case GIC_TF_LEVEL_BIT: put_number(f, key, ev->level); break;
    case GIC_TF_PRIORITY_BIT: put_number(f, key, ev->priority); break;
    case GIC_TF_GROUP_BIT: put_string(f, key, ev->group < 3 ? group_names[ev->group] : "?"); break;
    case GIC_TF_TARGET_BIT: put_number(f, key, ev->target); break;
    case GIC_TF_ACCEPTED_BIT: fprintf(f, ",\"accepted\":%s", ev->accepted ? "true" : "false"); break;
    case GIC_TF_ITS_BIT: put_number(f, key, ev->its); break;
    case GIC_TF_DEVICE_BIT: put_number(f, key, ev->device); break;
    case GIC_TF_EVENT_BIT: put_number(f, key, ev->event); break;
    case GIC_TF_CMD_BIT:
        cmd = gic_its_cmd_name(ev->cmd);
        if (cmd)
            put_string(f, key, cmd);
        else
            put_number(f, key, ev->cmd);
        break;
    case GIC_TF_CODE_BIT: put_number(f, key, ev->code); break;
    case GIC_TF_OFFSET_BIT: put_number(f, key, ev->offset); break;
    case GIC_TF_REASON_BIT: put_string(f, key, gic_msi_drop_name((gic_msi_drop_t)ev->reason)); break;
    case GIC_TF_RULE_BIT: put_string(f, key, ev->rule); break;
    case GIC_TF_DETAIL_BIT: put_string(f, key, ev->detail); break;
    case GIC_TF_JOURNEY_BIT: if (ev->journey) put_journey(f, ev->journey); break;
    case GIC_TF_MSG_BIT: put_string(f, key, gic_link_msg_name((gic_link_msg_t)ev->msg)); break;
    case GIC_TF_CACHE_BIT: put_string(f, key, gic_cache_name((gic_cache_t)ev->cache)); break;
    case GIC_TF_HIT_BIT: fprintf(f, ",\"hit\":%s", ev->hit ? "true" : "false"); break;
    case GIC_TF_LR_BIT: fprintf(f, ",\"lr\":%d", (int)ev->lr); break; /* -1: no LR */
    case GIC_TRACE_NUM_FIELDS: break;
    }
}

static void on_event(void *opaque, const gic_trace_event_t *ev)
{
    const struct gic_eventlog *log = opaque;
    if (!(log->kinds >> ev->kind & 1))
        return;
    FILE *f = log->f;
    fprintf(f, "{\"t_ps\":%llu,\"event\":\"%s\"", (unsigned long long)ev->time,
            gic_trace_name(ev->kind));
    uint32_t fields = gic_trace_fields(ev->kind);
    for (unsigned k = 0; k < GIC_TRACE_NUM_FIELDS; k++)
        if (fields & (1u << k))
            put_field(f, ev, (gic_trace_field_t)k);
    char name[48]; /* an MMIO access also names its register */
    if ((ev->kind == GIC_TRACE_MMIO_READ || ev->kind == GIC_TRACE_MMIO_WRITE) &&
        gic_reg_name(log->gic, ev->addr, name, sizeof(name)))
        put_string(f, "reg", name);
    fputs("}\n", f);
}

int gic_eventlog_kinds(const char *spec, uint64_t *kinds, char *err, size_t len)
{
    *kinds = 0;
    if (!spec) {
        *kinds = ~0ULL;
        return 0;
    }
    char pat[64];
    for (const char *p = spec; *p;) {
        size_t n = strcspn(p, ",");
        if (n == 0 || n >= sizeof(pat)) {
            snprintf(err, len, "empty or overlong event pattern in '%s'", spec);
            return -1;
        }
        memcpy(pat, p, n);
        pat[n] = 0;
        uint64_t matched = 0;
        for (unsigned k = 0; k < GIC_TRACE_NUM_KINDS; k++)
            if (!fnmatch(pat, gic_trace_name((gic_trace_kind_t)k), 0))
                matched |= 1ULL << k;
        if (!matched) {
            snprintf(err, len, "no trace event matches '%s' (events are named like "
                     "its_msi, icc_iar_ack, gic_guest_error; see docs/scenario-format.md)", pat);
            return -1;
        }
        *kinds |= matched;
        p += n + (p[n] == ',');
    }
    return 0;
}

struct gic_eventlog *gic_eventlog_open(gic_t *gic, const char *path, uint64_t kinds)
{
    struct gic_eventlog *log = calloc(1, sizeof(*log));
    if (!log)
        return NULL;
    log->gic = gic;
    log->kinds = kinds;
    if (outfile_open(&log->out, path)) {
        free(log);
        return NULL;
    }
    log->f = log->out.f;
    if (gic_add_trace_listener(gic, on_event, log) != GIC_OK) {
        outfile_abort(&log->out);
        free(log);
        errno = ENOMEM;
        return NULL;
    }
    return log;
}

int gic_eventlog_close(struct gic_eventlog *log)
{
    if (!log)
        return 0;
    gic_remove_trace_listener(log->gic, on_event, log);
    int rc = outfile_commit(&log->out);
    free(log);
    return rc;
}
