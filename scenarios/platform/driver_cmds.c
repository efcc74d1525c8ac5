/* Writing ITS commands as a driver does: into the queue GITS_CBASER describes, at
 * GITS_CWRITER, waiting for room when the queue is full, then following CREADR. */
#include <stdio.h>
#include <string.h>

#include "driver.h"
#include "its_encode.h"

#define MAX_WAIT_PS 1000000000000ULL /* one simulated second */
#define PAGE_64K 0x10000ULL

struct queue {
    unsigned its;
    uint64_t base, size, cwriter;
};

static bool queue_read(struct runner *r, unsigned its, struct queue *q)
{
    uint64_t cbaser = driver_rd(r, "GITS_CBASER", its);
    q->its = its;
    q->base = cbaser & 0x000FFFFFFFFFF000ULL;
    q->size = ((cbaser & 0xFF) + 1) * 4096;
    q->cwriter = driver_rd(r, "GITS_CWRITER", its) & 0xFFFE0;
    return cbaser >> 63;
}

static bool has_room(struct runner *r, const void *arg)
{
    const struct queue *q = arg;
    uint64_t creadr = driver_rd(r, "GITS_CREADR", q->its) & 0xFFFE0;
    return (q->cwriter + 32) % q->size != creadr || gic_its_stalled(r->gic, q->its);
}

static bool caught_up(struct runner *r, const void *arg)
{
    const struct queue *q = arg;
    uint64_t creadr = driver_rd(r, "GITS_CREADR", q->its);
    return (creadr & 0xFFFE0) == q->cwriter || (creadr & 1);
}

/* Level-2 page for an ID of a two-level table, allocated (zeroed) on first use. */
static void ensure_level2(struct runner *r, unsigned its, unsigned n, uint64_t id)
{
    char name[16];
    snprintf(name, sizeof(name), "GITS_BASER%u", n);
    uint64_t baser = driver_rd(r, name, its);
    if (!(baser >> 63) || !((baser >> 62) & 1))
        return;
    uint64_t page = (baser >> 8 & 3) == 0 ? 4096 : (baser >> 8 & 3) == 1 ? 16384 : PAGE_64K;
    uint64_t l1 = (baser & 0x0000FFFFFFFFF000ULL) & ~(page - 1);
    uint64_t slot = l1 + (id / (page / 8)) * 8, entry = 0;
    if (id / (page / 8) >= ((baser & 0xFF) + 1) * page / 8)
        return; /* beyond the table: the ITS reports it */
    bus_mem_read(r, slot, &entry, 8);
    if (entry >> 63)
        return;
    entry = 1ULL << 63 | runner_alloc(r, page, page);
    bus_mem_write(r, slot, &entry, 8);
}

/* What the driver does around a command: tables and ITTs it must allocate. */
static void prepare(struct runner *r, unsigned its, struct scn_cmd *c)
{
    unsigned op = c->dw[0] & 0xFF;
    if (op == ITS_OP_MAPD) {
        if (!c->l2_manual)
            ensure_level2(r, its, 0, c->dw[0] >> 32);
        if (c->itt_auto && (c->dw[2] >> 63)) {
            /* GITS_TYPER.ITT_entry_size + 1: 16 bytes with GICv4.1 (docs/impdef.md G2) */
            uint64_t ite = gic_get_config(r->gic)->virt.gicv4 ? 16 : 8;
            uint64_t bytes = (2ULL << (c->dw[1] & 0x1F)) * ite;
            c->dw[2] |= runner_alloc(r, bytes, 256);
        }
    } else if (op == ITS_OP_MAPC && !c->l2_manual) {
        ensure_level2(r, its, 1, c->dw[2] & 0xFFFF);
    } else if (op == ITS_OP_VMAPP) {
        driver_vmapp(r, c);
    }
}

static void publish(struct runner *r, const struct queue *q)
{
    driver_wr(r, "GITS_CWRITER", q->its, q->cwriter);
}

void driver_commands(struct runner *r, unsigned its, const struct scn_cmd *cmds, unsigned n,
                     bool wait)
{
    struct queue q;
    if (!queue_read(r, its, &q)) {
        runner_check(r, false, "ITS%u: GITS_CBASER is not valid: command not written", its);
        return;
    }
    for (unsigned i = 0; i < n; i++) {
        struct scn_cmd c = cmds[i];
        prepare(r, its, &c);
        if (!has_room(r, &q)) {
            publish(r, &q);
            if (!runner_run_until(r, runner_now(r) + MAX_WAIT_PS, has_room, &q) ||
                gic_its_stalled(r->gic, its)) {
                runner_check(r, false, "ITS%u: command queue full and not draining", its);
                return;
            }
        }
        bus_mem_write(r, q.base + q.cwriter, c.dw, 32);
        q.cwriter = (q.cwriter + 32) % q.size;
    }
    publish(r, &q);
    if (wait && !runner_run_until(r, runner_now(r) + MAX_WAIT_PS, caught_up, &q))
        runner_check(r, false, "ITS%u: CREADR did not reach CWRITER within 1 s", its);
}
