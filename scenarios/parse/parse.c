/* Scenario files: the top level and `system:` (docs/scenario-format.md). Steps are
 * parsed in parse_steps.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "overrides.h"
#include "parse_steps.h"
#include "profile.h"

static const char *const top_keys[] = {"name", "description", "system", "driver",
                                       "hypervisor", "steps", NULL};
static const char *const system_keys[] = {
    "cpus", "spis", "lpi_id_bits", "security", "direct_lpi", "its", "profile", "timing",
    "memory_map", "cpu_model", "seed", "priority_bits", "lpi_cache_entries",
    "message_based_spis", "distributor_priority_bits", "virtualization", NULL};
static const char *const virt_keys[] = {"list_registers", "priority_bits", "preemption_bits",
                                        "maintenance_intid", "gicv4", "vpeid_bits", "vmovp",
                                        NULL};
static const char *const its_keys[] = {"device_bits", "event_bits", "collection_bits", "pta",
                                       "error_policy", "device_cache_entries",
                                       "event_cache_entries", "collection_cache_entries",
                                       "vpe_cache_entries", NULL};
static const char *const cpu_model_keys[] = {"ack", "ack_delay", "handler_time", "guest_ack",
                                             "world_switch", NULL};
static const char *const map_keys[] = {"gicd", "gicr", "its", NULL};

#define GET(map, key) ynode_get((map), (key))

static unsigned opt_uint(struct pctx *p, const struct ynode *map, const char *key,
                         uint64_t min, uint64_t max, unsigned dflt)
{
    const struct ynode *v = GET(map, key);
    return v ? (unsigned)p_uint(p, v, min, max, key) : dflt;
}

static void parse_its(struct pctx *p, const struct ynode *n, gic_its_config_t *its)
{
    static const char *const policies[] = {"ignore", "stall", NULL};
    p_keys(p, n, its_keys, "its entry");
    its->device_bits = opt_uint(p, n, "device_bits", 1, 32, 16);
    its->event_bits = opt_uint(p, n, "event_bits", 1, 32, 16);
    its->collection_bits = opt_uint(p, n, "collection_bits", 1, 16, 16);
    its->device_cache_entries =
        opt_uint(p, n, "device_cache_entries", 0, 1u << 16, its->device_cache_entries);
    its->event_cache_entries =
        opt_uint(p, n, "event_cache_entries", 0, 1u << 20, its->event_cache_entries);
    its->collection_cache_entries = opt_uint(p, n, "collection_cache_entries", 0, 1u << 16,
                                             its->collection_cache_entries);
    its->vpe_cache_entries =
        opt_uint(p, n, "vpe_cache_entries", 0, 1u << 16, its->vpe_cache_entries);
    if (its->device_cache_entries % 2 || its->event_cache_entries % 2 ||
        its->collection_cache_entries % 2 || its->vpe_cache_entries % 2)
        pfail(p, n, "its: cache sizes must be even (the caches are 2-way)");
    if (GET(n, "pta"))
        its->pta = p_bool(p, GET(n, "pta"), "pta");
    if (GET(n, "error_policy"))
        its->error_policy = (gic_its_error_policy_t)p_enum(p, GET(n, "error_policy"),
                                                           policies, "error_policy");
}

static void parse_memory_map(struct pctx *p, const struct ynode *n, gic_config_t *g)
{
    const uint64_t max = (1ULL << 52) - 1;
    p_keys(p, n, map_keys, "memory_map");
    if (GET(n, "gicd"))
        g->gicd_base = p_uint(p, GET(n, "gicd"), 0, max, "gicd");
    if (GET(n, "gicr"))
        g->gicr_base = p_uint(p, GET(n, "gicr"), 0, max, "gicr");
    const struct ynode *its = GET(n, "its");
    if (!its)
        return;
    p_seq(p, its, "memory_map.its");
    if (its->n > g->num_its)
        pfail(p, its, "memory_map.its lists %zu bases for %u ITSs", its->n, g->num_its);
    for (size_t i = 0; i < its->n; i++)
        g->its[i].base = p_uint(p, its->items[i], 0, max, "its base");
}

static void parse_cpu_model(struct pctx *p, const struct ynode *n, struct scenario *s)
{
    static const char *const acks[] = {"auto", "manual", NULL};
    p_keys(p, n, cpu_model_keys, "cpu_model");
    if (GET(n, "ack"))
        s->ack = (enum cpu_ack)p_enum(p, GET(n, "ack"), acks, "ack");
    if (GET(n, "ack_delay"))
        s->ack_delay = p_time(p, GET(n, "ack_delay"), "ack_delay");
    if (GET(n, "handler_time"))
        s->handler_time = p_time(p, GET(n, "handler_time"), "handler_time");
    s->guest_ack = s->ack; /* the guest takes virtual interrupts as the host takes its own */
    if (GET(n, "guest_ack"))
        s->guest_ack = (enum cpu_ack)p_enum(p, GET(n, "guest_ack"), acks, "guest_ack");
    if (GET(n, "world_switch"))
        s->world_switch = p_time(p, GET(n, "world_switch"), "world_switch");
}

