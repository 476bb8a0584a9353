// SPDX-License-Identifier: GPL-2.0
/*
 * Inbound: ESP for our SPIs (LOCAL_IN), the inner packets it yields, and
 * cleartext that should have come protected (PRE_ROUTING).
 *
 * An inner packet re-enters the stack through PRE_ROUTING and routing, as
 * if it had arrived on the interface the ESP arrived on, so that a hub
 * routes spoke-to-spoke traffic back out of that interface, where the other
 * spoke's entry protects it again. It is marked only by the okfn it passes
 * PRE_ROUTING with: an empty sec_path (secpath_set() with no state) would
 * make every XFRM policy check on 6.1 read xvec[-1] in __xfrm_policy_check()
 * when no policy matches, and a real one would make XFRM reject forwarded
 * tunnel-mode traffic that has no XFRM forward policy.
 */
#include <linux/netfilter.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/dst_metadata.h>

#include "dataplane.h"
#include "esp.h"
#include "hooks.h"

/*
 * ESP inside ESP inside ...: with synchronous crypto each level recurses
 * through the stack. cmap_nest is the depth of the inner packet this CPU is
 * handing on right now; an ESP packet that arrives meanwhile is that deep,
 * and its request carries the depth to its completion, which may run later
 * on a crypto worker, so that asynchronous crypto is limited the same way.
 */
#define CMAP_NEST_MAX	3
static DEFINE_PER_CPU(u8, cmap_nest);

u8 cmap_input_depth(void)
{
	return this_cpu_read(cmap_nest);
}

static bool cmap_ike_port(const struct cmap_pkt *p)
{
	return p->proto == IPPROTO_UDP && p->l4 &&
	       (p->sport == 500 || p->sport == 4500 ||
		p->dport == 500 || p->dport == 4500);
}

/*
 * The inner packet must be one the SA carries: within its selectors, else
 * (mirrored) within its ACL line, else classified to its entry when the map
 * is read from the peer's side.
 */
static bool cmap_input_selector_ok(struct cmap_dpnet *dpn,
				   const struct cmap_sa *sa,
				   const struct cmap_pkt *p)
{
	const struct cmap_dp_entry *e;
	const struct cmap_rule *r;
	struct cmap_pkt m;

	if (sa->has_sel)
		return cmap_sel_match(&sa->sel, p);
	e = cmap_dp_entry_find(rcu_dereference(dpn->dp), sa->entry_id);
	if (!e)
		return false;
	cmap_pkt_mirror(&m, p);
	if (sa->line) {
		r = cmap_dp_entry_rule(e, sa->line);
		return r && r->action == CMAP_ACTION_PERMIT &&
		       cmap_rule_match(r, &m);
	}
	r = cmap_cls_lookup(e->map->cls, &m);
	return r && r->entry == e && r->action == CMAP_ACTION_PERMIT;
}

int cmap_input_finish(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	int err;

	if (!skb_valid_dst(skb)) {
		err = ip_route_input_noref(skb, iph->daddr, iph->saddr,
					   iph->tos, skb->dev);
		if (err) {
			cmap_dp_stat(cmap_dpnet(net), CMAP_STAT_DROP_INNER_ROUTE);
			kfree_skb(skb);
			return NET_RX_DROP;
		}
	}
	return dst_input(skb);
}

void cmap_input_inner(struct cmap_dpnet *dpn, struct cmap_sa *sa,
		      struct sk_buff *skb, u8 depth)
{
	struct cmap_pkt p;
	u8 outer;
	bool ok;

	cmap_pkt_parse(skb, &p);
	rcu_read_lock();
	ok = cmap_input_selector_ok(dpn, sa, &p);
	rcu_read_unlock();
	if (!ok) {
		cmap_dp_stat(dpn, CMAP_STAT_DROP_SELECTOR);
		cmap_sa_ctr_inc(sa->ctr, CMAP_SA_CTR_A_SELECTOR);
		cmap_sa_ctr_inc(sa->ctr, CMAP_SA_CTR_A_RECV_ERRORS);
		kfree_skb(skb);
		return;
	}

