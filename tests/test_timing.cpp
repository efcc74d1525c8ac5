// Timing model: the ITS input queue, translation pipeline, memory interfaces, links,
// command execution, SYNC ordering, LPI property lookup and IRQ signalling, checked
// against exact simulated times derived from the profile's parameters.
#include "gic_fixture.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr uint64_t kPsPerSecond = 1000000000000ULL;

// A profile where only the clock, the links, the lookups and the redistributor's
// stages cost time (no memory latency): every step is an exact number of cycles.
gic_timing_t LinkProfile()
{
    gic_timing_t t{};
    t.clock_hz = 250000000; // 4000 ps per cycle: catches unit mistakes
    t.its_accept_cycles = 3;
    t.its_lookup_cycles = 2;
    t.link_its_dist_cycles = 6;
    t.link_dist_redist_cycles = 7;
    t.lpi_cache_hit_cycles = 4;
    t.redist_arbitration_cycles = 8;
    t.cpuif_signal_cycles = 10;
    return t;
}

// scenarios/profiles/gic600.yaml.
gic_timing_t Gic600Profile()
{
    gic_timing_t t{};
    t.clock_hz = 1000000000;
    t.mmio_access_cycles = 8;
    t.its_input_queue_entries = 16;
    t.its_accept_cycles = 2;
    t.its_issue_cycles = 4;
    t.its_lookup_cycles = 2;
    t.its_command_cycles = 16;
    t.its_per_lpi_cycles = 2;
    t.mem_read_ns = 90;
    t.mem_write_ns = 60;
    t.mem_max_reads = 5;
    t.mem_max_writes = 1;
    t.mem_bytes_per_cycle = 16;
    t.link_its_dist_cycles = 6;
    t.link_dist_redist_cycles = 6;
    t.lpi_cache_hit_cycles = 4;
    t.redist_arbitration_cycles = 8;
    t.cpuif_signal_cycles = 10;
    return t;
}

} // namespace

class TimingTest : public ItsTest {
  protected:
    struct Journey {
        uint64_t time;
        int cpu;
        uint32_t intid;
        gic_lpi_journey_t j;
    };
    struct Edge {
        uint64_t time;
        int cpu;
        bool level;
    };
    std::vector<Journey> journeys;
    std::vector<Edge> irq_edges;
    std::vector<uint32_t> cleared; // INTIDs of CLEAR_PENDING events
    uint64_t cyc = 0; // ps per GIC cycle of the current profile

    static constexpr uint32_t kDev = 2;

    static void OnTimingTrace(void *opaque, const gic_trace_event_t *ev)
    {
        auto *self = static_cast<TimingTest *>(opaque);
        if (ev->kind == GIC_TRACE_LPI_TIMING && ev->journey)
            self->journeys.push_back({ev->time, ev->cpu, ev->intid, *ev->journey});
        if (ev->kind == GIC_TRACE_CLEAR_PENDING)
            self->cleared.push_back(ev->intid);
        if (ev->kind == GIC_TRACE_SIGNAL && ev->signal == GIC_SIG_IRQ)
            self->irq_edges.push_back({ev->time, ev->cpu, ev->level != 0});
    }

    void SetUp() override
    {
        ItsTest::SetUp();
        if (gic)
            gic_add_trace_listener(gic, &TimingTest::OnTimingTrace, this);
    }

    // Replaces the GIC (and its memory) with one built from cfg, timing t.
    void Start(const gic_timing_t &t)
    {
        gic_destroy(gic);
        gic_mem_destroy(mem);
        gic = nullptr;
        mem = gic_mem_create();
        cfg.mem = gic_mem_as_port(mem);
        cfg.timing = t;
        cwriter = 0;
        journeys.clear();
        irq_edges.clear();
        guest_errors.clear();
        cyc = t.clock_hz ? kPsPerSecond / t.clock_hz : 0;
        char err[160] = "";
        gic = gic_create(&cfg, err, sizeof(err));
        ASSERT_NE(gic, nullptr) << err;
        gic_add_trace_listener(gic, &GicTest::OnTrace, this);
        gic_add_trace_listener(gic, &TimingTest::OnTimingTrace, this);
    }

    // Runs every scheduled event; returns the time of the last one.
    uint64_t Drain()
    {
        for (int n = 0; n < 1000000; n++) {
            gic_time_t t = gic_next_event_time(gic);
            if (t == GIC_TIME_NEVER)
                return gic_now(gic);
            gic_run_until(gic, t);
        }
        ADD_FAILURE() << "the model never goes idle";
        return gic_now(gic);
    }

    void RunTo(uint64_t t) { gic_run_until(gic, t); }

