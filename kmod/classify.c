// SPDX-License-Identifier: GPL-2.0
/*
 * The compiled form of a crypto map's access lists (see classify.h).
 *
 * Fragments: a later fragment carries no ports, and IOS lets it match a
 * permit line that has port or ICMP conditions when the rest matches, but
 * never a deny line with such conditions. The lookup does the same, so a
 * fragmented packet is protected or passed as a whole.
 */
#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <asm/unaligned.h>
#include <net/ip.h>
#include <linux/cryptomap.h>

#include "classify.h"

static u32 cmap_cls_seed __read_mostly;

static bool cmap_mask_is_prefix(__be32 mask)
{
	u32 inv = ~ntohl(mask);

	return !(inv & (inv + 1));
}

static bool cmap_port_ok(u8 op, u16 lo, u16 hi, u16 port)
{
	switch (op) {
	case CMAP_PORT_EQ:
		return port == lo;
	case CMAP_PORT_NEQ:
		return port != lo;
	case CMAP_PORT_LT:
		return port < lo;
	case CMAP_PORT_GT:
		return port > lo;
	case CMAP_PORT_RANGE:
		return port >= lo && port <= hi;
	}
	return true;
}

/* Everything but the addresses. */
static bool cmap_rule_rest(const struct cmap_rule *r, const struct cmap_pkt *p)
{
	if ((r->flags & CMAP_RULE_F_PROTO) && r->proto != p->proto)
		return false;
	if (!(r->flags & CMAP_RULE_F_L4))
		return true;
	if (!p->l4)
		return r->action == CMAP_ACTION_PERMIT;
	if (r->flags & CMAP_RULE_F_ICMP_TYPE)
		return r->icmp_type == p->icmp_type &&
		       (!(r->flags & CMAP_RULE_F_ICMP_CODE) ||
			r->icmp_code == p->icmp_code);
	return cmap_port_ok(r->sport_op, r->sport_lo, r->sport_hi, p->sport) &&
	       cmap_port_ok(r->dport_op, r->dport_lo, r->dport_hi, p->dport);
}

bool cmap_rule_match(const struct cmap_rule *r, const struct cmap_pkt *p)
{
	return (p->src & r->smask) == r->src &&
	       (p->dst & r->dmask) == r->dst && cmap_rule_rest(r, p);
}

static u32 cmap_cls_hash(__be32 src, __be32 dst)
{
	return jhash_2words((__force u32)src, (__force u32)dst, cmap_cls_seed);
}

struct cmap_rule *cmap_cls_lookup(const struct cmap_cls *cls,
				  const struct cmap_pkt *p)
{
	struct cmap_rule *best = NULL;
	u32 best_prio = U32_MAX;
	u32 g, i, k;

	for (g = 0; g < cls->n_groups; g++) {
		const struct cmap_cls_group *grp = &cls->groups[g];
		__be32 s = p->src & grp->smask, d = p->dst & grp->dmask;
		u32 b;

		if (grp->min_prio >= best_prio)
			break;
		b = cmap_cls_hash(s, d) & grp->hmask;
		for (i = grp->bucket[b]; i < grp->bucket[b + 1]; i++) {
			const struct cmap_cls_cell *c = &grp->cells[i];

			if (c->src != s || c->dst != d)
				continue;
			for (k = c->first; k < c->first + c->count; k++) {
				struct cmap_rule *r = &cls->rules[grp->idx[k]];

				if (r->prio >= best_prio)
					break;
				if (cmap_rule_rest(r, p)) {
					best = r;
					best_prio = r->prio;
					break;
				}
			}
			break;
		}
	}
	for (i = 0; i < cls->n_slow; i++) {
		struct cmap_rule *r = &cls->rules[cls->slow[i]];

		if (r->prio >= best_prio)
			break;
		if (cmap_rule_match(r, p))
			return r;
	}
	return best;
}

void cmap_pkt_mirror(struct cmap_pkt *m, const struct cmap_pkt *p)
{
	*m = *p;
	m->src = p->dst;
	m->dst = p->src;
	m->sport = p->dport;
	m->dport = p->sport;
}

