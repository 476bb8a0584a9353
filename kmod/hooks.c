// SPDX-License-Identifier: GPL-2.0
/*
 * Where the dataplane sits in the IPv4 path:
 *
 * - POST_ROUTING, after source NAT (IOS also translates before it
 *   encrypts): classification and ESP output. The conntrack entry of a
 *   packet we take is confirmed first, as the later confirm hook would.
 * - LOCAL_IN, after the filter table (so an INPUT rule can still drop ESP):
 *   our ESP, after reassembly, before the ESP protocol handler of XFRM.
 * - PRE_ROUTING, at filter priority: cleartext that should have come
 *   protected. Decrypted packets pass PRE_ROUTING again (firewall and
 *   conntrack see them, as with XFRM) and are told apart by their okfn.
 */
#include <linux/netfilter_ipv4.h>
#include <net/net_namespace.h>

#include "hooks.h"

static const struct nf_hook_ops cmap_nf_ops[] = {
	{
		.hook = cmap_pre_hook,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP_PRI_FILTER,
	},
	{
		.hook = cmap_in_hook,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_LOCAL_IN,
		.priority = NF_IP_PRI_FILTER + 1,
	},
	{
		.hook = cmap_out_hook,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_POST_ROUTING,
		.priority = NF_IP_PRI_NAT_SRC + 1,
	},
};

int cmap_hooks_register(struct net *net)
{
	return nf_register_net_hooks(net, cmap_nf_ops, ARRAY_SIZE(cmap_nf_ops));
}

void cmap_hooks_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, cmap_nf_ops, ARRAY_SIZE(cmap_nf_ops));
}
