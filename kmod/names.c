// SPDX-License-Identifier: GPL-2.0
/*
 * Name-ordered trees of configuration objects.
 */
#include <linux/string.h>

#include "names.h"

static int cmap_names_cmp_key(const void *key, const struct rb_node *rb)
{
	return strcmp(key, cmap_names_node(rb)->name);
}

static int cmap_names_cmp(struct rb_node *a, const struct rb_node *b)
{
	return strcmp(cmap_names_node(a)->name, cmap_names_node(b)->name);
}

struct cmap_node *cmap_names_find(const struct rb_root *root, const char *name)
{
	return cmap_names_node(rb_find(name, root, cmap_names_cmp_key));
}

/* Inserts @node; an object of the same name is replaced and returned. */
struct cmap_node *cmap_names_insert(struct rb_root *root, struct cmap_node *node)
{
	struct rb_node *old = rb_find_add(&node->rb, root, cmap_names_cmp);

	if (old)
		rb_replace_node(old, &node->rb, root);
	return cmap_names_node(old);
}

/*
 * Inserts or replaces @node in a tree that holds at most @max objects; the
 * replaced one is returned in @old for the caller to free.
 */
int cmap_names_set(struct rb_root *root, u32 *count, u32 max,
		   struct cmap_node *node, struct cmap_node **old)
{
	if (*count >= max && !cmap_names_find(root, node->name))
		return -ENOSPC;
	*old = cmap_names_insert(root, node);
	if (!*old)
		(*count)++;
	return 0;
}

/* Takes the object of that name out of the tree, for the caller to free. */
struct cmap_node *cmap_names_remove(struct rb_root *root, u32 *count,
				    const char *name)
{
	struct cmap_node *node = cmap_names_find(root, name);

	if (node) {
		rb_erase(&node->rb, root);
		(*count)--;
	}
	return node;
}

int cmap_names_clone(struct rb_root *dst, const struct rb_root *src,
		     struct cmap_node *(*clone)(const struct cmap_node *))
{
	const struct cmap_node *pos;
	struct cmap_node *copy;

	cmap_names_for_each(pos, src) {
		copy = clone(pos);
		if (!copy)
			return -ENOMEM;
		cmap_names_insert(dst, copy);
	}
	return 0;
}

void cmap_names_free(struct rb_root *root, void (*free)(struct cmap_node *))
{
	struct cmap_node *pos, *tmp;

	rbtree_postorder_for_each_entry_safe(pos, tmp, root, rb)
		free(pos);
	*root = RB_ROOT;
}
