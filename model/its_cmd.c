/* ITS command queue: fetch from the queue GITS_CBASER describes, decode, execute,
 * detect every error of the reference's §3 and apply the ITS's error policy. */
#include <stdio.h>

#include "gic_internal.h"
#include "its.h"

static void process(void *ctx, uint64_t arg);

FIELD(GITS_CBASER, Size, 0, 8)
FIELD(GITS_CBASER, PA, 12, 40)
FIELD(GITS_CBASER, Valid, 63, 1)

/* Command fields (DWn = n-th little-endian doubleword of the 32-byte packet). */
FIELD(CMD0, Opcode, 0, 8)
FIELD(CMD0, DeviceID, 32, 32)
FIELD(CMD1, EventID, 0, 32)
FIELD(CMD1, pINTID, 32, 32)
FIELD(CMD1, Size, 0, 5)
FIELD(CMD2, ICID, 0, 16)
FIELD(CMD2, RDbase, 16, 36)
FIELD(CMD2, ITT_addr, 8, 44)
FIELD(CMD2, V, 63, 1)
FIELD(CMD3, RDbase2, 16, 36)

enum its_opcode {
    OP_MOVI = 0x01, OP_INT = 0x03, OP_CLEAR = 0x04, OP_SYNC = 0x05, OP_MAPD = 0x08,
    OP_MAPC = 0x09, OP_MAPTI = 0x0A, OP_MAPI = 0x0B, OP_INV = 0x0C, OP_INVALL = 0x0D,
    OP_MOVALL = 0x0E, OP_DISCARD = 0x0F,
};

const char *gic_its_cmd_name(unsigned opcode)
{
    switch (opcode) {
    case OP_MOVI: return "MOVI";
    case OP_INT: return "INT";
    case OP_CLEAR: return "CLEAR";
    case OP_SYNC: return "SYNC";
    case OP_MAPD: return "MAPD";
    case OP_MAPC: return "MAPC";
    case OP_MAPTI: return "MAPTI";
    case OP_MAPI: return "MAPI";
    case OP_INV: return "INV";
    case OP_INVALL: return "INVALL";
    case OP_MOVALL: return "MOVALL";
    case OP_DISCARD: return "DISCARD";
    case 0x21: return "VMOVI";
    case 0x22: return "VMOVP";
    case 0x23: return "VSGI";
    case 0x25: return "VSYNC";
    case 0x29: return "VMAPP";
    case 0x2A: return "VMAPTI";
    case 0x2B: return "VMAPI";
    case 0x2D: return "VINVALL";
    case 0x2E: return "INVDB";
    default: return NULL;
    }
}

/* Causes (EE of 0x01_CC_EE). */
enum {
    E_DEVICE_OOR = 0x01, E_SIZE_OOR = 0x02, E_PROCNUM_OOR = 0x02, E_COLLECTION_OOR = 0x03,
    E_UNMAPPED_DEVICE = 0x04, E_ID_OOR = 0x05, E_PHYSICALID_OOR = 0x06,
    E_UNMAPPED_INTERRUPT = 0x07, E_UNMAPPED_COLLECTION = 0x09,
};

struct its_cmd {
    uint64_t dw[4];
    unsigned op;
};

/* CC is the opcode, except CLEAR (opcode 0x04) whose errors read 0x0105EE (reference
 * §3, as Linux's arm-gic-v3.h and KVM have them). */
static uint32_t err_cc(unsigned op)
{
    return op == OP_CLEAR ? 0x05 : op;
}

#define ERR(op, cause) (0x010000u | err_cc(op) << 8 | (cause))

uint64_t its_queue_bytes(const struct its *its)
{
    return (FIELD_EX(its->cbaser, GITS_CBASER, Size) + 1) * 4096;
}

/* The causes each command reports (reference §3). A command without "unmapped
 * device" or "EventID out of range" reports "unmapped interrupt" instead. */
