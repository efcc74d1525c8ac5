/* Scenario steps: one parser per step kind, driven by a table (kind, keys, parser). */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "parse_args.h"
#include "parse_cmds.h"
#include "parse_steps.h"

#define GET(map, key) ynode_get((map), (key))
#define MAXU32 0xFFFFFFFFull

/* ---- memory, registers, wires ---- */

static void access_expect(struct sctx *c)
{
    const struct ynode *e = GET(c->n, "expect");
    c->st->has_expect = e != NULL;
    c->st->expect = e ? p_uint(c->p, e, 0, UINT64_MAX, "expect") : 0;
    c->st->mask = opt(c, "mask", 0, UINT64_MAX, UINT64_MAX);
}

static unsigned access_size(struct sctx *c, unsigned dflt)
{
    const struct ynode *v = GET(c->n, "size");
    uint64_t size = v ? p_uint(c->p, v, 1, 8, "size") : dflt;
    if (size != 1 && size != 2 && size != 4 && size != 8)
        pfail(c->p, v, "size must be 1, 2, 4 or 8 (bytes)");
    return (unsigned)size;
}

static void lpi_config(struct sctx *c)
{
    struct step *st = c->st;
    const struct ynode *v = p_need(c->p, c->n, "intid", step_name(c->st->kind));
    uint64_t max = (1ULL << c->s->gic.id_bits) - 1;
    if (v->kind == YNODE_SEQ) {
        if (v->n != 2)
            pfail(c->p, v, "%s: intid range is [first, last]", step_name(c->st->kind));
        st->intid = (uint32_t)p_uint(c->p, v->items[0], 8192, max, "intid");
        st->intid_last = (uint32_t)p_uint(c->p, v->items[1], st->intid, max, "intid");
    } else {
        st->intid = st->intid_last = (uint32_t)p_uint(c->p, v, 8192, max, "intid");
    }
    st->priority = (uint8_t)opt(c, "priority", 0, 255, 0xa0);
    st->flag = opt_bool(c, "enable", true);
}

/* ---- GICv4.1: vLPI configuration, vPE residency ---- */

static void need_gicv4(struct sctx *c)
{
    if (!c->s->gic.virt.gicv4)
        pfail(c->p, c->n, "%s: needs system.virtualization.gicv4: \"4.1\"",
              step_name(c->st->kind));
}

static uint32_t vpe_id(struct sctx *c)
{
    return (uint32_t)req(c, "vpe", 0, (1ULL << c->s->gic.virt.vpeid_bits) - 1);
}

/* vlpi_config: the vPE's configuration table (VMAPP's VCONF), as lpi_config. */
static void vlpi_config(struct sctx *c)
{
    need_gicv4(c);
    c->st->vpe = vpe_id(c);
    lpi_config(c);
}

/* vpe_schedule / vpe_deschedule: GICR_VPENDBASER; wait for Dirty = 0 unless wait: false. */
static void vpe_residency(struct sctx *c)
{
    need_gicv4(c);
    c->st->cpu = acting_cpu(c, "cpu");
    if (c->st->kind == STEP_VPE_SCHEDULE)
        c->st->vpe = vpe_id(c);
    c->st->wait = opt_bool(c, "wait", true);
    /* deschedule: Doorbell = 1 (the default doorbell rings for the first vLPI) */
    c->st->flag = c->st->kind == STEP_VPE_DESCHEDULE && opt_bool(c, "doorbell", true);
}

static void reg_access(struct sctx *c, bool write)
{
    struct step *st = c->st;
    const char *name = p_str(c->p, p_need(c->p, c->n, "reg", step_name(st->kind)), "reg");
    if (strlen(name) >= sizeof(st->reg))
        pfail(c->p, GET(c->n, "reg"), "reg: name too long");
    strcpy(st->reg, name);
    st->cpu = GET(c->n, "cpu") ? acting_cpu(c, "cpu") : 0;
    st->its = GET(c->n, "its") ? its_index(c) : 0;
    st->flag = opt_bool(c, "secure", false);
    if (write)
        st->value = req(c, "value", 0, UINT64_MAX);
    else
        access_expect(c);
}

