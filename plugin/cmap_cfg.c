// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmap_cfg.h"

struct line {
	uint32_t seq;
	uint8_t action;
	bool flow_ok;			/* IKE can express the line */
	struct cmap_flow flow;
};

struct acl {
	char name[CMAP_NAME_MAX];
	struct line *lines;
	size_t n, cap;
};

struct entry {
	uint32_t id;
	char map[CMAP_NAME_MAX];
	uint16_t seq;
	uint8_t type;
	bool has_type;
	char acl[CMAP_NAME_MAX];
	uint32_t peers[CMAP_PEERS_MAX];	/* network order */
	int n_peers;
};

struct snapshot {
	uint32_t generation;
	bool gen_seen;			/* some reply carried a generation */
	bool gen_mixed;			/* replies of two generations */
	struct entry *entries;
	size_t n_entries, cap_entries;
	struct acl *acls;
	size_t n_acls, cap_acls;
	char (*dynmaps)[CMAP_NAME_MAX];	/* names of dynamic maps */
	size_t n_dynmaps, cap_dynmaps;
};

struct cmap_cfg {
	struct cmap_nl *nl;
	pthread_mutex_t lock;		/* the snapshot and its refresh */
	bool valid;
	struct snapshot s;
};

static void *grow(void *v, size_t *cap, size_t n, size_t size)
{
	size_t c;
	void *p;

	if (n < *cap)
		return v;
	c = *cap ? *cap * 2 : 16;
	p = realloc(v, c * size);
	if (p)
		*cap = c;
	return p;
}

static void snapshot_free(struct snapshot *s)
{
	size_t i;

	for (i = 0; i < s->n_acls; i++)
		free(s->acls[i].lines);
	free(s->acls);
	free(s->entries);
	free(s->dynmaps);
	memset(s, 0, sizeof(*s));
}

/* Every dump message carries CMAP_A_GENERATION: they must all agree. */
static void note_generation(struct snapshot *s, const struct nlattr *a)
{
	uint32_t g;

	if (mnl_attr_validate(a, MNL_TYPE_U32))
		return;
	g = mnl_attr_get_u32(a);
	if (s->gen_seen && g != s->generation)
		s->gen_mixed = true;
	s->generation = g;
	s->gen_seen = true;
}

static void copy_str(char *dst, const struct nlattr *a)
{
	if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
		snprintf(dst, CMAP_NAME_MAX, "%s", mnl_attr_get_str(a));
}

/* --- GET_MAP: which maps are dynamic ------------------------------------ */

/* A dump message: its generation noted, each object of @type handed to
 * @fn. */
static int each_object(const struct nlmsghdr *nlh, struct snapshot *s,
		       int type, int (*fn)(struct snapshot *s,
					   const struct nlattr *nest))
{
	const struct nlattr *a;
	int err;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == CMAP_A_GENERATION)
			note_generation(s, a);
		else if (mnl_attr_get_type(a) == type && (err = fn(s, a)))
			return err;
	}
	return 0;
}

static int map_obj(struct snapshot *s, const struct nlattr *nest)
{
	char name[CMAP_NAME_MAX] = "";
	const struct nlattr *m;
	bool dynamic = false;

	mnl_attr_for_each_nested(m, nest) {
		if (mnl_attr_get_type(m) == CMAP_MAP_A_NAME)
			copy_str(name, m);
		else if (mnl_attr_get_type(m) == CMAP_MAP_A_DYNAMIC)
			dynamic = true;
	}
	if (!dynamic)
		return 0;
	s->dynmaps = grow(s->dynmaps, &s->cap_dynmaps, s->n_dynmaps,
			  sizeof(*s->dynmaps));
	if (!s->dynmaps)
		return -ENOMEM;
	memcpy(s->dynmaps[s->n_dynmaps++], name, CMAP_NAME_MAX);
	return 0;
}

static int map_cb(const struct nlmsghdr *nlh, void *arg)
{
	return each_object(nlh, arg, CMAP_A_MAP, map_obj);
}

/* --- GET_ENTRY ------------------------------------------------------------ */