    // Steps event by event until CREADR reads off; returns that time.
    uint64_t RunUntilCreadr(uint64_t off)
    {
        for (int n = 0; n < 100000 && Creadr() != off; n++) {
            gic_time_t t = gic_next_event_time(gic);
            if (t == GIC_TIME_NEVER)
                break;
            gic_run_until(gic, t);
        }
        EXPECT_EQ(Creadr(), off);
        return gic_now(gic);
    }

    // Linux-like boot, LPIs on, ITS with device kDev (256 events) whose events
    // 0..n-1 map to LPIs 8192.. in collection icid on cpu; then idle.
    void BootMapped(unsigned n = 1, unsigned cpu = 3, uint32_t icid = 3)
    {
        BootLinux();
        EnableLpis();
        SetupIts();
        Mapd(kDev, 8, kItt);
        Mapc(icid, cpu);
        for (unsigned e = 0; e < n; e++) {
            LpiConfig(8192 + e, 0xa0, true);
            Mapti(kDev, e, 8192 + e, icid);
        }
        Drain();
        ASSERT_EQ(Stats().command_errors, 0u);
    }

    // Forgets the recorded edges and journeys; returns the current time.
    uint64_t Mark()
    {
        irq_edges.clear();
        journeys.clear();
        return gic_now(gic);
    }

    // First rising edge of cpu's IRQ since the last Mark() (GIC_TIME_NEVER if none).
    uint64_t IrqRise(unsigned cpu)
    {
        for (const Edge &e : irq_edges)
            if (e.cpu == (int)cpu && e.level)
                return e.time;
        return GIC_TIME_NEVER;
    }

    const Journey *JourneyOf(uint32_t intid, uint64_t t0)
    {
        for (const Journey &j : journeys)
            if (j.intid == intid && j.j.written >= t0)
                return &j;
        return nullptr;
    }

    void AckEoi(unsigned cpu, uint32_t expect)
    {
        EXPECT_EQ(Sys(cpu, ICC_IAR1_EL1), expect);
        SysW(cpu, ICC_EOIR1_EL1, expect);
    }

    // Queues commands with one CWRITER write (nothing runs until the caller does).
    uint64_t QueueMany(const std::vector<ItsCmd> &cmds)
    {
        uint64_t w = Read("GITS_CWRITER") & 0xFFFE0;
        for (size_t i = 0; i < cmds.size(); i++)
            PutCmd(w + 32 * i, cmds[i]);
        Write("GITS_CWRITER", w + 32 * cmds.size());
        return w;
    }
};

// ---- 1. ideal profile ----

TEST_F(TimingTest, IdealProfileMsiIsPendingAndSignalledAtTheSameTime)
{
    BootMapped();
    uint64_t t0 = gic_now(gic);
    ASSERT_EQ(gic_msi(gic, 0, kDev, 0), GIC_OK);
    EXPECT_EQ(gic_last_access_time(gic), 0u);
    Settle();
    EXPECT_EQ(gic_now(gic), t0);
    EXPECT_TRUE(Pending(3, 8192));
    EXPECT_TRUE(Irq(3));
    EXPECT_EQ(gic_next_event_time(gic), GIC_TIME_NEVER);
    EXPECT_TRUE(journeys.empty()); // journeys are reported by timing profiles only
    EXPECT_EQ(Stats().msi_queue_max, 0u);
}

// ---- 2. exact MSI latency, everything hitting ----

TEST_F(TimingTest, MsiLatencyIsAcceptLookupsLinksLpiHitArbitrationAndSignal)
{
    gic_timing_t p = LinkProfile();
    Start(p);
    BootMapped();
    // Warm-up MSI: fills the LPI property cache (MAPD/MAPC/MAPTI filled the ITS's).
    ASSERT_EQ(gic_msi(gic, 0, kDev, 0), GIC_OK);
    Drain();
    AckEoi(3, 8192);
    gic_its_stats_t before = Stats();

    uint64_t t0 = Mark();
    ASSERT_EQ(gic_msi(gic, 0, kDev, 0), GIC_OK);
    EXPECT_EQ(gic_last_access_time(gic), 0u);
    uint64_t arrive = t0 + (p.its_accept_cycles + 3 * p.its_lookup_cycles +
                            p.link_its_dist_cycles + p.link_dist_redist_cycles) * cyc;
    uint64_t irq = arrive + (p.lpi_cache_hit_cycles + p.redist_arbitration_cycles +
                             p.cpuif_signal_cycles) * cyc;
    RunTo(arrive - 1);
    EXPECT_FALSE(Pending(3, 8192));
    RunTo(arrive);
    EXPECT_TRUE(Pending(3, 8192));
    EXPECT_FALSE(Irq(3));
    RunTo(irq - 1);
    EXPECT_FALSE(Irq(3));
    RunTo(irq);
    EXPECT_TRUE(Irq(3));
    EXPECT_EQ(IrqRise(3), irq);

    gic_its_stats_t s = Stats();
    EXPECT_EQ(s.device_cache_misses, before.device_cache_misses);
    EXPECT_EQ(s.event_cache_misses, before.event_cache_misses);
    EXPECT_EQ(s.collection_cache_misses, before.collection_cache_misses);
    const Journey *j = JourneyOf(8192, t0);
    ASSERT_NE(j, nullptr);
    EXPECT_EQ(j->j.start, t0 + p.its_accept_cycles * cyc);
    EXPECT_EQ(j->j.done, j->j.start + 3 * p.its_lookup_cycles * cyc);
    EXPECT_EQ(j->j.arrived, arrive);
    EXPECT_EQ(j->j.visible, irq);
    EXPECT_EQ(j->j.miss_ps, 0u);
}

