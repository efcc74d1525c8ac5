// GICv4.1 direct injection (issue 16): the ITS's V commands and their errors, the vPE
// table, GICR_VPENDBASER residency, vLPIs at the virtual CPU interface and doorbells.
#include "gic_fixture.h"

#include <string>
#include <vector>

namespace {

constexpr uint64_t V = 1ULL << 63;
constexpr uint64_t kVpeTable = 0x43000000;
constexpr uint64_t kVItt = 0x44000000;     // ITTs of the passed-through devices
constexpr uint64_t kVpt = 0x45000000;      // VPTs, 64 KiB apart
constexpr uint64_t kVconf = 0x46000000;    // one configuration table for the VM
constexpr uint32_t kNone = 1023;
constexpr uint32_t kDb = 8300;             // default doorbell of vPE 5
constexpr uint32_t kDev = 7;

ItsCmd VmappCmd(uint32_t vpe, uint64_t rd, bool v, uint64_t vpt, unsigned bits, uint32_t db,
                bool ptz = true)
{
    ItsCmd c;
    c.err = enc_vmapp(c.dw, vpe, rd, v, vpt, bits, kVconf, db, ptz, true);
    return c;
}
ItsCmd VmaptiCmd(uint32_t dev, uint32_t ev, uint32_t vpe, uint32_t vintid, uint32_t db = kNone)
{
    ItsCmd c;
    c.err = enc_vmapti(c.dw, dev, ev, vpe, vintid, db);
    return c;
}
ItsCmd VpeCmd(uint8_t op, uint32_t vpe)
{
    ItsCmd c;
    c.err = enc_vpe(c.dw, op, vpe);
    return c;
}
ItsCmd VsgiCmd(uint32_t vpe, uint32_t sgi, bool enable, uint8_t prio, bool grp1,
               bool clear = false)
{
    ItsCmd c;
    c.err = enc_vsgi(c.dw, vpe, sgi, enable, prio, grp1, clear);
    return c;
}

} // namespace

class Gicv4Test : public ItsTest {
  protected:
    void Configure() override
    {
        gic_config_enable_gicv4(&cfg);
    }

    void SetUp() override
    {
        ItsTest::SetUp();
        if (HasFatalFailure())
            return;
        BootLinux();
        EnableLpis();
        SetupIts();
        Write("GITS_CTLR", 0); // BASER2 is writable only while disabled
        Write("GITS_BASER2", V | kVpeTable | (2u << 8), 0);
        Write("GITS_CTLR", 1);
        LpiConfig(kDb, 0x80, true);
        LpiConfig(8400, 0x80, true);
    }

    void VConfig(uint32_t vintid, uint8_t prio, bool enable)
    {
        MemW8(kVconf + vintid - 8192, (uint8_t)((prio & 0xFC) | 2 | (enable ? 1 : 0)));
    }
    uint64_t Vpt(uint32_t vpe) { return kVpt + vpe * 0x10000ULL; }
    bool VptBit(uint32_t vpe, uint32_t vintid)
    {
        return (MemR8(Vpt(vpe) + vintid / 8) >> (vintid % 8)) & 1;
    }
    // vPE vpe mapped to cpu, device kDev with 8 events, events 0..3 -> vINTIDs 8192+e.
    void MapVm(uint32_t vpe = 5, unsigned cpu = 0)
    {
        Cmd(VmappCmd(vpe, cpu, true, Vpt(vpe), 16, kDb));
        Mapd(kDev, 3, kVItt);
        for (uint32_t e = 0; e < 4; e++) {
            VConfig(8192 + e, (uint8_t)(0xA0 - 0x10 * e), true);
            Cmd(VmaptiCmd(kDev, e, vpe, 8192 + e));
        }
        Cmd(VpeCmd(ITS_OP_VSYNC, vpe));
        EXPECT_EQ(Stats().command_errors, 0u) << std::hex << Stats().last_error;
    }
    void EnterGuest(unsigned cpu = 0)
    {
        SysW(cpu, ICH_VMCR_EL2, 0xF0ull << 24 | 2);
        SysW(cpu, ICH_HCR_EL2, 1);
        ASSERT_EQ(gic_cpu_set_el(gic, cpu, 1, true, true), GIC_OK);
    }
    void Schedule(uint32_t vpe, unsigned cpu = 0)
    {
        Write("GICR_VPENDBASER", V | 1ULL << 58 | vpe, cpu);
        Settle();
    }
    void Deschedule(bool doorbell, unsigned cpu = 0)
    {
        Write("GICR_VPENDBASER", (uint64_t)doorbell << 62, cpu);
        Settle();
    }
    bool VIrq(unsigned cpu = 0) { return gic_vcpu_signal_level(gic, cpu, GIC_VSIG_VIRQ); }
    bool VFiq(unsigned cpu = 0) { return gic_vcpu_signal_level(gic, cpu, GIC_VSIG_VFIQ); }
    // A vSGI through GITS_SGIR (as KVM sends one for a trapped ICC_SGI1R_EL1 write).
    void Sgir(uint32_t vpe, uint32_t sgi)
    {
        Write("GITS_SGIR", (uint64_t)vpe << 32 | sgi, 0);
        Settle();
    }
    uint32_t Vsgipendr(uint32_t vpe, unsigned cpu = 0)
    {
        Write("GICR_VSGIR", vpe, cpu);
        gic_run_until(gic, gic_now(gic) + 10000000); // well past Busy
        return (uint32_t)Read("GICR_VSGIPENDR", cpu);
    }
    gic_vlpi_stats_t VStats()
    {
        gic_vlpi_stats_t s{};
        gic_get_vlpi_stats(gic, &s);
        return s;
    }
    // Runs cmd and checks the error it reports under the configured policy.
    void ExpectError(const ItsCmd &c, const char *name)
    {
        uint32_t code = 0;
        ASSERT_TRUE(gic_its_error_code(name, &code)) << name;
        uint64_t before = gic_its_error_count(gic, 0, code);
        Cmd(c);
        EXPECT_EQ(gic_its_error_count(gic, 0, code), before + 1) << name;
        EXPECT_EQ(Stats().last_error, code) << name;
        if (cfg.its[0].error_policy == GIC_ITS_ERRORS_STALL) {
            EXPECT_TRUE(Stalled()) << name;
            // Skip the failing command: CWRITER back on it, then past it with Retry.
            uint64_t at = Creadr();
            Write("GITS_CWRITER", at);
            Write("GITS_CBASER", Read("GITS_CBASER")); // not writable while enabled
            EXPECT_TRUE(Stalled());
            Write("GITS_CTLR", 0);
            Settle();
            Write("GITS_CBASER", Read("GITS_CBASER"));
            Write("GITS_CWRITER", 0);
            Write("GITS_CTLR", 1);
            EXPECT_FALSE(Stalled());
        } else {
            EXPECT_FALSE(Stalled()) << name;
            EXPECT_EQ(Creadr(), Read("GITS_CWRITER") & 0xFFFE0) << name;
        }
    }
};

