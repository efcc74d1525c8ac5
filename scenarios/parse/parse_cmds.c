/* ITS command steps: operands are checked against their command fields and encoded
 * with the runner's own encoder; architectural limits are left to the model. */
#include <stdlib.h>
#include <string.h>

#include "its_encode.h"
#include "parse_cmds.h"

#define MAXU32 0xFFFFFFFFull
#define MAXU64 0xFFFFFFFFFFFFFFFFull

/* `l2: auto` (default): the runner, as a driver, allocates the level-2 page of a
 * two-level table the command needs; `l2: manual` leaves the level-1 entry to the
 * scenario (an invalid one makes the command fail). */
static void level2(struct sctx *c, struct scn_cmd *cmd)
{
    static const char *const modes[] = {"auto", "manual", NULL};
    const struct ynode *n = ynode_get(c->n, "l2");
    cmd->l2_manual = n && p_enum(c->p, n, modes, "l2") == 1;
}

/* With valid: false the architecture ignores the ITT address and size (MAPD) and the
 * target (MAPC): they are optional then, and no ITT is allocated. */
static void mapd(struct sctx *c, struct scn_cmd *cmd)
{
    level2(c, cmd);
    bool valid = opt_bool(c, "valid", true);
    const struct ynode *itt = ynode_get(c->n, "itt");
    uint64_t addr = 0;
    cmd->itt_auto = valid && (!itt || (itt->kind == YNODE_SCALAR && !strcmp(itt->scalar, "auto")));
    if (itt && !(itt->kind == YNODE_SCALAR && !strcmp(itt->scalar, "auto")))
        addr = p_uint(c->p, itt, 0, MAXU64, "itt");
    uint64_t bits = valid ? req(c, "event_bits", 0, 64) : opt(c, "event_bits", 0, 64, 1);
    encoded(c, enc_mapd(cmd->dw, req(c, "device", 0, MAXU64), bits, addr, valid));
}

static void mapc(struct sctx *c, struct scn_cmd *cmd)
{
    bool valid = opt_bool(c, "valid", true);
    uint64_t cpu = valid ? req(c, "cpu", 0, MAXU32) : opt(c, "cpu", 0, MAXU32, 0);
    level2(c, cmd);
    encoded(c, enc_mapc(cmd->dw, req(c, "collection", 0, MAXU64), rdbase(c, c->st->its, cpu),
                        valid));
}

static void dev_ev_cmd(struct sctx *c, struct scn_cmd *cmd, uint8_t op)
{
    encoded(c, enc_dev_ev(cmd->dw, op, req(c, "device", 0, MAXU64), req(c, "event", 0, MAXU64)));
}

/* ---- GICv4.1 (system.virtualization.gicv4: "4.1") ---- */

/* vpt / vconf: auto (default: the runner allocates a zeroed, 64 KiB aligned table for
 * the vPE, reused when the vPE is mapped again) or an address. */
static uint64_t table_addr(struct sctx *c, const char *key, bool *is_auto)
{
    const struct ynode *n = ynode_get(c->n, key);
    *is_auto = !n || (n->kind == YNODE_SCALAR && !strcmp(n->scalar, "auto"));
    return *is_auto ? 0 : p_uint(c->p, n, 0, (1ULL << 52) - 1, key);
}

#define DOORBELL_NONE 1023

static void vmapp(struct sctx *c, struct scn_cmd *cmd)
{
    bool valid = opt_bool(c, "valid", true);
    uint64_t vpe = req(c, "vpe", 0, 0xFFFF);
    uint64_t cpu = valid ? req(c, "cpu", 0, MAXU32) : opt(c, "cpu", 0, MAXU32, 0);
    uint64_t vpt = table_addr(c, "vpt", &cmd->vpt_auto);
    uint64_t vconf = table_addr(c, "vconf", &cmd->vconf_auto);
    cmd->vpt_auto &= valid;
    cmd->vconf_auto &= valid;
    encoded(c, enc_vmapp(cmd->dw, vpe, rdbase(c, c->st->its, cpu), valid, vpt,
                         opt(c, "vpt_bits", 1, 32, 16), vconf,
                         opt(c, "doorbell", 0, MAXU32, DOORBELL_NONE),
                         opt_bool(c, "ptz", false), true));
}

