/* The ITS command encoder of the runner and the tests (library gicsim_its_encode),
 * written apart from the model's decoder so that each checks the other. Each function
 * fills a 32-byte packet and returns NULL, or a message naming the operand that does
 * not fit its field. */
#ifndef GICSIM_ITS_ENCODE_H
#define GICSIM_ITS_ENCODE_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

const char *enc_mapd(uint64_t dw[4], uint64_t dev, uint64_t event_bits, uint64_t itt, bool v);
const char *enc_mapc(uint64_t dw[4], uint64_t icid, uint64_t rdbase, bool v);
const char *enc_mapti(uint64_t dw[4], uint64_t dev, uint64_t ev, uint64_t intid, uint64_t icid);
const char *enc_mapi(uint64_t dw[4], uint64_t dev, uint64_t ev, uint64_t icid);
const char *enc_movi(uint64_t dw[4], uint64_t dev, uint64_t ev, uint64_t icid);
const char *enc_movall(uint64_t dw[4], uint64_t rd1, uint64_t rd2);
/* DISCARD, INT, CLEAR, INV: opcode with DeviceID and EventID. */
const char *enc_dev_ev(uint64_t dw[4], uint8_t opcode, uint64_t dev, uint64_t ev);
const char *enc_invall(uint64_t dw[4], uint64_t icid);
const char *enc_sync(uint64_t dw[4], uint64_t rdbase);

/* GICv4.1 (reference §2). vpt_bits is the VPT's vINTID bits (VPT_size + 1); VPT and
 * VCONF addresses are 64 KiB aligned; doorbell 1023 = none. */
const char *enc_vmapp(uint64_t dw[4], uint64_t vpe, uint64_t rdbase, bool v, uint64_t vpt,
                      uint64_t vpt_bits, uint64_t vconf, uint64_t doorbell, bool ptz, bool alloc);
const char *enc_vmapti(uint64_t dw[4], uint64_t dev, uint64_t ev, uint64_t vpe, uint64_t vintid,
                       uint64_t doorbell);
const char *enc_vmapi(uint64_t dw[4], uint64_t dev, uint64_t ev, uint64_t vpe, uint64_t doorbell);
/* d: the doorbell field is valid (VMOVI's D bit). */
const char *enc_vmovi(uint64_t dw[4], uint64_t dev, uint64_t ev, uint64_t vpe, bool d,
                      uint64_t doorbell);
const char *enc_vmovp(uint64_t dw[4], uint64_t vpe, uint64_t rdbase);
/* VMOVP with SequenceNumber and ITSList (the multi-ITS form) and, with db, GICv4.1's
 * new default doorbell. */
const char *enc_vmovp_full(uint64_t dw[4], uint64_t vpe, uint64_t rdbase, uint64_t seq,
                           uint64_t its_list, bool db, uint64_t doorbell);
/* VSYNC, VINVALL, INVDB: opcode with a vPEID. */
const char *enc_vpe(uint64_t dw[4], uint8_t opcode, uint64_t vpe);
/* VSGI: priority is the 8-bit value, a multiple of 0x10 (the command holds [7:4]). */
const char *enc_vsgi(uint64_t dw[4], uint64_t vpe, uint64_t sgi, bool enable, uint64_t priority,
                     bool group1, bool clear);

enum {
    ITS_OP_VMOVI = 0x21, ITS_OP_VMOVP = 0x22, ITS_OP_VSGI = 0x23, ITS_OP_VSYNC = 0x25,
    ITS_OP_VMAPP = 0x29, ITS_OP_VMAPTI = 0x2A, ITS_OP_VMAPI = 0x2B, ITS_OP_VINVALL = 0x2D,
    ITS_OP_INVDB = 0x2E,
};

enum {
    ITS_OP_MOVI = 0x01, ITS_OP_INT = 0x03, ITS_OP_CLEAR = 0x04, ITS_OP_SYNC = 0x05,
    ITS_OP_MAPD = 0x08, ITS_OP_MAPC = 0x09, ITS_OP_MAPTI = 0x0A, ITS_OP_MAPI = 0x0B,
    ITS_OP_INV = 0x0C, ITS_OP_INVALL = 0x0D, ITS_OP_MOVALL = 0x0E, ITS_OP_DISCARD = 0x0F,
};

#ifdef __cplusplus
}
#endif

#endif
