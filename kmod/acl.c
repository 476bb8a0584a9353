// SPDX-License-Identifier: GPL-2.0
/*
 * Extended access lists and the validation of their lines.
 */
#include <linux/ctype.h>
#include <linux/in.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/netlink.h>

#include "acl.h"
#include "msg.h"
#include "netlink.h"

enum { CMAP_ACL_UNKNOWN, CMAP_ACL_SAME, CMAP_ACL_CHANGED };

/* Line arrays are as large as a request makes them: failing is no news. */
#define CMAP_LINES_GFP	(GFP_KERNEL_ACCOUNT | __GFP_NOWARN)

/* IOS numbers extended lists 100-199 and 2000-2699; names start otherwise. */
static bool cmap_acl_name_ok(const char *name)
{
	const char *p;
	unsigned int n = 0;

	if (!isdigit(name[0]))
		return true;
	if (name[0] == '0' || strlen(name) > 4)
		return false;
	for (p = name; *p; p++) {
		if (!isdigit(*p))
			return false;
		n = n * 10 + *p - '0';
	}
	return (n >= 100 && n <= 199) || (n >= 2000 && n <= 2699);
}

/* Source or destination: address and wildcard, "any" when absent. */
static int cmap_line_addr(struct nlattr **tb, int a, int w, __be32 *addr,
			  __be32 *wild, struct netlink_ext_ack *extack)
{
	if (!tb[a]) {
		if (tb[w]) {
			cmap_err(extack, tb[w],
				 "LINE.SRC_WILD/DST_WILD: needs SRC/DST");
			return -EINVAL;
		}
		*addr = 0;
		*wild = htonl(0xffffffff);
		return 0;
	}
	*addr = nla_get_in_addr(tb[a]);
	*wild = tb[w] ? nla_get_in_addr(tb[w]) : 0;
	if (*addr & *wild) {
		cmap_err(extack, tb[a],
			 "LINE.SRC/DST: address bits set under the wildcard");
		return -EINVAL;
	}
	return 0;
}

/* A port condition: "eq/neq/lt/gt LO" or "range LO HI", tcp or udp only. */
static int cmap_line_port(struct nlattr **tb, int o, u8 proto, u8 *op,
			  u16 *lo, u16 *hi, struct netlink_ext_ack *extack)
{
	struct nlattr *a_lo = tb[o + 1], *a_hi = tb[o + 2];

	*op = tb[o] ? nla_get_u8(tb[o]) : CMAP_PORT_ANY;
	*lo = a_lo ? nla_get_u16(a_lo) : 0;
	*hi = a_hi ? nla_get_u16(a_hi) : *lo;
	if (tb[o] && proto != IPPROTO_TCP && proto != IPPROTO_UDP) {
		cmap_err(extack, tb[o],
			 "LINE.SPORT_OP/DPORT_OP: only with PROTO 6 (tcp) or 17 (udp)");
		return -EINVAL;
	}
	if (*op == CMAP_PORT_ANY && (a_lo || a_hi)) {
		cmap_err(extack, a_lo ?: a_hi,
			 "LINE.SPORT_LO/DPORT_LO: needs a port operator");
		return -EINVAL;
	}
	if (*op != CMAP_PORT_ANY && !a_lo) {
		cmap_err(extack, tb[o],
			 "LINE.SPORT_LO/DPORT_LO is required with a port operator");
		return -EINVAL;
	}
	if (a_hi && *op != CMAP_PORT_RANGE) {
		cmap_err(extack, a_hi,
			 "LINE.SPORT_HI/DPORT_HI: only with operator RANGE");
		return -EINVAL;
	}
	if (*op == CMAP_PORT_RANGE && (!a_hi || *hi < *lo)) {
		cmap_err(extack, a_hi ?: tb[o],
			 "LINE.SPORT_HI/DPORT_HI: range needs HI >= LO");
		return -EINVAL;
	}
	return 0;
}

static int cmap_line_remark(struct nlattr **tb, const struct nlattr *nla,
			    struct cmap_acl_line *l,
			    struct netlink_ext_ack *extack)
{
	int err;

	err = cmap_nl_only(tb, CMAP_LINE_A_MAX, BIT(CMAP_LINE_A_SEQ) |
			   BIT(CMAP_LINE_A_ACTION) | BIT(CMAP_LINE_A_REMARK),
			   extack);
	if (err) {
		NL_SET_ERR_MSG(extack,
			       "LINE.REMARK: a remark takes nothing but SEQ");
		return err;
	}
	if (cmap_missing(extack, nla, tb, CMAP_LINE_A_REMARK,
			 "LINE.REMARK is required with ACTION REMARK"))
		return -EINVAL;
	l->remark = nla_strdup(tb[CMAP_LINE_A_REMARK], GFP_KERNEL_ACCOUNT);
	return l->remark ? 0 : -ENOMEM;
}

