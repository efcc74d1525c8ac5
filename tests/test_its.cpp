// ITS: command queue, tables, translation, errors (issue 3).
#include "gic_fixture.h"

#include <string>
#include <ostream>

namespace {

// Valid bit of a table entry or register (GITS_BASER, GITS_CBASER, DTE, CTE, ITE).
constexpr uint64_t V = 1ULL << 63;
constexpr uint32_t kDev = 1;           // mapped with 16 events by ItsMappedTest
constexpr uint32_t kDevOor = 0x10000;  // beyond the default 16 DeviceID bits

uint64_t Field(uint64_t v, unsigned lsb, unsigned len)
{
    return (v >> lsb) & ((1ULL << len) - 1);
}

} // namespace

// The tests encode commands with the runner's encoder (gic_fixture.h): here its fields
// are checked against the command layouts themselves, written out as numbers.
TEST(ItsEncoderTest, FieldsSitWhereTheCommandLayoutsPutThem)
{
    ItsCmd c = MapdCmd(0x12345678, 5, 0x42100100);
    ASSERT_EQ(c.err, nullptr);
    EXPECT_EQ(c.dw[0], 0x1234567800000008ULL); // DeviceID [63:32], opcode [7:0]
    EXPECT_EQ(c.dw[1], 4u);                    // Size = EventID bits - 1
    EXPECT_EQ(c.dw[2], V | 0x42100100);        // V, ITT_addr [51:8]
    c = MaptiCmd(2, 20, 8195, 3);
    EXPECT_EQ(c.dw[0], 0x000000020000000AULL);
    EXPECT_EQ(c.dw[1], 0x0000200300000014ULL); // pINTID [63:32], EventID [31:0]
    EXPECT_EQ(c.dw[2], 3u);                    // ICID [15:0]
    c = MapcCmd(3, 2);
    EXPECT_EQ(c.dw[0], 0x09u);
    EXPECT_EQ(c.dw[2], V | 0x20003);           // V, RDbase [51:16], ICID
    c = MovallCmd(1, 2);
    EXPECT_EQ(c.dw[0], 0x0Eu);
    EXPECT_EQ(c.dw[2], 0x10000u);
    EXPECT_EQ(c.dw[3], 0x20000u);
    c = SyncCmd(3);
    EXPECT_EQ(c.dw[0], 0x05u);
    EXPECT_EQ(c.dw[2], 0x30000u);
    c = DevEvCmd(ITS_OP_DISCARD, 7, 9);
    EXPECT_EQ(c.dw[0], 0x000000070000000FULL);
    EXPECT_EQ(c.dw[1], 9u);
}

TEST(ItsEncoderTest, OperandsThatDoNotFitAreRefused)
{
    EXPECT_NE(MapdCmd(1, 0, 0x42100000).err, nullptr);  // Size is EventID bits - 1
    EXPECT_NE(MapdCmd(1, 33, 0x42100000).err, nullptr);
    EXPECT_NE(MapdCmd(1, 4, 0x42100080).err, nullptr);  // ITT not 256-byte aligned
    EXPECT_NE(MapcCmd(0x10000, 0).err, nullptr);        // ICID is 16 bits
    EXPECT_NE(SyncCmd(1ULL << 36).err, nullptr);        // RDbase is 36 bits
    EXPECT_NE(MaptiCmd(1, 2, 1ULL << 32, 0).err, nullptr);
}

class ItsBasicTest : public ItsTest {};

TEST_F(ItsBasicTest, MsiThroughMappedEventIsDeliveredAndAcknowledged)
{
    BootLinux();
    EnableLpis();
    SetupIts();
    LpiConfig(8195, 0xa0, true);
    Mapd(2, 8, kItt);
    Mapc(3, 3);
    Mapti(2, 20, 8195, 3);
    Sync(3);
    EXPECT_EQ(Read("GITS_CREADR"), Read("GITS_CWRITER"));
    Msi(2, 20);
    EXPECT_TRUE(Irq(3));
    EXPECT_EQ(Sys(3, ICC_IAR1_EL1), 8195u);
    SysW(3, ICC_EOIR1_EL1, 8195);
    EXPECT_FALSE(Irq(3));
    EXPECT_EQ(Stats().msi_translated, 1u);
    EXPECT_EQ(Stats().command_errors, 0u);
    EXPECT_TRUE(guest_errors.empty()) << guest_errors[0];
}

// ---- registers ----

class ItsTyperTest : public ItsTest {
  protected:
    void Configure() override
    {
        cfg.its[0].device_bits = 20;
        cfg.its[0].event_bits = 10;
        cfg.its[0].collection_bits = 8;
        cfg.its[0].pta = true;
    }
};

TEST_F(ItsTyperTest, TyperReflectsTheConfiguration)
{
    uint64_t t = Read("GITS_TYPER");
    EXPECT_EQ(Field(t, 0, 1), 1u);   // Physical
    EXPECT_EQ(Field(t, 4, 4), 7u);   // ITT_entry_size: 8 bytes
    EXPECT_EQ(Field(t, 8, 5), 9u);   // ID_bits
    EXPECT_EQ(Field(t, 13, 5), 19u); // Devbits
    EXPECT_EQ(Field(t, 19, 1), 1u);  // PTA
    EXPECT_EQ(Field(t, 32, 4), 7u);  // CIDbits
    EXPECT_EQ(Field(t, 36, 1), 1u);  // CIL
}

class ItsSixteenBitIcidTest : public ItsTest {
  protected:
    void Configure() override { cfg.its[0].collection_bits = 0; }
};

