// Redistributor LPIs: GICR_CTLR/PROPBASER/PENDBASER, the configuration and pending
// tables, the property cache, and DirectLPI (SETLPIR, CLRLPIR, INVLPIR, INVALLR, SYNCR).
#include "gic_fixture.h"

// LPIs driven through the DirectLPI registers (GICR_TYPER.DirectLPI = 1).
class LpiTest : public ItsTest {
  protected:
    void Configure() override { cfg.direct_lpi = true; }

    void Boot()
    {
        BootLinux();
        EnableLpis();
    }

    void SetLpi(uint32_t intid, unsigned cpu = 0) { Write("GICR_SETLPIR", intid, cpu); }
    void ClrLpi(uint32_t intid, unsigned cpu = 0) { Write("GICR_CLRLPIR", intid, cpu); }
    void InvLpi(uint32_t intid, unsigned cpu = 0) { Write("GICR_INVLPIR", intid, cpu); }
    uint64_t Ack(unsigned cpu = 0) { return Sys(cpu, ICC_IAR1_EL1); }
    void Eoi(uint32_t intid, unsigned cpu = 0) { SysW(cpu, ICC_EOIR1_EL1, intid); }
    // Acknowledge and EOI: returns the INTID taken.
    uint64_t Take(unsigned cpu = 0)
    {
        uint64_t intid = Ack(cpu);
        Eoi((uint32_t)intid, cpu);
        return intid;
    }
};

// ---- GICR_CTLR, GICR_PROPBASER, GICR_PENDBASER ----

TEST_F(LpiTest, CtlrResetsWithLpisDisabledAndCesSet)
{
    EXPECT_EQ(Read("GICR_CTLR", 1), 0x2u);
}

TEST_F(LpiTest, CtlrEnableLpisReadsBackAndCanBeCleared)
{
    Write("GICR_PROPBASER", kProp | 15, 1);
    Write("GICR_PENDBASER", PendTable(1), 1);
    Write("GICR_CTLR", 1, 1);
    EXPECT_EQ(Read("GICR_CTLR", 1), 0x3u);
    Write("GICR_CTLR", 0, 1);
    EXPECT_EQ(Read("GICR_CTLR", 1), 0x2u);
}

TEST_F(LpiTest, TyperReportsDirectLpi)
{
    EXPECT_EQ((Read("GICR_TYPER") >> 3) & 1, 1u);
}

TEST_F(LpiTest, PropbaserReadsBackEveryWritableField)
{
    // OuterCache 1, PA, Shareability 1, InnerCache 7, IDbits 15.
    uint64_t v = (1ULL << 56) | kProp | (1u << 10) | (7u << 7) | 15;
    Write("GICR_PROPBASER", v);
    EXPECT_EQ(Read("GICR_PROPBASER"), v);
}

TEST_F(LpiTest, PendbaserReadsBackWithoutPtz)
{
    uint64_t v = (1ULL << 56) | PendTable(0) | (1u << 10) | (7u << 7);
    Write("GICR_PENDBASER", v | (1ULL << 62));
    EXPECT_EQ(Read("GICR_PENDBASER"), v);
}

TEST_F(LpiTest, PropbaserWriteIsIgnoredWhileLpisAreEnabled)
{
    EnableLpis();
    uint64_t before = Read("GICR_PROPBASER");
    Write("GICR_PROPBASER", (kProp + 0x100000) | 13);
    EXPECT_EQ(Read("GICR_PROPBASER"), before);
    EXPECT_TRUE(HasGuestError("lpi.baser_while_enabled"));
}

TEST_F(LpiTest, PendbaserWriteIsIgnoredWhileLpisAreEnabled)
{
    EnableLpis();
    uint64_t before = Read("GICR_PENDBASER");
    Write("GICR_PENDBASER", PendTable(0) + 0x10000);
    EXPECT_EQ(Read("GICR_PENDBASER"), before);
    EXPECT_TRUE(HasGuestError("lpi.baser_while_enabled"));
}

// ---- SETLPIR / CLRLPIR ----

