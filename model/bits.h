/* Field access helpers: registers and in-memory entries are read and written through
 * named fields (FIELD(GICR_CTLR, EnableLPIs, 0, 1)), never open-coded masks. */
#ifndef GICSIM_BITS_H
#define GICSIM_BITS_H

#include <stdint.h>

static inline uint64_t extract64(uint64_t v, unsigned start, unsigned len)
{
    return (v >> start) & (len >= 64 ? ~0ULL : ((1ULL << len) - 1));
}

static inline uint64_t deposit64(uint64_t v, unsigned start, unsigned len, uint64_t f)
{
    uint64_t mask = (len >= 64 ? ~0ULL : ((1ULL << len) - 1)) << start;
    return (v & ~mask) | ((f << start) & mask);
}

static inline uint64_t mask64(unsigned bits)
{
    return bits >= 64 ? ~0ULL : (1ULL << bits) - 1;
}

#define FIELD(reg, field, start, len)                                                    \
    enum { R_##reg##_##field##_SHIFT = (start), R_##reg##_##field##_LEN = (len) };
#define FIELD_EX(v, reg, field)                                                          \
    extract64((v), R_##reg##_##field##_SHIFT, R_##reg##_##field##_LEN)
#define FIELD_DP(v, reg, field, f)                                                       \
    deposit64((v), R_##reg##_##field##_SHIFT, R_##reg##_##field##_LEN, (f))
#define FIELD_MASK(reg, field)                                                           \
    (mask64(R_##reg##_##field##_LEN) << R_##reg##_##field##_SHIFT)

#endif