	nf_reset_ct(skb);
	skb_dst_drop(skb);
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	skb->pkt_type = PACKET_HOST;
	skb->protocol = htons(ETH_P_IP);

	local_bh_disable();
	if (depth >= CMAP_NEST_MAX) {
		cmap_dp_stat(dpn, CMAP_STAT_DROP_NESTING);
		kfree_skb(skb);
	} else {
		cmap_dp_stat(dpn, CMAP_STAT_IN_DECRYPTED);
		outer = __this_cpu_read(cmap_nest);
		__this_cpu_write(cmap_nest, depth + 1);
		rcu_read_lock();
		NF_HOOK(NFPROTO_IPV4, NF_INET_PRE_ROUTING, dpn->net, NULL, skb,
			skb->dev, NULL, cmap_input_finish);
		rcu_read_unlock();
		__this_cpu_write(cmap_nest, outer);
	}
	local_bh_enable();
}

unsigned int cmap_in_hook(void *priv, struct sk_buff *skb,
			  const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct ip_esp_hdr _esph;
	const struct ip_esp_hdr *esph;
	struct cmap_dpnet *dpn;
	struct cmap_sa *sa;

	if (iph->protocol != IPPROTO_ESP)
		return NF_ACCEPT;
	dpn = cmap_dpnet(state->net);
	esph = skb_header_pointer(skb, skb_network_offset(skb) + ip_hdrlen(skb),
				  sizeof(_esph), &_esph);
	if (!esph) {
		/* No SPI to tell whose it is: the stack's, and counted. */
		cmap_dp_stat(dpn, CMAP_STAT_IN_NOT_OURS);
		return NF_ACCEPT;
	}
	if (!esph->spi) {
		cmap_dp_stat(dpn, CMAP_STAT_DROP_ZERO_SPI);
		return NF_DROP;
	}
	sa = cmap_sa_in_find(&dpn->sadb, esph->spi);
	if (!sa || (sa->local && sa->local != iph->daddr)) {
		cmap_dp_stat(dpn, CMAP_STAT_IN_NOT_OURS);
		return NF_ACCEPT;
	}
	if (sa->state == CMAP_SA_LARVAL) {
		cmap_dp_stat(dpn, CMAP_STAT_DROP_LARVAL);
		return NF_DROP;
	}
	if (!cmap_sa_get(sa)) {
		cmap_dp_stat(dpn, CMAP_STAT_DROP_SA_DEAD);
		return NF_DROP;
	}
	cmap_esp_input(dpn, sa, skb);
	return NF_STOLEN;
}

unsigned int cmap_pre_hook(void *priv, struct sk_buff *skb,
			   const struct nf_hook_state *state)
{
	const struct cmap_dp_map *map;
	const struct cmap_rule *r;
	struct cmap_dpnet *dpn;
	struct cmap_dp *dp;
	struct cmap_pkt p, m;

	if (state->okfn == cmap_input_finish)
		return NF_ACCEPT;	/* decrypted by us */
	dpn = cmap_dpnet(state->net);
	dp = rcu_dereference(dpn->dp);
	if (!dp || !dp->n_bindings || !state->in)
		return NF_ACCEPT;
	map = cmap_dp_binding_find(dp, state->in);
	if (!map || !map->cls->n_rules || ip_hdr(skb)->protocol == IPPROTO_ESP)
		return NF_ACCEPT;
	cmap_pkt_parse(skb, &p);
	if (cmap_ike_port(&p))
		return NF_ACCEPT;
	cmap_pkt_mirror(&m, &p);
	r = cmap_cls_lookup(map->cls, &m);
	if (!r || r->action != CMAP_ACTION_PERMIT)
		return NF_ACCEPT;
	cmap_dp_stat(dpn, CMAP_STAT_DROP_CLEARTEXT);
	return NF_DROP;
}
