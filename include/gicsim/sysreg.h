/* CPU interface system registers by architectural name: the physical interface
 * (ICC_*_EL1), the virtual interface an EL1 access reaches when HCR_EL2.IMO/FMO route
 * there (ICV_*_EL1), and the hypervisor's EL2 registers (ICH_*_EL2, ICC_SRE_EL2). The
 * ICV_* and ICH_* registers exist only with virtualization (gic_config_t.virt). */
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

/* The virtual interface: X(id, access) names ICV_<id>_EL1. */
#define GIC_VSYSREGS(X)                                                                 \
    X(IAR0, R) X(IAR1, R) X(EOIR0, W) X(EOIR1, W) X(DIR, W) X(HPPIR0, R) X(HPPIR1, R)   \
    X(RPR, R) X(PMR, RW) X(BPR0, RW) X(BPR1, RW) X(CTLR, RW) X(IGRPEN0, RW)             \
    X(IGRPEN1, RW) X(AP0R0, RW) X(AP0R1, RW) X(AP0R2, RW) X(AP0R3, RW) X(AP1R0, RW)     \
    X(AP1R1, RW) X(AP1R2, RW) X(AP1R3, RW)

/* EL2: X(id, access) names ICH_<id>_EL2. */
#define GIC_HSYSREGS(X)                                                                 \
    X(HCR, RW) X(VTR, R) X(VMCR, RW) X(MISR, R) X(EISR, R) X(ELRSR, R)                  \
    X(AP0R0, RW) X(AP0R1, RW) X(AP0R2, RW) X(AP0R3, RW)                                 \
    X(AP1R0, RW) X(AP1R1, RW) X(AP1R2, RW) X(AP1R3, RW)                                 \
    X(LR0, RW) X(LR1, RW) X(LR2, RW) X(LR3, RW) X(LR4, RW) X(LR5, RW) X(LR6, RW)        \
    X(LR7, RW) X(LR8, RW) X(LR9, RW) X(LR10, RW) X(LR11, RW) X(LR12, RW) X(LR13, RW)    \
    X(LR14, RW) X(LR15, RW)

typedef enum gic_sysreg {
#define GIC_SYSREG_ENUM(id, acc) ICC_##id##_EL1,
    GIC_SYSREGS(GIC_SYSREG_ENUM)
#undef GIC_SYSREG_ENUM
#define GIC_VSYSREG_ENUM(id, acc) ICV_##id##_EL1,
    GIC_VSYSREGS(GIC_VSYSREG_ENUM)
#undef GIC_VSYSREG_ENUM
    ICC_SRE_EL2,
#define GIC_HSYSREG_ENUM(id, acc) ICH_##id##_EL2,
    GIC_HSYSREGS(GIC_HSYSREG_ENUM)
#undef GIC_HSYSREG_ENUM
    GIC_NUM_SYSREGS
} gic_sysreg_t;

#define GIC_NUM_ICC_SYSREGS ICV_IAR0_EL1 /* ICC_*_EL1 come first, */
#define GIC_FIRST_ICV ICV_IAR0_EL1       /* then ICV_*_EL1, */
#define GIC_FIRST_ICH ICC_SRE_EL2        /* then ICC_SRE_EL2 and ICH_*_EL2 */

/* Is reg an ICV_* register / an EL2 register (ICH_*_EL2 or ICC_SRE_EL2)? */
static inline int gic_sysreg_is_icv(gic_sysreg_t reg)
{
    return reg >= GIC_FIRST_ICV && reg < GIC_FIRST_ICH;
}
static inline int gic_sysreg_is_el2(gic_sysreg_t reg)
{
    return reg >= GIC_FIRST_ICH && reg < GIC_NUM_SYSREGS;
}

/* "ICC_PMR_EL1" for ICC_PMR_EL1, "ICH_LR3_EL2" for ICH_LR3_EL2; NULL if out of range. */
const char *gic_sysreg_name(gic_sysreg_t reg);
/* The register named name ("ICC_PMR_EL1"), or -1. */
int gic_sysreg_lookup(const char *name);

#ifdef __cplusplus
}
#endif

#endif
