/* gicsim::Router — a minimal address decoder: one target socket in, one initiator
 * socket per mapped range out. The target sees the offset into its range; an address
 * no range claims answers TLM_ADDRESS_ERROR_RESPONSE. Ranges are tried in the order
 * they were added. No DMI through it (register frames do not grant DMI).
 */
#ifndef GICSIM_TLM_ROUTER_H
#define GICSIM_TLM_ROUTER_H

#include <cstdint>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

namespace gicsim {

class Router : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<Router> target;
    tlm_utils::multi_passthrough_initiator_socket<Router> initiator;

    explicit Router(sc_core::sc_module_name name);
    /* Maps [base, base + size) to the next binding of `initiator` (0, 1, ... in order). */
    void map(uint64_t base, uint64_t size);

private:
    struct range {
        uint64_t base, size;
    };
    std::vector<range> ranges_;

    int decode(tlm::tlm_generic_payload &t);
    void b_transport(tlm::tlm_generic_payload &t, sc_core::sc_time &delay);
    unsigned transport_dbg(tlm::tlm_generic_payload &t);
};

} // namespace gicsim

#endif
