// SPDX-License-Identifier: GPL-2.0
/*
 * Crypto maps and their entries: the type rules, reference resolution at
 * commit, and entry identity.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <net/netlink.h>

#include "acl.h"
#include "map.h"
#include "msg.h"
#include "netlink.h"
#include "tset.h"

struct cmap_map *cmap_map_parse(const struct nlattr *nla,
				struct netlink_ext_ack *extack)
{
	struct nlattr *tb[CMAP_MAP_A_MAX + 1];
	struct cmap_map *map;
	int err;

	err = nla_parse_nested(tb, CMAP_MAP_A_MAX, nla, cmap_map_policy, extack);
	if (err)
		return ERR_PTR(err);
	if (cmap_missing(extack, nla, tb, CMAP_MAP_A_NAME,
			 "MAP.NAME is required"))
		return ERR_PTR(-EINVAL);
	map = kzalloc(sizeof(*map), GFP_KERNEL_ACCOUNT);
	if (!map)
		return ERR_PTR(-ENOMEM);
	nla_strscpy(map->node.name, tb[CMAP_MAP_A_NAME], sizeof(map->node.name));
	map->dynamic = nla_get_flag(tb[CMAP_MAP_A_DYNAMIC]);
	if (tb[CMAP_MAP_A_LOCAL_IF])
		nla_strscpy(map->local_if, tb[CMAP_MAP_A_LOCAL_IF],
			    sizeof(map->local_if));
	map->entries = RB_ROOT;
	return map;
}

int cmap_map_fill(struct sk_buff *skb, const struct cmap_map *map)
{
	struct nlattr *nest = nla_nest_start(skb, CMAP_A_MAP);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(skb, CMAP_MAP_A_NAME, map->node.name) ||
	    (map->dynamic && nla_put_flag(skb, CMAP_MAP_A_DYNAMIC)) ||
	    (map->local_if[0] &&
	     nla_put_string(skb, CMAP_MAP_A_LOCAL_IF, map->local_if))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static void cmap_entries_free(struct rb_root *root)
{
	struct cmap_entry *pos, *tmp;

	rbtree_postorder_for_each_entry_safe(pos, tmp, root, rb)
		kfree(pos);
	*root = RB_ROOT;
}

void cmap_map_free(struct cmap_node *node)
{
	struct cmap_map *map = cmap_map(node);

	cmap_entries_free(&map->entries);
	kfree(map);
}

static bool cmap_entry_less(struct rb_node *a, const struct rb_node *b)
{
	return cmap_entry(a)->seq < cmap_entry(b)->seq;
}

static int cmap_entry_cmp_key(const void *key, const struct rb_node *rb)
{
	return (int)*(const u16 *)key - (int)cmap_entry(rb)->seq;
}

static int cmap_entry_cmp(struct rb_node *a, const struct rb_node *b)
{
	return cmap_entry_cmp_key(&cmap_entry(a)->seq, b);
}

static struct cmap_entry *cmap_entry_find(const struct cmap_map *map, u16 seq)
{
	return cmap_entry(rb_find(&seq, &map->entries, cmap_entry_cmp_key));
}

struct cmap_node *cmap_map_clone(const struct cmap_node *node)
{
	const struct cmap_map *old = cmap_map(node);
	struct cmap_entry *pos, *e;
	struct cmap_map *map;
	struct rb_node *rb;

	map = kmemdup(old, sizeof(*map), GFP_KERNEL_ACCOUNT);
	if (!map)
		return NULL;
	map->entries = RB_ROOT;
	for (rb = rb_first(&old->entries); rb; rb = rb_next(rb)) {
		pos = cmap_entry(rb);
		e = kmemdup(pos, struct_size(pos, str, pos->str_len),
			    GFP_KERNEL_ACCOUNT);
		if (!e) {
			cmap_map_free(&map->node);
			return NULL;
		}
		/* Resolved anew by the commit of the copy. */
		e->acl_ref = NULL;
		memset(e->tset_ref, 0, sizeof(e->tset_ref));
		e->dynmap_ref = NULL;
		rb_add(&e->rb, &map->entries, cmap_entry_less);
	}
	return &map->node;
}

