// Test fixture: a GIC over native sparse memory, with helpers that access registers
// by architectural name and record the IRQ/FIQ outputs and guest errors.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gicsim/gicsim.h"
#include "its_encode.h"

// One ITS command from the runner's encoder (scenarios/platform/its_encode.c), the one
// encoder the tests use: written apart from the model's decoder, so each checks the
// other. err is the encoder's refusal (an operand that does not fit), NULL if none.
struct ItsCmd {
    uint64_t dw[4];
    const char *err;
};

inline ItsCmd MapdCmd(uint32_t dev, unsigned event_bits, uint64_t itt, bool v = true)
{
    ItsCmd c;
    c.err = enc_mapd(c.dw, dev, event_bits, itt, v);
    return c;
}
inline ItsCmd MapcCmd(uint32_t icid, uint64_t rdbase, bool v = true)
{
    ItsCmd c;
    c.err = enc_mapc(c.dw, icid, rdbase, v);
    return c;
}
inline ItsCmd MaptiCmd(uint32_t dev, uint32_t ev, uint64_t intid, uint32_t icid)
{
    ItsCmd c;
    c.err = enc_mapti(c.dw, dev, ev, intid, icid);
    return c;
}
inline ItsCmd MapiCmd(uint32_t dev, uint32_t ev, uint32_t icid)
{
    ItsCmd c;
    c.err = enc_mapi(c.dw, dev, ev, icid);
    return c;
}
inline ItsCmd MoviCmd(uint32_t dev, uint32_t ev, uint32_t icid)
{
    ItsCmd c;
    c.err = enc_movi(c.dw, dev, ev, icid);
    return c;
}
inline ItsCmd MovallCmd(uint64_t rdbase1, uint64_t rdbase2)
{
    ItsCmd c;
    c.err = enc_movall(c.dw, rdbase1, rdbase2);
    return c;
}
// DISCARD, INT, CLEAR, INV, or any opcode with DeviceID and EventID.
inline ItsCmd DevEvCmd(uint8_t opcode, uint32_t dev, uint32_t ev)
{
    ItsCmd c;
    c.err = enc_dev_ev(c.dw, opcode, dev, ev);
    return c;
}
inline ItsCmd InvallCmd(uint32_t icid)
{
    ItsCmd c;
    c.err = enc_invall(c.dw, icid);
    return c;
}
inline ItsCmd SyncCmd(uint64_t rdbase)
{
    ItsCmd c;
    c.err = enc_sync(c.dw, rdbase);
    return c;
}

class GicTest : public ::testing::Test {
  protected:
    gic_mem_t *mem = nullptr;
    gic_t *gic = nullptr;
    gic_config_t cfg{};
    std::vector<std::string> guest_errors;
    gic_attrs_t ns{false, 0};
    gic_attrs_t sec{true, 0};

    // Tests adjust cfg in Configure() before the GIC is created.
    virtual void Configure() {}

    void SetUp() override
    {
        mem = gic_mem_create();
        gic_config_default(&cfg);
        cfg.mem = gic_mem_as_port(mem);
        Configure();
        char err[128] = "";
        gic = gic_create(&cfg, err, sizeof(err));
        ASSERT_NE(gic, nullptr) << err;
        gic_add_trace_listener(gic, &GicTest::OnTrace, this);
    }

    void TearDown() override
    {
        char why[256] = "";
        if (gic) {
            EXPECT_TRUE(gic_check_invariants(gic, why, sizeof(why))) << why;
        }
        gic_destroy(gic);
        gic_mem_destroy(mem);
    }

    static void OnTrace(void *opaque, const gic_trace_event_t *ev)
    {
        if (ev->kind == GIC_TRACE_GUEST_ERROR)
            static_cast<GicTest *>(opaque)->guest_errors.push_back(std::string(ev->rule) + ": " +
                                                                   ev->detail);
    }

    uint64_t Addr(const std::string &reg, unsigned inst = 0, unsigned *width = nullptr)
    {
        uint64_t addr = 0;
        unsigned w = 0;
        EXPECT_EQ(gic_reg_addr(gic, reg.c_str(), inst, &addr, &w), GIC_OK) << reg;
        if (width)
            *width = w;
        return addr;
    }

    uint64_t Read(const std::string &reg, unsigned inst = 0, bool secure = false)
    {
        unsigned w;
        uint64_t addr = Addr(reg, inst, &w), v = 0;
        EXPECT_EQ(gic_mmio_read(gic, addr, w, secure ? sec : ns, &v), GIC_OK);
        return v;
    }

