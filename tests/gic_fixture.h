// Test fixture: a GIC over native sparse memory, with helpers that access registers
// by architectural name and record the IRQ/FIQ outputs and guest errors.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gicsim/gicsim.h"

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
        gic_destroy(gic);
        gic_mem_destroy(mem);
    }

    static void OnTrace(void *opaque, const gic_trace_event_t *ev)
    {
        if (ev->kind == GIC_TRACE_GUEST_ERROR)
            static_cast<GicTest *>(opaque)->guest_errors.push_back(ev->text);
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
};
