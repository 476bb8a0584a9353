/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One generation of a namespace's configuration. A configuration that was
 * published is immutable (but for binding ifindexes, see binding.c): changes
 * go to a private deep copy, the candidate, which is validated as a whole and
 * then replaces the running one through an RCU pointer.
 */
#ifndef _CMAP_CONFIG_H
#define _CMAP_CONFIG_H

#include <linux/kref.h>
#include <linux/netlink.h>
#include <linux/rbtree.h>
#include <linux/workqueue.h>

struct cmap_global {
	u32 life_secs;
	u32 life_kb;
	u32 replay_window;
	u8 df_bit;
};

/* A SET_GLOBAL request: the values it carries, in the bits of @mask. */
struct cmap_global_set {
	struct cmap_global val;
	unsigned long mask;	/* BIT(CMAP_GLOBAL_A_x) */
};

struct cmap_config {
	struct kref ref;		/* running pointer, candidate, dumps */
	struct rcu_work free_work;
	u32 generation;
	struct cmap_global global;
	struct rb_root tsets;		/* struct cmap_tset by name */
	struct rb_root acls;		/* struct cmap_acl by name */
	struct rb_root maps;		/* struct cmap_map by name */
	struct rb_root bindings;	/* struct cmap_binding by ifname */
	u32 n_tsets;
	u32 n_acls;
	u32 n_acl_lines;
	u32 n_maps;
	u32 n_entries;
	u32 n_bindings;
};

int cmap_config_init(void);
void cmap_config_uninit(void);

struct cmap_config *cmap_config_new(void);
struct cmap_config *cmap_config_clone(const struct cmap_config *old);
void cmap_config_retire(struct cmap_config *cfg);
int cmap_config_validate(struct cmap_config *cfg, char *obj, size_t len,
			 struct netlink_ext_ack *extack);

static inline void cmap_config_get(struct cmap_config *cfg)
{
	kref_get(&cfg->ref);
}

void cmap_config_put(struct cmap_config *cfg);

int cmap_global_parse(const struct nlattr *nla, struct cmap_global_set *set,
		      struct netlink_ext_ack *extack);
void cmap_global_apply(struct cmap_global *global,
		       const struct cmap_global_set *set);
int cmap_global_fill(struct sk_buff *skb, const struct cmap_global *global);

#endif /* _CMAP_CONFIG_H */
