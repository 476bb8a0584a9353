// SPDX-License-Identifier: GPL-2.0
/*
 * Bindings, and the netdev notifier that keeps their ifindex current
 * across register, unregister, rename and namespace moves.
 */
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <net/netlink.h>

#include "binding.h"
#include "map.h"
#include "msg.h"
#include "netlink.h"
#include "pernet.h"

struct cmap_binding *cmap_binding_parse(const struct nlattr *nla,
					struct netlink_ext_ack *extack)
{
	struct nlattr *tb[CMAP_BINDING_A_MAX + 1];
	struct cmap_binding *b;
	int err;

	err = nla_parse_nested(tb, CMAP_BINDING_A_MAX, nla, cmap_binding_policy,
			       extack);
	if (err)
		return ERR_PTR(err);
	if (cmap_missing(extack, nla, tb, CMAP_BINDING_A_IFNAME,
			 "BINDING.IFNAME is required") ||
	    cmap_missing(extack, nla, tb, CMAP_BINDING_A_MAP,
			 "BINDING.MAP is required"))
		return ERR_PTR(-EINVAL);
	b = kzalloc(sizeof(*b), GFP_KERNEL_ACCOUNT);
	if (!b)
		return ERR_PTR(-ENOMEM);
	nla_strscpy(b->node.name, tb[CMAP_BINDING_A_IFNAME], IFNAMSIZ);
	nla_strscpy(b->map, tb[CMAP_BINDING_A_MAP], sizeof(b->map));
	return b;
}

int cmap_binding_fill(struct sk_buff *skb, const struct cmap_binding *b)
{
	struct nlattr *nest = nla_nest_start(skb, CMAP_A_BINDING);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(skb, CMAP_BINDING_A_IFNAME, b->node.name) ||
	    nla_put_string(skb, CMAP_BINDING_A_MAP, b->map) ||
	    nla_put_u32(skb, CMAP_BINDING_A_IFINDEX, READ_ONCE(b->ifindex))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

void cmap_binding_free(struct cmap_node *node)
{
	kfree(cmap_binding(node));
}

struct cmap_node *cmap_binding_clone(const struct cmap_node *node)
{
	struct cmap_binding *b;

	b = kmemdup(cmap_binding(node), sizeof(*b), GFP_KERNEL_ACCOUNT);
	return b ? &b->node : NULL;
}

/*
 * Under the namespace mutex: a device that registers after this lookup
 * finds the binding when its event takes the mutex.
 */
void cmap_binding_set(struct cmap_config *cfg, struct cmap_binding *b,
		      struct net *net)
{
	struct net_device *dev;
	struct cmap_node *old;

	rcu_read_lock();
	dev = dev_get_by_name_rcu(net, b->node.name);
	b->ifindex = dev ? dev->ifindex : 0;
	rcu_read_unlock();
	/* Bindings are not limited in number: there is always room. */
	cmap_names_set(&cfg->bindings, &cfg->n_bindings, U32_MAX, &b->node,
		       &old);
	if (old)
		cmap_binding_free(old);
}

int cmap_binding_del(struct cmap_config *cfg, const char *ifname)
{
	struct cmap_node *node;

	node = cmap_names_remove(&cfg->bindings, &cfg->n_bindings, ifname);
	if (!node)
		return -ENOENT;
	cmap_binding_free(node);
	return 0;
}

int cmap_binding_validate(const struct cmap_config *cfg, char *obj,
			  size_t len, struct netlink_ext_ack *extack)
{
	const struct cmap_binding *b;
	const struct cmap_map *map;
	struct cmap_node *pos;

	cmap_names_for_each(pos, &cfg->bindings) {
		b = cmap_binding(pos);
		map = cmap_map_find(cfg, b->map);
		if (map && !map->dynamic)
			continue;
		scnprintf(obj, len, "interface %s, crypto map %s", b->node.name,
			  b->map);
		if (map)
			NL_SET_ERR_MSG(extack,
				       "BINDING.MAP: a dynamic map cannot be bound to an interface");
		else
			NL_SET_ERR_MSG(extack,
				       "BINDING.MAP: no crypto map of this name");
		return -EINVAL;
	}
	return 0;
}

static void cmap_binding_follow(struct cmap_config *cfg,
				const struct net_device *dev,
				unsigned long event)
{
	struct cmap_binding *b;
	struct cmap_node *pos;

	if (event == NETDEV_CHANGENAME) {
		/* The old name is gone: find the binding by index. */
		cmap_names_for_each(pos, &cfg->bindings)
			if (cmap_binding(pos)->ifindex == dev->ifindex)
				WRITE_ONCE(cmap_binding(pos)->ifindex, 0);
	}
	b = cmap_binding(cmap_names_find(&cfg->bindings, dev->name));
	if (!b)
		return;
	if (event == NETDEV_UNREGISTER)
		WRITE_ONCE(b->ifindex, 0);
	else
		WRITE_ONCE(b->ifindex, dev->ifindex);
}

/* Runs under RTNL; the namespace mutex nests inside it, never around it. */
static int cmap_binding_event(struct notifier_block *nb, unsigned long event,
			      void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct cmap_net *cn;
	struct cmap_config *running;

	if (event != NETDEV_REGISTER && event != NETDEV_UNREGISTER &&
	    event != NETDEV_CHANGENAME)
		return NOTIFY_DONE;
	cn = cmap_net(dev_net(dev));
	mutex_lock(&cn->lock);
	running = cmap_net_running(cn);
	if (running)
		cmap_binding_follow(running, dev, event);
	if (cn->cand)
		cmap_binding_follow(cn->cand, dev, event);
	mutex_unlock(&cn->lock);
	return NOTIFY_DONE;
}

static struct notifier_block cmap_binding_nb = {
	.notifier_call = cmap_binding_event,
};

int cmap_binding_init(void)
{
	return register_netdevice_notifier(&cmap_binding_nb);
}

void cmap_binding_uninit(void)
{
	unregister_netdevice_notifier(&cmap_binding_nb);
}