TEST_F(ItsSixteenBitIcidTest, TyperHasCilClearWithoutCollectionBits)
{
    uint64_t t = Read("GITS_TYPER");
    EXPECT_EQ(Field(t, 36, 1), 0u);
    EXPECT_EQ(Field(t, 32, 4), 0u);
    EXPECT_EQ(Field(t, 19, 1), 0u); // PTA off by default
}

TEST_F(ItsBasicTest, CtlrResetsDisabledAndQuiescent)
{
    EXPECT_EQ(Read("GITS_CTLR"), 0x80000000u);
}

TEST_F(ItsBasicTest, BaserResetValuesDescribeDeviceAndCollectionTables)
{
    uint64_t b0 = Read("GITS_BASER0"), b1 = Read("GITS_BASER1");
    EXPECT_EQ(Field(b0, 63, 1), 0u);  // not Valid
    EXPECT_EQ(Field(b0, 56, 3), 1u);  // Type: devices
    EXPECT_EQ(Field(b1, 56, 3), 4u);  // Type: collections
    EXPECT_EQ(Field(b0, 48, 5), 7u);  // Entry_Size: 8 bytes
    EXPECT_EQ(Field(b1, 48, 5), 7u);
    EXPECT_EQ(Field(b0, 8, 2), 2u);   // Page_Size: 64 KiB
    EXPECT_EQ(Field(b1, 8, 2), 2u);
}

TEST_F(ItsBasicTest, Baser2IsRazWi)
{
    EXPECT_EQ(Read("GITS_BASER2"), 0u);
    Write("GITS_BASER2", V | 0x43000000);
    EXPECT_EQ(Read("GITS_BASER2"), 0u);
}

TEST_F(ItsBasicTest, BaserTypeAndEntrySizeAreReadOnly)
{
    Write("GITS_BASER0", V | (7ULL << 56) | (0x1FULL << 48) | kDevTable | (2u << 8));
    uint64_t b0 = Read("GITS_BASER0");
    EXPECT_EQ(Field(b0, 56, 3), 1u);
    EXPECT_EQ(Field(b0, 48, 5), 7u);
    EXPECT_EQ(b0 & 0xFFFFFFFFF000ULL, kDevTable);
}

TEST_F(ItsBasicTest, BaserWriteIsIgnoredWhileEnabled)
{
    SetupIts();
    uint64_t before = Read("GITS_BASER0");
    Write("GITS_BASER0", V | 0x43000000 | (2u << 8));
    EXPECT_EQ(Read("GITS_BASER0"), before);
    EXPECT_TRUE(HasGuestError("its.baser_while_enabled"));
}

TEST_F(ItsBasicTest, CbaserWriteIsIgnoredWhileEnabled)
{
    SetupIts();
    uint64_t before = Read("GITS_CBASER");
    Write("GITS_CBASER", V | 0x43000000);
    EXPECT_EQ(Read("GITS_CBASER"), before);
    EXPECT_TRUE(HasGuestError("its.baser_while_enabled"));
}

TEST_F(ItsBasicTest, CbaserWriteResetsCreadr)
{
    SetupIts();
    Sync(0);
    Sync(0);
    ASSERT_EQ(Creadr(), 64u);
    Write("GITS_CTLR", 0);
    Write("GITS_CBASER", V | kQueue | 15);
    EXPECT_EQ(Creadr(), 0u);
}

TEST_F(ItsBasicTest, TranslaterIsAtOffset0x10040)
{
    EXPECT_EQ(Addr("GITS_TRANSLATER"), cfg.its[0].base + 0x10040);
}

// ---- command queue ----

class ItsQueueTest : public ItsTest {
  protected:
    // Flat 64 KiB-page tables and a command queue of (size + 1) 4 KiB pages.
    void SetupItsWithQueuePages(unsigned size, bool enable = true)
    {
        Write("GITS_BASER0", V | kDevTable | (2u << 8));
        Write("GITS_BASER1", V | kCollTable | (2u << 8));
        Write("GITS_CBASER", V | kQueue | size);
        Write("GITS_CWRITER", 0);
        Write("GITS_CTLR", enable ? 1 : 0);
    }
};

TEST_F(ItsQueueTest, QueueWrapsAroundAndLaterCommandsStillExecute)
{
    BootLinux();
    EnableLpis();
    LpiConfig(8200, 0xa0, true);
    SetupItsWithQueuePages(0); // 4 KiB: 128 commands
    for (int i = 0; i < 127; i++)
        QueueCmd(SyncCmd(0));
    ASSERT_EQ(Creadr(), 0xFE0u);
    QueueCmd(MapdCmd(kDev, 4, kItt)); // the last slot
    EXPECT_EQ(Creadr(), 0u);
    EXPECT_EQ(Read("GITS_CWRITER"), 0u);
    QueueCmd(MapcCmd(0, 0));
    QueueCmd(MaptiCmd(kDev, 5, 8200, 0));
    EXPECT_EQ(Creadr(), 0x40u);
    Msi(kDev, 5);
    EXPECT_TRUE(Pending(0, 8200));
    EXPECT_EQ(Stats().commands, 130u);
    EXPECT_EQ(Stats().command_errors, 0u);
}

TEST_F(ItsQueueTest, CwriterBeyondTheQueueIsIgnored)
{
    SetupItsWithQueuePages(0);
    QueueCmd(SyncCmd(0));
    Write("GITS_CWRITER", 0x1000);
    EXPECT_EQ(Read("GITS_CWRITER"), 0x20u);
    EXPECT_EQ(Creadr(), 0x20u);
    EXPECT_TRUE(HasGuestError("its.cwriter_beyond_queue"));
}