/* Replaces the map's own settings; its entries stay. Takes @map. */
int cmap_map_set(struct cmap_config *cfg, struct cmap_map *map,
		 struct netlink_ext_ack *extack)
{
	struct cmap_node *node;
	struct cmap_map *old;

	if (cmap_names_set(&cfg->maps, &cfg->n_maps, CMAP_MAPS_MAX, &map->node,
			   &node)) {
		NL_SET_ERR_MSG(extack, "MAP: too many crypto maps");
		return -ENOSPC;
	}
	old = cmap_map(node);
	if (old) {
		map->entries = old->entries;
		map->n_entries = old->n_entries;
		old->entries = RB_ROOT;
		cmap_map_free(&old->node);
	}
	return 0;
}

int cmap_map_del(struct cmap_config *cfg, const char *name)
{
	struct cmap_node *node;

	node = cmap_names_remove(&cfg->maps, &cfg->n_maps, name);
	if (!node)
		return -ENOENT;
	cfg->n_entries -= cmap_map(node)->n_entries;
	cmap_map_free(node);
	return 0;
}

static size_t cmap_str_size(const struct nlattr *attr)
{
	/* The policy made sure of a NUL within the attribute. */
	return attr ? strnlen(nla_data(attr), nla_len(attr)) + 1 : 0;
}

static u16 cmap_entry_put_str(struct cmap_entry *e, const struct nlattr *attr)
{
	size_t size = cmap_str_size(attr);
	u16 off = e->str_len;

	if (!attr)
		return 0;
	memcpy(&e->str[off], nla_data(attr), size - 1);
	e->str[off + size - 1] = '\0';
	e->str_len += size;
	return off;
}

static int cmap_entry_peers(struct cmap_entry *e, const struct nlattr *peers,
			    struct netlink_ext_ack *extack)
{
	const struct nlattr *pos;
	int rem, i;

	if (!peers)
		return 0;
	nla_for_each_nested(pos, peers, rem) {
		if (e->n_peers == CMAP_PEERS_MAX) {
			cmap_err(extack, pos, "ENTRY.PEERS: more than 16 peers");
			return -EINVAL;
		}
		e->peers[e->n_peers] = nla_get_in_addr(pos);
		for (i = 0; i < e->n_peers; i++) {
			if (e->peers[i] != e->peers[e->n_peers])
				continue;
			cmap_err(extack, pos, "ENTRY.PEER: duplicate peer");
			return -EINVAL;
		}
		e->n_peers++;
	}
	return 0;
}

static void cmap_entry_optional(struct cmap_entry *e, struct nlattr **tb)
{
	if (tb[CMAP_ENTRY_A_PFS])
		e->pfs = nla_get_u8(tb[CMAP_ENTRY_A_PFS]);
	if (tb[CMAP_ENTRY_A_LIFE_SECS]) {
		e->flags |= CMAP_ENTRY_F_LIFE_SECS;
		e->life_secs = nla_get_u32(tb[CMAP_ENTRY_A_LIFE_SECS]);
	}
	if (tb[CMAP_ENTRY_A_LIFE_KB]) {
		e->flags |= CMAP_ENTRY_F_LIFE_KB;
		e->life_kb = nla_get_u32(tb[CMAP_ENTRY_A_LIFE_KB]);
	}
	if (tb[CMAP_ENTRY_A_REPLAY_WINDOW]) {
		e->flags |= CMAP_ENTRY_F_REPLAY;
		e->replay_window = nla_get_u32(tb[CMAP_ENTRY_A_REPLAY_WINDOW]);
	}
}

/* Room for the names of the TSETS list, which has at most 6. */
static int cmap_entry_tsets_size(const struct nlattr *tsets, size_t *size,
				 struct netlink_ext_ack *extack)
{
	const struct nlattr *pos;
	int rem, n = 0;