static int cmap_line_icmp(struct nlattr **tb, struct cmap_acl_line *l,
			  struct netlink_ext_ack *extack)
{
	if (tb[CMAP_LINE_A_ICMP_TYPE] && l->proto != IPPROTO_ICMP) {
		cmap_err(extack, tb[CMAP_LINE_A_ICMP_TYPE],
			 "LINE.ICMP_TYPE: only with PROTO 1 (icmp)");
		return -EINVAL;
	}
	if (tb[CMAP_LINE_A_ICMP_CODE] && !tb[CMAP_LINE_A_ICMP_TYPE]) {
		cmap_err(extack, tb[CMAP_LINE_A_ICMP_CODE],
			 "LINE.ICMP_CODE: needs ICMP_TYPE");
		return -EINVAL;
	}
	if (tb[CMAP_LINE_A_ICMP_TYPE]) {
		l->flags |= CMAP_LINE_F_ICMP_TYPE;
		l->icmp_type = nla_get_u8(tb[CMAP_LINE_A_ICMP_TYPE]);
	}
	if (tb[CMAP_LINE_A_ICMP_CODE]) {
		l->flags |= CMAP_LINE_F_ICMP_CODE;
		l->icmp_code = nla_get_u8(tb[CMAP_LINE_A_ICMP_CODE]);
	}
	return 0;
}

/*
 * Only SET_ACL parses lists, and genetlink validated its request strictly
 * against cmap_policy, which nests cmap_acl_policy and cmap_line_policy:
 * what is left is to index the attributes. Validating again here, at the
 * list and at each line, made every line of a large load cost three
 * validations.
 */
static int cmap_acl_index(struct nlattr **tb, int maxtype,
			  const struct nlattr *nla,
			  struct netlink_ext_ack *extack)
{
	return nla_parse_nested(tb, maxtype, nla, NULL, extack);
}

static int cmap_line_parse(const struct nlattr *nla, struct cmap_acl_line *l,
			   struct netlink_ext_ack *extack)
{
	struct nlattr *tb[CMAP_LINE_A_MAX + 1];
	int err;

	err = cmap_acl_index(tb, CMAP_LINE_A_MAX, nla, extack);
	if (err)
		return err;
	if (cmap_missing(extack, nla, tb, CMAP_LINE_A_ACTION,
			 "LINE.ACTION is required"))
		return -EINVAL;
	l->seq = tb[CMAP_LINE_A_SEQ] ? nla_get_u32(tb[CMAP_LINE_A_SEQ]) : 0;
	l->action = nla_get_u8(tb[CMAP_LINE_A_ACTION]);
	if (l->action == CMAP_ACTION_REMARK)
		return cmap_line_remark(tb, nla, l, extack);
	if (tb[CMAP_LINE_A_REMARK]) {
		cmap_err(extack, tb[CMAP_LINE_A_REMARK],
			 "LINE.REMARK: only with ACTION REMARK");
		return -EINVAL;
	}
	if (tb[CMAP_LINE_A_PROTO]) {
		l->flags |= CMAP_LINE_F_PROTO;
		l->proto = nla_get_u8(tb[CMAP_LINE_A_PROTO]);
	}
	if (nla_get_flag(tb[CMAP_LINE_A_LOG]))
		l->flags |= CMAP_LINE_F_LOG;
	err = cmap_line_addr(tb, CMAP_LINE_A_SRC, CMAP_LINE_A_SRC_WILD,
			     &l->src, &l->src_wild, extack);
	if (!err)
		err = cmap_line_addr(tb, CMAP_LINE_A_DST, CMAP_LINE_A_DST_WILD,
				     &l->dst, &l->dst_wild, extack);
	if (!err)
		err = cmap_line_port(tb, CMAP_LINE_A_SPORT_OP, l->proto,
				     &l->sport_op, &l->sport_lo, &l->sport_hi,
				     extack);
	if (!err)
		err = cmap_line_port(tb, CMAP_LINE_A_DPORT_OP, l->proto,
				     &l->dport_op, &l->dport_lo, &l->dport_hi,
				     extack);
	if (!err)
		err = cmap_line_icmp(tb, l, extack);
	return err;
}

static void cmap_lines_free(struct cmap_acl_line *lines, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		kfree(lines[i].remark);
	kvfree(lines);
}