static uint32_t cause_for(unsigned op, uint32_t cause)
{
    static const uint16_t has[16] = {
        [OP_MOVI] = 1 << 1 | 1 << 3 | 1 << 4 | 1 << 5 | 1 << 7 | 1 << 9,
        [OP_INT] = 1 << 1 | 1 << 4 | 1 << 5 | 1 << 7,
        [OP_CLEAR] = 1 << 1 | 1 << 4 | 1 << 5 | 1 << 7,
        [OP_INV] = 1 << 1 | 1 << 4 | 1 << 7,
        [OP_DISCARD] = 1 << 1 | 1 << 5 | 1 << 7,
    };
    if (op < 16 && !(has[op] >> cause & 1))
        return E_UNMAPPED_INTERRUPT;
    return cause;
}

/* Finds the ITE of (DeviceID, EventID) for op; returns 0 or an error code. */
static uint32_t find_ite(struct gic *g, struct its *its, const struct its_cmd *c,
                         struct its_dte *dte, struct its_ite *ite)
{
    uint32_t devid = (uint32_t)FIELD_EX(c->dw[0], CMD0, DeviceID);
    uint32_t eventid = (uint32_t)FIELD_EX(c->dw[1], CMD1, EventID);
    switch (its_read_dte(g, its, devid, dte)) {
    case ITS_FOUND: break;
    case ITS_OUT_OF_RANGE: return ERR(c->op, E_DEVICE_OOR);
    default: return ERR(c->op, cause_for(c->op, E_UNMAPPED_DEVICE));
    }
    switch (its_read_ite(g, its, devid, dte, eventid, ite)) {
    case ITS_FOUND: return 0;
    case ITS_OUT_OF_RANGE: return ERR(c->op, cause_for(c->op, E_ID_OOR));
    default: return ERR(c->op, E_UNMAPPED_INTERRUPT);
    }
}

/* The PE an ITE's collection is mapped to, or -1. */
static int ite_target(struct gic *g, struct its *its, const struct its_ite *ite)
{
    struct its_cte cte;
    if (its_read_cte(g, its, ite->icid, &cte) != ITS_FOUND)
        return -1;
    return its_rdbase_cpu(g, its, cte.rdbase);
}

static uint32_t cmd_int_clear_inv(struct gic *g, struct its *its, const struct its_cmd *c)
{
    struct its_dte dte;
    struct its_ite ite;
    uint32_t err = find_ite(g, its, c, &dte, &ite);
    if (err)
        return err;
    if (ite.virt)
        return its_vcmd_on_ite(g, its, c->op, 0, 0, &ite);
    int cpu = ite_target(g, its, &ite);
    if (cpu < 0) /* no listed cause: reported as UNMAPPED_INTERRUPT, as KVM does */
        return ERR(c->op, cause_for(c->op, E_UNMAPPED_COLLECTION));
    enum its_msg_op op = c->op == OP_INT ? MSG_SET : c->op == OP_CLEAR ? MSG_CLEAR : MSG_INV;
    its_send_new(g, its, op, (unsigned)cpu, 0, ite.intid);
    return 0;
}

static uint32_t cmd_discard(struct gic *g, struct its *its, const struct its_cmd *c)
{
    struct its_dte dte;
    struct its_ite ite;
    uint32_t err = find_ite(g, its, c, &dte, &ite);
    if (err)
        return err;
    int cpu = ite.virt ? -1 : ite_target(g, its, &ite);
    if (ite.virt)
        its_vcmd_on_ite(g, its, c->op, 0, 0, &ite);
    if (cpu >= 0)
        its_send_new(g, its, MSG_CLEAR, (unsigned)cpu, 0, ite.intid);
    struct its_ite none = {false, 0, 0, false, DOORBELL_NONE};
    its_write_ite(g, its, (uint32_t)FIELD_EX(c->dw[0], CMD0, DeviceID), &dte,
                  (uint32_t)FIELD_EX(c->dw[1], CMD1, EventID), &none);
    return 0;
}

