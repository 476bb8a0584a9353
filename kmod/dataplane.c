// SPDX-License-Identifier: GPL-2.0
/*
 * The dataplane's per-namespace state, and the compiled configuration that
 * each commit publishes for the packet path.
 *
 * Compilation happens in the commit, before the new configuration is
 * published, so that a commit that cannot be compiled (out of memory) fails
 * as a whole and changes nothing. Hit counters belong to an entry identity:
 * an entry that keeps its identity keeps its counters, which the old and new
 * compiled forms share.
 */
#include <linux/hash.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <net/netns/generic.h>

#include "acl.h"
#include "binding.h"
#include "config.h"
#include "dataplane.h"
#include "hooks.h"
#include "map.h"
#include "pernet.h"
#include "tset.h"

static unsigned int cmap_dpnet_id __read_mostly;

struct cmap_dpnet *cmap_dpnet(const struct net *net)
{
	return net_generic(net, cmap_dpnet_id);
}

struct cmap_dp *cmap_dp_locked(struct cmap_dpnet *dpn)
{
	return rcu_dereference_protected(dpn->dp,
					 lockdep_is_held(&dpn->cn->lock));
}

struct cmap_dp_entry *cmap_dp_entry_find(const struct cmap_dp *dp, u32 id)
{
	struct cmap_dp_entry *e;

	if (!dp || !dp->by_id)
		return NULL;
	hlist_for_each_entry(e, &dp->by_id[hash_32(id, 32) & dp->id_mask],
			     id_node)
		if (e->id == id)
			return e;
	return NULL;
}

