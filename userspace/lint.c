// SPDX-License-Identifier: GPL-2.0
/*
 * Lint rules. Single router: weak algorithms, peers without a key, crypto
 * access lists that protect everything, lines hidden by earlier lines,
 * protected networks without a route. Pairs of routers whose crypto maps
 * name each other's addresses as peers: access lists that are not mirror
 * images, transform sets with nothing in common.
 */
#include <stdio.h>
#include <string.h>

#include "acl.h"
#include "lint.h"
#include "names.h"

#define WARN(loc, ...) diag_defer((loc), SEV_WARNING, __VA_ARGS__)

/* Appends ", item" (or "item") to buf. */
static void list_add(char *buf, size_t len, const char *item)
{
	size_t n = strlen(buf);

	snprintf(buf + n, len - n, "%s%s", n ? ", " : "", item);
}

static void weak_tsets(const struct cm_config *c)
{
	size_t i;

	for (i = 0; i < c->tsets.n; i++) {
		const struct cm_tset *t = &c->tsets.v[i];
		const struct xform *x = xform_cipher(t->cipher);
		const struct xform *a = xform_auth(t->auth);
		char weak[64] = "";

		if (x && x->weak)
			list_add(weak, sizeof(weak), x->name);
		if (a && a->weak)
			list_add(weak, sizeof(weak), a->name);
		if (weak[0])
			WARN(&t->loc, "transform set %s: weak %s", t->name,
			     weak);
	}
}

static void weak_item(char *buf, size_t len, const char *what,
		      const char *val, const struct loc *set_at,
		      const struct cm_policy *p)
{
	char item[64];

	snprintf(item, sizeof(item), "%s %s%s", what, val,
		 set_at->line == p->loc.line ? " (default)" : "");
	list_add(buf, len, item);
}

static void weak_policies(const struct cm_config *c)
{
	size_t i;

	for (i = 0; i < c->policies.n; i++) {
		const struct cm_policy *p = &c->policies.v[i];
		char weak[160] = "", group[8];

		if (!strcmp(p->encr, "des"))
			weak_item(weak, sizeof(weak), "encryption", p->encr,
				  &p->encr_loc, p);
		if (!strcmp(p->hash, "md5"))
			weak_item(weak, sizeof(weak), "hash", p->hash,
				  &p->hash_loc, p);
		snprintf(group, sizeof(group), "%u", p->group);
		if (pfs_group_weak(p->group))
			weak_item(weak, sizeof(weak), "group", group,
				  &p->group_loc, p);
		if (weak[0])
			WARN(&p->loc, "isakmp policy %u: weak %s", p->prio,
			     weak);
	}
}

static bool needs_keys(const struct cm_config *c)
{
	size_t i;

	for (i = 0; i < c->policies.n; i++)
		if (!strcmp(c->policies.v[i].auth, "pre-share"))
			return true;
	return c->policies.n == 0;
}

static bool has_key(const struct cm_config *c, uint32_t peer)
{
	size_t i;

	for (i = 0; i < c->keys.n; i++) {
		const struct cm_key *k = &c->keys.v[i];

		if (!k->hostname[0] && (peer & k->mask) == (k->addr & k->mask))
			return true;
	}
	return false;
}

static bool static_entry(const struct cm_config *c, const struct cm_entry *e)
{
	const struct cm_map *m = model_map(c, e->map);

	return m && !m->dynamic && e->type != CMAP_ENTRY_DYNAMIC;
}

