/* The native busport: each bus operation is the C API call of the same name, memory is
 * a gic_mem_t, and time advances by running the GIC's scheduler. */
#include "busport.h"

#include <stdio.h>

static gic_status_t mmio_read(void *ctx, uint64_t addr, unsigned size, gic_attrs_t a,
                              uint64_t *val)
{
    return gic_mmio_read(((struct native_platform *)ctx)->gic, addr, size, a, val);
}

static gic_status_t mmio_write(void *ctx, uint64_t addr, unsigned size, uint64_t val,
                               gic_attrs_t a)
{
    return gic_mmio_write(((struct native_platform *)ctx)->gic, addr, size, val, a);
}

static gic_status_t msi(void *ctx, unsigned its, uint32_t device_id, uint32_t event_id)
{
    return gic_msi(((struct native_platform *)ctx)->gic, its, device_id, event_id);
}

static gic_status_t sysreg_read(void *ctx, unsigned cpu, gic_sysreg_t reg, uint64_t *val)
{
    return gic_sysreg_read(((struct native_platform *)ctx)->gic, cpu, reg, val);
}

static gic_status_t sysreg_write(void *ctx, unsigned cpu, gic_sysreg_t reg, uint64_t val)
{
    return gic_sysreg_write(((struct native_platform *)ctx)->gic, cpu, reg, val);
}

static gic_status_t cpu_set_el(void *ctx, unsigned cpu, unsigned el, bool imo, bool fmo)
{
    return gic_cpu_set_el(((struct native_platform *)ctx)->gic, cpu, el, imo, fmo);
}

static gic_status_t cpu_set_secure(void *ctx, unsigned cpu, bool secure)
{
    return gic_cpu_set_secure(((struct native_platform *)ctx)->gic, cpu, secure);
}

static gic_status_t set_spi(void *ctx, unsigned intid, bool level)
{
    return gic_set_spi(((struct native_platform *)ctx)->gic, intid, level);
}

static gic_status_t set_ppi(void *ctx, unsigned cpu, unsigned intid, bool level)
{
    return gic_set_ppi(((struct native_platform *)ctx)->gic, cpu, intid, level);
}

static int mem_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
    return gic_mem_read(((struct native_platform *)ctx)->mem, addr, buf, len);
}

static int mem_write(void *ctx, uint64_t addr, const void *buf, size_t len)
{
    return gic_mem_write(((struct native_platform *)ctx)->mem, addr, buf, len);
}

static uint64_t now(void *ctx)
{
    return gic_now(((struct native_platform *)ctx)->gic);
}

static void advance_to(void *ctx, uint64_t t)
{
    gic_run_until(((struct native_platform *)ctx)->gic, t);
}

int native_platform_create(struct native_platform *p, gic_config_t *cfg, char *err,
                           size_t errlen)
{
    *p = (struct native_platform){
        .bus = {p, mmio_read, mmio_write, msi, sysreg_read, sysreg_write, cpu_set_secure,
                set_spi, set_ppi, cpu_set_el, mem_read, mem_write, now, advance_to}};
    p->mem = gic_mem_create();
    if (!p->mem) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    cfg->mem = gic_mem_as_port(p->mem);
    p->gic = gic_create(cfg, err, errlen);
    return p->gic ? 0 : -1;
}

void native_platform_destroy(struct native_platform *p)
{
    gic_destroy(p->gic);
    gic_mem_destroy(p->mem);
    p->gic = NULL;
    p->mem = NULL;
}
