// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "acl.h"
#include "names.h"
#include "render.h"

/* Prints "!" between sections that printed something. */
struct out {
	FILE *f;
	bool section;	/* the current section printed a line */
};

static void sep(struct out *o)
{
	if (o->section)
		fputs("!\n", o->f);
	o->section = false;
}

static void policy(struct out *o, const struct cm_policy *p)
{
	FILE *f = o->f;

	fprintf(f, "crypto isakmp policy %u\n", p->prio);
	if (strcmp(p->encr, "des") || p->encr_bits) {
		fprintf(f, " encryption %s", p->encr);
		if (p->encr_bits)
			fprintf(f, " %u", p->encr_bits);
		fputc('\n', f);
	}
	if (strcmp(p->hash, "sha"))
		fprintf(f, " hash %s\n", p->hash);
	if (strcmp(p->auth, "rsa-sig"))
		fprintf(f, " authentication %s\n", p->auth);
	if (p->group != 1)
		fprintf(f, " group %u\n", p->group);
	if (p->lifetime != 86400)
		fprintf(f, " lifetime %u\n", p->lifetime);
	o->section = true;
}

static int policy_cmp(const void *a, const void *b)
{
	const struct cm_policy *x = a, *y = b;

	return x->prio < y->prio ? -1 : x->prio > y->prio;
}

static void isakmp(struct out *o, struct cm_config *c)
{
	char a[IP_STRLEN], m[IP_STRLEN];
	size_t i;

	qsort(c->policies.v, c->policies.n, sizeof(*c->policies.v), policy_cmp);
	for (i = 0; i < c->policies.n; i++)
		policy(o, &c->policies.v[i]);
	for (i = 0; i < c->keys.n; i++) {
		const struct cm_key *k = &c->keys.v[i];

		fputs("crypto isakmp key ******** ", o->f);
		if (k->hostname[0])
			fprintf(o->f, "hostname %s", k->hostname);
		else
			fprintf(o->f, "address %s", ip_str(k->addr, a));
		if (!k->hostname[0] && k->mask != 0xffffffffU)
			fprintf(o->f, " %s", ip_str(k->mask, m));
		fputs(k->no_xauth ? " no-xauth\n" : "\n", o->f);
		o->section = true;
	}
	sep(o);
}

static void global(struct out *o, const struct cm_global *g)
{
	const char *sa = "crypto ipsec security-association";

	if (g->life_secs != CMAP_DEFAULT_LIFE_SECS)
		fprintf(o->f, "%s lifetime seconds %u\n", sa, g->life_secs);
	if (g->life_kb != CMAP_DEFAULT_LIFE_KB)
		fprintf(o->f, "%s lifetime kilobytes %u\n", sa, g->life_kb);
	if (g->replay_window == 0)
		fprintf(o->f, "%s replay disable\n", sa);
	else if (g->replay_window != CMAP_DEFAULT_REPLAY_WINDOW)
		fprintf(o->f, "%s replay window-size %u\n", sa,
			g->replay_window);
	if (g->df_bit != CMAP_DF_COPY)
		fprintf(o->f, "crypto ipsec df-bit %s\n", df_str(g->df_bit));
	o->section = g->life_secs != CMAP_DEFAULT_LIFE_SECS ||
		     g->life_kb != CMAP_DEFAULT_LIFE_KB ||
		     g->replay_window != CMAP_DEFAULT_REPLAY_WINDOW ||
		     g->df_bit != CMAP_DF_COPY;
	sep(o);
}

const char *tset_format(const struct cm_tset *t, char *buf, size_t len)
{
	const struct xform *c = xform_cipher(t->cipher), *a = xform_auth(t->auth);
	size_t n = 0;

	buf[0] = 0;
	if (c)
		n += (size_t)snprintf(buf, len, "%s", c->name);
	if (c && c->keybits && t->keybits && t->keybits != 128)
		n += (size_t)snprintf(buf + n, len - n, " %u", t->keybits);
	if (a)
		snprintf(buf + n, len - n, "%s%s", n ? " " : "", a->name);
	return buf;
}

static void tsets(struct out *o, const struct cm_config *c)
{
	char buf[64];
	size_t i;

	for (i = 0; i < c->tsets.n; i++) {
		const struct cm_tset *t = &c->tsets.v[i];

		fprintf(o->f, "crypto ipsec transform-set %s %s\n", t->name,
			tset_format(t, buf, sizeof(buf)));
		if (t->mode == CMAP_MODE_TRANSPORT)
			fputs(" mode transport\n", o->f);
		o->section = true;
	}
	sep(o);
}

