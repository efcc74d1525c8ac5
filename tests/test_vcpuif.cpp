// The virtual CPU interface: ICH_*_EL2 registers with exact bit values, the ICV_*
// interface reached from EL1 with HCR_EL2.IMO/FMO, the LR state machine, virtual
// priority masking and preemption, VEOIM and ICV_DIR, HW = 1 LRs, EOIcount, each
// ICH_MISR_EL2 condition and the maintenance interrupt, routing, guest mistakes.
#include "gic_fixture.h"

class VcpuifTest : public GicTest {
  protected:
    std::vector<gic_trace_event_t> vevents;

    void Configure() override
    {
        cfg.virt.enabled = true;
    }

    void SetUp() override
    {
        GicTest::SetUp();
        if (HasFatalFailure())
            return;
        BootLinux();
        gic_add_trace_listener(gic, &VcpuifTest::OnVTrace, this);
    }

    static void OnVTrace(void *opaque, const gic_trace_event_t *ev)
    {
        if (ev->kind == GIC_TRACE_VSIGNAL || ev->kind == GIC_TRACE_MAINTENANCE ||
            ev->kind == GIC_TRACE_VDEACTIVATE)
            static_cast<VcpuifTest *>(opaque)->vevents.push_back(*ev);
    }

    // The hypervisor's entry to a guest: En, VENG1, VPMR 0xF0; the PE at EL1 with
    // IMO = FMO = 1.
    void EnterGuest(unsigned cpu = 0, uint64_t hcr_extra = 0)
    {
        SysW(cpu, ICH_VMCR_EL2, 0xF0ull << 24 | 2);
        SysW(cpu, ICH_HCR_EL2, 1 | hcr_extra);
        ASSERT_EQ(gic_cpu_set_el(gic, cpu, 1, true, true), GIC_OK);
    }

    bool VIrq(unsigned cpu = 0) { return gic_vcpu_signal_level(gic, cpu, GIC_VSIG_VIRQ); }
    bool VFiq(unsigned cpu = 0) { return gic_vcpu_signal_level(gic, cpu, GIC_VSIG_VFIQ); }
    bool MaintPending(unsigned cpu = 0) { return (Read("GICR_ISPENDR0", cpu) >> 25) & 1; }
    bool HasError(const std::string &rule)
    {
        for (auto &e : guest_errors)
            if (e.rfind(rule + ":", 0) == 0)
                return true;
        return false;
    }
};

// ---- registers ----

TEST_F(VcpuifTest, VtrReportsTheConfiguration)
{
    // ListRegs 3, TDS, IDbits 0 (16), PREbits 4, PRIbits 4.
    EXPECT_EQ(Sys(0, ICH_VTR_EL2), 0x90080003u);
    SysW(0, ICH_VTR_EL2, 0);
    EXPECT_TRUE(HasError("ich.read_only"));
}

TEST_F(VcpuifTest, HcrKeepsImplementedBitsOnly)
{
    EXPECT_EQ(Sys(0, ICH_HCR_EL2), 0u);
    SysW(0, ICH_HCR_EL2, 0xFFFFFFFFFFFFFFFFull);
    // En..VGrp1DIE, TC, TALL0, TALL1, TDIR, EOIcount; TSEI (no SEIs) reads 0.
    EXPECT_EQ(Sys(0, ICH_HCR_EL2), 0xF8005CFFu);
}

TEST_F(VcpuifTest, VmcrResetAndWrite)
{
    // VBPR0 = 2 (minimum for 5 preemption bits), VBPR1 = 3, VFIQEn RES1.
    EXPECT_EQ(Sys(0, ICH_VMCR_EL2), 0x004C0008u);
    SysW(0, ICH_VMCR_EL2, 0xFFFFFFFF);
    EXPECT_EQ(Sys(0, ICH_VMCR_EL2), 0xF8FC021Bu);
    SysW(0, ICH_VMCR_EL2, 0); // BPRs below the minimum read as the minimum
    EXPECT_EQ(Sys(0, ICH_VMCR_EL2), 0x004C0008u);
}

