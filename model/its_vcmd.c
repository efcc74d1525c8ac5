/* GICv4.1 ITS commands (reference §2): VMAPP, VMAPTI, VMAPI, VMOVI, VMOVP (single-ITS
 * and multi-ITS forms), VSYNC, VINVALL, INVDB and VSGI, INT/CLEAR/INV/DISCARD on
 * a virtual ITE, and GITS_SGIR. Each checks its parameters; the causes of their error codes are the
 * architected GICv4 ones where public sources give them (docs/impdef.md G1). */
#include "gic_internal.h"
#include "its.h"

FIELD(CMD0, Alloc, 8, 1)
FIELD(CMD0, PTZ, 9, 1)
FIELD(CMD0, VConf, 16, 36)
FIELD(CMD0, DeviceID, 32, 32)
FIELD(CMD1, EventID, 0, 32)
FIELD(CMD1, DefaultDB, 0, 32)
FIELD(CMD1, vPEID, 32, 16)
FIELD(CMD2, vINTID, 0, 32)
FIELD(CMD2, D, 0, 1)
FIELD(CMD2, Doorbell, 32, 32)
FIELD(CMD2, RDbase, 16, 36)
FIELD(CMD2, V, 63, 1)
FIELD(CMD0, SGI_Enable, 8, 1)
FIELD(CMD0, SGI_Clear, 9, 1)
FIELD(CMD0, SGI_Group, 10, 1)
FIELD(CMD0, SGI_Priority, 20, 4)
FIELD(CMD0, SGI_vINTID, 32, 4)
FIELD(CMD3, VPT_size, 0, 5)
FIELD(CMD3, VPT_addr, 16, 36)

enum its_vopcode {
    OP_INT = 0x03, OP_CLEAR = 0x04, OP_INV = 0x0C, OP_DISCARD = 0x0F,
    OP_VMOVI = 0x21, OP_VMOVP = 0x22, OP_VSGI = 0x23, OP_VSYNC = 0x25, OP_VMAPP = 0x29, OP_VMAPTI = 0x2A,
    OP_VMAPI = 0x2B, OP_VINVALL = 0x2D, OP_INVDB = 0x2E,
};

/* Causes (EE of 0x01_CC_EE), docs/impdef.md G1: the GICv4 causes 0x11..0x17 and
 * PHYSICALID_OOR for a doorbell pINTID as public ITS error enumerations have them;
 * PROCNUM_OOR for an RDbase naming no redistributor is the model's (as MAPC). */
enum {
    E_DEVICE_OOR = 0x01, E_PROCNUM_OOR = 0x02, E_UNMAPPED_DEVICE = 0x04, E_ID_OOR = 0x05,
    E_PHYSICALID_OOR = 0x06, E_UNMAPPED_INTERRUPT = 0x07, E_VCPU_OOR = 0x11,
    E_VPTSIZE_OOR = 0x12, E_VIRTUALID_OOR = 0x13, E_VCPU_INVALID = 0x14,
    E_ID_IS_PHYSICAL = 0x15, E_ITEVCPU_INVALID = 0x16, E_CMDVCPU_INVALID = 0x17,
};

#define ERR(op, cause) (0x010000u | (uint32_t)(op) << 8 | (cause))

static bool lpi_id_ok(const struct gic *g, uint32_t id)
{
    return id >= INTID_LPI_BASE && !((uint64_t)id >> g->cfg.id_bits);
}

static bool doorbell_ok(const struct gic *g, uint32_t db)
{
    return db == DOORBELL_NONE || lpi_id_ok(g, db);
}

/* A mapped vPE's redistributor: 0 and *cpu, or an error code. */
static uint32_t vpe_target(struct gic *g, struct its *its, unsigned op, uint32_t vpeid, int *cpu)
{
    if ((uint64_t)vpeid >> g->cfg.virt.vpeid_bits)
        return ERR(op, E_VCPU_OOR);
    *cpu = its_vpe_cpu(g, its, vpeid);
    return *cpu < 0 ? ERR(op, op == OP_VMOVI ? E_CMDVCPU_INVALID : E_VCPU_INVALID) : 0;
}