TEST_F(ItsQueueTest, CommandsWaitUntilTheItsIsEnabled)
{
    SetupItsWithQueuePages(15, false);
    Mapd(kDev, 4, kItt);
    EXPECT_EQ(Creadr(), 0u);
    EXPECT_EQ(MemR64(kDevTable + kDev * 8), 0u);
    Write("GITS_CTLR", 1);
    Settle();
    EXPECT_EQ(Creadr(), 0x20u);
    EXPECT_EQ(MemR64(kDevTable + kDev * 8), V | kItt | 3);
}

TEST_F(ItsQueueTest, DisablingTheItsStopsCommandProcessing)
{
    SetupItsWithQueuePages(15);
    Sync(0);
    Write("GITS_CTLR", 0);
    Mapd(kDev, 4, kItt);
    EXPECT_EQ(Creadr(), 0x20u);
    EXPECT_EQ(MemR64(kDevTable + kDev * 8), 0u);
}

// ---- commands and their effects ----

// Booted, LPIs 8192..8255 enabled at priority 0xa0, the ITS set up, device kDev with
// 16 events, collection c mapped to CPU c, events 0 and 1 -> LPIs 8200, 8201 in
// collection 0.
class ItsMappedTest : public ItsTest {
  protected:
    void SetUp() override
    {
        ItsTest::SetUp();
        if (HasFatalFailure())
            return;
        BootLinux();
        EnableLpis();
        SetupIts();
        for (uint32_t i = 8192; i < 8256; i++)
            LpiConfig(i, 0xa0, true);
        Mapd(kDev, 4, kItt);
        for (unsigned c = 0; c < cfg.num_cpus; c++)
            Mapc(c, c);
        Mapti(kDev, 0, 8200, 0);
        Mapti(kDev, 1, 8201, 0);
        Sync(0);
        ASSERT_EQ(Stats().command_errors, 0u);
    }

    uint64_t Dropped(gic_msi_drop_t why) { return Stats().msi_dropped[why]; }
};

TEST_F(ItsMappedTest, MapdWritesTheDeviceTableEntry)
{
    Mapd(7, 5, kItt + 0x1000);
    EXPECT_EQ(MemR64(kDevTable + 7 * 8), V | (kItt + 0x1000) | 4);
}

TEST_F(ItsMappedTest, MapdWithVClearUnmapsTheDevice)
{
    Mapd(kDev, 4, kItt, false);
    EXPECT_EQ(MemR64(kDevTable + kDev * 8) >> 63, 0u);
    Msi(kDev, 0);
    EXPECT_FALSE(Pending(0, 8200));
    EXPECT_EQ(Dropped(GIC_DROP_DEVICE_UNMAPPED), 1u);
}

TEST_F(ItsMappedTest, MapdRemapWithNewIttDoesNotUseTheCachedOldIte)
{
    Msi(kDev, 0); // ITE of event 0 now cached
    ASSERT_EQ(Sys(0, ICC_IAR1_EL1), 8200u);
    SysW(0, ICC_EOIR1_EL1, 8200);
    Mapd(kDev, 8, kItt + 0x10000); // new, empty ITT with 256 events
    Msi(kDev, 0);
    EXPECT_FALSE(Pending(0, 8200));
    EXPECT_EQ(Dropped(GIC_DROP_NO_ITE), 1u);
    Mapti(kDev, 100, 8210, 0); // beyond the old 16 events
    Msi(kDev, 100);
    EXPECT_TRUE(Pending(0, 8210));
}

TEST_F(ItsMappedTest, MapcWritesTheCollectionTableEntry)
{
    Mapc(9, 2);
    EXPECT_EQ(MemR64(kCollTable + 9 * 8), V | 2);
}

TEST_F(ItsMappedTest, MapcWithVClearUnmapsTheCollection)
{
    Mapc(0, 0, false);
    Msi(kDev, 0);
    EXPECT_FALSE(Pending(0, 8200));
    EXPECT_EQ(Dropped(GIC_DROP_COLLECTION_UNMAPPED), 1u);
}

TEST_F(ItsMappedTest, MaptiWritesTheInterruptTranslationEntry)
{
    Mapti(kDev, 6, 8230, 3);
    EXPECT_EQ(MemR64(kItt + 6 * 8), V | 3ULL << 32 | 8230);
    Msi(kDev, 6);
    EXPECT_TRUE(Pending(3, 8230));
}

TEST_F(ItsMappedTest, MapiUsesTheEventIdAsTheLpi)
{
    Mapd(4, 14, kItt + 0x10000); // EventIDs up to 16383
    Cmd(MapiCmd(4, 8240, 2));
    Msi(4, 8240);
    EXPECT_TRUE(Pending(2, 8240));
}

TEST_F(ItsMappedTest, MoviMovesThePendingStateToTheNewTarget)
{
    Msi(kDev, 0);
    ASSERT_TRUE(Pending(0, 8200));
    Movi(kDev, 0, 1);
    EXPECT_FALSE(Pending(0, 8200));
    EXPECT_FALSE(PendBit(0, 8200));
    EXPECT_TRUE(Pending(1, 8200));
    EXPECT_TRUE(PendBit(1, 8200));
    EXPECT_FALSE(Irq(0));
    EXPECT_TRUE(Irq(1));
}

TEST_F(ItsMappedTest, MoviRetargetsLaterMsis)
{
    Movi(kDev, 0, 2);
    EXPECT_EQ(Field(MemR64(kItt), 32, 16), 2u);
    Msi(kDev, 0);
    EXPECT_TRUE(Pending(2, 8200));
    EXPECT_FALSE(Pending(0, 8200));
}

