/* gicsim::Router: address decoding (router.h). */
#include "router.h"

namespace gicsim {

Router::Router(sc_core::sc_module_name name)
    : sc_module(name), target("target"), initiator("initiator")
{
    target.register_b_transport(this, &Router::b_transport);
    target.register_transport_dbg(this, &Router::transport_dbg);
}

void Router::map(uint64_t base, uint64_t size)
{
    ranges_.push_back({base, size});
}

/* The index of the range holding the whole access, with the address made relative. */
int Router::decode(tlm::tlm_generic_payload &t)
{
    uint64_t a = t.get_address(), len = t.get_data_length();
    for (size_t i = 0; i < ranges_.size(); i++)
        if (a >= ranges_[i].base && a - ranges_[i].base < ranges_[i].size) {
            if (ranges_[i].size - (a - ranges_[i].base) < len)
                return -1;
            t.set_address(a - ranges_[i].base);
            return (int)i;
        }
    return -1;
}

void Router::b_transport(tlm::tlm_generic_payload &t, sc_core::sc_time &delay)
{
    uint64_t a = t.get_address();
    int port = decode(t);
    if (port < 0) {
        t.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    initiator[port]->b_transport(t, delay);
    t.set_address(a); /* the initiator gets its payload back as it sent it */
}

unsigned Router::transport_dbg(tlm::tlm_generic_payload &t)
{
    uint64_t a = t.get_address();
    int port = decode(t);
    unsigned n = port < 0 ? 0 : initiator[port]->transport_dbg(t);
    t.set_address(a);
    return n;
}

} // namespace gicsim
