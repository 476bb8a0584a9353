// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

#define ACL_SEQ_MAX 2147483647U

void model_global_defaults(struct cm_global *g)
{
	g->life_secs = CMAP_DEFAULT_LIFE_SECS;
	g->life_kb = CMAP_DEFAULT_LIFE_KB;
	g->replay_window = CMAP_DEFAULT_REPLAY_WINDOW;
	g->df_bit = CMAP_DF_COPY;
}

void model_init(struct cm_config *c, const char *file)
{
	memset(c, 0, sizeof(*c));
	c->file = file;
	model_global_defaults(&c->global);
}

void model_line_free(struct cm_line *l)
{
	free(l->remark);
	l->remark = NULL;
}

void model_skey_free(struct cm_skey *k)
{
	if (k->enc)
		explicit_bzero(k->enc, k->enc_len);
	if (k->auth)
		explicit_bzero(k->auth, k->auth_len);
	free(k->enc);
	free(k->auth);
	memset(k, 0, sizeof(*k));
}

void model_free(struct cm_config *c)
{
	size_t i, j;

	for (i = 0; i < c->acls.n; i++) {
		for (j = 0; j < c->acls.v[i].lines.n; j++)
			model_line_free(&c->acls.v[i].lines.v[j]);
		VEC_FREE(c->acls.v[i].lines);
	}
	VEC_FREE(c->tsets);
	VEC_FREE(c->acls);
	VEC_FREE(c->maps);
	for (i = 0; i < c->entries.n; i++)
		for (j = 0; j < 2; j++)
			model_skey_free(&c->entries.v[i].skey[j]);
	VEC_FREE(c->entries);
	VEC_FREE(c->bindings);
	VEC_FREE(c->ifaddrs);
	VEC_FREE(c->routes);
	VEC_FREE(c->policies);
	for (i = 0; i < c->keys.n; i++) {
		if (!c->keys.v[i].secret)
			continue;
		explicit_bzero(c->keys.v[i].secret, strlen(c->keys.v[i].secret));
		free(c->keys.v[i].secret);
	}
	VEC_FREE(c->keys);
	index_free(&c->tset_ix);
	index_free(&c->acl_ix);
	index_free(&c->map_ix);
	index_free(&c->entry_ix);
	index_free(&c->binding_ix);
}

static void entry_key(char *buf, size_t len, const char *map, unsigned int seq)
{
	snprintf(buf, len, "%s\x1f%u", map, seq);
}

#define LOOKUP(vec, ix, key) ({ \
	size_t pos_; \
	index_get(&(ix), (key), &pos_) ? &(vec).v[pos_] : NULL; })

#define ADD(vec, ix, key) ({ \
	__typeof__((vec).v) obj_ = VEC_PUSH(vec); \
	index_put(&(ix), (key), (vec).n - 1); \
	obj_; })

struct cm_tset *model_tset(const struct cm_config *c, const char *name)
{
	return LOOKUP(c->tsets, c->tset_ix, name);
}

struct cm_acl *model_acl(const struct cm_config *c, const char *name)
{
	return LOOKUP(c->acls, c->acl_ix, name);
}

struct cm_map *model_map(const struct cm_config *c, const char *name)
{
	return LOOKUP(c->maps, c->map_ix, name);
}

struct cm_binding *model_binding(const struct cm_config *c, const char *ifname)
{
	return LOOKUP(c->bindings, c->binding_ix, ifname);
}

struct cm_entry *model_entry(const struct cm_config *c, const char *map,
			     unsigned int seq)
{
	char key[CMAP_NAME_MAX + 8];

	entry_key(key, sizeof(key), map, seq);
	return LOOKUP(c->entries, c->entry_ix, key);
}

struct cm_tset *model_add_tset(struct cm_config *c, const char *name)
{
	struct cm_tset *t = ADD(c->tsets, c->tset_ix, name);

	copy_name(t->name, sizeof(t->name), name);
	return t;
}

struct cm_acl *model_add_acl(struct cm_config *c, const char *name)
{
	struct cm_acl *a = ADD(c->acls, c->acl_ix, name);

	copy_name(a->name, sizeof(a->name), name);
	return a;
}

struct cm_map *model_add_map(struct cm_config *c, const char *name)
{
	struct cm_map *m = ADD(c->maps, c->map_ix, name);

	copy_name(m->name, sizeof(m->name), name);
	return m;
}

struct cm_binding *model_add_binding(struct cm_config *c, const char *ifname)
{
	struct cm_binding *b = ADD(c->bindings, c->binding_ix, ifname);

	copy_name(b->ifname, sizeof(b->ifname), ifname);
	return b;
}

