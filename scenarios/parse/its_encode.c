/* ITS command encoding, field by field from the command layouts (reference §2). */
#include "its_encode.h"

#include <string.h>

static bool fits(uint64_t v, unsigned bits)
{
    return bits >= 64 || v < (1ULL << bits);
}

static void start(uint64_t dw[4], uint8_t op)
{
    memset(dw, 0, 4 * sizeof(*dw));
    dw[0] = op;
}

static const char *dev_ev(uint64_t dw[4], uint64_t dev, uint64_t ev)
{
    if (!fits(dev, 32))
        return "device does not fit DeviceID (32 bits)";
    if (!fits(ev, 32))
        return "event does not fit EventID (32 bits)";
    dw[0] |= dev << 32;
    dw[1] |= ev;
    return NULL;
}

static const char *icid_field(uint64_t dw[4], uint64_t icid)
{
    if (!fits(icid, 16))
        return "collection does not fit ICID (16 bits)";
    dw[2] |= icid;
    return NULL;
}

static const char *rdbase_field(uint64_t *d, uint64_t rdbase)
{
    if (!fits(rdbase, 36))
        return "RDbase does not fit its field (36 bits)";
    *d |= rdbase << 16;
    return NULL;
}

const char *enc_mapd(uint64_t dw[4], uint64_t dev, uint64_t event_bits, uint64_t itt, bool v)
{
    start(dw, ITS_OP_MAPD);
    if (!fits(dev, 32))
        return "device does not fit DeviceID (32 bits)";
    if (event_bits < 1 || event_bits > 32)
        return "event_bits must be 1..32 (Size is 5 bits)";
    if (itt & 0xFF)
        return "itt must be 256-byte aligned (ITT_addr holds bits [51:8])";
    if (!fits(itt, 52))
        return "itt does not fit ITT_addr (52-bit address)";
    dw[0] |= dev << 32;
    dw[1] = event_bits - 1;
    dw[2] = itt | (uint64_t)v << 63;
    return NULL;
}

const char *enc_mapc(uint64_t dw[4], uint64_t icid, uint64_t rdbase, bool v)
{
    start(dw, ITS_OP_MAPC);
    const char *e = icid_field(dw, icid);
    if (!e)
        e = rdbase_field(&dw[2], rdbase);
    dw[2] |= (uint64_t)v << 63;
    return e;
}

const char *enc_mapti(uint64_t dw[4], uint64_t dev, uint64_t ev, uint64_t intid, uint64_t icid)
{
    start(dw, ITS_OP_MAPTI);
    const char *e = dev_ev(dw, dev, ev);
    if (!e && !fits(intid, 32))
        e = "intid does not fit pINTID (32 bits)";
    dw[1] |= (intid & 0xFFFFFFFF) << 32;
    return e ? e : icid_field(dw, icid);
}

const char *enc_mapi(uint64_t dw[4], uint64_t dev, uint64_t ev, uint64_t icid)
{
    start(dw, ITS_OP_MAPI);
    const char *e = dev_ev(dw, dev, ev);
    return e ? e : icid_field(dw, icid);
}

const char *enc_movi(uint64_t dw[4], uint64_t dev, uint64_t ev, uint64_t icid)
{
    start(dw, ITS_OP_MOVI);
    const char *e = dev_ev(dw, dev, ev);
    return e ? e : icid_field(dw, icid);
}

const char *enc_movall(uint64_t dw[4], uint64_t rd1, uint64_t rd2)
{
    start(dw, ITS_OP_MOVALL);
    const char *e = rdbase_field(&dw[2], rd1);
    return e ? e : rdbase_field(&dw[3], rd2);
}

const char *enc_dev_ev(uint64_t dw[4], uint8_t opcode, uint64_t dev, uint64_t ev)
{
    start(dw, opcode);
    return dev_ev(dw, dev, ev);
}

const char *enc_invall(uint64_t dw[4], uint64_t icid)
{
    start(dw, ITS_OP_INVALL);
    return icid_field(dw, icid);
}

const char *enc_sync(uint64_t dw[4], uint64_t rdbase)
{
    start(dw, ITS_OP_SYNC);
    return rdbase_field(&dw[2], rdbase);
}

/* ---- GICv4.1 ---- */

static const char *vpe_field(uint64_t dw[4], uint64_t vpe)
{
    if (!fits(vpe, 16))
        return "vpe does not fit vPEID (16 bits)";
    dw[1] |= vpe << 32;
    return NULL;
}

static const char *doorbell_field(uint64_t *d, uint64_t db)
{
    if (!fits(db, 32))
        return "doorbell does not fit its field (32 bits)";
    *d |= db << 32;
    return NULL;
}

static const char *addr64k(uint64_t a, const char *what)
{
    if (a & 0xFFFF)
        return what;
    return fits(a, 52) ? NULL : "address beyond 52 bits";
}

