// SPDX-License-Identifier: GPL-2.0
/*
 * SET_x and DEL_x: one object per request. The object is parsed and checked
 * on its own before the namespace mutex is taken; then it goes into the
 * candidate, or into a copy of the running configuration that is committed.
 */
#include <linux/slab.h>
#include <net/genetlink.h>

#include "acl.h"
#include "binding.h"
#include "map.h"
#include "msg.h"
#include "netlink.h"
#include "tset.h"
#include "txn.h"

struct cmap_nl_setter {
	u8 attr;		/* CMAP_A_x */
	u32 flags;		/* known CMAP_A_FLAGS bits; 0: no FLAGS */
	void *(*parse)(const struct nlattr *nla, u32 flags,
		       struct netlink_ext_ack *extack);
	int (*apply)(struct cmap_config *cfg, struct cmap_edit *ed);
	void (*release)(void *obj);
};

static void *cmap_nl_parse_global(const struct nlattr *nla, u32 flags,
				  struct netlink_ext_ack *extack)
{
	struct cmap_global_set *set;
	int err;

	set = kmalloc(sizeof(*set), GFP_KERNEL);
	if (!set)
		return ERR_PTR(-ENOMEM);
	err = cmap_global_parse(nla, set, extack);
	if (err) {
		kfree(set);
		return ERR_PTR(err);
	}
	return set;
}

static int cmap_nl_apply_global(struct cmap_config *cfg, struct cmap_edit *ed)
{
	cmap_global_apply(&cfg->global, ed->obj);
	return 0;
}

static void cmap_nl_release_global(void *obj)
{
	kfree(obj);
}

static void *cmap_nl_parse_tset(const struct nlattr *nla, u32 flags,
				struct netlink_ext_ack *extack)
{
	struct cmap_tset *t = cmap_tset_parse(nla, extack);

	return IS_ERR(t) ? ERR_CAST(t) : &t->node;
}

static int cmap_nl_apply_tset(struct cmap_config *cfg, struct cmap_edit *ed)
{
	int err = cmap_tset_set(cfg, cmap_tset(ed->obj), ed->extack);

	if (!err)
		ed->obj = NULL;
	return err;
}

static void cmap_nl_release_tset(void *obj)
{
	cmap_tset_free(obj);
}

static void *cmap_nl_parse_acl(const struct nlattr *nla, u32 flags,
			       struct netlink_ext_ack *extack)
{
	struct cmap_acl *acl;

	acl = cmap_acl_parse(nla, flags & CMAP_ACL_F_APPEND, extack);
	return IS_ERR(acl) ? ERR_CAST(acl) : &acl->node;
}

static int cmap_nl_apply_acl(struct cmap_config *cfg, struct cmap_edit *ed)
{
	int err = cmap_acl_set(cfg, cmap_acl(ed->obj), ed->extack);

	if (!err)
		ed->obj = NULL;
	return err;
}

/* The fragment stays with the caller, without its lines. */
static int cmap_nl_apply_acl_append(struct cmap_config *cfg,
				    struct cmap_edit *ed)
{
	return cmap_acl_append(cfg, cmap_acl(ed->obj), ed->attr, ed->extack);
}

static void cmap_nl_release_acl(void *obj)
{
	cmap_acl_free(obj);
}

static void *cmap_nl_parse_map(const struct nlattr *nla, u32 flags,
			       struct netlink_ext_ack *extack)
{
	struct cmap_map *map = cmap_map_parse(nla, extack);

	return IS_ERR(map) ? ERR_CAST(map) : &map->node;
}

static int cmap_nl_apply_map(struct cmap_config *cfg, struct cmap_edit *ed)
{
	int err = cmap_map_set(cfg, cmap_map(ed->obj), ed->extack);

	if (!err)
		ed->obj = NULL;
	return err;
}

static void cmap_nl_release_map(void *obj)
{
	cmap_map_free(obj);
}

/* An entry and the MAP attribute that names its map. */
struct cmap_nl_entry {
	struct cmap_entry *entry;
	const struct nlattr *map;
};

static void *cmap_nl_parse_entry(const struct nlattr *nla, u32 flags,
				 struct netlink_ext_ack *extack)
{
	struct cmap_nl_entry *ne;

	ne = kmalloc(sizeof(*ne), GFP_KERNEL);
	if (!ne)
		return ERR_PTR(-ENOMEM);
	ne->entry = cmap_entry_parse(nla, &ne->map, extack);
	if (IS_ERR(ne->entry)) {
		int err = PTR_ERR(ne->entry);

		kfree(ne);
		return ERR_PTR(err);
	}
	return ne;
}

