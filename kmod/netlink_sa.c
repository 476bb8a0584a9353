// SPDX-License-Identifier: GPL-2.0
/*
 * SA requests (see "Security associations" in the uapi header). They take
 * the namespace mutex like every configuration writer, so that an SA always
 * refers to an entry of the running configuration.
 */
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "dataplane.h"
#include "msg.h"
#include "netlink.h"
#include "netlink_sa.h"
#include "pernet.h"

#define CMAP_SA_REPLY_ONLY(what) \
	{ .type = NLA_REJECT, .reject_message = what ": reply only" }

static const struct nla_policy cmap_sel_policy[CMAP_SEL_A_MAX + 1] = {
	[CMAP_SEL_A_SRC] = { .type = NLA_BE32 },
	[CMAP_SEL_A_SRC_PLEN] = NLA_POLICY_MAX(NLA_U8, 32),
	[CMAP_SEL_A_DST] = { .type = NLA_BE32 },
	[CMAP_SEL_A_DST_PLEN] = NLA_POLICY_MAX(NLA_U8, 32),
	[CMAP_SEL_A_PROTO] = { .type = NLA_U8 },
	[CMAP_SEL_A_SPORT_LO] = { .type = NLA_U16 },
	[CMAP_SEL_A_SPORT_HI] = { .type = NLA_U16 },
	[CMAP_SEL_A_DPORT_LO] = { .type = NLA_U16 },
	[CMAP_SEL_A_DPORT_HI] = { .type = NLA_U16 },
};

static const struct nla_policy cmap_sa_policy[CMAP_SA_A_MAX + 1] = {
	[CMAP_SA_A_DIR] = NLA_POLICY_MAX(NLA_U8, CMAP_SA_DIR_OUT),
	[CMAP_SA_A_SPI] = NLA_POLICY_MIN(NLA_U32, CMAP_SPI_MIN),
	[CMAP_SA_A_PEER] = { .type = NLA_BE32 },
	[CMAP_SA_A_LOCAL] = { .type = NLA_BE32 },
	[CMAP_SA_A_ENTRY_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[CMAP_SA_A_LINE] = { .type = NLA_U32 },
	[CMAP_SA_A_CIPHER] = NLA_POLICY_MAX(NLA_U16, __CMAP_CIPHER_MAX - 1),
	[CMAP_SA_A_KEYBITS] = { .type = NLA_U16 },
	[CMAP_SA_A_AUTH] = NLA_POLICY_MAX(NLA_U16, __CMAP_AUTH_MAX - 1),
	[CMAP_SA_A_MODE] = NLA_POLICY_MAX(NLA_U8, __CMAP_MODE_MAX - 1),
	[CMAP_SA_A_ENC_KEY] = { .type = NLA_BINARY, .len = 36 },
	[CMAP_SA_A_AUTH_KEY] = { .type = NLA_BINARY, .len = 64 },
	[CMAP_SA_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, __CMAP_SA_F_ALL),
	/* Steps of 32: cmap_nl_check_replay(), see there. */
	[CMAP_SA_A_REPLAY_WINDOW] = NLA_POLICY_MAX(NLA_U32,
						   CMAP_REPLAY_WINDOW_MAX),
	[CMAP_SA_A_SEL] = NLA_POLICY_NESTED(cmap_sel_policy),
	[CMAP_SA_A_SOFT_SECS] = { .type = NLA_U32 },
	[CMAP_SA_A_HARD_SECS] = { .type = NLA_U32 },
	[CMAP_SA_A_SOFT_KB] = { .type = NLA_U64 },
	[CMAP_SA_A_HARD_KB] = { .type = NLA_U64 },
	[CMAP_SA_A_CONN_ID] = { .type = NLA_U32 },
	[CMAP_SA_A_STATE] = CMAP_SA_REPLY_ONLY("SA.STATE"),
	[CMAP_SA_A_SEQ] = CMAP_SA_REPLY_ONLY("SA.SEQ"),
	[CMAP_SA_A_AGE] = CMAP_SA_REPLY_ONLY("SA.AGE"),
	[CMAP_SA_A_COUNTERS] = CMAP_SA_REPLY_ONLY("SA.COUNTERS"),
	[CMAP_SA_A_MAP] = { .type = NLA_NUL_STRING, .len = CMAP_NAME_MAX - 1 },
	[CMAP_SA_A_ENTRY_SEQ] = CMAP_SA_REPLY_ONLY("SA.ENTRY_SEQ"),
	[CMAP_SA_A_HARD] = CMAP_SA_REPLY_ONLY("SA.HARD"),
	[CMAP_SA_A_REASON] = CMAP_SA_REPLY_ONLY("SA.REASON"),
	[CMAP_SA_A_SPI_MIN] = NLA_POLICY_MIN(NLA_U32, CMAP_SPI_MIN),
	[CMAP_SA_A_SPI_MAX] = NLA_POLICY_MIN(NLA_U32, CMAP_SPI_MIN),
	[CMAP_SA_A_LARVAL_SECS] = NLA_POLICY_RANGE(NLA_U32, 1,
						   CMAP_LARVAL_SECS_MAX),
	[CMAP_SA_A_COUNT] = CMAP_SA_REPLY_ONLY("SA.COUNT"),
	[CMAP_SA_A_PAD] = CMAP_SA_REPLY_ONLY("SA.PAD"),
	[CMAP_SA_A_ICV_LEN] = CMAP_SA_REPLY_ONLY("SA.ICV_LEN"),
	[CMAP_SA_A_IV_LEN] = CMAP_SA_REPLY_ONLY("SA.IV_LEN"),
	[CMAP_SA_A_BLOCK] = CMAP_SA_REPLY_ONLY("SA.BLOCK"),
};

const struct nla_policy cmap_sa_nl_policy[CMAP_A_MAX + 1] = {
	[CMAP_A_SA] = NLA_POLICY_NESTED(cmap_sa_policy),
};

/* Attributes each request takes, by CMAP_SA_A_* bit. */
#define B(x)	BIT_ULL(CMAP_SA_A_##x)
#define CMAP_SA_KEY	(B(CONN_ID) | B(DIR) | B(SPI) | B(PEER))
#define CMAP_SA_LIFE	(B(SOFT_SECS) | B(HARD_SECS) | B(SOFT_KB) | B(HARD_KB))
#define CMAP_SA_FILTER	(B(DIR) | B(PEER) | B(ENTRY_ID) | B(MAP))
#define CMAP_SA_NEW	(B(DIR) | B(SPI) | B(PEER) | B(LOCAL) | B(ENTRY_ID) | \
			 B(LINE) | B(CIPHER) | B(KEYBITS) | B(AUTH) | B(MODE) | \
			 B(ENC_KEY) | B(AUTH_KEY) | B(FLAGS) | \
			 B(REPLAY_WINDOW) | B(SEL) | CMAP_SA_LIFE)
