// SPDX-License-Identifier: GPL-2.0
/* crypto isakmp, crypto ipsec and crypto map commands and their blocks. */
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "parser.h"

static const char *word(struct parser *p, unsigned int i)
{
	return i < p->l->n ? p->l->tok[i] : "";
}

/* Index of w in the NULL-terminated list, else an error and -1. */
static int pchoice(struct parser *p, unsigned int i, const char *what,
		   const char *const *list)
{
	int k;

	if (!pneed(p, i, what))
		return -1;
	for (k = 0; list[k]; k++)
		if (!strcmp(p->l->tok[i], list[k]))
			return k;
	perr(p, i, "invalid %s '%s'", what, p->l->tok[i]);
	return -1;
}

void crypto_isakmp_policy(struct parser *p)
{
	struct cm_policy *pol;
	uint32_t prio;
	size_t i;

	if (!pnum(p, 3, 1, 10000, "policy priority", &prio) || !pend(p, 4))
		return;
	p->mode = PM_POLICY;
	for (i = 0; i < p->cfg->policies.n; i++) {
		if (p->cfg->policies.v[i].prio == prio) {
			p->cur = i;
			return;
		}
	}
	pol = VEC_PUSH(p->cfg->policies);
	*pol = (struct cm_policy){
		.prio = prio, .encr = "des", .hash = "sha", .auth = "rsa-sig",
		.group = 1, .lifetime = 86400, .loc = p->loc,
		.encr_loc = p->loc, .hash_loc = p->loc, .group_loc = p->loc,
	};
	p->cur = p->cfg->policies.n - 1;
}

static void policy_encryption(struct parser *p, struct cm_policy *pol)
{
	static const char *const encrs[] = { "des", "3des", "aes", NULL };
	uint32_t bits = 0;
	int k = pchoice(p, 1, "encryption", encrs);

	if (k < 0)
		return;
	if (k == 2 && p->l->n > 2 && !pnum(p, 2, 128, 256, "key size", &bits))
		return;
	if (bits && bits != 128 && bits != 192 && bits != 256) {
		perr(p, 2, "invalid key size '%s' (128, 192, 256)", word(p, 2));
		return;
	}
	if (!pend(p, 2 + !!bits))
		return;
	pol->encr = encrs[k];
	pol->encr_bits = (uint16_t)bits;
	pol->encr_loc = p->loc;
}

void policy_line(struct parser *p)
{
	static const char *const hashes[] = { "sha", "md5", "sha256", "sha384",
					      "sha512", NULL };
	static const char *const auths[] = { "pre-share", "rsa-sig",
					     "rsa-encr", NULL };
	struct cm_policy *pol = &p->cfg->policies.v[p->cur];
	const char *w = p->l->tok[0];
	uint32_t n;
	int k;

	if (!strcmp(w, "encryption") || !strcmp(w, "encr")) {
		policy_encryption(p, pol);
	} else if (!strcmp(w, "hash")) {
		if ((k = pchoice(p, 1, "hash", hashes)) >= 0 && pend(p, 2)) {
			pol->hash = hashes[k];
			pol->hash_loc = p->loc;
		}
	} else if (!strcmp(w, "authentication")) {
		if ((k = pchoice(p, 1, "authentication", auths)) >= 0 &&
		    pend(p, 2))
			pol->auth = auths[k];
	} else if (!strcmp(w, "group")) {
		if (!pnum(p, 1, 1, 24, "Diffie-Hellman group", &n) ||
		    !pend(p, 2))
			return;
		if (!pfs_group_valid(n))
			perr(p, 1, "unsupported Diffie-Hellman group %u", n);
		pol->group = n;
		pol->group_loc = p->loc;
	} else if (!strcmp(w, "lifetime")) {
		if (pnum(p, 1, 60, 86400, "lifetime", &n) && pend(p, 2))
			pol->lifetime = n;
	} else {
		perr(p, 0, "unknown isakmp policy command '%s'", w);
	}
}

/*
 * crypto isakmp key [0|6] KEY {address A [MASK] | hostname H} [no-xauth]
 * The key is never echoed; it is copied for charon's secrets file only.
 */