/* system.virtualization: every PE gets an EL2 (ICH_VTR_EL2 from these, defaults from
 * the profile or gic_config_default). */
static void parse_virtualization(struct pctx *p, const struct ynode *n, gic_config_t *g)
{
    gic_virt_config_t *v = &g->virt;
    if (n->kind == YNODE_SCALAR && n->scalar[0] == 0) /* `virtualization:` alone */
        return (void)(v->enabled = true);
    p_keys(p, n, virt_keys, "virtualization");
    v->enabled = true;
    v->list_registers = opt_uint(p, n, "list_registers", 1, 16, v->list_registers);
    v->priority_bits = opt_uint(p, n, "priority_bits", 5, 8, v->priority_bits);
    unsigned pre = v->preemption_bits < v->priority_bits ? v->preemption_bits : v->priority_bits;
    v->preemption_bits = opt_uint(p, n, "preemption_bits", 5, 7, pre > 7 ? 7 : pre);
    v->maintenance_intid = opt_uint(p, n, "maintenance_intid", 16, 31, v->maintenance_intid);
    if (v->preemption_bits > v->priority_bits)
        pfail(p, n, "virtualization: preemption_bits (%u) above priority_bits (%u)",
              v->preemption_bits, v->priority_bits);
    /* gicv4: "4.1" — direct injection; each redistributor gets its VLPI frame (a
     * 256 KiB stride). */
    static const char *const versions[] = {"none", "4.1", NULL};
    if (GET(n, "gicv4"))
        v->gicv4 = p_enum(p, GET(n, "gicv4"), versions, "gicv4") == 1;
    v->vpeid_bits = opt_uint(p, n, "vpeid_bits", 1, 16, v->vpeid_bits);
    if (GET(n, "vpeid_bits") && !v->gicv4)
        pfail(p, GET(n, "vpeid_bits"), "virtualization: vpeid_bits needs gicv4: \"4.1\"");
    /* vmovp: single (GITS_TYPER.VMOVP = 1) or list (the multi-ITS SequenceNumber/ITSList
     * form, GITS_TYPER.VMOVP = 0) */
    static const char *const vmovp_forms[] = {"single", "list", NULL};
    if (GET(n, "vmovp")) {
        if (!v->gicv4)
            pfail(p, GET(n, "vmovp"), "virtualization: vmovp needs gicv4: \"4.1\"");
        v->vmovp_list = p_enum(p, GET(n, "vmovp"), vmovp_forms, "vmovp") == 1;
    }
    if (v->gicv4) /* the VLPI frame and the ITS's vSGI frame: GICv4.1's default map */
        gic_config_enable_gicv4(g);
    if (v->gicv4 && !g->num_its)
        pfail(p, GET(n, "gicv4"), "virtualization: gicv4 needs an ITS");
}

