/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Extended access lists: numbered ("access-list 100-199/2000-2699 ...") and
 * named ("ip access-list extended NAME"), an ordered array of lines each.
 */
#ifndef _CMAP_ACL_H
#define _CMAP_ACL_H

#include <linux/skbuff.h>

#include "config.h"
#include "names.h"

#define CMAP_LINE_SEQ_MAX	2147483647U

enum {
	CMAP_LINE_F_PROTO = BIT(0),	/* else "ip": any protocol */
	CMAP_LINE_F_ICMP_TYPE = BIT(1),
	CMAP_LINE_F_ICMP_CODE = BIT(2),
	CMAP_LINE_F_LOG = BIT(3),
};

struct cmap_acl_line {
	u32 seq;		/* 0 until numbered */
	u8 action;		/* enum cmap_action */
	u8 flags;		/* CMAP_LINE_F_* */
	u8 proto;
	u8 icmp_type;
	u8 icmp_code;
	u8 sport_op;		/* enum cmap_port_op */
	u8 dport_op;
	__be32 src;
	__be32 src_wild;	/* IOS wildcard: all ones is "any" */
	__be32 dst;
	__be32 dst_wild;
	u16 sport_lo;
	u16 sport_hi;
	u16 dport_lo;
	u16 dport_hi;
	char *remark;		/* ACTION REMARK only */
	u64 hits;
};

struct cmap_acl {
	struct cmap_node node;
	u32 n_lines;
	u8 same;		/* commit scratch: see cmap_acl_same() */
	struct cmap_acl_line *lines;
};

struct cmap_acl *cmap_acl_parse(const struct nlattr *nla, bool append,
				struct netlink_ext_ack *extack);
int cmap_acl_fill(struct sk_buff *skb, const struct cmap_acl *acl, u32 *pos);
void cmap_acl_free(struct cmap_node *node);
struct cmap_node *cmap_acl_clone(const struct cmap_node *node);

int cmap_acl_set(struct cmap_config *cfg, struct cmap_acl *acl,
		 struct netlink_ext_ack *extack);
int cmap_acl_append(struct cmap_config *cfg, struct cmap_acl *frag,
		    const struct nlattr *nla, struct netlink_ext_ack *extack);
int cmap_acl_del(struct cmap_config *cfg, const char *name);

void cmap_acl_same_reset(struct cmap_config *cfg);
bool cmap_acl_same(struct cmap_acl *acl, const struct cmap_acl *prev);

static inline struct cmap_acl *cmap_acl(const struct cmap_node *node)
{
	return node ? container_of(node, struct cmap_acl, node) : NULL;
}

static inline struct cmap_acl *cmap_acl_find(const struct cmap_config *cfg,
					     const char *name)
{
	return cmap_acl(cmap_names_find(&cfg->acls, name));
}

#endif /* _CMAP_ACL_H */
