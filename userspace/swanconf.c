// SPDX-License-Identifier: GPL-2.0
/*
 * IOS crypto configuration -> charon configuration.
 *
 * One connection per crypto map and peer (a peer named by several entries of
 * a map gets one IKE connection with the children of all of them: charon
 * picks a CHILD_SA's configuration within the IKE_SA's connection), one child
 * per permit line of the entry's access list (IKEv1 carries one selector
 * pair per SA, and IOS negotiates the line that matched), one connection per
 * entry of a dynamic map that a bound crypto map uses. The IKE proposals are
 * the pre-share ISAKMP policies in priority order. Documentation/ike.md
 * describes the mapping and its limits.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "swanconf.h"

#define CONN_NAME_MAX 160
#define ADDRS_MAX 256

void ike_opts_init(struct ike_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->backend = IKE_BACKEND_CRYPTOMAP;
	o->version = 1;
}

static const char *const backend_names[] = {
	[IKE_BACKEND_CRYPTOMAP] = "cryptomap",
	[IKE_BACKEND_XFRM] = "xfrm",
	[IKE_BACKEND_NONE] = "none",
};

const char *ike_backend_name(enum ike_backend b)
{
	return backend_names[b];
}

bool ike_backend_parse(const char *s, enum ike_backend *b)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(backend_names); i++) {
		if (!strcmp(s, backend_names[i])) {
			*b = (enum ike_backend)i;
			return true;
		}
	}
	return false;
}

int ike_opt(int argc, char **argv, int *i, struct ike_opts *o)
{
	const char *opt = argv[*i];

	if (strcmp(opt, "--ike-backend") && strcmp(opt, "--ike-version"))
		return 0;
	if (*i + 1 >= argc) {
		fprintf(stderr, "cmapctl: %s needs a value\n", opt);
		return -1;
	}
	(*i)++;
	if (!strcmp(opt, "--ike-backend")) {
		if (!ike_backend_parse(argv[*i], &o->backend)) {
			fprintf(stderr, "cmapctl: --ike-backend: '%s' is not "
				"cryptomap, xfrm or none\n", argv[*i]);
			return -1;
		}
		o->backend_set = true;
		return 1;
	}
	if (strcmp(argv[*i], "1") && strcmp(argv[*i], "2")) {
		fprintf(stderr, "cmapctl: --ike-version: '%s' is not 1 or 2\n",
			argv[*i]);
		return -1;
	}
	o->version = (unsigned int)(argv[*i][0] - '0');
	o->version_set = true;
	return 1;
}

/* Algorithm names: strongSwan's proposal keywords for IOS's. */

static const char *dh_name(uint32_t group)
{
	switch (group) {
	case 1: return "modp768";
	case 2: return "modp1024";
	case 5: return "modp1536";
	case 14: return "modp2048";
	case 15: return "modp3072";
	case 16: return "modp4096";
	case 19: return "ecp256";
	case 20: return "ecp384";
	case 21: return "ecp521";
	case 24: return "modp2048s256";
	}
	return NULL;
}

static const char *ike_hash_name(const char *ios)
{
	return strcmp(ios, "sha") ? ios : "sha1";	/* md5, sha256, ... */
}

static void ike_encr_name(const struct cm_policy *p, char *buf, size_t len)
{
	if (!strcmp(p->encr, "aes"))
		snprintf(buf, len, "aes%u", p->encr_bits ? p->encr_bits : 128);
	else
		snprintf(buf, len, "%s", p->encr);	/* des, 3des */
}

