// Distributor (GICD_*): identification, control, access rules, the per-INTID SPI
// registers, SPI inputs and messages, and routing (IROUTER, 1-of-N).
#include "gic_fixture.h"

class DistributorTest : public GicTest {
  protected:
    static uint64_t Field(uint64_t v, unsigned lsb, unsigned len)
    {
        return (v >> lsb) & ((1ull << len) - 1);
    }

    // Register n of a one-bit-per-INTID array that holds intid, and intid's bit.
    static std::string Reg(const char *name, unsigned intid)
    {
        return name + std::to_string(intid / 32);
    }
    static uint32_t Bit(unsigned intid) { return 1u << (intid % 32); }

    bool Pending(unsigned intid) { return Read(Reg("GICD_ISPENDR", intid)) & Bit(intid); }
    bool Active(unsigned intid) { return Read(Reg("GICD_ISACTIVER", intid)) & Bit(intid); }
    void Pend(unsigned intid) { Write(Reg("GICD_ISPENDR", intid), Bit(intid)); }

    void MakeEdge(unsigned intid)
    {
        SetBit("GICD_ICFGR" + std::to_string(intid / 16), 2 * (intid % 16) + 1, true);
    }

    void Sleep(unsigned cpu) { Write("GICR_WAKER", 0x2, cpu); }

    // The CPUs whose IRQ output is asserted, as a bit mask.
    unsigned IrqMask()
    {
        unsigned m = 0;
        for (unsigned c = 0; c < cfg.num_cpus; c++)
            m |= Irq(c) ? 1u << c : 0;
        return m;
    }
};

// ---- Identification ----

TEST_F(DistributorTest, TyperItLinesNumberCoversTheConfiguredSpis)
{
    // 256 SPIs: INTIDs 32..287 = 32 * (N + 1) - 1 with N = 8.
    EXPECT_EQ(Field(Read("GICD_TYPER"), 0, 5), 8u);
}

TEST_F(DistributorTest, TyperIdBitsIsInterruptIdBitsMinusOne)
{
    EXPECT_EQ(Field(Read("GICD_TYPER"), 19, 5), 15u);
}

TEST_F(DistributorTest, TyperLpisIsSetWhenLpisAreConfigured)
{
    EXPECT_EQ(Field(Read("GICD_TYPER"), 17, 1), 1u);
}

TEST_F(DistributorTest, TyperSecurityExtnIsClearWithOneSecurityState)
{
    EXPECT_EQ(Field(Read("GICD_TYPER"), 10, 1), 0u);
}

class DistributorSmallTest : public DistributorTest {
    void Configure() override
    {
        cfg.num_spis = 64;
        cfg.id_bits = 14;
        cfg.lpis = false;
    }
};

TEST_F(DistributorSmallTest, TyperFollowsASmallerConfiguration)
{
    uint64_t typer = Read("GICD_TYPER");
    EXPECT_EQ(Field(typer, 0, 5), 2u);   // ITLinesNumber: 64 SPIs
    EXPECT_EQ(Field(typer, 19, 5), 13u); // IDbits
    EXPECT_EQ(Field(typer, 17, 1), 0u);  // LPIS
}

TEST_F(DistributorTest, IidrIsReadOnlyAndAWriteIsAGuestError)
{
    uint64_t iidr = Read("GICD_IIDR");
    EXPECT_EQ(iidr & 0xFFF, 0x43Bu); // Implementer: Arm
    Write("GICD_IIDR", 0);
    EXPECT_EQ(Read("GICD_IIDR"), iidr);
    EXPECT_EQ(guest_errors.size(), 1u);
}

TEST_F(DistributorTest, Pidr2IsReadOnlyAndReportsArchRev3)
{
    EXPECT_EQ(Field(Read("GICD_PIDR2"), 4, 4), 3u);
    Write("GICD_PIDR2", 0);
    EXPECT_EQ(Field(Read("GICD_PIDR2"), 4, 4), 3u);
    EXPECT_EQ(guest_errors.size(), 1u);
}

// ---- Access rules ----