// ---- identification ----

TEST_F(Gicv4Test, RegistersReportGicv41)
{
    uint64_t t = Read("GITS_TYPER");
    EXPECT_EQ(t >> 1 & 1, 1u);   // Virtual
    EXPECT_EQ(t >> 4 & 15, 15u); // ITT_entry_size: 16 bytes
    EXPECT_EQ(t >> 37 & 1, 1u);  // VMOVP
    EXPECT_EQ(t >> 40 & 1, 1u);  // VMAPP (v4.1)
    uint64_t b2 = Read("GITS_BASER2");
    EXPECT_EQ(b2 >> 56 & 7, 2u);     // Type: vPEs
    EXPECT_EQ(b2 >> 48 & 31, 31u);   // Entry_Size: 32 bytes
    uint64_t r = Read("GICR_TYPER", 1);
    EXPECT_EQ(r >> 1 & 1, 1u); // VLPIS
    EXPECT_EQ(r >> 2 & 1, 1u); // Dirty
    EXPECT_EQ(r >> 7 & 1, 1u); // RVPEID
    EXPECT_EQ(Read("GICD_TYPER2"), 0x80u | 15u); // VIL, VID = 16 bits - 1
    EXPECT_EQ(Read("GITS_PIDR2") >> 4 & 15, 4u);
    EXPECT_EQ(Read("GICR_VPENDBASER", 0) >> 63, 0u);
}

TEST(Gicv4ConfigTest, NeedsVirtualizationAndTheVlpiFrame)
{
    gic_config_t c;
    gic_config_default(&c);
    c.virt.gicv4 = true;
    char err[200];
    EXPECT_FALSE(gic_config_check(&c, err, sizeof(err)));
    c.virt.enabled = true;
    EXPECT_FALSE(gic_config_check(&c, err, sizeof(err)));
    EXPECT_NE(std::string(err).find("256 KiB"), std::string::npos);
    c.gicr_stride = 0x40000;
    EXPECT_FALSE(gic_config_check(&c, err, sizeof(err))); // ITS0's vSGI frame is GICR's
    EXPECT_NE(std::string(err).find("overlap"), std::string::npos) << err;
    gic_config_enable_gicv4(&c);
    EXPECT_TRUE(gic_config_check(&c, err, sizeof(err))) << err;
    EXPECT_EQ(c.its[0].base, 0x08040000u);
    c.virt.vpeid_bits = 17;
    EXPECT_FALSE(gic_config_check(&c, err, sizeof(err)));
}

// ---- resident delivery ----

TEST_F(Gicv4Test, ResidentVpeTakesTheMsiWithNoHypervisor)
{
    MapVm();
    EnterGuest();
    Schedule(5);
    EXPECT_EQ(gic_vpe_resident(gic, 0), 5);
    Msi(kDev, 1);
    EXPECT_TRUE(VIrq());
    EXPECT_FALSE(Irq(0)); // no doorbell, no physical interrupt
    EXPECT_TRUE(VptBit(5, 8193));
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 8193u);
    EXPECT_FALSE(VIrq());
    EXPECT_FALSE(VptBit(5, 8193));
    SysW(0, ICV_EOIR1_EL1, 8193);
    EXPECT_EQ(gic_vcpu_running_priority(gic, 0), 0xFF);
    EXPECT_EQ(VStats().acknowledged, 1u);
    EXPECT_EQ(VStats().doorbells, 0u);
    EXPECT_EQ(Stats().msi_translated, 1u);
    EXPECT_TRUE(guest_errors.empty()) << guest_errors[0];
}

TEST_F(Gicv4Test, VlpisMergeWithListRegistersByPriority)
{
    MapVm();
    EnterGuest();
    Schedule(5);
    // LR: vINTID 40 at 0x90; vLPIs 8192 (0xA0) and 8195 (0x70).
    SysW(0, IchLr(0), 1ULL << 62 | 1ULL << 60 | 0x90ULL << 48 | 40);
    Msi(kDev, 0);
    Msi(kDev, 3);
    EXPECT_EQ(Sys(0, ICV_HPPIR1_EL1), 8195u);
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 8195u);
    SysW(0, ICV_EOIR1_EL1, 8195);
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 40u);
    SysW(0, ICV_EOIR1_EL1, 40);
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 8192u);
    SysW(0, ICV_EOIR1_EL1, 8192);
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 1023u);
}

TEST_F(Gicv4Test, DisabledVlpiStaysPendingUntilVinvall)
{
    MapVm();
    EnterGuest();
    Schedule(5);
    VConfig(8194, 0x60, false);
    Cmd(VpeCmd(ITS_OP_VINVALL, 5));
    Msi(kDev, 2);
    EXPECT_FALSE(VIrq());
    EXPECT_TRUE(gic_vlpi_is_pending(gic, 5, 8194));
    VConfig(8194, 0x60, true);
    Cmd(VpeCmd(ITS_OP_VINVALL, 5));
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 8194u);
}