static void entry_attr(struct entry *e, const struct nlattr *a)
{
	const struct nlattr *p;

	switch (mnl_attr_get_type(a)) {
	case CMAP_ENTRY_A_MAP:
		copy_str(e->map, a);
		break;
	case CMAP_ENTRY_A_SEQ:
		if (mnl_attr_validate(a, MNL_TYPE_U16) == 0)
			e->seq = mnl_attr_get_u16(a);
		break;
	case CMAP_ENTRY_A_TYPE:
		if (mnl_attr_validate(a, MNL_TYPE_U8) == 0) {
			e->type = mnl_attr_get_u8(a);
			e->has_type = true;
		}
		break;
	case CMAP_ENTRY_A_ACL:
		copy_str(e->acl, a);
		break;
	case CMAP_ENTRY_A_ID:
		if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			e->id = mnl_attr_get_u32(a);
		break;
	case CMAP_ENTRY_A_PEERS:
		mnl_attr_for_each_nested(p, a) {
			if (mnl_attr_get_type(p) != CMAP_ENTRY_A_PEER ||
			    mnl_attr_validate(p, MNL_TYPE_U32) ||
			    e->n_peers == CMAP_PEERS_MAX)
				continue;
			/* be32 on the wire: keep network order */
			memcpy(&e->peers[e->n_peers++], mnl_attr_get_payload(p), 4);
		}
		break;
	}
}

static int entry_obj(struct snapshot *s, const struct nlattr *nest)
{
	const struct nlattr *x;
	struct entry *e;

	s->entries = grow(s->entries, &s->cap_entries, s->n_entries,
			  sizeof(*s->entries));
	if (!s->entries)
		return -ENOMEM;
	e = &s->entries[s->n_entries];
	memset(e, 0, sizeof(*e));
	mnl_attr_for_each_nested(x, nest)
		entry_attr(e, x);
	if (e->id)
		s->n_entries++;
	return 0;
}

static int entry_cb(const struct nlmsghdr *nlh, void *arg)
{
	return each_object(nlh, arg, CMAP_A_ENTRY, entry_obj);
}

/* --- GET_ACL ---------------------------------------------------------------- */

struct raw_line {
	uint32_t seq;
	uint8_t action, proto, sport_op, dport_op;
	bool has_src, has_dst, has_proto, has_icmp_type, has_icmp_code;
	uint32_t src, src_wild, dst, dst_wild;	/* host order */
	uint16_t sport_lo, sport_hi, dport_lo, dport_hi;
	uint8_t icmp_type, icmp_code;
};

static uint32_t get_be32(const struct nlattr *a)
{
	uint32_t v;

	memcpy(&v, mnl_attr_get_payload(a), 4);
	return ntohl(v);
}

static void raw_line_attr(struct raw_line *r, const struct nlattr *a)
{
	int t = mnl_attr_get_type(a);

	switch (t) {
	case CMAP_LINE_A_SEQ:
		if (!mnl_attr_validate(a, MNL_TYPE_U32))
			r->seq = mnl_attr_get_u32(a);
		return;
	case CMAP_LINE_A_ACTION:
	case CMAP_LINE_A_PROTO:
	case CMAP_LINE_A_SPORT_OP:
	case CMAP_LINE_A_DPORT_OP:
	case CMAP_LINE_A_ICMP_TYPE:
	case CMAP_LINE_A_ICMP_CODE:
		if (mnl_attr_validate(a, MNL_TYPE_U8))
			return;
		break;
	case CMAP_LINE_A_SRC:
	case CMAP_LINE_A_SRC_WILD:
	case CMAP_LINE_A_DST:
	case CMAP_LINE_A_DST_WILD:
		if (mnl_attr_validate(a, MNL_TYPE_U32))
			return;
		break;
	case CMAP_LINE_A_SPORT_LO:
	case CMAP_LINE_A_SPORT_HI:
	case CMAP_LINE_A_DPORT_LO:
	case CMAP_LINE_A_DPORT_HI:
		if (mnl_attr_validate(a, MNL_TYPE_U16))
			return;
		break;
	default:
		return;
	}
	switch (t) {
	case CMAP_LINE_A_ACTION: r->action = mnl_attr_get_u8(a); break;
	case CMAP_LINE_A_PROTO:
		r->proto = mnl_attr_get_u8(a);
		r->has_proto = true;
		break;
	case CMAP_LINE_A_SPORT_OP: r->sport_op = mnl_attr_get_u8(a); break;
	case CMAP_LINE_A_DPORT_OP: r->dport_op = mnl_attr_get_u8(a); break;
	case CMAP_LINE_A_ICMP_TYPE:
		r->icmp_type = mnl_attr_get_u8(a);
		r->has_icmp_type = true;
		break;
	case CMAP_LINE_A_ICMP_CODE:
		r->icmp_code = mnl_attr_get_u8(a);
		r->has_icmp_code = true;
		break;
	case CMAP_LINE_A_SRC:
		r->src = get_be32(a);
		r->has_src = true;
		break;
	case CMAP_LINE_A_SRC_WILD: r->src_wild = get_be32(a); break;
	case CMAP_LINE_A_DST:
		r->dst = get_be32(a);
		r->has_dst = true;
		break;
	case CMAP_LINE_A_DST_WILD: r->dst_wild = get_be32(a); break;
	case CMAP_LINE_A_SPORT_LO: r->sport_lo = mnl_attr_get_u16(a); break;
	case CMAP_LINE_A_SPORT_HI: r->sport_hi = mnl_attr_get_u16(a); break;
	case CMAP_LINE_A_DPORT_LO: r->dport_lo = mnl_attr_get_u16(a); break;
	case CMAP_LINE_A_DPORT_HI: r->dport_hi = mnl_attr_get_u16(a); break;
	}
}

