// SPDX-License-Identifier: GPL-2.0
/*
 * Multicast events. They are built only when someone listens, in atomic
 * context (the packet path sends acquires), and one that cannot be
 * allocated is counted as lost: a listener resynchronises with a dump.
 */
#include <net/genetlink.h>
#include <linux/cryptomap.h>

#include "dataplane.h"
#include "events.h"
#include "fault.h"
#include "netlink.h"
#include "netlink_sa.h"

const struct genl_multicast_group cmap_mcgrps[__CMAP_MCGRP_IDX_MAX] = {
	/*
	 * Events say which peers and SPIs a namespace uses: joining needs
	 * CAP_NET_ADMIN over the namespace, as every command does. The flag
	 * came to 6.1 in a stable release; Debian's 6.1 has it.
	 */
	[CMAP_MCGRP_IDX_EVENTS] = {
		.name = CMAP_MCGRP_EVENTS,
#ifdef GENL_MCAST_CAP_NET_ADMIN
		.flags = GENL_MCAST_CAP_NET_ADMIN,
#endif
	},
};

static struct sk_buff *cmap_ev_new(struct cmap_dpnet *dpn, u8 cmd,
				   void **hdr)
{
	struct sk_buff *skb;

	if (!genl_has_listeners(&cmap_genl_family, dpn->net,
				CMAP_MCGRP_IDX_EVENTS))
		return NULL;
	skb = cmap_fault_packet() ? NULL :
	      genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (skb) {
		*hdr = genlmsg_put(skb, 0, 0, &cmap_genl_family, 0, cmd);
		if (*hdr)
			return skb;
		nlmsg_free(skb);
	}
	cmap_dp_stat(dpn, CMAP_STAT_EVENTS_LOST);
	return NULL;
}

static void cmap_ev_send(struct cmap_dpnet *dpn, struct sk_buff *skb,
			 void *hdr, int err)
{
	if (err) {
		nlmsg_free(skb);
		cmap_dp_stat(dpn, CMAP_STAT_EVENTS_LOST);
		return;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&cmap_genl_family, dpn->net, skb, 0,
				CMAP_MCGRP_IDX_EVENTS, GFP_ATOMIC);
}

void cmap_ev_sa(struct cmap_dpnet *dpn, const struct cmap_sa *sa, u8 cmd,
		int reason, bool hard)
{
	struct nlattr *nest;
	struct sk_buff *skb;
	void *hdr;
	int err;

	skb = cmap_ev_new(dpn, cmd, &hdr);
	if (!skb)
		return;
	nest = nla_nest_start(skb, CMAP_A_SA);
	err = !nest || cmap_sa_fill(skb, sa) ||
	      (reason >= 0 && nla_put_u8(skb, CMAP_SA_A_REASON, reason)) ||
	      (hard && nla_put_flag(skb, CMAP_SA_A_HARD));
	if (!err)
		nla_nest_end(skb, nest);
	cmap_ev_send(dpn, skb, hdr, err ? -EMSGSIZE : 0);
}

void cmap_ev_acquire(struct cmap_dpnet *dpn, const struct cmap_dp_map *map,
		     const struct cmap_rule *r, const struct cmap_pkt *p)
{
	const struct cmap_dp_entry *e = r->entry;
	struct nlattr *nest;
	struct sk_buff *skb;
	void *hdr;
	int err;

	skb = cmap_ev_new(dpn, CMAP_CMD_EV_ACQUIRE, &hdr);
	if (!skb)
		return;
	nest = nla_nest_start(skb, CMAP_A_ACQUIRE);
	err = !nest ||
	      nla_put_u32(skb, CMAP_ACQ_A_ENTRY_ID, e->id) ||
	      nla_put_string(skb, CMAP_ACQ_A_MAP, map->name) ||
	      nla_put_u16(skb, CMAP_ACQ_A_ENTRY_SEQ, e->seq) ||
	      nla_put_u32(skb, CMAP_ACQ_A_LINE, r->line_seq) ||
	      (e->n_peers && nla_put_in_addr(skb, CMAP_ACQ_A_PEER, e->peers[0])) ||
	      nla_put_in_addr(skb, CMAP_ACQ_A_SRC, p->src) ||
	      nla_put_in_addr(skb, CMAP_ACQ_A_DST, p->dst) ||
	      nla_put_u8(skb, CMAP_ACQ_A_PROTO, p->proto) ||
	      (p->l4 && (p->proto == IPPROTO_TCP || p->proto == IPPROTO_UDP) &&
	       (nla_put_u16(skb, CMAP_ACQ_A_SPORT, p->sport) ||
		nla_put_u16(skb, CMAP_ACQ_A_DPORT, p->dport)));
	if (!err)
		nla_nest_end(skb, nest);
	cmap_ev_send(dpn, skb, hdr, err ? -EMSGSIZE : 0);
	if (!err)
		cmap_dp_stat(dpn, CMAP_STAT_ACQUIRES);
}