    void Write(const std::string &reg, uint64_t v, unsigned inst = 0, bool secure = false)
    {
        unsigned w;
        uint64_t addr = Addr(reg, inst, &w);
        EXPECT_EQ(gic_mmio_write(gic, addr, w, v, secure ? sec : ns), GIC_OK);
    }

    uint64_t Sys(unsigned cpu, gic_sysreg_t reg)
    {
        uint64_t v = 0;
        EXPECT_EQ(gic_sysreg_read(gic, cpu, reg, &v), GIC_OK);
        return v;
    }

    void SysW(unsigned cpu, gic_sysreg_t reg, uint64_t v)
    {
        EXPECT_EQ(gic_sysreg_write(gic, cpu, reg, v), GIC_OK);
    }

    bool Irq(unsigned cpu) { return gic_signal_level(gic, cpu, GIC_SIG_IRQ); }
    bool Fiq(unsigned cpu) { return gic_signal_level(gic, cpu, GIC_SIG_FIQ); }

    // Distributor and every CPU set up as Linux does (single security state):
    // Group 1 enabled, affinity routing, PEs awake, PMR 0xf0, IGRPEN1 = 1.
    void BootLinux()
    {
        Write("GICD_CTLR", 0x12);
        for (unsigned n = 1; n <= cfg.num_spis / 32; n++)
            Write("GICD_IGROUPR" + std::to_string(n), 0xFFFFFFFF);
        for (unsigned c = 0; c < cfg.num_cpus; c++) {
            Write("GICR_WAKER", 0, c);
            Write("GICR_IGROUPR0", 0xFFFFFFFF, c);
            SysW(c, ICC_PMR_EL1, 0xF0);
            SysW(c, ICC_IGRPEN1_EL1, 1);
        }
    }

    // Enables SPI intid with a priority and routes it to cpu.
    void SetupSpi(unsigned intid, uint8_t prio, unsigned cpu)
    {
        Write("GICD_IROUTER" + std::to_string(intid), gic_cpu_affinity(cpu));
        uint64_t a = Addr("GICD_IPRIORITYR0") + intid;
        gic_mmio_write(gic, a, 1, prio, ns);
        Write("GICD_ISENABLER" + std::to_string(intid / 32), 1u << (intid % 32));
    }

    // ---- Helpers for the block suites (distributor, redistributor, CPU interface) ----

    // Raw MMIO access of any size, for access-size and reserved-offset checks.
    uint64_t ReadAt(uint64_t addr, unsigned size, bool secure = false)
    {
        uint64_t v = 0xDEADBEEF;
        EXPECT_EQ(gic_mmio_read(gic, addr, size, secure ? sec : ns, &v), GIC_OK);
        return v;
    }

    void WriteAt(uint64_t addr, unsigned size, uint64_t v, bool secure = false)
    {
        EXPECT_EQ(gic_mmio_write(gic, addr, size, v, secure ? sec : ns), GIC_OK);
    }

    // Address of the priority byte of intid: the SGI frame of cpu for SGIs and PPIs,
    // the distributor for SPIs.
    uint64_t PriorityAddr(unsigned intid, unsigned cpu = 0)
    {
        return intid < 32 ? Addr("GICR_IPRIORITYR0", cpu) + intid
                          : Addr("GICD_IPRIORITYR0") + intid;
    }

    void SetPriority(unsigned intid, uint8_t prio, unsigned cpu = 0, bool secure = false)
    {
        WriteAt(PriorityAddr(intid, cpu), 1, prio, secure);
    }

    uint64_t Priority(unsigned intid, unsigned cpu = 0, bool secure = false)
    {
        return ReadAt(PriorityAddr(intid, cpu), 1, secure);
    }

    // Enables SGI or PPI intid on cpu with a priority.
    void SetupPrivate(unsigned cpu, unsigned intid, uint8_t prio, bool secure = false)
    {
        SetPriority(intid, prio, cpu, secure);
        Write("GICR_ISENABLER0", 1u << intid, cpu, secure);
    }

    // SetupSpi with Secure accesses (needed for Secure interrupts with DS = 0).
    void SetupSecureSpi(unsigned intid, uint8_t prio, unsigned cpu)
    {
        Write("GICD_IROUTER" + std::to_string(intid), gic_cpu_affinity(cpu), 0, true);
        SetPriority(intid, prio, 0, true);
        Write("GICD_ISENABLER" + std::to_string(intid / 32), 1u << (intid % 32), 0, true);
    }

    // Read-modify-write of one bit of a 32-bit register.
    void SetBit(const std::string &reg, unsigned bit, bool v, unsigned inst = 0,
                bool secure = false)
    {
        uint64_t old = Read(reg, inst, secure);
        Write(reg, v ? old | (1ull << bit) : old & ~(1ull << bit), inst, secure);
    }