#define CMAP_SA_ALLOC	(B(SPI_MIN) | B(SPI_MAX) | B(PEER) | B(ENTRY_ID) | \
			 B(LARVAL_SECS))

/* Parses CMAP_A_SA into @tb; attributes outside @allowed get @msg. */
static int cmap_sa_parse(const struct nlattr *nest, struct nlattr **tb,
			 u64 allowed, const char *msg,
			 struct netlink_ext_ack *extack)
{
	int err, i;

	memset(tb, 0, sizeof(*tb) * (CMAP_SA_A_MAX + 1));
	if (!nest)
		return 0;
	err = nla_parse_nested(tb, CMAP_SA_A_MAX, nest, cmap_sa_policy, extack);
	if (err)
		return err;
	for (i = 1; i <= CMAP_SA_A_MAX; i++) {
		if (!tb[i] || (allowed & BIT_ULL(i)))
			continue;
		cmap_err(extack, tb[i], msg);
		return -EINVAL;
	}
	return 0;
}

/* The request's CMAP_A_SA, which must be there if @required. */
static int cmap_sa_attrs(struct genl_info *info, struct nlattr **tb,
			 u64 allowed, bool required)
{
	struct nlattr *nest = info->attrs[CMAP_A_SA];
	int err;

	err = cmap_nl_only(info->attrs, CMAP_A_MAX, BIT(CMAP_A_SA),
			   info->extack);
	if (err)
		return err;
	if (!nest && required) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, CMAP_A_SA);
		NL_SET_ERR_MSG(info->extack, "SA: attribute missing");
		return -EINVAL;
	}
	return cmap_sa_parse(nest, tb, allowed,
			     "SA: attribute not valid in this request",
			     info->extack);
}

static bool cmap_sa_need(struct genl_info *info, struct nlattr **tb, int type,
			 const char *msg)
{
	return cmap_missing(info->extack, info->attrs[CMAP_A_SA], tb, type,
			    msg);
}

