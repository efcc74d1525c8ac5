// CPU interface (ICC_*_EL1): acknowledge, priority masking, running priority,
// preemption and binary point, EOI/DIR, active priorities, SGI generation, and the
// IRQ/FIQ outputs with one and with two security states.
#include "gic_fixture.h"

// Booted as Linux does (single security state): Group 1, PMR 0xF0, all PEs awake.
class CpuifTest : public GicTest {
  protected:
    void SetUp() override
    {
        GicTest::SetUp();
        if (!HasFatalFailure())
            BootLinux();
    }

    // Makes SPI intid pending with priority prio, routed to cpu.
    void PendSpi(unsigned intid, uint8_t prio, unsigned cpu = 0)
    {
        SetupSpi(intid, prio, cpu);
        Write("GICD_ISPENDR" + std::to_string(intid / 32), 1u << (intid % 32));
    }

    uint64_t Ack(unsigned cpu = 0) { return Sys(cpu, ICC_IAR1_EL1); }
    void Eoi(uint64_t intid, unsigned cpu = 0) { SysW(cpu, ICC_EOIR1_EL1, intid); }
    uint64_t Rpr(unsigned cpu = 0) { return Sys(cpu, ICC_RPR_EL1); }

    bool SpiActive(unsigned intid)
    {
        return (Read("GICD_ISACTIVER" + std::to_string(intid / 32)) >> (intid % 32)) & 1;
    }

    bool SgiPending(unsigned cpu, unsigned intid)
    {
        return (Read("GICR_ISPENDR0", cpu) >> intid) & 1;
    }

    // ICC_SGI1R_EL1 value: INTID, target list within cluster Aff1 (Aff2 = Aff3 = 0).
    static uint64_t SgiR(unsigned intid, uint16_t targets, unsigned aff1 = 0)
    {
        return (uint64_t)intid << 24 | (uint64_t)aff1 << 16 | targets;
    }
    static constexpr uint64_t kIrm = 1ull << 40;

    // The CPUs whose IRQ output is asserted, as a bit mask.
    unsigned IrqMask()
    {
        unsigned m = 0;
        for (unsigned c = 0; c < cfg.num_cpus; c++)
            m |= Irq(c) ? 1u << c : 0;
        return m;
    }
};

// ---- Acknowledge and identification ----

TEST_F(CpuifTest, Iar1ReturnsSpuriousWhenNothingIsPending)
{
    EXPECT_EQ(Ack(), 1023u);
}

TEST_F(CpuifTest, AcknowledgeReturnsTheIntidAndDeassertsIrq)
{
    PendSpi(40, 0xA0);
    ASSERT_TRUE(Irq(0));
    EXPECT_EQ(Ack(), 40u);
    EXPECT_FALSE(Irq(0));
    EXPECT_TRUE(SpiActive(40));
}

TEST_F(CpuifTest, SreReadsSreDfbDibSet)
{
    EXPECT_EQ(Sys(0, ICC_SRE_EL1), 0x7u);
}

TEST_F(CpuifTest, CtlrPribitsIsImplementedPriorityBitsMinusOne)
{
    EXPECT_EQ((Sys(0, ICC_CTLR_EL1) >> 8) & 7, 4u);
}

TEST_F(CpuifTest, ClearingIgrpen1StopsGroup1Signalling)
{
    PendSpi(40, 0xA0);
    SysW(0, ICC_IGRPEN1_EL1, 0);
    EXPECT_FALSE(Irq(0));
    EXPECT_EQ(Ack(), 1023u);
}

// ---- Priority mask and running priority ----

TEST_F(CpuifTest, PmrMasksAnInterruptOfEqualPriority)
{
    SysW(0, ICC_PMR_EL1, 0xA0);
    PendSpi(40, 0xA0);
    EXPECT_FALSE(Irq(0));
    EXPECT_EQ(Ack(), 1023u);
}

TEST_F(CpuifTest, PmrMasksAnInterruptOfLowerPriority)
{
    SysW(0, ICC_PMR_EL1, 0x80);
    PendSpi(40, 0xA0);
    EXPECT_FALSE(Irq(0));
}