// ---- 3. ITS cache misses read the tables ----

TEST_F(TimingTest, EveryItsCacheMissAddsOneTableReadLatency)
{
    cfg.its[0].device_cache_entries = 0;
    cfg.its[0].event_cache_entries = 0;
    cfg.its[0].collection_cache_entries = 0;
    gic_timing_t p = LinkProfile();
    p.mem_read_ns = 50;
    p.mem_max_reads = 4;
    p.mem_max_writes = 1;
    Start(p);
    BootMapped();
    ASSERT_EQ(gic_msi(gic, 0, kDev, 0), GIC_OK); // warm the LPI property cache
    Drain();
    AckEoi(3, 8192);
    gic_its_stats_t before = Stats();

    uint64_t t0 = Mark(), read = p.mem_read_ns * 1000ULL;
    ASSERT_EQ(gic_msi(gic, 0, kDev, 0), GIC_OK);
    Drain();
    const Journey *j = JourneyOf(8192, t0);
    ASSERT_NE(j, nullptr);
    EXPECT_EQ(j->j.miss_ps, 3 * read); // DTE, ITE and CTE, one flat-table read each
    EXPECT_EQ(j->j.done - j->j.start, 3 * p.its_lookup_cycles * cyc + 3 * read);
    uint64_t irq = t0 + 3 * read +
                   (p.its_accept_cycles + 3 * p.its_lookup_cycles + p.link_its_dist_cycles +
                    p.link_dist_redist_cycles + p.lpi_cache_hit_cycles +
                    p.redist_arbitration_cycles + p.cpuif_signal_cycles) * cyc;
    EXPECT_EQ(IrqRise(3), irq);
    gic_its_stats_t s = Stats();
    EXPECT_EQ(s.mem_reads - before.mem_reads, 3u);
    // With no cache every lookup counts as a miss, so the hit rates read 0.
    EXPECT_EQ(s.device_cache_misses - before.device_cache_misses, 1u);
    EXPECT_EQ(s.event_cache_misses - before.event_cache_misses, 1u);
    EXPECT_EQ(s.collection_cache_misses - before.collection_cache_misses, 1u);
}

TEST_F(TimingTest, OnlyTheMissingEventLookupReadsMemory)
{
    cfg.its[0].event_cache_entries = 0; // device and collection caches hit
    gic_timing_t p = LinkProfile();
    p.mem_read_ns = 50;
    p.mem_max_reads = 4;
    p.mem_max_writes = 1;
    Start(p);
    BootMapped();
    uint64_t t0 = gic_now(gic);
    ASSERT_EQ(gic_msi(gic, 0, kDev, 0), GIC_OK);
    Drain();
    const Journey *j = JourneyOf(8192, t0);
    ASSERT_NE(j, nullptr);
    EXPECT_EQ(j->j.miss_ps, p.mem_read_ns * 1000ULL);
    EXPECT_EQ(j->j.done - j->j.start, 3 * p.its_lookup_cycles * cyc + p.mem_read_ns * 1000ULL);
}

// ---- 4. outstanding-read limit ----

// Two MSIs written together, each missing the event cache once (one table read).
class TimingReadsTest : public TimingTest {
  protected:
    void Run(unsigned max_reads, uint64_t *start1, uint64_t *done1, uint64_t *done2,
             uint64_t *wait)
    {
        cfg.its[0].event_cache_entries = 0;
        gic_timing_t p = LinkProfile();
        p.its_issue_cycles = 5;  // 20 ns between starts, well under the read latency
        p.mem_read_ns = 100;
        p.mem_max_reads = max_reads;
        p.mem_max_writes = 1;
        Start(p);
        BootMapped(2);
        uint64_t t0 = gic_now(gic), w0 = Stats().mem_wait_ps;
        ASSERT_EQ(gic_msi(gic, 0, kDev, 0), GIC_OK);
        ASSERT_EQ(gic_msi(gic, 0, kDev, 1), GIC_OK);
        Drain();
        const Journey *a = JourneyOf(8192, t0), *b = JourneyOf(8193, t0);
        ASSERT_NE(a, nullptr);
        ASSERT_NE(b, nullptr);
        *start1 = a->j.start;
        *done1 = a->j.done;
        *done2 = b->j.done;
        *wait = Stats().mem_wait_ps - w0;
    }
};

