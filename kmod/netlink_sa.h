/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Netlink requests of the dataplane: SAs, SPI reservations, counters.
 */
#ifndef _CMAP_NETLINK_SA_H
#define _CMAP_NETLINK_SA_H

#include <net/genetlink.h>

struct cmap_sa;

int cmap_sa_fill(struct sk_buff *skb, const struct cmap_sa *sa);

int cmap_nl_new_sa(struct sk_buff *skb, struct genl_info *info);
int cmap_nl_upd_sa(struct sk_buff *skb, struct genl_info *info);
int cmap_nl_sa_key_cmd(struct sk_buff *skb, struct genl_info *info);
int cmap_nl_dump_sa(struct sk_buff *skb, struct netlink_callback *cb);
int cmap_nl_dump_sa_done(struct netlink_callback *cb);
int cmap_nl_flush_sa(struct sk_buff *skb, struct genl_info *info);
int cmap_nl_alloc_spi(struct sk_buff *skb, struct genl_info *info);
int cmap_nl_clear_counters(struct sk_buff *skb, struct genl_info *info);
int cmap_nl_get_stats(struct sk_buff *skb, struct genl_info *info);
int cmap_nl_dump_hits(struct sk_buff *skb, struct netlink_callback *cb);

extern const struct nla_policy cmap_sa_nl_policy[];

/*
 * The family's operations for the commands above, for its ops array. The
 * family's pre_doit and each dumpit check CAP_NET_ADMIN.
 */
#define CMAP_SA_OP(c, fn)						\
	{ .cmd = (c), .doit = (fn),					\
	  .policy = cmap_sa_nl_policy, .maxattr = CMAP_A_MAX }
#define CMAP_SA_GENL_OPS						\
	CMAP_SA_OP(CMAP_CMD_NEW_SA, cmap_nl_new_sa),			\
	CMAP_SA_OP(CMAP_CMD_UPD_SA, cmap_nl_upd_sa),			\
	CMAP_SA_OP(CMAP_CMD_DEL_SA, cmap_nl_sa_key_cmd),		\
	{ .cmd = CMAP_CMD_GET_SA, .doit = cmap_nl_sa_key_cmd,		\
	  .dumpit = cmap_nl_dump_sa, .done = cmap_nl_dump_sa_done,	\
	  .policy = cmap_sa_nl_policy, .maxattr = CMAP_A_MAX },		\
	CMAP_SA_OP(CMAP_CMD_FLUSH_SA, cmap_nl_flush_sa),		\
	CMAP_SA_OP(CMAP_CMD_ALLOC_SPI, cmap_nl_alloc_spi),		\
	CMAP_SA_OP(CMAP_CMD_CLEAR_COUNTERS, cmap_nl_clear_counters),	\
	CMAP_SA_OP(CMAP_CMD_GET_STATS, cmap_nl_get_stats),		\
	{ .cmd = CMAP_CMD_GET_HITS, .dumpit = cmap_nl_dump_hits,	\
	  .policy = cmap_sa_nl_policy, .maxattr = CMAP_A_MAX }

#endif /* _CMAP_NETLINK_SA_H */