TEST_F(Gicv4Test, InvlpirAndInvallrWithVInvalidateAVpesVlpis)
{
    MapVm();
    EnterGuest();
    Schedule(5);
    VConfig(8194, 0x60, false);
    VConfig(8195, 0x50, false);
    Cmd(VpeCmd(ITS_OP_VINVALL, 5));
    Msi(kDev, 2);
    Msi(kDev, 3);
    EXPECT_FALSE(VIrq());
    VConfig(8194, 0x60, true);
    VConfig(8195, 0x50, true);
    Write("GICR_INVLPIR", 1ULL << 63 | 5ULL << 32 | 8193, 0); // not pending: nothing
    EXPECT_FALSE(VIrq());
    Write("GICR_INVLPIR", 1ULL << 63 | 5ULL << 32 | 8194, 0); // V = 1, vPEID 5: 8194 only
    EXPECT_EQ(Read("GICR_SYNCR", 0), 0u);
    EXPECT_EQ(Sys(0, ICV_HPPIR1_EL1), 8194u);
    Write("GICR_INVALLR", 1ULL << 63 | 5ULL << 32, 0); // the whole vPE
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 8195u);
    SysW(0, ICV_EOIR1_EL1, 8195);
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 8194u);
    EXPECT_FALSE(HasGuestError("lpi.no_direct_lpi")); // V = 1 needs no DirectLPI
    Write("GICR_INVALLR", 1ULL << 63 | 9ULL << 32, 0);
    EXPECT_TRUE(HasGuestError("gicv4.inv_unmapped"));
    Write("GICR_INVLPIR", 8192, 0); // V = 0: the physical register, DirectLPI = 0 here
    EXPECT_TRUE(HasGuestError("lpi.no_direct_lpi"));
}

// ---- non-resident: VPT and doorbells ----

TEST_F(Gicv4Test, DescheduledVpeRingsTheDefaultDoorbellOnceAndGetsItsVlpisBack)
{
    MapVm();
    EnterGuest();
    Schedule(5);
    Deschedule(true);
    EXPECT_EQ(Read("GICR_VPENDBASER", 0) >> 61 & 1, 0u); // PendingLast: nothing pending
    Msi(kDev, 0);
    Msi(kDev, 3);
    Msi(kDev, 1);
    EXPECT_FALSE(VIrq());
    EXPECT_TRUE(VptBit(5, 8192) && VptBit(5, 8195) && VptBit(5, 8193));
    EXPECT_EQ(VStats().doorbells, 1u);
    EXPECT_TRUE(Pending(0, kDb));
    ASSERT_EQ(gic_cpu_set_el(gic, 0, 2, false, false), GIC_OK); // the hypervisor, at EL2,
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), kDb);                        // takes the doorbell
    SysW(0, ICC_EOIR1_EL1, kDb);
    EnterGuest();
    Schedule(5);
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 8195u);
    SysW(0, ICV_EOIR1_EL1, 8195);
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 8193u);
    SysW(0, ICV_EOIR1_EL1, 8193);
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 8192u);
    SysW(0, ICV_EOIR1_EL1, 8192);
    EXPECT_EQ(VStats().doorbells, 1u);
}

TEST_F(Gicv4Test, NoDoorbellWhenDescheduledWithoutIt)
{
    MapVm();
    Schedule(5);
    Deschedule(false);
    Msi(kDev, 0);
    EXPECT_EQ(VStats().doorbells, 0u);
    EXPECT_FALSE(Pending(0, kDb));
}

TEST_F(Gicv4Test, PerVlpiDoorbellRingsForEveryVlpi)
{
    MapVm();
    Cmd(VmaptiCmd(kDev, 4, 5, 8196, 8400));
    VConfig(8196, 0x50, true);
    Msi(kDev, 4); // never resident: the per-vLPI doorbell
    EXPECT_TRUE(Pending(0, 8400));
    EXPECT_EQ(VStats().doorbells, 1u);
}

TEST_F(Gicv4Test, PendingLastReportsVlpisLeftBehind)
{
    MapVm();
    EnterGuest();
    Schedule(5);
    Msi(kDev, 2);
    Deschedule(true);
    uint64_t r = Read("GICR_VPENDBASER", 0);
    EXPECT_EQ(r >> 63, 0u);
    EXPECT_EQ(r >> 61 & 1, 1u); // PendingLast
    EXPECT_EQ(r >> 62 & 1, 1u); // Doorbell as written
    EXPECT_FALSE(VIrq());
}

TEST_F(Gicv4Test, InvdbMakesTheRedistributorRereadTheDefaultDoorbell)
{
    MapVm();
    Schedule(5);
    Deschedule(true);
    Msi(kDev, 0); // rings kDb, enabled: the hypervisor takes it
    EXPECT_TRUE(Irq(0));
    ASSERT_EQ(gic_cpu_set_el(gic, 0, 2, false, false), GIC_OK);
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), kDb);
    SysW(0, ICC_EOIR1_EL1, kDb);
    // The host masks the doorbell: configuration byte, then INVDB (as Linux's
    // its_vpe_4_1_mask_irq does).
    LpiConfig(kDb, 0x80, false);
    Cmd(VpeCmd(ITS_OP_INVDB, 5));
    EXPECT_EQ(Stats().command_errors, 0u);
    Schedule(5);
    Deschedule(true);
    Msi(kDev, 1);
    EXPECT_EQ(VStats().doorbells, 2u);
    EXPECT_TRUE(Pending(0, kDb)); // rung, pending, but disabled
    EXPECT_FALSE(Irq(0));
    LpiConfig(kDb, 0x80, true); // unmasked in memory: not seen yet
    EXPECT_FALSE(Irq(0));
    Cmd(VpeCmd(ITS_OP_INVDB, 5));
    EXPECT_TRUE(Irq(0));
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), kDb);
}

TEST_F(Gicv4Test, InvdbLeavesPerVlpiDoorbellsAlone)
{
    MapVm();
    Cmd(VmaptiCmd(kDev, 4, 5, 8196, 8400)); // a per-vLPI doorbell
    VConfig(8196, 0x50, true);
    LpiConfig(kDb, 0x80, false);
    Cmd(VpeCmd(ITS_OP_INVDB, 5));
    Msi(kDev, 0); // the default doorbell: masked
    Msi(kDev, 4); // the ITE's doorbell: not affected by INVDB
    EXPECT_TRUE(Pending(0, kDb));
    EXPECT_TRUE(Pending(0, 8400));
    ASSERT_EQ(gic_cpu_set_el(gic, 0, 2, false, false), GIC_OK);
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), 8400u);
    SysW(0, ICC_EOIR1_EL1, 8400);
    EXPECT_EQ(Sys(0, ICC_IAR1_EL1), 1023u);
    EXPECT_EQ(VStats().doorbells, 2u);
}

// ---- VPENDBASER transitions ----

