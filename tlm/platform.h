/* gicsim::Platform — the example virtual platform of gicsim-tlm:
 *
 *     Player.bus --> Router --+--> Gic.gicd, Gic.gicr, Gic.its_ctrl[i], Gic.its_trans[i],
 *                             |    Gic.its_sgi[i] (GICv4.1)
 *     Player.mem ----------------> Memory <-- Gic.mem (tables, queues; DMI)
 *     Gic.irq[c], Gic.fiq[c] ----> sc_signal<bool> (traced to a VCD when asked)
 *
 * The GIC is built from a gic_config_t (the scenario's `system`); the router maps the
 * frames at the addresses the config gives them. Construct, check ok(), sc_start().
 */
#ifndef GICSIM_TLM_PLATFORM_H
#define GICSIM_TLM_PLATFORM_H

#include <string>

#include <systemc>

#include "gic_module.h"
#include "memory.h"
#include "player.h"
#include "router.h"

namespace gicsim {

class Platform : public sc_core::sc_module {
public:
    Gic gic;
    Memory memory;
    Router router;
    Player player;
    sc_core::sc_vector<sc_core::sc_signal<bool>> irq, fiq;

    /* lines_vcd: where sc_trace writes IRQ/FIQ (".vcd" is appended unless present), or
     * nullptr. */
    Platform(sc_core::sc_module_name name, const gic_config_t &cfg, Player::body_fn body,
             const char *lines_vcd = nullptr);
    ~Platform() override;
    Platform(const Platform &) = delete;
    Platform &operator=(const Platform &) = delete;

    bool ok() const { return gic.ok(); }
    const std::string &error() const { return gic.error(); }

private:
    sc_core::sc_trace_file *trace_ = nullptr;

    void bind_frames();
    void trace_lines(const char *path);
};

} // namespace gicsim

#endif
