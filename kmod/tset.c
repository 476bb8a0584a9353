// SPDX-License-Identifier: GPL-2.0
/*
 * Transform sets.
 */
#include <linux/slab.h>
#include <net/netlink.h>

#include "msg.h"
#include "netlink.h"
#include "tset.h"

/* Key size of the fixed-size ciphers; 0 for AES and the AES AEADs. */
static const u16 cmap_fixed_keybits[__CMAP_CIPHER_MAX] = {
	[CMAP_CIPHER_DES] = 64,
	[CMAP_CIPHER_3DES] = 192,
};

static bool cmap_cipher_is_aead(u16 cipher)
{
	return cipher == CMAP_CIPHER_GCM || cipher == CMAP_CIPHER_GMAC;
}

static bool cmap_cipher_is_fixed(u16 cipher)
{
	return cipher == CMAP_CIPHER_NULL || cmap_fixed_keybits[cipher];
}

static int cmap_tset_keybits(struct cmap_tset *t, const struct nlattr *attr,
			     struct netlink_ext_ack *extack)
{
	u16 bits;

	if (cmap_cipher_is_fixed(t->cipher)) {
		t->keybits = cmap_fixed_keybits[t->cipher];
		if (attr && nla_get_u16(attr) != t->keybits) {
			cmap_err(extack, attr,
				 "TSET.KEYBITS: must be absent or the cipher's fixed key size");
			return -EINVAL;
		}
		return 0;
	}
	bits = attr ? nla_get_u16(attr) : 128;
	if (bits != 128 && bits != 192 && bits != 256) {
		cmap_err(extack, attr, "TSET.KEYBITS: must be 128, 192 or 256");
		return -EINVAL;
	}
	t->keybits = bits;
	return 0;
}

static int cmap_tset_auth(struct cmap_tset *t, const struct nlattr *attr,
			  const struct nlattr *nest,
			  struct netlink_ext_ack *extack)
{
	t->auth = attr ? nla_get_u16(attr) : CMAP_AUTH_NONE;
	if (cmap_cipher_is_aead(t->cipher) && t->auth != CMAP_AUTH_NONE) {
		cmap_err(extack, attr,
			 "TSET.AUTH: must be NONE with an AEAD cipher (GCM, GMAC)");
		return -EINVAL;
	}
	if (t->cipher == CMAP_CIPHER_NULL && t->auth == CMAP_AUTH_NONE) {
		cmap_err(extack, attr ?: nest,
			 "TSET.AUTH: esp-null needs an integrity transform");
		return -EINVAL;
	}
	return 0;
}

struct cmap_tset *cmap_tset_parse(const struct nlattr *nla,
				  struct netlink_ext_ack *extack)
{
	struct nlattr *tb[CMAP_TSET_A_MAX + 1];
	struct cmap_tset *t;
	int err;

	err = nla_parse_nested(tb, CMAP_TSET_A_MAX, nla, cmap_tset_policy,
			       extack);
	if (err)
		return ERR_PTR(err);
	if (cmap_missing(extack, nla, tb, CMAP_TSET_A_NAME,
			 "TSET.NAME is required") ||
	    cmap_missing(extack, nla, tb, CMAP_TSET_A_CIPHER,
			 "TSET.CIPHER is required"))
		return ERR_PTR(-EINVAL);

	t = kzalloc(sizeof(*t), GFP_KERNEL_ACCOUNT);
	if (!t)
		return ERR_PTR(-ENOMEM);
	nla_strscpy(t->node.name, tb[CMAP_TSET_A_NAME], sizeof(t->node.name));
	t->cipher = nla_get_u16(tb[CMAP_TSET_A_CIPHER]);
	t->mode = tb[CMAP_TSET_A_MODE] ? nla_get_u8(tb[CMAP_TSET_A_MODE]) :
					 CMAP_MODE_TUNNEL;
	err = cmap_tset_keybits(t, tb[CMAP_TSET_A_KEYBITS], extack);
	if (!err)
		err = cmap_tset_auth(t, tb[CMAP_TSET_A_AUTH], nla, extack);
	if (err) {
		kfree(t);
		return ERR_PTR(err);
	}
	return t;
}

int cmap_tset_fill(struct sk_buff *skb, const struct cmap_tset *t)
{
	struct nlattr *nest = nla_nest_start(skb, CMAP_A_TSET);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(skb, CMAP_TSET_A_NAME, t->node.name) ||
	    nla_put_u16(skb, CMAP_TSET_A_CIPHER, t->cipher) ||
	    nla_put_u16(skb, CMAP_TSET_A_KEYBITS, t->keybits) ||
	    nla_put_u16(skb, CMAP_TSET_A_AUTH, t->auth) ||
	    nla_put_u8(skb, CMAP_TSET_A_MODE, t->mode)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Same transforms, whatever the names. */
bool cmap_tset_equal(const struct cmap_tset *a, const struct cmap_tset *b)
{
	return a->cipher == b->cipher && a->keybits == b->keybits &&
	       a->auth == b->auth && a->mode == b->mode;
}

void cmap_tset_free(struct cmap_node *node)
{
	kfree(cmap_tset(node));
}

struct cmap_node *cmap_tset_clone(const struct cmap_node *node)
{
	struct cmap_tset *t = kmemdup(cmap_tset(node), sizeof(struct cmap_tset),
				      GFP_KERNEL_ACCOUNT);

	return t ? &t->node : NULL;
}

/* Takes @t; on error the caller still owns it. */
int cmap_tset_set(struct cmap_config *cfg, struct cmap_tset *t,
		  struct netlink_ext_ack *extack)
{
	struct cmap_node *old;

	if (cmap_names_set(&cfg->tsets, &cfg->n_tsets, CMAP_TSETS_MAX,
			   &t->node, &old)) {
		NL_SET_ERR_MSG(extack, "TSET: too many transform sets");
		return -ENOSPC;
	}
	if (old)
		cmap_tset_free(old);
	return 0;
}

int cmap_tset_del(struct cmap_config *cfg, const char *name)
{
	struct cmap_node *node;

	node = cmap_names_remove(&cfg->tsets, &cfg->n_tsets, name);
	if (!node)
		return -ENOENT;
	cmap_tset_free(node);
	return 0;
}
