// SPDX-License-Identifier: GPL-2.0
/*
 * ESP input (RFC 4303 3.4): length checks and the replay check before any
 * crypto, ICV verification and decryption in one AEAD request, the window
 * advanced only after the ICV verified, then trailer checks and the inner
 * packet.
 *
 * Padding: RFC 4303 2.4 makes 1, 2, 3, ... the default padding content and
 * lets the receiver check it. We do (the ICV has verified by then, so a
 * mismatch means a broken peer, and we would rather count it than pass
 * whatever follows).
 */
#include <crypto/aead.h>
#include <linux/netdevice.h>
#include <net/esp.h>
#include <net/inet_ecn.h>
#include <net/ip.h>

#include "dataplane.h"
#include "esp.h"
#include "fault.h"
#include "parallel.h"
#include "sa.h"

static void cmap_esp_in_drop(struct cmap_dpnet *dpn, struct cmap_sa *sa,
			     struct sk_buff *skb, enum cmap_stat why,
			     enum cmap_sa_ctr_attr ctr)
{
	cmap_dp_stat(dpn, why);
	if (ctr)
		cmap_sa_ctr_inc(sa->ctr, ctr);
	cmap_sa_ctr_inc(sa->ctr, CMAP_SA_CTR_A_RECV_ERRORS);
	kfree_skb(skb);
}

/* The trailer (RFC 4303 2.4-2.6): returns the next header, or -1. */
static int cmap_esp_trailer(struct sk_buff *skb, const struct cmap_sa *sa)
{
	unsigned int icv = sa->geom.icvlen;
	unsigned int hlen = sizeof(struct ip_esp_hdr) + sa->geom.ivlen;
	u8 nh[2], pad[255];
	int i;

	if (skb_copy_bits(skb, skb->len - icv - 2, nh, 2))
		return -1;
	if (hlen + nh[0] + 2 + icv > skb->len)
		return -1;
	if (nh[0]) {
		if (skb_copy_bits(skb, skb->len - icv - 2 - nh[0], pad, nh[0]))
			return -1;
		for (i = 0; i < nh[0]; i++)
			if (pad[i] != i + 1)
				return -1;
	}
	if (pskb_trim(skb, skb->len - icv - 2 - nh[0]))
		return -1;
	__skb_pull(skb, hlen);
	return nh[1];
}

/* Tunnel mode: the inner packet must be a sound IPv4 packet. */
static bool cmap_esp_inner_ok(struct sk_buff *skb, u8 outer_tos)
{
	struct iphdr *iph;
	unsigned int ihl, len;

	skb_reset_network_header(skb);
	if (!pskb_may_pull(skb, sizeof(*iph)))
		return false;
	iph = ip_hdr(skb);
	ihl = iph->ihl * 4;
	if (iph->version != 4 || ihl < sizeof(*iph) || !pskb_may_pull(skb, ihl))
		return false;
	iph = ip_hdr(skb);
	len = ntohs(iph->tot_len);
	if (ip_fast_csum((u8 *)iph, iph->ihl) || len < ihl || len > skb->len)
		return false;
	/* RFC 4303 2.7: traffic flow confidentiality padding may follow. */
	if (pskb_trim(skb, len))
		return false;
	skb_set_transport_header(skb, ihl);
	if (INET_ECN_is_ce(outer_tos))
		IP_ECN_set_ce(iph);
	return true;
}

/* Transport mode: the outer header, kept in the headroom, moves up. */
static void cmap_esp_transport(struct sk_buff *skb, unsigned int ihl,
			       unsigned int hlen, u8 next)
{
	struct iphdr *iph;

	memmove(skb->data - ihl, skb->data - hlen - ihl, ihl);
	skb_push(skb, ihl);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, ihl);
	iph = ip_hdr(skb);
	iph->protocol = next;
	iph->tot_len = htons(skb->len);
	ip_send_check(iph);
}