TEST_F(ItsMappedTest, MovallMovesEveryPendingLpi)
{
    Msi(kDev, 0);
    Msi(kDev, 1);
    ASSERT_EQ(gic_lpi_pending_count(gic, 0), 2u);
    Cmd(MovallCmd(0, 2));
    EXPECT_EQ(gic_lpi_pending_count(gic, 0), 0u);
    EXPECT_TRUE(Pending(2, 8200));
    EXPECT_TRUE(Pending(2, 8201));
    EXPECT_TRUE(Irq(2));
    EXPECT_FALSE(Irq(0));
}

TEST_F(ItsMappedTest, DiscardClearsPendingAndLaterMsisAreDropped)
{
    Msi(kDev, 0);
    DevEv(ITS_OP_DISCARD, kDev, 0);
    EXPECT_FALSE(Pending(0, 8200));
    EXPECT_FALSE(PendBit(0, 8200));
    EXPECT_FALSE(Irq(0));
    Msi(kDev, 0);
    EXPECT_FALSE(Pending(0, 8200));
    EXPECT_EQ(Dropped(GIC_DROP_NO_ITE), 1u);
}

TEST_F(ItsMappedTest, IntMakesTheLpiPending)
{
    DevEv(ITS_OP_INT, kDev, 1);
    EXPECT_TRUE(Pending(0, 8201));
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), 8201u);
}

TEST_F(ItsMappedTest, ClearClearsThePendingLpi)
{
    Msi(kDev, 1);
    DevEv(ITS_OP_CLEAR, kDev, 1);
    EXPECT_FALSE(Pending(0, 8201));
    EXPECT_FALSE(Irq(0));
}

TEST_F(ItsMappedTest, InvAppliesAConfigurationChangedInMemory)
{
    LpiConfig(8200, 0xa0, false);
    Msi(kDev, 0);
    LpiConfig(8200, 0xa0, true);
    EXPECT_FALSE(Irq(0)); // still the cached, disabled configuration
    DevEv(ITS_OP_INV, kDev, 0);
    Sync(0);
    EXPECT_TRUE(Irq(0));
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), 8200u);
}

TEST_F(ItsMappedTest, InvallAppliesConfigurationChangesOfTheCollection)
{
    LpiConfig(8200, 0xa0, false);
    LpiConfig(8201, 0xa0, false);
    Msi(kDev, 0);
    Msi(kDev, 1);
    LpiConfig(8200, 0xa0, true);
    LpiConfig(8201, 0xa0, true);
    EXPECT_FALSE(Irq(0));
    Cmd(InvallCmd(0));
    Sync(0);
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), 8200u);
    SysW(0, ICC_EOIR1_EL1, 8200);
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), 8201u);
}

TEST_F(ItsMappedTest, SyncCompletesWithoutError)
{
    uint64_t before = Stats().commands;
    Sync(2);
    EXPECT_EQ(Read("GITS_CREADR"), Read("GITS_CWRITER"));
    EXPECT_EQ(Stats().commands, before + 1);
    EXPECT_EQ(Stats().command_errors, 0u);
}

// ---- MSIs: GITS_TRANSLATER and drop accounting ----

TEST_F(ItsMappedTest, TranslaterTakesTheEventFromDataAndTheDeviceFromAttributes)
{
    uint64_t a = Addr("GITS_TRANSLATER");
    gic_attrs_t dev{false, kDev};
    ASSERT_EQ(gic_mmio_write(gic, a, 4, 0, dev), GIC_OK); // 32-bit
    ASSERT_EQ(gic_mmio_write(gic, a, 2, 1, dev), GIC_OK); // 16-bit
    Settle();
    EXPECT_TRUE(Pending(0, 8200));
    EXPECT_TRUE(Pending(0, 8201));
    gic_attrs_t other{false, 7};
    ASSERT_EQ(gic_mmio_write(gic, a, 4, 0, other), GIC_OK);
    Settle();
    EXPECT_EQ(Dropped(GIC_DROP_DEVICE_UNMAPPED), 1u);
    EXPECT_EQ(Stats().msi_offered, 3u);
}

TEST_F(ItsMappedTest, MsiToADisabledItsIsDropped)
{
    Write("GITS_CTLR", 0);
    Msi(kDev, 0);
    EXPECT_FALSE(Pending(0, 8200));
    EXPECT_EQ(Dropped(GIC_DROP_ITS_DISABLED), 1u);
}

TEST_F(ItsMappedTest, MsiFromADeviceOutOfRangeIsDropped)
{
    Msi(kDevOor, 0);
    EXPECT_EQ(Dropped(GIC_DROP_DEVICE_OOR), 1u);
}

TEST_F(ItsMappedTest, MsiFromAnUnmappedDeviceIsDropped)
{
    Msi(7, 0);
    EXPECT_EQ(Dropped(GIC_DROP_DEVICE_UNMAPPED), 1u);
}

TEST_F(ItsMappedTest, MsiWithEventBeyondTheDeviceSizeIsDropped)
{
    Msi(kDev, 16);
    EXPECT_EQ(Dropped(GIC_DROP_EVENT_OOR), 1u);
}

TEST_F(ItsMappedTest, MsiWithoutAnIteIsDropped)
{
    Msi(kDev, 2);
    EXPECT_EQ(Dropped(GIC_DROP_NO_ITE), 1u);
}