TEST_F(CpuifTest, PmrLetsAHigherPriorityInterruptThrough)
{
    SysW(0, ICC_PMR_EL1, 0xA0);
    PendSpi(40, 0x98);
    EXPECT_TRUE(Irq(0));
}

TEST_F(CpuifTest, RaisingPmrSignalsAMaskedInterrupt)
{
    SysW(0, ICC_PMR_EL1, 0x80);
    PendSpi(40, 0xA0);
    SysW(0, ICC_PMR_EL1, 0xF0);
    EXPECT_TRUE(Irq(0));
}

TEST_F(CpuifTest, PmrReadsBackMaskedToTheImplementedBits)
{
    SysW(0, ICC_PMR_EL1, 0xFF);
    EXPECT_EQ(Sys(0, ICC_PMR_EL1), 0xF8u);
}

TEST_F(CpuifTest, RprIsIdleWhenNothingIsActive)
{
    EXPECT_EQ(Rpr(), 0xFFu);
}

TEST_F(CpuifTest, RprIsThePriorityOfTheAcknowledgedInterrupt)
{
    PendSpi(40, 0xA0);
    Ack();
    EXPECT_EQ(Rpr(), 0xA0u);
}

// ---- Preemption ----

TEST_F(CpuifTest, HigherPriorityInterruptPreemptsTheActiveOne)
{
    PendSpi(40, 0xA0);
    ASSERT_EQ(Ack(), 40u);
    PendSpi(41, 0x80);
    EXPECT_TRUE(Irq(0));
    EXPECT_EQ(Ack(), 41u);
    EXPECT_EQ(Rpr(), 0x80u);
}

TEST_F(CpuifTest, EqualPriorityInterruptDoesNotPreempt)
{
    PendSpi(40, 0xA0);
    ASSERT_EQ(Ack(), 40u);
    PendSpi(41, 0xA0);
    EXPECT_FALSE(Irq(0));
    EXPECT_EQ(Ack(), 1023u);
}

TEST_F(CpuifTest, LowerPriorityInterruptDoesNotPreempt)
{
    PendSpi(40, 0xA0);
    ASSERT_EQ(Ack(), 40u);
    PendSpi(41, 0xC0);
    EXPECT_FALSE(Irq(0));
    EXPECT_EQ(Ack(), 1023u);
}

TEST_F(CpuifTest, LowerPriorityInterruptIsTakenAfterThePriorityDrop)
{
    PendSpi(40, 0xA0);
    ASSERT_EQ(Ack(), 40u);
    PendSpi(41, 0xC0);
    Eoi(40);
    EXPECT_TRUE(Irq(0));
    EXPECT_EQ(Ack(), 41u);
}

TEST_F(CpuifTest, EqualPrioritiesAreTakenLowestIntidFirst)
{
    PendSpi(45, 0xA0);
    PendSpi(41, 0xA0);
    EXPECT_EQ(Ack(), 41u);
    Eoi(41);
    EXPECT_EQ(Ack(), 45u);
}

TEST_F(CpuifTest, EoiDropsTheHighestActivePriorityAcrossGroups)
{
    // Group 0 SPI 41 (FIQ) is active at 0xA0 when Group 1 SPI 40 at 0x50 preempts it.
    Write("GICD_CTLR", 0x13);
    SysW(0, ICC_IGRPEN0_EL1, 1);
    SetBit("GICD_IGROUPR1", 41 - 32, false);
    PendSpi(41, 0xA0);
    ASSERT_EQ(Sys(0, ICC_IAR0_EL1), 41u);
    PendSpi(40, 0x50);
    ASSERT_EQ(Ack(), 40u);
    Eoi(40); // drops 0x50, the highest active priority
    EXPECT_EQ(Rpr(), 0xA0u);
    EXPECT_EQ(Sys(0, ICC_AP0R0_EL1), 1u << (0xA0 >> 3));
    EXPECT_EQ(Sys(0, ICC_AP1R0_EL1), 0u);
}

// ---- Binary point ----

TEST_F(CpuifTest, Bpr0WriteBelowTheMinimumReadsTheMinimum)
{
    SysW(0, ICC_BPR0_EL1, 0);
    EXPECT_EQ(Sys(0, ICC_BPR0_EL1), 2u); // 7 - 5 priority bits
}