static const struct nlattr *cmap_nth_line(const struct nlattr *lines, u32 n)
{
	const struct nlattr *pos;
	int rem;

	if (!lines)
		return NULL;
	nla_for_each_nested(pos, lines, rem)
		if (!n--)
			return pos;
	return lines;
}

/*
 * Gives lines without SEQ the previous number plus 10, as IOS does, and
 * checks that the numbers increase strictly, from @prev on.
 */
static int cmap_lines_number(struct cmap_acl_line *l, u32 n, u32 prev,
			     const struct nlattr *lines,
			     struct netlink_ext_ack *extack)
{
	u32 i;

	for (i = 0; i < n; prev = l[i++].seq) {
		if (!l[i].seq && prev <= CMAP_LINE_SEQ_MAX - 10)
			l[i].seq = prev + 10;
		if (l[i].seq > prev)
			continue;
		cmap_err(extack, cmap_nth_line(lines, i),
			 "LINE.SEQ: sequence numbers must increase (at most 2147483647)");
		return -EINVAL;
	}
	return 0;
}

static int cmap_acl_parse_lines(struct cmap_acl *acl, const struct nlattr *lines,
				bool append, struct netlink_ext_ack *extack)
{
	const struct nlattr *pos;
	u32 n = 0;
	int rem, err;

	nla_for_each_nested(pos, lines, rem)
		n++;
	if (n > CMAP_ACL_LINES_MAX) {
		cmap_err(extack, lines, "ACL.LINES: more than 65535 lines");
		return -EINVAL;
	}
	if (!n)
		return 0;
	acl->lines = kvcalloc(n, sizeof(*acl->lines), CMAP_LINES_GFP);
	if (!acl->lines)
		return -ENOMEM;
	nla_for_each_nested(pos, lines, rem) {
		err = cmap_line_parse(pos, &acl->lines[acl->n_lines], extack);
		acl->n_lines++;
		if (err)
			return err;
	}
	/* Appended lines are numbered after the list they join. */
	return append ? 0 : cmap_lines_number(acl->lines, n, 0, lines, extack);
}

struct cmap_acl *cmap_acl_parse(const struct nlattr *nla, bool append,
				struct netlink_ext_ack *extack)
{
	struct nlattr *tb[CMAP_ACL_A_MAX + 1];
	struct cmap_acl *acl;
	int err;

	err = cmap_acl_index(tb, CMAP_ACL_A_MAX, nla, extack);
	if (err)
		return ERR_PTR(err);
	if (cmap_missing(extack, nla, tb, CMAP_ACL_A_NAME,
			 "ACL.NAME is required"))
		return ERR_PTR(-EINVAL);
	acl = kzalloc(sizeof(*acl), GFP_KERNEL_ACCOUNT);
	if (!acl)
		return ERR_PTR(-ENOMEM);
	nla_strscpy(acl->node.name, tb[CMAP_ACL_A_NAME], sizeof(acl->node.name));
	if (!cmap_acl_name_ok(acl->node.name)) {
		cmap_err(extack, tb[CMAP_ACL_A_NAME],
			 "ACL.NAME: numbered lists are 100-199 and 2000-2699, names must not start with a digit");
		err = -EINVAL;
	} else if (tb[CMAP_ACL_A_LINES]) {
		err = cmap_acl_parse_lines(acl, tb[CMAP_ACL_A_LINES], append,
					   extack);
	}
	if (err) {
		cmap_acl_free(&acl->node);
		return ERR_PTR(err);
	}
	return acl;
}

static int cmap_line_fill_port(struct sk_buff *skb, int o, u8 op, u16 lo,
			       u16 hi)
{
	if (op == CMAP_PORT_ANY)
		return 0;
	if (nla_put_u8(skb, o, op) || nla_put_u16(skb, o + 1, lo))
		return -EMSGSIZE;
	if (op == CMAP_PORT_RANGE && nla_put_u16(skb, o + 2, hi))
		return -EMSGSIZE;
	return 0;
}

static int cmap_line_fill_addr(struct sk_buff *skb, int a, __be32 addr,
			       __be32 wild)
{
	if (wild == htonl(0xffffffff))
		return 0;
	if (nla_put_in_addr(skb, a, addr) || nla_put_in_addr(skb, a + 1, wild))
		return -EMSGSIZE;
	return 0;
}