void crypto_isakmp_key(struct parser *p)
{
	struct cm_key k = { .mask = 0xffffffffU, .loc = p->loc };
	unsigned int i = 4, key_at;

	if ((!strcmp(word(p, 3), "0") || !strcmp(word(p, 3), "6")) &&
	    (!strcmp(word(p, 5), "address") || !strcmp(word(p, 5), "hostname")))
		i = 5;
	if (!pneed(p, i - 1, "key") || !pneed(p, i, "'address' or 'hostname'"))
		return;
	key_at = i - 1;
	if (!strcmp(word(p, i), "hostname")) {
		if (!pname(p, i + 1, "host name", k.hostname))
			return;
		i += 2;
	} else if (!strcmp(word(p, i), "address")) {
		if (!pip(p, i + 1, "peer address", &k.addr))
			return;
		i += 2;
		if (ip_parse(word(p, i), &k.mask))
			i++;
	} else {
		perr(p, i, "expected 'address' or 'hostname'");
		return;
	}
	k.no_xauth = !strcmp(word(p, i), "no-xauth");
	if (!pend(p, i + k.no_xauth))
		return;
	k.enc = key_at == 4 && !strcmp(word(p, 3), "6") ? 6 : 0;
	k.secret = xstrdup(word(p, key_at));
	*VEC_PUSH(p->cfg->keys) = k;
}

/* One transform word (and its key size) into t; returns words used. */
static unsigned int tset_word(struct parser *p, unsigned int i,
			      struct cm_tset *t, bool *cipher, bool *auth)
{
	const struct xform *x = xform_find(p->l->tok[i]);
	uint32_t bits = 128;
	unsigned int used = 1;

	if (!x || x->kind == XF_UNSUPPORTED) {
		perr(p, i, x ? "transform '%s' is not supported (ESP only)" :
			       "unknown transform '%s'", p->l->tok[i]);
		return 0;
	}
	if (x->keybits && parse_u32(word(p, i + 1), 0, 65535, &bits)) {
		used++;
		if (bits != 128 && bits != 192 && bits != 256) {
			perr(p, i + 1, "invalid key size '%s' (128, 192, 256)",
			     word(p, i + 1));
			return 0;
		}
	}
	if (x->kind == XF_CIPHER ? *cipher : *auth) {
		perr(p, i, "more than one %s transform",
		     x->kind == XF_CIPHER ? "encryption" : "integrity");
		return 0;
	}
	if (x->kind == XF_CIPHER) {
		*cipher = true;
		t->cipher = x->value;
		t->keybits = x->keybits ? (uint16_t)bits : 0;
	} else {
		*auth = true;
		t->auth = x->value;
	}
	return used;
}

static bool tset_check(struct parser *p, const struct cm_tset *t, bool cipher,
		       bool auth)
{
	bool aead = t->cipher == CMAP_CIPHER_GCM || t->cipher == CMAP_CIPHER_GMAC;

	if (!cipher && !auth)
		perr(p, 4, "missing transform");
	else if (aead && auth)
		perr(p, 4, "%s takes no integrity transform",
		     xform_cipher(t->cipher)->name);
	else if (t->cipher == CMAP_CIPHER_NULL && !auth)
		perr(p, 4, "esp-null needs an integrity transform");
	else
		return true;
	return false;
}

void crypto_transform_set(struct parser *p)
{
	struct cm_tset t = { .loc = p->loc }, *old;
	bool cipher = false, auth = false;
	unsigned int i = 4, used;

	if (!pname(p, 3, "transform set name", t.name))
		return;
	while (i < p->l->n) {
		used = tset_word(p, i, &t, &cipher, &auth);
		if (!used)
			return;
		i += used;
	}
	if (!pend(p, i) || !tset_check(p, &t, cipher, auth))
		return;
	old = model_tset(p->cfg, t.name);
	if (old)
		pwarn(p, 3, "transform set %s redefined (was line %u)",
		      t.name, old->loc.line);
	else
		old = model_add_tset(p->cfg, t.name);
	*old = t;
	p->cur = (size_t)(old - p->cfg->tsets.v);
	p->mode = PM_TSET;
}

void tset_line(struct parser *p)
{
	static const char *const modes[] = { "tunnel", "transport", NULL };
	int k;

	if (strcmp(p->l->tok[0], "mode")) {
		perr(p, 0, "unknown transform set command '%s'", p->l->tok[0]);
		return;
	}
	k = pchoice(p, 1, "mode", modes);
	if (k >= 0 && pend(p, 2))
		p->cfg->tsets.v[p->cur].mode = (uint8_t)k;
}

/*
 * "lifetime seconds N", "lifetime kilobytes N", "replay window-size N",
 * "replay disable" from word i on, for the global and the entry form.
 */
