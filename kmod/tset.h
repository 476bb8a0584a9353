/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Transform sets: "crypto ipsec transform-set NAME t1 [t2]" and its mode.
 */
#ifndef _CMAP_TSET_H
#define _CMAP_TSET_H

#include <linux/skbuff.h>

#include "config.h"
#include "names.h"

struct cmap_tset {
	struct cmap_node node;
	u16 cipher;		/* enum cmap_cipher */
	u16 keybits;		/* effective: the fixed size, or 128 by default */
	u16 auth;		/* enum cmap_auth */
	u8 mode;		/* enum cmap_mode */
};

struct cmap_tset *cmap_tset_parse(const struct nlattr *nla,
				  struct netlink_ext_ack *extack);
int cmap_tset_fill(struct sk_buff *skb, const struct cmap_tset *tset);
bool cmap_tset_equal(const struct cmap_tset *a, const struct cmap_tset *b);
void cmap_tset_free(struct cmap_node *node);
struct cmap_node *cmap_tset_clone(const struct cmap_node *node);

int cmap_tset_set(struct cmap_config *cfg, struct cmap_tset *tset,
		  struct netlink_ext_ack *extack);
int cmap_tset_del(struct cmap_config *cfg, const char *name);

static inline struct cmap_tset *cmap_tset(const struct cmap_node *node)
{
	return node ? container_of(node, struct cmap_tset, node) : NULL;
}

static inline struct cmap_tset *cmap_tset_find(const struct cmap_config *cfg,
					       const char *name)
{
	return cmap_tset(cmap_names_find(&cfg->tsets, name));
}

#endif /* _CMAP_TSET_H */
