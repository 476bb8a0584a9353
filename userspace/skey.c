// SPDX-License-Identifier: GPL-2.0
/*
 * Session keys of ipsec-manual entries ("set session-key"): what length each
 * transform needs, and the checks load and check make before the kernel is
 * contacted. Messages name lengths, never key material.
 */
#include <stdio.h>
#include <string.h>

#include "names.h"
#include "render.h"
#include "skey.h"

void skey_lens(const struct cm_tset *t, unsigned int *enc, unsigned int *auth)
{
	static const unsigned int auth_len[] = {
		[CMAP_AUTH_NONE] = 0, [CMAP_AUTH_MD5] = 16,
		[CMAP_AUTH_SHA1] = 20, [CMAP_AUTH_SHA256] = 32,
		[CMAP_AUTH_SHA384] = 48, [CMAP_AUTH_SHA512] = 64,
	};
	unsigned int bits = t->keybits ? t->keybits : 128;

	switch (t->cipher) {
	case CMAP_CIPHER_NULL:
		*enc = 0;
		break;
	case CMAP_CIPHER_DES:
		*enc = 8;
		break;
	case CMAP_CIPHER_3DES:
		*enc = 24;
		break;
	case CMAP_CIPHER_GCM:
	case CMAP_CIPHER_GMAC:
		*enc = bits / 8 + 4;	/* RFC 4106/4543: key and salt */
		break;
	default:
		*enc = bits / 8;
	}
	*auth = t->auth < ARRAY_SIZE(auth_len) ? auth_len[t->auth] : 0;
}

const struct cm_tset *skey_tset(const struct cm_config *c,
				const struct cm_entry *e)
{
	if (e->type != CMAP_ENTRY_MANUAL || e->ntsets != 1)
		return NULL;
	return model_tset(c, e->tsets[0]);
}

static const char *const dir_name[] = { "inbound", "outbound" };

/* One key word against the length the transform needs. */
static unsigned int check_len(const struct cm_skey *k, const char *what,
			      bool given, unsigned int len, unsigned int col,
			      unsigned int need, const char *xf,
			      const struct cm_tset *t)
{
	const bool aead = t->cipher == CMAP_CIPHER_GCM ||
			  t->cipher == CMAP_CIPHER_GMAC;

	if (!need && given) {
		diag_defer_col(&k->loc, col, SEV_ERROR, "transform set %s "
			       "(%s) takes no %s key", t->name, xf, what);
		return 1;
	}
	if (need && !given) {
		diag_defer_col(&k->loc, k->end_col, SEV_ERROR, "missing %s "
			       "key: transform set %s (%s) needs %u bytes (%u "
			       "hex digits)", what, t->name, xf, need, 2 * need);
		return 1;
	}
	if (!need || k->hidden || len == need)
		return 0;
	diag_defer_col(&k->loc, col, SEV_ERROR, "%s key of %u bytes: "
		       "transform set %s (%s) needs %u bytes (%u hex digits)%s",
		       what, len, t->name, xf, need, 2 * need,
		       aead && !strcmp(what, "cipher") ?
		       ", the key and its 4-byte salt" : "");
	return 1;
}

static unsigned int check_keys(const struct cm_config *c,
			       const struct cm_entry *e)
{
	const struct cm_tset *t = skey_tset(c, e);
	unsigned int d, enc, auth, errors = 0;
	char xf[64];

	if (!t)
		return 0;
	skey_lens(t, &enc, &auth);
	tset_format(t, xf, sizeof(xf));
	for (d = 0; d < 2; d++) {
		const struct cm_skey *k = &e->skey[d];

		if (!k->set)
			continue;
		errors += check_len(k, "cipher", k->has_enc, k->enc_len,
				    k->enc_col, enc, xf, t);
		errors += check_len(k, "authenticator", k->has_auth,
				    k->auth_len, k->auth_col, auth, xf, t);
	}
	return errors;
}

/* Inbound SPIs are unique in a namespace, outbound ones per peer. */
static unsigned int check_spis(const struct cm_config *c, size_t i)
{
	const struct cm_entry *e = &c->entries.v[i];
	unsigned int d, errors = 0;
	size_t j;

	for (d = 0; d < 2; d++) {
		if (!e->skey[d].set)
			continue;
		for (j = 0; j < i; j++) {
			const struct cm_entry *f = &c->entries.v[j];

			if (!f->skey[d].set || f->skey[d].spi != e->skey[d].spi ||
			    (d == CMAP_SA_DIR_OUT &&
			     (!e->npeers || !f->npeers ||
			      e->peers[0] != f->peers[0])))
				continue;
			diag_defer(&e->skey[d].loc, SEV_ERROR, "%s SPI %u is "
				   "also that of crypto map %s %u (line %u)%s",
				   dir_name[d], e->skey[d].spi, f->map, f->seq,
				   f->skey[d].loc.line, d == CMAP_SA_DIR_OUT ?
				   ", to the same peer" : "");
			errors++;
			break;
		}
	}
	return errors;
}

unsigned int skey_validate(const struct cm_config *c)
{
	unsigned int errors = 0;
	size_t i;

	for (i = 0; i < c->entries.n; i++) {
		errors += check_keys(c, &c->entries.v[i]);
		errors += check_spis(c, i);
	}
	return errors;
}