TEST_F(DistributorTest, ReservedOffsetReadsZeroWithAGuestError)
{
    EXPECT_EQ(ReadAt(cfg.gicd_base + 0x0020, 4), 0u);
    EXPECT_EQ(guest_errors.size(), 1u);
}

TEST_F(DistributorTest, HalfwordAccessToCtlrIsRazWiWithGuestErrors)
{
    Write("GICD_CTLR", 0x2);
    EXPECT_EQ(ReadAt(Addr("GICD_CTLR"), 2), 0u);
    WriteAt(Addr("GICD_CTLR"), 2, 0);
    EXPECT_EQ(guest_errors.size(), 2u);
    EXPECT_EQ(Read("GICD_CTLR") & 0x2, 0x2u);
}

TEST_F(DistributorTest, DoublewordAccessToIsenablerIsRazWiWithGuestErrors)
{
    Write("GICD_ISENABLER1", 0x1);
    EXPECT_EQ(ReadAt(Addr("GICD_ISENABLER1"), 8), 0u);
    WriteAt(Addr("GICD_ISENABLER1"), 8, ~0ull);
    EXPECT_EQ(guest_errors.size(), 2u);
    EXPECT_EQ(Read("GICD_ISENABLER1"), 0x1u);
    EXPECT_EQ(Read("GICD_ISENABLER2"), 0u);
}

// ---- GICD_CTLR (single security state, DS = 1) ----

TEST_F(DistributorTest, CtlrGroupEnableBitsReadBack)
{
    Write("GICD_CTLR", 0x3);
    EXPECT_EQ(Read("GICD_CTLR") & 0x3, 0x3u);
    Write("GICD_CTLR", 0x0);
    EXPECT_EQ(Read("GICD_CTLR") & 0x3, 0x0u);
}

TEST_F(DistributorTest, CtlrAreIsRaoWi)
{
    Write("GICD_CTLR", 0x0);
    EXPECT_EQ(Field(Read("GICD_CTLR"), 4, 1), 1u);
}

TEST_F(DistributorTest, DisablingGroup1InCtlrStopsGroup1Signalling)
{
    BootLinux();
    SetupSpi(40, 0xA0, 0);
    Pend(40);
    ASSERT_TRUE(Irq(0));
    Write("GICD_CTLR", 0x10);
    EXPECT_FALSE(Irq(0));
}

// ---- Groups, enables, priority, configuration ----

TEST_F(DistributorTest, IgrouprForSgisAndPpisIsRazWiUnderAffinityRouting)
{
    Write("GICD_IGROUPR0", 0xFFFFFFFF);
    EXPECT_EQ(Read("GICD_IGROUPR0"), 0u);
    EXPECT_EQ(Read("GICR_IGROUPR0", 0), 0u);
}

TEST_F(DistributorTest, IgrouprReadsBackForSpis)
{
    Write("GICD_IGROUPR1", 0xFFFF0000);
    EXPECT_EQ(Read("GICD_IGROUPR1"), 0xFFFF0000u);
}

TEST_F(DistributorTest, IsenablerAndIcenablerReadBackTheEnableState)
{
    Write("GICD_ISENABLER1", 0x0F);
    EXPECT_EQ(Read("GICD_ISENABLER1"), 0x0Fu);
    Write("GICD_ICENABLER1", 0x05);
    EXPECT_EQ(Read("GICD_ISENABLER1"), 0x0Au);
    EXPECT_EQ(Read("GICD_ICENABLER1"), 0x0Au);
}

TEST_F(DistributorTest, PriorityByteAccessReadsBackMaskedValue)
{
    SetPriority(40, 0xFF);
    EXPECT_EQ(Priority(40), 0xF8u);
    SetPriority(40, 0x57);
    EXPECT_EQ(Priority(40), 0x50u);
}

TEST_F(DistributorTest, PriorityWordAccessReadsBackMaskedValue)
{
    Write("GICD_IPRIORITYR10", 0x12345678); // INTIDs 40..43
    EXPECT_EQ(Read("GICD_IPRIORITYR10"), 0x10305078u);
}

class DistributorPri8Test : public DistributorTest {
    void Configure() override { cfg.pri_bits = 8; }
};