TEST_F(VcpuifTest, LrKeepsImplementedBits)
{
    SysW(0, IchLr(1), ~0ull);
    EXPECT_EQ(Sys(0, IchLr(1)), 0xF0F81FFF0000FFFFull);
    EXPECT_TRUE(HasError("ich.lr_hw_pintid"));
    SysW(0, IchLr(4), 1); // 4 LRs: ICH_LR4_EL2 does not exist
    EXPECT_EQ(Sys(0, IchLr(4)), 0u);
    EXPECT_TRUE(HasError("ich.lr_unimplemented"));
}

TEST_F(VcpuifTest, AprRegistersAndSre)
{
    SysW(0, ICH_AP1R0_EL2, 0x80000001);
    EXPECT_EQ(Sys(0, ICH_AP1R0_EL2), 0x80000001u);
    EXPECT_EQ(gic_vcpu_running_priority(gic, 0), 0x00);
    SysW(0, ICH_AP0R1_EL2, 1); // 5 preemption bits: one APR per group
    EXPECT_TRUE(HasError("ich.apr_unimplemented"));
    EXPECT_EQ(Sys(0, ICC_SRE_EL2), 0xFu);
}

TEST_F(VcpuifTest, ElrsrAndEisrFollowTheLrs)
{
    EXPECT_EQ(Sys(0, ICH_ELRSR_EL2), 0xFu);
    SysW(0, IchLr(0), MakeLr(1, 40, 0xA0));
    SysW(0, IchLr(2), MakeLr(0, 41, 0xA0) | 1ull << 41); // invalid with EOI: in EISR
    EXPECT_EQ(Sys(0, ICH_ELRSR_EL2), 0xAu);
    EXPECT_EQ(Sys(0, ICH_EISR_EL2), 0x4u);
}

TEST_F(VcpuifTest, WithoutVirtualizationIchIsUndefined)
{
    gic_destroy(gic);
    cfg.virt.enabled = false;
    char err[128];
    gic = gic_create(&cfg, err, sizeof(err));
    ASSERT_NE(gic, nullptr);
    gic_add_trace_listener(gic, &GicTest::OnTrace, this);
    EXPECT_EQ(Sys(0, ICH_VTR_EL2), 0u);
    SysW(0, ICV_PMR_EL1, 0xF0);
    EXPECT_TRUE(HasError("ich.no_el2"));
    EXPECT_EQ(gic_cpu_set_el(gic, 0, 1, true, true), GIC_ERR_ARG);
}

TEST_F(VcpuifTest, SysregNamesCoverEveryRegister)
{
    EXPECT_STREQ(gic_sysreg_name(IchLr(3)), "ICH_LR3_EL2");
    EXPECT_EQ(gic_sysreg_lookup("ICH_AP1R2_EL2"), (int)ICH_AP1R2_EL2);
    EXPECT_EQ(gic_sysreg_lookup("ICV_EOIR0_EL1"), (int)ICV_EOIR0_EL1);
    EXPECT_EQ(gic_sysreg_lookup("ICC_SRE_EL2"), (int)ICC_SRE_EL2);
    for (int r = 0; r < GIC_NUM_SYSREGS; r++)
        EXPECT_EQ(gic_sysreg_lookup(gic_sysreg_name((gic_sysreg_t)r)), r);
}

// ---- acknowledge, priority drop, deactivation ----

TEST_F(VcpuifTest, AcknowledgeAndEoiWalkTheLrStates)
{
    EnterGuest();
    SysW(0, IchLr(0), MakeLr(1, 40, 0xA0));
    EXPECT_TRUE(VIrq());
    EXPECT_FALSE(VFiq());
    EXPECT_EQ(Sys(0, ICV_HPPIR1_EL1), 40u);
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), 40u); // EL1 + IMO: reaches ICV_IAR1_EL1
    EXPECT_EQ(Sys(0, IchLr(0)), MakeLr(2, 40, 0xA0));
    EXPECT_EQ(Sys(0, ICH_AP1R0_EL2), 1u << 20); // 0xA0 >> 3
    EXPECT_EQ(Sys(0, ICV_RPR_EL1), 0xA0u);
    EXPECT_FALSE(VIrq());
    SysW(0, ICV_EOIR1_EL1, 40);
    EXPECT_EQ(Sys(0, IchLr(0)), MakeLr(0, 40, 0xA0));
    EXPECT_EQ(Sys(0, ICH_AP1R0_EL2), 0u);
    EXPECT_EQ(Sys(0, ICV_RPR_EL1), 0xFFu);
    EXPECT_EQ(Sys(0, ICH_ELRSR_EL2), 0xFu);
    EXPECT_TRUE(guest_errors.empty());
}