/* One ESP proposal: "des-md5", "aes256gcm16-modp2048". */
static void esp_proposal(const struct cm_tset *t, uint8_t pfs, char *buf,
			 size_t len)
{
	static const char *const auths[] = {
		[CMAP_AUTH_MD5] = "md5", [CMAP_AUTH_SHA1] = "sha1",
		[CMAP_AUTH_SHA256] = "sha256", [CMAP_AUTH_SHA384] = "sha384",
		[CMAP_AUTH_SHA512] = "sha512",
	};
	unsigned int bits = t->keybits ? t->keybits : 128;
	int n;

	switch (t->cipher) {
	case CMAP_CIPHER_NULL: n = snprintf(buf, len, "null"); break;
	case CMAP_CIPHER_DES: n = snprintf(buf, len, "des"); break;
	case CMAP_CIPHER_3DES: n = snprintf(buf, len, "3des"); break;
	case CMAP_CIPHER_GCM: n = snprintf(buf, len, "aes%ugcm16", bits); break;
	case CMAP_CIPHER_GMAC: n = snprintf(buf, len, "aes%ugmac", bits); break;
	default: n = snprintf(buf, len, "aes%u", bits); break;
	}
	if (t->auth != CMAP_AUTH_NONE && t->auth < ARRAY_SIZE(auths))
		n += snprintf(buf + n, len - (size_t)n, "-%s", auths[t->auth]);
	if (pfs)
		snprintf(buf + n, len - (size_t)n, "-%s", dh_name(pfs));
}

/* A connection being assembled. */
struct child {
	const struct cm_entry *e;	/* its ACL, transform sets, PFS, ... */
	const struct cm_entry *ref;	/* dynamic: the crypto map's entry */
	const struct cm_line *line;	/* NULL: any to any (no ACL) */
	bool trap;
};

struct conn {
	char name[CONN_NAME_MAX];
	const struct cm_map *map;	/* the static map (bound) */
	const struct cm_entry *entry;	/* the entry that created it */
	uint32_t peer;			/* 0: any peer (dynamic map) */
	char peers[ADDRS_MAX];		/* remote_addrs */
	VEC(struct child) children;
};

struct gen {
	const struct cm_config *c;
	const struct ike_opts *o;
	VEC(struct conn) conns;
	struct index by_name, by_peer;	/* conns by name, by map and peer */
	unsigned int errors;
	char proposals[1024];	/* IKE */
	uint32_t ike_life;
	const struct cm_map *locals_of;	/* the map locals[] was made for */
	char locals[ADDRS_MAX];
	unsigned int nlocals;
};

#define GERR(g, loc, ...) \
	do { diag((loc), 0, SEV_ERROR, __VA_ARGS__); (g)->errors++; } while (0)

static int entry_ptr_cmp(const void *a, const void *b)
{
	const struct cm_entry *x = *(const struct cm_entry *const *)a;
	const struct cm_entry *y = *(const struct cm_entry *const *)b;
	int r = strcmp(x->map, y->map);

	return r ? r : (int)x->seq - (int)y->seq;
}

/* The entries in map and sequence order (IOS's order of evaluation). */
static const struct cm_entry **sorted_entries(const struct cm_config *c)
{
	const struct cm_entry **v = xcalloc(c->entries.n + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < c->entries.n; i++)
		v[i] = &c->entries.v[i];
	qsort(v, c->entries.n, sizeof(*v), entry_ptr_cmp);
	return v;
}

static bool map_bound(const struct cm_config *c, const char *map)
{
	size_t i;

	for (i = 0; i < c->bindings.n; i++)
		if (!strcmp(c->bindings.v[i].map, map))
			return true;
	return false;
}

/* The policies with pre-shared keys, by priority: the IKE proposals. */
static void ike_proposals(struct gen *g)
{
	const struct cm_config *c = g->c;
	const struct cm_policy *best;
	uint32_t done = 0;
	size_t i, n = 0;
	char encr[16];

	g->ike_life = 0;
	for (;;) {
		best = NULL;
		for (i = 0; i < c->policies.n; i++) {
			const struct cm_policy *p = &c->policies.v[i];

			if (p->prio > done && (!best || p->prio < best->prio))
				best = p;
		}
		if (!best)
			break;
		done = best->prio;
		if (strcmp(best->auth, "pre-share")) {
			diag(&best->loc, 0, SEV_WARNING, "isakmp policy %u: "
			     "authentication %s is not supported with charon "
			     "(pre-shared keys only); policy not offered",
			     best->prio, best->auth);
			continue;
		}
		ike_encr_name(best, encr, sizeof(encr));
		n += (size_t)snprintf(g->proposals + n, sizeof(g->proposals) - n,
				      "%s%s-%s-%s", n ? ", " : "", encr,
				      ike_hash_name(best->hash),
				      dh_name(best->group));
		/* charon has one IKE lifetime per connection: the shortest
		 * never outlives what any policy promised its peer */
		if (!g->ike_life || best->lifetime < g->ike_life)
			g->ike_life = best->lifetime;
		if (n >= sizeof(g->proposals))
			break;
	}
}