static uint32_t cmd_movi(struct gic *g, struct its *its, const struct its_cmd *c)
{
    struct its_dte dte;
    struct its_ite ite;
    struct its_cte to;
    uint32_t icid = (uint32_t)FIELD_EX(c->dw[2], CMD2, ICID);
    uint32_t err = find_ite(g, its, c, &dte, &ite);
    if (err == ERR(OP_MOVI, E_DEVICE_OOR))
        return err;
    if ((uint64_t)icid >> its_collection_bits(its))
        return ERR(OP_MOVI, E_COLLECTION_OOR);
    if (err)
        return err;
    if (ite.virt) /* a vLPI moves with VMOVI */
        return ERR(OP_MOVI, E_UNMAPPED_INTERRUPT);
    int new_cpu = its_read_cte(g, its, icid, &to) == ITS_FOUND
                      ? its_rdbase_cpu(g, its, to.rdbase) : -1;
    if (new_cpu < 0)
        return ERR(OP_MOVI, E_UNMAPPED_COLLECTION);
    int old_cpu = ite_target(g, its, &ite);
    if (old_cpu >= 0)
        its_send_new(g, its, MSG_MOVE, (unsigned)old_cpu, (unsigned)new_cpu, ite.intid);
    ite.icid = (uint16_t)icid;
    its_write_ite(g, its, (uint32_t)FIELD_EX(c->dw[0], CMD0, DeviceID), &dte,
                  (uint32_t)FIELD_EX(c->dw[1], CMD1, EventID), &ite);
    return 0;
}

static uint32_t cmd_mapd(struct gic *g, struct its *its, const struct its_cmd *c)
{
    uint32_t devid = (uint32_t)FIELD_EX(c->dw[0], CMD0, DeviceID);
    struct its_dte dte = {FIELD_EX(c->dw[2], CMD2, V),
                          (unsigned)FIELD_EX(c->dw[1], CMD1, Size),
                          FIELD_EX(c->dw[2], CMD2, ITT_addr) << 8};
    if ((uint64_t)devid >> its->cfg.device_bits)
        return ERR(OP_MAPD, E_DEVICE_OOR);
    if (dte.valid && dte.size + 1 > its->cfg.event_bits)
        return ERR(OP_MAPD, E_SIZE_OOR);
    if (!dte.valid)
        dte = (struct its_dte){false, 0, 0};
    if (its_write_dte(g, its, devid, &dte) != ITS_FOUND)
        return ERR(OP_MAPD, E_DEVICE_OOR);
    return 0;
}

static uint32_t cmd_mapc(struct gic *g, struct its *its, const struct its_cmd *c)
{
    uint32_t icid = (uint32_t)FIELD_EX(c->dw[2], CMD2, ICID);
    struct its_cte cte = {FIELD_EX(c->dw[2], CMD2, V), FIELD_EX(c->dw[2], CMD2, RDbase)};
    if ((uint64_t)icid >> its_collection_bits(its))
        return ERR(OP_MAPC, E_COLLECTION_OOR);
    if (cte.valid && its_rdbase_cpu(g, its, cte.rdbase) < 0)
        return ERR(OP_MAPC, E_PROCNUM_OOR);
    if (!cte.valid)
        cte.rdbase = 0;
    if (its_write_cte(g, its, icid, &cte) != ITS_FOUND)
        return ERR(OP_MAPC, E_COLLECTION_OOR);
    return 0;
}

static uint32_t cmd_mapti(struct gic *g, struct its *its, const struct its_cmd *c)
{
    uint32_t devid = (uint32_t)FIELD_EX(c->dw[0], CMD0, DeviceID);
    uint32_t eventid = (uint32_t)FIELD_EX(c->dw[1], CMD1, EventID);
    uint32_t intid = c->op == OP_MAPI ? eventid : (uint32_t)FIELD_EX(c->dw[1], CMD1, pINTID);
    uint32_t icid = (uint32_t)FIELD_EX(c->dw[2], CMD2, ICID);
    struct its_dte dte;
    enum its_lookup d = its_read_dte(g, its, devid, &dte);
    if (d == ITS_OUT_OF_RANGE)
        return ERR(c->op, E_DEVICE_OOR);
    if ((uint64_t)icid >> its_collection_bits(its))
        return ERR(c->op, E_COLLECTION_OOR);
    if (d != ITS_FOUND)
        return ERR(c->op, E_UNMAPPED_DEVICE);
    if ((uint64_t)eventid >> (dte.size + 1))
        return ERR(c->op, E_ID_OOR);
    if (intid < INTID_LPI_BASE || (uint64_t)intid >> g->cfg.id_bits)
        return ERR(c->op, c->op == OP_MAPI ? E_ID_OOR : E_PHYSICALID_OOR);
    struct its_ite ite = {true, intid, (uint16_t)icid, false, DOORBELL_NONE};
    its_write_ite(g, its, devid, &dte, eventid, &ite);
    return 0;
}

