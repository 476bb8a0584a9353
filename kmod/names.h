/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Configuration objects kept in trees ordered by name: transform sets,
 * access lists, maps and bindings. Dumps walk them in name order.
 */
#ifndef _CMAP_NAMES_H
#define _CMAP_NAMES_H

#include <linux/rbtree.h>
#include <linux/cryptomap.h>

struct cmap_node {
	struct rb_node rb;
	char name[CMAP_NAME_MAX];
};

struct cmap_node *cmap_names_find(const struct rb_root *root, const char *name);
struct cmap_node *cmap_names_insert(struct rb_root *root, struct cmap_node *node);
int cmap_names_set(struct rb_root *root, u32 *count, u32 max,
		   struct cmap_node *node, struct cmap_node **old);
struct cmap_node *cmap_names_remove(struct rb_root *root, u32 *count,
				    const char *name);
int cmap_names_clone(struct rb_root *dst, const struct rb_root *src,
		     struct cmap_node *(*clone)(const struct cmap_node *));
void cmap_names_free(struct rb_root *root, void (*free)(struct cmap_node *));

static inline struct cmap_node *cmap_names_node(const struct rb_node *rb)
{
	return rb ? rb_entry(rb, struct cmap_node, rb) : NULL;
}

static inline struct cmap_node *cmap_names_first(const struct rb_root *root)
{
	return cmap_names_node(rb_first(root));
}

static inline struct cmap_node *cmap_names_next(const struct cmap_node *node)
{
	return cmap_names_node(rb_next(&node->rb));
}

#define cmap_names_for_each(pos, root) \
	for (pos = cmap_names_first(root); pos; pos = cmap_names_next(pos))

#endif /* _CMAP_NAMES_H */