TEST_F(LpiTest, SetlpirDeliversTheLpiWithItsConfiguredPriority)
{
    Boot();
    LpiConfig(8200, 0x60, true);
    SetLpi(8200);
    EXPECT_TRUE(Pending(0, 8200));
    EXPECT_TRUE(Irq(0));
    EXPECT_EQ(Ack(), 8200u);
    EXPECT_EQ(Sys(0, ICC_RPR_EL1), 0x60u);
}

TEST_F(LpiTest, SetlpirTargetsOnlyItsOwnRedistributor)
{
    Boot();
    LpiConfig(8200, 0xa0, true);
    SetLpi(8200, 2);
    EXPECT_TRUE(Pending(2, 8200));
    EXPECT_TRUE(Irq(2));
    EXPECT_FALSE(Pending(0, 8200));
    EXPECT_FALSE(Irq(0));
}

TEST_F(LpiTest, SetlpirIsLostWhileEnableLpisIsClear)
{
    BootLinux();
    Write("GICR_PROPBASER", kProp | 15);
    Write("GICR_PENDBASER", PendTable(0));
    LpiConfig(8200, 0xa0, true);
    SetLpi(8200);
    EXPECT_FALSE(Pending(0, 8200));
    EXPECT_EQ(LpiStats().dropped_disabled, 1u);
    Write("GICR_CTLR", 1); // enabling later does not bring it back
    EXPECT_FALSE(Pending(0, 8200));
    EXPECT_FALSE(Irq(0));
}

TEST_F(LpiTest, SetlpirBeyondPropbaserIdBitsIsIgnored)
{
    BootLinux();
    Write("GICR_PROPBASER", kProp | 13); // 14 bits: LPIs 8192..16383
    Write("GICR_PENDBASER", PendTable(0));
    Write("GICR_CTLR", 1);
    LpiConfig(16383, 0xa0, true);
    SetLpi(16384);
    EXPECT_FALSE(Pending(0, 16384));
    EXPECT_EQ(LpiStats().dropped_out_of_range, 1u);
    SetLpi(16383);
    EXPECT_TRUE(Pending(0, 16383));
}

TEST_F(LpiTest, SetlpirOnAPendingLpiCoalesces)
{
    Boot();
    LpiConfig(8200, 0xa0, true);
    SetLpi(8200);
    SetLpi(8200);
    EXPECT_EQ(LpiStats().set_pending, 1u);
    EXPECT_EQ(LpiStats().coalesced, 1u);
    EXPECT_EQ(gic_lpi_pending_count(gic, 0), 1u);
}

TEST_F(LpiTest, ClrlpirClearsAPendingLpi)
{
    Boot();
    LpiConfig(8200, 0xa0, true);
    SetLpi(8200);
    ClrLpi(8200);
    EXPECT_FALSE(Pending(0, 8200));
    EXPECT_FALSE(PendBit(0, 8200));
    EXPECT_FALSE(Irq(0));
    EXPECT_EQ(Ack(), 1023u);
}

// ---- configuration table and the property cache ----

TEST_F(LpiTest, LpiDisabledInConfigurationStaysPendingButIsNotSignalled)
{
    Boot();
    LpiConfig(8200, 0xa0, false);
    SetLpi(8200);
    EXPECT_TRUE(Pending(0, 8200));
    EXPECT_FALSE(Irq(0));
    EXPECT_EQ(Ack(), 1023u);
}

TEST_F(LpiTest, EnableChangedInMemoryTakesEffectOnlyAfterInvlpir)
{
    Boot();
    LpiConfig(8200, 0xa0, false);
    SetLpi(8200); // the configuration byte is cached now
    LpiConfig(8200, 0xa0, true);
    EXPECT_FALSE(Irq(0));
    InvLpi(8200);
    EXPECT_TRUE(Irq(0));
    EXPECT_EQ(Ack(), 8200u);
}

TEST_F(LpiTest, EnableChangedInMemoryTakesEffectAfterInvallr)
{
    Boot();
    LpiConfig(8200, 0xa0, false);
    LpiConfig(8300, 0xa0, false);
    SetLpi(8200);
    SetLpi(8300);
    LpiConfig(8200, 0xa0, true);
    LpiConfig(8300, 0xa0, true);
    EXPECT_FALSE(Irq(0));
    Write("GICR_INVALLR", 0);
    EXPECT_EQ(Take(), 8200u);
    EXPECT_EQ(Take(), 8300u);
}