class Gicv4TimingTest : public Gicv4Test {
  protected:
    void Configure() override
    {
        Gicv4Test::Configure();
        cfg.timing.clock_hz = 1000000000; // 1 ns cycles
        cfg.timing.vpe_residency_cycles = 100;
        cfg.timing.mem_read_ns = 50;
        cfg.timing.mem_max_reads = 4;
        cfg.timing.mem_max_writes = 4;
    }
};

TEST_F(Gicv4TimingTest, DirtyReadsOneWhileTheVptIsParsed)
{
    MapVm();
    gic_run_until(gic, gic_now(gic) + 1000000);
    EnterGuest();
    uint64_t t0 = gic_now(gic);
    Write("GICR_VPENDBASER", V | 5, 0);
    uint64_t r = Read("GICR_VPENDBASER", 0);
    EXPECT_EQ(r >> 63, 1u);
    EXPECT_EQ(r >> 60 & 1, 1u); // Dirty
    EXPECT_EQ(gic_vpe_resident(gic, 0), -1);
    Write("GICR_VPENDBASER", 0, 0); // while Dirty: ignored
    EXPECT_TRUE(HasGuestError("gicv4.vpendbaser_dirty"));
    // 100 cycles, then (8 KiB - 1 KiB) / 64 = 112 reads of 50 ns, 4 at a time: 1400 ns.
    gic_run_until(gic, t0 + 1499999);
    EXPECT_EQ(Read("GICR_VPENDBASER", 0) >> 60 & 1, 1u);
    gic_run_until(gic, t0 + 1500000);
    EXPECT_EQ(Read("GICR_VPENDBASER", 0) >> 60 & 1, 0u);
    EXPECT_EQ(gic_vpe_resident(gic, 0), 5);
}

TEST_F(Gicv4TimingTest, AVlpiFromAnMsiHasAnLpiJourney)
{
    MapVm();
    gic_run_until(gic, gic_now(gic) + 1000000); // the commands complete
    EnterGuest();
    Schedule(5);
    gic_run_until(gic, gic_now(gic) + 10000000);
    struct Seen {
        int n = 0;
        gic_lpi_journey_t j{};
        uint64_t vpe = 0;
    } seen;
    auto fn = [](void *o, const gic_trace_event_t *ev) {
        if (ev->kind != GIC_TRACE_VLPI_TIMING)
            return;
        Seen *s = static_cast<Seen *>(o);
        s->n++, s->j = *ev->journey, s->vpe = ev->value;
    };
    ASSERT_EQ(gic_add_trace_listener(gic, fn, &seen), GIC_OK);
    uint64_t t0 = gic_now(gic);
    ASSERT_EQ(gic_msi(gic, 0, kDev, 1), GIC_OK);
    gic_run_until(gic, t0 + 10000000);
    ASSERT_EQ(seen.n, 1);
    EXPECT_EQ(seen.vpe, 5u);
    EXPECT_EQ(seen.j.written, t0);
    EXPECT_LE(seen.j.written, seen.j.start);
    EXPECT_LE(seen.j.start, seen.j.done);
    EXPECT_LE(seen.j.done, seen.j.arrived);
    EXPECT_LT(seen.j.arrived, seen.j.visible); // the VCONF read (50 ns) at least
    EXPECT_TRUE(gic_vlpi_is_pending(gic, 5, 8193));
    EXPECT_EQ(gic_vpe_resident(gic, 0), 5);
    EXPECT_EQ(Sys(0, ICV_HPPIR1_EL1), 8193u);
    EXPECT_TRUE(VIrq());
    Deschedule(true);
    gic_run_until(gic, gic_now(gic) + 10000000);
    ASSERT_EQ(gic_msi(gic, 0, kDev, 2), GIC_OK);
    gic_run_until(gic, gic_now(gic) + 10000000);
    ASSERT_EQ(seen.n, 2);
    EXPECT_EQ(seen.j.visible, 0u); // not resident: it waits in the VPT
    gic_remove_trace_listener(gic, fn, &seen);
}

TEST_F(Gicv4Test, TransitionsThatAreGuestErrors)
{
    Write("GICR_VPENDBASER", V | 9, 0); // never mapped
    EXPECT_TRUE(HasGuestError("gicv4.schedule_unmapped"));
    EXPECT_EQ(Read("GICR_VPENDBASER", 0) >> 63, 0u);
    MapVm();
    Schedule(5);
    Write("GICR_VPENDBASER", V | 5, 0); // Valid 1 -> 1
    EXPECT_TRUE(HasGuestError("gicv4.vpendbaser_valid"));
    Write("GICR_VPENDBASER", V | 5, 1); // resident elsewhere already
    EXPECT_TRUE(HasGuestError("gicv4.schedule_twice"));
    Cmd(VmappCmd(5, 0, false, 0, 16, kNone)); // unmap while resident
    EXPECT_TRUE(HasGuestError("gicv4.vmapp_resident"));
    Deschedule(false);
    Deschedule(false); // 0 -> 0: nothing
    Cmd(VmappCmd(5, 0, true, Vpt(5), 16, kDb)); // the ITS's entry was cleared: map again
    Cmd(VmappCmd(5, 0, false, 0, 16, kNone));
    Write("GICR_VPENDBASER", V | 5, 0);
    EXPECT_EQ(Read("GICR_VPENDBASER", 0) >> 63, 0u);
}

TEST_F(Gicv4Test, SoftwareSetVptBitsArePickedUpWhenResident)
{
    MapVm();
    MemW8(Vpt(5) + 8194 / 8, (uint8_t)(1u << (8194 % 8)));
    EnterGuest();
    Schedule(5);
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 8194u);
}

// ---- vSGIs ----

TEST_F(Gicv4Test, VsgiIsReportedInTypersAndTheItsHasAVsgiFrame)
{
    EXPECT_EQ(Read("GITS_TYPER") >> 39 & 1, 1u);     // VSGI
    EXPECT_EQ(Read("GICR_TYPER", 0) >> 26 & 1, 1u);  // VSGI: GICR_VSGIR/VSGIPENDR
    uint64_t a = 0;
    unsigned w = 0;
    ASSERT_EQ(gic_reg_addr(gic, "GITS_SGIR", 0, &a, &w), GIC_OK);
    EXPECT_EQ(a, cfg.its[0].base + 0x20020);
    EXPECT_EQ(w, 8u);
    std::vector<gic_frame_t> f(gic_frames(gic, nullptr, 0));
    gic_frames(gic, f.data(), f.size());
    ASSERT_EQ(f.size(), 5u);
    EXPECT_EQ(f[4].kind, GIC_FRAME_ITS_SGI);
    EXPECT_EQ(f[4].base, cfg.its[0].base + 0x20000);
    EXPECT_STREQ(f[4].name, "GITS_SGI");
}