static void sa_options(struct parser *p, unsigned int i, uint32_t *secs,
		       uint32_t *kb, uint32_t *replay, bool *has_replay)
{
	uint32_t v;

	if (lex_is(p->l, i, "lifetime", "seconds")) {
		if (pnum(p, i + 2, 120, 86400, "lifetime", &v) && pend(p, i + 3))
			*secs = v;
	} else if (lex_is(p->l, i, "lifetime", "kilobytes")) {
		if (pnum(p, i + 2, 2560, 4294967295U, "lifetime", &v) &&
		    pend(p, i + 3))
			*kb = v;
	} else if (lex_is(p->l, i, "replay", "disable")) {
		if (pend(p, i + 2)) {
			*replay = 0;
			*has_replay = true;
		}
	} else if (lex_is(p->l, i, "replay", "window-size")) {
		if (!pnum(p, i + 2, 32, CMAP_REPLAY_WINDOW_MAX, "window size",
			  &v) || !pend(p, i + 3))
			return;
		if (v % 32) {
			perr(p, i + 2, "window size must be a multiple of 32");
			return;
		}
		*replay = v;
		*has_replay = true;
	} else {
		perr(p, i, "unsupported security-association setting '%s'",
		     word(p, i));
	}
}

void crypto_ipsec_sa(struct parser *p)
{
	struct cm_global *g = &p->cfg->global;
	bool has_replay = false;

	sa_options(p, 3, &g->life_secs, &g->life_kb, &g->replay_window,
		   &has_replay);
}

void crypto_df_bit(struct parser *p)
{
	static const char *const dfs[] = { "copy", "clear", "set", NULL };
	int k = pchoice(p, 3, "df-bit setting", dfs);

	if (k >= 0 && pend(p, 4))
		p->cfg->global.df_bit = (uint8_t)k;
}

/* The map of that name, created if new; NULL if it is of the other kind. */
static struct cm_map *map_get(struct parser *p, const char *name, bool dynamic)
{
	struct cm_map *m = model_map(p->cfg, name);

	if (!m) {
		m = model_add_map(p->cfg, name);
		m->dynamic = dynamic;
		m->loc = p->loc;
	} else if (m->dynamic != dynamic) {
		perr(p, 2, "%s is a %s map", name,
		     m->dynamic ? "dynamic" : "static");
		return NULL;
	}
	return m;
}

static void map_local_address(struct parser *p, const char *name)
{
	struct cm_map *m;

	if (!pneed(p, 4, "interface") || !pend(p, 5))
		return;
	m = map_get(p, name, false);
	if (!m)
		return;
	if (!copy_name(m->local_if, sizeof(m->local_if), p->l->tok[4])) {
		perr(p, 4, "interface name too long");
		return;
	}
	m->local_loc = p->loc;
}

static void entry_open(struct parser *p, const char *map, uint32_t seq,
		       uint8_t type, const char *dynmap)
{
	struct cm_entry *e = model_entry(p->cfg, map, seq);

	if (e && e->type != type) {
		perr(p, 4, "crypto map %s %u exists with another type", map,
		     seq);
		return;
	}
	if (!e) {
		e = model_add_entry(p->cfg, map, seq);
		e->type = type;
		e->loc = p->loc;
		copy_name(e->dynmap, sizeof(e->dynmap), dynmap);
	}
	p->cur = (size_t)(e - p->cfg->entries.v);
	p->mode = PM_ENTRY;
}

/* crypto map NAME SEQ [ipsec-isakmp [dynamic DYN [discover]] | ipsec-manual] */
static void map_entry(struct parser *p, const char *name)
{
	char dyn[CMAP_NAME_MAX] = "";
	uint8_t type = CMAP_ENTRY_ISAKMP;
	uint32_t seq;
	unsigned int end = 4;

	if (!pnum(p, 3, 1, CMAP_SEQ_MAX, "sequence number", &seq))
		return;
	if (lex_is(p->l, 4, "ipsec-manual", NULL)) {
		type = CMAP_ENTRY_MANUAL;
		end = 5;
	} else if (lex_is(p->l, 4, "ipsec-isakmp", "dynamic")) {
		if (!pname(p, 6, "dynamic map name", dyn))
			return;
		type = CMAP_ENTRY_DYNAMIC;
		end = 7 + lex_is(p->l, 7, "discover", NULL);
	} else if (lex_is(p->l, 4, "ipsec-isakmp", NULL)) {
		end = 5;
	}
	if (end == 4 && p->l->n > 4) {
		perr(p, 4, "unsupported crypto map type '%s'", p->l->tok[4]);
		return;
	}
	if (pend(p, end) && map_get(p, name, false))
		entry_open(p, name, seq, type, dyn);
}