void cmap_esp_input_finish(struct cmap_esp_ctx *ctx, int err)
{
	struct sk_buff *skb = ctx->skb;
	struct cmap_sa *sa = ctx->sa;
	struct cmap_dpnet *dpn = ctx->dpn;
	struct net_device *dev = skb->dev;
	unsigned int hlen = sizeof(struct ip_esp_hdr) + sa->geom.ivlen;
	bool ok;
	int next;

	if (sa->xf.esn) {
		memcpy(skb->data + 4, skb->data, 4);
		memcpy(skb->data, &ctx->saved, 4);
		__skb_pull(skb, 4);
	}
	if (err == -EBADMSG) {
		cmap_esp_in_drop(dpn, sa, skb, CMAP_STAT_DROP_AUTH,
				 CMAP_SA_CTR_A_AUTH);
		goto out;
	}
	if (err) {
		cmap_esp_in_drop(dpn, sa, skb, CMAP_STAT_DROP_DECRYPT, 0);
		goto out;
	}
	spin_lock_bh(&sa->lock);
	ok = cmap_replay_advance(sa->replay, ctx->seq);
	spin_unlock_bh(&sa->lock);
	if (!ok) {
		cmap_esp_in_drop(dpn, sa, skb, CMAP_STAT_DROP_REPLAY,
				 CMAP_SA_CTR_A_REPLAY);
		goto out;
	}

	cmap_sa_ctr_inc(sa->ctr, CMAP_SA_CTR_A_DECAPS);
	if (cmap_crypto_encrypts(&sa->xf))
		cmap_sa_ctr_inc(sa->ctr, CMAP_SA_CTR_A_DECRYPT);
	if (cmap_crypto_digests(&sa->xf))
		cmap_sa_ctr_inc(sa->ctr, CMAP_SA_CTR_A_VERIFY);

	next = cmap_esp_trailer(skb, sa);
	if (next < 0) {
		cmap_esp_in_drop(dpn, sa, skb, CMAP_STAT_DROP_TRAILER, 0);
		goto out;
	}
	cmap_sa_ctr_add(sa->ctr, CMAP_SA_CTR_A_BYTES, skb->len);
	if (next == IPPROTO_NONE) {
		/* RFC 4303 2.6: dummy packets are dropped, not an error. */
		cmap_dp_stat(dpn, CMAP_STAT_DROP_DUMMY);
		kfree_skb(skb);
		goto out;
	}
	if (next == IPPROTO_IPIP) {
		if (!cmap_esp_inner_ok(skb, ctx->outer_tos)) {
			cmap_esp_in_drop(dpn, sa, skb, CMAP_STAT_DROP_INNER, 0);
			goto out;
		}
	} else if (sa->xf.mode == CMAP_MODE_TRANSPORT) {
		cmap_esp_transport(skb, ctx->outer_ihl, hlen, next);
	} else {
		cmap_esp_in_drop(dpn, sa, skb, CMAP_STAT_DROP_NEXT_HEADER, 0);
		goto out;
	}
	cmap_input_inner(dpn, sa, skb, ctx->depth);
out:
	dev_put(dev);
	kfree(ctx);
	cmap_sa_put(sa);
	cmap_crypto_inflight_dec(&dpn->inflight);
}

static void cmap_esp_input_done(struct crypto_async_request *base, int err)
{
	if (err == -EINPROGRESS)
		return;
	cmap_esp_input_finish(base->data, err);
}

void cmap_esp_input(struct cmap_dpnet *dpn, struct cmap_sa *sa,
		    struct sk_buff *skb)
{
	const struct cmap_esp_geom *g = &sa->geom;
	unsigned int hlen = sizeof(struct ip_esp_hdr) + g->ivlen;
	unsigned int ihl = ip_hdrlen(skb), assoclen;
	const struct iphdr *iph = ip_hdr(skb);
	struct cmap_esp_ctx *ctx;
	struct ip_esp_hdr *esph;
	struct sk_buff *trailer;
	bool ok, par = cmap_par_enabled();
	int clen, nfrags, err;
	u64 seq;

