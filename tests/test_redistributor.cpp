// Redistributor: RD_base (identification, GICR_TYPER, GICR_WAKER) and the SGI_base
// frame (per-CPU SGI/PPI registers), and the PPI inputs.
#include "gic_fixture.h"

class RedistributorTest : public GicTest {
  protected:
    static uint64_t Field(uint64_t v, unsigned lsb, unsigned len)
    {
        return (v >> lsb) & ((1ull << len) - 1);
    }

    bool Pending(unsigned cpu, unsigned intid)
    {
        return (Read("GICR_ISPENDR0", cpu) >> intid) & 1;
    }

    bool Active(unsigned cpu, unsigned intid)
    {
        return (Read("GICR_ISACTIVER0", cpu) >> intid) & 1;
    }

    void MakePpiEdge(unsigned cpu, unsigned intid)
    {
        SetBit("GICR_ICFGR1", 2 * (intid - 16) + 1, true, cpu);
    }
};

// ---- GICR_TYPER ----

TEST_F(RedistributorTest, TyperProcessorNumberIsTheCpuIndex)
{
    for (unsigned c = 0; c < cfg.num_cpus; c++)
        EXPECT_EQ(Field(Read("GICR_TYPER", c), 8, 16), c);
}

TEST_F(RedistributorTest, TyperAffinityIsTheCpuAffinity)
{
    for (unsigned c = 0; c < cfg.num_cpus; c++)
        EXPECT_EQ(Read("GICR_TYPER", c) >> 32, gic_cpu_affinity(c));
}

TEST_F(RedistributorTest, TyperLastIsSetOnlyOnTheLastRedistributor)
{
    for (unsigned c = 0; c < cfg.num_cpus; c++)
        EXPECT_EQ(Field(Read("GICR_TYPER", c), 4, 1), c == cfg.num_cpus - 1 ? 1u : 0u) << c;
}

TEST_F(RedistributorTest, TyperPlpisIsSetWhenLpisAreConfigured)
{
    EXPECT_EQ(Field(Read("GICR_TYPER", 0), 0, 1), 1u);
}

TEST_F(RedistributorTest, TyperDirectLpiIsClearByDefault)
{
    EXPECT_EQ(Field(Read("GICR_TYPER", 0), 3, 1), 0u);
}

TEST_F(RedistributorTest, TyperIsReadableAsTwo32BitHalves)
{
    uint64_t a = Addr("GICR_TYPER", 2), typer = Read("GICR_TYPER", 2);
    EXPECT_EQ(ReadAt(a, 4), typer & 0xFFFFFFFF);
    EXPECT_EQ(ReadAt(a + 4, 4), typer >> 32);
    EXPECT_TRUE(guest_errors.empty());
}

TEST_F(RedistributorTest, TyperIsReadOnlyAndAWriteIsAGuestError)
{
    uint64_t typer = Read("GICR_TYPER", 1);
    Write("GICR_TYPER", 0, 1);
    EXPECT_EQ(Read("GICR_TYPER", 1), typer);
    EXPECT_EQ(guest_errors.size(), 1u);
}

class RedistributorNoLpiTest : public RedistributorTest {
    void Configure() override
    {
        cfg.lpis = false;
        cfg.direct_lpi = true;
    }
};

TEST_F(RedistributorNoLpiTest, TyperPlpisIsClearWithoutLpis)
{
    EXPECT_EQ(Field(Read("GICR_TYPER", 0), 0, 1), 0u);
}

TEST_F(RedistributorNoLpiTest, TyperDirectLpiFollowsTheConfiguration)
{
    EXPECT_EQ(Field(Read("GICR_TYPER", 0), 3, 1), 1u);
}

class RedistributorClusterTest : public RedistributorTest {
    void Configure() override { cfg.num_cpus = 20; }
};

TEST_F(RedistributorClusterTest, TyperOfCpu17ReportsAff1OneAff0One)
{
    EXPECT_EQ(Field(Read("GICR_TYPER", 17), 32, 32), 0x0101u);
    EXPECT_EQ(Field(Read("GICR_TYPER", 17), 8, 16), 17u);
}

TEST_F(RedistributorClusterTest, TyperLastIsSetOnCpu19Only)
{
    EXPECT_EQ(Field(Read("GICR_TYPER", 19), 4, 1), 1u);
    EXPECT_EQ(Field(Read("GICR_TYPER", 15), 4, 1), 0u);
}

// ---- Identification and access rules ----