int cmap_sa_fill(struct sk_buff *skb, const struct cmap_sa *sa)
{
	struct cmap_sa_ctr sum;
	u64 seq;

	if (nla_put_u8(skb, CMAP_SA_A_DIR, sa->dir) ||
	    nla_put_u32(skb, CMAP_SA_A_SPI, ntohl(sa->spi)) ||
	    nla_put_u32(skb, CMAP_SA_A_CONN_ID, sa->conn_id) ||
	    nla_put_u8(skb, CMAP_SA_A_STATE, sa->state) ||
	    nla_put_u64_64bit(skb, CMAP_SA_A_AGE,
			      ktime_get_seconds() - sa->added, CMAP_SA_A_PAD) ||
	    (sa->peer && nla_put_in_addr(skb, CMAP_SA_A_PEER, sa->peer)) ||
	    (sa->entry_id && nla_put_u32(skb, CMAP_SA_A_ENTRY_ID, sa->entry_id)))
		return -EMSGSIZE;
	/* A reservation has no keys, replay window or lifetimes; it is still
	 * one when it is deleted (state DEAD, EV_SA_DELETED): no aead. */
	if (sa->state == CMAP_SA_LARVAL || !sa->aead)
		return 0;
	if (sa->dir == CMAP_SA_DIR_IN) {
		spin_lock_bh((spinlock_t *)&sa->lock);
		seq = sa->replay->top;
		spin_unlock_bh((spinlock_t *)&sa->lock);
	} else {
		seq = atomic64_read(&sa->seq_out);
	}
	cmap_sa_ctr_sum(sa->ctr, &sum);
	if ((sa->local && nla_put_in_addr(skb, CMAP_SA_A_LOCAL, sa->local)) ||
	    nla_put_u32(skb, CMAP_SA_A_LINE, sa->line) ||
	    nla_put_string(skb, CMAP_SA_A_MAP, sa->map) ||
	    nla_put_u16(skb, CMAP_SA_A_ENTRY_SEQ, sa->entry_seq) ||
	    nla_put_u16(skb, CMAP_SA_A_CIPHER, sa->xf.cipher) ||
	    nla_put_u16(skb, CMAP_SA_A_KEYBITS, sa->xf.keybits) ||
	    nla_put_u16(skb, CMAP_SA_A_AUTH, sa->xf.auth) ||
	    nla_put_u8(skb, CMAP_SA_A_MODE, sa->xf.mode) ||
	    nla_put_u32(skb, CMAP_SA_A_FLAGS, sa->xf.esn ? CMAP_SA_F_ESN : 0) ||
	    nla_put_u32(skb, CMAP_SA_A_REPLAY_WINDOW, sa->replay_window) ||
	    nla_put_u64_64bit(skb, CMAP_SA_A_SEQ, seq, CMAP_SA_A_PAD) ||
	    nla_put_u8(skb, CMAP_SA_A_ICV_LEN, sa->geom.icvlen) ||
	    nla_put_u8(skb, CMAP_SA_A_IV_LEN, sa->geom.ivlen) ||
	    nla_put_u8(skb, CMAP_SA_A_BLOCK, sa->geom.blksize) ||
	    cmap_sa_ctr_fill(skb, &sum))
		return -EMSGSIZE;
	if (!sa->manual &&
	    (nla_put_u32(skb, CMAP_SA_A_SOFT_SECS, sa->soft_secs) ||
	     nla_put_u32(skb, CMAP_SA_A_HARD_SECS, sa->hard_secs) ||
	     nla_put_u64_64bit(skb, CMAP_SA_A_SOFT_KB, sa->soft_bytes / 1024,
			       CMAP_SA_A_PAD) ||
	     nla_put_u64_64bit(skb, CMAP_SA_A_HARD_KB, sa->hard_bytes / 1024,
			       CMAP_SA_A_PAD)))
		return -EMSGSIZE;
	if (sa->has_sel) {
		struct nlattr *sel = nla_nest_start(skb, CMAP_SA_A_SEL);

		if (!sel ||
		    nla_put_in_addr(skb, CMAP_SEL_A_SRC, sa->sel.src) ||
		    nla_put_u8(skb, CMAP_SEL_A_SRC_PLEN,
			       hweight32((__force u32)sa->sel.smask)) ||
		    nla_put_in_addr(skb, CMAP_SEL_A_DST, sa->sel.dst) ||
		    nla_put_u8(skb, CMAP_SEL_A_DST_PLEN,
			       hweight32((__force u32)sa->sel.dmask)) ||
		    nla_put_u8(skb, CMAP_SEL_A_PROTO, sa->sel.proto) ||
		    nla_put_u16(skb, CMAP_SEL_A_SPORT_LO, sa->sel.sport_lo) ||
		    nla_put_u16(skb, CMAP_SEL_A_SPORT_HI, sa->sel.sport_hi) ||
		    nla_put_u16(skb, CMAP_SEL_A_DPORT_LO, sa->sel.dport_lo) ||
		    nla_put_u16(skb, CMAP_SEL_A_DPORT_HI, sa->sel.dport_hi))
			return -EMSGSIZE;
		nla_nest_end(skb, sel);
	}
	return 0;
}

/* A reply of CMAP_A_SA for @sa (and @count for FLUSH_SA, if >= 0). */
static struct sk_buff *cmap_sa_reply(struct genl_info *info,
				     const struct cmap_sa *sa, s64 count)
{
	struct nlattr *nest;
	struct sk_buff *skb;
	void *hdr;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return NULL;
	hdr = genlmsg_put_reply(skb, info, &cmap_genl_family, 0,
				info->genlhdr->cmd);
	if (!hdr)
		goto fail;
	nest = nla_nest_start(skb, CMAP_A_SA);
	if (!nest || (sa && cmap_sa_fill(skb, sa)) ||
	    (count >= 0 && nla_put_u32(skb, CMAP_SA_A_COUNT, count)))
		goto fail;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return skb;
fail:
	nlmsg_free(skb);
	return NULL;
}

static struct cmap_dpnet *cmap_nl_dpnet(struct genl_info *info)
{
	return cmap_dpnet(genl_info_net(info));
}

static void cmap_sel_prefix(struct nlattr **st, int a, int plen,
			    __be32 *addr, __be32 *mask)
{
	u8 len = st[plen] ? nla_get_u8(st[plen]) : (st[a] ? 32 : 0);

	*mask = len ? htonl(~0U << (32 - len)) : 0;
	*addr = st[a] ? nla_get_in_addr(st[a]) & *mask : 0;
}

static void cmap_sel_parse(const struct nlattr *nla, struct cmap_sel *sel)
{
	struct nlattr *st[CMAP_SEL_A_MAX + 1];

	/* The policy validated it with the request. */
	if (nla_parse_nested(st, CMAP_SEL_A_MAX, nla, cmap_sel_policy, NULL))
		return;
	cmap_sel_prefix(st, CMAP_SEL_A_SRC, CMAP_SEL_A_SRC_PLEN, &sel->src,
			&sel->smask);
	cmap_sel_prefix(st, CMAP_SEL_A_DST, CMAP_SEL_A_DST_PLEN, &sel->dst,
			&sel->dmask);
	sel->proto = st[CMAP_SEL_A_PROTO] ? nla_get_u8(st[CMAP_SEL_A_PROTO]) : 0;
	sel->sport_lo = st[CMAP_SEL_A_SPORT_LO] ?
			nla_get_u16(st[CMAP_SEL_A_SPORT_LO]) : 0;
	sel->sport_hi = st[CMAP_SEL_A_SPORT_HI] ?
			nla_get_u16(st[CMAP_SEL_A_SPORT_HI]) : 65535;
	sel->dport_lo = st[CMAP_SEL_A_DPORT_LO] ?
			nla_get_u16(st[CMAP_SEL_A_DPORT_LO]) : 0;
	sel->dport_hi = st[CMAP_SEL_A_DPORT_HI] ?
			nla_get_u16(st[CMAP_SEL_A_DPORT_HI]) : 65535;
}

