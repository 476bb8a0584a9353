/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per network namespace state.
 */
#ifndef _CMAP_PERNET_H
#define _CMAP_PERNET_H

#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <net/net_namespace.h>

#include "config.h"
#include "msg.h"

struct cmap_dpnet;

struct cmap_net {
	/* Serialises every writer: requests, netdev events, socket release. */
	struct mutex lock;
	struct cmap_config __rcu *running;	/* never NULL */
	struct cmap_config *cand;		/* candidate, or NULL */
	u32 cand_portid;			/* its owner */
	u32 last_entry_id;
	struct cmap_dpnet *dp;			/* the dataplane's state */
	struct cmap_msgs msgs;
};

struct cmap_net *cmap_net(const struct net *net);

static inline struct cmap_config *cmap_net_running(struct cmap_net *cn)
{
	return rcu_dereference_protected(cn->running,
					 lockdep_is_held(&cn->lock));
}

int cmap_pernet_init(void);
void cmap_pernet_uninit(void);

#endif /* _CMAP_PERNET_H */
