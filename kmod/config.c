// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration generations: allocation, deep copy, validation, release.
 */
#include <linux/slab.h>
#include <net/netlink.h>

#include "acl.h"
#include "binding.h"
#include "config.h"
#include "map.h"
#include "msg.h"
#include "netlink.h"
#include "tset.h"

/*
 * Generations are freed here, in process context: a large one takes a
 * while, too long for an RCU callback.
 */
static struct workqueue_struct *cmap_config_wq;

int cmap_config_init(void)
{
	cmap_config_wq = alloc_workqueue("cryptomap", WQ_UNBOUND, 0);
	return cmap_config_wq ? 0 : -ENOMEM;
}

/* After the last namespace is gone: wait for the generations it retired. */
void cmap_config_uninit(void)
{
	rcu_barrier();
	destroy_workqueue(cmap_config_wq);
}

static void cmap_config_release(struct kref *ref)
{
	struct cmap_config *cfg = container_of(ref, struct cmap_config, ref);

	cmap_names_free(&cfg->bindings, cmap_binding_free);
	cmap_names_free(&cfg->maps, cmap_map_free);
	cmap_names_free(&cfg->acls, cmap_acl_free);
	cmap_names_free(&cfg->tsets, cmap_tset_free);
	kfree(cfg);
}

/* Process context only. */
void cmap_config_put(struct cmap_config *cfg)
{
	kref_put(&cfg->ref, cmap_config_release);
}

static void cmap_config_free_work(struct work_struct *work)
{
	cmap_config_put(container_of(to_rcu_work(work), struct cmap_config,
				     free_work));
}

/* Drops the running configuration's reference after a grace period. */
void cmap_config_retire(struct cmap_config *cfg)
{
	queue_rcu_work(cmap_config_wq, &cfg->free_work);
}

struct cmap_config *cmap_config_new(void)
{
	struct cmap_config *cfg = kzalloc(sizeof(*cfg), GFP_KERNEL_ACCOUNT);

	if (!cfg)
		return NULL;
	kref_init(&cfg->ref);
	INIT_RCU_WORK(&cfg->free_work, cmap_config_free_work);
	cfg->global.life_secs = CMAP_DEFAULT_LIFE_SECS;
	cfg->global.life_kb = CMAP_DEFAULT_LIFE_KB;
	cfg->global.replay_window = CMAP_DEFAULT_REPLAY_WINDOW;
	cfg->global.df_bit = CMAP_DF_COPY;
	cfg->tsets = RB_ROOT;
	cfg->acls = RB_ROOT;
	cfg->maps = RB_ROOT;
	cfg->bindings = RB_ROOT;
	return cfg;
}

/* A private deep copy, to become a candidate. */
struct cmap_config *cmap_config_clone(const struct cmap_config *old)
{
	struct cmap_config *cfg = cmap_config_new();

	if (!cfg)
		return NULL;
	cfg->generation = old->generation;
	cfg->global = old->global;
	if (cmap_names_clone(&cfg->tsets, &old->tsets, cmap_tset_clone) ||
	    cmap_names_clone(&cfg->acls, &old->acls, cmap_acl_clone) ||
	    cmap_names_clone(&cfg->maps, &old->maps, cmap_map_clone) ||
	    cmap_names_clone(&cfg->bindings, &old->bindings,
			     cmap_binding_clone)) {
		cmap_config_put(cfg);
		return NULL;
	}
	cfg->n_tsets = old->n_tsets;
	cfg->n_acls = old->n_acls;
	cfg->n_acl_lines = old->n_acl_lines;
	cfg->n_maps = old->n_maps;
	cfg->n_entries = old->n_entries;
	cfg->n_bindings = old->n_bindings;
	return cfg;
}

/*
 * The whole configuration, before it is published: every reference
 * resolves. Objects were checked on their own when they were set, and the
 * limits were kept then. On error @obj names the object at fault.
 */
int cmap_config_validate(struct cmap_config *cfg, char *obj, size_t len,
			 struct netlink_ext_ack *extack)
{
	int err;

	err = cmap_map_validate(cfg, obj, len, extack);
	if (!err)
		err = cmap_binding_validate(cfg, obj, len, extack);
	return err;
}

int cmap_global_parse(const struct nlattr *nla, struct cmap_global_set *set,
		      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[CMAP_GLOBAL_A_MAX + 1];
	struct cmap_global *val = &set->val;
	int err, i;

	err = nla_parse_nested(tb, CMAP_GLOBAL_A_MAX, nla, cmap_global_policy,
			       extack);
	if (!err)
		err = cmap_nl_check_replay(tb[CMAP_GLOBAL_A_REPLAY_WINDOW],
					   extack);
	if (err)
		return err;
	memset(set, 0, sizeof(*set));
	for (i = 1; i <= CMAP_GLOBAL_A_MAX; i++)
		if (tb[i])
			set->mask |= BIT(i);
	if (tb[CMAP_GLOBAL_A_LIFE_SECS])
		val->life_secs = nla_get_u32(tb[CMAP_GLOBAL_A_LIFE_SECS]);
	if (tb[CMAP_GLOBAL_A_LIFE_KB])
		val->life_kb = nla_get_u32(tb[CMAP_GLOBAL_A_LIFE_KB]);
	if (tb[CMAP_GLOBAL_A_DF_BIT])
		val->df_bit = nla_get_u8(tb[CMAP_GLOBAL_A_DF_BIT]);
	if (tb[CMAP_GLOBAL_A_REPLAY_WINDOW])
		val->replay_window = nla_get_u32(tb[CMAP_GLOBAL_A_REPLAY_WINDOW]);
	return 0;
}

void cmap_global_apply(struct cmap_global *global,
		       const struct cmap_global_set *set)
{
	if (set->mask & BIT(CMAP_GLOBAL_A_LIFE_SECS))
		global->life_secs = set->val.life_secs;
	if (set->mask & BIT(CMAP_GLOBAL_A_LIFE_KB))
		global->life_kb = set->val.life_kb;
	if (set->mask & BIT(CMAP_GLOBAL_A_DF_BIT))
		global->df_bit = set->val.df_bit;
	if (set->mask & BIT(CMAP_GLOBAL_A_REPLAY_WINDOW))
		global->replay_window = set->val.replay_window;
}

int cmap_global_fill(struct sk_buff *skb, const struct cmap_global *global)
{
	struct nlattr *nest = nla_nest_start(skb, CMAP_A_GLOBAL);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, CMAP_GLOBAL_A_LIFE_SECS, global->life_secs) ||
	    nla_put_u32(skb, CMAP_GLOBAL_A_LIFE_KB, global->life_kb) ||
	    nla_put_u8(skb, CMAP_GLOBAL_A_DF_BIT, global->df_bit) ||
	    nla_put_u32(skb, CMAP_GLOBAL_A_REPLAY_WINDOW,
			global->replay_window)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}
