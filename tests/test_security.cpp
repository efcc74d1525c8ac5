// Issue 17: two security states (NSACR, Secure banks and views), message-based SPIs
// (GICD_SETSPI/CLRSPI, GICD_TYPER.MBIS) and the running priority register.
#include "gic_fixture.h"

namespace {

constexpr unsigned kSpi = 40;           // GICD_ISPENDR1 bit 8, GICD_ICFGR2 field 8
constexpr unsigned kPendBit = 1u << 8;  // kSpi in GICD_ISPENDR1 / ICPENDR1

// ---- Message-based SPIs with one security state -----------------------------------

class MessageSpiTest : public SecurityTest {
  protected:
    void Configure() override {}
    void SetUp() override
    {
        SecurityTest::SetUp();
        BootLinux();
        SetupSpi(kSpi, 0xA0, 0);
    }
    void SetSpi() { Write("GICD_SETSPI_NSR", kSpi); }
    void ClrSpi() { Write("GICD_CLRSPI_NSR", kSpi); }
    bool Pending() { return Read("GICD_ISPENDR1") & kPendBit; }
    // Acknowledges and completes kSpi; true if the acknowledge returned it.
    bool TakeSpi()
    {
        uint64_t intid = Sys(0, ICC_IAR1_EL1);
        if (intid != kSpi)
            return false;
        SysW(0, ICC_EOIR1_EL1, intid);
        return true;
    }
};

TEST_F(MessageSpiTest, TyperReportsMbis)
{
    EXPECT_EQ((Read("GICD_TYPER") >> 16) & 1, 1u);
}

// Defect 7: a SETSPI write is an edge event for an edge-triggered SPI; it leaves no
// line state behind, so every later SETSPI and every later wire edge is seen.
TEST_F(MessageSpiTest, EveryEdgeAfterSetspiIsSeen)
{
    SetSpiEdge(kSpi, true);
    for (int i = 0; i < 50; i++) {
        SetSpi();
        ASSERT_TRUE(Pending()) << "SETSPI " << i;
        ASSERT_TRUE(TakeSpi()) << "SETSPI " << i;
        EXPECT_FALSE(Pending());
        gic_set_spi(gic, kSpi, true); // a wire edge between the messages
        ASSERT_TRUE(TakeSpi()) << "wire edge " << i;
        gic_set_spi(gic, kSpi, false);
        SetSpi();
        SetSpi(); // coalesced: already pending
        ASSERT_TRUE(TakeSpi()) << "second SETSPI " << i;
        EXPECT_EQ(Sys(0, ICC_IAR1_EL1), 1023u);
    }
    EXPECT_TRUE(guest_errors.empty());
}

// A wire held high does not hide a SETSPI edge either.
TEST_F(MessageSpiTest, SetspiWhileTheWireIsHighStillMakesAnEdgeSpiPending)
{
    SetSpiEdge(kSpi, true);
    gic_set_spi(gic, kSpi, true);
    ASSERT_TRUE(TakeSpi());
    SetSpi();
    EXPECT_TRUE(TakeSpi());
}

// Defect 7, level-sensitive: SETSPI asserts a level of its own that only CLRSPI
// deasserts; the wire's level is separate.
TEST_F(MessageSpiTest, SetspiAssertsALevelSpiUntilClrspi)
{
    SetSpiEdge(kSpi, false);
    SetSpi();
    ASSERT_TRUE(TakeSpi());
    EXPECT_TRUE(Pending()); // still asserted after EOI: pending again
    ASSERT_TRUE(TakeSpi());
    ClrSpi();
    EXPECT_FALSE(Pending());
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), 1023u);
}

TEST_F(MessageSpiTest, ClrspiDoesNotLowerTheWireOfALevelSpi)
{
    SetSpiEdge(kSpi, false);
    gic_set_spi(gic, kSpi, true);
    SetSpi();
    ClrSpi();
    EXPECT_TRUE(Pending()); // the wire still holds it
    gic_set_spi(gic, kSpi, false);
    EXPECT_FALSE(Pending());
    SetSpi();
    gic_set_spi(gic, kSpi, true);
    gic_set_spi(gic, kSpi, false);
    EXPECT_TRUE(Pending()); // the message level still holds it
    ClrSpi();
    EXPECT_FALSE(Pending());
}

