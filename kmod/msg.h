/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Extended ack messages. Every rejection carries a message that names the
 * attribute or the object at fault.
 */
#ifndef _CMAP_MSG_H
#define _CMAP_MSG_H

#include <linux/list.h>
#include <linux/netlink.h>

/*
 * Formatted messages of one namespace. Linux 6.1 has no formatted extack
 * message: the ack is built after the handler has returned, from a pointer.
 * A formatted message therefore lives until the socket it was sent to is
 * released; no ack for that socket can be under construction after that.
 */
struct cmap_msgs {
	struct list_head list;
	unsigned int count;
};

void cmap_msgs_init(struct cmap_msgs *msgs);
void cmap_msgs_release(struct cmap_msgs *msgs, u32 portid);
void cmap_msgs_free(struct cmap_msgs *msgs);
void cmap_msgs_prefix(struct cmap_msgs *msgs, u32 portid,
		      struct netlink_ext_ack *extack, const char *obj);

/* NL_SET_ERR_MSG_ATTR() for a message chosen at run time; it must be static. */
static inline void cmap_err(struct netlink_ext_ack *extack,
			    const struct nlattr *attr, const char *msg)
{
	if (!extack)
		return;
	extack->_msg = msg;
	extack->bad_attr = attr;
}

/* Reports a missing attribute @type of @nest (NULL: top level). */
static inline bool cmap_missing(struct netlink_ext_ack *extack,
				const struct nlattr *nest, struct nlattr **tb,
				int type, const char *msg)
{
	if (tb[type])
		return false;
	NL_SET_ERR_ATTR_MISS(extack, nest, type);
	cmap_err(extack, nest, msg);
	return true;
}

#endif /* _CMAP_MSG_H */