static uint32_t cmd_invall(struct gic *g, struct its *its, const struct its_cmd *c)
{
    uint32_t icid = (uint32_t)FIELD_EX(c->dw[2], CMD2, ICID);
    struct its_cte cte;
    enum its_lookup r = its_read_cte(g, its, icid, &cte);
    if (r == ITS_OUT_OF_RANGE)
        return ERR(OP_INVALL, E_COLLECTION_OOR);
    int cpu = r == ITS_FOUND ? its_rdbase_cpu(g, its, cte.rdbase) : -1;
    if (cpu < 0)
        return ERR(OP_INVALL, E_UNMAPPED_COLLECTION);
    its_send_new(g, its, MSG_INVALL, (unsigned)cpu, 0, 0);
    return 0;
}

static uint32_t cmd_movall(struct gic *g, struct its *its, const struct its_cmd *c)
{
    int from = its_rdbase_cpu(g, its, FIELD_EX(c->dw[2], CMD2, RDbase));
    int to = its_rdbase_cpu(g, its, FIELD_EX(c->dw[3], CMD3, RDbase2));
    if (from < 0 || to < 0)
        return ERR(OP_MOVALL, E_DEVICE_OOR); /* MOVALL_PROCNUM_OOR is cause 01 */
    if (from != to)
        its_send_new(g, its, MSG_MOVALL, (unsigned)from, (unsigned)to, 0);
    return 0;
}

/* SYNC completes when every earlier effect on its redistributor is visible: the
 * engine waits for the last message sent there (its_link.c). */
static uint32_t cmd_sync(struct gic *g, struct its *its, const struct its_cmd *c)
{
    int cpu = its_rdbase_cpu(g, its, FIELD_EX(c->dw[2], CMD2, RDbase));
    if (cpu < 0)
        gic_guest_error(g, "its.sync_rdbase", "ITS%u: SYNC names no redistributor",
                        its->idx);
    else
        its_sync_wait(g, its, (unsigned)cpu);
    return 0;
}

static uint32_t execute(struct gic *g, struct its *its, const struct its_cmd *c)
{
    switch (c->op) {
    case OP_INT: case OP_CLEAR: case OP_INV: return cmd_int_clear_inv(g, its, c);
    case OP_DISCARD: return cmd_discard(g, its, c);
    case OP_MOVI: return cmd_movi(g, its, c);
    case OP_MAPD: return cmd_mapd(g, its, c);
    case OP_MAPC: return cmd_mapc(g, its, c);
    case OP_MAPTI: case OP_MAPI: return cmd_mapti(g, its, c);
    case OP_INVALL: return cmd_invall(g, its, c);
    case OP_MOVALL: return cmd_movall(g, its, c);
    case OP_SYNC: return cmd_sync(g, its, c);
    default: {
        uint32_t err;
        return its_vcmd(g, its, c->dw, c->op, &err) ? err : GIC_ITS_ERR_UNSUPPORTED(c->op);
    }
    }
}

static void record_error(struct gic *g, struct its *its, uint32_t code)
{
    its->stats.command_errors++;
    its->stats.last_error = code;
    uint32_t cause = code & 0xFF;
    its->err_count[(code >> 8) & 0xFF][cause == 0xFF ? 31 : cause & 31]++;
    GIC_TRACE(g, .kind = GIC_TRACE_ITS_CMD_ERROR, .its = its->idx, .code = code,
              .offset = its->creadr);
    const char *name = gic_its_error_name(code);
    gic_guest_error(g, "its.command_error", "ITS%u: command error 0x%06x (%s) at CREADR 0x%llx%s",
                    its->idx, (unsigned)code, name ? name : "no architected name",
                    (unsigned long long)its->creadr,
                    its->cfg.error_policy == GIC_ITS_ERRORS_STALL ? " (stalled)" : "");
}

