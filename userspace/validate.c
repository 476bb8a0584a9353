// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "skey.h"
#include "validate.h"

struct vstate {
	const struct cm_config *c;
	unsigned int errors;
};

#define VERR(vs, loc, ...) \
	do { diag_defer((loc), SEV_ERROR, __VA_ARGS__); (vs)->errors++; } while (0)

static void check_dynamic(struct vstate *vs, const struct cm_entry *e)
{
	const struct cm_map *d = model_map(vs->c, e->dynmap);

	if (!d)
		VERR(vs, &e->loc, "crypto map %s %u: dynamic map %s does not "
		     "exist", e->map, e->seq, e->dynmap);
	else if (!d->dynamic)
		VERR(vs, &e->loc, "crypto map %s %u: %s is not a dynamic map",
		     e->map, e->seq, e->dynmap);
	if (e->npeers || e->ntsets || e->acl[0] || e->has_replay)
		VERR(vs, &e->loc, "crypto map %s %u: an entry with 'dynamic' "
		     "takes only 'set pfs' and lifetimes", e->map, e->seq);
}

static void check_tsets(struct vstate *vs, const struct cm_entry *e)
{
	unsigned int i;

	if (!e->ntsets)
		VERR(vs, &e->loc, "crypto map %s %u: no 'set transform-set'",
		     e->map, e->seq);
	for (i = 0; i < e->ntsets; i++)
		if (!model_tset(vs->c, e->tsets[i]))
			VERR(vs, &e->loc, "crypto map %s %u: transform set %s "
			     "does not exist", e->map, e->seq, e->tsets[i]);
}

static void check_entry(struct vstate *vs, const struct cm_entry *e)
{
	const struct cm_map *m = model_map(vs->c, e->map);

	if (e->type == CMAP_ENTRY_DYNAMIC) {
		check_dynamic(vs, e);
		return;
	}
	if (!e->acl[0] && m && !m->dynamic)
		VERR(vs, &e->loc, "crypto map %s %u: no 'match address'",
		     e->map, e->seq);
	else if (e->acl[0] && !model_acl(vs->c, e->acl))
		VERR(vs, &e->acl_loc, "crypto map %s %u: access list %s does "
		     "not exist", e->map, e->seq, e->acl);
	check_tsets(vs, e);
	if (e->type == CMAP_ENTRY_MANUAL && (e->npeers != 1 || e->ntsets != 1))
		VERR(vs, &e->loc, "crypto map %s %u: ipsec-manual needs "
		     "exactly one peer and one transform set", e->map, e->seq);
}

static void check_binding(struct vstate *vs, const struct cm_binding *b)
{
	const struct cm_map *m = model_map(vs->c, b->map);

	if (m && m->dynamic)
		VERR(vs, &b->loc, "interface %s: %s is a dynamic map, bind a "
		     "crypto map that uses it", b->ifname, b->map);
	else if (!m || !model_map_entries(vs->c, b->map))
		VERR(vs, &b->loc, "interface %s: crypto map %s has no entries",
		     b->ifname, b->map);
}

#define LIMIT(vs, vec, max, what) \
	do { \
		if ((vec).n > (max)) \
			VERR(vs, &(vec).v[max].loc, "more than %u %s", \
			     (unsigned int)(max), what); \
	} while (0)

unsigned int validate(const struct cm_config *c)
{
	struct vstate vs = { .c = c };
	size_t i;

	for (i = 0; i < c->entries.n; i++)
		check_entry(&vs, &c->entries.v[i]);
	for (i = 0; i < c->bindings.n; i++)
		check_binding(&vs, &c->bindings.v[i]);
	LIMIT(&vs, c->tsets, CMAP_TSETS_MAX, "transform sets");
	LIMIT(&vs, c->acls, CMAP_ACLS_MAX, "access lists");
	LIMIT(&vs, c->maps, CMAP_MAPS_MAX, "crypto maps");
	LIMIT(&vs, c->entries, CMAP_ENTRIES_MAX, "crypto map entries");
	return vs.errors + skey_validate(c);
}