// Defect 6: CLRSPI removes the pending state of an edge-triggered SPI (no impdef D12).
TEST_F(MessageSpiTest, ClrspiClearsAPendingEdgeSpi)
{
    SetSpiEdge(kSpi, true);
    SetSpi();
    ASSERT_TRUE(Pending());
    ClrSpi();
    EXPECT_FALSE(Pending());
    EXPECT_FALSE(Irq(0));
    gic_set_spi(gic, kSpi, true); // pending from the wire: CLRSPI clears that too
    gic_set_spi(gic, kSpi, false);
    ASSERT_TRUE(Pending());
    ClrSpi();
    EXPECT_FALSE(Pending());
}

// SETSPI_NSR supports 16-bit writes to bits [15:0].
TEST_F(MessageSpiTest, SetspiAccepts16BitWrites)
{
    SetSpiEdge(kSpi, true);
    WriteAt(Addr("GICD_SETSPI_NSR"), 2, kSpi);
    EXPECT_TRUE(Pending());
    EXPECT_TRUE(guest_errors.empty());
}

// Defect 5: without message-based SPIs the registers are reserved.
class NoMbisTest : public MessageSpiTest {
  protected:
    void Configure() override { cfg.mbis = false; }
};

TEST_F(NoMbisTest, SetspiRegistersAreReserved)
{
    EXPECT_EQ((Read("GICD_TYPER") >> 16) & 1, 0u);
    SetSpiEdge(kSpi, true);
    SetSpi();
    EXPECT_FALSE(Pending());
    EXPECT_TRUE(HasGuestError("mmio.reserved"));
    guest_errors.clear();
    EXPECT_EQ(ReadAt(Addr("GICD_CLRSPI_SR"), 4), 0u);
    EXPECT_TRUE(HasGuestError("mmio.reserved"));
}

// ---- Two security states ---------------------------------------------------------

class TwoStatesTest : public SecurityTest {
  protected:
    void SetUp() override
    {
        SecurityTest::SetUp();
        BootTwoSecurityStates();
    }
};

// Defect 4: a Secure access may set or clear any valid SPI through the _NSR registers.
TEST_F(TwoStatesTest, SecureSetspiNsrReachesASecureSpi)
{
    SetSpiGroup(kSpi, false); // Group 0
    SetSpiEdge(kSpi, true);
    Write("GICD_SETSPI_NSR", kSpi, 0, true);
    EXPECT_TRUE(SpiPending(kSpi));
    Write("GICD_CLRSPI_NSR", kSpi, 0, true);
    EXPECT_FALSE(SpiPending(kSpi));
}

TEST_F(TwoStatesTest, SetspiSrIsSecureOnly)
{
    SetSpiGroup(kSpi, true); // Non-secure Group 1
    SetSpiEdge(kSpi, true);
    Write("GICD_SETSPI_SR", kSpi); // Non-secure: ignored
    EXPECT_FALSE(SpiPending(kSpi));
    Write("GICD_SETSPI_SR", kSpi, 0, true);
    EXPECT_TRUE(SpiPending(kSpi));
}

// Defect 1 for SPIs: GICD_NSACR 0b01 lets Non-secure SETSPI_NSR set a Secure SPI
// pending, 0b10 adds CLRSPI_NSR.
TEST_F(TwoStatesTest, NonSecureSetspiOfASecureSpiFollowsGicdNsacr)
{
    SetSpiGroup(kSpi, false, true); // Secure Group 1
    SetSpiEdge(kSpi, true);
    Write("GICD_SETSPI_NSR", kSpi);
    EXPECT_FALSE(SpiPending(kSpi)) << "NSACR 0b00";
    SetSpiNsacr(kSpi, 1);
    Write("GICD_SETSPI_NSR", kSpi);
    EXPECT_TRUE(SpiPending(kSpi)) << "NSACR 0b01 permits set";
    Write("GICD_CLRSPI_NSR", kSpi);
    EXPECT_TRUE(SpiPending(kSpi)) << "NSACR 0b01 does not permit clear";
    SetSpiNsacr(kSpi, 2);
    Write("GICD_CLRSPI_NSR", kSpi);
    EXPECT_FALSE(SpiPending(kSpi)) << "NSACR 0b10 permits clear";
}

