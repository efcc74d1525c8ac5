/* gicsim::Player — the scenario player: an initiator that drives the platform the way
 * the native runner drives the C API, behind the same seam (scenarios/platform/busport.h).
 *   bus   register accesses and MSIs (GITS_TRANSLATER writes carrying a
 *         DeviceIdExtension; a SecureExtension on every access), b_transport
 *   mem   the software's memory accesses (tables, command queues), b_transport
 * CPU-interface registers and wires are the Gic module's methods. Time: advance_to(t)
 * waits on SystemC time, then yields until the GIC's own process has run what is due
 * at t, so the GIC acts first at equal times, as in the native runner.
 * The player's body runs in an SC_THREAD; the simulation stops when it returns.
 */
#ifndef GICSIM_TLM_PLAYER_H
#define GICSIM_TLM_PLAYER_H

#include <functional>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "busport.h"
#include "extensions.h"
#include "gic_module.h"

namespace gicsim {

class Player : public sc_core::sc_module {
public:
    using body_fn = std::function<void(Player &)>;

    tlm_utils::simple_initiator_socket<Player> bus;
    tlm_utils::simple_initiator_socket<Player> mem;

    Player(sc_core::sc_module_name name, Gic &gic, body_fn body);

    Gic &gic() { return gic_; }
    /* The busport of this player, for the runner. */
    const struct busport *port() const { return &port_; }

    gic_status_t mmio_read(uint64_t addr, unsigned size, gic_attrs_t a, uint64_t *val);
    gic_status_t mmio_write(uint64_t addr, unsigned size, uint64_t val, gic_attrs_t a);
    gic_status_t msi(unsigned its, uint32_t device_id, uint32_t event_id);
    int mem_read(uint64_t addr, void *buf, size_t len);
    int mem_write(uint64_t addr, const void *buf, size_t len);
    void advance_to(uint64_t t);

private:
    Gic &gic_;
    body_fn body_;
    struct busport port_;
    tlm::tlm_generic_payload trans_;
    SecureExtension *secure_;   /* owned by trans_ */
    DeviceIdExtension *device_; /* owned by trans_ */
    std::vector<uint64_t> translater_; /* GITS_TRANSLATER's address, per ITS */

    void main();
    tlm::tlm_response_status transport(tlm_utils::simple_initiator_socket<Player> &s,
                                       tlm::tlm_command cmd, uint64_t addr, unsigned char *data,
                                       unsigned len, gic_attrs_t a);
};

} // namespace gicsim

#endif
