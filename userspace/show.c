// SPDX-License-Identifier: GPL-2.0
/*
 * cmapctl show OBJECT: the running configuration, dumped from the kernel
 * (or, with -f, what a file would load), in the layout of IOS "show"
 * commands, as configuration text, or as JSON (-j, -p).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl.h"
#include "commands.h"
#include "dump.h"
#include "isakmp_show.h"
#include "parse.h"
#include "render.h"
#include "sa.h"
#include "sa_show.h"
#include "show_json.h"
#include "validate.h"

#define IND1 "        "
#define IND2 "            "
#define IND3 "                "

struct show {
	struct cm_config *c;
	bool live;		/* from the kernel: ifindex and hits are real */
	struct json j;
	bool json;
};

static void acl_lines(const struct show *s, const char *name)
{
	const struct cm_acl *acl = model_acl(s->c, name);
	char buf[ACL_LINE_STRMAX];
	size_t i;

	printf(IND1 "Extended IP access list %s\n", name);
	for (i = 0; acl && i < acl->lines.n; i++)
		printf(IND2 "access-list %s %s\n", name,
		       acl_format(&acl->lines.v[i], buf, sizeof(buf)));
}

static void entry_peers_acl(const struct show *s, const struct cm_entry *e)
{
	char a[IP_STRLEN];
	unsigned int i;

	if (e->type == CMAP_ENTRY_DYNAMIC) {
		printf(IND1 "Dynamic map template tag: %s\n", e->dynmap);
		return;
	}
	for (i = 0; i < e->npeers; i++)
		printf(IND1 "Peer = %s\n", ip_str(e->peers[i], a));
	if (e->acl[0])
		acl_lines(s, e->acl);
	else
		printf(IND1 "No matching address list set.\n");
	if (e->npeers)
		printf(IND1 "Current peer: %s\n", ip_str(e->peers[0], a));
}

static void entry_sa(const struct show *s, const struct cm_entry *e)
{
	const struct cm_global *g = &s->c->global;
	unsigned int i;

	printf(IND1 "Security association lifetime: %u kilobytes/%u seconds\n",
	       e->life_kb ? e->life_kb : g->life_kb,
	       e->life_secs ? e->life_secs : g->life_secs);
	if (e->has_replay && e->replay_window)
		printf(IND1 "Replay window size: %u\n", e->replay_window);
	else if (e->has_replay)
		printf(IND1 "Anti-replay: disabled\n");
	printf(IND1 "PFS (Y/N): %c\n", e->pfs ? 'Y' : 'N');
	if (e->pfs)
		printf(IND1 "DH group:  group%u\n", e->pfs);
	if (e->type == CMAP_ENTRY_DYNAMIC)
		return;
	printf(IND1 "Transform sets={ ");
	for (i = 0; i < e->ntsets; i++)
		printf("%s, ", e->tsets[i]);
	printf("}\n");
	if (e->type != CMAP_ENTRY_MANUAL)
		return;
	for (i = 0; i < 2; i++) {	/* keys are never shown */
		const struct cm_skey *k = &e->skey[i];

		printf(IND1 "%s esp spi: %u,\n", i ? "Outbound" : "Inbound",
		       k->set ? k->spi : 0);
		printf(IND1 " cipher key: %s,\n",
		       k->set && k->has_enc ? "********" : "");
		printf(IND1 " auth_key: %s,\n",
		       k->set && k->has_auth ? "********" : "");
	}
}

static void entry_interfaces(const struct show *s, const char *map)
{
	size_t i;

	printf(IND1 "Interfaces using crypto map %s:\n", map);
	for (i = 0; i < s->c->bindings.n; i++) {
		const struct cm_binding *b = &s->c->bindings.v[i];

		if (strcmp(b->map, map))
			continue;
		printf(IND3 "%s%s\n", b->ifname,
		       s->live && !b->ifindex ? " (absent)" : "");
	}
}

static void show_entry(const struct show *s, const struct cm_map *m,
		       const struct cm_entry *e)
{
	if (m->dynamic)
		printf("Crypto Map Template\"%s\" %u\n", e->map, e->seq);
	else
		printf("Crypto Map \"%s\" %u %s\n", e->map, e->seq,
		       e->type == CMAP_ENTRY_MANUAL ? "ipsec-manual" :
						      "ipsec-isakmp");
	entry_peers_acl(s, e);
	entry_sa(s, e);
	if (!m->dynamic)
		entry_interfaces(s, e->map);
	printf("\n");
}

static void show_maps(struct show *s, bool dynamic)
{
	const char *last = "";
	size_t i;

	if (s->json)
		json_open_arr(&s->j, NULL);
	for (i = 0; i < s->c->entries.n; i++) {
		const struct cm_entry *e = &s->c->entries.v[i];
		const struct cm_map *m = model_map(s->c, e->map);

		if (!m || m->dynamic != dynamic)
			continue;
		if (s->json) {
			json_entry(&s->j, s->c, e, true);
			continue;
		}
		if (strcmp(last, m->name) && m->local_if[0])
			printf("Crypto Map \"%s\" local-address %s\n\n",
			       m->name, m->local_if);
		last = m->name;
		show_entry(s, m, e);
	}
	if (s->json)
		json_close_arr(&s->j);
}

static void show_crypto_map(struct show *s)
{
	show_maps(s, false);
}

static void show_dynamic_map(struct show *s)
{
	show_maps(s, true);
}