/* The first IPv4 address of an interface here, or 0. */
static uint32_t live_addr(const char *ifname)
{
	struct ifaddrs *ifa, *i;
	uint32_t a = 0;

	if (getifaddrs(&ifa))
		return 0;
	for (i = ifa; i && !a; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET ||
		    strcmp(i->ifa_name, ifname))
			continue;
		a = ntohl(((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr);
	}
	freeifaddrs(ifa);
	return a;
}

static uint32_t file_addr(const struct cm_config *c, const char *ifname)
{
	size_t i;

	for (i = 0; i < c->ifaddrs.n; i++)
		if (!strcmp(c->ifaddrs.v[i].ifname, ifname))
			return c->ifaddrs.v[i].addr;
	return 0;
}

static void addr_append(char *buf, size_t len, uint32_t a)
{
	char s[IP_STRLEN], *p, *end;
	size_t n;

	ip_str(a, s);
	n = strlen(s);
	for (p = buf; *p; p = *end ? end + 2 : end) {	/* ", " separated */
		end = strchrnul(p, ',');
		if ((size_t)(end - p) == n && !strncmp(p, s, n))
			return;
	}
	snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
		 buf[0] ? ", " : "", s);
}

/* The address of one interface: live if it has one, else the file's. */
static bool if_addr(const struct cm_config *c, const char *ifname,
		    const struct loc *loc, const char *map, char *buf,
		    size_t len)
{
	uint32_t a = live_addr(ifname);

	if (!a)
		a = file_addr(c, ifname);
	if (a) {
		addr_append(buf, len, a);
		return true;
	}
	diag(loc, 0, SEV_WARNING, "crypto map %s: interface %s has no IPv4 "
	     "address; charon will use any local address", map, ifname);
	return false;
}

/*
 * IOS sources IKE from the crypto map's interface (or its local-address
 * interface) and identifies itself by that address.
 */
static void local_addrs(const struct cm_config *c, const struct cm_map *m,
			char *buf, size_t len, unsigned int *count)
{
	size_t i;

	buf[0] = 0;
	*count = 0;
	if (m->local_if[0]) {
		*count += if_addr(c, m->local_if, &m->local_loc, m->name, buf,
				  len);
		return;
	}
	for (i = 0; i < c->bindings.n; i++)
		if (!strcmp(c->bindings.v[i].map, m->name))
			*count += if_addr(c, c->bindings.v[i].ifname,
					  &c->bindings.v[i].loc, m->name, buf,
					  len);
}

/*
 * An access list address and ports as a traffic selector:
 * "10.1.1.0/24", "10.1.1.7/32[tcp/80]". False (why set) when IKE cannot
 * carry it.
 */
