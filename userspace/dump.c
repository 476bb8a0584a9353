// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"

#define DUMP_TRIES 20

struct dstate {
	struct cm_config *c;
	uint32_t gen;
	bool have_gen, moved;
};

/* Parses the message's top level; notes a generation other than the first. */
static void top_attrs(struct dstate *d, const struct nlmsghdr *nlh,
		      const struct nlattr **tb)
{
	uint32_t gen;

	nl_parse(nlh, tb, CMAP_A_MAX);
	if (!tb[CMAP_A_GENERATION])
		return;
	gen = nl_u32(tb[CMAP_A_GENERATION], 0);
	if (d->have_gen && gen != d->gen)
		d->moved = true;
	d->gen = gen;
	d->have_gen = true;
}

/*
 * The nest top_type of a dump message into tb, and its attribute 1 into
 * name: NAME, MAP or IFNAME, the key of every object nest.
 */
static bool object_attrs(struct dstate *d, const struct nlmsghdr *nlh,
			 unsigned int top_type, const struct nlattr **tb,
			 unsigned int max, char *name, size_t len)
{
	const struct nlattr *top[CMAP_A_MAX + 1];

	top_attrs(d, nlh, top);
	nl_parse_nested(top[top_type], tb, max);
	return nl_str(tb[1], name, len);
}

static int global_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *top[CMAP_A_MAX + 1], *tb[CMAP_GLOBAL_A_MAX + 1];
	struct dstate *d = data;
	struct cm_global *g = &d->c->global;

	top_attrs(d, nlh, top);
	nl_parse_nested(top[CMAP_A_GLOBAL], tb, CMAP_GLOBAL_A_MAX);
	g->life_secs = nl_u32(tb[CMAP_GLOBAL_A_LIFE_SECS], g->life_secs);
	g->life_kb = nl_u32(tb[CMAP_GLOBAL_A_LIFE_KB], g->life_kb);
	g->df_bit = nl_u8(tb[CMAP_GLOBAL_A_DF_BIT], g->df_bit);
	g->replay_window = nl_u32(tb[CMAP_GLOBAL_A_REPLAY_WINDOW],
				  g->replay_window);
	return MNL_CB_OK;
}

static int tset_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CMAP_TSET_A_MAX + 1];
	char name[CMAP_NAME_MAX];
	struct cm_tset *t;
	struct dstate *d = data;

	if (!object_attrs(d, nlh, CMAP_A_TSET, tb, CMAP_TSET_A_MAX, name,
			  sizeof(name)))
		return MNL_CB_ERROR;
	t = model_tset(d->c, name);
	if (!t)
		t = model_add_tset(d->c, name);
	t->cipher = nl_u16(tb[CMAP_TSET_A_CIPHER], 0);
	t->keybits = nl_u16(tb[CMAP_TSET_A_KEYBITS], 0);
	t->auth = nl_u16(tb[CMAP_TSET_A_AUTH], CMAP_AUTH_NONE);
	t->mode = nl_u8(tb[CMAP_TSET_A_MODE], CMAP_MODE_TUNNEL);
	return MNL_CB_OK;
}

static void decode_addr(const struct nlattr *addr, const struct nlattr *wild,
			struct cm_addr *a)
{
	if (!addr) {
		*a = (struct cm_addr){ 0, CM_WILD_ANY };
		return;
	}
	a->addr = ntohl(nl_u32(addr, 0));
	a->wild = wild ? ntohl(nl_u32(wild, 0)) : 0;
}

static void decode_ports(const struct nlattr **tb, unsigned int op_type,
			 struct cm_ports *p)
{
	p->op = nl_u8(tb[op_type], CMAP_PORT_ANY);
	p->lo = nl_u16(tb[op_type + 1], 0);
	p->hi = nl_u16(tb[op_type + 2], p->lo);
}