static void show_tsets(struct show *s)
{
	char buf[64];
	size_t i;

	if (s->json)
		json_open_arr(&s->j, NULL);
	for (i = 0; i < s->c->tsets.n; i++) {
		const struct cm_tset *t = &s->c->tsets.v[i];

		if (s->json) {
			json_tset(&s->j, t);
			continue;
		}
		printf("Transform set %s: { %s  }\n", t->name,
		       tset_format(t, buf, sizeof(buf)));
		printf("   will negotiate = { %s,  },\n\n",
		       t->mode == CMAP_MODE_TRANSPORT ? "Transport" : "Tunnel");
	}
	if (s->json)
		json_close_arr(&s->j);
}

static void show_acl(const struct show *s, const struct cm_acl *acl)
{
	char buf[ACL_LINE_STRMAX];
	size_t i;

	printf("Extended IP access list %s\n", acl->name);
	for (i = 0; i < acl->lines.n; i++) {
		const struct cm_line *l = &acl->lines.v[i];

		printf("    %u %s", l->seq, acl_format(l, buf, sizeof(buf)));
		if (s->live && l->hits)
			printf(" (%llu match%s)", (unsigned long long)l->hits,
			       l->hits == 1 ? "" : "es");
		printf("\n");
	}
}

static void show_acls(struct show *s)
{
	size_t i;

	if (s->json)
		json_open_arr(&s->j, NULL);
	for (i = 0; i < s->c->acls.n; i++) {
		if (s->json)
			json_acl(&s->j, &s->c->acls.v[i]);
		else
			show_acl(s, &s->c->acls.v[i]);
	}
	if (s->json)
		json_close_arr(&s->j);
}

static void show_running(struct show *s)
{
	if (s->json)
		json_config(&s->j, s->c);
	else
		render_config(stdout, s->c, false);
}

static const struct object {
	const char *w[3];
	void (*fn)(struct show *s);
} objects[] = {
	{ { "crypto", "map" }, show_crypto_map },
	{ { "crypto", "dynamic-map" }, show_dynamic_map },
	{ { "crypto", "ipsec", "transform-set" }, show_tsets },
	{ { "access-lists" }, show_acls },
	{ { "running-config" }, show_running },
};

/* IOS style: every word a prefix of the keyword. */
static bool object_match(const struct object *o, char **w, int n)
{
	int i;

	for (i = 0; i < 3 && o->w[i]; i++)
		if (i >= n || strncmp(w[i], o->w[i], strlen(w[i])))
			return false;
	return i == n;
}

static const struct object *find_object(char **w, int n)
{
	const struct object *found = NULL;
	size_t i;

	if (!n)
		return &objects[0];
	for (i = 0; i < ARRAY_SIZE(objects); i++) {
		if (!object_match(&objects[i], w, n))
			continue;
		if (found)
			return NULL;	/* ambiguous */
		found = &objects[i];
	}
	return found;
}

struct show_opts {
	bool json, pretty;
	const char *file;
	char **words;
	int nwords;
};

static bool show_args(int argc, char **argv, struct show_opts *o)
{
	int i;

	o->words = xcalloc((size_t)argc, sizeof(*o->words));
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-j"))
			o->json = true;
		else if (!strcmp(argv[i], "-p"))
			o->json = o->pretty = true;
		else if (!strcmp(argv[i], "-f") && i + 1 < argc)
			o->file = argv[++i];
		else if (argv[i][0] == '-')
			return false;
		else
			o->words[o->nwords++] = argv[i];
	}
	return true;
}

/* The configuration to show: the kernel's, or the file's. 0 or -1. */
static int show_source(const struct show_opts *o, struct cm_config *c)
{
	struct nl nl;
	int err;

	if (o->file) {
		model_init(c, o->file);
		if (parse_file(c, false) || validate(c)) {
			diag_flush(&c->file, 1);
			return -1;
		}
		return 0;
	}
	model_init(c, "running-config");
	if (nl_open(&nl))
		return -1;
	err = dump_config(&nl, c);
	/* hits from the dataplane; manual SAs as hidden session keys */
	if (!err)
		err = sa_hits(&nl, c) || sa_attach_skeys(&nl, c) ? -1 : 0;
	nl_close(&nl);
	return err;
}

int cmd_show(int argc, char **argv)
{
	struct show_opts o = { 0 };
	const struct object *obj;
	struct cm_config c;
	struct show s = { .c = &c };
	struct sa_show_req sr;
	int rc = 1;

	if (!show_args(argc, argv, &o)) {
		free(o.words);
		return usage_error("show: expected [-j] [-p] [-f FILE] [OBJECT]");
	}
	if (isakmp_show_match(o.words, o.nwords)) {	/* from charon */
		rc = o.file ? usage_error("show -f: not for IKE SAs") :
			      isakmp_show(o.words, o.nwords, o.json, o.pretty);
		free(o.words);
		return rc;
	}
	if (sa_show_match(o.words, o.nwords, &sr)) {	/* the module's SAs */
		rc = o.file ? usage_error("show -f: not for SAs and counters") :
			      sa_show(&sr, o.json, o.pretty);
		free(o.words);
		return rc;
	}
	obj = find_object(o.words, o.nwords);
	free(o.words);
	if (!obj)
		return usage_error("show: unknown or ambiguous object");
	if (show_source(&o, &c) == 0) {
		model_sort(&c);
		s.live = !o.file;
		s.json = o.json;
		if (s.json)
			json_start(&s.j, stdout, o.pretty);
		obj->fn(&s);
		if (s.json)
			json_end(&s.j);
		rc = 0;
	}
	model_free(&c);
	return rc;
}