/* @skb's network header is a valid IPv4 header (ip_rcv or ip_output made it). */
bool cmap_pkt_parse(const struct sk_buff *skb, struct cmap_pkt *p)
{
	const struct iphdr *iph = ip_hdr(skb);
	int off = skb_network_offset(skb) + iph->ihl * 4;
	u8 buf[4];
	const u8 *h;

	memset(p, 0, sizeof(*p));
	p->src = iph->saddr;
	p->dst = iph->daddr;
	p->proto = iph->protocol;
	if (iph->frag_off & htons(IP_OFFSET))
		return true;
	switch (p->proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_ICMP:
		h = skb_header_pointer(skb, off, 4, buf);
		if (!h)
			return true;	/* too short to say: like a fragment */
		if (p->proto == IPPROTO_ICMP) {
			p->icmp_type = h[0];
			p->icmp_code = h[1];
		} else {
			p->sport = get_unaligned_be16(h);
			p->dport = get_unaligned_be16(h + 2);
		}
		break;
	}
	p->l4 = true;
	return true;
}

static int cmap_cls_cmp_min(const void *a, const void *b)
{
	const struct cmap_cls_group *x = a, *y = b;

	return x->min_prio < y->min_prio ? -1 : x->min_prio > y->min_prio;
}

static u32 cmap_prefix_len(__be32 mask)
{
	return hweight32((__force u32)mask);
}

static bool cmap_cls_same_key(const struct cmap_rule *a,
			      const struct cmap_rule *b)
{
	return a->src == b->src && a->dst == b->dst;
}

/*
 * One group from the rule indexes @idx[0..n), all with the same masks and
 * in prio order. Everything is linear in @n but the ordering inside one
 * hash bucket: a counting sort places the rules by bucket (stable, so prio
 * order holds), then an insertion sort, stable too, brings equal keys of a
 * bucket together; buckets are short and equal keys cost no moves.
 */
static int cmap_cls_group_build(struct cmap_cls *cls, struct cmap_cls_group *grp,
				const u32 *idx, u32 n)
{
	const struct cmap_rule *rules = cls->rules;
	u32 hsize = roundup_pow_of_two(max_t(u32, n, 2)), i, j, b, ncell = 0;
	u32 *hash;

	grp->smask = rules[idx[0]].smask;
	grp->dmask = rules[idx[0]].dmask;
	grp->min_prio = rules[idx[0]].prio;
	grp->hmask = hsize - 1;
	grp->bucket = kvcalloc(hsize + 1, sizeof(u32), GFP_KERNEL_ACCOUNT);
	grp->cells = kvcalloc(n, sizeof(*grp->cells), GFP_KERNEL_ACCOUNT);
	grp->idx = kvcalloc(n, sizeof(u32), GFP_KERNEL_ACCOUNT);
	hash = kvcalloc(n, sizeof(u32), GFP_KERNEL_ACCOUNT);
	if (!grp->bucket || !grp->cells || !grp->idx || !hash) {
		kvfree(hash);
		return -ENOMEM;
	}

	/* bucket[b + 1] counts, then bucket[b] is where b's rules start. */
	for (i = 0; i < n; i++) {
		hash[i] = cmap_cls_hash(rules[idx[i]].src, rules[idx[i]].dst) &
			  grp->hmask;
		grp->bucket[hash[i] + 1]++;
	}
	for (b = 1; b <= hsize; b++)
		grp->bucket[b] += grp->bucket[b - 1];
	for (i = 0; i < n; i++)
		grp->idx[grp->bucket[hash[i]]++] = idx[i];
	/* Each bucket[b] now holds b's end; shift back to starts. */
	for (b = hsize; b > 0; b--)
		grp->bucket[b] = grp->bucket[b - 1];
	grp->bucket[0] = 0;
	kvfree(hash);

	for (b = 0; b < hsize; b++) {
		u32 lo = grp->bucket[b], hi = grp->bucket[b + 1];

		for (i = lo + 1; i < hi; i++) {
			u32 v = grp->idx[i];

			/* Behind the last earlier rule of its key, if any. */
			for (j = i; j > lo; j--)
				if (cmap_cls_same_key(&rules[grp->idx[j - 1]],
						      &rules[v]))
					break;
			if (j == lo || j == i)
				continue;
			memmove(&grp->idx[j + 1], &grp->idx[j],
				(i - j) * sizeof(u32));
			grp->idx[j] = v;
		}
		/* Cells: runs of one key; bucket[b] becomes an index of cells. */
		grp->bucket[b] = ncell;
		for (i = lo; i < hi; i++) {
			if (i == lo || !cmap_cls_same_key(&rules[grp->idx[i - 1]],
							  &rules[grp->idx[i]])) {
				grp->cells[ncell].src = rules[grp->idx[i]].src;
				grp->cells[ncell].dst = rules[grp->idx[i]].dst;
				grp->cells[ncell++].first = i;
			}
			grp->cells[ncell - 1].count++;
		}
	}
	grp->bucket[hsize] = ncell;
	return 0;
}

