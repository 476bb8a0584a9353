// SPDX-License-Identifier: GPL-2.0
/*
 * GET_x dumps. A dump holds a reference on the generation that was running
 * when it started and walks it, however many messages that takes. Every
 * message carries that generation; once another one runs, the dump's
 * messages are flagged NLM_F_DUMP_INTR, so the client repeats it.
 */
#include <net/genetlink.h>
#include <net/sock.h>

#include "acl.h"
#include "binding.h"
#include "map.h"
#include "netlink.h"
#include "pernet.h"
#include "tset.h"

struct cmap_dump {
	struct cmap_config *cfg;
	const struct cmap_node *pos;	/* next object; NULL: the first */
	const struct rb_node *entry;	/* next entry of map @pos */
	u32 line;			/* next line of access list @pos */
	bool done;
};

static struct cmap_dump *cmap_dump(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct cmap_dump) > sizeof(cb->ctx));
	return (struct cmap_dump *)cb->ctx;
}

int cmap_nl_dump_start(struct netlink_callback *cb)
{
	struct cmap_net *cn = cmap_net(sock_net(cb->skb->sk));
	struct cmap_dump *d = cmap_dump(cb);

	/* Running generations keep a reference until a grace period after. */
	rcu_read_lock();
	d->cfg = rcu_dereference(cn->running);
	cmap_config_get(d->cfg);
	rcu_read_unlock();
	/* cb->seq is 1 while d->cfg runs, 2 after: see cmap_dump_begin(). */
	cb->prev_seq = 1;
	return 0;
}

int cmap_nl_dump_done(struct netlink_callback *cb)
{
	cmap_config_put(cmap_dump(cb)->cfg);
	return 0;
}

/*
 * genl_dump_check_consistent() flags a message when cb->seq differs from
 * the previous message's; prev_seq 0 would mean "no previous message", so
 * the sequence counts 1 for "unchanged" and 2 for "changed" rather than
 * generations, which start at 0.
 */
static int cmap_dump_begin(struct netlink_callback *cb, struct cmap_dump *d)
{
	struct cmap_net *cn = cmap_net(sock_net(cb->skb->sk));
	u32 generation;
	int err;

	err = cmap_nl_dump_perm(cb);
	if (err)
		return err;
	rcu_read_lock();
	generation = rcu_dereference(cn->running)->generation;
	rcu_read_unlock();
	cb->seq = generation == d->cfg->generation ? 1 : 2;
	return 0;
}

/* A message's header and generation. */
static void *cmap_dump_put(struct sk_buff *skb, struct netlink_callback *cb)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &cmap_genl_family, NLM_F_MULTI,
			  genl_dumpit_info(cb)->op.cmd);
	if (!hdr)
		return NULL;
	genl_dump_check_consistent(cb, hdr);
	if (nla_put_u32(skb, CMAP_A_GENERATION, cmap_dump(cb)->cfg->generation)) {
		genlmsg_cancel(skb, hdr);
		return NULL;
	}
	return hdr;
}

/* Where a message did not fit: go on in the next part, if there is room. */
static int cmap_dump_full(struct sk_buff *skb, void *hdr)
{
	genlmsg_cancel(skb, hdr);
	return skb->len ?: -EMSGSIZE;
}

/* One message per object of a name tree. */
static int cmap_dump_names(struct sk_buff *skb, struct netlink_callback *cb,
			   const struct rb_root *root,
			   int (*fill)(struct sk_buff *skb,
				       const struct cmap_node *node))
{
	struct cmap_dump *d = cmap_dump(cb);
	const struct cmap_node *pos;
	void *hdr;
	int err;

	if (d->done)
		return 0;
	err = cmap_dump_begin(cb, d);
	if (err)
		return err;
	for (pos = d->pos ?: cmap_names_first(root); pos;
	     pos = cmap_names_next(pos)) {
		hdr = cmap_dump_put(skb, cb);
		if (!hdr || fill(skb, pos)) {
			d->pos = pos;
			return cmap_dump_full(skb, hdr);
		}
		genlmsg_end(skb, hdr);
	}
	d->done = true;
	return skb->len;
}

static int cmap_dump_tset(struct sk_buff *skb, const struct cmap_node *node)
{
	return cmap_tset_fill(skb, cmap_tset(node));
}

int cmap_nl_get_tset(struct sk_buff *skb, struct netlink_callback *cb)
{
	return cmap_dump_names(skb, cb, &cmap_dump(cb)->cfg->tsets,
			       cmap_dump_tset);
}

static int cmap_dump_map(struct sk_buff *skb, const struct cmap_node *node)
{
	return cmap_map_fill(skb, cmap_map(node));
}

int cmap_nl_get_map(struct sk_buff *skb, struct netlink_callback *cb)
{
	return cmap_dump_names(skb, cb, &cmap_dump(cb)->cfg->maps,
			       cmap_dump_map);
}

static int cmap_dump_binding(struct sk_buff *skb, const struct cmap_node *node)
{
	return cmap_binding_fill(skb, cmap_binding(node));
}

int cmap_nl_get_binding(struct sk_buff *skb, struct netlink_callback *cb)
{
	return cmap_dump_names(skb, cb, &cmap_dump(cb)->cfg->bindings,
			       cmap_dump_binding);
}

/* An access list takes as many messages as its lines need. */
int cmap_nl_get_acl(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct cmap_dump *d = cmap_dump(cb);
	const struct cmap_node *pos;
	const struct cmap_acl *acl;
	void *hdr;
	int err;

	if (d->done)
		return 0;
	err = cmap_dump_begin(cb, d);
	if (err)
		return err;
	for (pos = d->pos ?: cmap_names_first(&d->cfg->acls); pos;
	     pos = cmap_names_next(pos), d->line = 0) {
		acl = cmap_acl(pos);
		do {
			hdr = cmap_dump_put(skb, cb);
			if (!hdr || cmap_acl_fill(skb, acl, &d->line)) {
				d->pos = pos;
				return cmap_dump_full(skb, hdr);
			}
			genlmsg_end(skb, hdr);
		} while (d->line < acl->n_lines);
	}
	d->done = true;
	return skb->len;
}

/* Entries in map name order, then sequence order. */
int cmap_nl_get_entry(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct cmap_dump *d = cmap_dump(cb);
	const struct cmap_node *pos;
	const struct rb_node *rb;
	void *hdr;
	int err;

	if (d->done)
		return 0;
	err = cmap_dump_begin(cb, d);
	if (err)
		return err;
	for (pos = d->pos ?: cmap_names_first(&d->cfg->maps); pos;
	     pos = cmap_names_next(pos), d->entry = NULL) {
		for (rb = d->entry ?: rb_first(&cmap_map(pos)->entries); rb;
		     rb = rb_next(rb)) {
			hdr = cmap_dump_put(skb, cb);
			if (!hdr || cmap_entry_fill(skb, cmap_map(pos),
						    cmap_entry(rb))) {
				d->pos = pos;
				d->entry = rb;
				return cmap_dump_full(skb, hdr);
			}
			genlmsg_end(skb, hdr);
		}
	}
	d->done = true;
	return skb->len;
}
