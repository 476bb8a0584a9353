// SPDX-License-Identifier: GPL-2.0
/*
 * Formatted extack messages, kept per namespace and socket.
 */
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "msg.h"

/* Bounds the memory a namespace spends on them; beyond it messages stay plain. */
#define CMAP_MSGS_MAX	256
#define CMAP_MSG_LEN	192

struct cmap_msg {
	struct list_head node;
	u32 portid;
	char text[];
};

void cmap_msgs_init(struct cmap_msgs *msgs)
{
	INIT_LIST_HEAD(&msgs->list);
	msgs->count = 0;
}

void cmap_msgs_release(struct cmap_msgs *msgs, u32 portid)
{
	struct cmap_msg *m, *tmp;

	list_for_each_entry_safe(m, tmp, &msgs->list, node) {
		if (m->portid != portid)
			continue;
		list_del(&m->node);
		msgs->count--;
		kfree(m);
	}
}

void cmap_msgs_free(struct cmap_msgs *msgs)
{
	struct cmap_msg *m, *tmp;

	list_for_each_entry_safe(m, tmp, &msgs->list, node)
		kfree(m);
	cmap_msgs_init(msgs);
}

/*
 * Turns the static message in @extack into "@obj: message", so that a
 * commit names the object at fault. Caller holds the namespace mutex.
 */
void cmap_msgs_prefix(struct cmap_msgs *msgs, u32 portid,
		      struct netlink_ext_ack *extack, const char *obj)
{
	char buf[CMAP_MSG_LEN];
	struct cmap_msg *m;
	size_t len;

	if (!extack || !extack->_msg || !obj[0])
		return;
	len = scnprintf(buf, sizeof(buf), "%s: %s", obj, extack->_msg);
	list_for_each_entry(m, &msgs->list, node)
		if (m->portid == portid && !strcmp(m->text, buf))
			goto found;
	if (msgs->count >= CMAP_MSGS_MAX)
		return;
	m = kmalloc(struct_size(m, text, len + 1), GFP_KERNEL_ACCOUNT);
	if (!m)
		return;
	m->portid = portid;
	memcpy(m->text, buf, len + 1);
	list_add(&m->node, &msgs->list);
	msgs->count++;
found:
	extack->_msg = m->text;
}