TEST_F(TimingReadsTest, OneOutstandingReadSerializesTwoMsisMissesTwoOverlapThem)
{
    uint64_t s1, d1, d2, wait;
    Run(1, &s1, &d1, &d2, &wait);
    const gic_timing_t &p = cfg.timing;
    uint64_t L = p.its_lookup_cycles * cyc, I = p.its_issue_cycles * cyc,
             R = p.mem_read_ns * 1000ULL;
    ASSERT_LT(I, R);
    EXPECT_EQ(d1, s1 + 3 * L + R);
    EXPECT_EQ(d2, s1 + 3 * L + 2 * R); // second read waits for the only slot
    EXPECT_EQ(wait, R - I);
    uint64_t serialized = d2 - s1;

    Run(2, &s1, &d1, &d2, &wait);
    EXPECT_EQ(d1, s1 + 3 * L + R);
    EXPECT_EQ(d2, s1 + I + 3 * L + R); // reads overlap: only the issue interval apart
    EXPECT_EQ(wait, 0u);
    EXPECT_LT(d2 - s1, serialized);
}

// ---- 5. input-queue back-pressure ----

TEST_F(TimingTest, FullInputQueueBackPressuresTheWriter)
{
    gic_timing_t p = LinkProfile();
    p.clock_hz = 1000000000;
    p.its_input_queue_entries = 2;
    p.its_accept_cycles = 2;
    p.its_issue_cycles = 10;
    Start(p);
    BootMapped(4);
    uint64_t t0 = gic_now(gic), A = p.its_accept_cycles * cyc, I = p.its_issue_cycles * cyc;
    uint64_t access[4];
    for (unsigned e = 0; e < 4; e++) {
        ASSERT_EQ(gic_msi(gic, 0, kDev, e), GIC_OK);
        access[e] = gic_last_access_time(gic);
    }
    // The call itself costs nothing (gic_msi has no register cost); MSIs 2 and 3 are
    // held back until an entry frees: MSI 2 enters when MSI 0 starts (t0+A), MSI 3
    // when MSI 1 starts (t0+A+I).
    for (unsigned e = 0; e < 4; e++)
        EXPECT_EQ(access[e], 0u) << e;
    Drain();
    EXPECT_EQ(Stats().msi_backpressure_ps, A + (A + I));
    for (unsigned e = 0; e < 4; e++) {
        const Journey *j = JourneyOf(8192 + e, t0);
        ASSERT_NE(j, nullptr) << e;
        EXPECT_EQ(j->j.start, t0 + A + e * I) << e;
    }
    // Occupancy of the queue: back-pressured writers are not in it.
    EXPECT_EQ(Stats().msi_queue_max, 2u);
}

TEST_F(TimingTest, UnboundedInputQueueNeverBackPressures)
{
    gic_timing_t p = LinkProfile();
    p.its_issue_cycles = 10;
    Start(p);
    BootMapped(4);
    for (unsigned e = 0; e < 4; e++) {
        ASSERT_EQ(gic_msi(gic, 0, kDev, e), GIC_OK);
        EXPECT_EQ(gic_last_access_time(gic), 0u);
    }
    EXPECT_EQ(Stats().msi_queue_max, 4u);
    Drain();
    EXPECT_EQ(Stats().msi_translated, 4u);
}

TEST_F(TimingTest, TranslaterWriteReportsRegisterCostAndCountsBackPressure)
{
    gic_timing_t p = LinkProfile();
    p.mmio_access_cycles = 8;
    p.its_input_queue_entries = 1;
    Start(p);
    BootMapped(2);
    gic_attrs_t dev{false, kDev};
    uint64_t a = Addr("GITS_TRANSLATER");
    ASSERT_EQ(gic_mmio_write(gic, a, 4, 0, dev), GIC_OK);
    EXPECT_EQ(gic_last_access_time(gic), p.mmio_access_cycles * cyc);
    ASSERT_EQ(gic_mmio_write(gic, a, 4, 1, dev), GIC_OK); // queue full: held back
    EXPECT_EQ(gic_last_access_time(gic), p.mmio_access_cycles * cyc);
    Drain();
    EXPECT_EQ(Stats().msi_translated, 2u);
    // It entered the queue when the first MSI started, accept cycles after its write.
    EXPECT_EQ(Stats().msi_backpressure_ps, p.its_accept_cycles * cyc);
}

// ---- 6. SYNC and in-order messages ----

