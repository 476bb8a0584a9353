// SPDX-License-Identifier: GPL-2.0
/*
 * AEAD transforms for ESP.
 *
 * The IV is made here rather than by an IV generator template: for CBC a
 * random block per packet (RFC 3602 wants it unpredictable), for GCM and
 * GMAC the 64-bit sequence number (RFC 4106/4543 want it unique per key,
 * and the sequence number of an SA never repeats). The request then has
 * the plain AEAD layout: associated data = SPI, [ESN high bits,] sequence
 * number and IV, as the ICV covers them (rfc4106/4543 take the IV inside
 * the associated data and skip or authenticate it as their RFC says).
 *
 * Asynchronous implementations are allowed (crypto_async=1, the default):
 * on x86 the AES-NI and CLMUL drivers become asynchronous when the FPU is
 * not usable and queue to cryptd. Their SIMD wrapper keeps sending a tfm's
 * requests to cryptd while any is queued there, and cryptd's queues are
 * per CPU and FIFO, so the packets of one SA that one CPU submits complete
 * in the order of their sequence numbers; packets of one SA on different
 * CPUs have no order to keep to begin with (the veth or NIC queues already
 * interleave them), and the receiver's window absorbs that. crypto_async=0
 * asks for synchronous implementations only; crypto_async=2 wraps every
 * transform in cryptd, so that the tests exercise the asynchronous path.
 */
#include <crypto/authenc.h>
#include <linux/module.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/cryptomap.h>

#include "crypto.h"

static int crypto_async = 1;
module_param(crypto_async, int, 0444);
MODULE_PARM_DESC(crypto_async,
		 "0: synchronous crypto only, 1: any (default), 2: force cryptd");

struct cmap_cipher_info {
	const char *name;	/* NULL: an AEAD of its own */
	const char *aead;	/* the AEAD, for GCM and GMAC */
	u8 keylen;		/* bytes, 0: from keybits */
	u8 ivlen;
	u8 blksize;
};

static const struct cmap_cipher_info cmap_ciphers[__CMAP_CIPHER_MAX] = {
	[CMAP_CIPHER_NULL] = { .name = "ecb(cipher_null)", .blksize = 4 },
	[CMAP_CIPHER_DES] = { .name = "cbc(des)", .keylen = 8, .ivlen = 8,
			      .blksize = 8 },
	[CMAP_CIPHER_3DES] = { .name = "cbc(des3_ede)", .keylen = 24,
			       .ivlen = 8, .blksize = 8 },
	[CMAP_CIPHER_AES] = { .name = "cbc(aes)", .ivlen = 16, .blksize = 16 },
	[CMAP_CIPHER_GCM] = { .aead = "rfc4106(gcm(aes))", .ivlen = 8,
			      .blksize = 4 },
	[CMAP_CIPHER_GMAC] = { .aead = "rfc4543(gcm(aes))", .ivlen = 8,
			       .blksize = 4 },
};

struct cmap_auth_info {
	const char *name;
	u8 keylen;
	u8 icvlen;
};

/* ICV truncation: RFC 2403/2404 (96 bits), RFC 4868 (half the hash). */
static const struct cmap_auth_info cmap_auths[__CMAP_AUTH_MAX] = {
	[CMAP_AUTH_NONE] = { "digest_null", 0, 0 },
	[CMAP_AUTH_MD5] = { "hmac(md5)", 16, 12 },
	[CMAP_AUTH_SHA1] = { "hmac(sha1)", 20, 12 },
	[CMAP_AUTH_SHA256] = { "hmac(sha256)", 32, 16 },
	[CMAP_AUTH_SHA384] = { "hmac(sha384)", 48, 24 },
	[CMAP_AUTH_SHA512] = { "hmac(sha512)", 64, 32 },
};

#define CMAP_GCM_SALT	4
#define CMAP_GCM_ICV	16

static bool cmap_is_aead(u16 cipher)
{
	return cipher == CMAP_CIPHER_GCM || cipher == CMAP_CIPHER_GMAC;
}

bool cmap_crypto_encrypts(const struct cmap_xform *x)
{
	return x->cipher != CMAP_CIPHER_NULL && x->cipher != CMAP_CIPHER_GMAC;
}

bool cmap_crypto_digests(const struct cmap_xform *x)
{
	return cmap_is_aead(x->cipher) || x->auth != CMAP_AUTH_NONE;
}

int cmap_crypto_key_lens(const struct cmap_xform *x, u32 *enc, u32 *auth,
			 struct netlink_ext_ack *extack)
{
	const struct cmap_cipher_info *ci;

	if (x->cipher >= __CMAP_CIPHER_MAX || x->auth >= __CMAP_AUTH_MAX) {
		NL_SET_ERR_MSG(extack, "SA: unknown cipher or integrity algorithm");
		return -EINVAL;
	}
	ci = &cmap_ciphers[x->cipher];
	if (cmap_is_aead(x->cipher) && x->auth != CMAP_AUTH_NONE) {
		NL_SET_ERR_MSG(extack, "SA.AUTH: GCM and GMAC take no HMAC");
		return -EINVAL;
	}
	if (x->cipher == CMAP_CIPHER_NULL && x->auth == CMAP_AUTH_NONE) {
		NL_SET_ERR_MSG(extack, "SA: esp-null needs an integrity algorithm");
		return -EINVAL;
	}
	if (ci->keylen || x->cipher == CMAP_CIPHER_NULL) {
		*enc = ci->keylen;
	} else if (x->keybits == 128 || x->keybits == 192 ||
		   x->keybits == 256) {
		*enc = x->keybits / 8 +
		       (cmap_is_aead(x->cipher) ? CMAP_GCM_SALT : 0);
	} else {
		NL_SET_ERR_MSG(extack, "SA.KEYBITS: must be 128, 192 or 256");
		return -EINVAL;
	}
	*auth = cmap_auths[x->auth].keylen;
	return 0;
}

