/* gicsim::Memory — the example platform's memory: sparse, zero-filled, below 2^52.
 *
 * Storage comes in 64 KiB chunks allocated on first write (or on a DMI request), so a
 * 52-bit address space costs only what is touched. Accesses reaching 2^52 answer
 * TLM_ADDRESS_ERROR_RESPONSE, as gic_mem_t aborts them. DMI is granted one chunk at a
 * time (the largest contiguous host block there is), read and write, zero latency.
 * Several initiators bind to `socket` (the GIC's table walker, the CPUs).
 */
#ifndef GICSIM_TLM_MEMORY_H
#define GICSIM_TLM_MEMORY_H

#include <cstdint>
#include <memory>
#include <unordered_map>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_target_socket.h>

namespace gicsim {

class Memory : public sc_core::sc_module {
public:
    tlm_utils::multi_passthrough_target_socket<Memory> socket;

    explicit Memory(sc_core::sc_module_name name);

    static constexpr uint64_t CHUNK = 0x10000;
    static constexpr uint64_t LIMIT = 1ULL << 52;

    size_t chunks() const { return chunks_.size(); }
    uint64_t dmi_grants() const { return dmi_grants_; }

private:
    std::unordered_map<uint64_t, std::unique_ptr<unsigned char[]>> chunks_;
    uint64_t dmi_grants_ = 0;

    unsigned char *chunk(uint64_t index, bool allocate);
    bool access(tlm::tlm_generic_payload &t);
    void b_transport(int port, tlm::tlm_generic_payload &t, sc_core::sc_time &delay);
    unsigned transport_dbg(int port, tlm::tlm_generic_payload &t);
    bool get_direct_mem_ptr(int port, tlm::tlm_generic_payload &t, tlm::tlm_dmi &dmi);
};

} // namespace gicsim

#endif