static void decode_line(const struct nlattr *nest, struct cm_line *l)
{
	const struct nlattr *tb[CMAP_LINE_A_MAX + 1];
	char remark[CMAP_REMARK_MAX];

	nl_parse_nested(nest, tb, CMAP_LINE_A_MAX);
	l->seq = nl_u32(tb[CMAP_LINE_A_SEQ], 0);
	l->action = nl_u8(tb[CMAP_LINE_A_ACTION], CMAP_ACTION_PERMIT);
	if (nl_str(tb[CMAP_LINE_A_REMARK], remark, sizeof(remark)))
		l->remark = xstrdup(remark);
	l->proto = tb[CMAP_LINE_A_PROTO] ? nl_u8(tb[CMAP_LINE_A_PROTO], 0) :
					   CM_PROTO_ANY;
	decode_addr(tb[CMAP_LINE_A_SRC], tb[CMAP_LINE_A_SRC_WILD], &l->src);
	decode_addr(tb[CMAP_LINE_A_DST], tb[CMAP_LINE_A_DST_WILD], &l->dst);
	decode_ports(tb, CMAP_LINE_A_SPORT_OP, &l->sport);
	decode_ports(tb, CMAP_LINE_A_DPORT_OP, &l->dport);
	l->icmp_type = tb[CMAP_LINE_A_ICMP_TYPE] ?
		nl_u8(tb[CMAP_LINE_A_ICMP_TYPE], 0) : CM_ICMP_NONE;
	l->icmp_code = tb[CMAP_LINE_A_ICMP_CODE] ?
		nl_u8(tb[CMAP_LINE_A_ICMP_CODE], 0) : CM_ICMP_NONE;
	l->log = tb[CMAP_LINE_A_LOG] != NULL;
	l->hits = nl_u64(tb[CMAP_LINE_A_HITS], 0);
}

/* A list continued from the previous message gets the lines appended. */
static int acl_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CMAP_ACL_A_MAX + 1], *pos;
	char name[CMAP_NAME_MAX];
	struct cm_acl *acl;
	struct dstate *d = data;

	if (!object_attrs(d, nlh, CMAP_A_ACL, tb, CMAP_ACL_A_MAX, name,
			  sizeof(name)))
		return MNL_CB_ERROR;
	acl = model_acl(d->c, name);
	if (!acl)
		acl = model_add_acl(d->c, name);
	if (!tb[CMAP_ACL_A_LINES])
		return MNL_CB_OK;
	mnl_attr_for_each_nested(pos, tb[CMAP_ACL_A_LINES])
		if (mnl_attr_get_type(pos) == CMAP_ACL_A_LINE)
			decode_line(pos, VEC_PUSH(acl->lines));
	return MNL_CB_OK;
}

static int map_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CMAP_MAP_A_MAX + 1];
	char name[CMAP_NAME_MAX];
	struct cm_map *m;
	struct dstate *d = data;

	if (!object_attrs(d, nlh, CMAP_A_MAP, tb, CMAP_MAP_A_MAX, name,
			  sizeof(name)))
		return MNL_CB_ERROR;
	m = model_map(d->c, name);
	if (!m)
		m = model_add_map(d->c, name);
	m->dynamic = tb[CMAP_MAP_A_DYNAMIC] != NULL;
	nl_str(tb[CMAP_MAP_A_LOCAL_IF], m->local_if, sizeof(m->local_if));
	return MNL_CB_OK;
}

static void decode_entry_lists(const struct nlattr **tb, struct cm_entry *e)
{
	const struct nlattr *pos;

	if (tb[CMAP_ENTRY_A_PEERS])
		mnl_attr_for_each_nested(pos, tb[CMAP_ENTRY_A_PEERS])
			if (e->npeers < CMAP_PEERS_MAX)
				e->peers[e->npeers++] = ntohl(nl_u32(pos, 0));
	if (tb[CMAP_ENTRY_A_TSETS])
		mnl_attr_for_each_nested(pos, tb[CMAP_ENTRY_A_TSETS])
			if (e->ntsets < CMAP_ENTRY_TSETS_MAX)
				nl_str(pos, e->tsets[e->ntsets++],
				       CMAP_NAME_MAX);
}

