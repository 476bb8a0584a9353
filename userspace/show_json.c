// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "names.h"
#include "show_json.h"

#define JSON_ARRAY(j, key, vec, fn, ...) \
	do { \
		size_t i_; \
		json_open_arr(j, key); \
		for (i_ = 0; i_ < (vec).n; i_++) \
			fn(j, ##__VA_ARGS__, &(vec).v[i_]); \
		json_close_arr(j); \
	} while (0)

void json_global(struct json *j, const struct cm_global *g)
{
	json_open_obj(j, "global");
	json_u64(j, "life_secs", g->life_secs);
	json_u64(j, "life_kb", g->life_kb);
	json_str(j, "df_bit", df_str(g->df_bit));
	json_u64(j, "replay_window", g->replay_window);
	json_close_obj(j);
}

void json_tset(struct json *j, const struct cm_tset *t)
{
	json_open_obj(j, NULL);
	json_str(j, "name", t->name);
	json_str(j, "cipher", cipher_str(t->cipher));
	if (t->keybits)
		json_u64(j, "keybits", t->keybits);
	json_str(j, "auth", auth_str(t->auth));
	json_str(j, "mode", mode_str(t->mode));
	json_close_obj(j);
}

static void json_addr(struct json *j, const struct cm_addr *a,
		      const char *addr_key, const char *wild_key)
{
	char buf[IP_STRLEN];

	if (addr_is_any(a))
		return;
	json_str(j, addr_key, ip_str(a->addr, buf));
	if (a->wild)
		json_str(j, wild_key, ip_str(a->wild, buf));
}

static void json_ports(struct json *j, const struct cm_ports *p,
		       const char *const keys[3])
{
	if (p->op == CMAP_PORT_ANY)
		return;
	json_str(j, keys[0], portop_str(p->op));
	json_u64(j, keys[1], p->lo);
	if (p->op == CMAP_PORT_RANGE)
		json_u64(j, keys[2], p->hi);
}

static void json_line(struct json *j, const struct cm_line *l)
{
	static const char *const sport[] = { "sport_op", "sport_lo", "sport_hi" };
	static const char *const dport[] = { "dport_op", "dport_lo", "dport_hi" };

	json_open_obj(j, NULL);
	json_u64(j, "seq", l->seq);
	json_str(j, "action", action_str(l->action));
	if (l->action == CMAP_ACTION_REMARK) {
		json_str(j, "remark", l->remark ? l->remark : "");
		json_close_obj(j);
		return;
	}
	if (l->proto != CM_PROTO_ANY)
		json_u64(j, "proto", (uint64_t)l->proto);
	json_addr(j, &l->src, "src", "src_wild");
	json_addr(j, &l->dst, "dst", "dst_wild");
	json_ports(j, &l->sport, sport);
	json_ports(j, &l->dport, dport);
	if (l->icmp_type != CM_ICMP_NONE)
		json_u64(j, "icmp_type", (uint64_t)l->icmp_type);
	if (l->icmp_code != CM_ICMP_NONE)
		json_u64(j, "icmp_code", (uint64_t)l->icmp_code);
	if (l->log)
		json_bool(j, "log", true);
	json_u64(j, "hits", l->hits);
	json_close_obj(j);
}

void json_acl(struct json *j, const struct cm_acl *acl)
{
	json_open_obj(j, NULL);
	json_str(j, "name", acl->name);
	JSON_ARRAY(j, "lines", acl->lines, json_line);
	json_close_obj(j);
}

void json_map(struct json *j, const struct cm_map *m)
{
	json_open_obj(j, NULL);
	json_str(j, "name", m->name);
	json_bool(j, "dynamic", m->dynamic);
	if (m->local_if[0])
		json_str(j, "local_if", m->local_if);
	json_close_obj(j);
}

static void json_entry_lists(struct json *j, const struct cm_entry *e)
{
	char buf[IP_STRLEN];
	unsigned int i;

	if (e->npeers) {
		json_open_arr(j, "peers");
		for (i = 0; i < e->npeers; i++)
			json_str(j, NULL, ip_str(e->peers[i], buf));
		json_close_arr(j);
	}
	if (e->ntsets) {
		json_open_arr(j, "tsets");
		for (i = 0; i < e->ntsets; i++)
			json_str(j, NULL, e->tsets[i]);
		json_close_arr(j);
	}
}

static void json_interfaces(struct json *j, const struct cm_config *c,
			    const char *map)
{
	const struct cm_map *m = model_map(c, map);
	size_t i;

	if (m && m->local_if[0])
		json_str(j, "local_if", m->local_if);
	json_open_arr(j, "interfaces");
	for (i = 0; i < c->bindings.n; i++)
		if (!strcmp(c->bindings.v[i].map, map))
			json_str(j, NULL, c->bindings.v[i].ifname);
	json_close_arr(j);
}

/* "set session-key": SPIs and which keys there are, never the keys. */
static void json_skeys(struct json *j, const struct cm_entry *e)
{
	unsigned int d;

	json_open_arr(j, "session_keys");
	for (d = 0; d < 2; d++) {
		const struct cm_skey *k = &e->skey[d];

		if (!k->set)
			continue;
		json_open_obj(j, NULL);
		json_str(j, "dir", d == CMAP_SA_DIR_OUT ? "out" : "in");
		json_u64(j, "spi", k->spi);
		json_bool(j, "enc_key", k->has_enc);
		json_bool(j, "auth_key", k->has_auth);
		json_close_obj(j);
	}
	json_close_arr(j);
}

void json_entry(struct json *j, const struct cm_config *c,
		const struct cm_entry *e, bool interfaces)
{
	json_open_obj(j, NULL);
	json_str(j, "map", e->map);
	json_u64(j, "seq", e->seq);
	json_str(j, "type", entry_type_str(e->type));
	if (e->acl[0])
		json_str(j, "acl", e->acl);
	json_entry_lists(j, e);
	if (e->dynmap[0])
		json_str(j, "dynmap", e->dynmap);
	json_u64(j, "pfs", e->pfs);
	if (e->life_secs)
		json_u64(j, "life_secs", e->life_secs);
	if (e->life_kb)
		json_u64(j, "life_kb", e->life_kb);
	if (e->has_replay)
		json_u64(j, "replay_window", e->replay_window);
	if (e->type == CMAP_ENTRY_MANUAL)
		json_skeys(j, e);
	json_u64(j, "id", e->id);
	json_u64(j, "hits", e->hits);
	if (interfaces)
		json_interfaces(j, c, e->map);
	json_close_obj(j);
}

void json_binding(struct json *j, const struct cm_binding *b)
{
	json_open_obj(j, NULL);
	json_str(j, "ifname", b->ifname);
	json_str(j, "map", b->map);
	json_u64(j, "ifindex", b->ifindex);
	json_close_obj(j);
}

static void json_entry_plain(struct json *j, const struct cm_config *c,
			     const struct cm_entry *e)
{
	json_entry(j, c, e, false);
}

void json_config(struct json *j, const struct cm_config *c)
{
	json_open_obj(j, NULL);
	json_u64(j, "generation", c->generation);
	json_global(j, &c->global);
	JSON_ARRAY(j, "tsets", c->tsets, json_tset);
	JSON_ARRAY(j, "acls", c->acls, json_acl);
	JSON_ARRAY(j, "maps", c->maps, json_map);
	JSON_ARRAY(j, "entries", c->entries, json_entry_plain, c);
	JSON_ARRAY(j, "bindings", c->bindings, json_binding);
	json_close_obj(j);
}