static u16 cmap_default_keybits(u16 cipher)
{
	switch (cipher) {
	case CMAP_CIPHER_DES:
		return 64;
	case CMAP_CIPHER_3DES:
		return 192;
	case CMAP_CIPHER_NULL:
		return 0;
	}
	return 128;
}

/* The request's own checks, before the configuration is looked at. */
static int cmap_sa_req_parse(struct genl_info *info, struct nlattr **tb,
			     struct cmap_sa_req *req)
{
	struct netlink_ext_ack *extack = info->extack;
	u32 elen, alen;
	int err;

	if (cmap_sa_need(info, tb, CMAP_SA_A_DIR, "SA.DIR: attribute missing") ||
	    cmap_sa_need(info, tb, CMAP_SA_A_SPI, "SA.SPI: attribute missing") ||
	    cmap_sa_need(info, tb, CMAP_SA_A_PEER, "SA.PEER: attribute missing") ||
	    cmap_sa_need(info, tb, CMAP_SA_A_ENTRY_ID,
			 "SA.ENTRY_ID: attribute missing") ||
	    cmap_sa_need(info, tb, CMAP_SA_A_CIPHER,
			 "SA.CIPHER: attribute missing"))
		return -EINVAL;
	memset(req, 0, sizeof(*req));
	req->dir = nla_get_u8(tb[CMAP_SA_A_DIR]);
	req->spi = htonl(nla_get_u32(tb[CMAP_SA_A_SPI]));
	req->peer = nla_get_in_addr(tb[CMAP_SA_A_PEER]);
	if (tb[CMAP_SA_A_LOCAL])
		req->local = nla_get_in_addr(tb[CMAP_SA_A_LOCAL]);
	req->entry_id = nla_get_u32(tb[CMAP_SA_A_ENTRY_ID]);
	if (tb[CMAP_SA_A_LINE])
		req->line = nla_get_u32(tb[CMAP_SA_A_LINE]);
	req->xf.cipher = nla_get_u16(tb[CMAP_SA_A_CIPHER]);
	req->xf.keybits = tb[CMAP_SA_A_KEYBITS] ?
			  nla_get_u16(tb[CMAP_SA_A_KEYBITS]) :
			  cmap_default_keybits(req->xf.cipher);
	if (tb[CMAP_SA_A_AUTH])
		req->xf.auth = nla_get_u16(tb[CMAP_SA_A_AUTH]);
	if (tb[CMAP_SA_A_MODE])
		req->xf.mode = nla_get_u8(tb[CMAP_SA_A_MODE]);
	if (tb[CMAP_SA_A_FLAGS])
		req->xf.esn = nla_get_u32(tb[CMAP_SA_A_FLAGS]) & CMAP_SA_F_ESN;

	if (!req->peer) {
		NL_SET_ERR_MSG_ATTR(extack, tb[CMAP_SA_A_PEER],
				    "SA.PEER: must not be 0.0.0.0");
		return -EINVAL;
	}
	if (cmap_default_keybits(req->xf.cipher) != 128 &&
	    req->xf.keybits != cmap_default_keybits(req->xf.cipher)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[CMAP_SA_A_KEYBITS],
				    "SA.KEYBITS: fixed by the cipher (DES 64, 3DES 192, NULL 0)");
		return -EINVAL;
	}
	err = cmap_crypto_key_lens(&req->xf, &elen, &alen, extack);
	if (err)
		return err;
	if ((tb[CMAP_SA_A_ENC_KEY] ? nla_len(tb[CMAP_SA_A_ENC_KEY]) : 0) != elen) {
		NL_SET_ERR_MSG_ATTR(extack, tb[CMAP_SA_A_ENC_KEY] ?:
				    info->attrs[CMAP_A_SA],
				    "SA.ENC_KEY: wrong length for the cipher (GCM/GMAC: key and 4-byte salt)");
		return -EINVAL;
	}
	if ((tb[CMAP_SA_A_AUTH_KEY] ? nla_len(tb[CMAP_SA_A_AUTH_KEY]) : 0) != alen) {
		NL_SET_ERR_MSG_ATTR(extack, tb[CMAP_SA_A_AUTH_KEY] ?:
				    info->attrs[CMAP_A_SA],
				    "SA.AUTH_KEY: wrong length for the HMAC (the hash's output size)");
		return -EINVAL;
	}
	if (elen) {
		req->ekey = nla_data(tb[CMAP_SA_A_ENC_KEY]);
		req->ekeylen = elen;
	}
	if (alen) {
		req->akey = nla_data(tb[CMAP_SA_A_AUTH_KEY]);
		req->akeylen = alen;
	}
	if (tb[CMAP_SA_A_SEL]) {
		req->has_sel = true;
		cmap_sel_parse(tb[CMAP_SA_A_SEL], &req->sel);
	}
	return 0;
}

static bool cmap_xform_eq(const struct cmap_xform *a,
			  const struct cmap_xform *b)
{
	return a->cipher == b->cipher && a->keybits == b->keybits &&
	       a->auth == b->auth && a->mode == b->mode;
}

/* Lifetimes: given, else the entry's hard values and soft at 90 %. */
static int cmap_sa_req_life(struct genl_info *info, struct nlattr **tb,
			    const struct cmap_dp_entry *e,
			    struct cmap_sa_req *req)
{
	u64 hard_kb = tb[CMAP_SA_A_HARD_KB] ?
		      nla_get_u64(tb[CMAP_SA_A_HARD_KB]) : e->life_kb;
	u32 hard_secs = tb[CMAP_SA_A_HARD_SECS] ?
			nla_get_u32(tb[CMAP_SA_A_HARD_SECS]) : e->life_secs;

