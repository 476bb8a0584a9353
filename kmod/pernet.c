// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace state: created empty with the namespace, freed with
 * it. A namespace holds no reference on anything outside itself.
 */
#include <net/netns/generic.h>

#include "pernet.h"

static unsigned int cmap_net_id __read_mostly;

struct cmap_net *cmap_net(const struct net *net)
{
	return net_generic(net, cmap_net_id);
}

static int __net_init cmap_net_init(struct net *net)
{
	struct cmap_net *cn = cmap_net(net);
	struct cmap_config *cfg;

	cfg = cmap_config_new();
	if (!cfg)
		return -ENOMEM;
	mutex_init(&cn->lock);
	RCU_INIT_POINTER(cn->running, cfg);
	cn->cand = NULL;
	cn->cand_portid = 0;
	cn->last_entry_id = 0;
	cmap_msgs_init(&cn->msgs);
	return 0;
}

/* No socket of the namespace is left, so no request and no dump either. */
static void __net_exit cmap_net_exit(struct net *net)
{
	struct cmap_net *cn = cmap_net(net);

	mutex_lock(&cn->lock);
	if (cn->cand)
		cmap_config_put(cn->cand);
	cn->cand = NULL;
	cmap_config_retire(cmap_net_running(cn));
	RCU_INIT_POINTER(cn->running, NULL);
	cmap_msgs_free(&cn->msgs);
	mutex_unlock(&cn->lock);
	mutex_destroy(&cn->lock);
}

static struct pernet_operations cmap_net_ops = {
	.init = cmap_net_init,
	.exit = cmap_net_exit,
	.id = &cmap_net_id,
	.size = sizeof(struct cmap_net),
};

int cmap_pernet_init(void)
{
	return register_pernet_subsys(&cmap_net_ops);
}

void cmap_pernet_uninit(void)
{
	unregister_pernet_subsys(&cmap_net_ops);
}
