/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dataplane's view of a namespace: the running configuration compiled
 * for the packet path (maps as classifiers, entries by identity, bindings),
 * the SAs, the counters. The compiled form is immutable and published
 * through an RCU pointer at each commit, like the configuration itself.
 */
#ifndef _CMAP_DATAPLANE_H
#define _CMAP_DATAPLANE_H

#include <linux/if.h>
#include <linux/netdevice.h>
#include <linux/ratelimit.h>
#include <linux/rcupdate.h>
#include <linux/cryptomap.h>

#include "classify.h"
#include "crypto.h"
#include "sa.h"
#include "stats.h"

struct cmap_config;
struct cmap_net;
struct cmap_dp_map;

struct cmap_dp_entry {
	struct hlist_node id_node;
	u32 id;
	u16 seq;
	u8 type;			/* enum cmap_entry_type */
	u8 n_peers;
	u8 n_tsets;
	u32 replay_window;
	u32 life_secs, life_kb;
	const __be32 *peers;		/* in the map's pools */
	const struct cmap_xform *tsets;
	struct cmap_dp_map *map;
	u32 slot;			/* hit counters: slot the entry, */
	u32 n_lines;			/* slot + line_idx its lines */
	u32 first_rule, n_rules;	/* its lines in map->cls->rules */
};

struct cmap_dp_map {
	char name[CMAP_NAME_MAX];
	char local_if[IFNAMSIZ];	/* "" if none */
	struct cmap_cls *cls;
	struct cmap_ctrs *hits;
	__be32 *peers;			/* the entries' peers */
	struct cmap_xform *tsets;	/* and transform sets */
	u32 n_entries;
	struct cmap_dp_entry *entries;	/* in sequence order */
};

struct cmap_dp_binding {
	char ifname[IFNAMSIZ];
	struct cmap_dp_map *map;
};

struct cmap_dp {
	struct rcu_head rcu;
	u32 generation;
	u8 df_bit;			/* enum cmap_df_bit */
	u32 n_maps;
	struct cmap_dp_map *maps;
	u32 n_bindings;
	struct cmap_dp_binding *bindings;
	u32 id_mask;
	struct hlist_head *by_id;
};

struct cmap_dpnet {
	struct net *net;
	struct cmap_net *cn;
	struct cmap_dp __rcu *dp;
	struct cmap_sadb sadb;
	struct cmap_nsstats __percpu *stats;
	struct ratelimit_state acquire_rs;
	struct cmap_inflight inflight;	/* crypto requests under way */
};

struct cmap_dpnet *cmap_dpnet(const struct net *net);

/* Called by the commit, under the namespace mutex, before @cfg is published. */
int cmap_dp_commit(struct cmap_net *cn, struct cmap_config *cfg,
		   struct netlink_ext_ack *extack);

struct cmap_dp_entry *cmap_dp_entry_find(const struct cmap_dp *dp, u32 id);
const struct cmap_rule *cmap_dp_entry_rule(const struct cmap_dp_entry *e,
					   u32 line);
struct cmap_dp_map *cmap_dp_binding_find(const struct cmap_dp *dp,
					 const struct net_device *dev);
struct cmap_dp *cmap_dp_locked(struct cmap_dpnet *dpn);

static inline void cmap_dp_hit(struct cmap_dp_entry *e, u32 line_idx)
{
	cmap_ctrs_inc(e->map->hits, e->slot);
	cmap_ctrs_inc(e->map->hits, e->slot + line_idx);
}

static inline u64 cmap_dp_hits(const struct cmap_dp_entry *e, u32 line_idx)
{
	return cmap_ctrs_read(e->map->hits, e->slot + line_idx);
}

static inline void cmap_dp_stat(struct cmap_dpnet *dpn, enum cmap_stat i)
{
	cmap_stat_inc(dpn->stats, i);
}

int cmap_dataplane_init(void);
void cmap_dataplane_uninit(void);

#endif /* _CMAP_DATAPLANE_H */