static uint32_t cmd_vmapp(struct gic *g, struct its *its, const uint64_t *dw)
{
    uint32_t vpeid = (uint32_t)FIELD_EX(dw[1], CMD1, vPEID);
    bool valid = FIELD_EX(dw[2], CMD2, V);
    struct its_vte vte = {valid, FIELD_EX(dw[2], CMD2, RDbase),
                          FIELD_EX(dw[3], CMD3, VPT_addr) << 16, FIELD_EX(dw[0], CMD0, VConf) << 16,
                          (unsigned)FIELD_EX(dw[3], CMD3, VPT_size) + 1,
                          (uint32_t)FIELD_EX(dw[1], CMD1, DefaultDB)};
    if ((uint64_t)vpeid >> g->cfg.virt.vpeid_bits)
        return ERR(OP_VMAPP, E_VCPU_OOR);
    int cpu;
    struct its_vte old;
    if (valid) {
        if ((cpu = its_rdbase_cpu(g, its, vte.rdbase)) < 0)
            return ERR(OP_VMAPP, E_PROCNUM_OOR);
        if (vte.vpt_bits < 14 || vte.vpt_bits > g->cfg.id_bits)
            return ERR(OP_VMAPP, E_VPTSIZE_OOR);
        if (!doorbell_ok(g, vte.db))
            return ERR(OP_VMAPP, E_PHYSICALID_OOR);
        if (vte.vpt & 0xFFFF || vte.vconf & 0xFFFF)
            gic_guest_error(g, "gicv4.vmapp_alignment", "ITS%u: VMAPP of vPE %u: VPT or VCONF "
                            "not 64 KiB aligned (low bits ignored)", its->idx, (unsigned)vpeid);
    } else {
        if (its_read_vte(g, its, vpeid, &old) != ITS_FOUND ||
            (cpu = its_rdbase_cpu(g, its, old.rdbase)) < 0)
            cpu = -1; /* unmapping an unmapped vPE: nothing to tell */
        vte = (struct its_vte){0};
    }
    if (its_write_vte(g, its, vpeid, &vte) != ITS_FOUND)
        return ERR(OP_VMAPP, E_VCPU_OOR);
    if (valid && !FIELD_EX(dw[0], CMD0, PTZ) && FIELD_EX(dw[0], CMD0, Alloc))
        (void)0; /* PTZ = 0: the VPT is scanned when the vPE becomes resident anyway */
    if (cpu >= 0) {
        struct its_msg m = {.op = MSG_VMAPP, .cpu = (uint16_t)cpu, .vpeid = (uint16_t)vpeid,
                            .valid = valid, .vpt = vte.vpt, .vconf = vte.vconf,
                            .vpt_bits = (uint8_t)vte.vpt_bits, .db = vte.db};
        its_send_v(g, its, &m);
    }
    return 0;
}

static uint32_t cmd_vmapti(struct gic *g, struct its *its, const uint64_t *dw, unsigned op)
{
    uint32_t devid = (uint32_t)FIELD_EX(dw[0], CMD0, DeviceID);
    uint32_t eventid = (uint32_t)FIELD_EX(dw[1], CMD1, EventID);
    uint32_t vpeid = (uint32_t)FIELD_EX(dw[1], CMD1, vPEID);
    uint32_t vintid = op == OP_VMAPI ? eventid : (uint32_t)FIELD_EX(dw[2], CMD2, vINTID);
    uint32_t db = (uint32_t)FIELD_EX(dw[2], CMD2, Doorbell);
    struct its_dte dte;
    enum its_lookup d = its_read_dte(g, its, devid, &dte);
    if (d == ITS_OUT_OF_RANGE)
        return ERR(op, E_DEVICE_OOR);
    if (d != ITS_FOUND)
        return ERR(op, E_UNMAPPED_DEVICE);
    if ((uint64_t)eventid >> (dte.size + 1))
        return ERR(op, E_ID_OOR);
    if (!lpi_id_ok(g, vintid))
        return ERR(op, op == OP_VMAPI ? E_ID_OOR : E_VIRTUALID_OOR);
    if (!doorbell_ok(g, db))
        return ERR(op, E_PHYSICALID_OOR);
    int cpu;
    uint32_t err = vpe_target(g, its, op, vpeid, &cpu);
    if (err)
        return err;
    struct its_ite ite = {true, vintid, (uint16_t)vpeid, true, db};
    its_write_ite(g, its, devid, &dte, eventid, &ite);
    return 0;
}