    // Group of SPI intid (Secure accesses): IGROUPR and IGRPMODR bits.
    void SetSpiGroup(unsigned intid, bool igroup, bool igrpmod = false)
    {
        std::string n = std::to_string(intid / 32);
        SetBit("GICD_IGROUPR" + n, intid % 32, igroup, 0, true);
        SetBit("GICD_IGRPMODR" + n, intid % 32, igrpmod, 0, true);
    }

    // Two security states (cfg.two_security_states): every group enabled in the
    // distributor (Secure view), redistributors awake, and on each PE PMR 0xF0 and
    // IGRPEN0, IGRPEN1 (Secure) and IGRPEN1 (Non-secure) set. PEs end Non-secure.
    void BootTwoSecurityStates()
    {
        Write("GICD_CTLR", 0x7, 0, true); // EnableGrp0 | EnableGrp1NS | EnableGrp1S
        for (unsigned c = 0; c < cfg.num_cpus; c++) {
            Write("GICR_WAKER", 0, c, true);
            gic_cpu_set_secure(gic, c, true);
            SysW(c, ICC_PMR_EL1, 0xF0);
            SysW(c, ICC_IGRPEN0_EL1, 1);
            SysW(c, ICC_IGRPEN1_EL1, 1);
            gic_cpu_set_secure(gic, c, false);
            SysW(c, ICC_IGRPEN1_EL1, 1);
        }
    }
};

// ---- LPI / ITS helpers (issue 3) ----
class ItsTest : public GicTest {
  protected:
    static constexpr uint64_t kProp = 0x40000000;    // LPI configuration table
    static constexpr uint64_t kPend = 0x40100000;    // pending tables, 64 KiB apart... per CPU
    static constexpr uint64_t kPendStride = 0x10000 * 4;
    static constexpr uint64_t kDevTable = 0x41000000;
    static constexpr uint64_t kCollTable = 0x41100000;
    static constexpr uint64_t kQueue = 0x41200000;
    static constexpr uint64_t kItt = 0x42000000;
    uint64_t cwriter = 0;

    // Runs every event due now (commands, translations).
    void Settle() { gic_run_until(gic, gic_now(gic)); }

    void MemW64(uint64_t a, uint64_t v) { ASSERT_EQ(gic_mem_write(mem, a, &v, 8), 0); }
    uint64_t MemR64(uint64_t a)
    {
        uint64_t v = 0;
        gic_mem_read(mem, a, &v, 8);
        return v;
    }
    void MemW8(uint64_t a, uint8_t v) { ASSERT_EQ(gic_mem_write(mem, a, &v, 1), 0); }
    uint8_t MemR8(uint64_t a)
    {
        uint8_t v = 0;
        gic_mem_read(mem, a, &v, 1);
        return v;
    }

    uint64_t PendTable(unsigned cpu) { return kPend + cpu * kPendStride; }

    // LPI configuration byte: priority and enable.
    void LpiConfig(uint32_t intid, uint8_t prio, bool enable)
    {
        MemW8(kProp + intid - 8192, (uint8_t)((prio & 0xFC) | 2 | (enable ? 1 : 0)));
    }

    // Redistributors: configuration table for cfg.id_bits, pending tables, EnableLPIs.
    void EnableLpis()
    {
        for (unsigned c = 0; c < cfg.num_cpus; c++) {
            Write("GICR_PROPBASER", kProp | (cfg.id_bits - 1), c);
            Write("GICR_PENDBASER", PendTable(c), c);
            Write("GICR_CTLR", 1, c);
        }
    }

    // Device table (flat, 64 KiB pages), collection table, 64 KiB queue, Enabled.
    void SetupIts(unsigned its = 0, bool indirect = false)
    {
        uint64_t off = its * 0x10000000ULL;
        Write("GITS_BASER0", (1ULL << 63) | ((uint64_t)indirect << 62) | (kDevTable + off) |
                                 (2u << 8) | 0, its);
        Write("GITS_BASER1", (1ULL << 63) | (kCollTable + off) | (2u << 8), its);
        Write("GITS_CBASER", (1ULL << 63) | (kQueue + off) | 15, its);
        Write("GITS_CWRITER", 0, its);
        Write("GITS_CTLR", 1, its);
    }