static void lint_entry(const struct cm_config *c, const struct cm_entry *e)
{
	char a[IP_STRLEN];
	unsigned int i;

	if (pfs_group_weak(e->pfs))
		WARN(&e->pfs_loc, "crypto map %s %u: weak PFS group%u", e->map,
		     e->seq, e->pfs);
	if (static_entry(c, e) && e->type == CMAP_ENTRY_MANUAL) {
		if (!e->skey[CMAP_SA_DIR_IN].set)
			WARN(&e->loc, "crypto map %s %u: no inbound session "
			     "key: ESP from the peer is not decrypted", e->map,
			     e->seq);
		if (!e->skey[CMAP_SA_DIR_OUT].set)
			WARN(&e->loc, "crypto map %s %u: no outbound session "
			     "key: matching packets are dropped", e->map,
			     e->seq);
	}
	if (!static_entry(c, e) || e->type != CMAP_ENTRY_ISAKMP)
		return;
	if (!e->npeers)
		WARN(&e->loc, "crypto map %s %u: no 'set peer'", e->map, e->seq);
	for (i = 0; i < e->npeers && needs_keys(c); i++)
		if (!has_key(c, e->peers[i]))
			WARN(&e->loc, "crypto map %s %u: no crypto isakmp key "
			     "for peer %s", e->map, e->seq,
			     ip_str(e->peers[i], a));
}

/* Port conditions as up to two closed intervals, empty ones left out. */
static unsigned int range_add(int32_t r[2][2], unsigned int n, int32_t lo,
			      int32_t hi)
{
	if (lo > hi)
		return n;
	r[n][0] = lo;
	r[n][1] = hi;
	return n + 1;
}

static unsigned int port_ranges(const struct cm_ports *p, int32_t r[2][2])
{
	int32_t lo = p->lo, hi = p->hi;

	switch (p->op) {
	case CMAP_PORT_EQ:
		return range_add(r, 0, lo, lo);
	case CMAP_PORT_NEQ:
		return range_add(r, range_add(r, 0, 0, lo - 1), lo + 1, 65535);
	case CMAP_PORT_LT:
		return range_add(r, 0, 0, lo - 1);
	case CMAP_PORT_GT:
		return range_add(r, 0, lo + 1, 65535);
	case CMAP_PORT_RANGE:
		return range_add(r, 0, lo, hi);
	default:
		return range_add(r, 0, 0, 65535);
	}
}

static bool ports_cover(const struct cm_ports *outer,
			const struct cm_ports *inner)
{
	int32_t o[2][2], in[2][2];
	unsigned int no = port_ranges(outer, o), ni = port_ranges(inner, in);
	unsigned int i, j;

	for (i = 0; i < ni; i++) {
		for (j = 0; j < no; j++)
			if (o[j][0] <= in[i][0] && in[i][1] <= o[j][1])
				break;
		if (j == no)
			return false;
	}
	return true;
}

/* Every packet that inner matches, outer matches. */
static bool line_covers(const struct cm_line *outer, const struct cm_line *inner)
{
	if (outer->proto != CM_PROTO_ANY && outer->proto != inner->proto)
		return false;
	if (!addr_covers(&outer->src, &inner->src) ||
	    !addr_covers(&outer->dst, &inner->dst))
		return false;
	if (!ports_cover(&outer->sport, &inner->sport) ||
	    !ports_cover(&outer->dport, &inner->dport))
		return false;
	if (outer->icmp_type == CM_ICMP_NONE)
		return true;
	return outer->icmp_type == inner->icmp_type &&
	       (outer->icmp_code == CM_ICMP_NONE ||
		outer->icmp_code == inner->icmp_code);
}

/* Quadratic: lists longer than this are not searched for shadowed lines. */
#define SHADOW_MAX_LINES 4096

static void shadowed(const struct cm_acl *acl)
{
	char a[ACL_LINE_STRMAX], b[ACL_LINE_STRMAX];
	size_t i, j;

	if (acl->lines.n > SHADOW_MAX_LINES)
		return;
	for (i = 1; i < acl->lines.n; i++) {
		const struct cm_line *l = &acl->lines.v[i];

		for (j = 0; j < i && l->action != CMAP_ACTION_REMARK; j++) {
			const struct cm_line *k = &acl->lines.v[j];

			if (k->action == CMAP_ACTION_REMARK || !line_covers(k, l))
				continue;
			WARN(&l->loc, "access-list %s: '%s' never matches: line "
			     "%u '%s' matches all its packets", acl->name,
			     acl_format(l, a, sizeof(a)), k->loc.line,
			     acl_format(k, b, sizeof(b)));
			break;
		}
	}
}