	if (e->type == CMAP_ENTRY_MANUAL) {
		if (!tb[CMAP_SA_A_SOFT_SECS] && !tb[CMAP_SA_A_HARD_SECS] &&
		    !tb[CMAP_SA_A_SOFT_KB] && !tb[CMAP_SA_A_HARD_KB])
			return 0;
		NL_SET_ERR_MSG(info->extack,
			       "SA: SAs of ipsec-manual entries never expire: no lifetimes");
		return -EINVAL;
	}
	req->hard_secs = hard_secs;
	req->hard_kb = hard_kb;
	req->soft_secs = tb[CMAP_SA_A_SOFT_SECS] ?
			 nla_get_u32(tb[CMAP_SA_A_SOFT_SECS]) :
			 hard_secs - hard_secs / 10;
	req->soft_kb = tb[CMAP_SA_A_SOFT_KB] ?
		       nla_get_u64(tb[CMAP_SA_A_SOFT_KB]) :
		       hard_kb - hard_kb / 10;
	if ((req->hard_secs && req->soft_secs > req->hard_secs) ||
	    (req->hard_kb && req->soft_kb > req->hard_kb)) {
		NL_SET_ERR_MSG(info->extack,
			       "SA: a soft lifetime exceeds its hard lifetime");
		return -EINVAL;
	}
	return 0;
}

/* Everything NEW_SA checks against the running configuration. */
static int cmap_sa_req_entry(struct genl_info *info, struct nlattr **tb,
			     const struct cmap_dp_entry *e,
			     struct cmap_sa_req *req)
{
	struct netlink_ext_ack *extack = info->extack;
	const struct cmap_rule *r;
	int i;

	if (!e) {
		NL_SET_ERR_MSG_ATTR(extack, tb[CMAP_SA_A_ENTRY_ID],
				    "SA.ENTRY_ID: no entry of a static map has this identity");
		return -ENOENT;
	}
	if (e->type == CMAP_ENTRY_DYNAMIC) {
		NL_SET_ERR_MSG_ATTR(extack, tb[CMAP_SA_A_ENTRY_ID],
				    "SA.ENTRY_ID: a dynamic-map reference holds no SAs itself");
		return -EINVAL;
	}
	for (i = 0; i < e->n_tsets; i++)
		if (cmap_xform_eq(&e->tsets[i], &req->xf))
			break;
	if (i == e->n_tsets) {
		NL_SET_ERR_MSG(extack,
			       "SA: CIPHER, KEYBITS, AUTH and MODE match none of the entry's transform sets");
		return -EINVAL;
	}
	for (i = 0; i < e->n_peers; i++)
		if (e->peers[i] == req->peer)
			break;
	if (e->n_peers && i == e->n_peers) {
		NL_SET_ERR_MSG_ATTR(extack, tb[CMAP_SA_A_PEER],
				    "SA.PEER: not a peer of the entry");
		return -EINVAL;
	}
	if (req->line) {
		r = cmap_dp_entry_rule(e, req->line);
		if (!r || r->action != CMAP_ACTION_PERMIT) {
			NL_SET_ERR_MSG_ATTR(extack, tb[CMAP_SA_A_LINE],
					    "SA.LINE: no permit line of this SEQ in the entry's access list");
			return -EINVAL;
		}
	}
	req->replay_window = tb[CMAP_SA_A_REPLAY_WINDOW] ?
			     nla_get_u32(tb[CMAP_SA_A_REPLAY_WINDOW]) :
			     e->replay_window;
	if (req->xf.esn && !req->replay_window) {
		NL_SET_ERR_MSG(extack, "SA.FLAGS: ESN needs a replay window");
		return -EINVAL;
	}
	return cmap_sa_req_life(info, tb, e, req);
}

int cmap_nl_new_sa(struct sk_buff *skb, struct genl_info *info)
{
	struct cmap_dpnet *dpn = cmap_nl_dpnet(info);
	struct nlattr *tb[CMAP_SA_A_MAX + 1];
	struct sk_buff *reply = NULL;
	struct cmap_sa_req req;
	struct cmap_dp_entry *e;
	struct cmap_sa *sa;
	int err;

	err = cmap_sa_attrs(info, tb, CMAP_SA_NEW, true);
	if (!err)
		err = cmap_nl_check_replay(tb[CMAP_SA_A_REPLAY_WINDOW],
					   info->extack);
	if (!err)
		err = cmap_sa_req_parse(info, tb, &req);
	if (err)
		return err;
	mutex_lock(&dpn->cn->lock);
	e = cmap_dp_entry_find(cmap_dp_locked(dpn), req.entry_id);
	err = cmap_sa_req_entry(info, tb, e, &req);
	if (err)
		goto out;
	sa = cmap_sa_create(&dpn->sadb, &req, e->map->name, e->seq,
			    e->type == CMAP_ENTRY_MANUAL, info->extack);
	if (IS_ERR(sa)) {
		err = PTR_ERR(sa);
		goto out;
	}
	reply = cmap_sa_reply(info, sa, -1);
out:
	mutex_unlock(&dpn->cn->lock);
	if (err)
		return err;
	return reply ? genlmsg_reply(reply, info) : -ENOMEM;
}

/* An SA by CONN_ID, or by DIR, SPI and (for outbound) PEER. */
static struct cmap_sa *cmap_sa_by_key(struct cmap_dpnet *dpn,
				      struct genl_info *info,
				      struct nlattr **tb)
{
	struct netlink_ext_ack *extack = info->extack;
	struct cmap_sa *sa;

