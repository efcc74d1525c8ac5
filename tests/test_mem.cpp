// Native sparse memory: zero-fill, page allocation on write, 52-bit range.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "gicsim/mem.h"

class MemTest : public ::testing::Test {
  protected:
    gic_mem_t *m = nullptr;
    void SetUp() override { m = gic_mem_create(); }
    void TearDown() override { gic_mem_destroy(m); }
};

TEST_F(MemTest, UntouchedMemoryReadsZeroWithoutAllocating)
{
    uint64_t v = 0xdead;
    EXPECT_EQ(gic_mem_read(m, 0x123456789000ULL, &v, 8), 0);
    EXPECT_EQ(v, 0u);
    EXPECT_EQ(gic_mem_pages(m), 0u);
}

TEST_F(MemTest, WriteThenReadBack)
{
    uint64_t v = 0x1122334455667788ULL, r = 0;
    ASSERT_EQ(gic_mem_write(m, 0x40000000, &v, 8), 0);
    ASSERT_EQ(gic_mem_read(m, 0x40000000, &r, 8), 0);
    EXPECT_EQ(r, v);
    EXPECT_EQ(gic_mem_pages(m), 1u);
}

TEST_F(MemTest, AccessesCrossingAPageBoundarySplit)
{
    uint8_t in[16], out[16] = {};
    for (int i = 0; i < 16; i++)
        in[i] = (uint8_t)(i + 1);
    ASSERT_EQ(gic_mem_write(m, 0x1FF8, in, 16), 0);
    ASSERT_EQ(gic_mem_read(m, 0x1FF8, out, 16), 0);
    EXPECT_EQ(memcmp(in, out, 16), 0);
    EXPECT_EQ(gic_mem_pages(m), 2u);
}

TEST_F(MemTest, HighestAddressBelow52BitsWorks)
{
    uint64_t top = (1ULL << 52) - 8, v = 42, r = 0;
    EXPECT_EQ(gic_mem_write(m, top, &v, 8), 0);
    EXPECT_EQ(gic_mem_read(m, top, &r, 8), 0);
    EXPECT_EQ(r, 42u);
}

TEST_F(MemTest, AccessesReaching2To52Abort)
{
    uint64_t v = 1;
    EXPECT_NE(gic_mem_write(m, (1ULL << 52) - 4, &v, 8), 0);
    EXPECT_NE(gic_mem_read(m, 1ULL << 52, &v, 8), 0);
    EXPECT_NE(gic_mem_read(m, UINT64_MAX - 2, &v, 8), 0);
}

TEST_F(MemTest, ManySparsePagesKeepTheirContents)
{
    for (uint64_t i = 0; i < 5000; i++) {
        uint64_t a = i * 0x10000000ULL + 8 * (i % 512), v = i * 3 + 1;
        ASSERT_EQ(gic_mem_write(m, a, &v, 8), 0);
    }
    EXPECT_EQ(gic_mem_pages(m), 5000u);
    for (uint64_t i = 0; i < 5000; i++) {
        uint64_t a = i * 0x10000000ULL + 8 * (i % 512), v = 0;
        ASSERT_EQ(gic_mem_read(m, a, &v, 8), 0);
        ASSERT_EQ(v, i * 3 + 1);
    }
}

TEST_F(MemTest, PortForwardsToTheStore)
{
    gic_mem_port_t p = gic_mem_as_port(m);
    uint32_t v = 0xabcd, r = 0;
    EXPECT_EQ(p.write(p.opaque, 0x800, &v, 4), 0);
    EXPECT_EQ(p.read(p.opaque, 0x800, &r, 4), 0);
    EXPECT_EQ(r, v);
}
