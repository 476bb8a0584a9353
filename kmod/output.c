// SPDX-License-Identifier: GPL-2.0
/*
 * Outbound: classification of what leaves an interface with a bound map,
 * then segmentation, fragmentation and ESP.
 *
 * Oversize packets follow IOS's defaults ("crypto ipsec fragmentation
 * before-encryption", "crypto ipsec df-bit copy"): a packet that no longer
 * fits the path to the peer once protected is fragmented first and each
 * fragment protected, unless it has DF set and the outer header would have
 * DF too ("copy" or "set"): then it is dropped and the sender gets ICMP
 * fragmentation-needed with the MTU that does fit. With "df-bit clear" a DF
 * packet is protected whole and the outer packet is fragmented after.
 */
#include <linux/netfilter.h>
#include <linux/inetdevice.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/route.h>
#if IS_ENABLED(CONFIG_NF_CONNTRACK)
#include <net/netfilter/nf_conntrack.h>
#endif

#include "dataplane.h"
#include "esp.h"
#include "events.h"
#include "hooks.h"

struct cmap_out_frag {
	struct cmap_dpnet *dpn;
	struct cmap_sa *sa;
	struct cmap_esp_out o;
};

/* ip_do_fragment() calls back per fragment, on this CPU, with BHs off. */
static DEFINE_PER_CPU(struct cmap_out_frag *, cmap_out_frag);

/*
 * The packet is ours from here: confirm its conntrack entry as the confirm
 * hook at the end of POST_ROUTING would have, so that the flow's state
 * (and NAT) persists.
 */
static unsigned int cmap_ct_confirm(struct sk_buff *skb)
{
#if IS_ENABLED(CONFIG_NF_CONNTRACK)
	const struct nf_ct_hook *hook;
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct = nf_ct_get(skb, &ctinfo);

	if (!ct || nf_ct_is_confirmed(ct))
		return NF_ACCEPT;
	hook = rcu_dereference(nf_ct_hook);
	if (hook && hook->confirm)
		return hook->confirm(skb);
#endif
	return NF_ACCEPT;
}

static __be32 cmap_out_saddr(struct net *net, const struct cmap_dp_map *map,
			     const struct cmap_sa *sa,
			     const struct net_device *out)
{
	const struct net_device *dev = out;

	if (sa->local)
		return sa->local;
	if (map->local_if[0]) {
		dev = dev_get_by_name_rcu(net, map->local_if);
		if (!dev)
			return 0;
	}
	return inet_select_addr(dev, sa->peer, RT_SCOPE_UNIVERSE);
}

static int cmap_out_frag_one(struct net *net, struct sock *sk,
			     struct sk_buff *skb)
{
	struct cmap_out_frag *f = __this_cpu_read(cmap_out_frag);

	refcount_inc(&f->sa->ref);	/* the caller holds one */
	cmap_esp_output(f->dpn, f->sa, skb, &f->o);
	return 0;
}

static bool cmap_outer_df(u8 df_bit, bool inner_df)
{
	return df_bit == CMAP_DF_SET || (df_bit == CMAP_DF_COPY && inner_df);
}

/* One packet, not GSO. Consumes @skb and one reference on @sa. */
static void cmap_out_packet(struct cmap_dpnet *dpn, const struct cmap_dp *dp,
			    const struct cmap_dp_map *map, struct cmap_sa *sa,
			    struct sk_buff *skb)
{
	struct cmap_esp_out o = {};
	struct flowi4 fl4 = {};
	struct cmap_out_frag f, *prev;
	const struct iphdr *iph;
	unsigned int fit;
	bool df;

	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb)) {
		cmap_dp_stat(dpn, CMAP_STAT_DROP_NOMEM);
		goto drop;
	}
	iph = ip_hdr(skb);
	o.saddr = cmap_out_saddr(dpn->net, map, sa, skb_dst(skb)->dev);
	fl4.daddr = sa->peer;
	fl4.saddr = o.saddr;
	fl4.flowi4_proto = IPPROTO_ESP;
	o.rt = o.saddr ? ip_route_output_key(dpn->net, &fl4) :
			 ERR_PTR(-EADDRNOTAVAIL);
	if (IS_ERR(o.rt)) {
		cmap_dp_stat(dpn, CMAP_STAT_DROP_NO_ROUTE);
		cmap_sa_ctr_inc(sa->ctr, CMAP_SA_CTR_A_SEND_ERRORS);
		goto drop;
	}
	/* IOS uses transport mode only between the crypto endpoints. */
	o.transport = sa->xf.mode == CMAP_MODE_TRANSPORT &&
		      iph->saddr == o.saddr && iph->daddr == sa->peer;
	df = iph->frag_off & htons(IP_DF);
	fit = cmap_esp_fit(sa, dst_mtu(&o.rt->dst), o.transport, ip_hdrlen(skb));

	if (skb->len <= fit) {
		o.df = cmap_outer_df(dp->df_bit, df);
		cmap_esp_output(dpn, sa, skb, &o);
	} else if (df && (o.transport || dp->df_bit != CMAP_DF_CLEAR)) {
		icmp_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, htonl(fit));
		cmap_dp_stat(dpn, CMAP_STAT_DROP_FRAG_NEEDED);
		kfree_skb(skb);
		cmap_sa_put(sa);
	} else if (!df && !o.transport && fit >= 68) {
		f.dpn = dpn;
		f.sa = sa;
		f.o = o;
		f.o.df = dp->df_bit == CMAP_DF_SET;
		IPCB(skb)->frag_max_size = fit;
		local_bh_disable();
		prev = __this_cpu_read(cmap_out_frag);
		__this_cpu_write(cmap_out_frag, &f);
		ip_do_fragment(dpn->net, skb->sk, skb, cmap_out_frag_one);
		__this_cpu_write(cmap_out_frag, prev);
		local_bh_enable();
		cmap_sa_put(sa);
	} else {
		/* Whole, and the outer packet is fragmented on its way. */
		o.df = false;
		cmap_esp_output(dpn, sa, skb, &o);
	}
	ip_rt_put(o.rt);
	return;