static void sysreg(struct sctx *c, bool write)
{
    struct step *st = c->st;
    const struct ynode *r = p_need(c->p, c->n, "reg", step_name(st->kind));
    st->cpu = acting_cpu(c, "cpu");
    st->sysreg = gic_sysreg_lookup(p_str(c->p, r, "reg"));
    if (st->sysreg < 0)
        pfail(c->p, r, "reg: '%s' is not a CPU interface register (ICC_..._EL1, ICV_..._EL1, "
                       "ICH_..._EL2)", r->scalar);
    st->flag = opt_bool(c, "secure", false); /* access from the PE's Secure state */
    if (write)
        st->value = req(c, "value", 0, UINT64_MAX);
    else
        access_expect(c);
}

static int level(struct sctx *c)
{
    static const char *const levels[] = {"low", "high", "pulse", NULL};
    return p_enum(c->p, p_need(c->p, c->n, "level", step_name(c->st->kind)), levels, "level");
}

static void spi(struct sctx *c)
{
    unsigned spis = c->s->gic.num_spis;
    const struct ynode *v = p_need(c->p, c->n, "intid", "spi");
    uint64_t intid = p_uint(c->p, v, 0, MAXU32, "intid");
    if (intid < 32 || intid >= 32 + spis)
        pfail(c->p, v, "spi: INTID %llu is not a wire of this system (SPIs 32..%u)",
              (unsigned long long)intid, 31 + spis);
    c->st->intid = (uint32_t)intid;
    c->st->level = level(c);
}

static void ppi(struct sctx *c)
{
    c->st->cpu = acting_cpu(c, "cpu");
    c->st->intid = (uint32_t)req(c, "intid", 16, 31);
    c->st->level = level(c);
}

static void alloc_list(struct sctx *c, const struct ynode *seq)
{
    if (seq->n > SCN_MAX_LIST)
        pfail(c->p, seq, "at most %d entries", SCN_MAX_LIST);
    c->st->list = calloc(seq->n ? seq->n : 1, sizeof(*c->st->list));
    if (!c->st->list)
        pfail(c->p, seq, "out of memory");
}

static void sgi(struct sctx *c)
{
    struct step *st = c->st;
    st->cpu = acting_cpu(c, "from_cpu");
    st->intid = (uint32_t)req(c, "intid", 0, 15);
    const struct ynode *t = p_need(c->p, c->n, "targets", "sgi");
    if (t->kind == YNODE_SCALAR) {
        if (strcmp(t->scalar, "all_but_self"))
            pfail(c->p, t, "sgi: targets is a list of CPUs or all_but_self");
        st->all_but_self = true;
        return;
    }
    p_seq(c->p, t, "targets");
    alloc_list(c, t);
    for (size_t i = 0; i < t->n; i++) {
        uint64_t cpu = p_uint(c->p, t->items[i], 0, MAXU32, "target");
        if (cpu >= c->s->gic.num_cpus)
            pfail(c->p, t->items[i], "sgi: target CPU %llu does not exist",
                  (unsigned long long)cpu);
        st->list[st->n_list++] = (uint32_t)cpu;
    }
}

static void msi(struct sctx *c)
{
    struct step *st = c->st;
    st->its = its_index(c);
    st->device = (uint32_t)req(c, "device", 0, MAXU32);
    st->event = (uint32_t)req(c, "event", 0, MAXU32);
    st->count = (uint32_t)opt(c, "count", 1, 100000000, 1);
    st->interval = opt_time(c, "interval", 0);
}

/* ---- CPU interface, traffic ---- */

/* `virtual: true` (the ICV_* registers) needs system.virtualization. */
static bool virtual_flag(struct sctx *c)
{
    bool v = opt_bool(c, "virtual", false);
    if (v && !c->s->gic.virt.enabled)
        pfail(c->p, GET(c->n, "virtual"), "virtual: true needs system.virtualization");
    return v;
}

static void cpu_intid(struct sctx *c)
{
    c->st->cpu = acting_cpu(c, "cpu");
    c->st->intid = (uint32_t)req(c, "intid", 0, 0xFFFFFF);
    c->st->virt = virtual_flag(c);
    c->st->group = (unsigned)opt(c, "group", 0, 1, 1);
    if (c->st->kind == STEP_DIR && GET(c->n, "group"))
        pfail(c->p, GET(c->n, "group"), "dir: ICC_DIR_EL1/ICV_DIR_EL1 have no group");
}

