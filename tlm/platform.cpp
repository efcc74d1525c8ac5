/* gicsim::Platform: binding and tracing (platform.h). */
#include "platform.h"

namespace gicsim {

Platform::Platform(sc_core::sc_module_name name, const gic_config_t &cfg,
                   Player::body_fn body, const char *lines_vcd)
    : sc_module(name), gic("gic", cfg), memory("memory"), router("router"),
      player("player", gic, std::move(body)), irq("irq"), fiq("fiq")
{
    if (!gic.ok())
        return; /* nothing to bind: the caller reports error() and does not start */
    bind_frames();
    gic.mem.bind(memory.socket);
    player.mem.bind(memory.socket);
    player.bus.bind(router.target);
    irq.init(cfg.num_cpus);
    fiq.init(cfg.num_cpus);
    for (unsigned c = 0; c < cfg.num_cpus; c++) {
        gic.irq[c].bind(irq[c]);
        gic.fiq[c].bind(fiq[c]);
    }
    if (lines_vcd)
        trace_lines(lines_vcd);
}

Platform::~Platform()
{
    if (trace_)
        sc_core::sc_close_vcd_trace_file(trace_);
}

/* The router's windows are the core's frame map, in its decode order. */
void Platform::bind_frames()
{
    for (const gic_frame_t &f : gic.frames()) {
        router.map(f.base, f.size);
        router.initiator.bind(gic.socket(f));
    }
}

/* One VCD with cpuN.irq and cpuN.fiq, in ps like the core's own waveform. */
void Platform::trace_lines(const char *path)
{
    std::string base(path);
    if (base.size() > 4 && base.compare(base.size() - 4, 4, ".vcd") == 0)
        base.resize(base.size() - 4); /* sc_create_vcd_trace_file appends it */
    trace_ = sc_core::sc_create_vcd_trace_file(base.c_str());
    trace_->set_time_unit(1, sc_core::SC_PS);
    for (unsigned c = 0; c < irq.size(); c++) {
        sc_core::sc_trace(trace_, irq[c], "cpu" + std::to_string(c) + ".irq");
        sc_core::sc_trace(trace_, fiq[c], "cpu" + std::to_string(c) + ".fiq");
    }
}

} // namespace gicsim