static void entry_head(FILE *f, const struct cm_map *m,
		       const struct cm_entry *e)
{
	if (m->dynamic)
		fprintf(f, "crypto dynamic-map %s %u\n", e->map, e->seq);
	else if (e->type == CMAP_ENTRY_DYNAMIC)
		fprintf(f, "crypto map %s %u ipsec-isakmp dynamic %s\n",
			e->map, e->seq, e->dynmap);
	else
		fprintf(f, "crypto map %s %u %s\n", e->map, e->seq,
			e->type == CMAP_ENTRY_MANUAL ? "ipsec-manual" :
						       "ipsec-isakmp");
}

/* Keys are never printed: "********" loads back as "keep the SA". */
static void skey_line(FILE *f, const struct cm_skey *k, unsigned int dir)
{
	if (!k->set)
		return;
	fprintf(f, " set session-key %s esp %u", dir ? "outbound" : "inbound",
		k->spi);
	if (k->has_enc)
		fputs(" cipher ********", f);
	if (k->has_auth)
		fputs(" authenticator ********", f);
	fputc('\n', f);
}

static void entry(FILE *f, const struct cm_map *m, const struct cm_entry *e)
{
	const char *sa = " set security-association";
	char a[IP_STRLEN];
	unsigned int i;

	entry_head(f, m, e);
	for (i = 0; i < e->npeers; i++)
		fprintf(f, " set peer %s\n", ip_str(e->peers[i], a));
	if (e->ntsets) {
		fputs(" set transform-set", f);
		for (i = 0; i < e->ntsets; i++)
			fprintf(f, " %s", e->tsets[i]);
		fputc('\n', f);
	}
	if (e->pfs)
		fprintf(f, " set pfs group%u\n", e->pfs);
	if (e->life_secs)
		fprintf(f, "%s lifetime seconds %u\n", sa, e->life_secs);
	if (e->life_kb)
		fprintf(f, "%s lifetime kilobytes %u\n", sa, e->life_kb);
	if (e->has_replay && !e->replay_window)
		fprintf(f, "%s replay disable\n", sa);
	else if (e->has_replay)
		fprintf(f, "%s replay window-size %u\n", sa, e->replay_window);
	for (i = 0; i < 2; i++)
		skey_line(f, &e->skey[i], i);
	if (e->acl[0])
		fprintf(f, " match address %s\n", e->acl);
}

/* Entries are sorted by map name: each map's entries are one run. */
static void maps(struct out *o, const struct cm_config *c, bool dynamic)
{
	size_t i, j = 0;

	for (i = 0; i < c->maps.n; i++) {
		const struct cm_map *m = &c->maps.v[i];

		if (m->dynamic != dynamic)
			continue;
		if (m->local_if[0])
			fprintf(o->f, "crypto map %s local-address %s\n",
				m->name, m->local_if);
		while (j < c->entries.n && strcmp(c->entries.v[j].map, m->name) < 0)
			j++;
		for (; j < c->entries.n && !strcmp(c->entries.v[j].map, m->name); j++)
			entry(o->f, m, &c->entries.v[j]);
		o->section = true;
		sep(o);
	}
}

static void bindings(struct out *o, const struct cm_config *c)
{
	size_t i;

	for (i = 0; i < c->bindings.n; i++) {
		fprintf(o->f, "interface %s\n crypto map %s\n",
			c->bindings.v[i].ifname, c->bindings.v[i].map);
		o->section = true;
		sep(o);
	}
}

/* Numbered lists print as "access-list" lines when their numbers are 10, 20.. */
static bool plain_numbering(const struct cm_acl *acl)
{
	size_t i;

	if (!model_acl_numbered(acl->name))
		return false;
	for (i = 0; i < acl->lines.n; i++)
		if (acl->lines.v[i].seq != 10 * (i + 1))
			return false;
	return true;
}

static void acl(struct out *o, const struct cm_acl *acl)
{
	char buf[ACL_LINE_STRMAX];
	bool plain = plain_numbering(acl);
	size_t i;

	if (!plain)
		fprintf(o->f, "ip access-list extended %s\n", acl->name);
	for (i = 0; i < acl->lines.n; i++) {
		const struct cm_line *l = &acl->lines.v[i];

		acl_format(l, buf, sizeof(buf));
		if (plain)
			fprintf(o->f, "access-list %s %s\n", acl->name, buf);
		else
			fprintf(o->f, " %u %s\n", l->seq, buf);
	}
	o->section = true;
	if (!plain)
		sep(o);
}

void render_config(FILE *f, struct cm_config *c, bool with_isakmp)
{
	struct out o = { .f = f };
	size_t i;

	model_sort(c);
	if (with_isakmp)
		isakmp(&o, c);
	global(&o, &c->global);
	tsets(&o, c);
	maps(&o, c, true);
	maps(&o, c, false);
	bindings(&o, c);
	for (i = 0; i < c->acls.n; i++)
		acl(&o, &c->acls.v[i]);
	sep(&o);
}