static void cmap_cls_groups_free(struct cmap_cls *cls)
{
	u32 g;

	/* n_groups is counted before the array exists. */
	if (!cls->groups)
		return;
	for (g = 0; g < cls->n_groups; g++) {
		kvfree(cls->groups[g].bucket);
		kvfree(cls->groups[g].cells);
		kvfree(cls->groups[g].idx);
	}
	kvfree(cls->groups);
}

void cmap_cls_free(struct cmap_cls *cls)
{
	if (!cls)
		return;
	cmap_cls_groups_free(cls);
	kvfree(cls->slow);
	kvfree(cls->rules);
	kfree(cls);
}

#define CMAP_PLENS	33	/* prefix lengths 0..32 */

/*
 * Rules with contiguous masks go to the group of their two prefix lengths,
 * in prio order (@order, by a counting sort over the groups); the others
 * to the slow list.
 */
static int cmap_cls_groups_build(struct cmap_cls *cls)
{
	u32 *gid, *count, *order, i, g, n = cls->n_rules, start;
	int err = -ENOMEM;

	gid = kvcalloc(CMAP_PLENS * CMAP_PLENS, sizeof(u32), GFP_KERNEL_ACCOUNT);
	count = kvcalloc(CMAP_PLENS * CMAP_PLENS + 1, sizeof(u32),
			 GFP_KERNEL_ACCOUNT);
	order = kvcalloc(n, sizeof(u32), GFP_KERNEL_ACCOUNT);
	if (!gid || !count || !order)
		goto out;
	for (i = 0; i < n; i++) {
		const struct cmap_rule *r = &cls->rules[i];

		if (!cmap_mask_is_prefix(r->smask) ||
		    !cmap_mask_is_prefix(r->dmask)) {
			cls->slow[cls->n_slow++] = i;
			continue;
		}
		g = cmap_prefix_len(r->smask) * CMAP_PLENS +
		    cmap_prefix_len(r->dmask);
		if (!count[g + 1]++)
			cls->n_groups++;
	}
	cls->groups = kvcalloc(max_t(u32, cls->n_groups, 1),
			       sizeof(*cls->groups), GFP_KERNEL_ACCOUNT);
	if (!cls->groups)
		goto out;
	for (g = 1; g <= CMAP_PLENS * CMAP_PLENS; g++)
		count[g] += count[g - 1];
	for (i = 0; i < n; i++) {
		const struct cmap_rule *r = &cls->rules[i];

		if (!cmap_mask_is_prefix(r->smask) ||
		    !cmap_mask_is_prefix(r->dmask))
			continue;
		g = cmap_prefix_len(r->smask) * CMAP_PLENS +
		    cmap_prefix_len(r->dmask);
		order[count[g] + gid[g]++] = i;
	}
	cls->n_groups = 0;
	for (g = 0; g < CMAP_PLENS * CMAP_PLENS; g++) {
		if (!gid[g])
			continue;
		start = count[g];
		err = cmap_cls_group_build(cls, &cls->groups[cls->n_groups++],
					   order + start, gid[g]);
		if (err)
			goto out;
	}
	sort(cls->groups, cls->n_groups, sizeof(*cls->groups),
	     cmap_cls_cmp_min, NULL);
	err = 0;
out:
	kvfree(order);
	kvfree(count);
	kvfree(gid);
	return err;
}

/*
 * Takes @rules (kvmalloc'ed, in prio order, addresses masked) whether it
 * succeeds or not.
 */
struct cmap_cls *cmap_cls_build(struct cmap_rule *rules, u32 n)
{
	struct cmap_cls *cls;

	cls = kzalloc(sizeof(*cls), GFP_KERNEL_ACCOUNT);
	if (!cls) {
		kvfree(rules);
		return NULL;
	}
	cls->rules = rules;
	cls->n_rules = n;
	if (!n)
		return cls;
	cls->slow = kvcalloc(n, sizeof(u32), GFP_KERNEL_ACCOUNT);
	if (!cls->slow || cmap_cls_groups_build(cls)) {
		cmap_cls_free(cls);
		return NULL;
	}
	return cls;
}

void cmap_cls_init(void)
{
	cmap_cls_seed = get_random_u32();
}

#ifdef CMAP_SELFTEST
static struct cmap_rule *cmap_cls_linear(struct cmap_rule *rules, u32 n,
					 const struct cmap_pkt *p)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (cmap_rule_match(&rules[i], p))
			return &rules[i];
	return NULL;
}