TEST_F(ItsMappedTest, MsiToAnUnmappedCollectionIsDropped)
{
    Mapti(kDev, 3, 8203, 12);
    Msi(kDev, 3);
    EXPECT_FALSE(Pending(0, 8203));
    EXPECT_EQ(Dropped(GIC_DROP_COLLECTION_UNMAPPED), 1u);
}

TEST_F(ItsMappedTest, MsiToARedistributorWithLpisDisabledIsDropped)
{
    Write("GICR_CTLR", 0, 1);
    Mapti(kDev, 3, 8203, 1);
    Msi(kDev, 3);
    EXPECT_FALSE(Pending(1, 8203));
    EXPECT_EQ(Dropped(GIC_DROP_LPI_DISABLED), 1u);
    EXPECT_EQ(LpiStats().dropped_disabled, 1u);
}

TEST_F(ItsMappedTest, MsiToAnLpiBeyondTheTargetsIdBitsIsDropped)
{
    Write("GICR_CTLR", 0, 3);
    Write("GICR_PROPBASER", kProp | 13, 3); // LPIs up to 16383
    Write("GICR_CTLR", 1, 3);
    Mapti(kDev, 3, 20000, 3);
    Msi(kDev, 3);
    EXPECT_FALSE(Pending(3, 20000));
    EXPECT_EQ(Dropped(GIC_DROP_LPI_OOR), 1u);
    EXPECT_EQ(LpiStats().dropped_out_of_range, 1u);
}

TEST_F(ItsMappedTest, EveryMsiIsTranslatedDroppedOrInFlight)
{
    Msi(kDev, 0);
    Msi(kDev, 0); // coalesced: still translated
    Msi(kDev, 2);
    Msi(7, 0);
    ASSERT_EQ(gic_msi(gic, 0, kDev, 1), GIC_OK); // not settled: in flight
    gic_its_stats_t s = Stats();
    EXPECT_EQ(s.msi_offered, 5u);
    EXPECT_EQ(s.msi_in_flight, 1u);
    EXPECT_EQ(s.msi_coalesced, 1u);
    EXPECT_EQ(s.msi_offered, s.msi_translated + DroppedTotal(s) + s.msi_in_flight);
    Settle();
    s = Stats();
    EXPECT_EQ(s.msi_in_flight, 0u);
    EXPECT_EQ(s.msi_translated, 3u);
    EXPECT_EQ(s.msi_offered, s.msi_translated + DroppedTotal(s) + s.msi_in_flight);
}

TEST_F(ItsMappedTest, ItsIsNotQuiescentWhileAnMsiIsInFlight)
{
    ASSERT_EQ(gic_msi(gic, 0, kDev, 0), GIC_OK);
    EXPECT_EQ(Read("GITS_CTLR") >> 31, 0u);
    Settle();
    EXPECT_EQ(Read("GITS_CTLR") >> 31, 1u);
}

TEST_F(ItsMappedTest, RepeatedMsiHitsTheDeviceEventAndCollectionCaches)
{
    Msi(kDev, 0);
    gic_its_stats_t a = Stats();
    Msi(kDev, 0);
    gic_its_stats_t b = Stats();
    EXPECT_EQ(b.device_cache_hits, a.device_cache_hits + 1);
    EXPECT_EQ(b.event_cache_hits, a.event_cache_hits + 1);
    EXPECT_EQ(b.collection_cache_hits, a.collection_cache_hits + 1);
    EXPECT_EQ(b.device_cache_misses, a.device_cache_misses);
    EXPECT_EQ(b.event_cache_misses, a.event_cache_misses);
    EXPECT_EQ(b.collection_cache_misses, a.collection_cache_misses);
}

// ---- device table layouts ----

struct PageCase {
    const char *name;
    unsigned page_size; // GITS_BASER.Page_Size
    uint32_t entries;   // DTEs in one page
};

class ItsDeviceTablePageTest : public ItsTest, public ::testing::WithParamInterface<PageCase> {
  protected:
    void SetUp() override
    {
        ItsTest::SetUp();
        if (HasFatalFailure())
            return;
        BootLinux();
        EnableLpis();
        LpiConfig(8200, 0xa0, true);
        Write("GITS_BASER0", V | kDevTable | GetParam().page_size << 8); // one page
        Write("GITS_BASER1", V | kCollTable | (2u << 8));
        Write("GITS_CBASER", V | kQueue | 15);
        Write("GITS_CWRITER", 0);
        Write("GITS_CTLR", 1);
        Mapc(0, 0);
    }
};

TEST_P(ItsDeviceTablePageTest, LastEntryOfTheTableIsUsable)
{
    uint32_t last = GetParam().entries - 1;
    Mapd(last, 4, kItt);
    Mapti(last, 0, 8200, 0);
    EXPECT_EQ(MemR64(kDevTable + last * 8ULL), V | kItt | 3);
    Msi(last, 0);
    EXPECT_TRUE(Pending(0, 8200));
}

TEST_P(ItsDeviceTablePageTest, DeviceBeyondTheTableIsOutOfRange)
{
    uint32_t beyond = GetParam().entries;
    Mapd(beyond, 4, kItt);
    EXPECT_EQ(gic_its_error_count(gic, 0, 0x010801), 1u);
    Msi(beyond, 0);
    EXPECT_EQ(Stats().msi_dropped[GIC_DROP_DEVICE_OOR], 1u);
}

INSTANTIATE_TEST_SUITE_P(Flat, ItsDeviceTablePageTest,
                         ::testing::Values(PageCase{"Page4K", 0, 512},
                                           PageCase{"Page16K", 1, 2048},
                                           PageCase{"Page64K", 2, 8192}),
                         [](const ::testing::TestParamInfo<PageCase> &p) {
                             return std::string(p.param.name);
                         });