TEST_F(TwoStatesTest, NonSecureSetspiOfANonSecureSpiNeedsNoNsacr)
{
    SetSpiGroup(kSpi, true);
    SetSpiEdge(kSpi, true);
    Write("GICD_SETSPI_NSR", kSpi);
    EXPECT_TRUE(SpiPending(kSpi));
    Write("GICD_CLRSPI_NSR", kSpi);
    EXPECT_FALSE(SpiPending(kSpi));
}

// Defect 1: a Non-secure ICC_SGI0R_EL1 write generates a Group 0 SGI only when the
// target's GICR_NSACR is at least 0b01.
TEST_F(TwoStatesTest, NonSecureSgi0rNeedsNsacr)
{
    SetupPrivate(1, 3, 0x20, true); // SGI 3 on PE 1, Group 0 (reset)
    SysW(0, ICC_SGI0R_EL1, SgiTo(1, 3));
    EXPECT_FALSE(SgiPending(1, 3)) << "NSACR 0b00";
    SetSgiNsacr(1, 3, 1);
    SysW(0, ICC_SGI0R_EL1, SgiTo(1, 3));
    EXPECT_TRUE(SgiPending(1, 3)) << "NSACR 0b01";
}

TEST_F(TwoStatesTest, SecureSgi0rNeedsNoNsacr)
{
    SetupPrivate(1, 3, 0x20, true);
    SysWAs(0, true, ICC_SGI0R_EL1, SgiTo(1, 3));
    EXPECT_TRUE(SgiPending(1, 3));
}

// Defect 2: a Non-secure ICC_ASGI1R_EL1 write generates a Secure Group 1 SGI only with
// NSACR 0b10 (and the reserved 0b11, treated as 0b10).
TEST_F(TwoStatesTest, NonSecureAsgi1rNeedsNsacr10)
{
    SetPrivateGroup(1, 4, false, true); // SGI 4 on PE 1: Secure Group 1
    SetupPrivate(1, 4, 0x20, true);
    for (unsigned ns_access = 0; ns_access < 4; ns_access++) {
        Write("GICR_ICPENDR0", 1u << 4, 1, true);
        SetSgiNsacr(1, 4, ns_access);
        SysW(0, ICC_ASGI1R_EL1, SgiTo(1, 4));
        EXPECT_EQ(SgiPending(1, 4), ns_access >= 2) << "NSACR " << ns_access;
    }
}

// NSACR does not widen the group: SGI0R never makes a Secure Group 1 SGI pending.
TEST_F(TwoStatesTest, Sgi0rDoesNotReachASecureGroup1Sgi)
{
    SetPrivateGroup(1, 4, false, true);
    SetupPrivate(1, 4, 0x20, true);
    SetSgiNsacr(1, 4, 2);
    SysW(0, ICC_SGI0R_EL1, SgiTo(1, 4));
    EXPECT_FALSE(SgiPending(1, 4));
}

// Non-secure SGI1R reaches Non-secure Group 1 whatever NSACR says.
TEST_F(TwoStatesTest, NonSecureSgi1rReachesNonSecureGroup1)
{
    SetPrivateGroup(1, 5, true, false);
    SetupPrivate(1, 5, 0xA0);
    SysW(0, ICC_SGI1R_EL1, SgiTo(1, 5));
    EXPECT_TRUE(SgiPending(1, 5));
}

// Defect 3: with DS = 0, ICC_CTLR_EL1.CBPR is read-only at EL1 (both banks).
TEST_F(TwoStatesTest, CbprIsReadOnly)
{
    SysW(0, ICC_BPR1_EL1, 4);
    SysW(0, ICC_CTLR_EL1, 1);
    EXPECT_EQ(Sys(0, ICC_CTLR_EL1) & 1, 0u);
    EXPECT_EQ(Sys(0, ICC_BPR1_EL1), 4u) << "BPR1 must not follow BPR0";
    SysWAs(0, true, ICC_CTLR_EL1, 1);
    EXPECT_EQ(SysAs(0, true, ICC_CTLR_EL1) & 1, 0u);
    // EOImode stays writable.
    SysW(0, ICC_CTLR_EL1, 2);
    EXPECT_EQ(Sys(0, ICC_CTLR_EL1) & 3, 2u);
}

