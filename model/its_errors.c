/* ITS command error codes by their architectural names (0x01_CC_EE: CC the command,
 * EE the cause), as the GICv3 specification lists them (reference §3): only the
 * (command, cause) pairs the architecture defines have a name. */
#include <stdio.h>
#include <string.h>

#include "gic_internal.h"

struct its_error_name {
    uint32_t code;
    const char *name;
};

static const struct its_error_name names[] = {
    {0x010101, "MOVI_DEVICE_OOR"}, {0x010103, "MOVI_COLLECTION_OOR"},
    {0x010104, "MOVI_UNMAPPED_DEVICE"}, {0x010105, "MOVI_ID_OOR"},
    {0x010107, "MOVI_UNMAPPED_INTERRUPT"}, {0x010109, "MOVI_UNMAPPED_COLLECTION"},
    {0x010301, "INT_DEVICE_OOR"}, {0x010304, "INT_UNMAPPED_DEVICE"},
    {0x010305, "INT_ID_OOR"}, {0x010307, "INT_UNMAPPED_INTERRUPT"},
    {0x010501, "CLEAR_DEVICE_OOR"}, {0x010504, "CLEAR_UNMAPPED_DEVICE"},
    {0x010505, "CLEAR_ID_OOR"}, {0x010507, "CLEAR_UNMAPPED_INTERRUPT"},
    {0x010801, "MAPD_DEVICE_OOR"}, {0x010802, "MAPD_ITTSIZE_OOR"},
    {0x010902, "MAPC_PROCNUM_OOR"}, {0x010903, "MAPC_COLLECTION_OOR"},
    {0x010A01, "MAPTI_DEVICE_OOR"}, {0x010A03, "MAPTI_COLLECTION_OOR"},
    {0x010A04, "MAPTI_UNMAPPED_DEVICE"}, {0x010A05, "MAPTI_ID_OOR"},
    {0x010A06, "MAPTI_PHYSICALID_OOR"},
    {0x010B01, "MAPI_DEVICE_OOR"}, {0x010B03, "MAPI_COLLECTION_OOR"},
    {0x010B04, "MAPI_UNMAPPED_DEVICE"}, {0x010B05, "MAPI_ID_OOR"},
    {0x010C01, "INV_DEVICE_OOR"}, {0x010C04, "INV_UNMAPPED_DEVICE"},
    {0x010C07, "INV_UNMAPPED_INTERRUPT"},
    {0x010D03, "INVALL_COLLECTION_OOR"}, {0x010D09, "INVALL_UNMAPPED_COLLECTION"},
    {0x010E01, "MOVALL_PROCNUM_OOR"},
    {0x010F01, "DISCARD_DEVICE_OOR"}, {0x010F05, "DISCARD_ID_OOR"},
    {0x010F07, "DISCARD_UNMAPPED_INTERRUPT"},
    /* GICv4 commands (docs/impdef.md G1). The causes 0x11 VCPU_OOR, 0x12 VPTSIZE_OOR,
     * 0x13 VIRTUALID_OOR, 0x14 VCPU_INVALID, 0x15 ID_IS_PHYSICAL, 0x16 ITEVCPU_INVALID and
     * 0x17 CMDVCPU_INVALID are the GICv4 ones of public ITS error enumerations, and so is
     * 06 PHYSICALID_OOR for a doorbell pINTID; each code below is such a cause under its
     * command's opcode. 02 PROCNUM_OOR (an RDbase naming no redistributor) is as MAPC's. */
    {0x012101, "VMOVI_DEVICE_OOR"}, {0x012104, "VMOVI_UNMAPPED_DEVICE"},
    {0x012105, "VMOVI_ID_OOR"}, {0x012106, "VMOVI_PHYSICALID_OOR"},
    {0x012107, "VMOVI_UNMAPPED_INTERRUPT"}, {0x012111, "VMOVI_VCPU_OOR"},
    {0x012115, "VMOVI_ID_IS_PHYSICAL"}, {0x012116, "VMOVI_ITEVCPU_INVALID"},
    {0x012117, "VMOVI_CMDVCPU_INVALID"},
    {0x012202, "VMOVP_PROCNUM_OOR"}, {0x012206, "VMOVP_PHYSICALID_OOR"}, {0x012211, "VMOVP_VCPU_OOR"},
    {0x012214, "VMOVP_VCPU_INVALID"},
    {0x012311, "VSGI_VCPU_OOR"}, {0x012314, "VSGI_VCPU_INVALID"},
    {0x012511, "VSYNC_VCPU_OOR"}, {0x012514, "VSYNC_VCPU_INVALID"},
    {0x012902, "VMAPP_PROCNUM_OOR"}, {0x012906, "VMAPP_PHYSICALID_OOR"},
    {0x012911, "VMAPP_VCPU_OOR"}, {0x012912, "VMAPP_VPTSIZE_OOR"},
    {0x012A01, "VMAPTI_DEVICE_OOR"}, {0x012A04, "VMAPTI_UNMAPPED_DEVICE"},
    {0x012A05, "VMAPTI_ID_OOR"}, {0x012A06, "VMAPTI_PHYSICALID_OOR"},
    {0x012A11, "VMAPTI_VCPU_OOR"}, {0x012A13, "VMAPTI_VIRTUALID_OOR"},
    {0x012A14, "VMAPTI_VCPU_INVALID"},
    {0x012B01, "VMAPI_DEVICE_OOR"}, {0x012B04, "VMAPI_UNMAPPED_DEVICE"},
    {0x012B05, "VMAPI_ID_OOR"}, {0x012B06, "VMAPI_PHYSICALID_OOR"},
    {0x012B11, "VMAPI_VCPU_OOR"}, {0x012B14, "VMAPI_VCPU_INVALID"},
    {0x012D11, "VINVALL_VCPU_OOR"}, {0x012D14, "VINVALL_VCPU_INVALID"},
    {0x012E11, "INVDB_VCPU_OOR"}, {0x012E14, "INVDB_VCPU_INVALID"},
};

#define N_NAMES (sizeof(names) / sizeof(names[0]))

const char *gic_its_error_name(uint32_t code)
{
    for (size_t i = 0; i < N_NAMES; i++)
        if (names[i].code == code)
            return names[i].name;
    if ((code & 0xFFFF00FFu) == 0x000100FFu) /* GIC_ITS_ERR_UNSUPPORTED: the model's own */
        return "UNSUPPORTED_COMMAND";
    return NULL;
}

bool gic_its_error_code(const char *name, uint32_t *code)
{
    for (size_t i = 0; i < N_NAMES; i++)
        if (!strcmp(names[i].name, name)) {
            *code = names[i].code;
            return true;
        }
    return false;
}
