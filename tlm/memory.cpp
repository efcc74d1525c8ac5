/* gicsim::Memory: sparse memory target with DMI (memory.h). */
#include "memory.h"

#include <algorithm>
#include <cstring>

namespace gicsim {

Memory::Memory(sc_core::sc_module_name name) : sc_module(name), socket("socket")
{
    socket.register_b_transport(this, &Memory::b_transport);
    socket.register_transport_dbg(this, &Memory::transport_dbg);
    socket.register_get_direct_mem_ptr(this, &Memory::get_direct_mem_ptr);
}

unsigned char *Memory::chunk(uint64_t index, bool allocate)
{
    auto it = chunks_.find(index);
    if (it != chunks_.end())
        return it->second.get();
    if (!allocate)
        return nullptr;
    auto &slot = chunks_[index];
    slot.reset(new unsigned char[CHUNK]());
    return slot.get();
}

/* Copies chunk by chunk; untouched memory reads as zero without being allocated. */
bool Memory::access(tlm::tlm_generic_payload &t)
{
    uint64_t addr = t.get_address();
    uint64_t len = t.get_data_length();
    if (t.get_byte_enable_ptr() || t.get_streaming_width() < len) {
        t.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return false;
    }
    if (addr >= LIMIT || LIMIT - addr < len) {
        t.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return false;
    }
    bool write = t.is_write();
    unsigned char *data = t.get_data_ptr();
    while (len && (write || t.is_read())) {
        uint64_t off = addr % CHUNK, n = std::min(len, CHUNK - off);
        unsigned char *c = chunk(addr / CHUNK, write);
        if (write)
            std::memcpy(c + off, data, n);
        else if (c)
            std::memcpy(data, c + off, n);
        else
            std::memset(data, 0, n);
        addr += n, data += n, len -= n;
    }
    t.set_response_status(tlm::TLM_OK_RESPONSE);
    return true;
}

void Memory::b_transport(int port, tlm::tlm_generic_payload &t, sc_core::sc_time &delay)
{
    (void)port;
    (void)delay; /* zero latency: the GIC's timing profile models memory */
    if (access(t))
        t.set_dmi_allowed(true);
}

unsigned Memory::transport_dbg(int port, tlm::tlm_generic_payload &t)
{
    (void)port;
    return access(t) ? t.get_data_length() : 0;
}

bool Memory::get_direct_mem_ptr(int port, tlm::tlm_generic_payload &t, tlm::tlm_dmi &dmi)
{
    (void)port;
    uint64_t addr = t.get_address();
    if (addr >= LIMIT)
        return false;
    uint64_t start = addr - addr % CHUNK;
    dmi.set_dmi_ptr(chunk(addr / CHUNK, true));
    dmi.set_start_address(start);
    dmi.set_end_address(start + CHUNK - 1);
    dmi.allow_read_write();
    dmi.set_read_latency(sc_core::SC_ZERO_TIME);
    dmi.set_write_latency(sc_core::SC_ZERO_TIME);
    dmi_grants_++;
    return true;
}

} // namespace gicsim