// Look again: a Non-secure ICC_IAR0_EL1/HPPIR0_EL1 access with DS = 0 sees no Group 0
// (Secure) interrupt and acknowledges nothing.
TEST_F(TwoStatesTest, NonSecureIar0ReturnsSpurious)
{
    SetSpiGroup(kSpi, false);
    SetupSecureSpi(kSpi, 0x20, 0);
    Write("GICD_ISPENDR1", kPendBit, 0, true);
    EXPECT_EQ(Sys(0, ICC_HPPIR0_EL1), 1023u);
    EXPECT_EQ(Sys(0, ICC_IAR0_EL1), 1023u);
    EXPECT_TRUE(SpiPending(kSpi));
    EXPECT_EQ(SysAs(0, true, ICC_HPPIR0_EL1), kSpi);
    EXPECT_EQ(SysAs(0, true, ICC_IAR0_EL1), kSpi);
}

// Look again: the Idle priority reads 0xFF in the Non-secure view too.
TEST_F(TwoStatesTest, IdleRunningPriorityIs0xffInBothViews)
{
    EXPECT_EQ(Sys(0, ICC_RPR_EL1), 0xFFu);
    EXPECT_EQ(SysAs(0, true, ICC_RPR_EL1), 0xFFu);
}

TEST_F(TwoStatesTest, NonSecureRunningPriorityIsTheNonSecureView)
{
    SetSpiGroup(kSpi, true);
    SetupSpi(kSpi, 0xA0, 0); // Non-secure write: stored 0xA0 >> 1 | 0x80 = 0xD0
    Write("GICD_ISPENDR1", kPendBit);
    ASSERT_EQ(Sys(0, ICC_IAR1_EL1), kSpi);
    EXPECT_EQ(Sys(0, ICC_RPR_EL1), 0xA0u);
    EXPECT_EQ(SysAs(0, true, ICC_RPR_EL1), 0xD0u);
}

// ---- ICC_RPR_EL1 with the binary point above its minimum --------------------------

class RunningPriorityTest : public GicTest {
  protected:
    void SetUp() override
    {
        GicTest::SetUp();
        BootLinux();
    }
};

// "The priority returned is the group priority as if the BPR ... was set to the
// minimum value": 0x48 reads 0x48 while BPR1 = 4 groups it as 0x40.
TEST_F(RunningPriorityTest, RprIgnoresTheBinaryPoint)
{
    SysW(0, ICC_BPR1_EL1, 4);
    SetupSpi(kSpi, 0x48, 0);
    SetupSpi(kSpi + 1, 0x40, 0);
    Write("GICD_ISPENDR1", kPendBit);
    ASSERT_EQ(Sys(0, ICC_IAR1_EL1), kSpi);
    EXPECT_EQ(Sys(0, ICC_RPR_EL1), 0x48u);
    // Preemption still uses the group priority: 0x40 is in 0x48's group.
    Write("GICD_ISPENDR1", kPendBit << 1);
    EXPECT_FALSE(Irq(0));
    SysW(0, ICC_EOIR1_EL1, kSpi);
    EXPECT_EQ(Sys(0, ICC_RPR_EL1), 0xFFu);
}

// After software restores ICC_AP1R0_EL1 the finer priority is unknown: RPR reads
// the group priority of the bit.
TEST_F(RunningPriorityTest, RestoredActivePrioritiesReadAsTheirGroupPriority)
{
    SysW(0, ICC_AP1R0_EL1, 1u << 9); // bit 9 of 32 levels (5 bits): priority 0x48
    EXPECT_EQ(Sys(0, ICC_RPR_EL1), 0x48u);
}

// ---- Distributor priority bits apart from the CPU interface's (impdef D7) ---------