	clen = skb->len - ihl - hlen - g->icvlen;
	if (clen < g->blksize || clen % g->blksize ||
	    !pskb_may_pull(skb, ihl + hlen)) {
		cmap_esp_in_drop(dpn, sa, skb, CMAP_STAT_DROP_MALFORMED, 0);
		goto put;
	}
	esph = (struct ip_esp_hdr *)(skb->data + ihl);
	spin_lock_bh(&sa->lock);
	seq = cmap_replay_infer(sa->replay, ntohl(esph->seq_no), sa->xf.esn);
	ok = cmap_replay_check(sa->replay, seq);
	spin_unlock_bh(&sa->lock);
	if (!ok) {
		cmap_esp_in_drop(dpn, sa, skb, CMAP_STAT_DROP_REPLAY,
				 CMAP_SA_CTR_A_REPLAY);
		goto put;
	}

	nfrags = cmap_fault_packet() ? -ENOMEM : skb_cow_data(skb, 0, &trailer);
	if (nfrags < 0)
		goto nomem;
	ctx = cmap_esp_ctx_new(sa->aead, nfrags);
	if (!ctx)
		goto nomem;
	iph = ip_hdr(skb);
	ctx->skb = skb;
	ctx->sa = sa;
	ctx->dpn = dpn;
	ctx->seq = seq;
	ctx->depth = cmap_input_depth();
	ctx->outer_tos = iph->tos;
	ctx->outer_ihl = ihl;

	__skb_pull(skb, ihl);
	memcpy(ctx->iv, skb->data + sizeof(*esph), g->ivlen);
	assoclen = hlen;
	if (sa->xf.esn) {
		/* SPI, high and low sequence number in a row (see output). */
		__skb_push(skb, 4);
		memcpy(&ctx->saved, skb->data, 4);
		memcpy(skb->data, skb->data + 4, 4);
		put_unaligned_be32(upper_32_bits(seq), skb->data + 4);
		assoclen += 4;
	}
	sg_init_table(ctx->sg, nfrags);
	err = skb_to_sgvec(skb, ctx->sg, 0, skb->len);
	skb->ip_summed = CHECKSUM_NONE;
	/* The packet may wait in cryptd: its device must stay. */
	dev_hold(skb->dev);
	aead_request_set_callback(ctx->req, CRYPTO_TFM_REQ_MAY_BACKLOG,
				  par ? cmap_par_req_done : cmap_esp_input_done,
				  ctx);
	aead_request_set_crypt(ctx->req, ctx->sg, ctx->sg, skb->len - assoclen,
			       ctx->iv);
	aead_request_set_ad(ctx->req, assoclen);
	cmap_crypto_inflight_inc(&dpn->inflight);
	if (par) {
		/* Finished in the order of arrival (the replay window's). */
		ctx->decrypt = true;
		if (unlikely(!cmap_oq_add(sa, ctx))) {
			cmap_crypto_inflight_dec(&dpn->inflight);
			dev_put(skb->dev);
			kfree(ctx);
			cmap_esp_in_drop(dpn, sa, skb, CMAP_STAT_DROP_BACKLOG, 0);
			goto put;
		}
		/* Kept beyond this RCU section: a reference of its own. */
		skb_dst_force(skb);
		if (likely(err >= 0))
			cmap_par_crypt(ctx);
		else
			cmap_par_done(ctx, -ENOMEM);
		return;
	}
	if (likely(err >= 0))
		err = crypto_aead_decrypt(ctx->req);
	else
		err = -ENOMEM;
	if (err == -EINPROGRESS || err == -EBUSY)
		return;
	cmap_esp_input_finish(ctx, err);
	return;

nomem:
	cmap_esp_in_drop(dpn, sa, skb, CMAP_STAT_DROP_NOMEM, 0);
put:
	cmap_sa_put(sa);
}