TEST_F(LpiTest, PriorityChangedInMemoryTakesEffectOnlyAfterInvlpir)
{
    Boot(); // PMR 0xF0: priority 0xF0 is masked
    LpiConfig(8200, 0xF0, true);
    SetLpi(8200);
    LpiConfig(8200, 0x80, true);
    EXPECT_FALSE(Irq(0));
    InvLpi(8200);
    EXPECT_TRUE(Irq(0));
    EXPECT_EQ(Ack(), 8200u);
    EXPECT_EQ(Sys(0, ICC_RPR_EL1), 0x80u);
}

TEST_F(LpiTest, SyncrReadsNotBusy)
{
    Boot();
    InvLpi(8200);
    EXPECT_EQ(Read("GICR_SYNCR"), 0u);
}

// ---- pending table ----

TEST_F(LpiTest, PendingTableBitIsSetWhilePendingAndClearedOnAcknowledge)
{
    Boot();
    LpiConfig(8203, 0xa0, true);
    SetLpi(8203);
    EXPECT_TRUE(PendBit(0, 8203));
    EXPECT_EQ(Ack(), 8203u);
    EXPECT_FALSE(PendBit(0, 8203));
}

TEST_F(LpiTest, EnablingLpisPicksUpBitsAlreadySetInThePendingTable)
{
    BootLinux();
    LpiConfig(8203, 0xa0, true);
    MemW8(PendTable(0) + 8203 / 8, 1u << (8203 % 8));
    Write("GICR_PROPBASER", kProp | 15);
    Write("GICR_PENDBASER", PendTable(0));
    Write("GICR_CTLR", 1);
    EXPECT_TRUE(Pending(0, 8203));
    EXPECT_EQ(Ack(), 8203u);
}

TEST_F(LpiTest, EnablingLpisWithPtzIgnoresThePendingTable)
{
    BootLinux();
    LpiConfig(8203, 0xa0, true);
    MemW8(PendTable(0) + 8203 / 8, 1u << (8203 % 8));
    Write("GICR_PROPBASER", kProp | 15);
    Write("GICR_PENDBASER", PendTable(0) | (1ULL << 62));
    Write("GICR_CTLR", 1);
    EXPECT_FALSE(Pending(0, 8203));
    EXPECT_FALSE(Irq(0));
}

TEST_F(LpiTest, ReenablingLpisRestoresPendingStateFromTheTable)
{
    Boot();
    LpiConfig(8203, 0xa0, true);
    SetLpi(8203);
    Write("GICR_CTLR", 0);
    EXPECT_FALSE(Irq(0));
    Write("GICR_CTLR", 1);
    EXPECT_TRUE(Pending(0, 8203));
    EXPECT_TRUE(Irq(0));
}

// Caching is permitted only while EnableLPIs = 1, and the configuration table must be
// globally visible when EnableLPIs goes 0 -> 1: nothing cached before may be used after.
TEST_F(LpiTest, ConfigurationChangedWhileLpisDisabledIsUsedAfterReenabling)
{
    Boot();
    LpiConfig(8203, 0xa0, false);
    SetLpi(8203); // the disabled configuration is cached
    Write("GICR_CTLR", 0);
    LpiConfig(8203, 0xa0, true);
    Write("GICR_CTLR", 1); // the pending bit is picked up again
    ASSERT_TRUE(Pending(0, 8203));
    EXPECT_TRUE(Irq(0));
}

// ---- acknowledge, priority, preemption ----

TEST_F(LpiTest, AcknowledgeClearsPendingAndLeavesNoActiveState)
{
    Boot();
    LpiConfig(8200, 0xa0, true);
    SetLpi(8200);
    EXPECT_EQ(Ack(), 8200u);
    EXPECT_FALSE(Pending(0, 8200));
    EXPECT_EQ(Read("GICR_ISACTIVER0"), 0u);
    SetLpi(8200); // not active, so it can be pending again before the EOI
    EXPECT_TRUE(Pending(0, 8200));
    EXPECT_FALSE(Irq(0)); // same priority as the running one
    Eoi(8200);
    EXPECT_TRUE(Irq(0));
    EXPECT_EQ(Ack(), 8200u);
    EXPECT_EQ(LpiStats().acknowledged, 2u);
}