/* The ITE of (DeviceID, EventID), which must be virtual: 0 or an error code. */
static uint32_t find_vite(struct gic *g, struct its *its, unsigned op, const uint64_t *dw,
                          struct its_dte *dte, struct its_ite *ite)
{
    uint32_t devid = (uint32_t)FIELD_EX(dw[0], CMD0, DeviceID);
    uint32_t eventid = (uint32_t)FIELD_EX(dw[1], CMD1, EventID);
    switch (its_read_dte(g, its, devid, dte)) {
    case ITS_FOUND: break;
    case ITS_OUT_OF_RANGE: return ERR(op, E_DEVICE_OOR);
    default: return ERR(op, E_UNMAPPED_DEVICE);
    }
    switch (its_read_ite(g, its, devid, dte, eventid, ite)) {
    case ITS_FOUND: return ite->virt ? 0 : ERR(op, E_ID_IS_PHYSICAL);
    case ITS_OUT_OF_RANGE: return ERR(op, E_ID_OOR);
    default: return ERR(op, E_UNMAPPED_INTERRUPT);
    }
}

static uint32_t cmd_vmovi(struct gic *g, struct its *its, const uint64_t *dw)
{
    struct its_dte dte;
    struct its_ite ite;
    uint32_t err = find_vite(g, its, OP_VMOVI, dw, &dte, &ite);
    if (err)
        return err;
    uint32_t to = (uint32_t)FIELD_EX(dw[1], CMD1, vPEID);
    int cpu;
    if ((err = vpe_target(g, its, OP_VMOVI, to, &cpu)))
        return err;
    if (its_vpe_cpu(g, its, ite.icid) < 0)
        return ERR(OP_VMOVI, E_ITEVCPU_INVALID);
    if (FIELD_EX(dw[2], CMD2, D)) {
        uint32_t db = (uint32_t)FIELD_EX(dw[2], CMD2, Doorbell);
        if (!doorbell_ok(g, db))
            return ERR(OP_VMOVI, E_PHYSICALID_OOR);
        ite.db = db;
    }
    uint32_t from = ite.icid;
    ite.icid = (uint16_t)to;
    its_write_ite(g, its, (uint32_t)FIELD_EX(dw[0], CMD0, DeviceID), &dte,
                  (uint32_t)FIELD_EX(dw[1], CMD1, EventID), &ite);
    if (from != to) {
        struct its_msg m = {.op = MSG_VMOVE, .cpu = (uint16_t)cpu, .vpeid = (uint16_t)from,
                            .vpeid2 = (uint16_t)to, .intid = ite.intid};
        its_send_v(g, its, &m);
    }
    return 0;
}

/* VMOVP (docs/impdef.md G11). The vPE moves to RDbase's redistributor: the ITS rewrites
 * its vPE table entry (and, GICv4.1, the default doorbell when DB = 1) and the
 * redistributors take the new mapping (a vmapp message).
 * - GITS_TYPER.VMOVP = 1 (single form, the default): SequenceNumber and ITSList are
 *   ignored; the one command moves the vPE in every ITS that maps it.
 * - GITS_TYPER.VMOVP = 0 (virt.vmovp_list): software sends the VMOVP, with the same
 *   SequenceNumber and ITSList, to every ITS in ITSList (by GITS_CTLR.ITS_Number). Each
 *   ITS rewrites its own table and waits at the command (CREADR stays, not Quiescent)
 *   until every listed ITS has reached it; the last one completes the move for all. */
