// SPDX-License-Identifier: GPL-2.0
/*
 * Transactions. The candidate belongs to the netlink socket that opened it
 * and dies with it; a commit validates it whole and publishes it.
 */
#include <linux/netlink.h>
#include <linux/notifier.h>

#include "dataplane.h"
#include "map.h"
#include "txn.h"

static int cmap_txn_check_owner(struct cmap_net *cn, u32 portid,
				struct netlink_ext_ack *extack)
{
	if (!cn->cand || cn->cand_portid == portid)
		return 0;
	NL_SET_ERR_MSG(extack,
		       "TXN: another socket owns the candidate configuration");
	return -EBUSY;
}

static int cmap_txn_check_open(struct cmap_net *cn, u32 portid,
			       struct netlink_ext_ack *extack)
{
	if (cn->cand)
		return cmap_txn_check_owner(cn, portid, extack);
	NL_SET_ERR_MSG(extack, "TXN: no transaction is open");
	return -ENOENT;
}

static void cmap_txn_discard(struct cmap_net *cn)
{
	if (cn->cand)
		cmap_config_put(cn->cand);
	cn->cand = NULL;
	cn->cand_portid = 0;
}

/*
 * Validates @cfg and makes it the running configuration. On error nothing
 * changed and the extack names the object at fault.
 */
static int cmap_txn_publish(struct cmap_net *cn, struct cmap_config *cfg,
			    u32 portid, struct netlink_ext_ack *extack)
{
	struct cmap_config *old = cmap_net_running(cn);
	char obj[128] = "";
	int err;

	err = cmap_config_validate(cfg, obj, sizeof(obj), extack);
	if (err) {
		cmap_msgs_prefix(&cn->msgs, portid, extack, obj);
		return err;
	}
	cmap_map_inherit(cfg, old, &cn->last_entry_id);
	cfg->generation = old->generation + 1 ?: 1;
	err = cmap_dp_commit(cn, cfg, extack);
	if (err)
		return err;
	rcu_assign_pointer(cn->running, cfg);
	cmap_config_retire(old);
	return 0;
}

int cmap_txn_edit(struct cmap_net *cn, struct cmap_edit *ed)
{
	struct cmap_config *cfg;
	int err;

	mutex_lock(&cn->lock);
	err = cmap_txn_check_owner(cn, ed->portid, ed->extack);
	if (err)
		goto out;
	if (cn->cand) {
		err = ed->apply(cn->cand, ed);
		goto out;
	}
	cfg = cmap_config_clone(cmap_net_running(cn));
	if (!cfg) {
		err = -ENOMEM;
		goto out;
	}
	err = ed->apply(cfg, ed);
	if (!err) {
		err = cmap_txn_publish(cn, cfg, ed->portid, ed->extack);
		if (err)
			NL_SET_BAD_ATTR(ed->extack, ed->attr);
	}
	if (err)
		cmap_config_put(cfg);
out:
	mutex_unlock(&cn->lock);
	return err;
}

int cmap_txn_begin(struct cmap_net *cn, u32 portid, bool replace,
		   struct netlink_ext_ack *extack)
{
	struct cmap_config *cfg;
	int err = 0;

	mutex_lock(&cn->lock);
	if (cn->cand) {
		err = cmap_txn_check_owner(cn, portid, extack);
		if (!err) {
			NL_SET_ERR_MSG(extack,
				       "TXN: this socket has a transaction open already");
			err = -EBUSY;
		}
		goto out;
	}
	cfg = replace ? cmap_config_new() :
			cmap_config_clone(cmap_net_running(cn));
	if (!cfg) {
		err = -ENOMEM;
		goto out;
	}
	cn->cand = cfg;
	cn->cand_portid = portid;
out:
	mutex_unlock(&cn->lock);
	return err;
}

int cmap_txn_commit(struct cmap_net *cn, u32 portid, u32 *generation,
		    struct netlink_ext_ack *extack)
{
	int err;

	mutex_lock(&cn->lock);
	err = cmap_txn_check_open(cn, portid, extack);
	if (!err)
		err = cmap_txn_publish(cn, cn->cand, portid, extack);
	if (!err) {
		/* The candidate's reference now belongs to the running pointer. */
		cn->cand = NULL;
		cn->cand_portid = 0;
	}
	*generation = cmap_net_running(cn)->generation;
	mutex_unlock(&cn->lock);
	return err;
}

int cmap_txn_abort(struct cmap_net *cn, u32 portid,
		   struct netlink_ext_ack *extack)
{
	int err;

	mutex_lock(&cn->lock);
	err = cmap_txn_check_open(cn, portid, extack);
	if (!err)
		cmap_txn_discard(cn);
	mutex_unlock(&cn->lock);
	return err;
}

/* As BEGIN REPLACE + COMMIT: the caller's own candidate goes too. */
int cmap_txn_flush(struct cmap_net *cn, u32 portid, u32 *generation,
		   struct netlink_ext_ack *extack)
{
	struct cmap_config *cfg;
	int err;

	mutex_lock(&cn->lock);
	err = cmap_txn_check_owner(cn, portid, extack);
	if (err)
		goto out;
	cfg = cmap_config_new();
	if (!cfg) {
		err = -ENOMEM;
		goto out;
	}
	/* An empty configuration is valid, but the dataplane may lack memory. */
	err = cmap_txn_publish(cn, cfg, portid, extack);
	if (err) {
		cmap_config_put(cfg);
		goto out;
	}
	cmap_txn_discard(cn);
	*generation = cfg->generation;
out:
	mutex_unlock(&cn->lock);
	return err;
}

/*
 * A socket closed: its candidate goes, and so do the messages kept for its
 * acks (none can be under construction any more).
 */
static int cmap_txn_urelease(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct netlink_notify *n = ptr;
	struct cmap_net *cn;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC)
		return NOTIFY_DONE;
	cn = cmap_net(n->net);
	mutex_lock(&cn->lock);
	if (cn->cand && cn->cand_portid == n->portid)
		cmap_txn_discard(cn);
	cmap_msgs_release(&cn->msgs, n->portid);
	mutex_unlock(&cn->lock);
	return NOTIFY_DONE;
}

static struct notifier_block cmap_txn_nb = {
	.notifier_call = cmap_txn_urelease,
};

int cmap_txn_init(void)
{
	return netlink_register_notifier(&cmap_txn_nb);
}

void cmap_txn_uninit(void)
{
	netlink_unregister_notifier(&cmap_txn_nb);
}
