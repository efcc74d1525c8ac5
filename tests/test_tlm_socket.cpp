// gicsim::Gic at its sockets (tlm/gic_module.h, docs/tlm.md): generic payloads with
// byte enables, transport_dbg, and DMI invalidation on the table-memory socket, driven
// directly rather than through the scenario player.
//
// SystemC elaborates once per process, so one testbench is built in sc_main and the
// tests run inside its SC_THREAD (they may wait()); each test starts from a reset GIC
// and fresh, zeroed memory.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <list>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "gic_fixture.h" // ItsCmd and the encoder wrappers (no GicTest used here)
#include "gic_module.h"

namespace {

using sc_core::sc_time;
using sc_core::SC_NS;
using sc_core::SC_ZERO_TIME;

constexpr uint64_t kMemBase = 0x40000000, kMemSize = 0x40000;
constexpr uint64_t kQueue = kMemBase, kDevTable = kMemBase + 0x10000,
                   kCollTable = kMemBase + 0x20000;
constexpr uint64_t V = 1ULL << 63;

// Table memory for the GIC's initiator socket: one window that grants DMI over all of
// itself, and that can move its storage (as a memory remapped under a live pointer):
// the old block is kept, poisoned with 0xFF, so a stale pointer reads garbage.
class TableMemory : public sc_core::sc_module {
  public:
    tlm_utils::simple_target_socket<TableMemory> socket;
    unsigned transports = 0, dmi_grants = 0;

    explicit TableMemory(sc_core::sc_module_name n) : sc_module(n), socket("socket")
    {
        socket.register_b_transport(this, &TableMemory::b_transport);
        socket.register_get_direct_mem_ptr(this, &TableMemory::get_dmi);
        blocks_.emplace_back(kMemSize, 0);
        cur_ = &blocks_.back();
    }

    unsigned char *at(uint64_t addr) { return cur_->data() + (addr - kMemBase); }
    uint64_t r64(uint64_t addr)
    {
        uint64_t v;
        std::memcpy(&v, at(addr), 8);
        return v;
    }
    void put(uint64_t addr, const ItsCmd &c) { std::memcpy(at(addr), c.dw, 32); }

    // Zeroed storage and no DMI pointer left anywhere.
    void fresh()
    {
        blocks_.emplace_back(kMemSize, 0);
        cur_ = &blocks_.back();
        socket->invalidate_direct_mem_ptr(0, ~0ULL);
        transports = dmi_grants = 0;
    }

    // Moves the contents to new storage, poisons the old, then invalidates [lo, hi].
    std::vector<unsigned char> *relocate(uint64_t lo, uint64_t hi)
    {
        std::vector<unsigned char> *old = cur_;
        blocks_.emplace_back(*old);
        cur_ = &blocks_.back();
        std::memset(old->data(), 0xFF, old->size());
        socket->invalidate_direct_mem_ptr(lo, hi);
        return old;
    }

  private:
    std::list<std::vector<unsigned char>> blocks_; // every block stays allocated
    std::vector<unsigned char> *cur_ = nullptr;

    void b_transport(tlm::tlm_generic_payload &t, sc_time &)
    {
        transports++;
        uint64_t a = t.get_address(), len = t.get_data_length();
        if (a < kMemBase || a - kMemBase > kMemSize - len) {
            t.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        if (t.is_write())
            std::memcpy(at(a), t.get_data_ptr(), len);
        else
            std::memcpy(t.get_data_ptr(), at(a), len);
        t.set_dmi_allowed(true);
        t.set_response_status(tlm::TLM_OK_RESPONSE);
    }

    bool get_dmi(tlm::tlm_generic_payload &, tlm::tlm_dmi &d)
    {
        dmi_grants++;
        d.set_dmi_ptr(cur_->data());
        d.set_start_address(kMemBase);
        d.set_end_address(kMemBase + kMemSize - 1);
        d.allow_read_write();
        return true;
    }
};

class Bench : public sc_core::sc_module {
  public:
    gicsim::Gic gic;
    TableMemory memory;
    std::vector<std::unique_ptr<tlm_utils::simple_initiator_socket<Bench>>> to_frame;
    sc_core::sc_vector<sc_core::sc_signal<bool>> irq, fiq;
    int result = 1;