	if (tb[CMAP_SA_A_CONN_ID]) {
		sa = cmap_sa_find_conn(&dpn->sadb,
				       nla_get_u32(tb[CMAP_SA_A_CONN_ID]));
		if (!sa)
			NL_SET_ERR_MSG_ATTR(extack, tb[CMAP_SA_A_CONN_ID],
					    "SA.CONN_ID: no SA has this connection id");
		return sa ?: ERR_PTR(-ENOENT);
	}
	if (cmap_sa_need(info, tb, CMAP_SA_A_DIR,
			 "SA: CONN_ID, or DIR and SPI, name the SA") ||
	    cmap_sa_need(info, tb, CMAP_SA_A_SPI,
			 "SA: CONN_ID, or DIR and SPI, name the SA"))
		return ERR_PTR(-EINVAL);
	sa = cmap_sa_find_key(&dpn->sadb, nla_get_u8(tb[CMAP_SA_A_DIR]),
			      htonl(nla_get_u32(tb[CMAP_SA_A_SPI])),
			      tb[CMAP_SA_A_PEER] ?
			      nla_get_in_addr(tb[CMAP_SA_A_PEER]) : 0,
			      tb[CMAP_SA_A_PEER]);
	if (PTR_ERR(sa) == -ENOTUNIQ) {
		NL_SET_ERR_MSG_ATTR(extack, tb[CMAP_SA_A_SPI],
				    "SA.PEER: outbound SAs to several peers have this SPI");
		return ERR_PTR(-EINVAL);
	}
	if (!sa)
		NL_SET_ERR_MSG_ATTR(extack, tb[CMAP_SA_A_SPI],
				    "SA.SPI: no SA has this key");
	return sa ?: ERR_PTR(-ENOENT);
}

int cmap_nl_upd_sa(struct sk_buff *skb, struct genl_info *info)
{
	struct cmap_dpnet *dpn = cmap_nl_dpnet(info);
	struct nlattr *tb[CMAP_SA_A_MAX + 1];
	const struct cmap_dp_entry *e;
	struct cmap_sa_req req = {};
	struct cmap_sa *sa;
	int err;

	err = cmap_sa_attrs(info, tb, CMAP_SA_KEY | CMAP_SA_LIFE, true);
	if (err)
		return err;
	mutex_lock(&dpn->cn->lock);
	sa = cmap_sa_by_key(dpn, info, tb);
	if (IS_ERR(sa)) {
		err = PTR_ERR(sa);
		goto out;
	}
	e = cmap_dp_entry_find(cmap_dp_locked(dpn), sa->entry_id);
	if (sa->state == CMAP_SA_LARVAL || !e) {
		NL_SET_ERR_MSG(info->extack, "SA: a larval SA has no lifetimes");
		err = -EINVAL;
		goto out;
	}
	err = cmap_sa_req_life(info, tb, e, &req);
	if (!err && !sa->manual)
		cmap_sa_set_life(sa, req.soft_secs, req.hard_secs, req.soft_kb,
				 req.hard_kb);
out:
	mutex_unlock(&dpn->cn->lock);
	return err;
}

/* DEL_SA, and GET_SA for one SA: both name it by its key. */
int cmap_nl_sa_key_cmd(struct sk_buff *skb, struct genl_info *info)
{
	struct cmap_dpnet *dpn = cmap_nl_dpnet(info);
	struct nlattr *tb[CMAP_SA_A_MAX + 1];
	struct sk_buff *reply = NULL;
	struct cmap_sa *sa;
	int err;

	err = cmap_sa_attrs(info, tb, CMAP_SA_KEY, true);
	if (err)
		return err;
	mutex_lock(&dpn->cn->lock);
	sa = cmap_sa_by_key(dpn, info, tb);
	err = PTR_ERR_OR_ZERO(sa);
	if (!err && info->genlhdr->cmd == CMAP_CMD_DEL_SA)
		cmap_sa_delete(&dpn->sadb, sa, CMAP_SA_REASON_DELETED);
	else if (!err && !(reply = cmap_sa_reply(info, sa, -1)))
		err = -ENOMEM;
	mutex_unlock(&dpn->cn->lock);
	return reply ? genlmsg_reply(reply, info) : err;
}

/* Filters of dumps, FLUSH_SA and CLEAR_COUNTERS. */
struct cmap_sa_filter {
	bool dir_set, peer_set, entry_set, map_set;
	u8 dir;
	__be32 peer;
	u32 entry_id;
	char map[CMAP_NAME_MAX];
};

static void cmap_sa_filter_parse(struct nlattr **tb, struct cmap_sa_filter *f)
{
	memset(f, 0, sizeof(*f));
	if (tb[CMAP_SA_A_DIR]) {
		f->dir_set = true;
		f->dir = nla_get_u8(tb[CMAP_SA_A_DIR]);
	}
	if (tb[CMAP_SA_A_PEER]) {
		f->peer_set = true;
		f->peer = nla_get_in_addr(tb[CMAP_SA_A_PEER]);
	}
	if (tb[CMAP_SA_A_ENTRY_ID]) {
		f->entry_set = true;
		f->entry_id = nla_get_u32(tb[CMAP_SA_A_ENTRY_ID]);
	}
	if (tb[CMAP_SA_A_MAP]) {
		f->map_set = true;
		nla_strscpy(f->map, tb[CMAP_SA_A_MAP], sizeof(f->map));
	}
}

static bool cmap_sa_filter_match(const struct cmap_sa_filter *f,
				 const struct cmap_sa *sa)
{
	return (!f->dir_set || sa->dir == f->dir) &&
	       (!f->peer_set || sa->peer == f->peer) &&
	       (!f->entry_set || sa->entry_id == f->entry_id) &&
	       (!f->map_set || (sa->state != CMAP_SA_LARVAL &&
				!strcmp(sa->map, f->map)));
}