drop:
	kfree_skb(skb);
	cmap_sa_put(sa);
}

/* GSO: segments are protected one by one, checksums resolved on the way. */
static void cmap_out_gso(struct cmap_dpnet *dpn, const struct cmap_dp *dp,
			 const struct cmap_dp_map *map, struct cmap_sa *sa,
			 struct sk_buff *skb)
{
	struct sk_buff *segs, *seg, *next;

	BUILD_BUG_ON(sizeof(*IPCB(skb)) > SKB_GSO_CB_OFFSET);
	segs = skb_gso_segment(skb, 0);
	if (IS_ERR_OR_NULL(segs)) {
		cmap_dp_stat(dpn, CMAP_STAT_DROP_GSO);
		kfree_skb(skb);
		cmap_sa_put(sa);
		return;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		refcount_inc(&sa->ref);
		cmap_out_packet(dpn, dp, map, sa, seg);
	}
	cmap_sa_put(sa);
}

/* Rate limit: one acquire per line (entry, line, first peer) a second. */
static void cmap_out_acquire(struct cmap_dpnet *dpn,
			     const struct cmap_dp_map *map,
			     struct cmap_rule *r, const struct cmap_pkt *p)
{
	unsigned long now = jiffies ?: 1, last = READ_ONCE(r->acquire_at);

	if ((last && time_before(now, last + HZ)) ||
	    cmpxchg(&r->acquire_at, last, now) != last ||
	    !__ratelimit(&dpn->acquire_rs)) {
		cmap_dp_stat(dpn, CMAP_STAT_ACQUIRES_LIMITED);
		return;
	}
	cmap_ev_acquire(dpn, map, r, p);
}

static bool cmap_ike_bypass(const struct sk_buff *skb,
			    const struct cmap_pkt *p)
{
	return skb->sk && p->proto == IPPROTO_UDP && p->l4 &&
	       (p->sport == 500 || p->sport == 4500 ||
		p->dport == 500 || p->dport == 4500);
}

unsigned int cmap_out_hook(void *priv, struct sk_buff *skb,
			   const struct nf_hook_state *state)
{
	struct cmap_dpnet *dpn = cmap_dpnet(state->net);
	const struct cmap_dp_map *map;
	struct cmap_dp_entry *e;
	struct cmap_rule *r;
	struct cmap_dp *dp;
	struct cmap_sa *sa;
	struct cmap_pkt p;

	dp = rcu_dereference(dpn->dp);
	if (!dp || !dp->n_bindings || !state->out)
		return NF_ACCEPT;
	map = cmap_dp_binding_find(dp, state->out);
	if (!map || !map->cls->n_rules)
		return NF_ACCEPT;
	cmap_pkt_parse(skb, &p);
	if (cmap_ike_bypass(skb, &p)) {
		cmap_dp_stat(dpn, CMAP_STAT_OUT_IKE_BYPASS);
		return NF_ACCEPT;
	}
	r = cmap_cls_lookup(map->cls, &p);
	if (!r) {
		cmap_dp_stat(dpn, CMAP_STAT_OUT_CLEAR_NOMATCH);
		return NF_ACCEPT;
	}
	e = r->entry;
	cmap_dp_hit(e, r->line_idx);
	if (r->action != CMAP_ACTION_PERMIT) {
		cmap_dp_stat(dpn, CMAP_STAT_OUT_CLEAR_DENY);
		return NF_ACCEPT;
	}
	sa = cmap_sa_out_find(&dpn->sadb, e->id, r->line_seq, &p);
	if (!sa || !cmap_sa_get(sa)) {
		/* IOS drops until IKE has an SA: nothing leaves in clear. */
		cmap_dp_stat(dpn, CMAP_STAT_DROP_NO_SA);
		cmap_out_acquire(dpn, map, r, &p);
		return NF_DROP;
	}
	if (cmap_ct_confirm(skb) != NF_ACCEPT) {
		cmap_sa_put(sa);
		return NF_DROP;
	}
	if (skb_is_gso(skb))
		cmap_out_gso(dpn, dp, map, sa, skb);
	else
		cmap_out_packet(dpn, dp, map, sa, skb);
	return NF_STOLEN;
}