/* its_list: [ITS numbers] -> the ITSList bit mask (numbers above 15 do not fit). */
static uint64_t its_list(struct sctx *c)
{
    const struct ynode *n = ynode_get(c->n, "its_list");
    uint64_t mask = 0;
    if (!n)
        return 0;
    p_seq(c->p, n, "its_list");
    for (size_t i = 0; i < n->n; i++)
        mask |= 1ULL << p_uint(c->p, n->items[i], 0, 15, "its_list");
    return mask;
}

static void encode_v(struct sctx *c, struct scn_cmd *cmd)
{
    unsigned its = c->st->its;
    switch (c->st->kind) {
    case STEP_VMAPP: vmapp(c, cmd); break;
    case STEP_VMAPTI:
        encoded(c, enc_vmapti(cmd->dw, req(c, "device", 0, MAXU64), req(c, "event", 0, MAXU64),
                              req(c, "vpe", 0, MAXU64), req(c, "vintid", 0, MAXU64),
                              opt(c, "doorbell", 0, MAXU64, DOORBELL_NONE)));
        break;
    case STEP_VMAPI:
        encoded(c, enc_vmapi(cmd->dw, req(c, "device", 0, MAXU64), req(c, "event", 0, MAXU64),
                             req(c, "vpe", 0, MAXU64),
                             opt(c, "doorbell", 0, MAXU64, DOORBELL_NONE)));
        break;
    case STEP_VMOVI: /* doorbell given: VMOVI's D = 1 and the ITE's doorbell changes */
        encoded(c, enc_vmovi(cmd->dw, req(c, "device", 0, MAXU64), req(c, "event", 0, MAXU64),
                             req(c, "vpe", 0, MAXU64), ynode_get(c->n, "doorbell") != NULL,
                             opt(c, "doorbell", 0, MAXU64, 0)));
        break;
    case STEP_VMOVP: /* sequence and its_list: the multi-ITS form (vmovp: list) */
        encoded(c, enc_vmovp_full(cmd->dw, req(c, "vpe", 0, MAXU64),
                                  rdbase(c, its, req(c, "cpu", 0, MAXU32)),
                                  opt(c, "sequence", 0, MAXU64, 0), its_list(c),
                                  ynode_get(c->n, "doorbell") != NULL,
                                  opt(c, "doorbell", 0, MAXU64, 0)));
        break;
    case STEP_VSYNC: encoded(c, enc_vpe(cmd->dw, ITS_OP_VSYNC, req(c, "vpe", 0, MAXU64))); break;
    case STEP_VINVALL:
        encoded(c, enc_vpe(cmd->dw, ITS_OP_VINVALL, req(c, "vpe", 0, MAXU64)));
        break;
    case STEP_INVDB: encoded(c, enc_vpe(cmd->dw, ITS_OP_INVDB, req(c, "vpe", 0, MAXU64))); break;
    case STEP_VSGI: /* Clear = 1 leaves the configuration: enable/priority/group ignored */
        encoded(c, enc_vsgi(cmd->dw, req(c, "vpe", 0, MAXU64), req(c, "sgi", 0, MAXU64),
                            opt_bool(c, "enable", true), opt(c, "priority", 0, MAXU64, 0xa0),
                            opt(c, "group", 0, 1, 1) == 1, opt_bool(c, "clear", false)));
        break;
    default: break;
    }
}