	if (!tsets)
		return 0;
	nla_for_each_nested(pos, tsets, rem) {
		if (++n > CMAP_ENTRY_TSETS_MAX) {
			cmap_err(extack, pos,
				 "ENTRY.TSETS: more than 6 transform sets");
			return -EINVAL;
		}
		*size += cmap_str_size(pos);
	}
	return 0;
}

/* Allocates the entry with room for the names it carries. */
static struct cmap_entry *cmap_entry_alloc(struct nlattr **tb,
					   struct netlink_ext_ack *extack)
{
	const struct nlattr *tsets = tb[CMAP_ENTRY_A_TSETS], *pos;
	size_t size = 1 + cmap_str_size(tb[CMAP_ENTRY_A_ACL]) +
		      cmap_str_size(tb[CMAP_ENTRY_A_DYNMAP]);
	struct cmap_entry *e;
	int rem, err;

	err = cmap_entry_tsets_size(tsets, &size, extack);
	if (err)
		return ERR_PTR(err);
	e = kzalloc(struct_size(e, str, size), GFP_KERNEL_ACCOUNT);
	if (!e)
		return ERR_PTR(-ENOMEM);
	e->str_len = 1;
	e->acl = cmap_entry_put_str(e, tb[CMAP_ENTRY_A_ACL]);
	e->dynmap = cmap_entry_put_str(e, tb[CMAP_ENTRY_A_DYNMAP]);
	if (tsets)
		nla_for_each_nested(pos, tsets, rem)
			e->tsets[e->n_tsets++] = cmap_entry_put_str(e, pos);
	return e;
}

struct cmap_entry *cmap_entry_parse(const struct nlattr *nla,
				    const struct nlattr **map_attr,
				    struct netlink_ext_ack *extack)
{
	struct nlattr *tb[CMAP_ENTRY_A_MAX + 1];
	struct cmap_entry *e;
	int err;

	err = nla_parse_nested(tb, CMAP_ENTRY_A_MAX, nla, cmap_entry_policy,
			       extack);
	if (!err)
		err = cmap_nl_check_replay(tb[CMAP_ENTRY_A_REPLAY_WINDOW],
					   extack) ?:
		      cmap_nl_check_pfs(tb[CMAP_ENTRY_A_PFS], extack);
	if (err)
		return ERR_PTR(err);
	if (cmap_missing(extack, nla, tb, CMAP_ENTRY_A_MAP,
			 "ENTRY.MAP is required") ||
	    cmap_missing(extack, nla, tb, CMAP_ENTRY_A_SEQ,
			 "ENTRY.SEQ is required") ||
	    cmap_missing(extack, nla, tb, CMAP_ENTRY_A_TYPE,
			 "ENTRY.TYPE is required"))
		return ERR_PTR(-EINVAL);
	e = cmap_entry_alloc(tb, extack);
	if (IS_ERR(e))
		return e;
	e->seq = nla_get_u16(tb[CMAP_ENTRY_A_SEQ]);
	e->type = nla_get_u8(tb[CMAP_ENTRY_A_TYPE]);
	cmap_entry_optional(e, tb);
	err = cmap_entry_peers(e, tb[CMAP_ENTRY_A_PEERS], extack);
	if (err) {
		kfree(e);
		return ERR_PTR(err);
	}
	*map_attr = tb[CMAP_ENTRY_A_MAP];
	return e;
}