static bool fetch(struct gic *g, struct its *its, struct its_cmd *c)
{
    uint64_t base = FIELD_EX(its->cbaser, GITS_CBASER, PA) << 12;
    if (its_mem_read(g, its, base + its->creadr, c->dw, sizeof(c->dw))) {
        gic_guest_error(g, "its.command_abort", "ITS%u: command read at 0x%llx failed (stalled)",
                        its->idx, (unsigned long long)(base + its->creadr));
        return false;
    }
    c->op = (unsigned)FIELD_EX(c->dw[0], CMD0, Opcode);
    return true;
}

static void schedule(struct gic *g, struct its *its, uint64_t t)
{
    its->process_scheduled = true;
    sched_at(&g->sched, t, process, its, 0);
}

/* Timing: the command just executed completes at the engine's cursor; CREADR moves
 * past it then. False if that is in the future (process() runs again then). */
static bool command_done_now(struct gic *g, struct its *its)
{
    if (!g->tm.on)
        return true;
    its->tm.cursor = timing_after_command(&g->tm, its->tm.cursor);
    its->tm.engine_free = its->tm.cursor;
    if (its->tm.cursor <= g->sched.now)
        return true;
    its->tm.cmd_done_at_next = true;
    schedule(g, its, its->tm.cursor);
    return false;
}

/* The command at CREADR completed: CREADR moves past it. */
static void advance_creadr(struct gic *g, struct its *its)
{
    GIC_TRACE(g, .kind = GIC_TRACE_ITS_COMMAND_DONE, .its = its->idx, .cmd = its->cmd_op,
              .offset = its->creadr);
    its->creadr = (its->creadr + ITS_CMD_BYTES) % its_queue_bytes(its);
}

/* Executes commands until the queue is empty, the ITS is disabled or it stalls. With
 * timing, one command per call: the engine must be free, and the command's fetch,
 * table accesses and execution advance the engine's cursor. */
static void process(void *ctx, uint64_t arg)
{
    struct its *its = ctx;
    struct gic *g = its->gic;
    (void)arg;
    its->process_scheduled = false;
    if (its->tm.cmd_done_at_next) {
        its->tm.cmd_done_at_next = false;
        bool retracted = its->cwriter == its->creadr; /* CWRITER moved back onto it */
        advance_creadr(g, its);
        if (retracted) {
            gic_guest_error(g, "its.cwriter_behind_command",
                            "ITS%u: GITS_CWRITER was moved back onto the command in progress; "
                            "it completed and the queue is taken as empty", its->idx);
            its->cwriter = its->creadr;
        }
    }
    while (its->enabled && !its->stalled && !its->vmovp_wait &&
           FIELD_EX(its->cbaser, GITS_CBASER, Valid) && its->creadr != its->cwriter) {
        if (g->tm.on && its->tm.engine_free > g->sched.now) {
            schedule(g, its, its->tm.engine_free);
            return;
        }
        its->tm.cursor = g->sched.now;
        struct its_cmd c;
        if (!fetch(g, its, &c)) {
            its->stalled = true;
            return;
        }
        its->cmd_op = c.op;
        uint32_t err = execute(g, its, &c);
        its->stats.commands++;
        GIC_TRACE(g, .kind = GIC_TRACE_ITS_COMMAND, .its = its->idx, .cmd = c.op,
                  .offset = its->creadr);
        if (err) {
            record_error(g, its, err);
            if (its->cfg.error_policy == GIC_ITS_ERRORS_STALL) {
                its->stalled = true;
                return;
            }
        }
        if (its->vmovp_wait)
            return; /* CREADR stays on the VMOVP until its_cmd_resume */
        if (!command_done_now(g, its))
            return;
        advance_creadr(g, its);
    }
}

void its_kick(struct gic *g, struct its *its)
{
    if (its->process_scheduled || !its->enabled || its->stalled || its->vmovp_wait ||
        its->creadr == its->cwriter)
        return;
    schedule(g, its, g->sched.now);
}

/* A multi-ITS VMOVP this ITS waited at completes when the last listed ITS reaches it:
 * CREADR moves past it then (its own execution time was spent when it reached it). */
void its_cmd_resume(struct gic *g, struct its *its)
{
    if (!its->vmovp_wait)
        return;
    its->vmovp_wait = false;
    its->tm.cmd_done_at_next = true;
    its->tm.engine_free = max_u64(its->tm.engine_free, g->sched.now);
    schedule(g, its, g->sched.now);
}
