// SPDX-License-Identifier: GPL-2.0
/*
 * cryptomap: Cisco IOS style crypto maps for Linux.
 *
 * Only the order of things: the test-only fault points (debugfs) first,
 * namespaces next, then the notifiers that look them up, and the netlink
 * family last, so that userspace never reaches a half-built module. Exit is
 * the exact reverse.
 */
#include <linux/module.h>

#include "binding.h"
#include "config.h"
#include "dataplane.h"
#include "fault.h"
#include "netlink.h"
#include "pernet.h"
#include "txn.h"

static int __init cmap_init(void)
{
	int err;

	cmap_fault_init();
	err = cmap_config_init();
	if (err)
		goto err_config;
	err = cmap_pernet_init();
	if (err)
		goto err_pernet;
	err = cmap_binding_init();
	if (err)
		goto err_binding;
	err = cmap_dataplane_init();
	if (err)
		goto err_dataplane;
	err = cmap_txn_init();
	if (err)
		goto err_txn;
	err = cmap_netlink_init();
	if (err)
		goto err_netlink;
	pr_info("generic netlink family \"%s\" version %d\n", CMAP_GENL_NAME,
		CMAP_GENL_VERSION);
	return 0;

err_netlink:
	cmap_txn_uninit();
err_txn:
	cmap_dataplane_uninit();
err_dataplane:
	cmap_binding_uninit();
err_binding:
	cmap_pernet_uninit();
err_pernet:
	cmap_config_uninit();
err_config:
	cmap_fault_uninit();
	return err;
}

static void __exit cmap_exit(void)
{
	cmap_netlink_uninit();
	cmap_txn_uninit();
	cmap_dataplane_uninit();
	cmap_binding_uninit();
	cmap_pernet_uninit();
	cmap_config_uninit();
	cmap_fault_uninit();
}

module_init(cmap_init);
module_exit(cmap_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Cisco IOS style crypto maps");
MODULE_ALIAS_GENL_FAMILY(CMAP_GENL_NAME);
