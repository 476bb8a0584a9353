// SPDX-License-Identifier: GPL-2.0
/*
 * Counters. Readers add up the per-cpu copies; a sum taken while packets
 * flow is a snapshot, not a transaction. Clearing races with increments on
 * other CPUs in the same way, as "clear crypto sa counters" does on IOS.
 */
#include <linux/slab.h>
#include <net/netlink.h>

#include "stats.h"

/* Sums, or zeroes, @n u64 counters at the start of a per-cpu object. */
static void cmap_pcpu_sum(const void __percpu *p, unsigned int n, u64 *sum)
{
	unsigned int i;
	int cpu;

	memset(sum, 0, n * sizeof(u64));
	for_each_possible_cpu(cpu) {
		const u64 *v = per_cpu_ptr(p, cpu);

		for (i = 0; i < n; i++)
			sum[i] += READ_ONCE(v[i]);
	}
}

static void cmap_pcpu_clear(void __percpu *p, unsigned int n)
{
	unsigned int i;
	int cpu;

	for_each_possible_cpu(cpu) {
		u64 *v = per_cpu_ptr(p, cpu);

		for (i = 0; i < n; i++)
			WRITE_ONCE(v[i], 0);
	}
}

void cmap_stats_sum(const struct cmap_nsstats __percpu *s,
		    struct cmap_nsstats *sum)
{
	cmap_pcpu_sum(s, __CMAP_STAT_MAX, sum->v);
}

void cmap_stats_clear(struct cmap_nsstats __percpu *s)
{
	cmap_pcpu_clear(s, __CMAP_STAT_MAX);
}

/* A nest of @n u64 attributes, type = index, but for @skip (0 or pad). */
static int cmap_put_u64s(struct sk_buff *skb, int attr, const u64 *v,
			 unsigned int n, int skip)
{
	struct nlattr *nest = nla_nest_start(skb, attr);
	unsigned int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 1; i < n; i++)
		if (i != skip && nla_put_u64_64bit(skb, i, v[i], skip))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

int cmap_stats_fill(struct sk_buff *skb, const struct cmap_nsstats *sum)
{
	return cmap_put_u64s(skb, CMAP_A_STATS, sum->v, __CMAP_STAT_MAX, 0);
}

void cmap_sa_ctr_sum(const struct cmap_sa_ctr __percpu *c,
		     struct cmap_sa_ctr *sum)
{
	cmap_pcpu_sum(c, __CMAP_SA_CTR_A_MAX, sum->v);
}

void cmap_sa_ctr_clear(struct cmap_sa_ctr __percpu *c)
{
	cmap_pcpu_clear(c, __CMAP_SA_CTR_A_MAX);
}

int cmap_sa_ctr_fill(struct sk_buff *skb, const struct cmap_sa_ctr *sum)
{
	return cmap_put_u64s(skb, CMAP_SA_A_COUNTERS, sum->v,
			     __CMAP_SA_CTR_A_MAX, CMAP_SA_CTR_A_PAD);
}

struct cmap_ctrs *cmap_ctrs_new(u32 n)
{
	struct cmap_ctrs *c = kzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
	u32 i, size;

	if (!c)
		return NULL;
	c->n = n;
	c->n_chunks = DIV_ROUND_UP(n, CMAP_CTRS_CHUNK);
	c->base = kvcalloc(max_t(u32, n, 1), sizeof(u64), GFP_KERNEL_ACCOUNT);
	c->chunk = kcalloc(max_t(u32, c->n_chunks, 1), sizeof(*c->chunk),
			   GFP_KERNEL_ACCOUNT);
	if (!c->base || !c->chunk)
		goto fail;
	for (i = 0; i < c->n_chunks; i++) {
		size = min_t(u32, n - i * CMAP_CTRS_CHUNK, CMAP_CTRS_CHUNK);
		c->chunk[i] = __alloc_percpu_gfp(size * sizeof(u64), sizeof(u64),
						 GFP_KERNEL_ACCOUNT);
		if (!c->chunk[i])
			goto fail;
	}
	return c;
fail:
	cmap_ctrs_free(c);
	return NULL;
}

void cmap_ctrs_free(struct cmap_ctrs *c)
{
	u32 i;

	if (!c)
		return;
	for (i = 0; c->chunk && i < c->n_chunks; i++)
		free_percpu(c->chunk[i]);
	kfree(c->chunk);
	kvfree(c->base);
	kfree(c);
}

u64 cmap_ctrs_read(const struct cmap_ctrs *c, u32 i)
{
	const u64 __percpu *chunk;
	u64 sum;
	int cpu;

	if (i >= c->n)
		return 0;
	chunk = c->chunk[i / CMAP_CTRS_CHUNK];
	sum = READ_ONCE(c->base[i]);
	for_each_possible_cpu(cpu)
		sum += READ_ONCE(*per_cpu_ptr(chunk + i % CMAP_CTRS_CHUNK, cpu));
	return sum;
}

void cmap_ctrs_clear(struct cmap_ctrs *c)
{
	u32 i, j, size;
	int cpu;

	for (i = 0; i < c->n; i++)
		WRITE_ONCE(c->base[i], 0);
	for (i = 0; i < c->n_chunks; i++) {
		size = min_t(u32, c->n - i * CMAP_CTRS_CHUNK, CMAP_CTRS_CHUNK);
		for_each_possible_cpu(cpu)
			for (j = 0; j < size; j++)
				WRITE_ONCE(*per_cpu_ptr(c->chunk[i] + j, cpu), 0);
	}
}
