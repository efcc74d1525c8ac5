/* Latency metrics over deliveries: a delivery's value of each metric, the sorted
 * samples of one, and their percentiles; used by expect_latency and the report. */
#include <stdlib.h>

#include "metrics.h"

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

uint64_t delivery_metric(const struct delivery *d, enum metric m)
{
    const gic_lpi_journey_t *j = &d->journey;
    switch (m) {
    case METRIC_MSI_TO_IRQ: return d->irq - d->stimulus;
    case METRIC_MSI_TO_ACK: return d->ack - d->stimulus;
    case METRIC_IRQ_TO_ACK: return d->ack - d->irq;
    case METRIC_ITS_QUEUE: return j->start - j->written;
    case METRIC_ITS_TRANSLATE: return j->done - j->start - j->miss_ps;
    case METRIC_CACHE_MISS: return j->miss_ps;
    case METRIC_LINK: return j->arrived - j->done;
    case METRIC_REDISTRIBUTOR: return d->irq - j->arrived;
    case METRIC_MSI_TO_VISIBLE: return j->visible - j->written;
    default: return 0;
    }
}

size_t metric_samples(const struct delivery *del, size_t n_del, enum metric m, int cpu,
                      bool virt, uint64_t **out)
{
    return metric_samples_in(del, n_del, m, cpu, virt, 0, UINT64_MAX, out);
}

size_t metric_samples_in(const struct delivery *del, size_t n_del, enum metric m, int cpu,
                         bool virt, uint64_t from, uint64_t to, uint64_t **out)
{
    uint64_t *v = malloc((n_del ? n_del : 1) * sizeof(*v));
    size_t n = 0;
    for (size_t i = 0; v && i < n_del; i++)
        if ((cpu < 0 || del[i].cpu == (uint32_t)cpu) && del[i].virt == virt &&
            (m < METRIC_FIRST_STAGE || del[i].has_journey) && /* stages: LPIs from MSIs */
            del[i].stimulus >= from && del[i].stimulus < to)
            v[n++] = delivery_metric(&del[i], m);
    if (v)
        qsort(v, n, sizeof(*v), cmp_u64);
    *out = v;
    return n;
}

uint64_t percentile(const uint64_t *sorted, size_t n, double p)
{
    if (!n)
        return 0;
    size_t k = (size_t)(p / 100.0 * (double)n + 0.999999);
    return sorted[(k ? k : 1) - 1 < n ? (k ? k : 1) - 1 : n - 1];
}