TEST_F(DistributorPri8Test, PriorityKeepsAllEightBits)
{
    Write("GICD_IPRIORITYR10", 0xFF57A301);
    EXPECT_EQ(Read("GICD_IPRIORITYR10"), 0xFF57A301u);
}

class DistributorPri4Test : public DistributorTest {
    void Configure() override { cfg.pri_bits = 4; }
};

TEST_F(DistributorPri4Test, PriorityKeepsOnlyTheTopFourBits)
{
    Write("GICD_IPRIORITYR10", 0xFF57A318);
    EXPECT_EQ(Read("GICD_IPRIORITYR10"), 0xF050A010u);
}

TEST_F(DistributorTest, IcfgrKeepsOnlyTheEdgeBitOfEachSpi)
{
    EXPECT_EQ(Read("GICD_ICFGR2"), 0u); // SPIs reset level-sensitive
    Write("GICD_ICFGR2", 0xFFFFFFFF);
    EXPECT_EQ(Read("GICD_ICFGR2"), 0xAAAAAAAAu);
}

// ---- SPI inputs: edge and level ----

TEST_F(DistributorTest, EdgeSpiStaysPendingAfterTheInputFalls)
{
    MakeEdge(40);
    gic_set_spi(gic, 40, true);
    gic_set_spi(gic, 40, false);
    EXPECT_TRUE(Pending(40));
}

TEST_F(DistributorTest, EdgeSpiIsNotRetriggeredWhileTheInputStaysHigh)
{
    BootLinux();
    SetupSpi(40, 0xA0, 0);
    MakeEdge(40);
    gic_set_spi(gic, 40, true);
    ASSERT_EQ(Sys(0, ICC_IAR1_EL1), 40u);
    SysW(0, ICC_EOIR1_EL1, 40);
    gic_set_spi(gic, 40, true); // no new edge
    EXPECT_FALSE(Pending(40));
    EXPECT_FALSE(Irq(0));
    gic_set_spi(gic, 40, false);
    gic_set_spi(gic, 40, true);
    EXPECT_TRUE(Irq(0));
}

TEST_F(DistributorTest, LevelSpiIsPendingWhileTheInputIsHigh)
{
    BootLinux();
    SetupSpi(40, 0xA0, 0);
    gic_set_spi(gic, 40, true);
    EXPECT_TRUE(Pending(40));
    EXPECT_TRUE(Irq(0));
}

TEST_F(DistributorTest, LevelSpiStopsBeingPendingWhenTheInputFalls)
{
    BootLinux();
    SetupSpi(40, 0xA0, 0);
    gic_set_spi(gic, 40, true);
    gic_set_spi(gic, 40, false);
    EXPECT_FALSE(Pending(40));
    EXPECT_FALSE(Irq(0));
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), 1023u);
}

TEST_F(DistributorTest, LevelSpiStillHighIsSignalledAgainAfterDeactivation)
{
    BootLinux();
    SetupSpi(40, 0xA0, 0);
    gic_set_spi(gic, 40, true);
    ASSERT_EQ(Sys(0, ICC_IAR1_EL1), 40u);
    EXPECT_FALSE(Irq(0));
    SysW(0, ICC_EOIR1_EL1, 40);
    EXPECT_TRUE(Irq(0));
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), 40u);
}

// ---- Pending and active registers ----

TEST_F(DistributorTest, IspendrMakesAnEnabledSpiPendingAndSignalled)
{
    BootLinux();
    SetupSpi(40, 0xA0, 0);
    Pend(40);
    EXPECT_TRUE(Pending(40));
    EXPECT_TRUE(Irq(0));
}

TEST_F(DistributorTest, IcpendrClearsPendingAndTheIrq)
{
    BootLinux();
    SetupSpi(40, 0xA0, 0);
    Pend(40);
    Write("GICD_ICPENDR1", Bit(40));
    EXPECT_FALSE(Pending(40));
    EXPECT_FALSE(Irq(0));
}

TEST_F(DistributorTest, IsactiverSetsAndIcactiverClearsTheActiveState)
{
    Write("GICD_ISACTIVER1", Bit(40));
    EXPECT_TRUE(Active(40));
    EXPECT_EQ(Read("GICD_ICACTIVER1"), Bit(40));
    Write("GICD_ICACTIVER1", Bit(40));
    EXPECT_FALSE(Active(40));
}