static __be32 cmap_st_addr(u32 r)
{
	static const u32 nets[] = { 0x0a010100, 0x0a010200, 0xac100100,
				    0xc0a80100, 0x0a000000 };

	return htonl(nets[r % ARRAY_SIZE(nets)] | ((r >> 8) & 0x3ff));
}

static __be32 cmap_st_mask(u32 r)
{
	static const u8 lens[] = { 0, 8, 16, 22, 24, 24, 24, 30, 32, 32 };
	u32 m;

	if (r % 13 == 0)	/* non-contiguous: IOS allows them */
		return htonl(0xff00ff00 | (r & 0xf0));
	m = lens[r % ARRAY_SIZE(lens)];
	return m ? htonl(~0U << (32 - m)) : 0;
}

static void cmap_st_rule(struct cmap_rule *r, u32 i)
{
	u32 a = get_random_u32(), b = get_random_u32();

	memset(r, 0, sizeof(*r));
	r->prio = i;
	r->line_idx = i + 1;
	r->action = a % 5 ? CMAP_ACTION_PERMIT : CMAP_ACTION_DENY;
	r->smask = cmap_st_mask(a >> 3);
	r->dmask = cmap_st_mask(b >> 3);
	r->src = cmap_st_addr(b) & r->smask;
	r->dst = cmap_st_addr(a) & r->dmask;
	switch (b % 6) {
	case 0:
		r->flags = CMAP_RULE_F_PROTO | CMAP_RULE_F_L4;
		r->proto = IPPROTO_TCP;
		r->dport_op = 1 + a % 5;
		r->dport_lo = 20 + a % 10;
		r->dport_hi = r->dport_lo + b % 5;
		break;
	case 1:
		r->flags = CMAP_RULE_F_PROTO | CMAP_RULE_F_L4 |
			   CMAP_RULE_F_ICMP_TYPE;
		r->proto = IPPROTO_ICMP;
		r->icmp_type = a % 2 ? 8 : 0;
		break;
	case 2:
		r->flags = CMAP_RULE_F_PROTO;
		r->proto = IPPROTO_UDP;
		break;
	}
}

static void cmap_st_pkt(struct cmap_pkt *p)
{
	u32 a = get_random_u32(), b = get_random_u32();

	p->src = cmap_st_addr(a);
	p->dst = cmap_st_addr(b);
	p->proto = (a >> 20) % 3 ? IPPROTO_TCP : IPPROTO_ICMP;
	if (b % 7 == 0)
		p->proto = IPPROTO_UDP;
	p->l4 = (b >> 9) % 9 != 0;
	p->sport = 1000 + b % 3;
	p->dport = 18 + (a >> 9) % 16;
	p->icmp_type = a % 2 ? 8 : 0;
}

bool cmap_cls_selftest(void)
{
	static const u32 sizes[] = { 0, 1, 7, 100, 3000 };
	bool ok = true;
	u32 s, i;

	for (s = 0; ok && s < ARRAY_SIZE(sizes); s++) {
		u32 n = sizes[s];
		struct cmap_rule *rules = kvcalloc(max_t(u32, n, 1),
						   sizeof(*rules), GFP_KERNEL);
		struct cmap_cls *cls;

		if (!rules)
			return false;
		for (i = 0; i < n; i++)
			cmap_st_rule(&rules[i], i);
		cls = cmap_cls_build(rules, n);
		if (!cls)
			return false;
		for (i = 0; ok && i < 20000; i++) {
			struct cmap_pkt p = {}, m;

			cmap_st_pkt(&p);
			if (i & 1) {	/* hit a rule's own addresses */
				const struct cmap_rule *r;

				if (!n)
					continue;
				r = &cls->rules[get_random_u32() % n];
				p.src = r->src | (p.src & ~r->smask);
				p.dst = r->dst | (p.dst & ~r->dmask);
			}
			cmap_pkt_mirror(&m, &p);
			if (cmap_cls_lookup(cls, &p) !=
			    cmap_cls_linear(cls->rules, n, &p) ||
			    cmap_cls_lookup(cls, &m) !=
			    cmap_cls_linear(cls->rules, n, &m)) {
				pr_err("classifier self-test: %u rules, %pI4 -> %pI4\n",
				       n, &p.src, &p.dst);
				ok = false;
			}
		}
		cmap_cls_free(cls);
	}
	return ok;
}
#endif