class ItsTwoLevelTest : public ItsTest {
  protected:
    static constexpr uint64_t kL2 = 0x43000000; // one 64 KiB level-2 page

    void SetUp() override
    {
        ItsTest::SetUp();
        if (HasFatalFailure())
            return;
        BootLinux();
        EnableLpis();
        LpiConfig(8200, 0xa0, true);
        MemW64(kDevTable, V | kL2); // level-1 entry 0: DeviceIDs 0..8191
        SetupIts(0, true);
        Mapc(0, 0);
    }
};

TEST_F(ItsTwoLevelTest, DeviceUnderAValidLevel1EntryIsMappedInTheLevel2Page)
{
    Mapd(5, 4, kItt);
    Mapti(5, 0, 8200, 0);
    EXPECT_EQ(Stats().command_errors, 0u);
    EXPECT_EQ(MemR64(kL2 + 5 * 8), V | kItt | 3);
    Msi(5, 0);
    EXPECT_TRUE(Pending(0, 8200));
}

TEST_F(ItsTwoLevelTest, DeviceUnderAnInvalidLevel1EntryCannotBeMapped)
{
    uint32_t dev = 8192 + 5; // level-1 entry 1, not valid
    Mapd(dev, 4, kItt);
    EXPECT_EQ(gic_its_error_count(gic, 0, 0x010801), 1u);
    Msi(dev, 0);
    EXPECT_EQ(Stats().msi_dropped[GIC_DROP_DEVICE_UNMAPPED], 1u);
}

// ---- command errors ----

struct ErrCase {
    const char *name;
    ItsCmd cmd;
    uint32_t code;
};

void PrintTo(const ErrCase &e, std::ostream *os)
{
    *os << e.name;
}

// Against ItsErrorTest's mappings: device kDev with 16 events, event 2 has no ITE,
// collections 0..3 mapped, 5 not, ICIDs are 4 bits (16 is out of range), 4 CPUs.
const ErrCase kErrCases[] = {
    {"MOVI_DEVICE_OOR", MoviCmd(kDevOor, 0, 0), 0x010101},
    {"MOVI_COLLECTION_OOR", MoviCmd(kDev, 0, 16), 0x010103},
    {"MOVI_UNMAPPED_DEVICE", MoviCmd(7, 0, 0), 0x010104},
    {"MOVI_ID_OOR", MoviCmd(kDev, 16, 0), 0x010105},
    {"MOVI_UNMAPPED_INTERRUPT", MoviCmd(kDev, 2, 0), 0x010107},
    {"MOVI_UNMAPPED_COLLECTION", MoviCmd(kDev, 0, 5), 0x010109},
    {"INT_DEVICE_OOR", DevEvCmd(ITS_OP_INT, kDevOor, 0), 0x010301},
    {"INT_UNMAPPED_DEVICE", DevEvCmd(ITS_OP_INT, 7, 0), 0x010304},
    {"INT_ID_OOR", DevEvCmd(ITS_OP_INT, kDev, 16), 0x010305},
    {"INT_UNMAPPED_INTERRUPT", DevEvCmd(ITS_OP_INT, kDev, 2), 0x010307},
    {"CLEAR_DEVICE_OOR", DevEvCmd(ITS_OP_CLEAR, kDevOor, 0), 0x010501},
    {"CLEAR_UNMAPPED_DEVICE", DevEvCmd(ITS_OP_CLEAR, 7, 0), 0x010504},
    {"CLEAR_ID_OOR", DevEvCmd(ITS_OP_CLEAR, kDev, 16), 0x010505},
    {"CLEAR_UNMAPPED_INTERRUPT", DevEvCmd(ITS_OP_CLEAR, kDev, 2), 0x010507},
    {"MAPD_DEVICE_OOR", MapdCmd(kDevOor, 4, 0x42100000), 0x010801},
    {"MAPD_ITTSIZE_OOR", MapdCmd(2, 17, 0x42100000), 0x010802},
    {"MAPC_PROCNUM_OOR", MapcCmd(2, 4), 0x010902},
    {"MAPC_COLLECTION_OOR", MapcCmd(16, 0), 0x010903},
    {"MAPTI_DEVICE_OOR", MaptiCmd(kDevOor, 2, 8230, 0), 0x010A01},
    {"MAPTI_COLLECTION_OOR", MaptiCmd(kDev, 2, 8230, 16), 0x010A03},
    {"MAPTI_UNMAPPED_DEVICE", MaptiCmd(7, 2, 8230, 0), 0x010A04},
    {"MAPTI_ID_OOR", MaptiCmd(kDev, 16, 8230, 0), 0x010A05},
    {"MAPTI_PHYSICALID_OOR_LOW", MaptiCmd(kDev, 2, 100, 0), 0x010A06},
    {"MAPTI_PHYSICALID_OOR_HIGH", MaptiCmd(kDev, 2, 65536, 0), 0x010A06},
    {"MAPI_DEVICE_OOR", MapiCmd(kDevOor, 2, 0), 0x010B01},
    {"MAPI_COLLECTION_OOR", MapiCmd(kDev, 2, 16), 0x010B03},
    {"MAPI_UNMAPPED_DEVICE", MapiCmd(7, 2, 0), 0x010B04},
    {"MAPI_ID_OOR", MapiCmd(kDev, 16, 0), 0x010B05},
    {"INV_DEVICE_OOR", DevEvCmd(ITS_OP_INV, kDevOor, 0), 0x010C01},
    {"INV_UNMAPPED_DEVICE", DevEvCmd(ITS_OP_INV, 7, 0), 0x010C04},
    {"INV_UNMAPPED_INTERRUPT", DevEvCmd(ITS_OP_INV, kDev, 2), 0x010C07},
    {"INVALL_COLLECTION_OOR", InvallCmd(16), 0x010D03},
    {"INVALL_UNMAPPED_COLLECTION", InvallCmd(5), 0x010D09},
    {"MOVALL_PROCNUM_OOR", MovallCmd(4, 0), 0x010E01},
    {"DISCARD_DEVICE_OOR", DevEvCmd(ITS_OP_DISCARD, kDevOor, 0), 0x010F01},
    {"DISCARD_ID_OOR", DevEvCmd(ITS_OP_DISCARD, kDev, 16), 0x010F05},
    {"DISCARD_UNMAPPED_INTERRUPT", DevEvCmd(ITS_OP_DISCARD, kDev, 2), 0x010F07},
    {"UNSUPPORTED_0x20", DevEvCmd(0x20, 0, 0), GIC_ITS_ERR_UNSUPPORTED(0x20)},
    {"UNSUPPORTED_0xFF", DevEvCmd(0xFF, 0, 0), GIC_ITS_ERR_UNSUPPORTED(0xFF)},
};

