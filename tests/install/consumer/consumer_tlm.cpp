// A virtual platform's use of gicsim::Gic, built by tests/install/install_check.sh
// against an installed gicsim only (find_package(gicsim COMPONENTS tlm traces),
// gicsim::tlm). The testbench binds table memory to the GIC's mem socket, its IRQ
// outputs to signals, and one initiator to each frame socket; its thread programs the
// GIC with b_transport (an MMIO write read back), raises SPI 40 and expects CPU 0's
// IRQ signal to rise and the acknowledge to return 40. A waveform is attached to the
// module's core (gicsim/traces.h).
//
//   consumer_tlm VERSION OUT_PREFIX    exit 0 when every check holds
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <gicsim/tlm/extensions.h>
#include <gicsim/tlm/gic_module.h>
#include <gicsim/traces.h>

namespace {

int failures;
#define CHECK(cond, what)                                                                  \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            std::fprintf(stderr, "consumer_tlm: check failed: %s: %s\n", #cond, what);    \
            failures++;                                                                    \
        }                                                                                  \
    } while (0)

// Zeroed RAM for the GIC's tables and queues (unused by an SPI, bound all the same).
struct Ram : sc_core::sc_module {
    tlm_utils::simple_target_socket<Ram> socket;
    std::vector<unsigned char> bytes = std::vector<unsigned char>(1 << 20);
    explicit Ram(sc_core::sc_module_name n) : sc_module(n), socket("socket")
    {
        socket.register_b_transport(this, &Ram::b_transport);
    }
    void b_transport(tlm::tlm_generic_payload &t, sc_core::sc_time &)
    {
        uint64_t a = t.get_address() & (bytes.size() - 1);
        if (t.is_write())
            std::memcpy(&bytes[a], t.get_data_ptr(), t.get_data_length());
        else
            std::memcpy(t.get_data_ptr(), &bytes[a], t.get_data_length());
        t.set_response_status(tlm::TLM_OK_RESPONSE);
    }
};

struct Bench : sc_core::sc_module {
    gicsim::Gic gic;
    Ram ram;
    std::vector<std::unique_ptr<tlm_utils::simple_initiator_socket<Bench>>> cpu;
    sc_core::sc_vector<sc_core::sc_signal<bool>> irq, fiq;

    SC_HAS_PROCESS(Bench);
    Bench(sc_core::sc_module_name n, const gic_config_t &cfg)
        : sc_module(n), gic("gic", cfg), ram("ram"), irq("irq", cfg.num_cpus),
          fiq("fiq", cfg.num_cpus)
    {
        gic.mem.bind(ram.socket);
        for (unsigned c = 0; c < cfg.num_cpus; c++) {
            gic.irq[c].bind(irq[c]);
            gic.fiq[c].bind(fiq[c]);
        }
        for (const gic_frame_t &f : gic.frames()) {
            cpu.emplace_back(new tlm_utils::simple_initiator_socket<Bench>(
                sc_core::sc_gen_unique_name("cpu")));
            cpu.back()->bind(gic.socket(f));
        }
        SC_THREAD(run);
    }

    // One 32-bit access to a register by name, through the socket of its frame.
    bool access(tlm::tlm_command cmd, const char *name, uint32_t &v)
    {
        uint64_t addr = 0;
        unsigned width = 0;
        if (gic_reg_addr(gic.core(), name, 0, &addr, &width) != GIC_OK)
            return false;
        for (size_t k = 0; k < gic.frames().size(); k++) {
            const gic_frame_t &f = gic.frames()[k];
            if (addr < f.base || addr - f.base >= f.size)
                continue;
            tlm::tlm_generic_payload t;
            gicsim::SecureExtension ns(false);
            sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
            unsigned char b[4];
            std::memcpy(b, &v, 4);
            t.set_command(cmd);
            t.set_address(addr - f.base);
            t.set_data_ptr(b);
            t.set_data_length(4);
            t.set_streaming_width(4);
            t.set_extension(&ns);
            t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
            (*cpu[k])->b_transport(t, delay);
            t.clear_extension(&ns);
            std::memcpy(&v, b, 4);
            wait(delay);
            return t.get_response_status() == tlm::TLM_OK_RESPONSE;
        }
        return false;
    }
    void write(const char *name, uint32_t v) { CHECK(access(tlm::TLM_WRITE_COMMAND, name, v), name); }
    uint32_t read(const char *name)
    {
        uint32_t v = 0;
        CHECK(access(tlm::TLM_READ_COMMAND, name, v), name);
        return v;
    }

    void run()
    {
        write("GICD_CTLR", 0x12); // EnableGrp1, ARE
        CHECK((read("GICD_CTLR") & 0x12) == 0x12, "GICD_CTLR reads back what was written");
        write("GICD_IGROUPR1", ~0u);
        write("GICD_IPRIORITYR10", 0xa0);
        write("GICD_ISENABLER1", 1u << 8);
        CHECK(read("GICD_ISENABLER1") & (1u << 8), "SPI 40 enabled");
        write("GICR_WAKER", 0);
        gic.sysreg_write(0, ICC_PMR_EL1, 0xf0);
        gic.sysreg_write(0, ICC_IGRPEN1_EL1, 1);
        CHECK(!irq[0].read(), "IRQ low before the SPI");

        gic.set_spi(40, true);
        wait(sc_core::sc_time(1, sc_core::SC_US));
        CHECK(irq[0].read(), "CPU 0's IRQ signal rose");
        uint64_t intid = 0;
        gic.sysreg_read(0, ICC_IAR1_EL1, &intid);
        CHECK(intid == 40, "CPU 0 acknowledged INTID 40");
        gic.set_spi(40, false);
        gic.sysreg_write(0, ICC_EOIR1_EL1, intid);
        wait(sc_core::sc_time(1, sc_core::SC_US));
        CHECK(!irq[0].read(), "CPU 0's IRQ signal fell");
        sc_core::sc_stop();
    }
};

} // namespace

int sc_main(int argc, char **argv)
{
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    if (argc != 3) {
        std::fprintf(stderr, "usage: consumer_tlm VERSION OUT_PREFIX\n");
        return 2;
    }
    CHECK(!std::strcmp(GICSIM_VERSION, argv[1]), "installed header version");
    gic_config_t cfg;
    gic_config_default(&cfg);
    cfg.num_cpus = 2;
    Bench bench("bench", cfg);
    if (!bench.gic.ok()) {
        std::fprintf(stderr, "consumer_tlm: %s\n", bench.gic.error().c_str());
        return 1;
    }
    std::string vcd = std::string(argv[2]) + ".vcd";
    struct gic_waveform *wave = gic_waveform_open(bench.gic.core(), vcd.c_str(), 0);
    CHECK(wave, "attaching a waveform to gicsim::Gic's core");
    sc_core::sc_start();
    if (wave)
        CHECK(gic_waveform_close(wave, gicsim::Gic::now_ps()) == 0, "closing the waveform");
    if (failures)
        return 1;
    std::printf("consumer_tlm: gicsim %s with SystemC %s: gicsim::Gic, b_transport, IRQ "
                "signal, waveform %s\n",
                GICSIM_VERSION, sc_core::sc_release(), vcd.c_str());
    return 0;
}