static int cmap_line_fill_match(struct sk_buff *skb,
				const struct cmap_acl_line *l)
{
	if ((l->flags & CMAP_LINE_F_PROTO &&
	     nla_put_u8(skb, CMAP_LINE_A_PROTO, l->proto)) ||
	    cmap_line_fill_addr(skb, CMAP_LINE_A_SRC, l->src, l->src_wild) ||
	    cmap_line_fill_addr(skb, CMAP_LINE_A_DST, l->dst, l->dst_wild) ||
	    cmap_line_fill_port(skb, CMAP_LINE_A_SPORT_OP, l->sport_op,
				l->sport_lo, l->sport_hi) ||
	    cmap_line_fill_port(skb, CMAP_LINE_A_DPORT_OP, l->dport_op,
				l->dport_lo, l->dport_hi) ||
	    (l->flags & CMAP_LINE_F_ICMP_TYPE &&
	     nla_put_u8(skb, CMAP_LINE_A_ICMP_TYPE, l->icmp_type)) ||
	    (l->flags & CMAP_LINE_F_ICMP_CODE &&
	     nla_put_u8(skb, CMAP_LINE_A_ICMP_CODE, l->icmp_code)) ||
	    (l->flags & CMAP_LINE_F_LOG && nla_put_flag(skb, CMAP_LINE_A_LOG)))
		return -EMSGSIZE;
	return 0;
}

static int cmap_line_fill(struct sk_buff *skb, const struct cmap_acl_line *l)
{
	struct nlattr *nest = nla_nest_start(skb, CMAP_ACL_A_LINE);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, CMAP_LINE_A_SEQ, l->seq) ||
	    nla_put_u8(skb, CMAP_LINE_A_ACTION, l->action) ||
	    (l->remark && nla_put_string(skb, CMAP_LINE_A_REMARK, l->remark)) ||
	    (!l->remark && (cmap_line_fill_match(skb, l) ||
			    nla_put_u64_64bit(skb, CMAP_LINE_A_HITS, l->hits,
					      CMAP_LINE_A_PAD)))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * Puts the list's name and as many of its lines from *@pos on as fit, and
 * advances *@pos past them. A list too large for one message continues in
 * the next under the same name; -EMSGSIZE only if not even one line fits.
 */
int cmap_acl_fill(struct sk_buff *skb, const struct cmap_acl *acl, u32 *pos)
{
	struct nlattr *nest, *lines;
	u32 first = *pos;

	nest = nla_nest_start(skb, CMAP_A_ACL);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(skb, CMAP_ACL_A_NAME, acl->node.name))
		goto cancel;
	if (acl->n_lines) {
		lines = nla_nest_start(skb, CMAP_ACL_A_LINES);
		if (!lines)
			goto cancel;
		while (*pos < acl->n_lines &&
		       !cmap_line_fill(skb, &acl->lines[*pos]))
			(*pos)++;
		if (*pos == first)
			goto cancel;
		nla_nest_end(skb, lines);
	}
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

void cmap_acl_free(struct cmap_node *node)
{
	struct cmap_acl *acl = cmap_acl(node);

	cmap_lines_free(acl->lines, acl->n_lines);
	kfree(acl);
}

struct cmap_node *cmap_acl_clone(const struct cmap_node *node)
{
	const struct cmap_acl *old = cmap_acl(node);
	struct cmap_acl *acl;
	u32 i;

	acl = kmemdup(old, sizeof(*acl), GFP_KERNEL_ACCOUNT);
	if (!acl)
		return NULL;
	acl->n_lines = 0;
	acl->lines = NULL;
	if (!old->n_lines)
		return &acl->node;
	acl->lines = kvmalloc_array(old->n_lines, sizeof(*acl->lines),
				    CMAP_LINES_GFP);
	if (!acl->lines)
		goto fail;
	for (i = 0; i < old->n_lines; i++, acl->n_lines++) {
		acl->lines[i] = old->lines[i];
		if (!old->lines[i].remark)
			continue;
		acl->lines[i].remark = kstrdup(old->lines[i].remark,
					       GFP_KERNEL_ACCOUNT);
		if (!acl->lines[i].remark)
			goto fail;
	}
	return &acl->node;
fail:
	cmap_acl_free(&acl->node);
	return NULL;
}

/* Takes @acl; on error the caller still owns it. */
int cmap_acl_set(struct cmap_config *cfg, struct cmap_acl *acl,
		 struct netlink_ext_ack *extack)
{
	struct cmap_node *old;

	if (cmap_names_set(&cfg->acls, &cfg->n_acls, CMAP_ACLS_MAX,
			   &acl->node, &old)) {
		NL_SET_ERR_MSG(extack, "ACL: too many access lists");
		return -ENOSPC;
	}
	cfg->n_acl_lines += acl->n_lines;
	if (old) {
		cfg->n_acl_lines -= cmap_acl(old)->n_lines;
		cmap_acl_free(old);
	}
	return 0;
}