TEST_F(VcpuifTest, PendingAndActiveBecomesPendingOnDeactivation)
{
    EnterGuest();
    SysW(0, IchLr(0), MakeLr(3, 40, 0xA0));
    EXPECT_FALSE(VIrq()); // only State = pending is presented
    SysW(0, ICH_AP1R0_EL2, 1u << 20);
    SysW(0, ICV_EOIR1_EL1, 40);
    EXPECT_EQ(Sys(0, IchLr(0)), MakeLr(1, 40, 0xA0));
    EXPECT_TRUE(VIrq());
}

TEST_F(VcpuifTest, RoutingFollowsElAndHcr)
{
    SetupSpi(40, 0x80, 0);
    Write("GICD_ISPENDR1", 1u << 8);
    EnterGuest();
    SysW(0, IchLr(0), MakeLr(1, 50, 0xA0));
    ASSERT_EQ(gic_cpu_set_el(gic, 0, 2, true, true), GIC_OK);
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), 40u); // EL2: physical
    ASSERT_EQ(gic_cpu_set_el(gic, 0, 1, false, true), GIC_OK);
    EXPECT_EQ(Sys(0, ICC_PMR_EL1), 0xF0u);   // FMO routes the common registers
    EXPECT_EQ(Sys(0, ICC_HPPIR1_EL1), 1023u); // IMO = 0: Group 1 stays physical
    ASSERT_EQ(gic_cpu_set_el(gic, 0, 1, true, false), GIC_OK);
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), 50u);
}

TEST_F(VcpuifTest, Group0IsSignalledAsVfiq)
{
    EnterGuest();
    SysW(0, ICH_VMCR_EL2, 0xF0ull << 24 | 1); // VENG0 only
    SysW(0, IchLr(0), MakeLr(1, 33, 0x40, false));
    EXPECT_TRUE(VFiq());
    EXPECT_FALSE(VIrq());
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 1023u);
    EXPECT_EQ(Sys(0, ICV_IAR0_EL1), 33u);
    EXPECT_EQ(Sys(0, ICH_AP0R0_EL2), 1u << 8); // group priority 0x40 at VBPR0 = 2: bits [7:3]
    SysW(0, ICV_EOIR0_EL1, 33);
    EXPECT_EQ(Sys(0, IchLr(0)), MakeLr(0, 33, 0x40, false));
}

TEST_F(VcpuifTest, VirtualPmrMasks)
{
    EnterGuest();
    SysW(0, ICV_PMR_EL1, 0xA0);
    SysW(0, IchLr(0), MakeLr(1, 40, 0xA0));
    EXPECT_FALSE(VIrq());
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 1023u);
    SysW(0, ICV_PMR_EL1, 0xA8);
    EXPECT_TRUE(VIrq());
    EXPECT_EQ(Sys(0, ICH_VMCR_EL2) >> 24, 0xA8u);
}

TEST_F(VcpuifTest, PreemptionUsesTheVirtualBinaryPoint)
{
    EnterGuest();
    SysW(0, IchLr(0), MakeLr(1, 40, 0xA0));
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 40u);
    SysW(0, IchLr(1), MakeLr(1, 41, 0x98));
    EXPECT_TRUE(VIrq()); // 0x98 < 0xA0 at VBPR1 = 3
    SysW(0, ICV_BPR1_EL1, 6); // group priority [7:6]: 0x80 and 0x80: no preemption
    EXPECT_FALSE(VIrq());
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 1023u);
    SysW(0, ICV_BPR1_EL1, 3);
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 41u); // nested
    EXPECT_EQ(Sys(0, ICV_RPR_EL1), 0x98u);
    SysW(0, ICV_EOIR1_EL1, 41);
    SysW(0, ICV_EOIR1_EL1, 40);
    EXPECT_EQ(Sys(0, ICH_ELRSR_EL2), 0xFu);
}