TEST_F(TimingTest, SyncCompletesOnlyAfterTheIntHasArrived)
{
    gic_timing_t p{};
    p.clock_hz = 1000000000;
    p.its_command_cycles = 20;
    p.link_its_dist_cycles = 500;
    p.link_dist_redist_cycles = 500;
    Start(p);
    BootMapped();
    uint64_t t0 = gic_now(gic), C = p.its_command_cycles * cyc,
             links = (p.link_its_dist_cycles + p.link_dist_redist_cycles) * cyc;
    uint64_t w = QueueMany({DevEvCmd(ITS_OP_INT, kDev, 0), SyncCmd(3)});
    RunTo(t0 + C - 1);
    EXPECT_EQ(Creadr(), w);
    RunTo(t0 + C);
    EXPECT_EQ(Creadr(), w + 32); // INT done, SYNC executing
    RunTo(t0 + links - 1);
    EXPECT_FALSE(Pending(3, 8192));
    EXPECT_EQ(Creadr(), w + 32);
    RunTo(t0 + links);
    EXPECT_TRUE(Pending(3, 8192));
    EXPECT_EQ(Creadr(), w + 32);
    RunTo(t0 + links + C - 1);
    EXPECT_EQ(Creadr(), w + 32);
    RunTo(t0 + links + C);
    EXPECT_EQ(Creadr(), w + 64);
}

TEST_F(TimingTest, IntThenClearOfTheSameLpiEndsNotPending)
{
    gic_timing_t p{};
    p.clock_hz = 1000000000;
    p.its_command_cycles = 20;
    p.link_its_dist_cycles = 500;
    p.link_dist_redist_cycles = 500;
    Start(p);
    BootMapped();
    uint64_t t0 = gic_now(gic), C = p.its_command_cycles * cyc,
             links = (p.link_its_dist_cycles + p.link_dist_redist_cycles) * cyc;
    QueueMany({DevEvCmd(ITS_OP_INT, kDev, 0), DevEvCmd(ITS_OP_CLEAR, kDev, 0)});
    RunTo(t0 + links);
    EXPECT_TRUE(Pending(3, 8192));
    RunTo(t0 + C + links - 1);
    EXPECT_TRUE(Pending(3, 8192));
    RunTo(t0 + C + links);
    EXPECT_FALSE(Pending(3, 8192));
    Drain();
    EXPECT_FALSE(Pending(3, 8192));
    EXPECT_FALSE(Irq(3));
    EXPECT_EQ(LpiStats().set_pending, 1u);
    EXPECT_EQ(LpiStats().cleared, 1u);
}

// ---- 7. commands take time ----

TEST_F(TimingTest, CommandsCompleteOneAfterAnotherAtFetchPlusExecute)
{
    gic_timing_t p{};
    p.clock_hz = 1000000000;
    p.its_command_cycles = 16;
    p.mem_read_ns = 40;
    p.mem_max_reads = 1;
    p.mem_max_writes = 1;
    Start(p);
    BootLinux();
    SetupIts();
    Drain();
    const unsigned n = 4;
    uint64_t t0 = gic_now(gic), per = p.mem_read_ns * 1000ULL + p.its_command_cycles * cyc;
    uint64_t cmds0 = Stats().commands, reads0 = Stats().mem_reads;
    uint64_t w = QueueMany(std::vector<ItsCmd>(n, SyncCmd(1)));
    EXPECT_EQ(Stats().command_queue_max, n);
    for (unsigned k = 1; k <= n; k++) {
        RunTo(t0 + k * per - 1);
        EXPECT_EQ(Creadr(), w + 32 * (k - 1)) << k;
        RunTo(t0 + k * per);
        EXPECT_EQ(Creadr(), w + 32 * k) << k;
    }
    EXPECT_EQ(Drain(), t0 + n * per);
    EXPECT_EQ(Stats().commands - cmds0, n);
    EXPECT_EQ(Stats().mem_reads - reads0, n); // one 32-byte fetch each
}

// ---- 8. INVALL per pending LPI ----

TEST_F(TimingTest, InvallDelaysFollowingSyncByPerLpiCostOfPendingLpis)
{
    gic_timing_t p{};
    p.clock_hz = 1000000000;
    p.its_command_cycles = 10;
    p.its_per_lpi_cycles = 7;
    p.link_its_dist_cycles = 50;
    p.link_dist_redist_cycles = 50;
    Start(p);
    const unsigned P = 3;
    BootMapped(P, 1, 1);
    uint64_t C = p.its_command_cycles * cyc,
             links = (p.link_its_dist_cycles + p.link_dist_redist_cycles) * cyc;
    std::vector<ItsCmd> invall_sync = {InvallCmd(1), SyncCmd(1)};

    uint64_t t0 = gic_now(gic);
    uint64_t w = QueueMany(invall_sync);
    uint64_t d0 = RunUntilCreadr(w + 64) - t0;
    EXPECT_EQ(d0, links + C);

    for (unsigned e = 0; e < P; e++)
        ASSERT_EQ(gic_msi(gic, 0, kDev, e), GIC_OK);
    Drain();
    ASSERT_EQ(gic_lpi_pending_count(gic, 1), P);
    uint64_t t1 = gic_now(gic);
    w = QueueMany(invall_sync);
    uint64_t dp = RunUntilCreadr(w + 64) - t1;
    EXPECT_EQ(dp - d0, P * p.its_per_lpi_cycles * cyc);
}