static void ack(struct sctx *c)
{
    c->st->cpu = acting_cpu(c, "cpu");
    const struct ynode *e = GET(c->n, "expect");
    c->st->has_expect = e != NULL;
    c->st->expect = e ? p_uint(c->p, e, 0, 0xFFFFFF, "expect") : 0;
    c->st->virt = virtual_flag(c);
    c->st->group = (unsigned)opt(c, "group", 0, 1, 1);
}

/* ---- virtualization: PE state, the hypervisor model ---- */

static void pe_state(struct sctx *c)
{
    if (!c->s->gic.virt.enabled)
        pfail(c->p, c->n, "pe_state needs system.virtualization");
    c->st->cpu = acting_cpu(c, "cpu");
    c->st->el = (unsigned)req(c, "el", 1, 2);
    c->st->imo = opt_bool(c, "imo", false);
    c->st->fmo = opt_bool(c, "fmo", false);
}

static void need_hypervisor(struct sctx *c)
{
    if (!c->s->hypervisor_kvm)
        pfail(c->p, c->n, "%s: needs `hypervisor: kvm`", step_name(c->st->kind));
}

static void vm(struct sctx *c)
{
    need_hypervisor(c);
    c->st->vm = (unsigned)req(c, "id", 0, 15);
    c->st->count = (uint32_t)req(c, "vcpus", 1, 64);
    c->st->flag = opt_bool(c, "guest_ready", false);
}

static void vcpu_ref(struct sctx *c)
{
    c->st->vm = (unsigned)req(c, "vm", 0, 15);
    c->st->vcpu = (unsigned)opt(c, "vcpu", 0, 63, 0);
}

static void inject(struct sctx *c)
{
    static const char *const levels[] = {"low", "high", "pulse", NULL};
    need_hypervisor(c);
    vcpu_ref(c);
    c->st->intid = (uint32_t)req(c, "intid", 0, (1ULL << c->s->gic.id_bits) - 1);
    if (c->st->intid >= 1020 && c->st->intid <= 1023)
        pfail(c->p, GET(c->n, "intid"), "inject: %u is a special INTID", c->st->intid);
    c->st->priority = (uint8_t)opt(c, "priority", 0, 255, 0xa0);
    c->st->group = (unsigned)opt(c, "group", 0, 1, 1);
    c->st->level = GET(c->n, "level") ? p_enum(c->p, GET(c->n, "level"), levels, "level") : 2;
}

static void link(struct sctx *c)
{
    need_hypervisor(c);
    vcpu_ref(c);
    uint64_t intid = req(c, "intid", 16, 31 + c->s->gic.num_spis);
    c->st->intid = (uint32_t)intid;
    /* A PPI's PE; the PE an SPI is routed to (default 0). */
    c->st->cpu = intid < 32 || GET(c->n, "cpu") ? acting_cpu(c, "cpu") : 0;
    c->st->vintid = (uint32_t)opt(c, "vintid", 16, 1019, intid);
    c->st->priority = (uint8_t)opt(c, "priority", 0, 255, 0xa0);
}

static void run(struct sctx *c)
{
    need_hypervisor(c);
    vcpu_ref(c);
    c->st->cpu = acting_cpu(c, "cpu");
}

static void exit_vcpu(struct sctx *c)
{
    need_hypervisor(c);
    c->st->cpu = acting_cpu(c, "cpu");
}

static void pattern(struct sctx *c)
{
    struct step *st = c->st;
    const struct ynode *v = GET(c->n, "pattern");
    const char *s = v ? p_str(c->p, v, "pattern") : "uniform";
    char *end;
    if (!strcmp(s, "uniform"))
        st->pattern = PAT_UNIFORM;
    else if (!strcmp(s, "roundrobin"))
        st->pattern = PAT_ROUNDROBIN;
    else if (!strncmp(s, "zipf:", 5) && (st->zipf_s = strtod(s + 5, &end)) > 0 && !*end &&
             st->zipf_s <= 10)
        st->pattern = PAT_ZIPF;
    else if (!strncmp(s, "burst:", 6) && (st->burst = (uint32_t)strtoul(s + 6, &end, 10)) > 0 &&
             !*end && st->burst <= 1000000)
        st->pattern = PAT_BURST;
    else
        pfail(c->p, v, "pattern: '%s' is not uniform, roundrobin, zipf:S (0 < S <= 10) or "
                       "burst:N", s);
}