static bool ts_str(const struct cm_line *l, bool src, char *buf, size_t len,
		   const char **why)
{
	const struct cm_addr *a = src ? &l->src : &l->dst;
	const struct cm_ports *pt = src ? &l->sport : &l->dport;
	const char *pname;
	char ip[IP_STRLEN];
	unsigned int lo = 0, hi = 65535;
	int n;

	if ((a->wild & (a->wild + 1)) != 0) {
		*why = "a wildcard mask that is not a prefix (IKE proxy "
		       "identities are subnets)";
		return false;
	}
	n = snprintf(buf, len, "%s/%d", ip_str(a->addr & ~a->wild, ip),
		     32 - __builtin_popcount(a->wild));
	if (l->proto == CM_PROTO_ANY)
		return true;
	pname = l->proto == 6 ? "tcp" : l->proto == 17 ? "udp" :
		l->proto == 1 ? "icmp" : NULL;
	if (pname)
		n += snprintf(buf + n, len - (size_t)n, "[%s", pname);
	else
		n += snprintf(buf + n, len - (size_t)n, "[%d", l->proto);
	switch (pt->op) {
	case CMAP_PORT_ANY:
		break;
	case CMAP_PORT_EQ:
		lo = hi = pt->lo;
		break;
	case CMAP_PORT_RANGE:
		lo = pt->lo;
		hi = pt->hi;
		break;
	case CMAP_PORT_LT:
		if (!pt->lo)
			goto never;
		hi = pt->lo - 1u;
		break;
	case CMAP_PORT_GT:
		if (pt->lo == 65535)
			goto never;
		lo = pt->lo + 1u;
		break;
	default:
		*why = "'neq' (a selector is one port range)";
		return false;
	}
	/* ICMP: type in the high byte, code in the low byte of the source
	 * selector's port, as strongSwan encodes it */
	if (l->proto == 1 && src && l->icmp_type != CM_ICMP_NONE) {
		lo = (unsigned int)l->icmp_type << 8;
		hi = lo | (l->icmp_code == CM_ICMP_NONE ? 0xff :
						       (unsigned int)l->icmp_code);
		if (l->icmp_code != CM_ICMP_NONE)
			lo = hi;
	}
	if (lo == hi)
		snprintf(buf + n, len - (size_t)n, "/%u]", lo);
	else if (lo || hi != 65535)
		snprintf(buf + n, len - (size_t)n, "/%u-%u]", lo, hi);
	else
		snprintf(buf + n, len - (size_t)n, "]");
	return true;
never:
	*why = "a port condition that matches no port";
	return false;
}

static void peer_key(const struct cm_map *m, uint32_t peer, char *buf,
		     size_t len)
{
	char a[IP_STRLEN];

	snprintf(buf, len, "%s\x1f%s", m->name, ip_str(peer, a));
}

static struct conn *conn_add(struct gen *g, const struct cm_map *m,
			     const struct cm_entry *e, uint32_t peer,
			     const char *name)
{
	char key[CMAP_NAME_MAX + IP_STRLEN + 2];
	struct conn *cn;
	size_t i;

	if (index_get(&g->by_name, name, &i)) {
		GERR(g, &e->loc, "crypto map %s %u: its charon connection name "
		     "%s is taken by crypto map %s %u", e->map, e->seq, name,
		     g->conns.v[i].entry->map, g->conns.v[i].entry->seq);
		return NULL;
	}
	index_put(&g->by_name, name, g->conns.n);
	if (peer) {
		peer_key(m, peer, key, sizeof(key));
		index_put(&g->by_peer, key, g->conns.n);
	}
	cn = VEC_PUSH(g->conns);
	memset(cn, 0, sizeof(*cn));
	copy_name(cn->name, sizeof(cn->name), name);
	cn->map = m;
	cn->entry = e;
	cn->peer = peer;
	if (peer)
		ip_str(peer, cn->peers);
	return cn;
}

/* The connection of (map, peer), created if new. */
static struct conn *conn_for_peer(struct gen *g, const struct cm_map *m,
				  const struct cm_entry *e, unsigned int k)
{
	char name[CONN_NAME_MAX], key[CMAP_NAME_MAX + IP_STRLEN + 2];
	size_t i;

	peer_key(m, e->peers[k], key, sizeof(key));
	if (index_get(&g->by_peer, key, &i))
		return &g->conns.v[i];
	if (k)
		snprintf(name, sizeof(name), "%s-%u-%u", m->name, e->seq, k + 1);
	else
		snprintf(name, sizeof(name), "%s-%u", m->name, e->seq);
	return conn_add(g, m, e, e->peers[k], name);
}

/* The permit lines of e's access list as children of cn. */
static void add_children(struct gen *g, struct conn *cn,
			 const struct cm_entry *e, const struct cm_entry *ref,
			 bool trap)
{
	const struct cm_acl *acl = e->acl[0] ? model_acl(g->c, e->acl) : NULL;
	bool deny = false;
	size_t i, n = 0;

	if (!e->acl[0]) {	/* dynamic map without ACL: any proxy */
		*VEC_PUSH(cn->children) = (struct child){ e, ref, NULL, false };
		return;
	}
	for (i = 0; acl && i < acl->lines.n; i++) {
		const struct cm_line *l = &acl->lines.v[i];

		if (l->action == CMAP_ACTION_DENY)
			deny = true;
		if (l->action != CMAP_ACTION_PERMIT)
			continue;
		if (deny && g->o->backend == IKE_BACKEND_XFRM)
			diag(&l->loc, 0, SEV_WARNING, "access-list %s: with "
			     "--ike-backend xfrm, deny lines before this line "
			     "are not enforced (charon installs permit lines "
			     "only)", acl->name);
		deny = false;
		*VEC_PUSH(cn->children) = (struct child){ e, ref, l, trap };
		n++;
	}
	if (!n)
		diag(&e->loc, 0, SEV_WARNING, "crypto map %s %u: access list "
		     "%s permits nothing; no IPsec SA is negotiated for it",
		     e->map, e->seq, e->acl);
}

