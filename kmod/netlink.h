/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink family "cryptomap": policies, requests, dumps.
 */
#ifndef _CMAP_NETLINK_H
#define _CMAP_NETLINK_H

#include <net/genetlink.h>
#include <linux/cryptomap.h>

extern struct genl_family cmap_genl_family;

/* One policy per attribute set; the object parsers use them. */
extern const struct nla_policy cmap_global_policy[CMAP_GLOBAL_A_MAX + 1];
extern const struct nla_policy cmap_tset_policy[CMAP_TSET_A_MAX + 1];
extern const struct nla_policy cmap_acl_policy[CMAP_ACL_A_MAX + 1];
extern const struct nla_policy cmap_line_policy[CMAP_LINE_A_MAX + 1];
extern const struct nla_policy cmap_map_policy[CMAP_MAP_A_MAX + 1];
extern const struct nla_policy cmap_entry_policy[CMAP_ENTRY_A_MAX + 1];
extern const struct nla_policy cmap_binding_policy[CMAP_BINDING_A_MAX + 1];

int cmap_netlink_init(void);
void cmap_netlink_uninit(void);

int cmap_nl_only(struct nlattr **tb, int maxtype, unsigned long allowed,
		 struct netlink_ext_ack *extack);
/* In every dumpit: dumps start without an extack on Linux 6.1. */
int cmap_nl_dump_perm(struct netlink_callback *cb);
int cmap_nl_check_replay(const struct nlattr *attr,
			 struct netlink_ext_ack *extack);
int cmap_nl_check_pfs(const struct nlattr *attr,
		      struct netlink_ext_ack *extack);

/* netlink_set.c */
int cmap_nl_set(struct sk_buff *skb, struct genl_info *info);
int cmap_nl_del(struct sk_buff *skb, struct genl_info *info);

/* netlink_dump.c */
int cmap_nl_dump_start(struct netlink_callback *cb);
int cmap_nl_dump_done(struct netlink_callback *cb);
int cmap_nl_get_tset(struct sk_buff *skb, struct netlink_callback *cb);
int cmap_nl_get_acl(struct sk_buff *skb, struct netlink_callback *cb);
int cmap_nl_get_map(struct sk_buff *skb, struct netlink_callback *cb);
int cmap_nl_get_entry(struct sk_buff *skb, struct netlink_callback *cb);
int cmap_nl_get_binding(struct sk_buff *skb, struct netlink_callback *cb);

#endif /* _CMAP_NETLINK_H */