TEST_F(DistributorTest, ClearingActiveThroughIcactiverLetsThePendingSpiBeTaken)
{
    BootLinux();
    SetupSpi(40, 0xA0, 0);
    Write("GICD_ISACTIVER1", Bit(40));
    Pend(40);
    EXPECT_FALSE(Irq(0));
    Write("GICD_ICACTIVER1", Bit(40));
    EXPECT_TRUE(Irq(0));
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), 40u);
}

TEST_F(DistributorTest, WritesToSpisBeyondNumSpisAreIgnored)
{
    // 256 SPIs end at INTID 287; ISENABLER9 covers INTIDs 288..319.
    Write("GICD_ISENABLER9", 0xFFFFFFFF);
    Write("GICD_ISPENDR9", 0xFFFFFFFF);
    SetPriority(300, 0x80);
    EXPECT_EQ(Read("GICD_ISENABLER9"), 0u);
    EXPECT_EQ(Read("GICD_ISPENDR9"), 0u);
    EXPECT_EQ(Priority(300), 0u);
}

// ---- Routing ----

TEST_F(DistributorTest, IrouterReadsBackAsOne64BitRegister)
{
    uint64_t v = (0x05ull << 32) | (1ull << 31) | 0x030201; // Aff3.Aff2.Aff1.Aff0, IRM
    Write("GICD_IROUTER40", v);
    EXPECT_EQ(Read("GICD_IROUTER40"), v);
}

TEST_F(DistributorTest, IrouterReservedBitsReadAsZero)
{
    Write("GICD_IROUTER40", ~0ull);
    EXPECT_EQ(Read("GICD_IROUTER40"), 0x000000FF80FFFFFFull);
}

TEST_F(DistributorTest, IrouterHalvesAreAccessibleWith32BitAccesses)
{
    uint64_t a = Addr("GICD_IROUTER40");
    WriteAt(a, 4, 0x3);
    WriteAt(a + 4, 4, 0x7);
    EXPECT_EQ(Read("GICD_IROUTER40"), 0x0000000700000003ull);
    EXPECT_EQ(ReadAt(a, 4), 0x3u);
    EXPECT_EQ(ReadAt(a + 4, 4), 0x7u);
}

TEST_F(DistributorTest, IrouterRoutesTheSpiToTheNamedCpu)
{
    BootLinux();
    SetupSpi(40, 0xA0, 3);
    Pend(40);
    EXPECT_EQ(IrqMask(), 1u << 3);
    EXPECT_EQ(Sys(3, ICC_IAR1_EL1), 40u);
}

TEST_F(DistributorTest, IrouterChangeMovesAPendingSpiToTheNewCpu)
{
    BootLinux();
    SetupSpi(40, 0xA0, 1);
    Pend(40);
    Write("GICD_IROUTER40", gic_cpu_affinity(2));
    EXPECT_EQ(IrqMask(), 1u << 2);
}

TEST_F(DistributorTest, IrouterNamingNoPeIsAGuestErrorAndIsNotDelivered)
{
    BootLinux();
    SetupSpi(40, 0xA0, 0);
    Write("GICD_IROUTER40", 0x9); // Aff0 = 9: only 4 CPUs
    EXPECT_EQ(guest_errors.size(), 1u);
    Pend(40);
    EXPECT_EQ(IrqMask(), 0u);
}

TEST_F(DistributorTest, OneOfNDeliversOnlyToAnAwakeCpuWithTheGroupEnabled)
{
    BootLinux();
    Sleep(0);
    SysW(1, ICC_IGRPEN1_EL1, 0);
    Sleep(3);
    SetupSpi(40, 0xA0, 0);
    Write("GICD_IROUTER40", 1ull << 31);
    Pend(40);
    EXPECT_EQ(IrqMask(), 1u << 2);
    EXPECT_EQ(Sys(2, ICC_IAR1_EL1), 40u);
}