FIELD(CMD0, SequenceNumber, 32, 16)
FIELD(CMD1, ITSList, 0, 16)
FIELD(CMD2, DB, 63, 1)
FIELD(CMD3, DefaultDB, 0, 32)

static uint64_t cpu_rdbase(const struct gic *g, const struct its *its, unsigned cpu)
{
    return its->cfg.pta ? (g->cfg.gicr_base + cpu * g->cfg.gicr_stride) >> 16 : cpu;
}

/* Rewrites the vPE's entry in its's table (if it maps the vPE): RDbase for cpu and, with
 * db_valid, the default doorbell. Returns the entry (valid = false if not mapped). */
static struct its_vte retarget(struct gic *g, struct its *its, uint32_t vpeid, unsigned cpu,
                               bool db_valid, uint32_t db)
{
    struct its_vte vte;
    if (its_read_vte(g, its, vpeid, &vte) != ITS_FOUND)
        return (struct its_vte){0};
    vte.rdbase = cpu_rdbase(g, its, cpu);
    if (db_valid)
        vte.db = db;
    its_write_vte(g, its, vpeid, &vte);
    return vte;
}

static void send_move(struct gic *g, struct its *its, uint32_t vpeid, unsigned cpu,
                      const struct its_vte *vte)
{
    struct its_msg m = {.op = MSG_VMAPP, .cpu = (uint16_t)cpu, .vpeid = (uint16_t)vpeid,
                        .valid = true, .vpt = vte->vpt, .vconf = vte->vconf,
                        .vpt_bits = (uint8_t)vte->vpt_bits, .db = vte->db};
    its_send_v(g, its, &m);
}

/* The open multi-ITS VMOVP completes (sent through its): the redistributors learn the
 * move and every other ITS waiting at it goes on. */
static void vmovp_complete(struct gic *g, struct its *its)
{
    struct vmovp_group *v = &g->vmovp;
    struct its_vte vte;
    if (its_read_vte(g, its, v->vpeid, &vte) == ITS_FOUND)
        send_move(g, its, v->vpeid, (unsigned)v->cpu, &vte);
    v->open = false;
    for (unsigned i = 0; i < g->cfg.num_its; i++)
        if (v->arrived >> i & 1 && &g->its[i] != its)
            its_cmd_resume(g, &g->its[i]);
}

static void vmovp_list(struct gic *g, struct its *its, const uint64_t *dw, uint32_t vpeid,
                       int cpu, bool db_valid, uint32_t db)
{
    struct vmovp_group *v = &g->vmovp;
    uint16_t seq = (uint16_t)FIELD_EX(dw[0], CMD0, SequenceNumber);
    uint32_t list = (uint32_t)FIELD_EX(dw[1], CMD1, ITSList), all = (1u << g->cfg.num_its) - 1;
    uint16_t me = (uint16_t)(1u << its->idx);
    if (list & ~all)
        gic_guest_error(g, "gicv4.vmovp_itslist", "ITS%u: VMOVP ITSList 0x%x names ITSs that do "
                        "not exist (ignored)", its->idx, (unsigned)list);
    if (!(list & me))
        gic_guest_error(g, "gicv4.vmovp_itslist", "ITS%u: VMOVP ITSList 0x%x leaves out the ITS "
                        "it is sent to (counted in)", its->idx, (unsigned)list);
    list = (list & all) | me;
    if (v->open && (v->seq != seq || v->arrived & me)) {
        gic_guest_error(g, "gicv4.vmovp_sequence", "ITS%u: VMOVP SequenceNumber %u while %u is "
                        "outstanding at ITSs 0x%x of 0x%x: the earlier one completes now",
                        its->idx, (unsigned)seq, (unsigned)v->seq, (unsigned)v->arrived,
                        (unsigned)v->list);
        vmovp_complete(g, its);
    }
    if (!v->open) {
        *v = (struct vmovp_group){true, seq, (uint16_t)list, 0, vpeid, cpu};
    } else if (v->vpeid != vpeid || v->cpu != cpu || v->list != list) {
        gic_guest_error(g, "gicv4.vmovp_mismatch", "ITS%u: VMOVP SequenceNumber %u names vPE %u "
                        "to CPU %d, ITSList 0x%x; the first named vPE %u to CPU %d, 0x%x (the "
                        "first is used)", its->idx, (unsigned)seq, (unsigned)vpeid, cpu,
                        (unsigned)list, (unsigned)v->vpeid, v->cpu, (unsigned)v->list);
    }
    retarget(g, its, vpeid, (unsigned)cpu, db_valid, db);
    v->arrived |= me;
    if ((v->arrived & v->list) == v->list)
        vmovp_complete(g, its);
    else
        its->vmovp_wait = true; /* its_cmd.c: CREADR stays on the command */
}