TEST_F(CpuifTest, Bpr1WriteBelowTheMinimumReadsTheMinimum)
{
    SysW(0, ICC_BPR1_EL1, 0);
    EXPECT_EQ(Sys(0, ICC_BPR1_EL1), 3u); // BPR0 minimum + 1
}

TEST_F(CpuifTest, Bpr1SevenGroupsAllPrioritiesWithTheSameTopBit)
{
    SysW(0, ICC_BPR1_EL1, 7); // group priority = priority[7]
    PendSpi(40, 0xA0);
    ASSERT_EQ(Ack(), 40u);
    PendSpi(41, 0x90);
    EXPECT_FALSE(Irq(0));
    PendSpi(42, 0x10);
    EXPECT_TRUE(Irq(0));
    EXPECT_EQ(Ack(), 42u);
}

TEST_F(CpuifTest, Bpr1MinimumLetsPriorityBit3Preempt)
{
    PendSpi(40, 0xA8);
    ASSERT_EQ(Ack(), 40u);
    PendSpi(41, 0xA0);
    EXPECT_TRUE(Irq(0));
}

TEST_F(CpuifTest, Bpr1FourIgnoresPriorityBit3ForPreemption)
{
    SysW(0, ICC_BPR1_EL1, 4); // group priority = priority[7:4]
    PendSpi(40, 0xA8);
    ASSERT_EQ(Ack(), 40u);
    PendSpi(41, 0xA0);
    EXPECT_FALSE(Irq(0));
    PendSpi(42, 0x98);
    EXPECT_TRUE(Irq(0));
    EXPECT_EQ(Ack(), 42u);
}

class CpuifPri8Test : public CpuifTest {
    void Configure() override { cfg.pri_bits = 8; }
};

TEST_F(CpuifPri8Test, BinaryPointMinimaAreZeroAndOne)
{
    SysW(0, ICC_BPR0_EL1, 0);
    SysW(0, ICC_BPR1_EL1, 0);
    EXPECT_EQ(Sys(0, ICC_BPR0_EL1), 0u);
    EXPECT_EQ(Sys(0, ICC_BPR1_EL1), 1u);
}

TEST_F(CpuifPri8Test, CtlrPribitsReportsEightBits)
{
    EXPECT_EQ((Sys(0, ICC_CTLR_EL1) >> 8) & 7, 7u);
}

class CpuifPri4Test : public CpuifTest {
    void Configure() override { cfg.pri_bits = 4; }
};

TEST_F(CpuifPri4Test, BinaryPointMinimaAreThreeAndFour)
{
    SysW(0, ICC_BPR0_EL1, 0);
    SysW(0, ICC_BPR1_EL1, 0);
    EXPECT_EQ(Sys(0, ICC_BPR0_EL1), 3u);
    EXPECT_EQ(Sys(0, ICC_BPR1_EL1), 4u);
}

// ---- End of interrupt and deactivation ----

TEST_F(CpuifTest, EoiWithEoiMode0DropsPriorityAndDeactivates)
{
    PendSpi(40, 0xA0);
    Ack();
    Eoi(40);
    EXPECT_EQ(Rpr(), 0xFFu);
    EXPECT_FALSE(SpiActive(40));
}

TEST_F(CpuifTest, EoiWithEoiMode1DropsPriorityOnly)
{
    SysW(0, ICC_CTLR_EL1, 0x2);
    PendSpi(40, 0xA0);
    Ack();
    Eoi(40);
    EXPECT_EQ(Rpr(), 0xFFu);
    EXPECT_TRUE(SpiActive(40));
}

TEST_F(CpuifTest, DirWithEoiMode1Deactivates)
{
    SysW(0, ICC_CTLR_EL1, 0x2);
    PendSpi(40, 0xA0);
    Ack();
    Eoi(40);
    SysW(0, ICC_DIR_EL1, 40);
    EXPECT_FALSE(SpiActive(40));
    EXPECT_TRUE(guest_errors.empty());
}