TEST_F(RedistributorTest, IidrIsReadOnlyAndAWriteIsAGuestError)
{
    uint64_t iidr = Read("GICR_IIDR", 0);
    Write("GICR_IIDR", 0, 0);
    EXPECT_EQ(Read("GICR_IIDR", 0), iidr);
    EXPECT_EQ(guest_errors.size(), 1u);
}

TEST_F(RedistributorTest, Pidr2ReportsArchRev3)
{
    EXPECT_EQ(Field(Read("GICR_PIDR2", 0), 4, 4), 3u);
}

TEST_F(RedistributorTest, ReservedRdOffsetReadsZeroWithAGuestError)
{
    EXPECT_EQ(ReadAt(cfg.gicr_base + 0x0100, 4), 0u);
    EXPECT_EQ(guest_errors.size(), 1u);
}

// ---- GICR_WAKER ----

TEST_F(RedistributorTest, WakerResetsWithProcessorSleepAndChildrenAsleep)
{
    EXPECT_EQ(Read("GICR_WAKER", 1) & 0x6, 0x6u);
}

TEST_F(RedistributorTest, WakerClearingProcessorSleepClearsChildrenAsleep)
{
    Write("GICR_WAKER", 0, 1);
    EXPECT_EQ(Read("GICR_WAKER", 1) & 0x6, 0x0u);
}

TEST_F(RedistributorTest, WakerSettingProcessorSleepSetsChildrenAsleep)
{
    Write("GICR_WAKER", 0, 1);
    Write("GICR_WAKER", 0x2, 1);
    EXPECT_EQ(Read("GICR_WAKER", 1) & 0x6, 0x6u);
}

TEST_F(RedistributorTest, SleepingRedistributorDoesNotSignalItsPendingInterrupt)
{
    BootLinux();
    Write("GICR_WAKER", 0x2, 1);
    SetupPrivate(1, 23, 0xA0);
    gic_set_ppi(gic, 1, 23, true);
    EXPECT_FALSE(Irq(1));
    EXPECT_EQ(Sys(1, ICC_IAR1_EL1), 1023u);
}

TEST_F(RedistributorTest, WakingTheRedistributorSignalsItsPendingInterrupt)
{
    BootLinux();
    Write("GICR_WAKER", 0x2, 1);
    SetupPrivate(1, 23, 0xA0);
    gic_set_ppi(gic, 1, 23, true);
    Write("GICR_WAKER", 0, 1);
    EXPECT_TRUE(Irq(1));
}

// ---- SGI_base: enables, priority, configuration, group ----

TEST_F(RedistributorTest, Isenabler0ReadsBackEnabledSgisAndPpis)
{
    Write("GICR_ISENABLER0", 0x00810003, 1);
    EXPECT_EQ(Read("GICR_ISENABLER0", 1), 0x00810003u);
}

TEST_F(RedistributorTest, Icenabler0ClearsTheEnablesWritten)
{
    Write("GICR_ISENABLER0", 0x00810003, 1);
    Write("GICR_ICENABLER0", 0x00800001, 1);
    EXPECT_EQ(Read("GICR_ICENABLER0", 1), 0x00010002u);
}

TEST_F(RedistributorTest, SgiPpiRegistersAreBankedPerRedistributor)
{
    Write("GICR_ISENABLER0", 0xFFFFFFFF, 0);
    EXPECT_EQ(Read("GICR_ISENABLER0", 1), 0u);
}

TEST_F(RedistributorTest, SgiPriorityByteAccessReadsBackMaskedValue)
{
    SetPriority(5, 0xFF, 2);
    EXPECT_EQ(Priority(5, 2), 0xF8u);
    EXPECT_EQ(Priority(5, 1), 0u);
}

TEST_F(RedistributorTest, PpiPriorityWordAccessReadsBackMaskedValue)
{
    Write("GICR_IPRIORITYR5", 0x12345678, 2); // INTIDs 20..23
    EXPECT_EQ(Read("GICR_IPRIORITYR5", 2), 0x10305078u);
}

TEST_F(RedistributorTest, Icfgr0ReadsEverySgiAsEdgeTriggered)
{
    EXPECT_EQ(Read("GICR_ICFGR0", 0), 0xAAAAAAAAu);
}

TEST_F(RedistributorTest, Icfgr0WriteCannotMakeAnSgiLevelSensitive)
{
    Write("GICR_ICFGR0", 0, 0);
    EXPECT_EQ(Read("GICR_ICFGR0", 0), 0xAAAAAAAAu);
}

