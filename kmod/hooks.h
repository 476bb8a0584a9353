/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Netfilter hooks of a namespace: cleartext check (PRE_ROUTING), inbound
 * ESP (LOCAL_IN), outbound classification and ESP (POST_ROUTING).
 */
#ifndef _CMAP_HOOKS_H
#define _CMAP_HOOKS_H

#include <linux/netfilter.h>

struct net;

int cmap_hooks_register(struct net *net);
void cmap_hooks_unregister(struct net *net);

unsigned int cmap_out_hook(void *priv, struct sk_buff *skb,
			   const struct nf_hook_state *state);
unsigned int cmap_in_hook(void *priv, struct sk_buff *skb,
			  const struct nf_hook_state *state);
unsigned int cmap_pre_hook(void *priv, struct sk_buff *skb,
			   const struct nf_hook_state *state);
int cmap_input_finish(struct net *net, struct sock *sk, struct sk_buff *skb);

#endif /* _CMAP_HOOKS_H */