/* `profile:` (default gic600: a cycle-approximate simulator shows time unless asked
 * not to; `profile: ideal` is zero time) then `timing:` overrides. They run before
 * `its:` and `lpi_cache_entries`, so cache sizes given there override the profile's. */
#define DEFAULT_PROFILE "gic600"
static void parse_timing(struct pctx *p, const struct ynode *sys, struct scenario *s)
{
    const struct ynode *prof = GET(sys, "profile"), *t = GET(sys, "timing");
    struct ynode dflt = {.kind = YNODE_SCALAR, .line = sys->line, .col = sys->col,
                         .scalar = (char *)DEFAULT_PROFILE};
    if (!prof)
        prof = &dflt;
    profile_load(p, prof, s->file, &s->gic);
    snprintf(s->profile, sizeof(s->profile), "%s", prof->scalar);
    if (t)
        profile_apply(p, t, &s->gic);
    if (s->gic.timing.clock_hz) /* `cycles` in the scenario are the profile's clock */
        p->clock_hz = s->clock_hz = (double)s->gic.timing.clock_hz;
}

static void parse_its_list(struct pctx *p, const struct ynode *n, gic_config_t *g)
{
    p_seq(p, n, "its");
    if (n->n > GIC_MAX_ITS)
        pfail(p, n, "its: at most %d ITSs", GIC_MAX_ITS);
    g->num_its = (unsigned)n->n;
    for (size_t i = 0; i < n->n; i++)
        parse_its(p, n->items[i], &g->its[i]);
}

static void parse_system(struct pctx *p, const struct ynode *n, struct scenario *s)
{
    static const char *const security[] = {"single", "two", NULL};
    gic_config_t *g = &s->gic;
    p_keys(p, n, system_keys, "system");
    g->num_cpus = opt_uint(p, n, "cpus", 1, GIC_MAX_CPUS, 4);
    g->num_spis = opt_uint(p, n, "spis", 0, 988, 256);
    if (!(g->num_spis % 32 == 0 && g->num_spis <= 960) && g->num_spis != 988)
        pfail(p, GET(n, "spis"), "spis must be a multiple of 32 (at most 960), or 988");
    g->id_bits = opt_uint(p, n, "lpi_id_bits", 14, 24, 16);
    parse_timing(p, n, s);
    g->pri_bits = opt_uint(p, n, "priority_bits", 4, 8, 5);
    g->dist_pri_bits = opt_uint(p, n, "distributor_priority_bits", 4, 8, g->pri_bits);
    g->lpi_prop_cache_entries =
        opt_uint(p, n, "lpi_cache_entries", 0, 1u << 20, g->lpi_prop_cache_entries);
    if (g->lpi_prop_cache_entries % 2)
        pfail(p, GET(n, "lpi_cache_entries"), "lpi_cache_entries must be even (2-way)");
    if (GET(n, "security"))
        g->two_security_states = p_enum(p, GET(n, "security"), security, "security") == 1;
    if (GET(n, "message_based_spis"))
        g->mbis = p_bool(p, GET(n, "message_based_spis"), "message_based_spis");
    if (GET(n, "direct_lpi"))
        g->direct_lpi = p_bool(p, GET(n, "direct_lpi"), "direct_lpi");
    if (GET(n, "its"))
        parse_its_list(p, GET(n, "its"), g);
    if (GET(n, "virtualization"))
        parse_virtualization(p, GET(n, "virtualization"), g);
    if (GET(n, "memory_map"))
        parse_memory_map(p, GET(n, "memory_map"), g);
    if (GET(n, "cpu_model"))
        parse_cpu_model(p, GET(n, "cpu_model"), s);
    if (GET(n, "seed"))
        s->seed = p_uint(p, GET(n, "seed"), 0, UINT64_MAX, "seed");
}