void crypto_map(struct parser *p)
{
	char name[CMAP_NAME_MAX];
	uint32_t seq;

	if (!pname(p, 2, "crypto map name", name) ||
	    !pneed(p, 3, "sequence number or 'local-address'"))
		return;
	if (lex_is(p->l, 3, "local-address", NULL))
		map_local_address(p, name);
	else if (parse_u32(p->l->tok[3], 0, 0xffffffffU, &seq))
		map_entry(p, name);
	else
		perr(p, 3, "unsupported crypto map command '%s'",
		     p->l->tok[3]);
}

void crypto_dynamic_map(struct parser *p)
{
	char name[CMAP_NAME_MAX];
	uint32_t seq;

	if (!pname(p, 2, "dynamic map name", name) ||
	    !pnum(p, 3, 1, CMAP_SEQ_MAX, "sequence number", &seq) ||
	    !pend(p, 4) || !map_get(p, name, true))
		return;
	entry_open(p, name, seq, CMAP_ENTRY_ISAKMP, "");
}

static void set_peer(struct parser *p, struct cm_entry *e)
{
	uint32_t a;
	unsigned int i;

	if (!pip(p, 2, "peer address", &a) || !pend(p, 3))
		return;
	for (i = 0; i < e->npeers; i++) {
		if (e->peers[i] == a) {
			perr(p, 2, "duplicate peer %s", p->l->tok[2]);
			return;
		}
	}
	if (e->npeers == CMAP_PEERS_MAX)
		perr(p, 2, "more than %d peers", CMAP_PEERS_MAX);
	else
		e->peers[e->npeers++] = a;
}

static void set_tsets(struct parser *p, struct cm_entry *e)
{
	char names[CMAP_ENTRY_TSETS_MAX][CMAP_NAME_MAX];
	unsigned int i, n = p->l->n - 2;

	if (!pneed(p, 2, "transform set name"))
		return;
	if (n > CMAP_ENTRY_TSETS_MAX) {
		perr(p, 2 + CMAP_ENTRY_TSETS_MAX, "more than %d transform sets",
		     CMAP_ENTRY_TSETS_MAX);
		return;
	}
	for (i = 0; i < n; i++)
		if (!pname(p, 2 + i, "transform set name", names[i]))
			return;
	memcpy(e->tsets, names, sizeof(names));
	e->ntsets = n;
}

static void set_pfs(struct parser *p, struct cm_entry *e)
{
	uint32_t g = 1;		/* IOS: "set pfs" alone is group1 */

	if (p->l->n > 2) {
		const char *w = p->l->tok[2];

		if (strncmp(w, "group", 5) || !parse_u32(w + 5, 1, 24, &g) ||
		    !pfs_group_valid(g)) {
			perr(p, 2, "invalid PFS group '%s'", w);
			return;
		}
	}
	if (pend(p, 3)) {
		e->pfs = (uint8_t)g;
		e->pfs_loc = p->loc;
	}
}

static void match_address(struct parser *p, struct cm_entry *e)
{
	char name[CMAP_NAME_MAX];

	if (pacl_name(p, 2, name) && pend(p, 3)) {
		memcpy(e->acl, name, sizeof(name));
		e->acl_loc = p->loc;
	}
}

/* A hex key of at most max bytes into a new buffer; never echoes it. */
static bool skey_hex(struct parser *p, unsigned int i, const char *what,
		     size_t max, uint8_t **out, uint8_t *len)
{
	const char *w = p->l->tok[i];
	size_t n = strlen(w), k;
	uint8_t *b;

	if (!n || n % 2 || n / 2 > max || strspn(w, "0123456789abcdefABCDEF") != n) {
		perr(p, i, "invalid %s key: an even number of hex digits, at "
		     "most %zu", what, 2 * max);
		return false;
	}
	b = xmalloc(n / 2);
	for (k = 0; k < n / 2; k++) {
		char d[3] = { w[2 * k], w[2 * k + 1], 0 };

		b[k] = (uint8_t)strtoul(d, NULL, 16);
	}
	*out = b;
	*len = (uint8_t)(n / 2);
	return true;
}