static void encode_one(struct sctx *c, struct scn_cmd *cmd)
{
    if (c->st->kind >= STEP_VMAPP && c->st->kind <= STEP_VSGI) {
        if (!c->s->gic.virt.gicv4)
            pfail(c->p, c->n, "%s: needs system.virtualization.gicv4: \"4.1\"",
                  step_name(c->st->kind));
        encode_v(c, cmd);
        return;
    }
    unsigned its = c->st->its;
    switch (c->st->kind) {
    case STEP_MAPD: mapd(c, cmd); break;
    case STEP_MAPC: mapc(c, cmd); break;
    case STEP_MAPTI:
        encoded(c, enc_mapti(cmd->dw, req(c, "device", 0, MAXU64), req(c, "event", 0, MAXU64),
                             req(c, "intid", 0, MAXU64), req(c, "collection", 0, MAXU64)));
        break;
    case STEP_MAPI:
        encoded(c, enc_mapi(cmd->dw, req(c, "device", 0, MAXU64), req(c, "event", 0, MAXU64),
                            req(c, "collection", 0, MAXU64)));
        break;
    case STEP_MOVI:
        encoded(c, enc_movi(cmd->dw, req(c, "device", 0, MAXU64), req(c, "event", 0, MAXU64),
                            req(c, "collection", 0, MAXU64)));
        break;
    case STEP_MOVALL:
        encoded(c, enc_movall(cmd->dw, rdbase(c, its, req(c, "from_cpu", 0, MAXU32)),
                              rdbase(c, its, req(c, "to_cpu", 0, MAXU32))));
        break;
    case STEP_DISCARD: dev_ev_cmd(c, cmd, ITS_OP_DISCARD); break;
    case STEP_INT: dev_ev_cmd(c, cmd, ITS_OP_INT); break;
    case STEP_CLEAR: dev_ev_cmd(c, cmd, ITS_OP_CLEAR); break;
    case STEP_INV: dev_ev_cmd(c, cmd, ITS_OP_INV); break;
    case STEP_INVALL: encoded(c, enc_invall(cmd->dw, req(c, "collection", 0, MAXU64))); break;
    case STEP_SYNC: encoded(c, enc_sync(cmd->dw, rdbase(c, its, req(c, "cpu", 0, MAXU32))));
        break;
    default: break;
    }
}

static void raw(struct sctx *c, struct scn_cmd *cmd)
{
    const struct ynode *dw = p_seq(c->p, p_need(c->p, c->n, "dw", "raw_command"), "dw");
    if (dw->n != 4)
        pfail(c->p, dw, "raw_command: dw must list 4 doublewords, not %zu", dw->n);
    for (int i = 0; i < 4; i++)
        cmd->dw[i] = p_uint(c->p, dw->items[i], 0, MAXU64, "dw");
}

