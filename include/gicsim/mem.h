/* Memory port: the one interface through which the GIC reads and writes tables and
 * command queues, and the native sparse memory that backs it outside SystemC. */
#ifndef GICSIM_MEM_H
#define GICSIM_MEM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Each call returns 0, or non-zero for an external abort (the access failed). */
typedef struct gic_mem_port {
    void *opaque;
    int (*read)(void *opaque, uint64_t addr, void *buf, size_t len);
    int (*write)(void *opaque, uint64_t addr, const void *buf, size_t len);
} gic_mem_port_t;

#define GIC_PA_BITS 52

/* Sparse page store: any address below 2^52, 4 KiB pages allocated on first write,
 * untouched memory reads as zero. Accesses reaching 2^52 abort. */
typedef struct gic_mem gic_mem_t;

gic_mem_t *gic_mem_create(void);
void gic_mem_destroy(gic_mem_t *mem);
gic_mem_port_t gic_mem_as_port(gic_mem_t *mem);
int gic_mem_read(gic_mem_t *mem, uint64_t addr, void *buf, size_t len);
int gic_mem_write(gic_mem_t *mem, uint64_t addr, const void *buf, size_t len);
size_t gic_mem_pages(const gic_mem_t *mem); /* pages allocated so far */

#ifdef __cplusplus
}
#endif

#endif