TEST_F(CpuifTest, DirWithEoiMode0IsAGuestErrorAndLeavesTheInterruptActive)
{
    PendSpi(40, 0xA0);
    Ack();
    SysW(0, ICC_DIR_EL1, 40);
    EXPECT_EQ(guest_errors.size(), 1u);
    EXPECT_TRUE(SpiActive(40));
}

TEST_F(CpuifTest, EoiOfSpuriousIntidIsIgnored)
{
    PendSpi(40, 0xA0);
    Ack();
    Eoi(1023);
    EXPECT_EQ(Rpr(), 0xA0u);
    EXPECT_TRUE(SpiActive(40));
    EXPECT_TRUE(guest_errors.empty());
}

// ---- Highest pending and active priorities ----

TEST_F(CpuifTest, Hppir1ReportsTheHighestPendingInterruptWithoutAcknowledging)
{
    PendSpi(40, 0xA0);
    PendSpi(41, 0x80);
    EXPECT_EQ(Sys(0, ICC_HPPIR1_EL1), 41u);
    EXPECT_TRUE(Irq(0));
    EXPECT_EQ(Ack(), 41u);
}

TEST_F(CpuifTest, Hppir1IsSpuriousWhenNothingIsPending)
{
    EXPECT_EQ(Sys(0, ICC_HPPIR1_EL1), 1023u);
}

TEST_F(CpuifTest, Ap1r0ShowsTheActivePriorityAfterAcknowledge)
{
    PendSpi(40, 0xA0);
    Ack();
    EXPECT_EQ(Sys(0, ICC_AP1R0_EL1), 1u << (0xA0 >> 3)); // 5 bits: priority[7:3]
}

TEST_F(CpuifTest, Ap1r0ClearsAfterEoi)
{
    PendSpi(40, 0xA0);
    Ack();
    Eoi(40);
    EXPECT_EQ(Sys(0, ICC_AP1R0_EL1), 0u);
}

// ---- SGIs ----

TEST_F(CpuifTest, Sgi1rTargetingSelfMakesTheSgiPendingOnTheSender)
{
    SetupPrivate(0, 3, 0xA0);
    SysW(0, ICC_SGI1R_EL1, SgiR(3, 0x1));
    EXPECT_TRUE(Irq(0));
    EXPECT_EQ(Ack(0), 3u);
}

TEST_F(CpuifTest, Sgi1rTargetListReachesOnlyTheListedCpus)
{
    SysW(0, ICC_SGI1R_EL1, SgiR(5, 0b1010));
    EXPECT_FALSE(SgiPending(0, 5));
    EXPECT_TRUE(SgiPending(1, 5));
    EXPECT_FALSE(SgiPending(2, 5));
    EXPECT_TRUE(SgiPending(3, 5));
}

TEST_F(CpuifTest, Sgi1rWithIrmReachesEveryCpuButTheSender)
{
    for (unsigned c = 0; c < cfg.num_cpus; c++)
        SetupPrivate(c, 5, 0xA0);
    SysW(1, ICC_SGI1R_EL1, SgiR(5, 0) | kIrm);
    EXPECT_EQ(IrqMask(), 0b1101u);
}

TEST_F(CpuifTest, Sgi1rDoesNotGenerateAGroup0Sgi)
{
    SetBit("GICR_IGROUPR0", 5, false, 1);
    SysW(0, ICC_SGI1R_EL1, SgiR(5, 0b0010));
    EXPECT_FALSE(SgiPending(1, 5));
}

TEST_F(CpuifTest, Sgi0rGroup0SgiIsSignalledAsFiq)
{
    Write("GICD_CTLR", 0x13);
    SysW(1, ICC_IGRPEN0_EL1, 1);
    SetBit("GICR_IGROUPR0", 5, false, 1);
    SetupPrivate(1, 5, 0xA0);
    SysW(0, ICC_SGI0R_EL1, SgiR(5, 0b0010));
    EXPECT_TRUE(Fiq(1));
    EXPECT_FALSE(Irq(1));
    EXPECT_EQ(Sys(1, ICC_IAR0_EL1), 5u);
}

class CpuifClusterTest : public CpuifTest {
    void Configure() override { cfg.num_cpus = 20; }
};