static int cmap_nl_apply_entry(struct cmap_config *cfg, struct cmap_edit *ed)
{
	struct cmap_nl_entry *ne = ed->obj;
	int err;

	err = cmap_entry_set(cfg, ne->entry, ne->map, ed->extack);
	if (!err)
		ne->entry = NULL;
	else if (err != -ENOENT)
		NL_SET_BAD_ATTR(ed->extack, ed->attr);
	return err;
}

static void cmap_nl_release_entry(void *obj)
{
	struct cmap_nl_entry *ne = obj;

	kfree(ne->entry);
	kfree(ne);
}

static void *cmap_nl_parse_binding(const struct nlattr *nla, u32 flags,
				   struct netlink_ext_ack *extack)
{
	struct cmap_binding *b = cmap_binding_parse(nla, extack);

	return IS_ERR(b) ? ERR_CAST(b) : &b->node;
}

static int cmap_nl_apply_binding(struct cmap_config *cfg, struct cmap_edit *ed)
{
	cmap_binding_set(cfg, cmap_binding(ed->obj), ed->net);
	ed->obj = NULL;
	return 0;
}

static void cmap_nl_release_binding(void *obj)
{
	cmap_binding_free(obj);
}

#define CMAP_SETTER(a, x) {				\
	.attr = (a),					\
	.parse = cmap_nl_parse_##x,			\
	.apply = cmap_nl_apply_##x,			\
	.release = cmap_nl_release_##x,			\
}

static const struct cmap_nl_setter cmap_nl_setters[CMAP_CMD_MAX + 1] = {
	[CMAP_CMD_SET_GLOBAL] = CMAP_SETTER(CMAP_A_GLOBAL, global),
	[CMAP_CMD_SET_TSET] = CMAP_SETTER(CMAP_A_TSET, tset),
	[CMAP_CMD_SET_ACL] = {
		.attr = CMAP_A_ACL,
		.flags = __CMAP_ACL_F_ALL,
		.parse = cmap_nl_parse_acl,
		.apply = cmap_nl_apply_acl,
		.release = cmap_nl_release_acl,
	},
	[CMAP_CMD_SET_MAP] = CMAP_SETTER(CMAP_A_MAP, map),
	[CMAP_CMD_SET_ENTRY] = CMAP_SETTER(CMAP_A_ENTRY, entry),
	[CMAP_CMD_SET_BINDING] = CMAP_SETTER(CMAP_A_BINDING, binding),
};

/* The request's one object attribute, and FLAGS if the command has any. */
static struct nlattr *cmap_nl_object(struct genl_info *info, int attr,
				     u32 known, u32 *flags)
{
	struct nlattr *fa = info->attrs[CMAP_A_FLAGS];
	int err;

	err = cmap_nl_only(info->attrs, CMAP_A_MAX,
			   BIT(attr) | (known ? BIT(CMAP_A_FLAGS) : 0),
			   info->extack);
	if (err)
		return ERR_PTR(err);
	if (cmap_missing(info->extack, NULL, info->attrs, attr,
			 "the request's object attribute is missing"))
		return ERR_PTR(-EINVAL);
	*flags = fa ? nla_get_u32(fa) : 0;
	if (*flags & ~known) {
		cmap_err(info->extack, fa, "FLAGS: unknown flag bits");
		return ERR_PTR(-EINVAL);
	}
	return info->attrs[attr];
}

/* Applies the edit to the caller's namespace. */
static int cmap_nl_apply(struct genl_info *info, struct cmap_edit *ed)
{
	ed->net = genl_info_net(info);
	ed->portid = info->snd_portid;
	ed->extack = info->extack;
	return cmap_txn_edit(cmap_net(ed->net), ed);
}

int cmap_nl_set(struct sk_buff *skb, struct genl_info *info)
{
	const struct cmap_nl_setter *s = &cmap_nl_setters[info->genlhdr->cmd];
	struct cmap_edit ed = { .apply = s->apply };
	u32 flags;
	int err;

	ed.attr = cmap_nl_object(info, s->attr, s->flags, &flags);
	if (IS_ERR(ed.attr))
		return PTR_ERR(ed.attr);
	ed.obj = s->parse(ed.attr, flags, info->extack);
	if (IS_ERR(ed.obj))
		return PTR_ERR(ed.obj);
	if (flags & CMAP_ACL_F_APPEND)
		ed.apply = cmap_nl_apply_acl_append;
	err = cmap_nl_apply(info, &ed);
	/* Whatever the edit did not take. */
	if (ed.obj)
		s->release(ed.obj);
	return err;
}

/* What names an object: NAME (IFNAME for bindings), or MAP and SEQ. */
struct cmap_nl_key {
	char name[CMAP_NAME_MAX];
	u16 seq;
};

struct cmap_nl_deleter {
	u8 attr;		/* CMAP_A_x */
	u8 maxtype;
	bool seq;		/* the key has a SEQ, attribute 2 */
	const struct nla_policy *policy;
	int (*del)(struct cmap_config *cfg, const struct cmap_nl_key *key);
	const char *enoent;
};