static void traffic(struct sctx *c)
{
    static const char *const maps[] = {"none", "auto", NULL};
    struct step *st = c->st;
    st->its = its_index(c);
    st->devices = (uint32_t)req(c, "devices", 1, 1u << 20);
    st->first_device = (uint32_t)opt(c, "first", 0, MAXU32 - st->devices + 1, 0);
    st->events = (uint32_t)req(c, "events", 1, 1u << 16);
    if ((uint64_t)st->devices * st->events > 10000000)
        pfail(c->p, c->n, "traffic: devices x events is limited to 10^7");
    st->map_auto = GET(c->n, "map") && p_enum(c->p, GET(c->n, "map"), maps, "map") == 1;
    if (GET(c->n, "vm")) { /* passed through: the hypervisor maps the events as vLPIs */
        if (!c->s->hypervisor_kvm || !c->s->gic.virt.gicv4 || !st->map_auto)
            pfail(c->p, GET(c->n, "vm"), "traffic: vm needs `hypervisor: kvm`, "
                  "system.virtualization.gicv4: \"4.1\" and map: auto");
        st->vm = (unsigned)p_uint(c->p, GET(c->n, "vm"), 0, 15, "vm");
        st->passthrough = true;
    }
    pattern(c);
    st->rate = p_rate(c->p, p_need(c->p, c->n, "rate", "traffic"), "rate");
    st->count = (uint32_t)req(c, "count", 0, 100000000);
}

/* ---- expectations ---- */

#define DEFAULT_WITHIN_PS 1000000000ULL /* 1 ms */

static void expect(struct sctx *c)
{
    struct step *st = c->st;
    st->cpu = opt_cpu(c, "cpu");
    st->virt = virtual_flag(c);
    st->has_intid = GET(c->n, "intid") != NULL;
    st->intid = (uint32_t)opt(c, "intid", 0, 0xFFFFFF, 0);
    if (st->kind == STEP_EXPECT && !st->has_intid)
        pfail(c->p, c->n, "expect: 'intid' is required (expect_count counts any)");
    st->count = (uint32_t)(st->kind == STEP_EXPECT ? opt(c, "count", 1, 100000000, 1)
                                                   : req(c, "count", 0, 100000000));
    st->time = opt_time(c, "within", DEFAULT_WITHIN_PS);
}

static void expect_none(struct sctx *c)
{
    c->st->cpu = opt_cpu(c, "cpu");
    c->st->virt = virtual_flag(c);
    c->st->time = p_time(c->p, p_need(c->p, c->n, "for", "expect_none"), "for");
}

static void expect_order(struct sctx *c)
{
    struct step *st = c->st;
    st->cpu = acting_cpu(c, "cpu");
    st->virt = virtual_flag(c);
    const struct ynode *l = p_seq(c->p, p_need(c->p, c->n, "intids", "expect_order"), "intids");
    if (!l->n)
        pfail(c->p, l, "expect_order: intids must not be empty");
    alloc_list(c, l);
    for (size_t i = 0; i < l->n; i++)
        st->list[st->n_list++] = (uint32_t)p_uint(c->p, l->items[i], 0, 0xFFFFFF, "intid");
    st->time = opt_time(c, "within", DEFAULT_WITHIN_PS);
}

static void expect_latency(struct sctx *c)
{
    struct step *st = c->st;
    st->metric = (enum metric)p_enum(c->p, p_need(c->p, c->n, "metric", "expect_latency"),
                                     metric_names, "metric");
    st->cpu = opt_cpu(c, "cpu");
    st->virt = virtual_flag(c);
    st->p50 = opt_time(c, "p50", UINT64_MAX);
    st->p99 = opt_time(c, "p99", UINT64_MAX);
    st->max = opt_time(c, "max", UINT64_MAX);
    if (st->p50 == UINT64_MAX && st->p99 == UINT64_MAX && st->max == UINT64_MAX)
        pfail(c->p, c->n, "expect_latency: give at least one of p50, p99, max");
}

/* ---- dispatch ---- */

struct step_syntax {
    const char *keys[12]; /* NULL-terminated; keys[0] == NULL: the value is a scalar */
    void (*parse)(struct sctx *c);
};

