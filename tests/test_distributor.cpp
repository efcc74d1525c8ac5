// CPU interface: acknowledge, priority masking, preemption, EOI/DIR, SGIs.
#include "gic_fixture.h"

class DistributorTest : public GicTest {};

TEST_F(DistributorTest, IarReturnsSpuriousWhenNothingIsPending)
{
    BootLinux();
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), 1023u);
}

TEST_F(DistributorTest, SpiIsSignalledAcknowledgedAndCompleted)
{
    BootLinux();
    SetupSpi(40, 0xa0, 2);
    ASSERT_EQ(gic_set_spi(gic, 40, true), GIC_OK);
    EXPECT_TRUE(Irq(2));
    EXPECT_FALSE(Irq(0));
    EXPECT_EQ(Sys(2, ICC_IAR1_EL1), 40u);
    EXPECT_FALSE(Irq(2));
    EXPECT_EQ(Sys(2, ICC_RPR_EL1), 0xa0u);
    gic_set_spi(gic, 40, false);
    SysW(2, ICC_EOIR1_EL1, 40);
    EXPECT_EQ(Sys(2, ICC_RPR_EL1), 0xffu);
    EXPECT_EQ(Read("GICD_ISACTIVER1") & (1u << 8), 0u);
    EXPECT_TRUE(guest_errors.empty());
}