/* authenc's key blob: an rtattr with the cipher key length, then both keys. */
static int cmap_crypto_setkey_authenc(struct crypto_aead *tfm,
				      const u8 *ekey, u32 ekeylen,
				      const u8 *akey, u32 akeylen)
{
	struct crypto_authenc_key_param *param;
	unsigned int len;
	struct rtattr *rta;
	u8 *blob, *p;
	int err;

	len = RTA_SPACE(sizeof(*param)) + akeylen + ekeylen;
	blob = kmalloc(len, GFP_KERNEL);
	if (!blob)
		return -ENOMEM;
	rta = (struct rtattr *)blob;
	rta->rta_type = CRYPTO_AUTHENC_KEYA_PARAM;
	rta->rta_len = RTA_LENGTH(sizeof(*param));
	param = RTA_DATA(rta);
	param->enckeylen = cpu_to_be32(ekeylen);
	p = blob + RTA_SPACE(sizeof(*param));
	memcpy(p, akey, akeylen);
	memcpy(p + akeylen, ekey, ekeylen);
	err = crypto_aead_setkey(tfm, blob, len);
	kfree_sensitive(blob);
	return err;
}

struct crypto_aead *cmap_crypto_new(const struct cmap_xform *x,
				    const u8 *ekey, u32 ekeylen,
				    const u8 *akey, u32 akeylen,
				    struct cmap_esp_geom *geom,
				    struct netlink_ext_ack *extack)
{
	const struct cmap_cipher_info *ci = &cmap_ciphers[x->cipher];
	const struct cmap_auth_info *ai = &cmap_auths[x->auth];
	char name[CRYPTO_MAX_ALG_NAME], full[CRYPTO_MAX_ALG_NAME];
	struct crypto_aead *tfm;
	unsigned int icv;
	int err;

	if (cmap_is_aead(x->cipher)) {
		strscpy(name, ci->aead, sizeof(name));
		icv = CMAP_GCM_ICV;
	} else {
		snprintf(name, sizeof(name), "%s(%s,%s)",
			 x->esn ? "authencesn" : "authenc", ai->name, ci->name);
		icv = ai->icvlen;
	}
	strscpy(full, name, sizeof(full));
	if (crypto_async == 2) {
		/*
		 * cryptd instances are found by the driver name they wrap:
		 * the synchronous implementation's.
		 */
		tfm = crypto_alloc_aead(name, 0, CRYPTO_ALG_ASYNC);
		if (!IS_ERR(tfm)) {
			snprintf(full, sizeof(full), "cryptd(%s)",
				 crypto_tfm_alg_driver_name(crypto_aead_tfm(tfm)));
			crypto_free_aead(tfm);
		}
	}

	tfm = crypto_alloc_aead(full, 0, crypto_async ? 0 : CRYPTO_ALG_ASYNC);
	if (IS_ERR(tfm)) {
		NL_SET_ERR_MSG(extack, "SA: the kernel has no implementation of this transform");
		return tfm;
	}
	if (cmap_is_aead(x->cipher))
		err = crypto_aead_setkey(tfm, ekey, ekeylen);
	else
		err = cmap_crypto_setkey_authenc(tfm, ekey, ekeylen, akey,
						 akeylen);
	if (err) {
		NL_SET_ERR_MSG(extack, "SA.ENC_KEY: the cipher refused the key");
		goto fail;
	}
	err = crypto_aead_setauthsize(tfm, icv);
	if (err) {
		NL_SET_ERR_MSG(extack, "SA: ICV length not supported");
		goto fail;
	}
	if (crypto_aead_ivsize(tfm) != ci->ivlen ||
	    crypto_aead_authsize(tfm) != icv) {
		NL_SET_ERR_MSG(extack, "SA: unexpected transform layout");
		err = -EINVAL;
		goto fail;
	}
	geom->ivlen = ci->ivlen;
	geom->icvlen = icv;
	geom->blksize = max_t(unsigned int, ALIGN(crypto_aead_blocksize(tfm), 4),
			      ci->blksize);
	geom->random_iv = !cmap_is_aead(x->cipher) && ci->ivlen;
	return tfm;

fail:
	crypto_free_aead(tfm);
	return ERR_PTR(err);
}

static void cmap_crypto_inflight_release(struct percpu_ref *ref)
{
	struct cmap_inflight *in = container_of(ref, struct cmap_inflight, ref);

	complete(&in->drained);
}

int cmap_crypto_inflight_init(struct cmap_inflight *in)
{
	init_completion(&in->drained);
	return percpu_ref_init(&in->ref, cmap_crypto_inflight_release, 0,
			       GFP_KERNEL);
}

/* Once nothing can start a request any more: waits for the last to end. */
void cmap_crypto_inflight_drain(struct cmap_inflight *in)
{
	percpu_ref_kill(&in->ref);
	wait_for_completion(&in->drained);
	percpu_ref_exit(&in->ref);
}

/*
 * After every namespace drained, a completion callback may still be
 * returning through module code after its last put. Callbacks run with
 * bottom halves disabled (softirq, or cryptd's worker), which a grace
 * period waits for.
 */
void cmap_crypto_uninit(void)
{
	synchronize_rcu();
}