static int entry_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CMAP_ENTRY_A_MAX + 1];
	char map[CMAP_NAME_MAX];
	struct cm_entry *e;
	struct dstate *d = data;
	uint16_t seq;

	if (!object_attrs(d, nlh, CMAP_A_ENTRY, tb, CMAP_ENTRY_A_MAX, map,
			  sizeof(map)))
		return MNL_CB_ERROR;
	seq = nl_u16(tb[CMAP_ENTRY_A_SEQ], 0);
	if (model_entry(d->c, map, seq))
		return MNL_CB_OK;
	e = model_add_entry(d->c, map, seq);
	e->type = nl_u8(tb[CMAP_ENTRY_A_TYPE], CMAP_ENTRY_ISAKMP);
	nl_str(tb[CMAP_ENTRY_A_ACL], e->acl, sizeof(e->acl));
	nl_str(tb[CMAP_ENTRY_A_DYNMAP], e->dynmap, sizeof(e->dynmap));
	decode_entry_lists(tb, e);
	e->pfs = nl_u8(tb[CMAP_ENTRY_A_PFS], 0);
	e->life_secs = nl_u32(tb[CMAP_ENTRY_A_LIFE_SECS], 0);
	e->life_kb = nl_u32(tb[CMAP_ENTRY_A_LIFE_KB], 0);
	e->has_replay = tb[CMAP_ENTRY_A_REPLAY_WINDOW] != NULL;
	e->replay_window = nl_u32(tb[CMAP_ENTRY_A_REPLAY_WINDOW], 0);
	e->id = nl_u32(tb[CMAP_ENTRY_A_ID], 0);
	e->hits = nl_u64(tb[CMAP_ENTRY_A_HITS], 0);
	return MNL_CB_OK;
}

static int binding_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CMAP_BINDING_A_MAX + 1];
	char ifname[CM_IFNAME_MAX];
	struct cm_binding *b;
	struct dstate *d = data;

	if (!object_attrs(d, nlh, CMAP_A_BINDING, tb, CMAP_BINDING_A_MAX,
			  ifname, sizeof(ifname)))
		return MNL_CB_ERROR;
	b = model_binding(d->c, ifname);
	if (!b)
		b = model_add_binding(d->c, ifname);
	nl_str(tb[CMAP_BINDING_A_MAP], b->map, sizeof(b->map));
	b->ifindex = nl_u32(tb[CMAP_BINDING_A_IFINDEX], 0);
	return MNL_CB_OK;
}

static const struct {
	uint8_t cmd;
	nl_reply_fn cb;
} dumps[] = {
	{ CMAP_CMD_GET_TSET, tset_cb },
	{ CMAP_CMD_GET_ACL, acl_cb },
	{ CMAP_CMD_GET_MAP, map_cb },
	{ CMAP_CMD_GET_ENTRY, entry_cb },
	{ CMAP_CMD_GET_BINDING, binding_cb },
};

/* One attempt: 0, -EINTR to try again, or another -errno. */
static int dump_once(struct nl *nl, struct dstate *d)
{
	size_t i;
	int err = nl_simple(nl, CMAP_CMD_GET_GLOBAL, global_cb, d,
			    "reading the global settings");

	for (i = 0; !err && i < ARRAY_SIZE(dumps); i++)
		err = nl_dump(nl, dumps[i].cmd, dumps[i].cb, d);
	if (!err)
		err = nl_simple(nl, CMAP_CMD_GET_GLOBAL, global_cb, d,
				"reading the global settings");
	return !err && d->moved ? -EINTR : err;
}

int dump_config(struct nl *nl, struct cm_config *c)
{
	const char *file = c->file;
	int tries, err = -EINTR;

	for (tries = 0; tries < DUMP_TRIES && err == -EINTR; tries++) {
		struct dstate d = { .c = c };

		model_free(c);
		model_init(c, file);
		err = dump_once(nl, &d);
		c->generation = d.gen;
	}
	if (err == -EINTR)
		fprintf(stderr, "cmapctl: the configuration kept changing "
			"during %d dumps\n", DUMP_TRIES);
	return err ? -1 : 0;
}