/* The line's rule, by its SEQ (lines are in increasing SEQ order). */
const struct cmap_rule *cmap_dp_entry_rule(const struct cmap_dp_entry *e,
					   u32 line)
{
	const struct cmap_rule *rules = e->map->cls->rules + e->first_rule;
	u32 lo = 0, hi = e->n_rules;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (rules[mid].line_seq == line)
			return &rules[mid];
		if (rules[mid].line_seq < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Bound interfaces are few: a walk compares names as iptables -o does. */
struct cmap_dp_map *cmap_dp_binding_find(const struct cmap_dp *dp,
					 const struct net_device *dev)
{
	u32 i;

	for (i = 0; i < dp->n_bindings; i++)
		if (!strncmp(dp->bindings[i].ifname, dev->name, IFNAMSIZ))
			return dp->bindings[i].map;
	return NULL;
}

static void cmap_dp_free(struct cmap_dp *dp)
{
	u32 i;

	if (!dp)
		return;
	for (i = 0; i < dp->n_maps; i++) {
		struct cmap_dp_map *m = &dp->maps[i];

		kvfree(m->entries);
		kvfree(m->peers);
		kvfree(m->tsets);
		cmap_cls_free(m->cls);
		cmap_ctrs_free(m->hits);
	}
	kvfree(dp->maps);
	kvfree(dp->bindings);
	kvfree(dp->by_id);
	kfree(dp);
}

static void cmap_dp_xform(struct cmap_xform *x, const struct cmap_tset *t)
{
	x->cipher = t->cipher;
	x->keybits = t->keybits;
	x->auth = t->auth;
	x->mode = t->mode;
	x->esn = false;
}

static u32 cmap_dp_acl_rules(const struct cmap_acl *acl)
{
	u32 i, n = 0;

	for (i = 0; acl && i < acl->n_lines; i++)
		n += acl->lines[i].action != CMAP_ACTION_REMARK;
	return n;
}

/* @r is zeroed already: the rules come from kvcalloc(). */
static void cmap_dp_rule(struct cmap_rule *r, const struct cmap_acl_line *l,
			 u32 idx, u32 prio, struct cmap_dp_entry *e)
{
	r->prio = prio;
	r->action = l->action;
	r->smask = ~l->src_wild;
	r->dmask = ~l->dst_wild;
	r->src = l->src & r->smask;
	r->dst = l->dst & r->dmask;
	if (l->flags & CMAP_LINE_F_PROTO) {
		r->flags |= CMAP_RULE_F_PROTO;
		r->proto = l->proto;
	}
	if (l->sport_op != CMAP_PORT_ANY || l->dport_op != CMAP_PORT_ANY)
		r->flags |= CMAP_RULE_F_L4;
	if (l->flags & CMAP_LINE_F_ICMP_TYPE) {
		r->flags |= CMAP_RULE_F_L4 | CMAP_RULE_F_ICMP_TYPE;
		r->icmp_type = l->icmp_type;
		if (l->flags & CMAP_LINE_F_ICMP_CODE) {
			r->flags |= CMAP_RULE_F_ICMP_CODE;
			r->icmp_code = l->icmp_code;
		}
	}
	r->sport_op = l->sport_op;
	r->sport_lo = l->sport_lo;
	r->sport_hi = l->sport_hi;
	r->dport_op = l->dport_op;
	r->dport_lo = l->dport_lo;
	r->dport_hi = l->dport_hi;
	r->line_seq = l->seq;
	r->line_idx = idx + 1;
	r->entry = e;
}

/* @peers and @tsets: where the entry's go in the map's pools. */
static void cmap_dp_entry_fill(struct cmap_dp_entry *de,
			       const struct cmap_entry *e,
			       const struct cmap_config *cfg,
			       __be32 *peers, struct cmap_xform *tsets)
{
	int i;

	de->id = e->id;
	de->seq = e->seq;
	de->type = e->type;
	de->n_peers = e->n_peers;
	memcpy(peers, e->peers, e->n_peers * sizeof(*peers));
	de->peers = peers;
	de->n_tsets = e->n_tsets;
	for (i = 0; i < e->n_tsets; i++)
		if (e->tset_ref[i])
			cmap_dp_xform(&tsets[i], e->tset_ref[i]);
	de->tsets = tsets;
	de->life_secs = e->flags & CMAP_ENTRY_F_LIFE_SECS ?
			e->life_secs : cfg->global.life_secs;
	de->life_kb = e->flags & CMAP_ENTRY_F_LIFE_KB ?
		      e->life_kb : cfg->global.life_kb;
	de->replay_window = e->flags & CMAP_ENTRY_F_REPLAY ?
			    e->replay_window : cfg->global.replay_window;
	de->n_lines = e->acl_ref ? e->acl_ref->n_lines : 0;
}

/* One static map: its entries in sequence order and their lines as rules. */
static int cmap_dp_map_build(struct cmap_dp *dp, struct cmap_dp_map *dm,
			     const struct cmap_map *map,
			     const struct cmap_config *cfg)
{
	struct cmap_rule *rules;
	struct rb_node *rb;
	u32 n_rules = 0, n_slots = 0, n_peers = 0, n_tsets = 0;
	u32 k = 0, prio = 0, i;

	strscpy(dm->name, map->node.name, sizeof(dm->name));
	strscpy(dm->local_if, map->local_if, sizeof(dm->local_if));
	dm->entries = kvcalloc(max_t(u32, map->n_entries, 1),
			       sizeof(*dm->entries), GFP_KERNEL_ACCOUNT);
	if (!dm->entries)
		return -ENOMEM;
	for (rb = rb_first(&map->entries); rb; rb = rb_next(rb)) {
		const struct cmap_acl *acl = cmap_entry(rb)->acl_ref;

		if (cmap_entry(rb)->type != CMAP_ENTRY_DYNAMIC)
			n_rules += cmap_dp_acl_rules(acl);
		n_slots += 1 + (acl ? acl->n_lines : 0);
		n_peers += cmap_entry(rb)->n_peers;
		n_tsets += cmap_entry(rb)->n_tsets;
	}
	dm->hits = cmap_ctrs_new(n_slots);
	dm->peers = kvcalloc(max_t(u32, n_peers, 1), sizeof(*dm->peers),
			     GFP_KERNEL_ACCOUNT);
	dm->tsets = kvcalloc(max_t(u32, n_tsets, 1), sizeof(*dm->tsets),
			     GFP_KERNEL_ACCOUNT);
	if (!dm->hits || !dm->peers || !dm->tsets)
		return -ENOMEM;
	n_slots = n_peers = n_tsets = 0;
	rules = kvcalloc(max_t(u32, n_rules, 1), sizeof(*rules),
			 GFP_KERNEL_ACCOUNT);
	if (!rules)
		return -ENOMEM;

	for (rb = rb_first(&map->entries); rb; rb = rb_next(rb)) {
		const struct cmap_entry *e = cmap_entry(rb);
		const struct cmap_acl *acl = e->acl_ref;
		struct cmap_dp_entry *de = &dm->entries[dm->n_entries++];

		de->map = dm;
		cmap_dp_entry_fill(de, e, cfg, dm->peers + n_peers,
				   dm->tsets + n_tsets);
		n_peers += e->n_peers;
		n_tsets += e->n_tsets;
		de->slot = n_slots;
		n_slots += 1 + de->n_lines;
		hlist_add_head(&de->id_node,
			       &dp->by_id[hash_32(de->id, 32) & dp->id_mask]);
		de->first_rule = k;
		if (e->type == CMAP_ENTRY_DYNAMIC || !acl)
			continue;
		for (i = 0; i < acl->n_lines; i++) {
			if (acl->lines[i].action == CMAP_ACTION_REMARK)
				continue;
			cmap_dp_rule(&rules[k++], &acl->lines[i], i, prio++, de);
		}
		de->n_rules = k - de->first_rule;
	}
	dm->cls = cmap_cls_build(rules, n_rules);
	return dm->cls ? 0 : -ENOMEM;
}

static struct cmap_dp *cmap_dp_build(const struct cmap_config *cfg)
{
	struct cmap_node *pos;
	struct cmap_dp *dp;
	u32 n = 0, i;

	dp = kzalloc(sizeof(*dp), GFP_KERNEL_ACCOUNT);
	if (!dp)
		return NULL;
	dp->generation = cfg->generation;
	dp->df_bit = cfg->global.df_bit;
	dp->id_mask = roundup_pow_of_two(max_t(u32, cfg->n_entries, 16)) - 1;
	dp->by_id = kvcalloc(dp->id_mask + 1, sizeof(*dp->by_id),
			     GFP_KERNEL_ACCOUNT);
	dp->maps = kvcalloc(max_t(u32, cfg->n_maps, 1), sizeof(*dp->maps),
			    GFP_KERNEL_ACCOUNT);
	dp->bindings = kvcalloc(max_t(u32, cfg->n_bindings, 1),
				sizeof(*dp->bindings), GFP_KERNEL_ACCOUNT);
	if (!dp->by_id || !dp->maps || !dp->bindings)
		goto fail;

	cmap_names_for_each(pos, &cfg->maps) {
		if (cmap_map(pos)->dynamic)
			continue;
		if (cmap_dp_map_build(dp, &dp->maps[dp->n_maps++],
				      cmap_map(pos), cfg))
			goto fail;
	}
	cmap_names_for_each(pos, &cfg->bindings) {
		const struct cmap_binding *b = cmap_binding(pos);

		for (i = 0; i < dp->n_maps; i++) {
			if (strcmp(dp->maps[i].name, b->map))
				continue;
			strscpy(dp->bindings[n].ifname, pos->name, IFNAMSIZ);
			dp->bindings[n++].map = &dp->maps[i];
			break;
		}
	}
	dp->n_bindings = n;
	return dp;

fail:
	cmap_dp_free(dp);
	return NULL;
}

/* SAs whose entry identity is gone with this commit go too. */
static void cmap_dp_prune(struct cmap_dpnet *dpn, const struct cmap_dp *dp)
{
	struct cmap_sa *sa, *tmp;

	list_for_each_entry_safe(sa, tmp, &dpn->sadb.all, list)
		if (sa->entry_id && !cmap_dp_entry_find(dp, sa->entry_id))
			cmap_sa_delete(&dpn->sadb, sa, CMAP_SA_REASON_CONFIG);
}

/* Whether any packet was counted in @dp: only then is there a count to carry. */
static bool cmap_dp_counted(const struct cmap_dp *dp)
{
	u32 i, j;

	for (i = 0; i < dp->n_maps; i++)
		for (j = 0; j < dp->maps[i].hits->n; j++)
			if (cmap_ctrs_read(dp->maps[i].hits, j))
				return true;
	return false;
}

struct cmap_dp_free {
	struct rcu_work work;
	struct cmap_dp *dp;
};

static void cmap_dp_free_work(struct work_struct *work)
{
	struct cmap_dp_free *f = container_of(to_rcu_work(work),
					      struct cmap_dp_free, work);

	cmap_dp_free(f->dp);
	kfree(f);
}

/* Frees @dp after a grace period, in process context. */
static void cmap_dp_retire(struct cmap_dp *dp)
{
	struct cmap_dp_free *f = kmalloc(sizeof(*f), GFP_KERNEL | __GFP_NOFAIL);

	f->dp = dp;
	INIT_RCU_WORK(&f->work, cmap_dp_free_work);
	queue_rcu_work(cmap_wq(), &f->work);
}

/*
 * An entry that keeps its identity keeps its hit counts: once no reader
 * can count into the old generation any more, its totals are added to the
 * new one's base.
 */
static void cmap_dp_carry_hits(struct cmap_dp *dp, const struct cmap_dp *old)
{
	const struct cmap_dp_entry *o;
	struct cmap_dp_entry *e;
	u32 i, j, k;

	for (i = 0; i < dp->n_maps; i++) {
		for (j = 0; j < dp->maps[i].n_entries; j++) {
			e = &dp->maps[i].entries[j];
			o = cmap_dp_entry_find(old, e->id);
			if (!o || o->n_lines != e->n_lines)
				continue;
			for (k = 0; k <= e->n_lines; k++)
				e->map->hits->base[e->slot + k] +=
					cmap_ctrs_read(o->map->hits, o->slot + k);
		}
	}
}

int cmap_dp_commit(struct cmap_net *cn, struct cmap_config *cfg,
		   struct netlink_ext_ack *extack)
{
	struct cmap_dpnet *dpn = cn->dp;
	struct cmap_dp *old, *dp;

	if (!dpn)
		return 0;
	old = cmap_dp_locked(dpn);
	dp = cmap_dp_build(cfg);
	if (!dp) {
		NL_SET_ERR_MSG(extack, "COMMIT: out of memory compiling the crypto maps");
		return -ENOMEM;
	}
	rcu_assign_pointer(dpn->dp, dp);
	cmap_dp_prune(dpn, dp);
	if (!old)
		return 0;
	if (cmap_dp_counted(old)) {
		synchronize_rcu_expedited();
		cmap_dp_carry_hits(dp, old);
		cmap_dp_free(old);
	} else {
		cmap_dp_retire(old);
	}
	return 0;
}

static int __net_init cmap_dpnet_init(struct net *net)
{
	struct cmap_dpnet *dpn = cmap_dpnet(net);
	struct cmap_net *cn = cmap_net(net);
	int err;

	dpn->net = net;
	dpn->cn = cn;
	dpn->stats = alloc_percpu_gfp(struct cmap_nsstats, GFP_KERNEL_ACCOUNT);
	if (!dpn->stats)
		return -ENOMEM;
	err = cmap_crypto_inflight_init(&dpn->inflight);
	if (err) {
		free_percpu(dpn->stats);
		return err;
	}
	cmap_sadb_init(&dpn->sadb, dpn);
	ratelimit_state_init(&dpn->acquire_rs, HZ, 100);
	ratelimit_set_flags(&dpn->acquire_rs, RATELIMIT_MSG_ON_RELEASE);
	mutex_lock(&cn->lock);
	cn->dp = dpn;
	err = cmap_dp_commit(cn, cmap_net_running(cn), NULL);
	mutex_unlock(&cn->lock);
	if (!err)
		err = cmap_hooks_register(net);
	if (err) {
		mutex_lock(&cn->lock);
		cmap_dp_free(cmap_dp_locked(dpn));
		cn->dp = NULL;
		mutex_unlock(&cn->lock);
		cmap_crypto_inflight_drain(&dpn->inflight);
		free_percpu(dpn->stats);
	}
	return err;
}

static void __net_exit cmap_dpnet_exit(struct net *net)
{
	struct cmap_dpnet *dpn = cmap_dpnet(net);
	struct cmap_net *cn = dpn->cn;

	cmap_hooks_unregister(net);
	cmap_crypto_inflight_drain(&dpn->inflight);
	cmap_sadb_flush_all(&dpn->sadb);
	mutex_lock(&cn->lock);
	cn->dp = NULL;
	cmap_dp_free(cmap_dp_locked(dpn));
	RCU_INIT_POINTER(dpn->dp, NULL);
	mutex_unlock(&cn->lock);
	free_percpu(dpn->stats);
}

static struct pernet_operations cmap_dpnet_ops = {
	.init = cmap_dpnet_init,
	.exit = cmap_dpnet_exit,
	.id = &cmap_dpnet_id,
	.size = sizeof(struct cmap_dpnet),
};

int cmap_dataplane_init(void)
{
	int err;

	cmap_cls_init();
#ifdef CMAP_SELFTEST
	if (!cmap_replay_selftest() || !cmap_cls_selftest()) {
		pr_err("cryptomap: dataplane self-tests: FAIL\n");
		return -ENOTRECOVERABLE;
	}
	pr_info("cryptomap: dataplane self-tests: pass\n");
#endif
	err = cmap_sa_init();
	if (err)
		return err;
	err = cmap_par_init();
	if (err)
		goto err_par;
	err = register_pernet_subsys(&cmap_dpnet_ops);
	if (err)
		goto err_pernet;
	return 0;

err_pernet:
	cmap_par_uninit();
err_par:
	cmap_sa_uninit();
	return err;
}

void cmap_dataplane_uninit(void)
{
	unregister_pernet_subsys(&cmap_dpnet_ops);
	/*
	 * Completion callbacks still returning may queue finishing work
	 * (crypto_parallel): wait for them first. Finishing work still queued
	 * puts SA references: before sa_uninit.
	 */
	cmap_crypto_uninit();
	cmap_par_uninit();
	cmap_sa_uninit();
}