/* An address and IOS wildcard as a range; false unless it is a prefix
 * (IKE selectors are subnets). Absent: any. */
static bool addr_range(bool has, uint32_t addr, uint32_t wild, uint32_t *lo,
		       uint32_t *hi)
{
	if (!has) {
		*lo = 0;
		*hi = 0xffffffff;
		return true;
	}
	if (wild & (wild + 1))
		return false;
	*lo = addr & ~wild;
	*hi = *lo | wild;
	return true;
}

/* A port condition as one range, as cmapctl writes it for charon. */
static bool port_range(uint8_t op, uint16_t lo, uint16_t hi, uint16_t *from,
		       uint16_t *to)
{
	*from = 0;
	*to = 65535;
	switch (op) {
	case CMAP_PORT_ANY:
		return true;
	case CMAP_PORT_EQ:
		*from = *to = lo;
		return true;
	case CMAP_PORT_RANGE:
		*from = lo;
		*to = hi;
		return true;
	case CMAP_PORT_LT:
		if (!lo)
			return false;
		*to = lo - 1;
		return true;
	case CMAP_PORT_GT:
		if (lo == 65535)
			return false;
		*from = lo + 1;
		return true;
	}
	return false;		/* neq: not one range */
}

static void line_flow(const struct raw_line *r, struct line *l)
{
	struct cmap_flow *f = &l->flow;

	l->seq = r->seq;
	l->action = r->action;
	memset(f, 0, sizeof(*f));
	f->proto = r->has_proto ? r->proto : 0;
	l->flow_ok =
		addr_range(r->has_src, r->src, r->src_wild, &f->src_lo, &f->src_hi) &&
		addr_range(r->has_dst, r->dst, r->dst_wild, &f->dst_lo, &f->dst_hi) &&
		port_range(r->sport_op, r->sport_lo, r->sport_hi, &f->sp_lo, &f->sp_hi) &&
		port_range(r->dport_op, r->dport_lo, r->dport_hi, &f->dp_lo, &f->dp_hi);
	if (f->proto == 1 && r->has_icmp_type) {
		f->sp_lo = (uint16_t)(r->icmp_type << 8);
		f->sp_hi = f->sp_lo | (r->has_icmp_code ? r->icmp_code : 0xff);
		if (r->has_icmp_code)
			f->sp_lo = f->sp_hi;
	}
}

static int acl_lines(struct acl *acl, const struct nlattr *lines)
{
	const struct nlattr *l, *x;

	mnl_attr_for_each_nested(l, lines) {
		struct raw_line r = { 0 };

		if (mnl_attr_get_type(l) != CMAP_ACL_A_LINE)
			continue;
		mnl_attr_for_each_nested(x, l)
			raw_line_attr(&r, x);
		if (r.action == CMAP_ACTION_REMARK)
			continue;
		acl->lines = grow(acl->lines, &acl->cap, acl->n,
				  sizeof(*acl->lines));
		if (!acl->lines)
			return -ENOMEM;
		line_flow(&r, &acl->lines[acl->n++]);
	}
	return 0;
}