TEST_F(Gicv4Test, VsgiFromGitsSgirIsTakenByTheResidentVpe)
{
    MapVm();
    Cmd(VsgiCmd(5, 3, true, 0x80, true));
    EXPECT_EQ(Stats().command_errors, 0u);
    EnterGuest();
    Schedule(5);
    Sgir(5, 3);
    EXPECT_TRUE(VIrq());
    EXPECT_FALSE(Irq(0));
    EXPECT_EQ(gic_vsgi_pending(gic, 5), 1u << 3);
    EXPECT_EQ(Sys(0, ICV_HPPIR1_EL1), 3u);
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 3u);
    EXPECT_EQ(gic_vcpu_running_priority(gic, 0), 0x80);
    EXPECT_EQ(gic_vsgi_pending(gic, 5), 0u);
    EXPECT_FALSE(VIrq());
    uint64_t eoicount = Sys(0, ICH_HCR_EL2) >> 27;
    SysW(0, ICV_EOIR1_EL1, 3); // no active state, no LR: nothing counted
    EXPECT_EQ(Sys(0, ICH_HCR_EL2) >> 27, eoicount);
    EXPECT_EQ(gic_vcpu_running_priority(gic, 0), 0xFF);
    EXPECT_EQ(VStats().vsgi_acknowledged, 1u);
    EXPECT_TRUE(guest_errors.empty()) << guest_errors[0];
}

TEST_F(Gicv4Test, Group0VsgiIsAVfiq)
{
    MapVm();
    Cmd(VsgiCmd(5, 1, true, 0x40, false));
    SysW(0, ICH_VMCR_EL2, 0xF0ull << 24 | 3); // VENG0 and VENG1
    SysW(0, ICH_HCR_EL2, 1);
    ASSERT_EQ(gic_cpu_set_el(gic, 0, 1, true, true), GIC_OK);
    Schedule(5);
    Sgir(5, 1);
    EXPECT_TRUE(VFiq());
    EXPECT_FALSE(VIrq());
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 1023u);
    EXPECT_EQ(Sys(0, ICV_IAR0_EL1), 1u);
    SysW(0, ICV_EOIR0_EL1, 1);
    EXPECT_EQ(gic_vcpu_running_priority(gic, 0), 0xFF);
}

TEST_F(Gicv4Test, VsgisMergeWithVlpisAndListRegistersByPriority)
{
    MapVm();
    Cmd(VsgiCmd(5, 2, true, 0xA0, true));  // ties with vLPI 8192 (0xA0): vSGI first
    Cmd(VsgiCmd(5, 7, true, 0x60, true));
    EnterGuest();
    Schedule(5);
    SysW(0, IchLr(0), 1ULL << 62 | 1ULL << 60 | 0x60ULL << 48 | 40); // LR at 0x60: wins tie
    Msi(kDev, 0);
    Sgir(5, 2);
    Sgir(5, 7);
    std::vector<uint32_t> got;
    for (int i = 0; i < 5; i++) {
        uint32_t id = (uint32_t)Sys(0, ICV_IAR1_EL1);
        got.push_back(id);
        if (id != 1023)
            SysW(0, ICV_EOIR1_EL1, id);
    }
    EXPECT_EQ(got, (std::vector<uint32_t>{40, 7, 2, 8192, 1023}));
}

TEST_F(Gicv4Test, DisabledVsgiStaysPendingAndClearRemovesIt)
{
    MapVm();
    EnterGuest();
    Schedule(5);
    Sgir(5, 4); // never configured: disabled
    EXPECT_FALSE(VIrq());
    EXPECT_EQ(gic_vsgi_pending(gic, 5), 1u << 4);
    Cmd(VsgiCmd(5, 4, true, 0x90, true));
    EXPECT_TRUE(VIrq());
    Cmd(VsgiCmd(5, 4, false, 0, false, true)); // Clear: pending only, config kept
    EXPECT_FALSE(VIrq());
    EXPECT_EQ(gic_vsgi_pending(gic, 5), 0u);
    Sgir(5, 4);
    EXPECT_TRUE(VIrq()); // still enabled at 0x90
    EXPECT_EQ(VStats().vsgi_cleared, 1u);
    Sgir(5, 4);
    EXPECT_EQ(VStats().vsgi_coalesced, 1u);
}

TEST_F(Gicv4Test, VsgiForADescheduledVpeRingsTheDoorbellAndVsgipendrReportsIt)
{
    MapVm();
    Cmd(VsgiCmd(5, 3, true, 0x80, true));
    EnterGuest();
    Schedule(5);
    Deschedule(true);
    Sgir(5, 3);
    EXPECT_FALSE(VIrq());
    EXPECT_EQ(VStats().doorbells, 1u);
    EXPECT_TRUE(Pending(0, kDb));
    EXPECT_EQ(Vsgipendr(5, 0), 1u << 3);
    EXPECT_EQ(Vsgipendr(5, 1), 1u << 3); // by vPEID, whichever redistributor is asked
    Schedule(5);
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 3u);
    EXPECT_EQ(Vsgipendr(5, 0), 0u);
}

TEST_F(Gicv4Test, PendingLastCountsEnabledVsgis)
{
    MapVm();
    Cmd(VsgiCmd(5, 3, true, 0x80, true));
    Schedule(5);
    Sgir(5, 3);
    Deschedule(false);
    EXPECT_EQ(Read("GICR_VPENDBASER", 0) >> 61 & 1, 1u);
}