TEST_F(CpuifClusterTest, Sgi1rWithAff1ReachesTheCpuInCluster1)
{
    // CPU 17 has Aff1 = 1, Aff0 = 1; CPU 1 has Aff1 = 0, Aff0 = 1.
    SetupPrivate(17, 2, 0xA0);
    SysW(0, ICC_SGI1R_EL1, SgiR(2, 0b10, 1));
    EXPECT_TRUE(SgiPending(17, 2));
    EXPECT_FALSE(SgiPending(1, 2));
    EXPECT_EQ(Ack(17), 2u);
}

// ---- Two security states (DS = 0) ----

class CpuifSecureTest : public CpuifTest {
  protected:
    void Configure() override { cfg.two_security_states = true; }
    void SetUp() override
    {
        GicTest::SetUp();
        if (!HasFatalFailure())
            BootTwoSecurityStates();
    }

    // Pends SPI 40 on CPU 0 with the group given by IGROUPR/IGRPMODR.
    void PendSpi40(bool igroup, bool igrpmod)
    {
        SetSpiGroup(40, igroup, igrpmod);
        SetupSecureSpi(40, 0xA0, 0);
        Write("GICD_ISPENDR1", 1u << 8, 0, true);
    }
};

TEST_F(CpuifSecureTest, Group0InterruptIsSignalledAsFiq)
{
    PendSpi40(false, false);
    EXPECT_TRUE(Fiq(0));
    EXPECT_FALSE(Irq(0));
}

TEST_F(CpuifSecureTest, NonSecureGroup1InterruptIsIrqToANonSecurePe)
{
    PendSpi40(true, false);
    EXPECT_TRUE(Irq(0));
    EXPECT_FALSE(Fiq(0));
}

TEST_F(CpuifSecureTest, SecureGroup1InterruptIsFiqToANonSecurePe)
{
    PendSpi40(false, true);
    EXPECT_TRUE(Fiq(0));
    EXPECT_FALSE(Irq(0));
}

TEST_F(CpuifSecureTest, SecureGroup1InterruptIsIrqToASecurePe)
{
    PendSpi40(false, true);
    gic_cpu_set_secure(gic, 0, true);
    EXPECT_TRUE(Irq(0));
    EXPECT_FALSE(Fiq(0));
}

TEST_F(CpuifSecureTest, Iar0AcknowledgesAGroup0Interrupt)
{
    PendSpi40(false, false);
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), 1023u);
    gic_cpu_set_secure(gic, 0, true); // Group 0 is Secure with DS = 0 (impdef D14)
    EXPECT_EQ(Sys(0, ICC_IAR0_EL1), 40u);
    EXPECT_FALSE(Fiq(0));
}

// ---- Why IAR reads 1023 (gic_cpu_why_spurious, for messages) ----

static std::string WhySpurious(gic_t *gic, unsigned cpu, unsigned group)
{
    char buf[240];
    gic_cpu_why_spurious(gic, cpu, group, buf, sizeof(buf));
    return buf;
}

TEST_F(CpuifTest, WhySpuriousNamesWhatDecides)
{
    EXPECT_EQ(WhySpurious(gic, 0, 1).rfind("nothing is pending for CPU 0", 0), 0u);
    PendSpi(40, 0xA0);
    SysW(0, ICC_PMR_EL1, 0x40);
    EXPECT_EQ(WhySpurious(gic, 0, 1), "INTID 40 (priority 0xa0) is masked by ICC_PMR_EL1 = 0x40");
    EXPECT_EQ(Ack(), 1023u); // the explanation agrees with the acknowledge
    SysW(0, ICC_PMR_EL1, 0xF0);
    EXPECT_NE(WhySpurious(gic, 0, 0).find("read ICC_IAR1_EL1"), std::string::npos);
    SysW(0, ICC_IGRPEN1_EL1, 0);
    EXPECT_NE(WhySpurious(gic, 0, 1).find("ICC_IGRPEN1_EL1 is 0"), std::string::npos);
    SysW(0, ICC_IGRPEN1_EL1, 1);
    EXPECT_EQ(Ack(), 40u);
    PendSpi(41, 0xB0);
    EXPECT_NE(WhySpurious(gic, 0, 1).find("does not preempt the running priority 0xa0"),
              std::string::npos);
}