// ---- 9. LPI property cache ----

TEST_F(TimingTest, LpiPropertyMissCostsExactlyOneMemoryRead)
{
    gic_timing_t p = LinkProfile();
    p.mem_read_ns = 80;
    p.mem_max_reads = 2;
    p.mem_max_writes = 1;
    Start(p);
    BootMapped();
    uint64_t base = (p.its_accept_cycles + 3 * p.its_lookup_cycles + p.link_its_dist_cycles +
                     p.link_dist_redist_cycles + p.lpi_cache_hit_cycles +
                     p.redist_arbitration_cycles + p.cpuif_signal_cycles) * cyc;

    uint64_t t1 = Mark();
    ASSERT_EQ(gic_msi(gic, 0, kDev, 0), GIC_OK);
    Drain();
    uint64_t miss = IrqRise(3) - t1;
    AckEoi(3, 8192);

    uint64_t t2 = Mark();
    ASSERT_EQ(gic_msi(gic, 0, kDev, 0), GIC_OK);
    Drain();
    uint64_t hit = IrqRise(3) - t2;

    EXPECT_EQ(hit, base);
    EXPECT_EQ(miss - hit, p.mem_read_ns * 1000ULL);
    gic_mem_if_stats_t d{};
    gic_dist_mem_stats(gic, &d);
    EXPECT_EQ(d.reads, 1u);
    EXPECT_EQ(LpiStats().prop_cache_misses, 1u);
    EXPECT_EQ(LpiStats().prop_cache_hits, 1u);
}

// ---- 10. wires ----

TEST_F(TimingTest, SpiRaisesIrqAfterArbitrationAndSignalling)
{
    gic_timing_t p = LinkProfile();
    Start(p);
    BootLinux();
    SetupSpi(40, 0x80, 2);
    uint64_t t0 = gic_now(gic),
             irq = t0 + (p.redist_arbitration_cycles + p.cpuif_signal_cycles) * cyc;
    ASSERT_EQ(gic_set_spi(gic, 40, true), GIC_OK);
    EXPECT_FALSE(Irq(2));
    RunTo(irq - 1);
    EXPECT_FALSE(Irq(2));
    RunTo(irq);
    EXPECT_TRUE(Irq(2));
    // Falling is not delayed: acknowledging drops the line at once.
    EXPECT_EQ(Sys(2, ICC_IAR1_EL1), 40u);
    EXPECT_FALSE(Irq(2));
    EXPECT_EQ(gic_now(gic), irq);
}

TEST_F(TimingTest, MmioAccessReportsRegisterCost)
{
    gic_timing_t p{};
    p.clock_hz = 500000000;
    p.mmio_access_cycles = 8;
    Start(p);
    Read("GICD_CTLR");
    EXPECT_EQ(gic_last_access_time(gic), 8 * cyc);
    EXPECT_EQ(gic_now(gic), 0u); // reported to the bus, not advancing GIC time
}

// ---- 11. configuration check ----

TEST_F(TimingTest, ConfigCheckRejectsCyclesWithoutClockAndLatencyWithoutLimits)
{
    char err[160] = "";
    gic_config_t c = cfg;
    c.timing = gic_timing_t{};
    c.timing.its_lookup_cycles = 2;
    EXPECT_FALSE(gic_config_check(&c, err, sizeof(err)));
    EXPECT_NE(std::string(err).find("clock_hz"), std::string::npos) << err;

    c.timing = gic_timing_t{};
    c.timing.mem_read_ns = 90;
    EXPECT_FALSE(gic_config_check(&c, err, sizeof(err)));
    EXPECT_NE(std::string(err).find("mem_max_reads"), std::string::npos) << err;

    c.timing.mem_max_reads = 5; // still no write slot
    EXPECT_FALSE(gic_config_check(&c, err, sizeof(err)));

    c.timing = Gic600Profile();
    EXPECT_TRUE(gic_config_check(&c, err, sizeof(err))) << err;
    c.timing = gic_timing_t{};
    EXPECT_TRUE(gic_config_check(&c, err, sizeof(err))) << err;
}

// ---- 12. reset under timing ----