TEST_F(VcpuifTest, CbprMakesGroup1UseBpr0)
{
    EnterGuest();
    SysW(0, ICV_CTLR_EL1, 1);
    EXPECT_EQ(Sys(0, ICV_CTLR_EL1), 0x401u); // CBPR, PRIbits 4
    EXPECT_EQ(Sys(0, ICV_BPR1_EL1), 3u);     // BPR0 + 1
    SysW(0, ICV_BPR1_EL1, 6);                // ignored
    EXPECT_EQ(Sys(0, ICH_VMCR_EL2) & (7u << 18), 3u << 18);
}

TEST_F(VcpuifTest, EoiModeOneNeedsDir)
{
    EnterGuest();
    SysW(0, ICV_CTLR_EL1, 2); // EOImode = VEOIM
    EXPECT_EQ(Sys(0, ICH_VMCR_EL2) & (1u << 9), 1u << 9);
    SysW(0, IchLr(0), MakeLr(1, 40, 0xA0));
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 40u);
    SysW(0, ICV_EOIR1_EL1, 40);
    EXPECT_EQ(Sys(0, IchLr(0)), MakeLr(2, 40, 0xA0)); // dropped, still active
    EXPECT_EQ(Sys(0, ICV_RPR_EL1), 0xFFu);
    SysW(0, ICV_DIR_EL1, 40);
    EXPECT_EQ(Sys(0, IchLr(0)), MakeLr(0, 40, 0xA0));
}

TEST_F(VcpuifTest, DirWithEoiModeZeroIsAGuestError)
{
    EnterGuest();
    SysW(0, IchLr(0), MakeLr(2, 40, 0xA0));
    SysW(0, ICV_DIR_EL1, 40);
    EXPECT_TRUE(HasError("icv.dir_eoimode0"));
    EXPECT_EQ(Sys(0, IchLr(0)), MakeLr(2, 40, 0xA0));
}

TEST_F(VcpuifTest, TrapsStopTheAccess)
{
    EnterGuest(0, 1u << 14); // TDIR
    SysW(0, ICV_CTLR_EL1, 2);
    SysW(0, IchLr(0), MakeLr(2, 40, 0xA0));
    SysW(0, ICV_DIR_EL1, 40);
    EXPECT_TRUE(HasError("icv.trapped"));
    EXPECT_EQ(Sys(0, IchLr(0)), MakeLr(2, 40, 0xA0));
}

// ---- EOIcount and each maintenance condition ----

TEST_F(VcpuifTest, EoiWithNoLrCountsAndRaisesLrenp)
{
    EnterGuest(0, 1u << 2); // LRENPIE
    SysW(0, ICH_AP1R0_EL2, 1u << 20);
    SysW(0, ICV_EOIR1_EL1, 99);
    EXPECT_EQ(Sys(0, ICH_HCR_EL2), 1u << 27 | 1u << 2 | 1u);
    EXPECT_EQ(Sys(0, ICH_MISR_EL2), 0x4u);
    EXPECT_TRUE(gic_vcpu_maintenance_level(gic, 0));
    EXPECT_TRUE(MaintPending());
    ASSERT_FALSE(vevents.empty());
    SysW(0, ICH_HCR_EL2, 1u << 2 | 1u); // the hypervisor clears EOIcount
    EXPECT_EQ(Sys(0, ICH_MISR_EL2), 0u);
    EXPECT_FALSE(gic_vcpu_maintenance_level(gic, 0));
    EXPECT_FALSE(MaintPending()); // level-sensitive: gone with its cause
}

TEST_F(VcpuifTest, EoiCountOnlyForDeactivations)
{
    EnterGuest();
    SysW(0, ICV_CTLR_EL1, 2); // VEOIM: EOIR only drops priority
    SysW(0, ICH_AP1R0_EL2, 1u << 20);
    SysW(0, ICV_EOIR1_EL1, 99);
    EXPECT_EQ(Sys(0, ICH_HCR_EL2) >> 27, 0u);
    SysW(0, ICV_DIR_EL1, 99);
    EXPECT_EQ(Sys(0, ICH_HCR_EL2) >> 27, 1u);
}