TEST_F(RedistributorTest, Icfgr1PpisResetLevelSensitive)
{
    EXPECT_EQ(Read("GICR_ICFGR1", 0), 0u);
}

TEST_F(RedistributorTest, Icfgr1ProgramsPpisAsEdgeTriggered)
{
    Write("GICR_ICFGR1", 0xFFFFFFFF, 0);
    EXPECT_EQ(Read("GICR_ICFGR1", 0), 0xAAAAAAAAu);
}

TEST_F(RedistributorTest, Igroupr0ReadsBack)
{
    Write("GICR_IGROUPR0", 0x80000001, 3);
    EXPECT_EQ(Read("GICR_IGROUPR0", 3), 0x80000001u);
    EXPECT_EQ(Read("GICR_IGROUPR0", 2), 0u);
}

TEST_F(RedistributorTest, Group0PpiIsSignalledAsFiqNotIrq)
{
    BootLinux();
    Write("GICD_CTLR", 0x13); // EnableGrp0 | EnableGrp1 | ARE
    SysW(0, ICC_IGRPEN0_EL1, 1);
    SetBit("GICR_IGROUPR0", 23, false, 0);
    SetupPrivate(0, 23, 0xA0);
    gic_set_ppi(gic, 0, 23, true);
    EXPECT_TRUE(Fiq(0));
    EXPECT_FALSE(Irq(0));
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), 1023u);
}

// ---- SGI_base: pending and active ----

TEST_F(RedistributorTest, Ispendr0AndIcpendr0SetAndClearSgiPending)
{
    Write("GICR_ISPENDR0", 1u << 3, 1);
    EXPECT_TRUE(Pending(1, 3));
    Write("GICR_ICPENDR0", 1u << 3, 1);
    EXPECT_FALSE(Pending(1, 3));
}

TEST_F(RedistributorTest, Isactiver0AndIcactiver0SetAndClearPpiActive)
{
    Write("GICR_ISACTIVER0", 1u << 27, 2);
    EXPECT_TRUE(Active(2, 27));
    Write("GICR_ICACTIVER0", 1u << 27, 2);
    EXPECT_FALSE(Active(2, 27));
}

// ---- PPI inputs ----

TEST_F(RedistributorTest, LevelPpiIsPendingOnlyWhileTheInputIsHigh)
{
    gic_set_ppi(gic, 1, 23, true);
    EXPECT_TRUE(Pending(1, 23));
    gic_set_ppi(gic, 1, 23, false);
    EXPECT_FALSE(Pending(1, 23));
}

TEST_F(RedistributorTest, EdgePpiStaysPendingAfterTheInputFalls)
{
    MakePpiEdge(1, 23);
    gic_set_ppi(gic, 1, 23, true);
    gic_set_ppi(gic, 1, 23, false);
    EXPECT_TRUE(Pending(1, 23));
}

TEST_F(RedistributorTest, PpiIsDeliveredOnlyToItsOwnCpu)
{
    BootLinux();
    SetupPrivate(1, 23, 0xA0);
    SetupPrivate(2, 23, 0xA0);
    gic_set_ppi(gic, 1, 23, true);
    EXPECT_TRUE(Irq(1));
    EXPECT_FALSE(Irq(2));
    EXPECT_FALSE(Pending(2, 23));
    EXPECT_EQ(Sys(1, ICC_IAR1_EL1), 23u);
}

TEST_F(RedistributorTest, PpiInputRejectsSgiIntids)
{
    EXPECT_EQ(gic_set_ppi(gic, 0, 5, true), GIC_ERR_ARG);
}

// ---- Two security states ----

class RedistributorSecureTest : public RedistributorTest {
    void Configure() override { cfg.two_security_states = true; }
};

TEST_F(RedistributorSecureTest, NonSecureAccessSeesIgroupr0AsRazWi)
{
    Write("GICR_IGROUPR0", 0xFFFF, 0, true);
    EXPECT_EQ(Read("GICR_IGROUPR0", 0), 0u);
    Write("GICR_IGROUPR0", 0, 0);
    EXPECT_EQ(Read("GICR_IGROUPR0", 0, true), 0xFFFFu);
}

TEST_F(RedistributorSecureTest, NonSecureAccessSeesOnlyNonSecureGroup1Enables)
{
    Write("GICR_IGROUPR0", 0x1, 0, true); // SGI 0: Non-secure Group 1; SGI 1: Group 0
    Write("GICR_ISENABLER0", 0x3, 0, true);
    EXPECT_EQ(Read("GICR_ISENABLER0", 0), 0x1u);
}