TEST_F(TimingTest, ResetWithMsisAndCommandsInFlightLeavesAWorkingGic)
{
    Start(Gic600Profile());
    BootMapped(8);
    for (unsigned e = 0; e < 8; e++)
        ASSERT_EQ(gic_msi(gic, 0, kDev, e), GIC_OK);
    QueueMany({DevEvCmd(ITS_OP_INT, kDev, 0), SyncCmd(3), InvallCmd(3), SyncCmd(3)});
    RunTo(gic_now(gic) + 30000); // some MSIs arrived, others and the commands in flight
    ASSERT_TRUE(gic_its_busy(gic, 0));
    uint64_t now = gic_now(gic);

    gic_reset(gic);
    EXPECT_EQ(gic_now(gic), now);
    EXPECT_FALSE(gic_its_busy(gic, 0));
    EXPECT_EQ(gic_next_event_time(gic), GIC_TIME_NEVER);
    EXPECT_EQ(Stats().msi_in_flight, 0u);
    EXPECT_FALSE(Irq(3));
    char why[256] = "";
    EXPECT_TRUE(gic_check_invariants(gic, why, sizeof(why))) << why;

    // Pending-table bits the old LPIs left in memory would come back: clear them.
    for (uint64_t b = 0; b < 8192 / 8 + 16; b += 8)
        MemW64(PendTable(3) + b, 0);
    BootMapped(8);
    Mark();
    ASSERT_EQ(gic_msi(gic, 0, kDev, 5), GIC_OK);
    Drain();
    EXPECT_NE(IrqRise(3), GIC_TIME_NEVER);
    AckEoi(3, 8197);
    EXPECT_EQ(Stats().msi_translated, 1u);
}

// ---- 13. journeys ----

TEST_F(TimingTest, EveryJourneyOfABurstIsOrdered)
{
    cfg.its[0].device_cache_entries = 64;
    cfg.its[0].event_cache_entries = 1024;
    cfg.its[0].collection_cache_entries = 64;
    cfg.lpi_prop_cache_entries = 512;
    gic_timing_t p = Gic600Profile();
    Start(p);
    BootMapped(16);
    uint64_t t0 = gic_now(gic);
    for (unsigned e = 0; e < 16; e++)
        ASSERT_EQ(gic_msi(gic, 0, kDev, e), GIC_OK);
    Drain();
    ASSERT_EQ(journeys.size(), 16u);
    uint64_t prev_arrived = 0;
    for (const Journey &j : journeys) {
        SCOPED_TRACE(j.intid);
        EXPECT_EQ(j.j.written, t0);
        EXPECT_GE(j.j.start, j.j.written + p.its_accept_cycles * cyc);
        EXPECT_GE(j.j.done, j.j.start + 3 * p.its_lookup_cycles * cyc);
        EXPECT_GE(j.j.arrived, j.j.done + (p.link_its_dist_cycles + p.link_dist_redist_cycles) * cyc);
        EXPECT_GE(j.j.visible, j.j.arrived + (p.lpi_cache_hit_cycles + p.redist_arbitration_cycles +
                                              p.cpuif_signal_cycles) * cyc);
        EXPECT_LE(j.j.miss_ps, j.j.done - j.j.start);
        EXPECT_EQ(j.time, j.j.arrived);
        EXPECT_GE(j.j.arrived, prev_arrived); // in-order link
        prev_arrived = j.j.arrived;
    }
}

// The IRQ line should rise when the first LPI of a burst is visible at the CPU
// interface; later arrivals (lower priority by INTID) must not push that back: a
// steady stream of arrivals must not hold the line down.
TEST_F(TimingTest, IrqRisesWhenTheFirstLpiOfABurstIsVisible)
{
    gic_timing_t p = LinkProfile();
    p.its_issue_cycles = 4; // arrivals 4 cycles apart, closer than hit+arb+signal
    Start(p);
    BootMapped(8);
    for (unsigned e = 0; e < 8; e++) { // warm the LPI property cache
        ASSERT_EQ(gic_msi(gic, 0, kDev, e), GIC_OK);
        Drain();
        AckEoi(3, 8192 + e);
    }
    uint64_t t0 = Mark();
    for (unsigned e = 0; e < 8; e++)
        ASSERT_EQ(gic_msi(gic, 0, kDev, e), GIC_OK);
    Drain();
    const Journey *first = JourneyOf(8192, t0);
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(IrqRise(3), first->j.visible);
}

// Same mechanism with wires: an SPI that can never be signalled (disabled) becoming
// pending must not delay the IRQ of an enabled SPI that became pending earlier.
TEST_F(TimingTest, DisabledSpiEdgeDoesNotDelayAnEarlierSpisIrq)
{
    gic_timing_t p = LinkProfile();
    Start(p);
    BootLinux();
    SetupSpi(40, 0x80, 2);
    Write("GICD_IROUTER41", gic_cpu_affinity(2)); // routed to cpu 2, left disabled
    uint64_t t0 = Mark(), irq = t0 + (p.redist_arbitration_cycles + p.cpuif_signal_cycles) * cyc;
    ASSERT_EQ(gic_set_spi(gic, 40, true), GIC_OK);
    RunTo(t0 + 5 * cyc);
    ASSERT_EQ(gic_set_spi(gic, 41, true), GIC_OK);
    Drain();
    EXPECT_EQ(IrqRise(2), irq);
}

