/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Crypto maps ("crypto map NAME", "crypto dynamic-map NAME") and their
 * entries ("crypto map NAME SEQ ipsec-isakmp|ipsec-manual [dynamic D]").
 */
#ifndef _CMAP_MAP_H
#define _CMAP_MAP_H

#include <linux/if.h>
#include <linux/skbuff.h>

#include "config.h"
#include "names.h"

struct cmap_acl;
struct cmap_tset;

struct cmap_map {
	struct cmap_node node;
	bool dynamic;
	char local_if[IFNAMSIZ];	/* "" if none */
	struct rb_root entries;		/* struct cmap_entry by seq */
	u32 n_entries;
};

enum {
	CMAP_ENTRY_F_LIFE_SECS = BIT(0),	/* else the global value */
	CMAP_ENTRY_F_LIFE_KB = BIT(1),
	CMAP_ENTRY_F_REPLAY = BIT(2),
};

struct cmap_entry {
	struct rb_node rb;
	u16 seq;
	u8 type;		/* enum cmap_entry_type */
	u8 pfs;			/* DH group, 0 for none */
	u8 flags;		/* CMAP_ENTRY_F_* */
	u8 n_peers;
	u8 n_tsets;
	u32 life_secs;
	u32 life_kb;
	u32 replay_window;
	u32 id;			/* identity, given at commit */
	u64 hits;
	__be32 peers[CMAP_PEERS_MAX];
	/* What the names resolve to in the configuration, set at commit. */
	struct cmap_acl *acl_ref;
	const struct cmap_tset *tset_ref[CMAP_ENTRY_TSETS_MAX];
	const struct cmap_map *dynmap_ref;
	/* Names, as offsets into str[]; offset 0 is "", absent. */
	u16 acl;
	u16 dynmap;
	u16 tsets[CMAP_ENTRY_TSETS_MAX];
	u16 str_len;
	char str[];
};

struct cmap_map *cmap_map_parse(const struct nlattr *nla,
				struct netlink_ext_ack *extack);
int cmap_map_fill(struct sk_buff *skb, const struct cmap_map *map);
void cmap_map_free(struct cmap_node *node);
struct cmap_node *cmap_map_clone(const struct cmap_node *node);
int cmap_map_set(struct cmap_config *cfg, struct cmap_map *map,
		 struct netlink_ext_ack *extack);
int cmap_map_del(struct cmap_config *cfg, const char *name);

struct cmap_entry *cmap_entry_parse(const struct nlattr *nla,
				    const struct nlattr **map_attr,
				    struct netlink_ext_ack *extack);
int cmap_entry_fill(struct sk_buff *skb, const struct cmap_map *map,
		    const struct cmap_entry *entry);
int cmap_entry_set(struct cmap_config *cfg, struct cmap_entry *entry,
		   const struct nlattr *map_attr,
		   struct netlink_ext_ack *extack);
int cmap_entry_del(struct cmap_config *cfg, const char *map, u16 seq);

int cmap_map_validate(struct cmap_config *cfg, char *obj, size_t len,
		      struct netlink_ext_ack *extack);
void cmap_map_inherit(struct cmap_config *cfg, const struct cmap_config *old,
		      u32 *last_id);

static inline struct cmap_map *cmap_map(const struct cmap_node *node)
{
	return node ? container_of(node, struct cmap_map, node) : NULL;
}

static inline struct cmap_map *cmap_map_find(const struct cmap_config *cfg,
					     const char *name)
{
	return cmap_map(cmap_names_find(&cfg->maps, name));
}

static inline struct cmap_entry *cmap_entry(const struct rb_node *rb)
{
	return rb ? rb_entry(rb, struct cmap_entry, rb) : NULL;
}

static inline const char *cmap_entry_str(const struct cmap_entry *e, u16 off)
{
	return e->str + off;
}

#endif /* _CMAP_MAP_H */