static bool permits_all(const struct cm_line *l)
{
	return l->action == CMAP_ACTION_PERMIT && l->proto == CM_PROTO_ANY &&
	       addr_is_any(&l->src) && addr_is_any(&l->dst);
}

/* Best match of a route or connected network covering all of a. */
struct route {
	int len;		/* -1: none */
	const char *ifname;	/* "" when unknown */
};

static void route_try(struct route *r, uint32_t net, uint32_t mask,
		      const char *ifname, const struct cm_addr *a)
{
	int len = mask_len(mask);

	if (len <= r->len || (mask & a->wild) || (a->addr & mask) != (net & mask))
		return;
	r->len = len;
	r->ifname = ifname;
}

static const char *connected_if(const struct cm_config *c, uint32_t addr)
{
	struct route r = { -1, "" };
	struct cm_addr a = { addr, 0 };
	size_t i;

	for (i = 0; i < c->ifaddrs.n; i++)
		route_try(&r, c->ifaddrs.v[i].addr, c->ifaddrs.v[i].mask,
			  c->ifaddrs.v[i].ifname, &a);
	return r.ifname;
}

static struct route route_lookup(const struct cm_config *c,
				 const struct cm_addr *a)
{
	struct route r = { -1, "" };
	size_t i;

	for (i = 0; i < c->ifaddrs.n; i++)
		route_try(&r, c->ifaddrs.v[i].addr, c->ifaddrs.v[i].mask,
			  c->ifaddrs.v[i].ifname, a);
	for (i = 0; i < c->routes.n; i++) {
		const struct cm_route *rt = &c->routes.v[i];

		route_try(&r, rt->prefix, rt->mask, rt->ifname[0] ? rt->ifname :
			  connected_if(c, rt->nexthop), a);
	}
	return r;
}

/* "Ethernet0 is 172.16.2.0/24" for the interfaces without a crypto map. */
static void local_networks(const struct cm_config *c, char *buf, size_t len)
{
	char a[IP_STRLEN], item[CM_IFNAME_MAX + 32];
	size_t i;

	buf[0] = 0;
	for (i = 0; i < c->ifaddrs.n; i++) {
		const struct cm_ifaddr *ia = &c->ifaddrs.v[i];

		if (model_binding(c, ia->ifname) || mask_len(ia->mask) < 0)
			continue;
		snprintf(item, sizeof(item), "%s is %s/%d", ia->ifname,
			 ip_str(ia->addr & ia->mask, a), mask_len(ia->mask));
		list_add(buf, len, item);
	}
}

static void check_source(const struct cm_config *c, const struct cm_acl *acl,
			 const struct cm_line *l)
{
	char a[40], nets[256];

	if (addr_is_any(&l->src) || route_lookup(c, &l->src).len >= 0)
		return;
	local_networks(c, nets, sizeof(nets) - 3);
	if (nets[0]) {
		memmove(nets + 2, nets, strlen(nets) + 1);
		memcpy(nets, " (", 2);
		strcat(nets, ")");
	}
	WARN(&l->loc, "access-list %s: source %s is neither a connected "
	     "network nor routed here%s", acl->name,
	     addr_format(&l->src, a, sizeof(a)), nets);
}

static void check_destination(const struct cm_config *c,
			      const struct cm_acl *acl, const struct cm_line *l,
			      const char *map)
{
	const struct cm_binding *b;
	struct route r;
	char a[40];

	if (addr_is_any(&l->dst))
		return;
	r = route_lookup(c, &l->dst);
	addr_format(&l->dst, a, sizeof(a));
	if (r.len < 0) {
		WARN(&l->loc, "access-list %s: no route to destination %s",
		     acl->name, a);
		return;
	}
	b = model_binding(c, r.ifname);
	if (r.ifname[0] && (!b || strcmp(b->map, map)))
		WARN(&l->loc, "access-list %s: traffic to %s leaves through %s, "
		     "which has no crypto map %s", acl->name, a, r.ifname, map);
}