TEST_F(VcpuifTest, MisrEoi)
{
    EnterGuest();
    SysW(0, IchLr(0), MakeLr(1, 40, 0xA0) | 1ull << 41);
    EXPECT_EQ(Sys(0, ICH_MISR_EL2), 0u);
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 40u);
    SysW(0, ICV_EOIR1_EL1, 40);
    EXPECT_EQ(Sys(0, ICH_EISR_EL2), 1u);
    EXPECT_EQ(Sys(0, ICH_ELRSR_EL2), 0xEu);
    EXPECT_EQ(Sys(0, ICH_MISR_EL2), 0x1u);
    EXPECT_TRUE(MaintPending());
    SysW(0, IchLr(0), 0);
    EXPECT_EQ(Sys(0, ICH_MISR_EL2), 0u);
}

TEST_F(VcpuifTest, MisrUnderflow)
{
    EnterGuest(0, 1u << 1); // UIE
    EXPECT_EQ(Sys(0, ICH_MISR_EL2), 0x2u); // no valid LR
    SysW(0, IchLr(0), MakeLr(1, 40, 0xA0));
    EXPECT_EQ(Sys(0, ICH_MISR_EL2), 0x2u); // one
    SysW(0, IchLr(1), MakeLr(1, 41, 0xA0));
    EXPECT_EQ(Sys(0, ICH_MISR_EL2), 0u);   // two
    EXPECT_FALSE(MaintPending());
}

TEST_F(VcpuifTest, MisrNoPending)
{
    EnterGuest(0, 1u << 3); // NPIE
    SysW(0, IchLr(0), MakeLr(1, 40, 0xA0));
    EXPECT_EQ(Sys(0, ICH_MISR_EL2), 0u);
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 40u);
    EXPECT_EQ(Sys(0, ICH_MISR_EL2), 0x8u); // active only
}

TEST_F(VcpuifTest, MisrGroupEnableConditions)
{
    EnterGuest(0, 0xF0); // VGrp0EIE, VGrp0DIE, VGrp1EIE, VGrp1DIE
    SysW(0, ICH_VMCR_EL2, 0);
    EXPECT_EQ(Sys(0, ICH_MISR_EL2), 0x20u | 0x80u);
    SysW(0, ICV_IGRPEN0_EL1, 1);
    EXPECT_EQ(Sys(0, ICH_MISR_EL2), 0x10u | 0x80u);
    SysW(0, ICV_IGRPEN1_EL1, 1);
    EXPECT_EQ(Sys(0, ICH_MISR_EL2), 0x10u | 0x40u);
}

TEST_F(VcpuifTest, MaintenanceNeedsEn)
{
    SysW(0, ICH_HCR_EL2, 1u << 1); // UIE without En
    EXPECT_EQ(Sys(0, ICH_MISR_EL2), 0x2u);
    EXPECT_FALSE(gic_vcpu_maintenance_level(gic, 0));
    SysW(0, ICH_HCR_EL2, 1u << 1 | 1);
    EXPECT_TRUE(gic_vcpu_maintenance_level(gic, 0));
    // The maintenance interrupt is PPI 25 of that PE, taken as any PPI.
    Write("GICR_ISENABLER0", 1u << 25, 0);
    ASSERT_EQ(gic_cpu_set_el(gic, 0, 2, true, true), GIC_OK);
    EXPECT_TRUE(Irq(0));
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), 25u);
}

TEST_F(VcpuifTest, NoSignalWhileEnIsZero)
{
    SysW(0, ICH_VMCR_EL2, 0xF0ull << 24 | 2);
    SysW(0, IchLr(0), MakeLr(1, 40, 0xA0));
    EXPECT_FALSE(VIrq());
    SysW(0, ICH_HCR_EL2, 1);
    EXPECT_TRUE(VIrq());
}

// ---- HW = 1 ----

TEST_F(VcpuifTest, HwLrDeactivatesThePhysicalInterrupt)
{
    SysW(0, ICC_CTLR_EL1, 2); // the host splits priority drop and deactivation
    SetupSpi(40, 0x80, 0);
    Write("GICD_ISPENDR1", 1u << 8);
    ASSERT_EQ(gic_cpu_set_el(gic, 0, 2, true, true), GIC_OK);
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), 40u);
    SysW(0, ICC_EOIR1_EL1, 40);
    EXPECT_EQ((Read("GICD_ISACTIVER1") >> 8) & 1, 1u);
    EnterGuest();
    SysW(0, IchLr(0), MakeLr(1, 27, 0xA0, true, true, 40));
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 27u);
    EXPECT_EQ((Read("GICD_ISACTIVER1") >> 8) & 1, 1u);
    SysW(0, ICV_EOIR1_EL1, 27);
    EXPECT_EQ((Read("GICD_ISACTIVER1") >> 8) & 1, 0u);
    EXPECT_TRUE(guest_errors.empty());
}