static int acl_obj(struct snapshot *s, const struct nlattr *nest)
{
	const struct nlattr *x, *lines = NULL;
	char name[CMAP_NAME_MAX] = "";
	struct acl *acl;

	mnl_attr_for_each_nested(x, nest) {
		if (mnl_attr_get_type(x) == CMAP_ACL_A_NAME)
			copy_str(name, x);
		else if (mnl_attr_get_type(x) == CMAP_ACL_A_LINES)
			lines = x;
	}
	/* a long list continues in the next message under its name */
	if (!s->n_acls || strcmp(s->acls[s->n_acls - 1].name, name)) {
		s->acls = grow(s->acls, &s->cap_acls, s->n_acls,
			       sizeof(*s->acls));
		if (!s->acls)
			return -ENOMEM;
		acl = &s->acls[s->n_acls++];
		memset(acl, 0, sizeof(*acl));
		memcpy(acl->name, name, sizeof(acl->name));
	}
	acl = &s->acls[s->n_acls - 1];
	return lines ? acl_lines(acl, lines) : 0;
}

static int acl_cb(const struct nlmsghdr *nlh, void *arg)
{
	return each_object(nlh, arg, CMAP_A_ACL, acl_obj);
}

/* --- refresh ------------------------------------------------------------------ */

static int info_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == CMAP_A_GENERATION &&
		    !mnl_attr_validate(a, MNL_TYPE_U32))
			*(uint32_t *)arg = mnl_attr_get_u32(a);
	return 0;
}

static int dump(struct cmap_cfg *cfg, uint8_t cmd, cmap_nl_cb_t cb,
		struct snapshot *s)
{
	char buf[CMAP_NL_REQ_SIZE];

	return cmap_nl_talk(cfg->nl, cmap_nl_req(cfg->nl, buf, cmd, 1), cb, s,
			    NULL, 0);
}

static int read_snapshot(struct cmap_cfg *cfg, struct snapshot *s)
{
	int err;

	memset(s, 0, sizeof(*s));
	err = dump(cfg, CMAP_CMD_GET_MAP, map_cb, s);
	if (!err)
		err = dump(cfg, CMAP_CMD_GET_ENTRY, entry_cb, s);
	if (!err)
		err = dump(cfg, CMAP_CMD_GET_ACL, acl_cb, s);
	if (!err && s->gen_mixed)
		err = -EINTR;
	if (err)
		snapshot_free(s);
	return err;
}

/* Called with cfg->lock held: the snapshot of the running generation. */
static int refresh(struct cmap_cfg *cfg)
{
	char buf[CMAP_NL_REQ_SIZE];
	struct snapshot s;
	uint32_t gen = 0;
	int err, tries;

	for (tries = 0; tries < 10; tries++) {
		err = cmap_nl_talk(cfg->nl, cmap_nl_req(cfg->nl, buf,
					CMAP_CMD_GET_INFO, 0), info_cb, &gen,
				   NULL, 0);
		if (err)
			return err;
		if (cfg->valid && cfg->s.generation == gen)
			return 0;
		err = read_snapshot(cfg, &s);
		if (err == -EINTR)
			continue;	/* changed under the dumps: again */
		if (err)
			return err;
		/* no object at all carries no generation: take GET_INFO's */
		if (!s.gen_seen)
			s.generation = gen;
		if (s.generation != gen) {
			snapshot_free(&s);
			continue;
		}
		snapshot_free(&cfg->s);
		cfg->s = s;
		cfg->valid = true;
		return 0;
	}
	return -EAGAIN;
}

/* --- lookups ------------------------------------------------------------------ */

static const struct acl *find_acl(const struct snapshot *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n_acls; i++)
		if (!strcmp(s->acls[i].name, name))
			return &s->acls[i];
	return NULL;
}

static bool map_dynamic(const struct snapshot *s, const char *map)
{
	size_t i;

	for (i = 0; i < s->n_dynmaps; i++)
		if (!strcmp(s->dynmaps[i], map))
			return true;
	return false;
}

/* An entry that can hold negotiated SAs: ipsec-isakmp in a static map. */
static bool entry_isakmp(const struct snapshot *s, const struct entry *e)
{
	return e->has_type && e->type == CMAP_ENTRY_ISAKMP && e->acl[0] &&
	       !map_dynamic(s, e->map);
}

static bool entry_has_peer(const struct entry *e, uint32_t peer)
{
	int i;

	for (i = 0; i < e->n_peers; i++)
		if (e->peers[i] == peer)
			return true;
	return false;
}