static void static_entry(struct gen *g, const struct cm_map *m,
			 const struct cm_entry *e)
{
	struct conn *cn;
	unsigned int k;

	if (!e->npeers) {
		diag(&e->loc, 0, SEV_WARNING, "crypto map %s %u: no peer; "
		     "charon does not negotiate it", e->map, e->seq);
		return;
	}
	/* IOS triggers IKE towards the first peer; the others only answer
	 * (IOS's failover to the next peer is not modelled) */
	for (k = 0; k < e->npeers; k++) {
		cn = conn_for_peer(g, m, e, k);
		if (cn)
			add_children(g, cn, e, NULL, k == 0);
	}
}

static void dynamic_entry(struct gen *g, const struct cm_map *m,
			  const struct cm_entry *e,
			  const struct cm_entry **sorted)
{
	char name[CONN_NAME_MAX];
	struct conn *cn;
	unsigned int k;
	size_t i;

	for (i = 0; sorted[i]; i++) {
		const struct cm_entry *d = sorted[i];

		if (strcmp(d->map, e->dynmap))
			continue;
		snprintf(name, sizeof(name), "%s-%u-%s-%u", m->name, e->seq,
			 d->map, d->seq);
		cn = conn_add(g, m, e, 0, name);
		if (!cn)
			continue;
		for (k = 0; k < d->npeers; k++)
			addr_append(cn->peers, sizeof(cn->peers), d->peers[k]);
		add_children(g, cn, d, e, false);
	}
}

static void collect(struct gen *g)
{
	const struct cm_entry **sorted = sorted_entries(g->c);
	size_t i;

	for (i = 0; sorted[i]; i++) {
		const struct cm_entry *e = sorted[i];
		const struct cm_map *m = model_map(g->c, e->map);

		if (!m || m->dynamic || !map_bound(g->c, m->name))
			continue;
		if (e->type == CMAP_ENTRY_ISAKMP)
			static_entry(g, m, e);
		else if (e->type == CMAP_ENTRY_DYNAMIC)
			dynamic_entry(g, m, e, sorted);
	}
	free(sorted);
}

/* A child's value, or its crypto map entry's (dynamic), or the global. */
static uint32_t inherit(uint32_t own, uint32_t ref, uint32_t global)
{
	return own ? own : ref ? ref : global;
}

static uint32_t child_replay(const struct gen *g, const struct child *ch)
{
	if (ch->e->has_replay)
		return ch->e->replay_window;
	if (ch->ref && ch->ref->has_replay)
		return ch->ref->replay_window;
	return g->c->global.replay_window;
}

static uint8_t child_pfs(const struct child *ch)
{
	return (uint8_t)inherit(ch->e->pfs, ch->ref ? ch->ref->pfs : 0, 0);
}

static void child_name(const struct conn *cn, const struct child *ch,
		       char *buf, size_t len)
{
	if (!ch->line)
		snprintf(buf, len, "%s-%u-any", ch->e->map, ch->e->seq);
	else
		snprintf(buf, len, "%s-%u-%s-%u", ch->e->map, ch->e->seq,
			 ch->e->acl, ch->line->seq);
	(void)cn;
}

/* The first child of entry e in the first connection made for it. */
static const struct child *first_child(const struct gen *g,
				       const struct cm_entry *e)
{
	size_t i, j;

	for (i = 0; i < g->conns.n; i++)
		for (j = 0; j < g->conns.v[i].children.n; j++)
			if (g->conns.v[i].children.v[j].e == e)
				return &g->conns.v[i].children.v[j];
	return NULL;
}