/* The optional filter of FLUSH_SA and CLEAR_COUNTERS. */
static int cmap_sa_filter_req(struct genl_info *info, struct cmap_sa_filter *f)
{
	struct nlattr *tb[CMAP_SA_A_MAX + 1];
	int err = cmap_sa_attrs(info, tb, CMAP_SA_FILTER, false);

	if (!err)
		cmap_sa_filter_parse(tb, f);
	return err;
}

/*
 * The filter of a GET_SA dump, parsed by its first dumpit call rather than
 * by a start callback: Linux 6.1 gives start no extack, so its messages
 * would be lost.
 */
static int cmap_nl_dump_sa_filter(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *di = genl_dumpit_info(cb);
	struct nlattr *tb[CMAP_SA_A_MAX + 1];
	struct cmap_sa_filter *f;
	int err;

	err = cmap_nl_only(di->attrs, CMAP_A_MAX, BIT(CMAP_A_SA), cb->extack);
	if (!err)
		err = cmap_sa_parse(di->attrs[CMAP_A_SA], tb, CMAP_SA_FILTER,
				    "SA: not a filter: DIR, PEER, ENTRY_ID or MAP",
				    cb->extack);
	if (err)
		return err;
	f = kmalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	cmap_sa_filter_parse(tb, f);
	cb->args[1] = (long)f;
	return 0;
}

int cmap_nl_dump_sa_done(struct netlink_callback *cb)
{
	kfree((void *)cb->args[1]);
	return 0;
}

int cmap_nl_dump_sa(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct cmap_dpnet *dpn = cmap_dpnet(sock_net(cb->skb->sk));
	const struct cmap_sa_filter *f;
	struct nlattr *nest;
	struct cmap_sa *sa;
	void *hdr;
	int err;

	err = cmap_nl_dump_perm(cb);
	if (!err && !cb->args[1])
		err = cmap_nl_dump_sa_filter(cb);
	if (err)
		return err;
	f = (void *)cb->args[1];
	mutex_lock(&dpn->cn->lock);
	cb->seq = dpn->sadb.gen;
	list_for_each_entry(sa, &dpn->sadb.all, list) {
		if (sa->conn_id <= cb->args[0] || !cmap_sa_filter_match(f, sa))
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &cmap_genl_family,
				  NLM_F_MULTI, CMAP_CMD_GET_SA);
		if (!hdr)
			break;
		genl_dump_check_consistent(cb, hdr);
		nest = nla_nest_start(skb, CMAP_A_SA);
		if (!nest || cmap_sa_fill(skb, sa)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		nla_nest_end(skb, nest);
		genlmsg_end(skb, hdr);
		cb->args[0] = sa->conn_id;
	}
	mutex_unlock(&dpn->cn->lock);
	return skb->len;
}

int cmap_nl_flush_sa(struct sk_buff *skb, struct genl_info *info)
{
	struct cmap_dpnet *dpn = cmap_nl_dpnet(info);
	struct cmap_sa *sa, *tmp;
	struct cmap_sa_filter f;
	struct sk_buff *reply;
	u32 n = 0;
	int err;

	err = cmap_sa_filter_req(info, &f);
	if (err)
		return err;
	mutex_lock(&dpn->cn->lock);
	list_for_each_entry_safe(sa, tmp, &dpn->sadb.all, list) {
		if (!cmap_sa_filter_match(&f, sa))
			continue;
		cmap_sa_delete(&dpn->sadb, sa, CMAP_SA_REASON_FLUSH);
		n++;
	}
	mutex_unlock(&dpn->cn->lock);
	reply = cmap_sa_reply(info, NULL, n);
	return reply ? genlmsg_reply(reply, info) : -ENOMEM;
}

int cmap_nl_alloc_spi(struct sk_buff *skb, struct genl_info *info)
{
	struct cmap_dpnet *dpn = cmap_nl_dpnet(info);
	struct nlattr *tb[CMAP_SA_A_MAX + 1];
	struct sk_buff *reply = NULL;
	u32 lo = CMAP_SPI_MIN, hi = U32_MAX, secs = CMAP_LARVAL_SECS, id = 0;
	__be32 peer = 0;
	struct cmap_sa *sa;
	int err;

	err = cmap_sa_attrs(info, tb, CMAP_SA_ALLOC, false);
	if (err)
		return err;
	if (tb[CMAP_SA_A_SPI_MIN])
		lo = nla_get_u32(tb[CMAP_SA_A_SPI_MIN]);
	if (tb[CMAP_SA_A_SPI_MAX])
		hi = nla_get_u32(tb[CMAP_SA_A_SPI_MAX]);
	if (tb[CMAP_SA_A_LARVAL_SECS])
		secs = nla_get_u32(tb[CMAP_SA_A_LARVAL_SECS]);
	if (tb[CMAP_SA_A_PEER])
		peer = nla_get_in_addr(tb[CMAP_SA_A_PEER]);
	if (tb[CMAP_SA_A_ENTRY_ID])
		id = nla_get_u32(tb[CMAP_SA_A_ENTRY_ID]);
	if (lo > hi) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[CMAP_SA_A_SPI_MAX],
				    "SA.SPI_MAX: below SPI_MIN");
		return -EINVAL;
	}
	mutex_lock(&dpn->cn->lock);
	if (id && !cmap_dp_entry_find(cmap_dp_locked(dpn), id)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[CMAP_SA_A_ENTRY_ID],
				    "SA.ENTRY_ID: no entry of a static map has this identity");
		err = -ENOENT;
		goto out;
	}
	err = cmap_sa_alloc_spi(&dpn->sadb, lo, hi, peer, id, secs, &sa);
	if (err == -ENOSPC)
		NL_SET_ERR_MSG(info->extack, "SA: every SPI of the range is in use");
	if (!err)
		reply = cmap_sa_reply(info, sa, -1);