    Bench(sc_core::sc_module_name n, const gic_config_t &cfg)
        : sc_module(n), gic("gic", cfg), memory("memory"), irq("irq"), fiq("fiq")
    {
        if (!gic.ok())
            return;
        gic.mem.bind(memory.socket);
        irq.init(cfg.num_cpus);
        fiq.init(cfg.num_cpus);
        for (unsigned c = 0; c < cfg.num_cpus; c++) {
            gic.irq[c].bind(irq[c]);
            gic.fiq[c].bind(fiq[c]);
        }
        // One initiator per frame of the map, bound through Gic::socket().
        for (const gic_frame_t &f : gic.frames()) {
            to_frame.emplace_back(new tlm_utils::simple_initiator_socket<Bench>(
                sc_core::sc_gen_unique_name("to_frame")));
            to_frame.back()->bind(gic.socket(f));
        }
        SC_HAS_PROCESS(Bench);
        SC_THREAD(run);
    }

  private:
    void run()
    {
        result = RUN_ALL_TESTS();
        sc_core::sc_stop();
    }
};

Bench *bench;
unsigned trace_events; // every event on the core's trace bus (one listener, from sc_main)

void CountEvents(void *, const gic_trace_event_t *)
{
    trace_events++;
}

class TlmSocketTest : public ::testing::Test {
  protected:
    gic_t *core = nullptr;

    void SetUp() override
    {
        core = bench->gic.core();
        gic_reset(core);
        bench->memory.fresh();
        Settle();
    }

    // Lets the GIC's scheduler process run what the last access scheduled.
    void Settle() { sc_core::wait(sc_time(1, SC_NS)); }

    // The frame (socket index) and offset of a register, from its architectural name.
    std::pair<size_t, uint64_t> Where(const char *reg, unsigned inst = 0)
    {
        uint64_t addr = 0;
        unsigned w;
        EXPECT_EQ(gic_reg_addr(core, reg, inst, &addr, &w), GIC_OK) << reg;
        const std::vector<gic_frame_t> &f = bench->gic.frames();
        for (size_t k = 0; k < f.size(); k++)
            if (addr >= f[k].base && addr - f[k].base < f[k].size)
                return {k, addr - f[k].base};
        ADD_FAILURE() << reg << " is in no frame";
        return {0, 0};
    }

    // One b_transport; data is len bytes, be (if not null) be_len byte enables.
    tlm::tlm_response_status Transport(tlm::tlm_command cmd, const char *reg,
                                       unsigned char *data, unsigned len,
                                       const unsigned char *be = nullptr, unsigned be_len = 0,
                                       uint64_t extra_off = 0)
    {
        auto w = Where(reg);
        tlm::tlm_generic_payload t;
        sc_time delay = SC_ZERO_TIME;
        t.set_command(cmd);
        t.set_address(w.second + extra_off);
        t.set_data_ptr(data);
        t.set_data_length(len);
        t.set_streaming_width(len);
        t.set_byte_enable_ptr(const_cast<unsigned char *>(be));
        t.set_byte_enable_length(be_len);
        t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        (*bench->to_frame[w.first])->b_transport(t, delay);
        return t.get_response_status();
    }

    void Write64(const char *reg, uint64_t v)
    {
        unsigned char b[8];
        std::memcpy(b, &v, 8); // the test host is little-endian, as the bus is
        ASSERT_EQ(Transport(tlm::TLM_WRITE_COMMAND, reg, b, 8), tlm::TLM_OK_RESPONSE) << reg;
    }
    uint64_t Read64(const char *reg)
    {
        unsigned char b[8] = {0};
        EXPECT_EQ(Transport(tlm::TLM_READ_COMMAND, reg, b, 8), tlm::TLM_OK_RESPONSE) << reg;
        uint64_t v;
        std::memcpy(&v, b, 8);
        return v;
    }