    // Writes one 32-byte command at CWRITER and advances CWRITER, then settles.
    void Cmd(uint64_t dw0, uint64_t dw1, uint64_t dw2, uint64_t dw3, unsigned its = 0)
    {
        uint64_t q = kQueue + its * 0x10000000ULL;
        uint64_t w = Read("GITS_CWRITER", its) & 0xFFFE0;
        MemW64(q + w, dw0);
        MemW64(q + w + 8, dw1);
        MemW64(q + w + 16, dw2);
        MemW64(q + w + 24, dw3);
        Write("GITS_CWRITER", (w + 32) % 0x10000, its);
        Settle();
    }

    void Cmd(const ItsCmd &c, unsigned its = 0)
    {
        ASSERT_TRUE(c.err == nullptr) << c.err;
        Cmd(c.dw[0], c.dw[1], c.dw[2], c.dw[3], its);
    }
    void Mapd(uint32_t dev, unsigned bits, uint64_t itt, bool v = true, unsigned its = 0)
    {
        Cmd(MapdCmd(dev, bits, itt, v), its);
    }
    void Mapc(uint32_t icid, unsigned cpu, bool v = true, unsigned its = 0)
    {
        Cmd(MapcCmd(icid, cpu, v), its);
    }
    void Mapti(uint32_t dev, uint32_t ev, uint32_t intid, uint32_t icid, unsigned its = 0)
    {
        Cmd(MaptiCmd(dev, ev, intid, icid), its);
    }
    void Movi(uint32_t dev, uint32_t ev, uint32_t icid, unsigned its = 0)
    {
        Cmd(MoviCmd(dev, ev, icid), its);
    }
    void DevEv(uint8_t op, uint32_t dev, uint32_t ev, unsigned its = 0)
    {
        Cmd(DevEvCmd(op, dev, ev), its);
    }
    void Sync(unsigned cpu, unsigned its = 0) { Cmd(SyncCmd(cpu), its); }

    void Msi(uint32_t dev, uint32_t ev, unsigned its = 0)
    {
        ASSERT_EQ(gic_msi(gic, its, dev, ev), GIC_OK);
        Settle();
    }

    gic_its_stats_t Stats(unsigned its = 0)
    {
        gic_its_stats_t s{};
        gic_its_get_stats(gic, its, &s);
        return s;
    }
    // ---- Helpers for the ITS and LPI suites ----

    gic_lpi_stats_t LpiStats()
    {
        gic_lpi_stats_t s{};
        gic_get_lpi_stats(gic, &s);
        return s;
    }

    bool Pending(unsigned cpu, uint32_t intid) { return gic_lpi_is_pending(gic, cpu, intid); }

    // The LPI's bit in the pending table of cpu, as memory holds it.
    bool PendBit(unsigned cpu, uint32_t intid)
    {
        return (MemR8(PendTable(cpu) + intid / 8) >> (intid % 8)) & 1;
    }

    // Whether a guest error with this rule name was reported.
    bool HasGuestError(const std::string &rule)
    {
        for (const std::string &e : guest_errors)
            if (e.compare(0, rule.size() + 1, rule + ":") == 0)
                return true;
        return false;
    }

    uint64_t Creadr(unsigned its = 0) { return Read("GITS_CREADR", its) & 0xFFFE0; }
    bool Stalled(unsigned its = 0) { return Read("GITS_CREADR", its) & 1; }

    // The command queue as GITS_CBASER describes it.
    uint64_t QueueBase(unsigned its = 0) { return Read("GITS_CBASER", its) & 0xFFFFFFFFFF000ULL; }
    uint64_t QueueBytes(unsigned its = 0) { return ((Read("GITS_CBASER", its) & 0xFF) + 1) * 4096; }

    // Writes a command at byte offset off of the queue without moving CWRITER.
    void PutCmd(uint64_t off, uint64_t dw0, uint64_t dw1, uint64_t dw2, uint64_t dw3,
                unsigned its = 0)
    {
        uint64_t q = QueueBase(its) + off;
        MemW64(q, dw0);
        MemW64(q + 8, dw1);
        MemW64(q + 16, dw2);
        MemW64(q + 24, dw3);
    }

    void PutCmd(uint64_t off, const ItsCmd &c, unsigned its = 0)
    {
        ASSERT_TRUE(c.err == nullptr) << c.err;
        PutCmd(off, c.dw[0], c.dw[1], c.dw[2], c.dw[3], its);
    }

    // Cmd for any queue CBASER describes: wraps CWRITER at the end of the queue.
    void QueueCmd(const ItsCmd &c, unsigned its = 0)
    {
        uint64_t w = Read("GITS_CWRITER", its) & 0xFFFE0;
        PutCmd(w, c, its);
        Write("GITS_CWRITER", (w + 32) % QueueBytes(its), its);
        Settle();
    }

