/* CPU interface system registers (ICC_*_EL1), by architectural name. */
#ifndef GICSIM_SYSREG_H
#define GICSIM_SYSREG_H

#ifdef __cplusplus
extern "C" {
#endif

/* X(id, access): R read-only, W write-only, RW both. One line per register. */
#define GIC_SYSREGS(X)                                                                  \
    X(IAR0, R) X(IAR1, R) X(EOIR0, W) X(EOIR1, W) X(DIR, W) X(HPPIR0, R) X(HPPIR1, R)   \
    X(RPR, R) X(PMR, RW) X(BPR0, RW) X(BPR1, RW) X(CTLR, RW) X(IGRPEN0, RW)             \
    X(IGRPEN1, RW) X(SRE, RW) X(AP0R0, RW) X(AP0R1, RW) X(AP0R2, RW) X(AP0R3, RW)       \
    X(AP1R0, RW) X(AP1R1, RW) X(AP1R2, RW) X(AP1R3, RW) X(SGI0R, W) X(SGI1R, W)         \
    X(ASGI1R, W)

typedef enum gic_sysreg {
#define GIC_SYSREG_ENUM(id, acc) ICC_##id##_EL1,
    GIC_SYSREGS(GIC_SYSREG_ENUM)
#undef GIC_SYSREG_ENUM
    GIC_NUM_SYSREGS
} gic_sysreg_t;

/* "ICC_PMR_EL1" for ICC_PMR_EL1; NULL if out of range. */
const char *gic_sysreg_name(gic_sysreg_t reg);
/* The register named name ("ICC_PMR_EL1"), or -1. */
int gic_sysreg_lookup(const char *name);

#ifdef __cplusplus
}
#endif

#endif