/*
 * Moves the lines of @frag (parsed from @nla) to the end of the list of the
 * same name. On error nothing changed.
 */
int cmap_acl_append(struct cmap_config *cfg, struct cmap_acl *frag,
		    const struct nlattr *nla, struct netlink_ext_ack *extack)
{
	struct cmap_acl *acl = cmap_acl_find(cfg, frag->node.name);
	struct cmap_acl_line *lines;
	u32 prev;
	int err;

	if (!acl) {
		cmap_err(extack, nla, "ACL.NAME: no access list to append to");
		return -ENOENT;
	}
	if (acl->n_lines + frag->n_lines > CMAP_ACL_LINES_MAX) {
		cmap_err(extack, nla, "ACL.LINES: more than 65535 lines");
		return -EINVAL;
	}
	prev = acl->n_lines ? acl->lines[acl->n_lines - 1].seq : 0;
	err = cmap_lines_number(frag->lines, frag->n_lines, prev,
				nla_find_nested(nla, CMAP_ACL_A_LINES), extack);
	if (err || !frag->n_lines)
		return err;
	lines = kvrealloc(acl->lines, acl->n_lines * sizeof(*lines),
			  (acl->n_lines + frag->n_lines) * sizeof(*lines),
			  CMAP_LINES_GFP);
	if (!lines)
		return -ENOMEM;
	memcpy(&lines[acl->n_lines], frag->lines,
	       frag->n_lines * sizeof(*lines));
	acl->lines = lines;
	acl->n_lines += frag->n_lines;
	cfg->n_acl_lines += frag->n_lines;
	/* The remarks went with the lines. */
	frag->n_lines = 0;
	return 0;
}

int cmap_acl_del(struct cmap_config *cfg, const char *name)
{
	struct cmap_node *node;

	node = cmap_names_remove(&cfg->acls, &cfg->n_acls, name);
	if (!node)
		return -ENOENT;
	cfg->n_acl_lines -= cmap_acl(node)->n_lines;
	cmap_acl_free(node);
	return 0;
}

/*
 * What an SA depends on: remarks, sequence numbers, "log" and hit counts
 * are not part of it.
 */
static bool cmap_line_match_equal(const struct cmap_acl_line *a,
				  const struct cmap_acl_line *b)
{
	return a->action == b->action &&
	       (a->flags & ~CMAP_LINE_F_LOG) == (b->flags & ~CMAP_LINE_F_LOG) &&
	       a->proto == b->proto && a->icmp_type == b->icmp_type &&
	       a->icmp_code == b->icmp_code && a->src == b->src &&
	       a->src_wild == b->src_wild && a->dst == b->dst &&
	       a->dst_wild == b->dst_wild && a->sport_op == b->sport_op &&
	       a->sport_lo == b->sport_lo && a->sport_hi == b->sport_hi &&
	       a->dport_op == b->dport_op && a->dport_lo == b->dport_lo &&
	       a->dport_hi == b->dport_hi;
}

static const struct cmap_acl_line *
cmap_line_next(const struct cmap_acl *acl, u32 *i)
{
	for (; *i < acl->n_lines; (*i)++)
		if (acl->lines[*i].action != CMAP_ACTION_REMARK)
			return &acl->lines[(*i)++];
	return NULL;
}

static bool cmap_acl_lines_equal(const struct cmap_acl *a,
				 const struct cmap_acl *b)
{
	const struct cmap_acl_line *la, *lb;
	u32 i = 0, j = 0;

	do {
		la = cmap_line_next(a, &i);
		lb = cmap_line_next(b, &j);
		if (!la || !lb)
			return la == lb;
	} while (cmap_line_match_equal(la, lb));
	return false;
}

void cmap_acl_same_reset(struct cmap_config *cfg)
{
	struct cmap_node *pos;

	cmap_names_for_each(pos, &cfg->acls)
		cmap_acl(pos)->same = CMAP_ACL_UNKNOWN;
}

/*
 * Whether @acl matches what @prev, a list of the running configuration,
 * matched. Computed once per list and commit, however many entries use it:
 * the cache holds the comparison with the running list of the same name.
 */
bool cmap_acl_same(struct cmap_acl *acl, const struct cmap_acl *prev)
{
	if (strcmp(acl->node.name, prev->node.name))
		return cmap_acl_lines_equal(acl, prev);
	if (acl->same == CMAP_ACL_UNKNOWN)
		acl->same = cmap_acl_lines_equal(acl, prev) ? CMAP_ACL_SAME :
							      CMAP_ACL_CHANGED;
	return acl->same == CMAP_ACL_SAME;
}