out:
	mutex_unlock(&dpn->cn->lock);
	if (err)
		return err;
	return reply ? genlmsg_reply(reply, info) : -ENOMEM;
}

static void cmap_hits_clear_all(const struct cmap_dp *dp)
{
	u32 i;

	for (i = 0; dp && i < dp->n_maps; i++)
		cmap_ctrs_clear(dp->maps[i].hits);
}

int cmap_nl_clear_counters(struct sk_buff *skb, struct genl_info *info)
{
	struct cmap_dpnet *dpn = cmap_nl_dpnet(info);
	struct cmap_sa_filter f;
	struct cmap_sa *sa;
	int err;

	err = cmap_sa_filter_req(info, &f);
	if (err)
		return err;
	mutex_lock(&dpn->cn->lock);
	list_for_each_entry(sa, &dpn->sadb.all, list)
		if (cmap_sa_filter_match(&f, sa))
			cmap_sa_ctr_clear(sa->ctr);
	if (!info->attrs[CMAP_A_SA]) {
		cmap_stats_clear(dpn->stats);
		cmap_hits_clear_all(cmap_dp_locked(dpn));
	}
	mutex_unlock(&dpn->cn->lock);
	return 0;
}

int cmap_nl_get_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct cmap_dpnet *dpn = cmap_nl_dpnet(info);
	struct cmap_nsstats *sum;
	struct sk_buff *reply;
	void *hdr;
	int err;

	err = cmap_nl_only(info->attrs, CMAP_A_MAX, 0, info->extack);
	if (err)
		return err;
	sum = kmalloc(sizeof(*sum), GFP_KERNEL);
	reply = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!sum || !reply)
		goto nomem;
	cmap_stats_sum(dpn->stats, sum);
	hdr = genlmsg_put_reply(reply, info, &cmap_genl_family, 0,
				info->genlhdr->cmd);
	if (!hdr || cmap_stats_fill(reply, sum))
		goto nomem;
	genlmsg_end(reply, hdr);
	kfree(sum);
	return genlmsg_reply(reply, info);
nomem:
	kfree(sum);
	nlmsg_free(reply);
	return -ENOMEM;
}

/*
 * One message of GET_HITS: an entry, or the next part of an entry whose
 * lines do not fit in one message (the client appends, as for ACLs).
 * Returns the number of lines put, or -EMSGSIZE if not even one fit.
 */
static int cmap_hits_fill(struct sk_buff *skb, struct netlink_callback *cb,
			  u32 generation, const struct cmap_dp_map *m,
			  const struct cmap_dp_entry *e, u32 from)
{
	const struct cmap_rule *rules = m->cls->rules + e->first_rule;
	struct nlattr *nest, *lines, *line;
	u32 i;
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &cmap_genl_family, NLM_F_MULTI, CMAP_CMD_GET_HITS);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (nla_put_u32(skb, CMAP_A_GENERATION, generation))
		goto cancel;
	nest = nla_nest_start(skb, CMAP_A_ENTRY);
	if (!nest || nla_put_string(skb, CMAP_ENTRY_A_MAP, m->name) ||
	    nla_put_u16(skb, CMAP_ENTRY_A_SEQ, e->seq) ||
	    nla_put_u32(skb, CMAP_ENTRY_A_ID, e->id) ||
	    nla_put_u64_64bit(skb, CMAP_ENTRY_A_HITS, cmap_dp_hits(e, 0),
			      CMAP_ENTRY_A_PAD))
		goto cancel;
	lines = nla_nest_start(skb, CMAP_ENTRY_A_LINE_HITS);
	if (!lines)
		goto cancel;
	for (i = from; i < e->n_rules; i++) {
		line = nla_nest_start(skb, CMAP_ACL_A_LINE);
		if (!line || nla_put_u32(skb, CMAP_LINE_A_SEQ, rules[i].line_seq) ||
		    nla_put_u64_64bit(skb, CMAP_LINE_A_HITS,
				      cmap_dp_hits(e, rules[i].line_idx),
				      CMAP_LINE_A_PAD)) {
			if (line)
				nla_nest_cancel(skb, line);
			break;
		}
		nla_nest_end(skb, line);
	}
	if (i == from && i < e->n_rules)
		goto cancel;
	nla_nest_end(skb, lines);
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return i - from;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* Cursor: args[0] map, args[1] entry, args[2] line within the entry. */
int cmap_nl_dump_hits(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct cmap_dpnet *dpn = cmap_dpnet(sock_net(cb->skb->sk));
	const struct cmap_dp *dp;
	int n;

	n = cmap_nl_dump_perm(cb);
	if (n)
		return n;
	rcu_read_lock();
	dp = rcu_dereference(dpn->dp);
	cb->seq = dp ? dp->generation : 0;
	for (; dp && cb->args[0] < dp->n_maps; cb->args[0]++, cb->args[1] = 0) {
		const struct cmap_dp_map *m = &dp->maps[cb->args[0]];

		for (; cb->args[1] < m->n_entries; cb->args[1]++) {
			const struct cmap_dp_entry *e = &m->entries[cb->args[1]];

			do {
				n = cmap_hits_fill(skb, cb, dp->generation, m, e,
						   cb->args[2]);
				if (n < 0)
					goto out;
				cb->args[2] += n;
			} while (cb->args[2] < e->n_rules);
			cb->args[2] = 0;
		}
	}
out:
	rcu_read_unlock();
	return skb->len;
}