    unsigned Debug(tlm::tlm_command cmd, const char *reg, unsigned char *data, unsigned len)
    {
        auto w = Where(reg);
        tlm::tlm_generic_payload t;
        t.set_command(cmd);
        t.set_address(w.second);
        t.set_data_ptr(data);
        t.set_data_length(len);
        return (*bench->to_frame[w.first])->transport_dbg(t);
    }

    // The ITS with a device table, a collection table and a 64 KiB command queue in
    // the table memory, enabled.
    void EnableIts()
    {
        Write64("GITS_BASER0", V | kDevTable | (2u << 8));
        Write64("GITS_BASER1", V | kCollTable | (2u << 8));
        Write64("GITS_CBASER", V | kQueue | 15);
        Write64("GITS_CWRITER", 0);
        unsigned char on[4] = {1, 0, 0, 0};
        ASSERT_EQ(Transport(tlm::TLM_WRITE_COMMAND, "GITS_CTLR", on, 4), tlm::TLM_OK_RESPONSE);
        Settle();
        ASSERT_EQ(gic_guest_error_count(core), 0u);
    }

    // Puts a command in the queue at CWRITER (as a CPU would, in memory) and moves it.
    void Command(const ItsCmd &c)
    {
        ASSERT_TRUE(c.err == nullptr) << c.err;
        uint64_t w = Read64("GITS_CWRITER");
        bench->memory.put(kQueue + w, c);
        Write64("GITS_CWRITER", w + 32);
        Settle();
    }