/* Transform sets as ESP proposals; the mode of the first. */
static bool child_esp(struct gen *g, const struct child *ch, char *buf,
		      size_t len, uint8_t *mode)
{
	char one[64];
	size_t n = 0;
	unsigned int i;

	buf[0] = 0;
	*mode = CMAP_MODE_TUNNEL;
	for (i = 0; i < ch->e->ntsets; i++) {
		const struct cm_tset *t = model_tset(g->c, ch->e->tsets[i]);

		if (!t)
			continue;
		if (!n)
			*mode = t->mode;
		else if (t->mode != *mode && ch == first_child(g, ch->e))
			diag(&ch->e->loc, 0, SEV_WARNING, "crypto map %s %u: "
			     "transform sets with different modes; charon "
			     "negotiates the mode of %s", ch->e->map,
			     ch->e->seq, ch->e->tsets[0]);
		esp_proposal(t, child_pfs(ch), one, sizeof(one));
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "",
				      one);
		if (n >= len)
			break;
	}
	if (n)
		return true;
	if (ch == first_child(g, ch->e))	/* validate() said so already */
		GERR(g, &ch->e->loc, "crypto map %s %u: no transform set",
		     ch->e->map, ch->e->seq);
	else
		g->errors++;
	return false;
}

/*
 * IOS uses transport mode only where the protected traffic runs between the
 * two peers themselves, and tunnel mode otherwise.
 */
static const char *child_mode(const struct conn *cn, const struct child *ch,
			      uint8_t mode, uint32_t local)
{
	const struct cm_line *l = ch->line;

	if (mode == CMAP_MODE_TRANSPORT && l && cn->peer && local &&
	    !l->src.wild && !l->dst.wild && l->src.addr == local &&
	    l->dst.addr == cn->peer)
		return "transport";
	return "tunnel";
}

/* Rekey at 90% of a lifetime, as IOS does for kilobytes (see ike.md). */
static uint64_t rekey_at(uint64_t life)
{
	return life - life / 10;
}

static void put_child(struct gen *g, FILE *f, const struct conn *cn,
		      const struct child *ch, uint32_t local)
{
	char name[CONN_NAME_MAX], lts[64], rts[64], esp[512];
	const char *why = NULL;
	uint64_t secs = inherit(ch->e->life_secs, ch->ref ? ch->ref->life_secs : 0,
				g->c->global.life_secs);
	uint64_t bytes = (uint64_t)inherit(ch->e->life_kb,
					   ch->ref ? ch->ref->life_kb : 0,
					   g->c->global.life_kb) * 1024;
	uint8_t mode;

	if (!ch->line) {
		strcpy(lts, "0.0.0.0/0");
		strcpy(rts, "0.0.0.0/0");
	} else if (!ts_str(ch->line, true, lts, sizeof(lts), &why) ||
		   !ts_str(ch->line, false, rts, sizeof(rts), &why)) {
		GERR(g, &ch->line->loc, "access-list %s: this line has %s; "
		     "charon cannot negotiate it", ch->e->acl, why);
		return;
	}
	if (!child_esp(g, ch, esp, sizeof(esp), &mode))
		return;
	child_name(cn, ch, name, sizeof(name));
	fprintf(f, "            %s {\n", name);
	fprintf(f, "                local_ts = %s\n", lts);
	fprintf(f, "                remote_ts = %s\n", rts);
	fprintf(f, "                mode = %s\n", child_mode(cn, ch, mode, local));
	fprintf(f, "                esp_proposals = %s\n", esp);
	fprintf(f, "                rekey_time = %llus\n",
		(unsigned long long)rekey_at(secs));
	fprintf(f, "                life_time = %llus\n",
		(unsigned long long)secs);
	fprintf(f, "                rekey_bytes = %llu\n",
		(unsigned long long)rekey_at(bytes));
	fprintf(f, "                life_bytes = %llu\n",
		(unsigned long long)bytes);
	fprintf(f, "                replay_window = %u\n", child_replay(g, ch));
	if (g->c->global.df_bit != CMAP_DF_COPY)
		fprintf(f, "                copy_df = no\n");
	fprintf(f, "                start_action = %s\n",
		ch->trap ? "trap" : "none");
	fprintf(f, "            }\n");
}