TEST_F(Gicv4Test, GitsSgirForAnUnmappedVpeIsDropped)
{
    MapVm();
    Sgir(9, 3);
    EXPECT_TRUE(HasGuestError("gicv4.sgir_dropped"));
    EXPECT_EQ(VStats().vsgi_dropped, 1u);
    Write("GICR_VSGIR", 9, 0);
    EXPECT_TRUE(HasGuestError("gicv4.vsgir_unmapped"));
    Cmd(VmappCmd(5, 0, false, 0, 16, kNone)); // unmapping clears pending vSGIs
    EXPECT_EQ(gic_vsgi_pending(gic, 5), 0u);
}

TEST_F(Gicv4TimingTest, VsgipendrIsBusyWhileTheQueryRuns)
{
    MapVm();
    gic_run_until(gic, gic_now(gic) + 1000000);
    Write("GICR_VSGIR", 5, 0);
    EXPECT_EQ(Read("GICR_VSGIPENDR", 0) >> 31, 1u); // Busy: one 50 ns read
    Write("GICR_VSGIR", 5, 0);
    EXPECT_TRUE(HasGuestError("gicv4.vsgir_busy"));
    gic_run_until(gic, gic_now(gic) + 50000);
    EXPECT_EQ(Read("GICR_VSGIPENDR", 0), 0u);
}

// ---- commands ----

TEST_F(Gicv4Test, VmoviMovesThePendingVlpiToAnotherVpe)
{
    MapVm();
    Cmd(VmappCmd(6, 1, true, Vpt(6), 16, kNone));
    Msi(kDev, 1); // vPE 5, not resident
    ItsCmd c;
    c.err = enc_vmovi(c.dw, kDev, 1, 6, false, 0);
    Cmd(c);
    EXPECT_EQ(Stats().command_errors, 0u);
    EXPECT_FALSE(gic_vlpi_is_pending(gic, 5, 8193));
    EXPECT_TRUE(gic_vlpi_is_pending(gic, 6, 8193));
    EnterGuest(1);
    Schedule(6, 1);
    EXPECT_EQ(Sys(1, ICV_IAR1_EL1), 8193u);
}

TEST_F(Gicv4Test, ClearAndDiscardActOnVlpis)
{
    MapVm();
    Msi(kDev, 0);
    Msi(kDev, 1);
    DevEv(ITS_OP_CLEAR, kDev, 0);
    EXPECT_FALSE(gic_vlpi_is_pending(gic, 5, 8192));
    DevEv(ITS_OP_DISCARD, kDev, 1);
    EXPECT_FALSE(gic_vlpi_is_pending(gic, 5, 8193));
    DevEv(ITS_OP_INT, kDev, 2);
    EXPECT_TRUE(gic_vlpi_is_pending(gic, 5, 8194));
    Msi(kDev, 1); // discarded: no ITE
    EXPECT_EQ(Stats().msi_dropped[GIC_DROP_NO_ITE], 1u);
    EXPECT_EQ(VStats().cleared, 2u);
}

TEST_F(Gicv4Test, VmovpRetargetsTheVpe)
{
    MapVm();
    Cmd(VpeCmd(ITS_OP_VSYNC, 5));
    ItsCmd c;
    c.err = enc_vmovp(c.dw, 5, 2);
    Cmd(c);
    EXPECT_EQ(Stats().command_errors, 0u);
    EnterGuest(2);
    Schedule(5, 2);
    EXPECT_FALSE(HasGuestError("gicv4.schedule_elsewhere"));
    Msi(kDev, 3);
    EXPECT_EQ(Sys(2, ICV_IAR1_EL1), 8195u);
}

TEST_F(Gicv4Test, AVpeTableOverlappingTheDeviceTableIsReported)
{
    EXPECT_FALSE(HasGuestError("tables.overlap"));
    Write("GITS_CTLR", 0);
    Settle();
    Write("GITS_BASER2", V | kDevTable | (2u << 8));
    Write("GITS_CTLR", 1);
    EXPECT_TRUE(HasGuestError("tables.overlap"));
}

TEST_F(Gicv4Test, TwoLevelVpeTable)
{
    Write("GITS_CTLR", 0);
    Settle();
    Write("GITS_BASER2", V | 1ULL << 62 | kVpeTable | (2u << 8));
    Write("GITS_CTLR", 1);
    // 64 KiB pages of 32-byte entries: 2048 vPEs per level-2 page; vPE 5000 -> L1 entry 2.
    MemW64(kVpeTable + 2 * 8, V | 0x47000000);
    Cmd(VmappCmd(5000, 1, true, Vpt(1), 16, kNone));
    EXPECT_EQ(Stats().command_errors, 0u);
    EXPECT_EQ(MemR64(0x47000000 + (5000 % 2048) * 32 + 8), Vpt(1)); // VPT address word
    Cmd(VmappCmd(10, 1, true, Vpt(2), 16, kNone)); // L1 entry 0 invalid
    EXPECT_EQ(Stats().command_errors, 1u);
}

// ---- VMOVP with two ITSs: the single form and the multi-ITS (ITSList) form ----

class Gicv4TwoItsTest : public Gicv4Test, public ::testing::WithParamInterface<bool> {
  protected:
    void Configure() override
    {
        Gicv4Test::Configure();
        cfg.num_its = 2;
        cfg.virt.vmovp_list = GetParam();
    }
    void SetUp() override
    {
        Gicv4Test::SetUp();
        if (HasFatalFailure())
            return;
        SetupIts(1);
        Write("GITS_CTLR", 0, 1);
        Write("GITS_BASER2", V | (kVpeTable + 0x100000) | (2u << 8), 1);
        Write("GITS_CTLR", 1, 1);
        // vPE 5 mapped to CPU 0 in both ITSs; device 9 of ITS1 -> vLPI 8200 of vPE 5.
        MapVm();
        ItsCmd c;
        c.err = enc_vmapp(c.dw, 5, 0, true, Vpt(5), 16, kVconf, kDb, true, true);
        Cmd(c, 1);
        Mapd(9, 3, kVItt + 0x10000, true, 1);
        Cmd(VmaptiCmd(9, 0, 5, 8200), 1);
        VConfig(8200, 0x90, true);
        EXPECT_EQ(Stats().command_errors, 0u);
    }
    ItsCmd Vmovp(unsigned cpu, unsigned seq, unsigned list)
    {
        ItsCmd c;
        c.err = enc_vmovp_full(c.dw, 5, cpu, seq, list, false, 0);
        return c;
    }
    uint64_t Creadr(unsigned its) { return Read("GITS_CREADR", its) & 0xFFFE0; }
    uint64_t Cwriter(unsigned its) { return Read("GITS_CWRITER", its) & 0xFFFE0; }
    uint64_t VteRdbase(unsigned its)
    {
        return MemR64(kVpeTable + its * 0x100000 + 5 * 32) & 0xFFFFFFFFFULL;
    }
};