TEST_F(VcpuifTest, HwLrWithInactivePhysicalIsReported)
{
    SetupSpi(40, 0x80, 0);
    EnterGuest();
    SysW(0, IchLr(0), MakeLr(1, 27, 0xA0, true, true, 40));
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 27u);
    SysW(0, ICV_EOIR1_EL1, 27);
    EXPECT_TRUE(HasError("ich.hw_pintid_inactive"));
    EXPECT_EQ(Sys(0, IchLr(0)), MakeLr(0, 27, 0xA0, true, true, 40));
}

TEST_F(VcpuifTest, UnpredictableLrContentsAreReported)
{
    SysW(0, IchLr(0), MakeLr(1, 40, 0xA0, true, true, 3));
    EXPECT_TRUE(HasError("ich.lr_hw_sgi"));
    SysW(0, IchLr(1), MakeLr(1, 40, 0xA0));
    EXPECT_TRUE(HasError("ich.lr_duplicate_vintid"));
    SysW(0, IchLr(2), MakeLr(1, 1023, 0xA0));
    EXPECT_TRUE(HasError("ich.lr_vintid_special"));
    // Duplicates at equal priority: the lower LR is acknowledged and deactivated.
    EnterGuest();
    SysW(0, IchLr(0), MakeLr(1, 40, 0xA0));
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 40u);
    EXPECT_EQ(Sys(0, IchLr(0)), MakeLr(2, 40, 0xA0));
    EXPECT_EQ(Sys(0, IchLr(1)), MakeLr(1, 40, 0xA0));
}

TEST_F(VcpuifTest, LpiVintidIsDoneWhenAcknowledged)
{
    EnterGuest();
    SysW(0, IchLr(0), MakeLr(1, 8200, 0xA0));
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 8200u);
    EXPECT_EQ(Sys(0, IchLr(0)), MakeLr(0, 8200, 0xA0));
    SysW(0, ICV_EOIR1_EL1, 8200);
    EXPECT_EQ(Sys(0, ICH_HCR_EL2) >> 27, 0u); // no deactivation, no EOIcount
}

// ---- timing ----

class VcpuifTimingTest : public VcpuifTest {
  protected:
    void Configure() override
    {
        VcpuifTest::Configure();
        cfg.timing.clock_hz = 1000000000;
        cfg.timing.lr_signal_cycles = 20;
        cfg.timing.maintenance_cycles = 5;
    }
};

TEST_F(VcpuifTimingTest, LrWriteReachesVirqAfterTheProfileTime)
{
    EnterGuest();
    gic_run_until(gic, 10000);
    SysW(0, IchLr(0), MakeLr(1, 40, 0xA0));
    EXPECT_FALSE(VIrq());
    gic_run_until(gic, 10000 + 19999);
    EXPECT_FALSE(VIrq());
    gic_run_until(gic, 10000 + 20000);
    EXPECT_TRUE(VIrq());
}

TEST_F(VcpuifTimingTest, MaintenanceFollowsMisrAfterTheProfileTime)
{
    EnterGuest(0, 1u << 3); // NPIE: MISR.NP at once, the level 5 ns later
    EXPECT_EQ(Sys(0, ICH_MISR_EL2), 0x8u);
    gic_run_until(gic, 4999);
    EXPECT_FALSE(gic_vcpu_maintenance_level(gic, 0));
    gic_run_until(gic, 5000);
    EXPECT_TRUE(gic_vcpu_maintenance_level(gic, 0));
    SysW(0, IchLr(0), MakeLr(1, 40, 0xA0)); // pending (not yet signalled): NP clears
    EXPECT_EQ(Sys(0, ICH_MISR_EL2), 0u);
    EXPECT_TRUE(gic_vcpu_maintenance_level(gic, 0));
    gic_run_until(gic, 10000);
    EXPECT_FALSE(gic_vcpu_maintenance_level(gic, 0));
}