static void put_conn(struct gen *g, FILE *f, const struct conn *cn)
{
	const char *locals = g->locals;
	char a[IP_STRLEN];
	uint32_t local = 0;
	size_t i;

	if (g->locals_of != cn->map) {	/* connections come map by map */
		local_addrs(g->c, cn->map, g->locals, sizeof(g->locals),
			    &g->nlocals);
		g->locals_of = cn->map;
	}
	if (g->nlocals == 1)
		ip_parse(locals, &local);
	fprintf(f, "    %s {\n", cn->name);
	fprintf(f, "        version = %u\n", g->o->version);
	if (locals[0])
		fprintf(f, "        local_addrs = %s\n", locals);
	fprintf(f, "        remote_addrs = %s\n", cn->peers[0] ? cn->peers : "%any");
	fprintf(f, "        proposals = %s\n", g->proposals);
	fprintf(f, "        rekey_time = %llus\n",
		(unsigned long long)rekey_at(g->ike_life));
	fprintf(f, "        over_time = %us\n", g->ike_life / 10);
	if (g->o->version == 2)
		fprintf(f, "        mobike = no\n");
	fprintf(f, "        local {\n            auth = psk\n");
	if (local)
		fprintf(f, "            id = %s\n", ip_str(local, a));
	fprintf(f, "        }\n        remote {\n            auth = psk\n");
	fprintf(f, "            id = %s\n", cn->peer ? ip_str(cn->peer, a) : "%any");
	fprintf(f, "        }\n        children {\n");
	for (i = 0; i < cn->children.n; i++)
		put_child(g, f, cn, &cn->children.v[i], local);
	fprintf(f, "        }\n    }\n");
}

/* crypto isakmp key -> secrets { ike-N { id = ..., secret = 0x... } } */
static void put_secrets(struct gen *g, FILE *f, unsigned int *count)
{
	const struct cm_config *c = g->c;
	char a[IP_STRLEN];
	size_t i, j;
	int len;

	fprintf(f, "# Pre-shared keys of %s (crypto isakmp key) for charon.\n"
		"# Written by cmapctl, mode 0600; never printed.\n"
		"secrets {\n", c->file);
	for (i = 0; i < c->keys.n; i++) {
		const struct cm_key *k = &c->keys.v[i], *later = NULL;

		for (j = i + 1; j < c->keys.n && !later; j++)
			if (c->keys.v[j].addr == k->addr &&
			    c->keys.v[j].mask == k->mask &&
			    !strcmp(c->keys.v[j].hostname, k->hostname))
				later = &c->keys.v[j];
		if (later)	/* IOS: a key for the same peer replaces it */
			continue;
		if (k->enc == 6) {
			diag(&k->loc, 0, SEV_WARNING, "crypto isakmp key: a "
			     "type 6 (encrypted) key cannot be given to "
			     "charon; key not used");
			continue;
		}
		len = mask_len(k->mask);
		if (!k->hostname[0] && len < 0) {
			GERR(g, &k->loc, "crypto isakmp key: the mask is not "
			     "a netmask");
			continue;
		}
		fprintf(f, "    ike-%u {\n", ++*count);
		if (k->hostname[0])
			fprintf(f, "        id = %s\n", k->hostname);
		else if (!len)
			fprintf(f, "        id = %%any\n");
		else if (len == 32)
			fprintf(f, "        id = %s\n", ip_str(k->addr, a));
		else
			fprintf(f, "        id = %s/%d\n",
				ip_str(k->addr & k->mask, a), len);
		/* hex: no quoting rules to get wrong, whatever the key holds */
		fprintf(f, "        secret = 0x");
		for (j = 0; k->secret && k->secret[j]; j++)
			fprintf(f, "%02x", (unsigned char)k->secret[j]);
		fprintf(f, "\n    }\n");
	}
	fprintf(f, "}\n");
}

void swanconf_free(struct swanconf *out)
{
	if (out->secrets)
		explicit_bzero(out->secrets, out->secrets_len);
	free(out->secrets);
	free(out->swanctl);
	free(out->index);
	memset(out, 0, sizeof(*out));
}

