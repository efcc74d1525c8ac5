// Scheduler: ordering by time, FIFO among equal times, run_until semantics.
#include <gtest/gtest.h>

#include <vector>

extern "C" {
#include "scheduler.h"
}

namespace {
std::vector<uint64_t> order;
struct sched *current;

void record(void *ctx, uint64_t arg)
{
    (void)ctx;
    order.push_back(arg);
}

void reschedule(void *ctx, uint64_t arg)
{
    order.push_back(arg);
    if (arg < 3)
        sched_at(static_cast<struct sched *>(ctx), current->now, reschedule, ctx, arg + 1);
}

class SchedTest : public ::testing::Test {
  protected:
    struct sched s;
    void SetUp() override
    {
        sched_init(&s);
        order.clear();
        current = &s;
    }
    void TearDown() override { sched_free(&s); }
};
} // namespace

TEST_F(SchedTest, EmptySchedulerReportsNoNextEvent)
{
    EXPECT_EQ(sched_next_time(&s), UINT64_MAX);
    EXPECT_FALSE(sched_step(&s));
}

TEST_F(SchedTest, EventsRunInTimeOrder)
{
    sched_at(&s, 300, record, nullptr, 3);
    sched_at(&s, 100, record, nullptr, 1);
    sched_at(&s, 200, record, nullptr, 2);
    sched_run_until(&s, 1000);
    EXPECT_EQ(order, (std::vector<uint64_t>{1, 2, 3}));
    EXPECT_EQ(s.now, 1000u);
}

TEST_F(SchedTest, SimultaneousEventsRunInSchedulingOrder)
{
    for (uint64_t i = 0; i < 100; i++)
        sched_at(&s, 50, record, nullptr, i);
    sched_run_until(&s, 50);
    ASSERT_EQ(order.size(), 100u);
    for (uint64_t i = 0; i < 100; i++)
        EXPECT_EQ(order[i], i);
}

TEST_F(SchedTest, RunUntilStopsAtTheLimitAndKeepsLaterEvents)
{
    sched_at(&s, 10, record, nullptr, 1);
    sched_at(&s, 20, record, nullptr, 2);
    sched_run_until(&s, 15);
    EXPECT_EQ(order, (std::vector<uint64_t>{1}));
    EXPECT_EQ(s.now, 15u);
    EXPECT_EQ(sched_next_time(&s), 20u);
}

TEST_F(SchedTest, PastTimesAreClampedToNow)
{
    sched_run_until(&s, 500);
    sched_at(&s, 100, record, nullptr, 7);
    EXPECT_EQ(sched_next_time(&s), 500u);
}

TEST_F(SchedTest, EventsScheduledAtNowByAnEventRunInTheSamePass)
{
    sched_at(&s, 10, reschedule, &s, 0);
    sched_run_until(&s, 10);
    EXPECT_EQ(order, (std::vector<uint64_t>{0, 1, 2, 3}));
}

TEST_F(SchedTest, StepRunsEveryEventOfTheEarliestTime)
{
    sched_at(&s, 5, record, nullptr, 1);
    sched_at(&s, 5, record, nullptr, 2);
    sched_at(&s, 9, record, nullptr, 3);
    EXPECT_TRUE(sched_step(&s));
    EXPECT_EQ(order, (std::vector<uint64_t>{1, 2}));
    EXPECT_EQ(s.now, 5u);
}

TEST_F(SchedTest, ManyRandomEventsComeOutSorted)
{
    uint64_t x = 12345;
    for (int i = 0; i < 10000; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        sched_at(&s, (x >> 33) % 100000, record, nullptr, (x >> 33) % 100000);
    }
    sched_run_until(&s, UINT64_MAX - 1);
    ASSERT_EQ(order.size(), 10000u);
    for (size_t i = 1; i < order.size(); i++)
        ASSERT_LE(order[i - 1], order[i]);
}