// ---- review regressions ----

// Two walks that miss everywhere, written 10 ns apart, with 5 outstanding reads: each
// walk holds one read slot at a time, so the second is not delayed by reads the first
// booked for later (and a wide bus adds nothing for 8-byte reads).
TEST_F(TimingTest, MissingWalksOverlapUpToTheOutstandingReads)
{
    cfg.its[0].device_cache_entries = 0;
    cfg.its[0].event_cache_entries = 0;
    cfg.its[0].collection_cache_entries = 0;
    gic_timing_t p = LinkProfile();
    p.mem_read_ns = 90;
    p.mem_max_reads = 5;
    p.mem_max_writes = 1;
    p.mem_bytes_per_cycle = 16;
    Start(p);
    BootMapped(2);
    uint64_t t0 = Mark(), wait0 = Stats().mem_wait_ps;
    ASSERT_EQ(gic_msi(gic, 0, kDev, 0), GIC_OK);
    RunTo(t0 + 10000);
    ASSERT_EQ(gic_msi(gic, 0, kDev, 1), GIC_OK);
    Drain();
    const Journey *a = JourneyOf(8192, t0), *b = JourneyOf(8193, t0);
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(a->j.miss_ps, 3 * 90000u);
    EXPECT_EQ(b->j.miss_ps, 3 * 90000u);
    EXPECT_EQ(Stats().mem_wait_ps, wait0);
}

// At most its_translations walks at once: the third MSI starts when the first walk ends.
TEST_F(TimingTest, TranslationsInFlightAreLimited)
{
    cfg.its[0].event_cache_entries = 0; // one ITE read per walk
    gic_timing_t p = LinkProfile();
    p.mem_read_ns = 100;
    p.mem_max_reads = 4;
    p.mem_max_writes = 1;
    p.its_translations = 2;
    Start(p);
    BootMapped(3);
    uint64_t t0 = Mark(), A = p.its_accept_cycles * cyc, L = p.its_lookup_cycles * cyc;
    for (unsigned e = 0; e < 3; e++)
        ASSERT_EQ(gic_msi(gic, 0, kDev, e), GIC_OK);
    Drain();
    const Journey *j0 = JourneyOf(8192, t0), *j2 = JourneyOf(8194, t0);
    ASSERT_NE(j0, nullptr);
    ASSERT_NE(j2, nullptr);
    EXPECT_EQ(j0->j.start, t0 + A);
    EXPECT_EQ(j0->j.done, j0->j.start + 3 * L + 100000);
    EXPECT_EQ(j2->j.start, j0->j.done); // waited for a translation slot
}

// CWRITER moved back onto the command in progress: that command completes, the queue
// is taken as empty (no sweep of the stale ring), one guest error.
TEST_F(TimingTest, CwriterMovedBackOntoTheRunningCommandStopsTheQueue)
{
    gic_timing_t p{};
    p.clock_hz = 1000000000;
    p.its_command_cycles = 20;
    Start(p);
    BootMapped();
    gic_its_stats_t before = Stats();
    uint64_t w = QueueMany({SyncCmd(3)});
    RunTo(gic_now(gic) + 5000); // the SYNC is executing
    ASSERT_EQ(Creadr(), w);
    Write("GITS_CWRITER", w);
    Drain();
    EXPECT_EQ(Creadr(), w + 32);
    EXPECT_EQ(Read("GITS_CWRITER") & 0xFFFE0, w + 32);
    EXPECT_EQ(Stats().commands - before.commands, 1u);
    EXPECT_EQ(Stats().command_errors, before.command_errors);
    ASSERT_FALSE(guest_errors.empty());
    EXPECT_NE(guest_errors.back().find("its.cwriter_behind_command"), std::string::npos);
}

// Clearing EnableLPIs forgets the pending LPIs: each is traced as cleared, so that
// listeners (the runner's stimulus and journey maps) forget them too.
TEST_F(TimingTest, ClearingEnableLpisTracesEachDroppedLpiAsCleared)
{
    gic_timing_t p = LinkProfile();
    Start(p);
    BootMapped(3);
    for (unsigned e = 0; e < 3; e++)
        ASSERT_EQ(gic_msi(gic, 0, kDev, e), GIC_OK);
    Drain();
    ASSERT_EQ(journeys.size(), 3u);
    cleared.clear();
    Write("GICR_CTLR", 0, 3);
    Drain();
    std::sort(cleared.begin(), cleared.end());
    EXPECT_EQ(cleared, (std::vector<uint32_t>{8192, 8193, 8194}));
    EXPECT_EQ(gic_lpi_pending_count(gic, 3), 0u);
}