static void p_mem_write(struct sctx *c)
{
    c->st->addr = req(c, "addr", 0, (1ULL << 52) - 1);
    c->st->value = req(c, "value", 0, UINT64_MAX);
    c->st->size = access_size(c, 8);
}
static void p_mem_read(struct sctx *c)
{
    c->st->addr = req(c, "addr", 0, (1ULL << 52) - 1);
    c->st->size = access_size(c, 8);
    access_expect(c);
}
static void p_mmio_write(struct sctx *c)
{
    c->st->addr = req(c, "addr", 0, UINT64_MAX);
    c->st->value = req(c, "value", 0, UINT64_MAX);
    c->st->size = access_size(c, 4);
    c->st->flag = opt_bool(c, "secure", false);
    c->st->device = (uint32_t)opt(c, "device_id", 0, MAXU32, 0);
}
static void p_mmio_read(struct sctx *c)
{
    c->st->addr = req(c, "addr", 0, UINT64_MAX);
    c->st->size = access_size(c, 4);
    c->st->flag = opt_bool(c, "secure", false);
    access_expect(c);
}
static void p_lpi_pending(struct sctx *c)
{
    c->st->cpu = acting_cpu(c, "cpu");
    c->st->intid = (uint32_t)req(c, "intid", 8192, (1ULL << c->s->gic.id_bits) - 1);
    c->st->flag = opt_bool(c, "set", true);
}
static void p_reg_write(struct sctx *c) { reg_access(c, true); }
static void p_reg_read(struct sctx *c) { reg_access(c, false); }
static void p_sysreg_write(struct sctx *c) { sysreg(c, true); }
static void p_sysreg_read(struct sctx *c) { sysreg(c, false); }
static void p_wait(struct sctx *c) { c->st->time = p_time(c->p, c->n, "wait"); }
static void p_wait_until(struct sctx *c)
{
    p_enum(c->p, c->n, (const char *const[]){"quiescent", NULL}, "wait_until");
}
/* stats: reset — a new measurement window starts now (docs/scenario-format.md). */
static void p_stats(struct sctx *c)
{
    p_enum(c->p, c->n, (const char *const[]){"reset", NULL}, "stats");
}
/* code: 0x010A06, or its architectural name, MAPTI_PHYSICALID_OOR. */
static void p_expect_error(struct sctx *c)
{
    c->st->its = its_index(c);
    const struct ynode *v = p_need(c->p, c->n, "code", "expect_error");
    uint32_t code;
    if (v->kind == YNODE_SCALAR && v->scalar[0] >= 'A' && v->scalar[0] <= 'Z') {
        if (!gic_its_error_code(v->scalar, &code))
            pfail(c->p, v, "expect_error: '%s' is not an ITS command error name (names as "
                  "the GICv3 specification gives them: MAPD_DEVICE_OOR, "
                  "MAPTI_PHYSICALID_OOR, INT_UNMAPPED_INTERRUPT, ...)", v->scalar);
        c->st->value = code;
    } else {
        c->st->value = p_uint(c->p, v, 0, 0xFFFFFF, "code");
    }
}
static void p_expect_stalled(struct sctx *c)
{
    c->st->its = its_index(c);
    c->st->flag = opt_bool(c, "stalled", true);
}