static uint32_t cmd_vmovp(struct gic *g, struct its *its, const uint64_t *dw)
{
    uint32_t vpeid = (uint32_t)FIELD_EX(dw[1], CMD1, vPEID);
    if ((uint64_t)vpeid >> g->cfg.virt.vpeid_bits)
        return ERR(OP_VMOVP, E_VCPU_OOR);
    struct its_vte vte;
    if (its_read_vte(g, its, vpeid, &vte) != ITS_FOUND)
        return ERR(OP_VMOVP, E_VCPU_INVALID);
    int cpu = its_rdbase_cpu(g, its, FIELD_EX(dw[2], CMD2, RDbase));
    if (cpu < 0)
        return ERR(OP_VMOVP, E_PROCNUM_OOR);
    bool db_valid = FIELD_EX(dw[2], CMD2, DB);
    uint32_t db = (uint32_t)FIELD_EX(dw[3], CMD3, DefaultDB);
    if (db_valid && !doorbell_ok(g, db))
        return ERR(OP_VMOVP, E_PHYSICALID_OOR);
    if (g->cfg.virt.vmovp_list) {
        vmovp_list(g, its, dw, vpeid, cpu, db_valid, db);
        return 0;
    }
    vte = retarget(g, its, vpeid, (unsigned)cpu, db_valid, db);
    for (unsigned i = 0; i < g->cfg.num_its; i++) /* the others that map it follow */
        if (&g->its[i] != its)
            retarget(g, &g->its[i], vpeid, (unsigned)cpu, db_valid, db);
    send_move(g, its, vpeid, (unsigned)cpu, &vte);
    return 0;
}

/* VSYNC, VINVALL and INVDB name a mapped vPE. INVDB (docs/impdef.md G9): the vPE's
 * redistributor re-reads the configuration of its default doorbell, a physical LPI,
 * as INV does for an LPI; the ITS names the doorbell its vPE table entry holds. */
static uint32_t cmd_vpe_only(struct gic *g, struct its *its, const uint64_t *dw, unsigned op)
{
    uint32_t vpeid = (uint32_t)FIELD_EX(dw[1], CMD1, vPEID);
    int cpu;
    uint32_t err = vpe_target(g, its, op, vpeid, &cpu);
    if (err)
        return err;
    if (op == OP_VSYNC) {
        its_sync_wait(g, its, (unsigned)cpu);
        return 0;
    }
    struct its_msg m = {.op = MSG_VINVALL, .cpu = (uint16_t)cpu, .vpeid = (uint16_t)vpeid};
    struct its_vte vte;
    if (op == OP_INVDB) {
        m.op = MSG_INVDB;
        m.intid = its_read_vte(g, its, vpeid, &vte) == ITS_FOUND ? vte.db : DOORBELL_NONE;
    }
    its_send_v(g, its, &m);
    return 0;
}

/* VSGI (docs/impdef.md G10): with Clear = 1 the vSGI's pending state is cleared and its
 * configuration left alone; with Clear = 0 its priority (DW0[23:20], priority [7:4]),
 * group and enable are set. Carried to the vPE's redistributor in the doorbell word. */