TEST_F(LpiTest, EqualPriorityLpisAreAcknowledgedLowestIntidFirst)
{
    Boot();
    LpiConfig(8300, 0xa0, true);
    LpiConfig(8200, 0xa0, true);
    SetLpi(8300);
    SetLpi(8200);
    EXPECT_EQ(Take(), 8200u);
    EXPECT_EQ(Take(), 8300u);
}

TEST_F(LpiTest, HigherPriorityLpiIsAcknowledgedFirst)
{
    Boot();
    LpiConfig(8200, 0xa0, true);
    LpiConfig(8300, 0x40, true);
    SetLpi(8200);
    SetLpi(8300);
    EXPECT_EQ(Ack(), 8300u);
}

TEST_F(LpiTest, HigherPriorityLpiPreemptsAnActiveLowerPriorityOne)
{
    Boot();
    LpiConfig(8200, 0xa0, true);
    LpiConfig(8201, 0xa0, true);
    LpiConfig(8202, 0x40, true);
    SetLpi(8200);
    EXPECT_EQ(Ack(), 8200u);
    SetLpi(8201);
    EXPECT_FALSE(Irq(0)); // equal priority does not preempt
    SetLpi(8202);
    EXPECT_TRUE(Irq(0));
    EXPECT_EQ(Ack(), 8202u);
}

// ---- without an ITS (Hyper-V: DirectLPI only) ----

class LpiWithoutItsTest : public LpiTest {
  protected:
    void Configure() override
    {
        cfg.direct_lpi = true;
        cfg.num_its = 0;
    }
};

TEST_F(LpiWithoutItsTest, DirectLpiDeliversLpisWithoutAnIts)
{
    Boot();
    LpiConfig(8250, 0x80, true);
    SetLpi(8250, 1);
    EXPECT_TRUE(Irq(1));
    EXPECT_EQ(Ack(1), 8250u);
    Eoi(8250, 1);
    EXPECT_FALSE(Irq(1));
    EXPECT_EQ(gic_msi(gic, 0, 0, 0), GIC_ERR_ARG); // there is no ITS to send to
}

// ---- DirectLPI registers absent ----

class LpiNoDirectTest : public LpiTest {
  protected:
    void Configure() override { cfg.direct_lpi = false; }
};

TEST_F(LpiNoDirectTest, TyperReportsNoDirectLpi)
{
    EXPECT_EQ((Read("GICR_TYPER") >> 3) & 1, 0u);
}

TEST_F(LpiNoDirectTest, SetlpirIsIgnoredWithAGuestError)
{
    Boot();
    LpiConfig(8200, 0xa0, true);
    SetLpi(8200);
    EXPECT_FALSE(Pending(0, 8200));
    EXPECT_FALSE(Irq(0));
    EXPECT_TRUE(HasGuestError("lpi.no_direct_lpi"));
}

TEST_F(LpiNoDirectTest, ClrlpirIsIgnoredWithAGuestError)
{
    BootLinux();
    LpiConfig(8203, 0xa0, true);
    MemW8(PendTable(0) + 8203 / 8, 1u << (8203 % 8)); // pending via the table
    EnableLpis();
    ASSERT_TRUE(Pending(0, 8203));
    ClrLpi(8203);
    EXPECT_TRUE(Pending(0, 8203));
    EXPECT_TRUE(HasGuestError("lpi.no_direct_lpi"));
}

TEST_F(LpiNoDirectTest, InvlpirIsIgnoredWithAGuestError)
{
    BootLinux();
    LpiConfig(8203, 0xa0, false);
    MemW8(PendTable(0) + 8203 / 8, 1u << (8203 % 8));
    EnableLpis();
    LpiConfig(8203, 0xa0, true);
    InvLpi(8203);
    EXPECT_FALSE(Irq(0));
    EXPECT_TRUE(HasGuestError("lpi.no_direct_lpi"));
}
