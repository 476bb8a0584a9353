/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bindings of maps to interfaces ("interface X" / "crypto map NAME"), by
 * interface name: a binding waits for its interface to appear.
 */
#ifndef _CMAP_BINDING_H
#define _CMAP_BINDING_H

#include <linux/skbuff.h>
#include <net/net_namespace.h>

#include "config.h"
#include "names.h"

struct cmap_binding {
	struct cmap_node node;		/* the interface name */
	char map[CMAP_NAME_MAX];
	/* 0 while absent; follows netdev events, also once published. */
	int ifindex;
};

struct cmap_binding *cmap_binding_parse(const struct nlattr *nla,
					struct netlink_ext_ack *extack);
int cmap_binding_fill(struct sk_buff *skb, const struct cmap_binding *b);
void cmap_binding_free(struct cmap_node *node);
struct cmap_node *cmap_binding_clone(const struct cmap_node *node);
void cmap_binding_set(struct cmap_config *cfg, struct cmap_binding *b,
		      struct net *net);
int cmap_binding_del(struct cmap_config *cfg, const char *ifname);
int cmap_binding_validate(const struct cmap_config *cfg, char *obj,
			  size_t len, struct netlink_ext_ack *extack);

int cmap_binding_init(void);
void cmap_binding_uninit(void);

static inline struct cmap_binding *cmap_binding(const struct cmap_node *node)
{
	return node ? container_of(node, struct cmap_binding, node) : NULL;
}

#endif /* _CMAP_BINDING_H */