struct cmap_nl_delete {
	const struct cmap_nl_deleter *d;
	struct cmap_nl_key key;
};

static int cmap_nl_del_tset(struct cmap_config *cfg,
			    const struct cmap_nl_key *key)
{
	return cmap_tset_del(cfg, key->name);
}

static int cmap_nl_del_acl(struct cmap_config *cfg,
			   const struct cmap_nl_key *key)
{
	return cmap_acl_del(cfg, key->name);
}

static int cmap_nl_del_map(struct cmap_config *cfg,
			   const struct cmap_nl_key *key)
{
	return cmap_map_del(cfg, key->name);
}

static int cmap_nl_del_entry(struct cmap_config *cfg,
			     const struct cmap_nl_key *key)
{
	return cmap_entry_del(cfg, key->name, key->seq);
}

static int cmap_nl_del_binding(struct cmap_config *cfg,
			       const struct cmap_nl_key *key)
{
	return cmap_binding_del(cfg, key->name);
}

#define CMAP_DELETER(a, x, X, msg) {			\
	.attr = (a),					\
	.maxtype = CMAP_##X##_A_MAX,			\
	.policy = cmap_##x##_policy,			\
	.del = cmap_nl_del_##x,				\
	.enoent = msg,					\
}

static const struct cmap_nl_deleter cmap_nl_deleters[CMAP_CMD_MAX + 1] = {
	[CMAP_CMD_DEL_TSET] = CMAP_DELETER(CMAP_A_TSET, tset, TSET,
		     "TSET.NAME: no transform set of this name"),
	[CMAP_CMD_DEL_ACL] = CMAP_DELETER(CMAP_A_ACL, acl, ACL,
		     "ACL.NAME: no access list of this name"),
	[CMAP_CMD_DEL_MAP] = CMAP_DELETER(CMAP_A_MAP, map, MAP,
		     "MAP.NAME: no crypto map of this name"),
	[CMAP_CMD_DEL_ENTRY] = {
		.attr = CMAP_A_ENTRY,
		.maxtype = CMAP_ENTRY_A_MAX,
		.seq = true,
		.policy = cmap_entry_policy,
		.del = cmap_nl_del_entry,
		.enoent = "ENTRY.MAP/SEQ: no map entry of this map and sequence number",
	},
	[CMAP_CMD_DEL_BINDING] = CMAP_DELETER(CMAP_A_BINDING, binding, BINDING,
		     "BINDING.IFNAME: no binding for this interface"),
};

static int cmap_nl_apply_del(struct cmap_config *cfg, struct cmap_edit *ed)
{
	const struct cmap_nl_delete *del = ed->obj;
	int err = del->d->del(cfg, &del->key);

	if (err == -ENOENT)
		cmap_err(ed->extack, ed->attr, del->d->enoent);
	return err;
}

/* The key attributes and nothing else. */
static int cmap_nl_key(const struct cmap_nl_deleter *d, const struct nlattr *nla,
		       struct cmap_nl_key *key, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[CMAP_ENTRY_A_MAX + 1];
	int err;

	BUILD_BUG_ON(CMAP_ENTRY_A_MAP != 1 || CMAP_ENTRY_A_SEQ != 2 ||
		     CMAP_TSET_A_NAME != 1 || CMAP_ACL_A_NAME != 1 ||
		     CMAP_MAP_A_NAME != 1 || CMAP_BINDING_A_IFNAME != 1);
	err = nla_parse_nested(tb, d->maxtype, nla, d->policy, extack);
	if (!err)
		err = cmap_nl_only(tb, d->maxtype, BIT(1) | (d->seq ? BIT(2) : 0),
				   extack);
	if (err)
		return err;
	if (cmap_missing(extack, nla, tb, 1, "the object's name is required") ||
	    (d->seq && cmap_missing(extack, nla, tb, 2,
				    "ENTRY.SEQ is required")))
		return -EINVAL;
	nla_strscpy(key->name, tb[1], sizeof(key->name));
	key->seq = d->seq ? nla_get_u16(tb[2]) : 0;
	return 0;
}

int cmap_nl_del(struct sk_buff *skb, struct genl_info *info)
{
	struct cmap_nl_delete del = {
		.d = &cmap_nl_deleters[info->genlhdr->cmd],
	};
	struct cmap_edit ed = { .apply = cmap_nl_apply_del, .obj = &del };
	u32 flags;
	int err;

	ed.attr = cmap_nl_object(info, del.d->attr, 0, &flags);
	if (IS_ERR(ed.attr))
		return PTR_ERR(ed.attr);
	err = cmap_nl_key(del.d, ed.attr, &del.key, info->extack);
	return err ?: cmap_nl_apply(info, &ed);
}