TEST_P(Gicv4TwoItsTest, TyperAndItsNumberTellTheForm)
{
    EXPECT_EQ(Read("GITS_TYPER", 1) >> 37 & 1, GetParam() ? 0u : 1u); // VMOVP
    EXPECT_EQ(Read("GITS_CTLR", 1) >> 4 & 15, 1u);                     // ITS_Number
}

TEST_P(Gicv4TwoItsTest, VmovpMovesTheVpeInEveryItsThatMapsIt)
{
    if (!GetParam()) {
        Cmd(Vmovp(2, 0, 0)); // the single form, to ITS0 only
    } else {
        Cmd(Vmovp(2, 7, 3)); // ITSList {0, 1}: ITS0 waits at it
        EXPECT_NE(Creadr(0), Cwriter(0));
        EXPECT_FALSE(Read("GITS_CTLR", 0) >> 31); // not Quiescent
        EXPECT_EQ(VteRdbase(1), 0u);
        Cmd(Vmovp(2, 7, 3), 1); // the last listed ITS: both complete
    }
    EXPECT_EQ(Creadr(0), Cwriter(0));
    EXPECT_EQ(Creadr(1), Cwriter(1));
    EXPECT_EQ(VteRdbase(0), 2u); // RDbase [35:0], a PE number (PTA = 0)
    EXPECT_EQ(VteRdbase(1), 2u);
    EXPECT_EQ(Stats().command_errors, 0u);
    EnterGuest(2);
    Schedule(5, 2);
    EXPECT_FALSE(HasGuestError("gicv4.schedule_elsewhere"));
    Msi(9, 0, 1); // through ITS1: its table already names CPU 2
    EXPECT_EQ(Sys(2, ICV_IAR1_EL1), 8200u);
    EXPECT_TRUE(guest_errors.empty()) << guest_errors[0];
}

class Gicv4ItsListTest : public Gicv4TwoItsTest {};

TEST_P(Gicv4ItsListTest, ListFormRules)
{
    Cmd(Vmovp(1, 3, 1)); // ITSList = ITS0 alone: completes at once
    EXPECT_EQ(Creadr(0), Cwriter(0));
    Cmd(Vmovp(2, 4, 2)); // leaves ITS0 (the one it is sent to) out: counted in
    EXPECT_TRUE(HasGuestError("gicv4.vmovp_itslist"));
    EXPECT_NE(Creadr(0), Cwriter(0)); // waits for ITS1
    Cmd(Vmovp(3, 5, 3), 1); // another SequenceNumber: the outstanding one completes
    EXPECT_TRUE(HasGuestError("gicv4.vmovp_sequence"));
    EXPECT_EQ(Creadr(0), Cwriter(0));
    EXPECT_NE(Creadr(1), Cwriter(1)); // ITS1 now waits at its own (sequence 5)
    Cmd(Vmovp(2, 5, 3)); // same sequence, other target: the first one's is used
    EXPECT_TRUE(HasGuestError("gicv4.vmovp_mismatch"));
    EXPECT_EQ(Creadr(0), Cwriter(0));
    EXPECT_EQ(Creadr(1), Cwriter(1));
    EXPECT_EQ(Stats().command_errors, 0u);
    ItsCmd c;
    c.err = enc_vmovp_full(c.dw, 5, 1, 6, 1, true, 100); // DB = 1 with no LPI
    Cmd(c);
    EXPECT_EQ(Stats().last_error, 0x012206u); // VMOVP_PHYSICALID_OOR
}

INSTANTIATE_TEST_SUITE_P(SingleAndList, Gicv4TwoItsTest, ::testing::Values(false, true));
INSTANTIATE_TEST_SUITE_P(ListForm, Gicv4ItsListTest, ::testing::Values(true));

// ---- errors, under both policies ----

class Gicv4ErrorsTest : public Gicv4Test, public ::testing::WithParamInterface<int> {
  protected:
    void Configure() override
    {
        Gicv4Test::Configure();
        cfg.virt.vpeid_bits = 8;
        cfg.its[0].error_policy = (gic_its_error_policy_t)GetParam();
    }
};

TEST_P(Gicv4ErrorsTest, VmappChecksItsParameters)
{
    ExpectError(VmappCmd(256, 0, true, Vpt(1), 16, kNone), "VMAPP_VCPU_OOR");
    ExpectError(VmappCmd(1, 9, true, Vpt(1), 16, kNone), "VMAPP_PROCNUM_OOR");
    ExpectError(VmappCmd(1, 0, true, Vpt(1), 13, kNone), "VMAPP_VPTSIZE_OOR");
    ExpectError(VmappCmd(1, 0, true, Vpt(1), 17, kNone), "VMAPP_VPTSIZE_OOR");
    ExpectError(VmappCmd(1, 0, true, Vpt(1), 16, 100), "VMAPP_PHYSICALID_OOR");
}

TEST_P(Gicv4ErrorsTest, VmaptiChecksItsParameters)
{
    Cmd(VmappCmd(5, 0, true, Vpt(5), 16, kDb));
    Mapd(kDev, 3, kVItt);
    ExpectError(VmaptiCmd(0x10000, 0, 5, 8192), "VMAPTI_DEVICE_OOR");
    ExpectError(VmaptiCmd(8, 0, 5, 8192), "VMAPTI_UNMAPPED_DEVICE");
    ExpectError(VmaptiCmd(kDev, 8, 5, 8192), "VMAPTI_ID_OOR");
    ExpectError(VmaptiCmd(kDev, 0, 5, 100), "VMAPTI_VIRTUALID_OOR");
    ExpectError(VmaptiCmd(kDev, 0, 5, 1u << 16), "VMAPTI_VIRTUALID_OOR");
    ExpectError(VmaptiCmd(kDev, 0, 256, 8192), "VMAPTI_VCPU_OOR");
    ExpectError(VmaptiCmd(kDev, 0, 6, 8192), "VMAPTI_VCPU_INVALID");
    ExpectError(VmaptiCmd(kDev, 0, 5, 8192, 40), "VMAPTI_PHYSICALID_OOR");
    ItsCmd c;
    c.err = enc_vmapi(c.dw, kDev, 0, 5, kNone); // vINTID = EventID 0
    ExpectError(c, "VMAPI_ID_OOR");
}

