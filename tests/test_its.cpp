// ITS: command queue, tables, translation, errors (issue 3).
#include "gic_fixture.h"

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