unsigned int swanconf_build(const struct cm_config *c,
			    const struct ike_opts *o, struct swanconf *out)
{
	struct gen g = { .c = c, .o = o };
	char a[IP_STRLEN];
	size_t len, ilen, i, j;
	FILE *f, *fi;

	memset(out, 0, sizeof(*out));
	collect(&g);
	ike_proposals(&g);
	if (g.conns.n && !g.proposals[0])
		GERR(&g, &(struct loc){ .file = c->file }, "no crypto isakmp "
		     "policy with 'authentication pre-share': charon has no "
		     "IKE proposal (the IOS default policy is rsa-sig)");

	f = open_memstream(&out->swanctl, &len);
	fi = open_memstream(&out->index, &ilen);
	if (!f || !fi)
		die("out of memory");
	fprintf(f, "# charon connections for the crypto maps of %s.\n"
		"# Written by cmapctl load; edit the IOS configuration "
		"instead (Documentation/ike.md).\n"
		"connections {\n", c->file);
	for (i = 0; i < g.conns.n; i++) {
		const struct conn *cn = &g.conns.v[i];

		if (!cn->children.n)
			continue;
		put_conn(&g, f, cn);
		fprintf(fi, "%s\t%s\t%u\t%s\n", cn->name, cn->map->name,
			cn->entry->seq, cn->peer ? ip_str(cn->peer, a) : "any");
		out->nconns++;
		out->nchildren += (unsigned int)cn->children.n;
		for (j = 0; j < cn->children.n; j++)
			out->ntraps += cn->children.v[j].trap;
	}
	fprintf(f, "}\ninclude " SWANCONF_SECRETS "\n");
	fclose(f);
	fclose(fi);

	f = open_memstream(&out->secrets, &out->secrets_len);
	if (!f)
		die("out of memory");
	put_secrets(&g, f, &out->nsecrets);
	fclose(f);

	for (i = 0; i < g.conns.n; i++)
		VEC_FREE(g.conns.v[i].children);
	VEC_FREE(g.conns);
	index_free(&g.by_name);
	index_free(&g.by_peer);
	if (g.errors)
		swanconf_free(out);
	return g.errors;
}

/*
 * charon's settings. The plugins are listed, not taken from
 * /etc/strongswan.d: kernel-cryptomap ahead of kernel-netlink makes it the
 * IPsec backend (the first kernel-ipsec to register wins), and nothing else
 * (updown, stroke, resolve, ...) acts on this router behind cmapctl's back.
 * Paths are those charon sees: /run is the runtime directory there.
 */
char *swanconf_charon(enum ike_backend b)
{
	char *s = NULL;

	if (asprintf(&s,
"# charon's settings, written by cmapctl for one network namespace.\n"
"charon {\n"
"    load_modular = no\n"
"    load = %srandom nonce openssl hmac kdf pem pkcs1 x509 pubkey "
"kernel-netlink socket-default vici\n"
"    # IOS crypto maps add no routes: routing is the router's\n"
"    install_routes = no\n"
"    install_virtual_ip = no\n"
"    plugins {\n"
"        vici {\n"
"            socket = unix:///run/charon.vici\n"
"        }\n"
"%s"
"        openssl {\n"
"            # DES and MD5 (the IOS 12.2 defaults) live in OpenSSL's legacy provider\n"
"            load_legacy = yes\n"
"        }\n"
"    }\n"
"    filelog {\n"
"        cmapctl {\n"
"            path = /run/charon.log\n"
"            time_format = %%b %%e %%T\n"
"            ike_name = yes\n"
"            default = 1\n"
"            flush_line = yes\n"
"            append = yes\n"
"        }\n"
"    }\n"
"}\n", b == IKE_BACKEND_CRYPTOMAP ? "kernel-cryptomap " : "",
	     b == IKE_BACKEND_CRYPTOMAP ?
"        kernel-cryptomap {\n"
"            # first in the list above too: the first kernel-ipsec wins\n"
"            load = 100\n"
"        }\n" : "") < 0)
		die("out of memory");
	return s;
}