static void set_match(struct cmap_match *m, const struct entry *e,
		      const struct line *l, bool exact)
{
	memset(m, 0, sizeof(*m));
	m->entry_id = e->id;
	m->line = l->seq;
	m->entry_seq = e->seq;
	m->exact = exact;
	memcpy(m->map, e->map, sizeof(m->map));
	memcpy(m->acl, e->acl, sizeof(m->acl));
	m->line_flow = l->flow;
}

int cmap_cfg_find(struct cmap_cfg *cfg, uint32_t peer,
		  const struct cmap_flow *flow, struct cmap_match *m)
{
	const struct entry *within_e = NULL;
	const struct line *within_l = NULL;
	size_t i, j;
	int err;

	pthread_mutex_lock(&cfg->lock);
	err = refresh(cfg);
	if (err)
		goto out;
	err = -ENOENT;
	for (i = 0; i < cfg->s.n_entries; i++) {
		const struct entry *e = &cfg->s.entries[i];
		const struct acl *acl;

		if (!entry_isakmp(&cfg->s, e) || (peer && !entry_has_peer(e, peer)))
			continue;
		acl = find_acl(&cfg->s, e->acl);
		for (j = 0; acl && j < acl->n; j++) {
			const struct line *l = &acl->lines[j];

			if (l->action != CMAP_ACTION_PERMIT || !l->flow_ok)
				continue;
			if (cmap_flow_eq(&l->flow, flow)) {
				set_match(m, e, l, true);
				err = 0;
				goto out;
			}
			if (!within_e && cmap_flow_within(flow, &l->flow)) {
				within_e = e;
				within_l = l;
			}
		}
	}
	if (within_e) {
		set_match(m, within_e, within_l, false);
		err = 0;
	}
out:
	pthread_mutex_unlock(&cfg->lock);
	return err;
}

int cmap_cfg_line(struct cmap_cfg *cfg, uint32_t entry_id, uint32_t line,
		  struct cmap_match *m)
{
	size_t i, j;
	int err;

	pthread_mutex_lock(&cfg->lock);
	err = refresh(cfg);
	if (err)
		goto out;
	err = -ENOENT;
	for (i = 0; i < cfg->s.n_entries; i++) {
		const struct entry *e = &cfg->s.entries[i];
		const struct acl *acl;

		if (e->id != entry_id)
			continue;
		acl = find_acl(&cfg->s, e->acl);
		for (j = 0; acl && j < acl->n; j++) {
			if (acl->lines[j].seq == line && acl->lines[j].flow_ok) {
				set_match(m, e, &acl->lines[j], true);
				err = 0;
				break;
			}
		}
		break;
	}
out:
	pthread_mutex_unlock(&cfg->lock);
	return err;
}

int cmap_cfg_isakmp_entries(struct cmap_cfg *cfg, uint32_t **ids)
{
	size_t i;
	int err, n = 0;

	*ids = NULL;
	pthread_mutex_lock(&cfg->lock);
	err = refresh(cfg);
	if (!err && cfg->s.n_entries) {
		*ids = calloc(cfg->s.n_entries, sizeof(**ids));
		if (!*ids)
			err = -ENOMEM;
	}
	for (i = 0; !err && i < cfg->s.n_entries; i++)
		if (entry_isakmp(&cfg->s, &cfg->s.entries[i]))
			(*ids)[n++] = cfg->s.entries[i].id;
	pthread_mutex_unlock(&cfg->lock);
	return err ? err : n;
}

struct hits_req {
	uint32_t entry_id, line;
	bool found;
	uint64_t hits;
};

static void hits_lines(struct hits_req *h, const struct nlattr *lines)
{
	const struct nlattr *l, *x;

	mnl_attr_for_each_nested(l, lines) {
		uint32_t seq = 0;
		uint64_t hits = 0;
		bool has = false;

		mnl_attr_for_each_nested(x, l) {
			if (mnl_attr_get_type(x) == CMAP_LINE_A_SEQ &&
			    !mnl_attr_validate(x, MNL_TYPE_U32))
				seq = mnl_attr_get_u32(x);
			else if (mnl_attr_get_type(x) == CMAP_LINE_A_HITS &&
				 !mnl_attr_validate(x, MNL_TYPE_U64)) {
				hits = mnl_attr_get_u64(x);
				has = true;
			}
		}
		if (has && seq == h->line) {
			h->hits = hits;
			h->found = true;
		}
	}
}