class ItsErrorTest : public ItsMappedTest, public ::testing::WithParamInterface<ErrCase> {
  protected:
    void Configure() override { cfg.its[0].collection_bits = 4; }
};

std::string ErrName(const ::testing::TestParamInfo<ErrCase> &p)
{
    return p.param.name;
}

TEST_P(ItsErrorTest, IgnoredCommandIsSkippedAndCounted)
{
    const ErrCase &e = GetParam();
    uint64_t at = Creadr();
    Cmd(e.cmd);
    EXPECT_EQ(Creadr(), at + 32);
    EXPECT_FALSE(Stalled());
    EXPECT_EQ(gic_its_error_count(gic, 0, e.code), 1u);
    EXPECT_EQ(Stats().last_error, e.code);
    EXPECT_EQ(Stats().command_errors, 1u);
    Sync(0); // the queue goes on
    EXPECT_EQ(Creadr(), at + 64);
}

INSTANTIATE_TEST_SUITE_P(Ignore, ItsErrorTest, ::testing::ValuesIn(kErrCases), ErrName);

class ItsStallTest : public ItsErrorTest {
  protected:
    void Configure() override
    {
        cfg.its[0].collection_bits = 4;
        cfg.its[0].error_policy = GIC_ITS_ERRORS_STALL;
    }
};

TEST_P(ItsStallTest, FailingCommandStallsTheQueue)
{
    const ErrCase &e = GetParam();
    uint64_t at = Creadr(), done = Stats().commands;
    Cmd(e.cmd);
    Mapd(9, 4, kItt + 0x10000); // queued behind the failing command
    EXPECT_EQ(Creadr(), at);
    EXPECT_TRUE(Stalled());
    EXPECT_EQ(gic_its_error_count(gic, 0, e.code), 1u);
    EXPECT_EQ(Stats().last_error, e.code);
    EXPECT_EQ(Stats().commands, done + 1);
    EXPECT_EQ(MemR64(kDevTable + 9 * 8), 0u);
}

const ErrCase kStallCases[] = {
    {"MAPD_ITTSIZE_OOR", MapdCmd(2, 17, 0x42100000), 0x010802},
    {"MAPC_PROCNUM_OOR", MapcCmd(2, 4), 0x010902},
    {"MAPTI_PHYSICALID_OOR", MaptiCmd(kDev, 2, 100, 0), 0x010A06},
    {"INT_UNMAPPED_INTERRUPT", DevEvCmd(ITS_OP_INT, kDev, 2), 0x010307},
    {"INVALL_UNMAPPED_COLLECTION", InvallCmd(5), 0x010D09},
    {"DISCARD_ID_OOR", DevEvCmd(ITS_OP_DISCARD, kDev, 16), 0x010F05},
    {"UNSUPPORTED_0x20", DevEvCmd(0x20, 0, 0), GIC_ITS_ERR_UNSUPPORTED(0x20)},
};

INSTANTIATE_TEST_SUITE_P(Stall, ItsStallTest, ::testing::ValuesIn(kStallCases), ErrName);

class ItsStallRetryTest : public ItsMappedTest {
  protected:
    void Configure() override { cfg.its[0].error_policy = GIC_ITS_ERRORS_STALL; }
    void Retry()
    {
        Write("GITS_CWRITER", Read("GITS_CWRITER") | 1);
        Settle();
    }
};

TEST_F(ItsStallRetryTest, RetryFailsAgainUntilTheCommandIsFixedThenTheQueueResumes)
{
    uint64_t at = Creadr();
    Mapti(kDev, 2, 100, 0); // physical INTID out of range
    DevEv(ITS_OP_INT, kDev, 2); // needs the mapping above
    ASSERT_TRUE(Stalled());
    Retry();
    EXPECT_TRUE(Stalled());
    EXPECT_EQ(Creadr(), at);
    EXPECT_EQ(gic_its_error_count(gic, 0, 0x010A06), 2u);
    PutCmd(at, MaptiCmd(kDev, 2, 8230, 0)); // fixed in memory
    Retry();
    EXPECT_FALSE(Stalled());
    EXPECT_EQ(Read("GITS_CREADR"), Read("GITS_CWRITER"));
    EXPECT_TRUE(Pending(0, 8230)); // the INT behind it ran
}