static bool skey_masked(const char *w)
{
	return w[0] == '*' && strspn(w, "*") == strlen(w);
}

/*
 * set session-key inbound|outbound esp SPI [cipher HEX] [authenticator HEX]
 * "********" for both keys (as show running-config prints them) keeps the
 * SA that is installed. The key words are never echoed in an error.
 */
static void set_session_key(struct parser *p, struct cm_entry *e)
{
	static const char *const dirs[] = { "inbound", "outbound", NULL };
	struct cm_skey k = { .set = true, .loc = p->loc,
			     .end_col = (unsigned int)strlen(p->l->raw) + 1 };
	unsigned int i = 5, masked = 0;
	int dir;

	if (e->type != CMAP_ENTRY_MANUAL) {
		perr(p, 1, "set session-key is for ipsec-manual entries only");
		return;
	}
	if ((dir = pchoice(p, 2, "direction", dirs)) < 0 ||
	    !pneed(p, 3, "'esp'"))
		return;
	if (strcmp(p->l->tok[3], "esp")) {
		perr(p, 3, strcmp(p->l->tok[3], "ah") ? "expected 'esp'" :
			   "AH is not supported (ESP only)");
		return;
	}
	if (!pneed(p, 4, "SPI"))
		return;
	if (!parse_u32(p->l->tok[4], CMAP_SPI_MIN, 0xffffffffU, &k.spi)) {
		/* not echoed: a key given where the SPI belongs */
		perr(p, 4, "invalid SPI: a decimal number, %u-4294967295",
		     CMAP_SPI_MIN);
		return;
	}
	while (i < p->l->n) {
		bool enc = !strcmp(p->l->tok[i], "cipher");

		if (!enc && strcmp(p->l->tok[i], "authenticator")) {
			perr(p, i, "expected 'cipher' or 'authenticator'");
			goto bad;
		}
		if (enc ? k.has_enc : k.has_auth) {
			perr(p, i, "'%s' given twice", p->l->tok[i]);
			goto bad;
		}
		if (!pneed(p, i + 1, enc ? "cipher key" : "authenticator key"))
			goto bad;
		if (enc) {
			k.has_enc = true;
			k.enc_col = p->l->col[i + 1];
		} else {
			k.has_auth = true;
			k.auth_col = p->l->col[i + 1];
		}
		if (skey_masked(p->l->tok[i + 1]))
			masked++;
		else if (!skey_hex(p, i + 1, enc ? "cipher" : "authenticator",
				   enc ? 36 : 64, enc ? &k.enc : &k.auth,
				   enc ? &k.enc_len : &k.auth_len))
			goto bad;
		i += 2;
	}
	if (!pend(p, i))
		goto bad;
	if (!k.has_enc && !k.has_auth) {
		perr(p, 5, "missing 'cipher' or 'authenticator'");
		goto bad;
	}
	if (masked && masked != (unsigned int)k.has_enc + k.has_auth) {
		perr(p, 5, "either every key of the line is hidden (********) "
		     "or none");
		goto bad;
	}
	k.hidden = masked != 0;
	if (e->skey[dir].set)
		pwarn(p, 2, "%s session key of crypto map %s %u redefined "
		      "(was line %u)", dirs[dir], e->map, e->seq,
		      e->skey[dir].loc.line);
	model_skey_free(&e->skey[dir]);
	e->skey[dir] = k;
	return;
bad:
	model_skey_free(&k);
}

void entry_line(struct parser *p)
{
	struct cm_entry *e = &p->cfg->entries.v[p->cur];
	const struct lexline *l = p->l;

	if (lex_is(l, 0, "set", "peer"))
		set_peer(p, e);
	else if (lex_is(l, 0, "set", "transform-set"))
		set_tsets(p, e);
	else if (lex_is(l, 0, "set", "pfs"))
		set_pfs(p, e);
	else if (lex_is(l, 0, "set", "security-association"))
		sa_options(p, 2, &e->life_secs, &e->life_kb, &e->replay_window,
			   &e->has_replay);
	else if (lex_is(l, 0, "match", "address"))
		match_address(p, e);
	else if (lex_is(l, 0, "set", "session-key"))
		set_session_key(p, e);
	else if (lex_is(l, 0, "description", NULL) || lex_is(l, 0, "no", NULL))
		pignore(p);
	else
		perr(p, 0, "unsupported crypto map command '%s%s%s'",
		     l->tok[0], l->n > 1 ? " " : "", l->n > 1 ? l->tok[1] : "");
}
