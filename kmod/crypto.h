/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One AEAD transform per SA, for every IOS ESP transform: cipher and HMAC
 * pairs through the authenc/authencesn templates, GCM and GMAC through
 * rfc4106/rfc4543. The IV is ours (see crypto.c), so no IV generator
 * template is involved.
 */
#ifndef _CMAP_CRYPTO_H
#define _CMAP_CRYPTO_H

#include <crypto/aead.h>
#include <linux/netlink.h>

struct cmap_xform {
	u16 cipher;		/* enum cmap_cipher */
	u16 keybits;
	u16 auth;		/* enum cmap_auth */
	u8 mode;		/* enum cmap_mode */
	bool esn;
};

/* The ESP layout an SA's transform gives. */
struct cmap_esp_geom {
	u8 ivlen;
	u8 icvlen;
	u8 blksize;		/* payload alignment: cipher block, at least 4 */
	bool random_iv;		/* CBC: unpredictable IV; else the counter */
};

int cmap_crypto_key_lens(const struct cmap_xform *x, u32 *enc, u32 *auth,
			 struct netlink_ext_ack *extack);
struct crypto_aead *cmap_crypto_new(const struct cmap_xform *x,
				    const u8 *ekey, u32 ekeylen,
				    const u8 *akey, u32 akeylen,
				    struct cmap_esp_geom *geom,
				    struct netlink_ext_ack *extack);
bool cmap_crypto_encrypts(const struct cmap_xform *x);
bool cmap_crypto_digests(const struct cmap_xform *x);

/*
 * Requests handed to the crypto API that have not completed yet, per
 * namespace and for the module: a namespace or the module waits for its
 * own to drain before it frees what their callbacks use.
 */
void cmap_crypto_inflight_inc(atomic_t *ns);
void cmap_crypto_inflight_dec(atomic_t *ns);
void cmap_crypto_inflight_wait(atomic_t *ns);
void cmap_crypto_uninit(void);

#endif /* _CMAP_CRYPTO_H */
