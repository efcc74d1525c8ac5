// Spec checker: overlapping tables, differing configuration tables, writes into live
// tables, misaligned BASER — each reported as a guest error with its rule id.
#include "gic_fixture.h"

namespace {
bool Has(const std::vector<std::string> &errors, const std::string &rule)
{
    for (const auto &e : errors)
        if (e.rfind(rule + ":", 0) == 0)
            return true;
    return false;
}
} // namespace

class CheckerTest : public ItsTest {};

TEST_F(CheckerTest, CleanSetUpReportsNothing)
{
    BootLinux();
    EnableLpis();
    SetupIts();
    EXPECT_TRUE(guest_errors.empty()) << guest_errors[0];
}

TEST_F(CheckerTest, DeviceTableOverlappingAPendingTableIsReported)
{
    BootLinux();
    EnableLpis();
    Write("GITS_BASER0", (1ULL << 63) | PendTable(1) | (2u << 8));
    Write("GITS_CTLR", 1);
    EXPECT_TRUE(Has(guest_errors, "tables.overlap"));
}

TEST_F(CheckerTest, TwoPendingTablesOverlappingAreReported)
{
    BootLinux();
    Write("GICR_PROPBASER", kProp | 15, 0);
    Write("GICR_PENDBASER", PendTable(0), 0);
    Write("GICR_CTLR", 1, 0);
    Write("GICR_PROPBASER", kProp | 15, 1);
    Write("GICR_PENDBASER", PendTable(0), 1);
    EXPECT_FALSE(Has(guest_errors, "tables.overlap"));
    Write("GICR_CTLR", 1, 1);
    EXPECT_TRUE(Has(guest_errors, "tables.overlap"));
}

TEST_F(CheckerTest, SharedConfigurationTableIsNotAnOverlap)
{
    BootLinux();
    EnableLpis();
    EXPECT_FALSE(Has(guest_errors, "tables.overlap"));
}

TEST_F(CheckerTest, RedistributorsWithDifferentConfigurationTablesAreReported)
{
    BootLinux();
    Write("GICR_PROPBASER", kProp | 15, 0);
    Write("GICR_PENDBASER", PendTable(0), 0);
    Write("GICR_CTLR", 1, 0);
    Write("GICR_PROPBASER", (kProp + 0x100000) | 15, 1);
    Write("GICR_PENDBASER", PendTable(1), 1);
    Write("GICR_CTLR", 1, 1);
    EXPECT_TRUE(Has(guest_errors, "lpi.propbaser_differs"));
}

TEST_F(CheckerTest, WritingALivePendingTableIsReported)
{
    BootLinux();
    EnableLpis();
    gic_mem_written(gic, PendTable(2) + 0x400, 1);
    EXPECT_TRUE(Has(guest_errors, "tables.written_while_live"));
}

TEST_F(CheckerTest, WritingTheConfigurationTableIsAllowed)
{
    BootLinux();
    EnableLpis();
    gic_mem_written(gic, kProp + 5, 1);
    EXPECT_FALSE(Has(guest_errors, "tables.written_while_live"));
}

TEST_F(CheckerTest, WritingTheDeviceTableIsReportedOnlyWhileTheItsIsEnabled)
{
    BootLinux();
    Write("GITS_BASER0", (1ULL << 63) | kDevTable | (2u << 8));
    gic_mem_written(gic, kDevTable + 8, 8);
    EXPECT_FALSE(Has(guest_errors, "tables.written_while_live"));
    SetupIts();
    gic_mem_written(gic, kDevTable + 8, 8);
    EXPECT_TRUE(Has(guest_errors, "tables.written_while_live"));
}

TEST_F(CheckerTest, BaserNotAlignedToItsPageSizeIsReported)
{
    Write("GITS_BASER0", (1ULL << 63) | (kDevTable + 0x1000) | (1u << 8)); // 16 KiB pages
    EXPECT_TRUE(Has(guest_errors, "its.baser_misaligned"));
}

// Configuration and name lookups that must be refused (fuzzer findings).
TEST(ConfigTest, GicdFrameOverlappingTheGicrRegionIsRejected)
{
    gic_config_t cfg;
    char err[128] = "";
    gic_config_default(&cfg);
    cfg.gicd_base = cfg.gicr_base + 0x10000;
    EXPECT_FALSE(gic_config_check(&cfg, err, sizeof(err)));
    EXPECT_NE(std::string(err).find("overlaps"), std::string::npos) << err;
}

TEST(ConfigTest, GicrRegionBeyondThePhysicalAddressSpaceIsRejected)
{
    gic_config_t cfg;
    char err[128] = "";
    gic_config_default(&cfg);
    cfg.gicr_base = (1ULL << 52) - 0x20000;
    EXPECT_FALSE(gic_config_check(&cfg, err, sizeof(err)));
}

TEST_F(CheckerTest, RegisterIndexThatWouldWrapIsNotFound)
{
    uint64_t addr;
    unsigned width;
    EXPECT_EQ(gic_reg_addr(gic, "GICD_IROUTER2305843009213693984", 0, &addr, &width),
              GIC_ERR_ARG);
    EXPECT_EQ(gic_reg_addr(gic, "GICD_IROUTER40", 0, &addr, &width), GIC_OK);
}

TEST_F(CheckerTest, ResetDoesNotMoveTimeBackwards)
{
    gic_run_until(gic, 5000);
    gic_reset(gic);
    EXPECT_EQ(gic_now(gic), 5000u);
}