TEST_F(DistributorTest, OneOfNMovesToAnotherCpuWhenTheChosenOneSleeps)
{
    BootLinux();
    Sleep(0);
    Sleep(1);
    SetupSpi(40, 0xA0, 0);
    Write("GICD_IROUTER40", 1ull << 31);
    Pend(40);
    unsigned first = IrqMask();
    ASSERT_TRUE(first == 1u << 2 || first == 1u << 3) << first;
    Sleep(first == 1u << 2 ? 2 : 3);
    EXPECT_EQ(IrqMask(), first ^ 0xCu);
}

// ---- SPI messages ----

TEST_F(DistributorTest, SetspiNsrAssertsALevelSpi)
{
    BootLinux();
    SetupSpi(40, 0xA0, 0);
    Write("GICD_SETSPI_NSR", 40);
    EXPECT_TRUE(Pending(40));
    EXPECT_TRUE(Irq(0));
}

TEST_F(DistributorTest, ClrspiNsrDeassertsALevelSpi)
{
    BootLinux();
    SetupSpi(40, 0xA0, 0);
    Write("GICD_SETSPI_NSR", 40);
    Write("GICD_CLRSPI_NSR", 40);
    EXPECT_FALSE(Pending(40));
    EXPECT_FALSE(Irq(0));
}

TEST_F(DistributorTest, SetspiNsrOfAnIntidThatIsNotAnSpiIsAGuestError)
{
    Write("GICD_SETSPI_NSR", 20);
    Write("GICD_SETSPI_NSR", 32 + cfg.num_spis);
    EXPECT_EQ(guest_errors.size(), 2u);
}

// ---- Two security states (DS = 0) ----

class DistributorSecureTest : public DistributorTest {
    void Configure() override { cfg.two_security_states = true; }
};

TEST_F(DistributorSecureTest, TyperSecurityExtnIsSetWithTwoSecurityStates)
{
    EXPECT_EQ(Field(Read("GICD_TYPER"), 10, 1), 1u);
}

TEST_F(DistributorSecureTest, SecureCtlrViewHasThreeGroupEnables)
{
    Write("GICD_CTLR", 0x7, 0, true);
    uint64_t ctlr = Read("GICD_CTLR", 0, true);
    EXPECT_EQ(ctlr & 0x7, 0x7u);
    EXPECT_EQ(Field(ctlr, 6, 1), 0u); // DS
}

TEST_F(DistributorSecureTest, NonSecureCtlrViewShowsGroup1NsEnableInBit1Only)
{
    Write("GICD_CTLR", 0x5, 0, true); // EnableGrp0 | EnableGrp1S
    EXPECT_EQ(Read("GICD_CTLR") & 0x7, 0x0u);
    Write("GICD_CTLR", 0x2, 0, true); // EnableGrp1NS
    EXPECT_EQ(Read("GICD_CTLR") & 0x7, 0x2u);
}

TEST_F(DistributorSecureTest, NonSecureAccessSeesIgrouprAsRazWi)
{
    Write("GICD_IGROUPR1", 0xFF, 0, true);
    EXPECT_EQ(Read("GICD_IGROUPR1"), 0u);
    Write("GICD_IGROUPR1", 0);
    EXPECT_EQ(Read("GICD_IGROUPR1", 0, true), 0xFFu);
}

TEST_F(DistributorSecureTest, NonSecureAccessCannotEnableASecureSpi)
{
    Write("GICD_ISENABLER1", Bit(40)); // SPI 40 is Group 0 after reset
    EXPECT_EQ(Read("GICD_ISENABLER1", 0, true), 0u);
}

TEST_F(DistributorSecureTest, NonSecurePriorityWriteIsStoredInTheLowerHalf)
{
    SetSpiGroup(40, true); // Non-secure Group 1
    SetPriority(40, 0xA0);
    EXPECT_EQ(Priority(40, 0, true), 0xD0u); // (0xA0 >> 1) | 0x80
}

TEST_F(DistributorSecureTest, NonSecurePriorityWriteIsMaskedToTheImplementedBits)
{
    SetSpiGroup(40, true);
    SetPriority(40, 0xA6); // stored (0xA6 >> 1) | 0x80 = 0xD3, masked to 0xD0
    EXPECT_EQ(Priority(40, 0, true), 0xD0u);
    EXPECT_EQ(Priority(40), 0xA0u);
}