static const struct step_syntax *syntax(enum step_kind k)
{
    static const struct step_syntax table[STEP_NUM_KINDS] = {
        [STEP_LPI_CONFIG] = {{"intid", "priority", "enable"}, lpi_config},
        [STEP_LPI_PENDING] = {{"cpu", "intid", "set"}, p_lpi_pending},
        [STEP_VLPI_CONFIG] = {{"vpe", "intid", "priority", "enable"}, vlpi_config},
        [STEP_VPE_SCHEDULE] = {{"cpu", "vpe", "wait"}, vpe_residency},
        [STEP_VPE_DESCHEDULE] = {{"cpu", "doorbell", "wait"}, vpe_residency},
        [STEP_MEM_WRITE] = {{"addr", "value", "size"}, p_mem_write},
        [STEP_MEM_READ] = {{"addr", "size", "expect", "mask"}, p_mem_read},
        [STEP_MMIO_WRITE] = {{"addr", "value", "size", "secure", "device_id"}, p_mmio_write},
        [STEP_MMIO_READ] = {{"addr", "size", "expect", "mask", "secure"}, p_mmio_read},
        [STEP_REG_WRITE] = {{"reg", "cpu", "its", "value", "secure"}, p_reg_write},
        [STEP_REG_READ] = {{"reg", "cpu", "its", "expect", "mask", "secure"}, p_reg_read},
        [STEP_SYSREG_WRITE] = {{"cpu", "reg", "value", "secure"}, p_sysreg_write},
        [STEP_SYSREG_READ] = {{"cpu", "reg", "expect", "mask", "secure"}, p_sysreg_read},
        [STEP_MSI] = {{"its", "device", "event", "count", "interval"}, msi},
        [STEP_SPI] = {{"intid", "level"}, spi},
        [STEP_PPI] = {{"cpu", "intid", "level"}, ppi},
        [STEP_SGI] = {{"from_cpu", "intid", "targets"}, sgi},
        [STEP_WAIT] = {{NULL}, p_wait},
        [STEP_WAIT_UNTIL] = {{NULL}, p_wait_until},
        [STEP_ACK] = {{"cpu", "expect", "virtual", "group"}, ack},
        [STEP_EOI] = {{"cpu", "intid", "virtual", "group"}, cpu_intid},
        [STEP_DIR] = {{"cpu", "intid", "virtual"}, cpu_intid},
        [STEP_PE_STATE] = {{"cpu", "el", "imo", "fmo"}, pe_state},
        [STEP_VM] = {{"id", "vcpus", "guest_ready"}, vm},
        [STEP_INJECT] = {{"vm", "vcpu", "intid", "priority", "group", "level"}, inject},
        [STEP_LINK] = {{"vm", "vcpu", "intid", "cpu", "vintid", "priority"}, link},
        [STEP_RUN] = {{"vm", "vcpu", "cpu"}, run},
        [STEP_EXIT] = {{"cpu"}, exit_vcpu},
        [STEP_TRAFFIC] = {{"its", "devices", "first", "events", "map", "pattern", "rate",
                           "count", "vm"}, traffic},
        [STEP_EXPECT] = {{"cpu", "intid", "count", "within", "virtual"}, expect},
        [STEP_EXPECT_NONE] = {{"for", "cpu", "virtual"}, expect_none},
        [STEP_EXPECT_ORDER] = {{"cpu", "intids", "within", "virtual"}, expect_order},
        [STEP_EXPECT_COUNT] = {{"cpu", "intid", "count", "within", "virtual"}, expect},
        [STEP_EXPECT_LATENCY] = {{"metric", "p50", "p99", "max", "cpu", "virtual"},
                                 expect_latency},
        [STEP_EXPECT_ERROR] = {{"its", "code"}, p_expect_error},
        [STEP_EXPECT_STALLED] = {{"its", "stalled"}, p_expect_stalled},
        [STEP_STATS] = {{NULL}, p_stats},
    };
    return &table[k];
}

static enum step_kind kind_of(struct pctx *p, const struct ynode *key)
{
    const char *names[STEP_NUM_KINDS];
    char list[900] = "";
    for (int k = 0; k < STEP_NUM_KINDS; k++) {
        names[k] = step_name((enum step_kind)k);
        if (!strcmp(key->scalar, names[k]))
            return (enum step_kind)k;
        snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", k ? ", " : "",
                 names[k]);
    }
    const char *near = p_closest(key->scalar, names, STEP_NUM_KINDS);
    if (near)
        pfail(p, key, "unknown step '%s': did you mean '%s'? (steps: %s)", key->scalar, near,
              list);
    pfail(p, key, "unknown step '%s' (steps: %s)", key->scalar, list);
}

static void parse_step(struct pctx *p, const struct ynode *item, struct scenario *s,
                       struct step *st)
{
    p_map(p, item, "step");
    if (item->n != 1)
        pfail(p, item, "a step is a map with one key (the step), not %zu", item->n);
    st->kind = kind_of(p, item->keys[0]);
    st->line = item->line;
    st->col = item->col;
    st->cpu = -1;
    struct sctx c = {p, s, st, item->items[0]};
    if (parse_command_step(&c))
        return;
    const struct step_syntax *syn = syntax(st->kind);
    if (syn->keys[0])
        p_keys(p, c.n, syn->keys, step_name(st->kind));
    else
        p_str(p, c.n, step_name(st->kind));
    syn->parse(&c);
}

void parse_steps(struct pctx *p, const struct ynode *seq, struct scenario *s)
{
    p_seq(p, seq, "steps");
    s->steps = calloc(seq->n ? seq->n : 1, sizeof(*s->steps));
    if (!s->steps)
        pfail(p, seq, "out of memory");
    for (size_t i = 0; i < seq->n; i++) {
        s->n_steps = (unsigned)i + 1;
        parse_step(p, seq->items[i], s, &s->steps[i]);
    }
}