static void lint_crypto_acl(const struct cm_config *c, const struct cm_entry *e)
{
	const struct cm_acl *acl = model_acl(c, e->acl);
	bool routing = c->ifaddrs.n || c->routes.n;
	size_t i;

	if (!acl)
		return;
	for (i = 0; i < acl->lines.n; i++) {
		const struct cm_line *l = &acl->lines.v[i];

		if (permits_all(l))
			WARN(&l->loc, "access-list %s: 'permit ip any any' "
			     "protects all traffic, IKE to the peer included",
			     acl->name);
		if (l->action != CMAP_ACTION_PERMIT || !routing ||
		    !static_entry(c, e))
			continue;
		check_source(c, acl, l);
		check_destination(c, acl, l, e->map);
	}
}

static void lint_one(const struct cm_config *c)
{
	size_t i;

	weak_policies(c);
	weak_tsets(c);
	for (i = 0; i < c->entries.n; i++) {
		lint_entry(c, &c->entries.v[i]);
		lint_crypto_acl(c, &c->entries.v[i]);
	}
	for (i = 0; i < c->acls.n; i++)
		shadowed(&c->acls.v[i]);
}

static bool has_address(const struct cm_config *c, uint32_t addr)
{
	size_t i;

	for (i = 0; i < c->ifaddrs.n; i++)
		if (c->ifaddrs.v[i].addr == addr)
			return true;
	return false;
}

static bool peers_with(const struct cm_entry *e, const struct cm_config *c)
{
	unsigned int i;

	for (i = 0; i < e->npeers; i++)
		if (has_address(c, e->peers[i]))
			return true;
	return false;
}

static bool same_ports(const struct cm_ports *a, const struct cm_ports *b)
{
	return a->op == b->op && (a->op == CMAP_PORT_ANY ||
				  (a->lo == b->lo && (a->op != CMAP_PORT_RANGE ||
						      a->hi == b->hi)));
}

static bool same_addr(const struct cm_addr *a, const struct cm_addr *b)
{
	return a->addr == b->addr && a->wild == b->wild;
}

static bool mirrors(const struct cm_line *a, const struct cm_line *b)
{
	return b->action == CMAP_ACTION_PERMIT && a->proto == b->proto &&
	       same_addr(&a->src, &b->dst) && same_addr(&a->dst, &b->src) &&
	       same_ports(&a->sport, &b->dport) &&
	       same_ports(&a->dport, &b->sport);
}

static bool has_mirror(const struct cm_line *l, const struct cm_acl *other)
{
	size_t i;

	for (i = 0; i < other->lines.n; i++)
		if (mirrors(l, &other->lines.v[i]))
			return true;
	return false;
}

static void check_mirror(const struct cm_config *a, const struct cm_entry *e,
			 const struct cm_config *b, const struct cm_entry *f)
{
	const struct cm_acl *mine = model_acl(a, e->acl);
	const struct cm_acl *theirs = model_acl(b, f->acl);
	char text[ACL_LINE_STRMAX];
	size_t i;

	if (!mine || !theirs)
		return;
	for (i = 0; i < mine->lines.n; i++) {
		const struct cm_line *l = &mine->lines.v[i];

		if (l->action != CMAP_ACTION_PERMIT || has_mirror(l, theirs))
			continue;
		WARN(&l->loc, "access-list %s: '%s' has no mirror in %s "
		     "access-list %s (crypto map %s %u)", mine->name,
		     acl_format(l, text, sizeof(text)), b->file, theirs->name,
		     f->map, f->seq);
	}
}

static bool same_tset(const struct cm_tset *x, const struct cm_tset *y)
{
	return x->cipher == y->cipher && x->keybits == y->keybits &&
	       x->auth == y->auth && x->mode == y->mode;
}

