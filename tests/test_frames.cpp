// The frame map (gic_frames, gic_config_frames): the one memory map the MMIO decode,
// gic_reg_addr and the bus wrappers share.
#include "gic_fixture.h"

class FramesTest : public GicTest {
  protected:
    void Configure() override
    {
        cfg.num_cpus = 3;
        cfg.num_its = 2;
        cfg.its[1] = cfg.its[0];
        cfg.its[1].base = cfg.its[0].base + 0x100000;
    }
    std::vector<gic_frame_t> Map()
    {
        std::vector<gic_frame_t> f(gic_frames(gic, nullptr, 0));
        gic_frames(gic, f.data(), f.size());
        return f;
    }
};

TEST_F(FramesTest, MapListsEveryFrameInDecodeOrder)
{
    std::vector<gic_frame_t> f = Map();
    ASSERT_EQ(f.size(), 6u);
    EXPECT_EQ(f[0].kind, GIC_FRAME_GICD);
    EXPECT_EQ(f[0].base, cfg.gicd_base);
    EXPECT_EQ(f[0].size, 0x10000u);
    EXPECT_EQ(f[1].kind, GIC_FRAME_GICR);
    EXPECT_EQ(f[1].base, cfg.gicr_base);
    EXPECT_EQ(f[1].size, 3 * cfg.gicr_stride);
    EXPECT_EQ(f[1].stride, cfg.gicr_stride);
    for (unsigned i = 0; i < 2; i++) {
        EXPECT_EQ(f[2 + 2 * i].kind, GIC_FRAME_ITS_CTRL);
        EXPECT_EQ(f[2 + 2 * i].index, i);
        EXPECT_EQ(f[2 + 2 * i].base, cfg.its[i].base);
        EXPECT_EQ(f[3 + 2 * i].kind, GIC_FRAME_ITS_TRANSLATER);
        EXPECT_EQ(f[3 + 2 * i].index, i);
        EXPECT_EQ(f[3 + 2 * i].base, cfg.its[i].base + 0x10000);
        EXPECT_STREQ(f[3 + 2 * i].name, "GITS_TRANSLATER");
    }
}

TEST_F(FramesTest, ConfigMapIsTheGicsAndAShortBufferGetsThePrefix)
{
    gic_frame_t a[GIC_MAX_FRAMES], b[2];
    size_t n = gic_config_frames(&cfg, a, GIC_MAX_FRAMES);
    EXPECT_EQ(n, Map().size());
    EXPECT_EQ(gic_frames(gic, b, 2), n);
    EXPECT_EQ(b[1].kind, a[1].kind);
    EXPECT_EQ(b[1].base, a[1].base);
}

// Every frame decodes at both ends, and just past the last frame nothing does.
TEST_F(FramesTest, DecodeFollowsTheMap)
{
    for (const gic_frame_t &f : Map()) {
        uint64_t v;
        EXPECT_EQ(gic_mmio_read(gic, f.base, 4, ns, &v), GIC_OK) << f.name;
        EXPECT_EQ(gic_mmio_read(gic, f.base + f.size - 4, 4, ns, &v), GIC_OK) << f.name;
    }
    uint64_t v;
    EXPECT_EQ(gic_mmio_read(gic, cfg.its[1].base + 0x20000, 4, ns, &v), GIC_ERR_UNMAPPED);
}

TEST_F(FramesTest, RegisterAddressesAreFrameBasesPlusOffsets)
{
    uint64_t addr;
    unsigned w;
    ASSERT_EQ(gic_reg_addr(gic, "GITS_TRANSLATER", 1, &addr, &w), GIC_OK);
    EXPECT_EQ(addr, cfg.its[1].base + 0x10000 + 0x40);
    ASSERT_EQ(gic_reg_addr(gic, "GICR_ISENABLER0", 2, &addr, &w), GIC_OK);
    EXPECT_EQ(addr, cfg.gicr_base + 2 * cfg.gicr_stride + GIC_GICR_SGI_OFFSET + 0x100);
    EXPECT_EQ(gic_reg_addr(gic, "GITS_CTLR", 2, &addr, &w), GIC_ERR_ARG);
    EXPECT_EQ(gic_reg_addr(gic, "GICR_CTLR", 3, &addr, &w), GIC_ERR_ARG);
}

// gic_mmio_peek decodes through the same map as gic_mmio_read and returns what it
// would, without the read's guest errors or trace events.
TEST_F(FramesTest, PeekReadsWhatAReadReadsWithoutSideEffects)
{
    uint64_t base, v, p;
    unsigned w;
    ASSERT_EQ(gic_reg_addr(gic, "GITS_TYPER", 1, &base, &w), GIC_OK);
    ASSERT_EQ(gic_mmio_read(gic, base, 8, ns, &v), GIC_OK);
    unsigned events = 0;
    gic_add_trace_listener(
        gic, [](void *o, const gic_trace_event_t *) { ++*static_cast<unsigned *>(o); }, &events);
    uint64_t errors = gic_guest_error_count(gic);
    EXPECT_EQ(gic_mmio_peek(gic, base, 8, ns, &p), GIC_OK);
    EXPECT_EQ(p, v);
    EXPECT_EQ(gic_mmio_peek(gic, base + 4, 4, ns, &p), GIC_OK);
    EXPECT_EQ(p, v >> 32);
    ASSERT_EQ(gic_reg_addr(gic, "GITS_TRANSLATER", 0, &base, &w), GIC_OK);
    EXPECT_EQ(gic_mmio_peek(gic, base, 4, ns, &p), GIC_ERR_ARG); // write-only
    EXPECT_EQ(gic_mmio_peek(gic, cfg.gicd_base + 0xFFFC, 4, ns, &p), GIC_ERR_ARG); // reserved
    EXPECT_EQ(gic_mmio_peek(gic, cfg.its[1].base + 0x20000, 4, ns, &p), GIC_ERR_UNMAPPED);
    EXPECT_EQ(gic_guest_error_count(gic), errors);
    EXPECT_EQ(events, 0u);
}
