/* Generic-payload extensions for the GIC's bus attributes (gic_attrs_t).
 *
 * A bus carries them as sideband signals: the DeviceID of an MSI (on Arm systems the
 * interconnect or SMMU stamps it on writes to GITS_TRANSLATER) and the security state
 * of an access (AxPROT[1]). A transaction without them is a Non-secure access with
 * DeviceID 0. Both are plain data; an initiator may keep one instance per payload.
 */
#ifndef GICSIM_TLM_EXTENSIONS_H
#define GICSIM_TLM_EXTENSIONS_H

#include <cstdint>
#include <tlm>

namespace gicsim {

struct DeviceIdExtension : tlm::tlm_extension<DeviceIdExtension> {
    uint32_t device_id = 0;

    explicit DeviceIdExtension(uint32_t id = 0) : device_id(id) {}
    tlm::tlm_extension_base *clone() const override { return new DeviceIdExtension(device_id); }
    void copy_from(const tlm::tlm_extension_base &e) override
    {
        device_id = static_cast<const DeviceIdExtension &>(e).device_id;
    }
};

struct SecureExtension : tlm::tlm_extension<SecureExtension> {
    bool secure = false;

    explicit SecureExtension(bool s = false) : secure(s) {}
    tlm::tlm_extension_base *clone() const override { return new SecureExtension(secure); }
    void copy_from(const tlm::tlm_extension_base &e) override
    {
        secure = static_cast<const SecureExtension &>(e).secure;
    }
};

} // namespace gicsim

#endif