    uint64_t DroppedTotal(const gic_its_stats_t &s)
    {
        uint64_t n = 0;
        for (unsigned r = 0; r < GIC_NUM_DROP_REASONS; r++)
            n += s.msi_dropped[r];
        return n;
    }

    // RDbase of cpu when GITS_TYPER.PTA = 1: the redistributor's address >> 16.
    uint64_t RdBasePta(unsigned cpu) { return (cfg.gicr_base + cpu * cfg.gicr_stride) >> 16; }
};

// ---- Security and message-based SPI helpers (issue 17) ----
class SecurityTest : public GicTest {
  protected:
    void Configure() override { cfg.two_security_states = true; }

    // Sysreg access from the PE's Secure or Non-secure state; the PE ends Non-secure.
    uint64_t SysAs(unsigned cpu, bool secure, gic_sysreg_t reg)
    {
        gic_cpu_set_secure(gic, cpu, secure);
        uint64_t v = Sys(cpu, reg);
        gic_cpu_set_secure(gic, cpu, false);
        return v;
    }

    void SysWAs(unsigned cpu, bool secure, gic_sysreg_t reg, uint64_t v)
    {
        gic_cpu_set_secure(gic, cpu, secure);
        SysW(cpu, reg, v);
        gic_cpu_set_secure(gic, cpu, false);
    }

    // Group of SGI/PPI intid on cpu (Secure accesses): GICR_IGROUPR0/IGRPMODR0 bits.
    void SetPrivateGroup(unsigned cpu, unsigned intid, bool igroup, bool igrpmod)
    {
        SetBit("GICR_IGROUPR0", intid, igroup, cpu, true);
        SetBit("GICR_IGRPMODR0", intid, igrpmod, cpu, true);
    }

    // Pending state as a Secure read sees it (every interrupt visible).
    bool SgiPending(unsigned cpu, unsigned intid)
    {
        return (Read("GICR_ISPENDR0", cpu, true) >> intid) & 1;
    }
    bool SpiPending(unsigned intid)
    {
        return (Read("GICD_ISPENDR" + std::to_string(intid / 32), 0, true) >> (intid % 32)) & 1;
    }

    // GICR_NSACR NS_access field of SGI intid on cpu.
    void SetSgiNsacr(unsigned cpu, unsigned intid, unsigned ns_access)
    {
        uint64_t v = Read("GICR_NSACR", cpu, true) & ~(3ull << (2 * intid));
        Write("GICR_NSACR", v | (uint64_t)ns_access << (2 * intid), cpu, true);
    }

    // GICD_NSACR<n> NS_access field of SPI intid.
    void SetSpiNsacr(unsigned intid, unsigned ns_access)
    {
        std::string reg = "GICD_NSACR" + std::to_string(intid / 16);
        uint64_t v = Read(reg, 0, true) & ~(3ull << (2 * (intid % 16)));
        Write(reg, v | (uint64_t)ns_access << (2 * (intid % 16)), 0, true);
    }

    // Edge-triggered (true) or level-sensitive SPI, Secure write.
    void SetSpiEdge(unsigned intid, bool edge)
    {
        SetBit("GICD_ICFGR" + std::to_string(intid / 16), 2 * (intid % 16) + 1, edge, 0, true);
    }

    // ICC_SGI0R/SGI1R/ASGI1R value for SGI intid to PE target (Aff1..3 = 0, RS = 0).
    static uint64_t SgiTo(unsigned target, unsigned intid)
    {
        return (uint64_t)intid << 24 | 1u << target;
    }

    bool HasGuestError(const std::string &rule)
    {
        for (const std::string &e : guest_errors)
            if (e.compare(0, rule.size() + 1, rule + ":") == 0)
                return true;
        return false;
    }
};

// ---- Virtualization helpers (test_vcpuif.cpp, test_hypervisor.cpp) ----

// An ICH_LR<n>_EL2 value: State (1 pending, 2 active, 3 both), Group 1 unless grp0,
// Priority, vINTID; HW = 1 with pINTID when hw.
static inline uint64_t MakeLr(unsigned state, uint32_t vintid, uint8_t prio, bool grp1 = true,
                              bool hw = false, uint32_t pintid = 0)
{
    return (uint64_t)state << 62 | (uint64_t)hw << 61 | (uint64_t)grp1 << 60 |
           (uint64_t)prio << 48 | (uint64_t)pintid << 32 | vintid;
}

static inline gic_sysreg_t IchLr(unsigned n)
{
    return (gic_sysreg_t)(ICH_LR0_EL2 + n);
}
