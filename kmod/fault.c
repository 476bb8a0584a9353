// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection on the packet path, for tests on a debug kernel.
 *
 * failslab cannot be aimed at this module on x86_64: the stack trace filter
 * (require-start/require-end) is not available there, and a task filter
 * cannot reach softirq context, where most of the packet path runs. So, as
 * fail_make_request and fail_mmc_request do for their subsystems, the module
 * has its own fault attribute, consulted at each allocation of the packet
 * path (the crypto request, the copy of a shared or cloned skb, room for the
 * headers, an event message):
 *
 *   /sys/kernel/debug/cryptomap/fail_packet/	probability, interval, times,
 *						space, verbose, task-filter ...
 *						(Documentation/fault-injection)
 *   /sys/kernel/debug/cryptomap/injected	failures forced so far
 *
 * Every forced failure takes the path a real allocation failure takes, and
 * ends in a counter (drop_nomem, or events_lost for an event), so a test can
 * check that the sum of those moved by exactly "injected". fail-nth
 * (/proc/self/task/T/fail-nth) also counts these points for a task that
 * sends packets itself.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/fault-inject.h>

#include "fault.h"

static DECLARE_FAULT_ATTR(cmap_fail_packet);
static atomic_long_t cmap_fault_injected = ATOMIC_LONG_INIT(0);
static struct dentry *cmap_fault_dir;

bool cmap_fault_packet(void)
{
	if (!should_fail(&cmap_fail_packet, 1))
		return false;
	atomic_long_inc(&cmap_fault_injected);
	return true;
}

static int cmap_fault_injected_get(void *data, u64 *val)
{
	*val = atomic_long_read(&cmap_fault_injected);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(cmap_fault_injected_fops, cmap_fault_injected_get,
			 NULL, "%llu\n");

/* Debugfs is for tests: without it the module works, with no fault points. */
void cmap_fault_init(void)
{
	cmap_fault_dir = debugfs_create_dir("cryptomap", NULL);
	if (IS_ERR(fault_create_debugfs_attr("fail_packet", cmap_fault_dir,
					     &cmap_fail_packet)))
		pr_warn("no fail_packet fault attribute in debugfs\n");
	debugfs_create_file_unsafe("injected", 0400, cmap_fault_dir, NULL,
				   &cmap_fault_injected_fops);
}

void cmap_fault_uninit(void)
{
	debugfs_remove(cmap_fault_dir);
}
