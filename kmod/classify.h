/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Classification of IPv4 packets against a crypto map: the map's entries in
 * sequence order, each entry's access list in line order, first match wins.
 *
 * A map is compiled at commit into a tuple space: the lines whose source and
 * destination wildcards are both contiguous are grouped by the pair of
 * prefix lengths, and each group is a hash table on the masked addresses. A
 * lookup costs one probe per group (there are as many groups as distinct
 * prefix-length pairs, usually a handful, whatever the number of entries),
 * plus a walk over the lines with non-contiguous wildcards, which IOS allows
 * and which no prefix structure holds; they are rare and kept apart.
 */
#ifndef _CMAP_CLASSIFY_H
#define _CMAP_CLASSIFY_H

#include <linux/skbuff.h>
#include <linux/types.h>

struct cmap_dp_entry;

/* What a packet offers to the access lists. */
struct cmap_pkt {
	__be32 src;
	__be32 dst;
	u8 proto;
	bool l4;		/* ports/ICMP known: not a later fragment */
	u8 icmp_type;
	u8 icmp_code;
	u16 sport;
	u16 dport;
};

enum {
	CMAP_RULE_F_PROTO = BIT(0),
	CMAP_RULE_F_L4 = BIT(1),	/* has port or ICMP conditions */
	CMAP_RULE_F_ICMP_TYPE = BIT(2),
	CMAP_RULE_F_ICMP_CODE = BIT(3),
};

struct cmap_rule {
	__be32 src, smask;	/* smask: ~wildcard */
	__be32 dst, dmask;
	u32 prio;		/* order in the map; lower wins */
	u8 action;		/* CMAP_ACTION_PERMIT or _DENY */
	u8 flags;		/* CMAP_RULE_F_* */
	u8 proto;
	u8 sport_op, dport_op;
	u8 icmp_type, icmp_code;
	u16 sport_lo, sport_hi, dport_lo, dport_hi;
	u32 line_seq;		/* the ACL line's SEQ */
	u32 line_idx;		/* 1-based, for the hit counters */
	struct cmap_dp_entry *entry;
	unsigned long acquire_at;	/* jiffies of the last acquire + 1 */
};

struct cmap_cls_cell {
	__be32 src, dst;	/* masked */
	u32 first, count;	/* in cmap_cls_group.idx */
};

struct cmap_cls_group {
	__be32 smask, dmask;
	u32 min_prio;
	u32 hmask;
	u32 *bucket;		/* hmask + 2 offsets into cells */
	struct cmap_cls_cell *cells;
	u32 *idx;		/* rule indexes, by cell, in prio order */
};

struct cmap_cls {
	u32 n_rules;
	struct cmap_rule *rules;	/* in prio order */
	u32 n_groups;
	struct cmap_cls_group *groups;	/* by min_prio */
	u32 n_slow;
	u32 *slow;			/* rule indexes, in prio order */
};

void cmap_cls_init(void);
struct cmap_cls *cmap_cls_build(struct cmap_rule *rules, u32 n);
void cmap_cls_free(struct cmap_cls *cls);
struct cmap_rule *cmap_cls_lookup(const struct cmap_cls *cls,
				  const struct cmap_pkt *p);
bool cmap_rule_match(const struct cmap_rule *r, const struct cmap_pkt *p);
void cmap_pkt_mirror(struct cmap_pkt *m, const struct cmap_pkt *p);
bool cmap_pkt_parse(const struct sk_buff *skb, struct cmap_pkt *p);

#ifdef CMAP_SELFTEST
bool cmap_cls_selftest(void);
#endif

#endif /* _CMAP_CLASSIFY_H */