TEST_F(ItsStallRetryTest, CwriterWithoutRetryDoesNotRestartAStalledQueue)
{
    uint64_t at = Creadr();
    Mapti(kDev, 2, 100, 0);
    PutCmd(at, MaptiCmd(kDev, 2, 8230, 0));
    Write("GITS_CWRITER", Read("GITS_CWRITER"));
    Settle();
    EXPECT_TRUE(Stalled());
    EXPECT_EQ(Creadr(), at);
}

// ---- PTA = 1: RDbase is the redistributor's physical address ----

class ItsPtaTest : public ItsTest {
  protected:
    void Configure() override { cfg.its[0].pta = true; }
    void SetUp() override
    {
        ItsTest::SetUp();
        if (HasFatalFailure())
            return;
        BootLinux();
        EnableLpis();
        SetupIts();
        LpiConfig(8200, 0xa0, true);
    }
    void MapcAt(uint32_t icid, uint64_t rdbase) { Cmd(MapcCmd(icid, rdbase)); }
};

TEST_F(ItsPtaTest, TyperReportsPta)
{
    EXPECT_EQ(Field(Read("GITS_TYPER"), 19, 1), 1u);
}

TEST_F(ItsPtaTest, MapcWithARedistributorAddressRoutesToThatCpu)
{
    MapcAt(3, RdBasePta(2));
    Mapd(kDev, 4, kItt);
    Mapti(kDev, 0, 8200, 3);
    Msi(kDev, 0);
    EXPECT_EQ(Stats().command_errors, 0u);
    EXPECT_TRUE(Pending(2, 8200));
}

TEST_F(ItsPtaTest, MapcWithAnAddressThatIsNoRedistributorFails)
{
    MapcAt(3, RdBasePta(2) + 1); // the SGI_base frame, not RD_base
    EXPECT_EQ(gic_its_error_count(gic, 0, 0x010902), 1u);
    MapcAt(4, 2); // a processor number is not an address with PTA = 1
    EXPECT_EQ(gic_its_error_count(gic, 0, 0x010902), 2u);
}

TEST_F(ItsPtaTest, MovallTakesRedistributorAddresses)
{
    MapcAt(0, RdBasePta(0));
    Mapd(kDev, 4, kItt);
    Mapti(kDev, 0, 8200, 0);
    Msi(kDev, 0);
    Cmd(MovallCmd(RdBasePta(0), RdBasePta(3)));
    EXPECT_EQ(Stats().command_errors, 0u);
    EXPECT_TRUE(Pending(3, 8200));
}

// ---- two ITSs ----

class ItsTwoTest : public ItsTest {
  protected:
    static constexpr uint64_t kOff1 = 0x10000000; // where SetupIts(1) puts ITS1's tables
    void Configure() override { cfg.num_its = 2; }
    void SetUp() override
    {
        ItsTest::SetUp();
        if (HasFatalFailure())
            return;
        BootLinux();
        EnableLpis();
        SetupIts(0);
        SetupIts(1);
        for (uint32_t i : {8200u, 8300u})
            LpiConfig(i, 0xa0, true);
        Mapd(kDev, 4, kItt, true, 0);
        Mapd(kDev, 4, kItt + kOff1, true, 1);
        Mapc(0, 0, true, 0);
        Mapc(0, 1, true, 1);
    }
};

TEST_F(ItsTwoTest, SameDeviceIdOnEachItsMapsToItsOwnLpi)
{
    Mapti(kDev, 0, 8200, 0, 0);
    Mapti(kDev, 0, 8300, 0, 1);
    Msi(kDev, 0, 0);
    Msi(kDev, 0, 1);
    EXPECT_TRUE(Pending(0, 8200));
    EXPECT_TRUE(Pending(1, 8300));
    EXPECT_FALSE(Pending(0, 8300));
    EXPECT_EQ(Stats(0).msi_translated, 1u);
    EXPECT_EQ(Stats(1).msi_translated, 1u);
}

TEST_F(ItsTwoTest, BothItssReachTheSameLpi)
{
    Mapc(1, 0, true, 1);
    Mapti(kDev, 0, 8200, 0, 0);
    Mapti(kDev, 0, 8200, 1, 1);
    Msi(kDev, 0, 0);
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), 8200u);
    SysW(0, ICC_EOIR1_EL1, 8200);
    Msi(kDev, 0, 1);
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), 8200u);
    EXPECT_EQ(Stats(0).msi_translated, 1u);
    EXPECT_EQ(Stats(1).msi_translated, 1u);
}

TEST(ItsErrorNames, ArchitectedCodesHaveTheirSpecNamesBothWays)
{
    EXPECT_STREQ(gic_its_error_name(0x010A06), "MAPTI_PHYSICALID_OOR");
    EXPECT_STREQ(gic_its_error_name(0x010505), "CLEAR_ID_OOR"); // CC 0x05 is CLEAR's
    EXPECT_STREQ(gic_its_error_name(0x010E01), "MOVALL_PROCNUM_OOR");
    EXPECT_STREQ(gic_its_error_name(GIC_ITS_ERR_UNSUPPORTED(0x20)), "UNSUPPORTED_COMMAND");
    EXPECT_EQ(gic_its_error_name(0x010806), nullptr); // MAPD has no PHYSICALID cause
    uint32_t code = 0;
    EXPECT_TRUE(gic_its_error_code("INVALL_UNMAPPED_COLLECTION", &code));
    EXPECT_EQ(code, 0x010D09u);
    EXPECT_FALSE(gic_its_error_code("MAPTI_PHYSICAL_OOR", &code));
}
