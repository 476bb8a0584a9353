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
#include <linux/completion.h>
#include <linux/percpu-refcount.h>
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
 * Requests handed to the crypto API that have not completed yet, counted
 * per namespace in a percpu_ref (no cache line every CPU writes on every
 * packet): a namespace kills it and waits for it to drain before it frees
 * what their callbacks use; the module then waits for the callbacks still
 * returning (cmap_crypto_uninit).
 */
struct cmap_inflight {
	struct percpu_ref ref;
	struct completion drained;
};

int cmap_crypto_inflight_init(struct cmap_inflight *in);
void cmap_crypto_inflight_drain(struct cmap_inflight *in);

static inline void cmap_crypto_inflight_inc(struct cmap_inflight *in)
{
	percpu_ref_get(&in->ref);
}

static inline void cmap_crypto_inflight_dec(struct cmap_inflight *in)
{
	percpu_ref_put(&in->ref);
}

void cmap_crypto_uninit(void);

#endif /* _CMAP_CRYPTO_H */
