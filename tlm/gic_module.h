/* gicsim::Gic — the C core as a SystemC/TLM-2.0 component.
 *
 * No GIC behaviour lives here: the module only puts sockets, time and signals around
 * a gic_t.
 *   gicd, gicr, its_ctrl[i], its_trans[i], its_sgi[i] (GICv4.1 only)  target sockets,
 *       one per frame of the
 *       core's map (gic_frames, frames()); addresses are offsets into the frame (a
 *       router subtracts the frame base).
 *       Loosely timed b_transport; the core's slave-port cost of the access
 *       (gic_last_access_time) is added to the annotated delay. Byte enables that
 *       select one aligned run of 1, 2, 4 or 8 bytes are that narrower access; other
 *       patterns are refused. transport_dbg reads without side effects
 *       (gic_mmio_peek) and refuses writes.
 *   mem       initiator socket: every table and queue access of the GIC, with DMI
 *             when the target grants it; an invalidation drops the regions it
 *             overlaps, and accesses there go back to transactions.
 *   irq, fiq  one sc_out<bool> per CPU.
 * The bus attributes come from extensions.h (DeviceID of an MSI, security state).
 * CPU-interface registers and interrupt wires are methods (sysreg_read, set_spi, ...).
 *
 * Time: the core's scheduler is slaved to SystemC time. A method process runs the core
 * up to the current time whenever its next event is due and re-arms itself for the
 * next one; every access first brings the core's clock up to sc_time_stamp() and
 * re-arms the process afterwards. Events due at the very instant of an access are left
 * to that process (an access and a GIC event at the same time are concurrent; an
 * initiator that wants the GIC first yields a delta, as the scenario player does).
 */
#ifndef GICSIM_TLM_GIC_MODULE_H
#define GICSIM_TLM_GIC_MODULE_H

#include <cstdint>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "gicsim/gicsim.h"

namespace gicsim {

class Gic : public sc_core::sc_module {
public:
    using target_socket = tlm_utils::simple_target_socket_tagged<Gic>;

    target_socket gicd;                      /* distributor, 64 KiB */
    target_socket gicr;                      /* redistributors, num_cpus x gicr_stride */
    sc_core::sc_vector<target_socket> its_ctrl;  /* per ITS: control frame, 64 KiB */
    sc_core::sc_vector<target_socket> its_trans; /* per ITS: translation frame, 64 KiB */
    sc_core::sc_vector<target_socket> its_sgi;   /* GICv4.1, per ITS: vSGI frame, 64 KiB */
    tlm_utils::simple_initiator_socket<Gic> mem;
    sc_core::sc_vector<sc_core::sc_out<bool>> irq, fiq;

    /* cfg as for gic_create; cfg.mem is replaced by the mem socket. Check ok(). */
    Gic(sc_core::sc_module_name name, const gic_config_t &cfg);
    ~Gic() override;
    Gic(const Gic &) = delete;
    Gic &operator=(const Gic &) = delete;

    bool ok() const { return gic_ != nullptr; }
    const std::string &error() const { return error_; }
    /* The core, to observe it (statistics, trace listeners, signal levels). */
    gic_t *core() const { return gic_; }
    const gic_config_t &config() const { return cfg_; }

    /* The core's frame map (gic_frames) and the target socket that serves each frame:
     * an interconnect maps frames()[k] at its base and binds socket(frames()[k]). Empty
     * unless ok(). */
    const std::vector<gic_frame_t> &frames() const { return frames_; }
    target_socket &socket(const gic_frame_t &frame);

    /* CPU-interface system registers of a PE, and its security state. */
    gic_status_t sysreg_read(unsigned cpu, gic_sysreg_t reg, uint64_t *val);
    gic_status_t sysreg_write(unsigned cpu, gic_sysreg_t reg, uint64_t val);
    gic_status_t set_cpu_secure(unsigned cpu, bool secure);
    gic_status_t set_cpu_el(unsigned cpu, unsigned el, bool imo, bool fmo);
    /* Interrupt wires: methods rather than ports, so that a pulse (high then low at the
     * same instant) is seen and hundreds of SPIs need no signals. */
    gic_status_t set_spi(unsigned intid, bool level);
    gic_status_t set_ppi(unsigned cpu, unsigned intid, bool level);

    /* Notified whenever the core changes an IRQ/FIQ output (before the ports follow):
     * a CPU model may sleep on it and then read gic_signal_level(core(), ...). */
    const sc_core::sc_event &lines_changed_event() const { return lines_changed_; }

    /* Brings the core's clock, which stands still between its events, to the current
     * time (running anything overdue), as every access does first. */
    void sync() { enter(); }

    /* Simulated time in ps (the core's unit) and back. */
    static uint64_t now_ps();
    static sc_core::sc_time ps(uint64_t t);

private:
    struct dmi_region {
        uint64_t start, end; /* inclusive */
        unsigned char *ptr;
        bool read, write;
    };

    gic_config_t cfg_;
    gic_t *gic_ = nullptr;
    std::string error_;
    std::vector<gic_frame_t> frames_; /* the core's map; index = socket tag */
    uint64_t armed_at_ = GIC_TIME_NEVER;
    sc_core::sc_event rearm_, lines_changed_;
    std::vector<unsigned> dirty_lines_; /* cpu * 2 + signal, waiting for drive_lines */
    std::vector<bool> line_dirty_;
    tlm::tlm_generic_payload mem_trans_;
    std::vector<dmi_region> dmi_;
    unsigned dmi_next_ = 0;

    void enter();
    void leave();
    void run_scheduler();
    void drive_lines();
    static void on_signal(void *opaque, unsigned cpu, gic_signal_t sig, bool level);

    void b_transport(int tag, tlm::tlm_generic_payload &t, sc_core::sc_time &delay);
    unsigned transport_dbg(int tag, tlm::tlm_generic_payload &t);

    static int mem_read_cb(void *opaque, uint64_t addr, void *buf, size_t len);
    static int mem_write_cb(void *opaque, uint64_t addr, const void *buf, size_t len);
    int mem_access(tlm::tlm_command cmd, uint64_t addr, unsigned char *buf, size_t len);
    const dmi_region *dmi_find(uint64_t addr, size_t len, bool write) const;
    void dmi_request(uint64_t addr);
    void invalidate_dmi(sc_dt::uint64 start, sc_dt::uint64 end);
};

} // namespace gicsim

#endif
