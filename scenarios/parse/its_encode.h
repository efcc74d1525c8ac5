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

enum {
    ITS_OP_MOVI = 0x01, ITS_OP_INT = 0x03, ITS_OP_CLEAR = 0x04, ITS_OP_SYNC = 0x05,
    ITS_OP_MAPD = 0x08, ITS_OP_MAPC = 0x09, ITS_OP_MAPTI = 0x0A, ITS_OP_MAPI = 0x0B,
    ITS_OP_INV = 0x0C, ITS_OP_INVALL = 0x0D, ITS_OP_MOVALL = 0x0E, ITS_OP_DISCARD = 0x0F,
};

#ifdef __cplusplus
}
#endif

#endif