static int cmap_entry_fill_lists(struct sk_buff *skb,
				 const struct cmap_entry *e)
{
	struct nlattr *nest;
	int i;

	if (e->n_peers) {
		nest = nla_nest_start(skb, CMAP_ENTRY_A_PEERS);
		if (!nest)
			return -EMSGSIZE;
		for (i = 0; i < e->n_peers; i++)
			if (nla_put_in_addr(skb, CMAP_ENTRY_A_PEER, e->peers[i]))
				return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	if (e->n_tsets) {
		nest = nla_nest_start(skb, CMAP_ENTRY_A_TSETS);
		if (!nest)
			return -EMSGSIZE;
		for (i = 0; i < e->n_tsets; i++)
			if (nla_put_string(skb, CMAP_ENTRY_A_TSET,
					   cmap_entry_str(e, e->tsets[i])))
				return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

static int cmap_entry_fill_values(struct sk_buff *skb,
				  const struct cmap_entry *e)
{
	if ((e->acl && nla_put_string(skb, CMAP_ENTRY_A_ACL,
				      cmap_entry_str(e, e->acl))) ||
	    (e->dynmap && nla_put_string(skb, CMAP_ENTRY_A_DYNMAP,
					 cmap_entry_str(e, e->dynmap))) ||
	    nla_put_u8(skb, CMAP_ENTRY_A_PFS, e->pfs) ||
	    (e->flags & CMAP_ENTRY_F_LIFE_SECS &&
	     nla_put_u32(skb, CMAP_ENTRY_A_LIFE_SECS, e->life_secs)) ||
	    (e->flags & CMAP_ENTRY_F_LIFE_KB &&
	     nla_put_u32(skb, CMAP_ENTRY_A_LIFE_KB, e->life_kb)) ||
	    (e->flags & CMAP_ENTRY_F_REPLAY &&
	     nla_put_u32(skb, CMAP_ENTRY_A_REPLAY_WINDOW, e->replay_window)))
		return -EMSGSIZE;
	return 0;
}

int cmap_entry_fill(struct sk_buff *skb, const struct cmap_map *map,
		    const struct cmap_entry *e)
{
	struct nlattr *nest = nla_nest_start(skb, CMAP_A_ENTRY);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(skb, CMAP_ENTRY_A_MAP, map->node.name) ||
	    nla_put_u16(skb, CMAP_ENTRY_A_SEQ, e->seq) ||
	    nla_put_u8(skb, CMAP_ENTRY_A_TYPE, e->type) ||
	    cmap_entry_fill_values(skb, e) || cmap_entry_fill_lists(skb, e) ||
	    nla_put_u32(skb, CMAP_ENTRY_A_ID, e->id) ||
	    nla_put_u64_64bit(skb, CMAP_ENTRY_A_HITS, e->hits,
			      CMAP_ENTRY_A_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* The rules of the header's "At commit" paragraph for one entry. */
static int cmap_entry_check(const struct cmap_entry *e,
			    const struct cmap_map *map,
			    struct netlink_ext_ack *extack)
{
	if (e->type == CMAP_ENTRY_DYNAMIC) {
		if (map->dynamic) {
			NL_SET_ERR_MSG(extack,
				       "ENTRY.TYPE: a dynamic map cannot hold a DYNAMIC entry");
			return -EINVAL;
		}
		if (!e->dynmap) {
			NL_SET_ERR_MSG(extack,
				       "ENTRY.DYNMAP is required with TYPE DYNAMIC");
			return -EINVAL;
		}
		if (e->acl || e->n_peers || e->n_tsets ||
		    e->flags & CMAP_ENTRY_F_REPLAY) {
			NL_SET_ERR_MSG(extack,
				       "ENTRY: a DYNAMIC entry takes nothing but DYNMAP, PFS and lifetimes");
			return -EINVAL;
		}
		return 0;
	}
	if (e->dynmap) {
		NL_SET_ERR_MSG(extack, "ENTRY.DYNMAP: only with TYPE DYNAMIC");
		return -EINVAL;
	}
	if (!map->dynamic && !e->acl) {
		NL_SET_ERR_MSG(extack,
			       "ENTRY.ACL is required in an entry of a static map");
		return -EINVAL;
	}
	if (e->type == CMAP_ENTRY_ISAKMP && !e->n_tsets) {
		NL_SET_ERR_MSG(extack,
			       "ENTRY.TSETS: an ISAKMP entry needs a transform set");
		return -EINVAL;
	}
	if (e->type == CMAP_ENTRY_MANUAL && (e->n_peers != 1 || e->n_tsets != 1)) {
		NL_SET_ERR_MSG(extack,
			       "ENTRY.PEERS/TSETS: a MANUAL entry needs exactly one peer and one transform set");
		return -EINVAL;
	}
	return 0;
}

/* Takes @e; on error the caller still owns it. */
int cmap_entry_set(struct cmap_config *cfg, struct cmap_entry *e,
		   const struct nlattr *map_attr,
		   struct netlink_ext_ack *extack)
{
	char name[CMAP_NAME_MAX];
	struct cmap_map *map;
	struct rb_node *old;
	int err;

	nla_strscpy(name, map_attr, sizeof(name));
	map = cmap_map_find(cfg, name);
	if (!map) {
		cmap_err(extack, map_attr, "ENTRY.MAP: no crypto map of this name");
		return -ENOENT;
	}
	err = cmap_entry_check(e, map, extack);
	if (err)
		return err;
	if (cfg->n_entries >= CMAP_ENTRIES_MAX && !cmap_entry_find(map, e->seq)) {
		NL_SET_ERR_MSG(extack, "ENTRY: too many map entries");
		return -ENOSPC;
	}
	old = rb_find_add(&e->rb, &map->entries, cmap_entry_cmp);
	if (old) {
		rb_replace_node(old, &e->rb, &map->entries);
		kfree(cmap_entry(old));
	} else {
		map->n_entries++;
		cfg->n_entries++;
	}
	return 0;
}

int cmap_entry_del(struct cmap_config *cfg, const char *name, u16 seq)
{
	struct cmap_map *map = cmap_map_find(cfg, name);
	struct cmap_entry *e = map ? cmap_entry_find(map, seq) : NULL;

	if (!e)
		return -ENOENT;
	rb_erase(&e->rb, &map->entries);
	map->n_entries--;
	cfg->n_entries--;
	kfree(e);
	return 0;
}

static int cmap_entry_resolve_tsets(struct cmap_config *cfg,
				    struct cmap_entry *e, char *obj,
				    size_t len, struct netlink_ext_ack *extack)
{
	const char *name;
	int i;

	for (i = 0; i < e->n_tsets; i++) {
		name = cmap_entry_str(e, e->tsets[i]);
		e->tset_ref[i] = cmap_tset_find(cfg, name);
		if (e->tset_ref[i])
			continue;
		scnprintf(obj + strlen(obj), len - strlen(obj),
			  ", transform set %s", name);
		NL_SET_ERR_MSG(extack, "ENTRY.TSET: no transform set of this name");
		return -EINVAL;
	}
	return 0;
}

static int cmap_entry_resolve_dynmap(struct cmap_config *cfg,
				     struct cmap_entry *e, char *obj,
				     size_t len, struct netlink_ext_ack *extack)
{
	const char *name = cmap_entry_str(e, e->dynmap);

	e->dynmap_ref = e->dynmap ? cmap_map_find(cfg, name) : NULL;
	if (!e->dynmap || (e->dynmap_ref && e->dynmap_ref->dynamic))
		return 0;
	scnprintf(obj + strlen(obj), len - strlen(obj), ", dynamic map %s",
		  name);
	if (e->dynmap_ref)
		NL_SET_ERR_MSG(extack, "ENTRY.DYNMAP: not a dynamic map");
	else
		NL_SET_ERR_MSG(extack, "ENTRY.DYNMAP: no crypto map of this name");
	return -EINVAL;
}

/* Checks the entry's rules and resolves its names, for a commit. */
static int cmap_entry_resolve(struct cmap_config *cfg,
			      const struct cmap_map *map, struct cmap_entry *e,
			      char *obj, size_t len,
			      struct netlink_ext_ack *extack)
{
	const char *acl = cmap_entry_str(e, e->acl);
	int err;

	scnprintf(obj, len, "crypto map %s %u", map->node.name, e->seq);
	err = cmap_entry_check(e, map, extack);
	if (err)
		return err;
	e->acl_ref = e->acl ? cmap_acl_find(cfg, acl) : NULL;
	if (e->acl && !e->acl_ref) {
		scnprintf(obj + strlen(obj), len - strlen(obj),
			  ", access list %s", acl);
		NL_SET_ERR_MSG(extack, "ENTRY.ACL: no access list of this name");
		return -EINVAL;
	}
	err = cmap_entry_resolve_tsets(cfg, e, obj, len, extack);
	if (!err)
		err = cmap_entry_resolve_dynmap(cfg, e, obj, len, extack);
	return err;
}

/*
 * Validates every entry for a commit. On error @obj names the entry and
 * the missing object.
 */
int cmap_map_validate(struct cmap_config *cfg, char *obj, size_t len,
		      struct netlink_ext_ack *extack)
{
	struct cmap_node *pos;
	struct rb_node *rb;
	int err;

	cmap_names_for_each(pos, &cfg->maps) {
		for (rb = rb_first(&cmap_map(pos)->entries); rb; rb = rb_next(rb)) {
			err = cmap_entry_resolve(cfg, cmap_map(pos),
						 cmap_entry(rb), obj, len,
						 extack);
			if (err)
				return err;
		}
	}
	obj[0] = '\0';
	return 0;
}

static u32 cmap_value(const struct cmap_entry *e, unsigned int flag,
		      u32 own, u32 global)
{
	return e->flags & flag ? own : global;
}

/* Same SA parameters: what the header's "Configuration model" lists. */
static bool cmap_entry_same(const struct cmap_entry *e,
			    const struct cmap_config *cfg,
			    const struct cmap_entry *o,
			    const struct cmap_config *old)
{
	const struct cmap_global *g = &cfg->global, *og = &old->global;
	int i;

	if (e->type != o->type || e->pfs != o->pfs ||
	    e->n_peers != o->n_peers || e->n_tsets != o->n_tsets ||
	    memcmp(e->peers, o->peers, e->n_peers * sizeof(e->peers[0])) ||
	    strcmp(cmap_entry_str(e, e->dynmap), cmap_entry_str(o, o->dynmap)) ||
	    cmap_value(e, CMAP_ENTRY_F_LIFE_SECS, e->life_secs, g->life_secs) !=
	    cmap_value(o, CMAP_ENTRY_F_LIFE_SECS, o->life_secs, og->life_secs) ||
	    cmap_value(e, CMAP_ENTRY_F_LIFE_KB, e->life_kb, g->life_kb) !=
	    cmap_value(o, CMAP_ENTRY_F_LIFE_KB, o->life_kb, og->life_kb) ||
	    cmap_value(e, CMAP_ENTRY_F_REPLAY, e->replay_window,
		       g->replay_window) !=
	    cmap_value(o, CMAP_ENTRY_F_REPLAY, o->replay_window,
		       og->replay_window))
		return false;
	for (i = 0; i < e->n_tsets; i++)
		if (!cmap_tset_equal(e->tset_ref[i], o->tset_ref[i]))
			return false;
	if (!e->acl_ref || !o->acl_ref)
		return e->acl_ref == o->acl_ref;
	return cmap_acl_same(e->acl_ref, o->acl_ref);
}

static u32 cmap_entry_new_id(u32 *last_id)
{
	if (!++*last_id)
		++*last_id;
	return *last_id;
}

/*
 * Gives each entry of the validated @cfg its identity: that of the entry
 * with the same map and sequence number in @old if nothing an SA depends
 * on changed, else a new one.
 */
void cmap_map_inherit(struct cmap_config *cfg, const struct cmap_config *old,
		      u32 *last_id)
{
	const struct cmap_entry *o;
	const struct cmap_map *om;
	struct cmap_node *pos;
	struct cmap_entry *e;
	struct rb_node *rb;

	cmap_acl_same_reset(cfg);
	cmap_names_for_each(pos, &cfg->maps) {
		om = cmap_map_find(old, pos->name);
		for (rb = rb_first(&cmap_map(pos)->entries); rb; rb = rb_next(rb)) {
			e = cmap_entry(rb);
			o = om ? cmap_entry_find(om, e->seq) : NULL;
			if (o && cmap_entry_same(e, cfg, o, old))
				e->id = o->id;
			else
				e->id = cmap_entry_new_id(last_id);
		}
	}
}