const char *enc_vmapp(uint64_t dw[4], uint64_t vpe, uint64_t rdbase, bool v, uint64_t vpt,
                      uint64_t vpt_bits, uint64_t vconf, uint64_t doorbell, bool ptz, bool alloc)
{
    start(dw, ITS_OP_VMAPP);
    const char *e = vpe_field(dw, vpe);
    if (!e)
        e = rdbase_field(&dw[2], rdbase);
    if (!e && (vpt_bits < 1 || vpt_bits > 32))
        e = "vpt_bits must be 1..32 (VPT_size is 5 bits)";
    if (!e)
        e = addr64k(vpt, "vpt must be 64 KiB aligned (VPT_addr holds bits [51:16])");
    if (!e)
        e = addr64k(vconf, "vconf must be 64 KiB aligned (VConf_addr holds bits [51:16])");
    if (!e && !fits(doorbell, 32))
        e = "doorbell does not fit its field (32 bits)";
    if (e)
        return e;
    dw[0] |= (uint64_t)alloc << 8 | (uint64_t)ptz << 9 | vconf;
    dw[1] |= doorbell;
    dw[2] |= (uint64_t)v << 63;
    dw[3] = (vpt_bits - 1) | vpt;
    return NULL;
}

const char *enc_vmapti(uint64_t dw[4], uint64_t dev, uint64_t ev, uint64_t vpe, uint64_t vintid,
                       uint64_t doorbell)
{
    start(dw, ITS_OP_VMAPTI);
    const char *e = dev_ev(dw, dev, ev);
    if (!e)
        e = vpe_field(dw, vpe);
    if (!e && !fits(vintid, 32))
        e = "vintid does not fit vINTID (32 bits)";
    if (!e)
        dw[2] |= vintid;
    return e ? e : doorbell_field(&dw[2], doorbell);
}

const char *enc_vmapi(uint64_t dw[4], uint64_t dev, uint64_t ev, uint64_t vpe, uint64_t doorbell)
{
    start(dw, ITS_OP_VMAPI);
    const char *e = dev_ev(dw, dev, ev);
    if (!e)
        e = vpe_field(dw, vpe);
    return e ? e : doorbell_field(&dw[2], doorbell);
}

const char *enc_vmovi(uint64_t dw[4], uint64_t dev, uint64_t ev, uint64_t vpe, bool d,
                      uint64_t doorbell)
{
    start(dw, ITS_OP_VMOVI);
    const char *e = dev_ev(dw, dev, ev);
    if (!e)
        e = vpe_field(dw, vpe);
    dw[2] |= d;
    return e ? e : doorbell_field(&dw[2], doorbell);
}

const char *enc_vmovp(uint64_t dw[4], uint64_t vpe, uint64_t rdbase)
{
    return enc_vmovp_full(dw, vpe, rdbase, 0, 0, false, 0);
}

const char *enc_vmovp_full(uint64_t dw[4], uint64_t vpe, uint64_t rdbase, uint64_t seq,
                           uint64_t its_list, bool db, uint64_t doorbell)
{
    start(dw, ITS_OP_VMOVP);
    const char *e = vpe_field(dw, vpe);
    if (!e)
        e = rdbase_field(&dw[2], rdbase);
    if (!e && !fits(seq, 16))
        e = "sequence does not fit SequenceNumber (16 bits)";
    if (!e && !fits(its_list, 16))
        e = "its_list names an ITS above 15 (ITSList is 16 bits)";
    if (!e && !fits(doorbell, 32))
        e = "doorbell does not fit its field (32 bits)";
    if (e)
        return e;
    dw[0] |= seq << 32;
    dw[1] |= its_list;
    dw[2] |= (uint64_t)db << 63;
    dw[3] = db ? doorbell : 0;
    return NULL;
}

const char *enc_vpe(uint64_t dw[4], uint8_t opcode, uint64_t vpe)
{
    start(dw, opcode);
    return vpe_field(dw, vpe);
}

const char *enc_vsgi(uint64_t dw[4], uint64_t vpe, uint64_t sgi, bool enable, uint64_t priority,
                     bool group1, bool clear)
{
    start(dw, ITS_OP_VSGI);
    const char *e = vpe_field(dw, vpe);
    if (!e && sgi > 15)
        e = "sgi must be 0..15 (vINTID is 4 bits)";
    if (!e && (priority > 0xFF || priority & 0xF))
        e = "priority must be 0x00..0xf0 in steps of 0x10 (VSGI holds priority bits [7:4])";
    if (e)
        return e;
    dw[0] |= (uint64_t)enable << 8 | (uint64_t)clear << 9 | (uint64_t)group1 << 10 |
             (priority >> 4) << 20 | sgi << 32;
    return NULL;
}