struct cm_entry *model_add_entry(struct cm_config *c, const char *map,
				 unsigned int seq)
{
	char key[CMAP_NAME_MAX + 8];
	struct cm_entry *e;

	entry_key(key, sizeof(key), map, seq);
	e = ADD(c->entries, c->entry_ix, key);
	copy_name(e->map, sizeof(e->map), map);
	e->seq = (uint16_t)seq;
	return e;
}

/* Position of the first line with seq >= the given one. */
static size_t line_pos(const struct cm_acl *acl, uint32_t seq)
{
	size_t lo = 0, hi = acl->lines.n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (acl->lines.v[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool model_acl_insert(struct cm_acl *acl, struct cm_line *line)
{
	size_t n = acl->lines.n, pos;
	uint32_t last = n ? acl->lines.v[n - 1].seq : 0;

	if (!line->seq) {
		if (last > ACL_SEQ_MAX - 10)
			return false;
		line->seq = last + 10;
	}
	pos = line->seq > last ? n : line_pos(acl, line->seq);
	if (pos < n && acl->lines.v[pos].seq == line->seq)
		return false;
	VEC_PUSH(acl->lines);
	memmove(&acl->lines.v[pos + 1], &acl->lines.v[pos],
		(n - pos) * sizeof(*line));
	acl->lines.v[pos] = *line;
	return true;
}

bool model_acl_numbered(const char *name)
{
	uint32_t n;

	return parse_u32(name, 100, 199, &n) || parse_u32(name, 2000, 2699, &n);
}

static int acl_cmp(const void *a, const void *b)
{
	const struct cm_acl *x = a, *y = b;
	bool nx = model_acl_numbered(x->name), ny = model_acl_numbered(y->name);

	if (nx != ny)
		return nx ? -1 : 1;
	if (nx && strlen(x->name) != strlen(y->name))
		return strlen(x->name) < strlen(y->name) ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int name_cmp(const void *a, const void *b)
{
	/* every object with a name starts with it */
	return strcmp(a, b);
}

static int entry_cmp(const void *a, const void *b)
{
	const struct cm_entry *x = a, *y = b;
	int r = strcmp(x->map, y->map);

	return r ? r : (int)x->seq - (int)y->seq;
}

static void reindex(struct cm_config *c)
{
	char key[CMAP_NAME_MAX + 8];
	size_t i;

	index_free(&c->tset_ix);
	index_free(&c->acl_ix);
	index_free(&c->map_ix);
	index_free(&c->entry_ix);
	index_free(&c->binding_ix);
	for (i = 0; i < c->tsets.n; i++)
		index_put(&c->tset_ix, c->tsets.v[i].name, i);
	for (i = 0; i < c->acls.n; i++)
		index_put(&c->acl_ix, c->acls.v[i].name, i);
	for (i = 0; i < c->maps.n; i++)
		index_put(&c->map_ix, c->maps.v[i].name, i);
	for (i = 0; i < c->bindings.n; i++)
		index_put(&c->binding_ix, c->bindings.v[i].ifname, i);
	for (i = 0; i < c->entries.n; i++) {
		entry_key(key, sizeof(key), c->entries.v[i].map,
			  c->entries.v[i].seq);
		index_put(&c->entry_ix, key, i);
	}
}

void model_reindex_bindings(struct cm_config *c)
{
	size_t i;

	index_free(&c->binding_ix);
	for (i = 0; i < c->bindings.n; i++)
		index_put(&c->binding_ix, c->bindings.v[i].ifname, i);
}

void model_sort(struct cm_config *c)
{
	qsort(c->tsets.v, c->tsets.n, sizeof(*c->tsets.v), name_cmp);
	qsort(c->acls.v, c->acls.n, sizeof(*c->acls.v), acl_cmp);
	qsort(c->maps.v, c->maps.n, sizeof(*c->maps.v), name_cmp);
	qsort(c->entries.v, c->entries.n, sizeof(*c->entries.v), entry_cmp);
	qsort(c->bindings.v, c->bindings.n, sizeof(*c->bindings.v), name_cmp);
	reindex(c);
}

unsigned int model_map_entries(const struct cm_config *c, const char *map)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < c->entries.n; i++)
		n += !strcmp(c->entries.v[i].map, map);
	return n;
}

bool addr_is_any(const struct cm_addr *a)
{
	return a->wild == CM_WILD_ANY;
}

bool addr_covers(const struct cm_addr *outer, const struct cm_addr *inner)
{
	if (inner->wild & ~outer->wild)
		return false;
	return (inner->addr & ~outer->wild) == (outer->addr & ~outer->wild);
}