TEST_P(Gicv4ErrorsTest, VmoviVsyncVinvallCheckTheirParameters)
{
    Cmd(VmappCmd(5, 0, true, Vpt(5), 16, kDb));
    Mapd(kDev, 3, kVItt);
    Mapc(1, 0);
    Mapti(kDev, 0, 8192, 1); // a physical ITE
    ItsCmd c;
    c.err = enc_vmovi(c.dw, kDev, 0, 5, false, 0);
    ExpectError(c, "VMOVI_ID_IS_PHYSICAL");
    Cmd(VmaptiCmd(kDev, 1, 5, 8193));
    c.err = enc_vmovi(c.dw, kDev, 1, 9, false, 0);
    ExpectError(c, "VMOVI_CMDVCPU_INVALID");
    c.err = enc_vmovi(c.dw, kDev, 1, 5, true, 40); // doorbell 40: no LPI
    ExpectError(c, "VMOVI_PHYSICALID_OOR");
    Cmd(VmappCmd(7, 0, true, Vpt(7), 16, kDb));
    Cmd(VmaptiCmd(kDev, 2, 7, 8194));
    Cmd(VmappCmd(7, 0, false, 0, 16, kNone)); // the ITE's vPE goes away
    c.err = enc_vmovi(c.dw, kDev, 2, 5, false, 0);
    ExpectError(c, "VMOVI_ITEVCPU_INVALID");
    ExpectError(VpeCmd(ITS_OP_VSYNC, 256), "VSYNC_VCPU_OOR");
    ExpectError(VpeCmd(ITS_OP_VSYNC, 9), "VSYNC_VCPU_INVALID");
    ExpectError(VpeCmd(ITS_OP_VINVALL, 256), "VINVALL_VCPU_OOR");
    ExpectError(VpeCmd(ITS_OP_VINVALL, 9), "VINVALL_VCPU_INVALID");
    ExpectError(VpeCmd(ITS_OP_INVDB, 256), "INVDB_VCPU_OOR");
    ExpectError(VpeCmd(ITS_OP_INVDB, 9), "INVDB_VCPU_INVALID");
    ExpectError(VsgiCmd(256, 0, true, 0x80, true), "VSGI_VCPU_OOR");
    ExpectError(VsgiCmd(9, 0, true, 0x80, true), "VSGI_VCPU_INVALID");
}

INSTANTIATE_TEST_SUITE_P(BothPolicies, Gicv4ErrorsTest,
                         ::testing::Values((int)GIC_ITS_ERRORS_IGNORE, (int)GIC_ITS_ERRORS_STALL));

// ---- accounting ----

TEST_F(Gicv4Test, VlpiAccountingCountsEveryOfferByOutcome)
{
    MapVm();
    Cmd(VmappCmd(6, 1, true, Vpt(6), 14, kNone)); // a VPT for vINTIDs below 16384
    Cmd(VmaptiCmd(kDev, 4, 6, 20000));              // beyond vPE 6's VPT
    Cmd(VmappCmd(7, 1, true, Vpt(7), 16, kNone));
    Cmd(VmaptiCmd(kDev, 5, 7, 8192));
    Cmd(VmappCmd(7, 1, false, 0, 16, kNone));       // vPE 7 unmapped: its ITE stays
    Msi(kDev, 0);
    Msi(kDev, 0); // coalesced
    Msi(kDev, 1);
    DevEv(ITS_OP_CLEAR, kDev, 1); // cleared
    Msi(kDev, 4); // dropped at the redistributor: vpt_out_of_range
    Msi(kDev, 5); // dropped at the ITS: vpe_unmapped
    EnterGuest();
    Schedule(5);
    EXPECT_EQ(Sys(0, ICV_IAR1_EL1), 8192u);
    gic_vlpi_stats_t s = VStats();
    EXPECT_EQ(s.offered, 5u); // = 1 delivered + 1 coalesced + 1 cleared + 2 dropped
    EXPECT_EQ(s.acknowledged, 1u);
    EXPECT_EQ(s.coalesced, 1u);
    EXPECT_EQ(s.cleared, 1u);
    EXPECT_EQ(s.pending, 0u);
    EXPECT_EQ(s.dropped[GIC_VLPI_DROP_VPT_RANGE], 1u);
    EXPECT_EQ(s.dropped[GIC_VLPI_DROP_VPE_UNMAPPED], 1u);
    EXPECT_STREQ(gic_vlpi_drop_name(GIC_VLPI_DROP_VPT_RANGE), "vpt_out_of_range");
    EXPECT_EQ(Stats().msi_dropped[GIC_DROP_VPE_UNMAPPED], 2u); // both, as MSIs
}

TEST_F(Gicv4Test, VmoviIsNotAnOffer)
{
    MapVm();
    Cmd(VmappCmd(6, 1, true, Vpt(6), 16, kNone));
    Msi(kDev, 1);
    ItsCmd c;
    c.err = enc_vmovi(c.dw, kDev, 1, 6, false, 0);
    Cmd(c);
    gic_vlpi_stats_t s = VStats();
    EXPECT_EQ(s.offered, 1u);
    EXPECT_EQ(s.set_pending, 1u);
    EXPECT_EQ(s.pending, 1u);
}


TEST_F(Gicv4Test, VlpiAccountingBalances)
{
    MapVm();
    EnterGuest();
    Msi(kDev, 0);
    Msi(kDev, 0); // coalesced
    Msi(kDev, 1);
    Schedule(5);
    Sys(0, ICV_IAR1_EL1);
    gic_vlpi_stats_t s = VStats();
    EXPECT_EQ(s.set_pending, 2u);
    EXPECT_EQ(s.coalesced, 1u);
    EXPECT_EQ(s.acknowledged, 1u);
    EXPECT_EQ(gic_vlpi_pending_count(gic, 5), 1u);
    EXPECT_EQ(Stats().msi_coalesced, 1u);
    EXPECT_EQ(Stats().msi_translated, 3u);
}