static int hits_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct hits_req *h = arg;
	const struct nlattr *a, *x;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		const struct nlattr *lines = NULL;
		uint32_t id = 0;

		if (mnl_attr_get_type(a) != CMAP_A_ENTRY)
			continue;
		mnl_attr_for_each_nested(x, a) {
			if (mnl_attr_get_type(x) == CMAP_ENTRY_A_ID &&
			    !mnl_attr_validate(x, MNL_TYPE_U32))
				id = mnl_attr_get_u32(x);
			else if (mnl_attr_get_type(x) == CMAP_ENTRY_A_LINE_HITS)
				lines = x;
		}
		if (id == h->entry_id && lines)
			hits_lines(h, lines);
	}
	return 0;
}

int cmap_cfg_line_hits(struct cmap_cfg *cfg, uint32_t entry_id, uint32_t line,
		       uint64_t *hits)
{
	struct hits_req h = { .entry_id = entry_id, .line = line };
	char buf[CMAP_NL_REQ_SIZE];
	int err;

	err = cmap_nl_talk(cfg->nl, cmap_nl_req(cfg->nl, buf,
				CMAP_CMD_GET_HITS, 1), hits_cb, &h, NULL, 0);
	if (err)
		return err;
	if (!h.found)
		return -ENOENT;
	*hits = h.hits;
	return 0;
}

/* --- flows ---------------------------------------------------------------------- */

bool cmap_flow_eq(const struct cmap_flow *a, const struct cmap_flow *b)
{
	return a->src_lo == b->src_lo && a->src_hi == b->src_hi &&
	       a->dst_lo == b->dst_lo && a->dst_hi == b->dst_hi &&
	       a->proto == b->proto && a->sp_lo == b->sp_lo &&
	       a->sp_hi == b->sp_hi && a->dp_lo == b->dp_lo &&
	       a->dp_hi == b->dp_hi;
}

bool cmap_flow_within(const struct cmap_flow *in, const struct cmap_flow *out)
{
	return in->src_lo >= out->src_lo && in->src_hi <= out->src_hi &&
	       in->dst_lo >= out->dst_lo && in->dst_hi <= out->dst_hi &&
	       (!out->proto || in->proto == out->proto) &&
	       in->sp_lo >= out->sp_lo && in->sp_hi <= out->sp_hi &&
	       in->dp_lo >= out->dp_lo && in->dp_hi <= out->dp_hi;
}

static int range_str(uint32_t lo, uint32_t hi, char *buf, size_t len)
{
	struct in_addr a = { htonl(lo) }, b = { htonl(hi) };
	char s1[INET_ADDRSTRLEN], s2[INET_ADDRSTRLEN];
	uint32_t size = hi - lo;

	inet_ntop(AF_INET, &a, s1, sizeof(s1));
	if (!(size & (size + 1)) && !(lo & size))
		return snprintf(buf, len, "%s/%d", s1,
				32 - __builtin_popcount(size));
	inet_ntop(AF_INET, &b, s2, sizeof(s2));
	return snprintf(buf, len, "%s-%s", s1, s2);
}

const char *cmap_flow_str(const struct cmap_flow *f, char *buf, size_t len)
{
	char s[40], d[40];

	range_str(f->src_lo, f->src_hi, s, sizeof(s));
	range_str(f->dst_lo, f->dst_hi, d, sizeof(d));
	if (!f->proto && !f->sp_lo && f->sp_hi == 65535 && !f->dp_lo &&
	    f->dp_hi == 65535)
		snprintf(buf, len, "%s -> %s", s, d);
	else
		snprintf(buf, len, "%s -> %s [proto %u sport %u-%u dport %u-%u]",
			 s, d, f->proto, f->sp_lo, f->sp_hi, f->dp_lo, f->dp_hi);
	return buf;
}

struct cmap_cfg *cmap_cfg_create(struct cmap_nl *nl)
{
	struct cmap_cfg *cfg = calloc(1, sizeof(*cfg));

	if (!cfg)
		return NULL;
	cfg->nl = nl;
	pthread_mutex_init(&cfg->lock, NULL);
	return cfg;
}

void cmap_cfg_destroy(struct cmap_cfg *cfg)
{
	if (!cfg)
		return;
	snapshot_free(&cfg->s);
	pthread_mutex_destroy(&cfg->lock);
	free(cfg);
}