static void defaults(struct scenario *s)
{
    gic_config_default(&s->gic);
    s->ack = CPU_ACK_AUTO;
    s->ack_delay = 0;
    s->handler_time = 100000; /* 100 ns */
    s->guest_ack = CPU_ACK_AUTO;
    s->seed = 1;
    s->clock_hz = 1e9;
}

static void parse_top(struct pctx *p, const struct ynode *root, struct scenario *s)
{
    static const char *const drivers[] = {"none", "linux", NULL};
    p_keys(p, root, top_keys, "scenario");
    s->name = strdup(p_str(p, p_need(p, root, "name", "scenario"), "name"));
    if (GET(root, "description"))
        p_str(p, GET(root, "description"), "description");
    if (GET(root, "driver"))
        s->driver_linux = p_enum(p, GET(root, "driver"), drivers, "driver") == 1;
    if (GET(root, "system"))
        parse_system(p, GET(root, "system"), s);
    if (GET(root, "hypervisor")) {
        static const char *const hyps[] = {"none", "kvm", NULL};
        s->hypervisor_kvm = p_enum(p, GET(root, "hypervisor"), hyps, "hypervisor") == 1;
        if (s->hypervisor_kvm && !s->gic.virt.enabled)
            pfail(p, GET(root, "hypervisor"), "hypervisor: kvm needs system.virtualization");
        s->driver_linux |= s->hypervisor_kvm; /* the host kernel boots its GIC driver */
    }
    char err[160];
    if (!gic_config_check(&s->gic, err, sizeof(err)))
        pfail(p, GET(root, "system") ? GET(root, "system") : root, "system: %s", err);
    parse_steps(p, p_need(p, root, "steps", "scenario"), s);
}

static int load(struct scenario *s, struct ytree *t, const char *name, char *err,
                size_t errlen, const struct scn_override *ov, unsigned n_ov)
{
    if (!t->root) {
        snprintf(err, errlen, "%s", t->error);
        ytree_free(t);
        return 2;
    }
    struct pctx p = {.file = name, .err = err, .errlen = errlen, .clock_hz = s->clock_hz,
                     .ov = ov};
    if (setjmp(p.jb)) {
        ytree_free(t);
        return 2;
    }
    overrides_apply(&p, t, ov, n_ov);
    parse_top(&p, t->root, s);
    ytree_free(t);
    return 0;
}

int scenario_load(struct scenario *s, const char *path, char *err, size_t errlen)
{
    struct ytree t = {0};
    memset(s, 0, sizeof(*s));
    defaults(s);
    s->file = strdup(path);
    ytree_load_file(&t, path);
    return load(s, &t, path, err, errlen, NULL, 0);
}

int scenario_load_string(struct scenario *s, const char *name, const char *text, size_t len,
                         char *err, size_t errlen)
{
    struct ytree t = {0};
    memset(s, 0, sizeof(*s));
    defaults(s);
    s->file = strdup(name);
    ytree_load_string(&t, name, text, len);
    return load(s, &t, name, err, errlen, NULL, 0);
}

int scenario_load_with(struct scenario *s, const char *name, const char *text, size_t len,
                       const struct scn_override *ov, unsigned n_ov, char *err,
                       size_t errlen)
{
    struct ytree t = {0};
    memset(s, 0, sizeof(*s));
    defaults(s);
    s->file = strdup(name);
    if (text)
        ytree_load_string(&t, name, text, len);
    else
        ytree_load_file(&t, name);
    return load(s, &t, name, err, errlen, ov, n_ov);
}

void scenario_free(struct scenario *s)
{
    for (unsigned i = 0; i < s->n_steps; i++) {
        free(s->steps[i].cmds);
        free(s->steps[i].list);
    }
    free(s->steps);
    free(s->name);
    free(s->file);
    memset(s, 0, sizeof(*s));
}
