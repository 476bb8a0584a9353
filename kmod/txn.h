/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Transactions: the candidate configuration, its owner, and commits.
 */
#ifndef _CMAP_TXN_H
#define _CMAP_TXN_H

#include <linux/netlink.h>

#include "pernet.h"

/*
 * One SET or DEL request, applied to the owner's candidate or, without a
 * transaction, to a copy of the running configuration that is committed at
 * once. @apply changes nothing when it fails.
 */
struct cmap_edit {
	int (*apply)(struct cmap_config *cfg, struct cmap_edit *ed);
	void *obj;			/* parsed object, NULL once taken */
	const struct nlattr *attr;	/* the request's object */
	struct net *net;
	u32 portid;
	struct netlink_ext_ack *extack;
};

int cmap_txn_edit(struct cmap_net *cn, struct cmap_edit *ed);
int cmap_txn_begin(struct cmap_net *cn, u32 portid, bool replace,
		   struct netlink_ext_ack *extack);
int cmap_txn_commit(struct cmap_net *cn, u32 portid, u32 *generation,
		    struct netlink_ext_ack *extack);
int cmap_txn_abort(struct cmap_net *cn, u32 portid,
		   struct netlink_ext_ack *extack);
int cmap_txn_flush(struct cmap_net *cn, u32 portid, u32 *generation,
		   struct netlink_ext_ack *extack);

int cmap_txn_init(void);
void cmap_txn_uninit(void);

#endif /* _CMAP_TXN_H */