static const char *const *keys_of(enum step_kind k)
{
    static const char *const mapd_k[] = {"its", "device", "event_bits", "itt", "valid", "l2",
                                         "wait", NULL};
    static const char *const mapc_k[] = {"its", "collection", "cpu", "valid", "l2", "wait", NULL};
    static const char *const mapti_k[] = {"its", "device", "event", "intid", "collection", "wait", NULL};
    static const char *const mapi_k[] = {"its", "device", "event", "collection", "wait", NULL};
    static const char *const movall_k[] = {"its", "from_cpu", "to_cpu", "wait", NULL};
    static const char *const dev_ev_k[] = {"its", "device", "event", "wait", NULL};
    static const char *const invall_k[] = {"its", "collection", "wait", NULL};
    static const char *const sync_k[] = {"its", "cpu", "wait", NULL};
    static const char *const raw_k[] = {"its", "dw", "wait", NULL};
    static const char *const vmapp_k[] = {"its", "vpe", "cpu", "valid", "vpt", "vconf",
                                          "vpt_bits", "doorbell", "ptz", "wait", NULL};
    static const char *const vmapti_k[] = {"its", "device", "event", "vpe", "vintid",
                                           "doorbell", "wait", NULL};
    static const char *const vmapi_k[] = {"its", "device", "event", "vpe", "doorbell", "wait",
                                          NULL};
    static const char *const vmovp_k[] = {"its", "vpe", "cpu", "sequence", "its_list",
                                          "doorbell", "wait", NULL};
    static const char *const vpe_k[] = {"its", "vpe", "wait", NULL};
    static const char *const vsgi_k[] = {"its", "vpe", "sgi", "enable", "priority", "group",
                                         "clear", "wait", NULL};
    switch (k) {
    case STEP_MAPD: return mapd_k;
    case STEP_MAPC: return mapc_k;
    case STEP_MAPTI: return mapti_k;
    case STEP_MAPI: case STEP_MOVI: return mapi_k;
    case STEP_MOVALL: return movall_k;
    case STEP_DISCARD: case STEP_INT: case STEP_CLEAR: case STEP_INV: return dev_ev_k;
    case STEP_INVALL: return invall_k;
    case STEP_SYNC: return sync_k;
    case STEP_RAW_COMMAND: return raw_k;
    case STEP_VMAPP: return vmapp_k;
    case STEP_VMAPTI: return vmapti_k;
    case STEP_VMAPI: case STEP_VMOVI: return vmapi_k;
    case STEP_VMOVP: return vmovp_k;
    case STEP_VSYNC: case STEP_VINVALL: case STEP_INVDB: return vpe_k;
    case STEP_VSGI: return vsgi_k;
    default: return NULL;
    }
}

static void single(struct sctx *c)
{
    p_keys(c->p, c->n, keys_of(c->st->kind), step_name(c->st->kind));
    struct scn_cmd *cmd = one_cmd(c);
    if (c->st->kind == STEP_RAW_COMMAND)
        raw(c, cmd);
    else
        encode_one(c, cmd);
}

/* `commands: [ {mapd: {...}}, {sync: {...}} ]` — one CWRITER write for all. */
static void group(struct sctx *c)
{
    const struct ynode *seq = p_seq(c->p, c->n, "commands");
    struct step *st = c->st;
    if (!seq->n || seq->n > 65536)
        pfail(c->p, seq, "commands: list 1..65536 commands");
    st->cmds = calloc(seq->n, sizeof(*st->cmds));
    if (!st->cmds)
        pfail(c->p, seq, "out of memory");
    st->wait = true;
    for (size_t i = 0; i < seq->n; i++) {
        const struct ynode *item = p_map(c->p, seq->items[i], "command");
        if (item->n != 1)
            pfail(c->p, item, "each command is a map with one key (the command)");
        struct step inner = {.line = item->line, .col = item->col, .cmds = &st->cmds[i]};
        struct sctx ic = {c->p, c->s, &inner, item->items[0]};
        inner.kind = STEP_NUM_KINDS;
        for (int k = STEP_MAPD; k <= STEP_RAW_COMMAND; k++)
            if (!strcmp(item->keys[0]->scalar, step_name((enum step_kind)k)))
                inner.kind = (enum step_kind)k;
        if (inner.kind == STEP_NUM_KINDS)
            pfail(c->p, item->keys[0], "commands: '%s' is not an ITS command",
                  item->keys[0]->scalar);
        if (ynode_get(ic.n, "wait"))
            pfail(c->p, ynode_get(ic.n, "wait"), "commands: 'wait' belongs to the group");
        single(&ic);
        if (i && inner.its != st->its)
            pfail(c->p, item, "commands: every command of one group goes to the same ITS");
        st->its = inner.its;
        st->cmds[i].line = item->line;
        st->n_cmds = (unsigned)i + 1;
    }
}

bool parse_command_step(struct sctx *c)
{
    if (c->st->kind == STEP_COMMANDS) {
        group(c);
        return true;
    }
    if (c->st->kind > STEP_RAW_COMMAND)
        return false;
    single(c);
    return true;
}