    gic_its_stats_t Stats()
    {
        gic_its_stats_t s{};
        gic_its_get_stats(core, 0, &s);
        return s;
    }
};

// ---- byte enables ----------------------------------------------------------------

constexpr unsigned char ON = TLM_BYTE_ENABLED, OFF = TLM_BYTE_DISABLED;
constexpr uint64_t kOld = V | kQueue | 1, kNew = V | kQueue | 0x10000 | 7; // two CBASERs

TEST_F(TlmSocketTest, AnEnabledLowHalfWritesOnlyThatHalf)
{
    Write64("GITS_CBASER", kOld);
    uint64_t full = Read64("GITS_CBASER");
    unsigned char b[8];
    std::memcpy(b, &kNew, 8);
    const unsigned char be[8] = {ON, ON, ON, ON, OFF, OFF, OFF, OFF};
    ASSERT_EQ(Transport(tlm::TLM_WRITE_COMMAND, "GITS_CBASER", b, 8, be, 8),
              tlm::TLM_OK_RESPONSE);
    uint64_t now = Read64("GITS_CBASER");
    EXPECT_EQ(now >> 32, full >> 32);              // high half as it was
    EXPECT_EQ((uint32_t)now, (uint32_t)(kNew & 0xFFFFFFFF)); // low half written
    EXPECT_EQ(gic_guest_error_count(core), 0u);
}

TEST_F(TlmSocketTest, AnEnabledHighHalfReadsOnlyThoseBytes)
{
    Write64("GITS_CBASER", kNew);
    unsigned char b[8];
    std::memset(b, 0xAA, 8);
    const unsigned char none[4] = {OFF, OFF, OFF, OFF};
    const unsigned char be8[8] = {OFF, OFF, OFF, OFF, ON, ON, ON, ON};
    ASSERT_EQ(Transport(tlm::TLM_READ_COMMAND, "GITS_CBASER", b, 8, be8, 8),
              tlm::TLM_OK_RESPONSE);
    for (int i = 0; i < 4; i++)
        EXPECT_EQ(b[i], 0xAA) << "disabled byte " << i << " was written";
    uint32_t hi;
    std::memcpy(&hi, b + 4, 4);
    EXPECT_EQ(hi, (uint32_t)(Read64("GITS_CBASER") >> 32));
    // Nothing enabled at all (a 4-byte pattern repeated over 8 bytes): refused.
    EXPECT_EQ(Transport(tlm::TLM_READ_COMMAND, "GITS_CBASER", b, 8, none, 4),
              tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
}

TEST_F(TlmSocketTest, PatternsThatAreNoRegisterAccessAreRefusedAndChangeNothing)
{
    Write64("GITS_CBASER", kOld);
    uint64_t before = Read64("GITS_CBASER");
    unsigned events = trace_events;
    unsigned char b[8];
    std::memcpy(b, &kNew, 8);
    const unsigned char repeat[2] = {ON, OFF};            // bytes 0, 2, 4, 6: holes
    const unsigned char odd[8] = {OFF, ON, ON, OFF, OFF, OFF, OFF, OFF}; // 2 bytes at +1
    const unsigned char three[8] = {ON, ON, ON, OFF, OFF, OFF, OFF, OFF}; // 3 bytes
    for (auto &[be, n] : {std::pair<const unsigned char *, unsigned>{repeat, 2}, {odd, 8},
                          {three, 8}})
        EXPECT_EQ(Transport(tlm::TLM_WRITE_COMMAND, "GITS_CBASER", b, 8, be, n),
                  tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    EXPECT_EQ(trace_events, events); // the core never saw them
    EXPECT_EQ(Read64("GITS_CBASER"), before);
    EXPECT_EQ(gic_guest_error_count(core), 0u);
}

// A 2-byte run inside a 4-byte data word reaches the core as a 2-byte access, which
// the core's own size rules then judge (GITS_CBASER allows 4 and 8 bytes only).
TEST_F(TlmSocketTest, ANarrowRunIsTheCoresNarrowAccess)
{
    unsigned char b[4] = {0x12, 0x34, 0x56, 0x78};
    const unsigned char be[4] = {OFF, OFF, ON, ON};
    EXPECT_EQ(Transport(tlm::TLM_WRITE_COMMAND, "GITS_CBASER", b, 4, be, 4),
              tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(gic_guest_error_count(core), 1u); // mmio.size: 2-byte write at +2
}

// ---- transport_dbg -------------------------------------------------------------

TEST_F(TlmSocketTest, DebugReadsGiveTheRegisterWithoutSideEffects)
{
    Write64("GITS_CBASER", kNew);
    uint64_t value = Read64("GITS_CBASER");
    unsigned events = trace_events;
    unsigned char b[8] = {0};
    ASSERT_EQ(Debug(tlm::TLM_READ_COMMAND, "GITS_CBASER", b, 8), 8u);
    uint64_t v;
    std::memcpy(&v, b, 8);
    EXPECT_EQ(v, value);
    // A write-only register reads as zero for a debugger, with no guest error; the
    // same read on the bus is one.
    unsigned char t[4] = {1, 1, 1, 1};
    ASSERT_EQ(Debug(tlm::TLM_READ_COMMAND, "GITS_TRANSLATER", t, 4), 4u);
    EXPECT_EQ(t[0] | t[1] | t[2] | t[3], 0);
    EXPECT_EQ(gic_guest_error_count(core), 0u);
    EXPECT_EQ(trace_events, events);
    EXPECT_EQ(Transport(tlm::TLM_READ_COMMAND, "GITS_TRANSLATER", t, 4), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(gic_guest_error_count(core), 1u);
    EXPECT_GT(trace_events, events);
}

TEST_F(TlmSocketTest, DebugReadsDoNotMoveTheCoresClock)
{
    Settle();
    uint64_t before = gic_now(core); // the core's clock stands still between events
    sc_core::wait(sc_time(10, SC_NS));
    unsigned char b[4];
    ASSERT_EQ(Debug(tlm::TLM_READ_COMMAND, "GITS_CTLR", b, 4), 4u);
    EXPECT_EQ(gic_now(core), before);
    Read64("GITS_CBASER"); // a bus access brings it to now
    EXPECT_EQ(gic_now(core), gicsim::Gic::now_ps());
    EXPECT_GT(gic_now(core), before);
}

TEST_F(TlmSocketTest, DebugBlockReadsAreWordsAndDebugWritesAreRefused)
{
    Write64("GITS_CBASER", kNew);
    unsigned char block[16];
    ASSERT_EQ(Debug(tlm::TLM_READ_COMMAND, "GITS_CBASER", block, 16), 16u); // + CWRITER
    uint64_t cbaser, cwriter;
    std::memcpy(&cbaser, block, 8);
    std::memcpy(&cwriter, block + 8, 8);
    EXPECT_EQ(cbaser, Read64("GITS_CBASER"));
    EXPECT_EQ(cwriter, Read64("GITS_CWRITER"));
    unsigned char w[8];
    std::memcpy(w, &kOld, 8);
    EXPECT_EQ(Debug(tlm::TLM_WRITE_COMMAND, "GITS_CBASER", w, 8), 0u);
    EXPECT_EQ(Read64("GITS_CBASER"), cbaser);
}

// ---- DMI on the table-memory socket ----------------------------------------------

TEST_F(TlmSocketTest, TableAccessesUseDmiOnceGranted)
{
    TableMemory &m = bench->memory;
    EnableIts();
    Command(SyncCmd(0));
    ASSERT_EQ(m.dmi_grants, 1u); // the first transaction said DMI allowed
    unsigned transports = m.transports;
    Command(MapcCmd(1, 0));
    EXPECT_EQ(m.transports, transports); // queue read and CTE write through the pointer
    EXPECT_EQ(m.r64(kCollTable + 8) >> 63, 1u);
    EXPECT_EQ(Stats().command_errors, 0u);
}

TEST_F(TlmSocketTest, InvalidatedDmiIsDroppedAndTransactionsResume)
{
    TableMemory &m = bench->memory;
    EnableIts();
    Command(MapcCmd(1, 0));
    ASSERT_EQ(m.dmi_grants, 1u);
    // An invalidation outside the granted range leaves the pointer in use.
    unsigned transports = m.transports;
    m.socket->invalidate_direct_mem_ptr(0, kMemBase - 1);
    Command(MapcCmd(2, 1));
    EXPECT_EQ(m.transports, transports);
    // The memory moves: the old block now holds 0xFF (opcode 0xFF is no command).
    std::vector<unsigned char> *old = m.relocate(kMemBase + 0x1000, kMemBase + 0x1FFF);
    Command(MapcCmd(3, 1));
    EXPECT_EQ(Stats().command_errors, 0u); // the command came from the new storage
    EXPECT_GT(m.transports, transports);   // by transaction first
    EXPECT_EQ(m.dmi_grants, 2u);           // then a new pointer was asked for
    EXPECT_EQ(m.r64(kCollTable + 3 * 8) >> 63, 1u);
    uint64_t stale;
    std::memcpy(&stale, old->data() + (kCollTable - kMemBase) + 3 * 8, 8);
    EXPECT_EQ(stale, ~0ULL); // nothing written through the old pointer
    EXPECT_EQ(m.r64(kCollTable + 2 * 8) >> 63, 1u); // earlier entries moved along
}

} // namespace

int sc_main(int argc, char **argv)
{
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    ::testing::InitGoogleTest(&argc, argv);
    gic_config_t cfg;
    gic_config_default(&cfg);
    cfg.num_cpus = 2;
    cfg.num_its = 1;
    Bench b("bench", cfg);
    if (!b.gic.ok()) {
        fprintf(stderr, "gic: %s\n", b.gic.error().c_str());
        return 2;
    }
    bench = &b;
    gic_add_trace_listener(b.gic.core(), CountEvents, nullptr);
    sc_core::sc_start();
    return b.result;
}

// SystemC's own main() would print its banner before sc_main: stdout is gtest's (test
// discovery parses it).
int main(int argc, char **argv)
{
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    return sc_core::sc_elab_and_sim(argc, argv);
}