static uint32_t cmd_vsgi(struct gic *g, struct its *its, const uint64_t *dw)
{
    uint32_t vpeid = (uint32_t)FIELD_EX(dw[1], CMD1, vPEID);
    int cpu;
    uint32_t err = vpe_target(g, its, OP_VSGI, vpeid, &cpu);
    if (err)
        return err;
    uint32_t arg = (uint32_t)FIELD_EX(dw[0], CMD0, SGI_Priority) << 4 |
                   (uint32_t)FIELD_EX(dw[0], CMD0, SGI_Group) << 8 |
                   (uint32_t)FIELD_EX(dw[0], CMD0, SGI_Enable) << 9 |
                   (uint32_t)FIELD_EX(dw[0], CMD0, SGI_Clear) << 10;
    struct its_msg m = {.op = MSG_VSGI_CONFIG, .cpu = (uint16_t)cpu, .vpeid = (uint16_t)vpeid,
                        .intid = (uint32_t)FIELD_EX(dw[0], CMD0, SGI_vINTID), .db = arg};
    its_send_v(g, its, &m);
    return 0;
}

/* GITS_SGIR: the ITS finds the vPE's redistributor through its vPE table (cache) and
 * sends the vSGI there, as a translation would, but outside the MSI input queue: a
 * lookup, a vPE-cache miss's read, then the links (docs/impdef.md G10). A vSGI for a
 * vPE this ITS has not mapped, or reaching a disabled ITS, is dropped and reported. */
void its_sgir(struct gic *g, struct its *its, uint32_t vpeid, uint32_t vintid)
{
    uint64_t cursor = its->tm.cursor, miss = its->tm.miss_ps;
    its->tm.cursor = timing_after_lookup(&g->tm, g->sched.now);
    int cpu = its->enabled ? its_vpe_cpu(g, its, vpeid) : -1;
    if (cpu < 0) {
        g->vlpi_stats.vsgi_offered++, g->vlpi_stats.vsgi_dropped++;
        gic_guest_error(g, "gicv4.sgir_dropped", "ITS%u: GITS_SGIR vSGI %u for vPE %u dropped "
                        "(%s)", its->idx, (unsigned)vintid, (unsigned)vpeid,
                        its->enabled ? "the vPE is not mapped" : "the ITS is disabled");
    } else {
        struct its_msg m = {.op = MSG_VSGI, .cpu = (uint16_t)cpu, .vpeid = (uint16_t)vpeid,
                            .intid = vintid};
        its_send_v(g, its, &m);
    }
    its->tm.cursor = cursor, its->tm.miss_ps = miss;
}

bool its_vcmd(struct gic *g, struct its *its, const uint64_t dw[4], unsigned op, uint32_t *err)
{
    if (!g->cfg.virt.gicv4)
        return false;
    switch (op) {
    case OP_VMAPP: *err = cmd_vmapp(g, its, dw); return true;
    case OP_VMAPTI: case OP_VMAPI: *err = cmd_vmapti(g, its, dw, op); return true;
    case OP_VMOVI: *err = cmd_vmovi(g, its, dw); return true;
    case OP_VMOVP: *err = cmd_vmovp(g, its, dw); return true;
    case OP_VSGI: *err = cmd_vsgi(g, its, dw); return true;
    case OP_VSYNC: case OP_VINVALL: case OP_INVDB: *err = cmd_vpe_only(g, its, dw, op); return true;
    default: return false;
    }
}

/* INT, CLEAR, INV and DISCARD of a virtual ITE act on the vLPI at its vPE. */
uint32_t its_vcmd_on_ite(struct gic *g, struct its *its, unsigned op, uint32_t devid,
                         uint32_t eventid, const struct its_ite *ite)
{
    (void)devid, (void)eventid;
    int cpu = its_vpe_cpu(g, its, ite->icid);
    if (cpu < 0)
        return op == OP_DISCARD ? 0 : ERR(op == OP_CLEAR ? 0x05 : op, E_UNMAPPED_INTERRUPT);
    struct its_msg m = {.cpu = (uint16_t)cpu, .vpeid = ite->icid, .intid = ite->intid,
                        .db = ite->db};
    m.op = op == OP_INT ? MSG_VSET : op == OP_INV ? MSG_VINVALL : MSG_VCLEAR;
    its_send_v(g, its, &m);
    return 0;
}
