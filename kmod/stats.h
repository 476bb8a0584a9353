/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Counters of the dataplane: per namespace (CMAP_A_STATS, by drop reason) and
 * per SA (IOS "show crypto ipsec sa"). All are per-cpu: the packet path
 * never writes a cache line that another CPU writes too.
 */
#ifndef _CMAP_STATS_H
#define _CMAP_STATS_H

#include <linux/percpu.h>
#include <linux/skbuff.h>
#include <linux/cryptomap.h>

struct cmap_nsstats {
	u64 v[__CMAP_STAT_MAX];
};

/* Indexed by enum cmap_sa_ctr_attr. */
struct cmap_sa_ctr {
	u64 v[__CMAP_SA_CTR_A_MAX];
};

static inline void cmap_stat_inc(struct cmap_nsstats __percpu *s,
				 enum cmap_stat i)
{
	this_cpu_inc(s->v[i]);
}

static inline void cmap_sa_ctr_inc(struct cmap_sa_ctr __percpu *c,
				   enum cmap_sa_ctr_attr i)
{
	this_cpu_inc(c->v[i]);
}

static inline void cmap_sa_ctr_add(struct cmap_sa_ctr __percpu *c,
				   enum cmap_sa_ctr_attr i, u64 n)
{
	this_cpu_add(c->v[i], n);
}

void cmap_stats_sum(const struct cmap_nsstats __percpu *s,
		    struct cmap_nsstats *sum);
void cmap_stats_clear(struct cmap_nsstats __percpu *s);
int cmap_stats_fill(struct sk_buff *skb, const struct cmap_nsstats *sum);

void cmap_sa_ctr_sum(const struct cmap_sa_ctr __percpu *c,
		     struct cmap_sa_ctr *sum);
void cmap_sa_ctr_clear(struct cmap_sa_ctr __percpu *c);
int cmap_sa_ctr_fill(struct sk_buff *skb, const struct cmap_sa_ctr *sum);

/*
 * Hit counters of a compiled map: one slot per entry and per ACL line. The
 * per-cpu part is allocated in chunks (the per-cpu allocator serves at most
 * 32 KiB at a time); @base holds what earlier generations counted for the
 * same entry identities, added once they are quiescent.
 */
#define CMAP_CTRS_CHUNK	4096

struct cmap_ctrs {
	u32 n;
	u32 n_chunks;
	u64 *base;
	u64 __percpu **chunk;
};

struct cmap_ctrs *cmap_ctrs_new(u32 n);
void cmap_ctrs_free(struct cmap_ctrs *c);
u64 cmap_ctrs_read(const struct cmap_ctrs *c, u32 i);
void cmap_ctrs_clear(struct cmap_ctrs *c);

static inline void cmap_ctrs_inc(struct cmap_ctrs *c, u32 i)
{
	this_cpu_inc(c->chunk[i / CMAP_CTRS_CHUNK][i % CMAP_CTRS_CHUNK]);
}

#endif /* _CMAP_STATS_H */