// QEMU 7.2's board: 8 bits in the distributor and redistributors, 5 in the CPU
// interface. Selection order separates 0x48 from 0x4c; PMR and preemption do not.
class SplitPriorityBitsTest : public RunningPriorityTest {
  protected:
    void Configure() override
    {
        cfg.pri_bits = 5;
        cfg.dist_pri_bits = 8;
    }
    void PendBoth()
    {
        SetupSpi(kSpi, 0x4C, 0);
        SetupSpi(kSpi + 1, 0x48, 0);
        SetupPrivate(0, 16 + 2, 0x4A); // PPI 18 on the redistributor: 0x4a
        Write("GICD_ISPENDR1", 3u << 8);
    }
};

TEST_F(SplitPriorityBitsTest, DistributorKeepsEightBitsAndSelectsByThem)
{
    PendBoth();
    EXPECT_EQ(Priority(kSpi), 0x4Cu);
    EXPECT_EQ(Priority(16 + 2), 0x4Au);
    EXPECT_EQ((Sys(0, ICC_CTLR_EL1) >> 8) & 7, 4u); // PRIbits: 5 in the CPU interface
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), kSpi + 1);       // 0x48 before 0x4c
    SysW(0, ICC_EOIR1_EL1, kSpi + 1);
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), kSpi);
    SysW(0, ICC_EOIR1_EL1, kSpi);
}

TEST_F(SplitPriorityBitsTest, PmrAndPreemptionUseTheCpuInterfaceBits)
{
    SysW(0, ICC_PMR_EL1, 0x4C);
    EXPECT_EQ(Sys(0, ICC_PMR_EL1), 0x48u); // 5 bits
    PendBoth();
    EXPECT_FALSE(Irq(0)) << "0x48 and 0x4c are both 0x48 to a 5-bit PMR";
    SysW(0, ICC_PMR_EL1, 0x50);
    ASSERT_EQ(Sys(0, ICC_IAR1_EL1), kSpi + 1);
    EXPECT_EQ(Sys(0, ICC_RPR_EL1), 0x48u);
    EXPECT_FALSE(Irq(0)) << "0x4c cannot preempt 0x48 at 5 bits";
}

// With the default (distributor bits = priority_bits = 5) both are 0x48: the tie goes
// to the lower INTID.
class SamePriorityBitsTest : public SplitPriorityBitsTest {
  protected:
    void Configure() override { cfg.pri_bits = 5; }
};

TEST_F(SamePriorityBitsTest, DistributorStoresFiveBitsAndTiesGoToTheLowerIntid)
{
    PendBoth();
    EXPECT_EQ(Priority(kSpi), 0x48u);
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), kSpi);
    SysW(0, ICC_EOIR1_EL1, kSpi);
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), kSpi + 1);
}

TEST(ConfigCheckTest, DistributorPriorityBitsAreChecked)
{
    gic_config_t cfg;
    gic_config_default(&cfg);
    char err[128];
    cfg.dist_pri_bits = 9;
    EXPECT_FALSE(gic_config_check(&cfg, err, sizeof(err)));
    cfg.dist_pri_bits = 8;
    EXPECT_TRUE(gic_config_check(&cfg, err, sizeof(err))) << err;
}

// ---- Spec checker: level-1 entries of a live two-level table (issue 17) -----------

class TwoLevelCheckerTest : public ItsTest {};

// Linux validates a level-1 entry of a live Indirect device table before MAPD: the
// architecture allows it, so it is not a write into a table the GIC owns.
TEST_F(TwoLevelCheckerTest, ValidatingALevel1EntryOfALiveTableIsNotReported)
{
    BootLinux();
    SetupIts(0, true);
    MemW64(kDevTable + 8, 1ULL << 63 | 0x43000000);
    gic_mem_written(gic, kDevTable + 8, 8);
    EXPECT_FALSE(HasGuestError("tables.written_while_live"));
    Mapd(8192 + 3, 4, kItt); // behind that entry: a DTE in the level-2 page
    EXPECT_EQ(Stats().command_errors, 0u);
    EXPECT_NE(MemR64(0x43000000 + 3 * 8) >> 63, 0u);
}

// A flat live device table is still the GIC's.
TEST_F(TwoLevelCheckerTest, WritingAFlatLiveDeviceTableIsStillReported)
{
    BootLinux();
    SetupIts(0, false);
    gic_mem_written(gic, kDevTable + 8, 8);
    EXPECT_TRUE(HasGuestError("tables.written_while_live"));
}

} // namespace