static bool tsets_overlap(const struct cm_config *a, const struct cm_entry *e,
			  const struct cm_config *b, const struct cm_entry *f)
{
	unsigned int i, j;

	for (i = 0; i < e->ntsets; i++) {
		const struct cm_tset *x = model_tset(a, e->tsets[i]);

		for (j = 0; x && j < f->ntsets; j++) {
			const struct cm_tset *y = model_tset(b, f->tsets[j]);

			if (y && same_tset(x, y))
				return true;
		}
	}
	return false;
}

static bool same_bytes(const uint8_t *x, unsigned int xn, const uint8_t *y,
		       unsigned int yn)
{
	return xn == yn && (!xn || !memcmp(x, y, xn));
}

/* Manual keying: what e sends, f must receive with the same keys, and back. */
static void check_skeys(const struct cm_entry *e, const struct cm_config *b,
			const struct cm_entry *f)
{
	static const char *const dn[] = { "inbound", "outbound" };
	unsigned int d;

	if (e->type != CMAP_ENTRY_MANUAL || f->type != CMAP_ENTRY_MANUAL)
		return;
	for (d = 0; d < 2; d++) {
		const struct cm_skey *k = &e->skey[d], *m = &f->skey[!d];

		if (!k->set || !m->set)
			continue;
		if (k->spi != m->spi)
			WARN(&k->loc, "crypto map %s %u: %s SPI %u, but %s "
			     "crypto map %s %u has %s SPI %u", e->map, e->seq,
			     dn[d], k->spi, b->file, f->map, f->seq, dn[!d],
			     m->spi);
		else if (!k->hidden && !m->hidden &&
			 (!same_bytes(k->enc, k->enc_len, m->enc, m->enc_len) ||
			  !same_bytes(k->auth, k->auth_len, m->auth,
				      m->auth_len)))
			WARN(&k->loc, "crypto map %s %u: the %s keys of SPI %u "
			     "differ from the %s keys of %s crypto map %s %u",
			     e->map, e->seq, dn[d], k->spi, dn[!d], b->file,
			     f->map, f->seq);
	}
}

/* e in a names a peer address of b: find b's entries back to a. */
static void check_peer(const struct cm_config *a, const struct cm_entry *e,
		       const struct cm_config *b, uint32_t peer)
{
	char ip[IP_STRLEN];
	bool found = false;
	size_t i;

	for (i = 0; i < b->entries.n; i++) {
		const struct cm_entry *f = &b->entries.v[i];

		if (!static_entry(b, f) || !peers_with(f, a))
			continue;
		found = true;
		check_mirror(a, e, b, f);
		check_skeys(e, b, f);
		if (e->ntsets && f->ntsets && !tsets_overlap(a, e, b, f))
			diag_defer(&e->loc, SEV_ERROR, "crypto map %s %u: no "
				   "transform set in common with %s crypto map "
				   "%s %u", e->map, e->seq, b->file, f->map,
				   f->seq);
	}
	if (!found)
		WARN(&e->loc, "crypto map %s %u: peer %s (%s) has no crypto map "
		     "entry for this router", e->map, e->seq,
		     ip_str(peer, ip), b->file);
}

static void lint_pairs(struct cm_config *const *c, size_t n, size_t ai)
{
	const struct cm_config *a = c[ai];
	size_t i, bi;
	unsigned int p;

	for (i = 0; i < a->entries.n; i++) {
		const struct cm_entry *e = &a->entries.v[i];

		if (!static_entry(a, e))
			continue;
		for (p = 0; p < e->npeers; p++)
			for (bi = 0; bi < n; bi++)
				if (bi != ai && has_address(c[bi], e->peers[p]))
					check_peer(a, e, c[bi], e->peers[p]);
	}
}

void lint(struct cm_config *const *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		lint_one(c[i]);
		lint_pairs(c, n, i);
	}
}
