// SPDX-License-Identifier: GPL-2.0
/*
 * ESP output (RFC 4303 3.3): trailer, header, IV, encryption and ICV in one
 * AEAD request, then the outer IPv4 header (tunnel mode) or the original
 * one (transport mode), and out through the stack.
 *
 * The protected packet leaves through ip_local_out() with IPSKB_REROUTED
 * set: ip_output() skips the POST_ROUTING hooks for such packets (see
 * ip_output() in net/ipv4/ip_output.c), so our own output hook never sees
 * it again, while LOCAL_OUT (the OUTPUT chain) still does.
 */
#include <crypto/aead.h>
#include <linux/random.h>
#include <net/dsfield.h>
#include <net/esp.h>
#include <net/inet_ecn.h>
#include <net/ip.h>

#include "dataplane.h"
#include "esp.h"
#include "fault.h"
#include "parallel.h"
#include "sa.h"

struct cmap_esp_ctx *cmap_esp_ctx_new(struct crypto_aead *aead, int nfrags)
{
	unsigned int ivlen = crypto_aead_ivsize(aead);
	unsigned int amask = crypto_aead_alignmask(aead);
	struct cmap_esp_ctx *ctx;
	size_t len;
	u8 *p;

	len = sizeof(*ctx) + amask + ivlen + crypto_tfm_ctx_alignment() +
	      sizeof(struct aead_request) + crypto_aead_reqsize(aead) +
	      __alignof__(struct scatterlist) +
	      sizeof(struct scatterlist) * nfrags;
	ctx = cmap_fault_packet() ? NULL : kmalloc(len, GFP_ATOMIC);
	if (!ctx)
		return NULL;
	memset(ctx, 0, sizeof(*ctx));
	ctx->iv = PTR_ALIGN((u8 *)(ctx + 1), amask + 1);
	p = PTR_ALIGN(ctx->iv + ivlen, crypto_tfm_ctx_alignment());
	ctx->req = (struct aead_request *)p;
	p += sizeof(struct aead_request) + crypto_aead_reqsize(aead);
	ctx->sg = PTR_ALIGN((struct scatterlist *)p,
			    __alignof__(struct scatterlist));
	aead_request_set_tfm(ctx->req, aead);
	return ctx;
}

unsigned int cmap_esp_fit(const struct cmap_sa *sa, unsigned int mtu,
			  bool transport, unsigned int ihl)
{
	const struct cmap_esp_geom *g = &sa->geom;
	unsigned int hdr = transport ? ihl : sizeof(struct iphdr);
	unsigned int over = hdr + sizeof(struct ip_esp_hdr) + g->ivlen +
			    g->icvlen;

	if (mtu < over + g->blksize)
		return 0;
	return ((mtu - over) & ~(g->blksize - 1)) - 2 + (transport ? ihl : 0);
}

void cmap_esp_output_finish(struct cmap_esp_ctx *ctx, int err)
{
	struct sk_buff *skb = ctx->skb;
	struct cmap_sa *sa = ctx->sa;
	struct cmap_dpnet *dpn = ctx->dpn;
	struct iphdr *iph;
	u8 *ad = skb->data + ctx->ad_off;

	/* ESN: the SPI goes back in place, and the borrowed bytes too. */
	if (sa->xf.esn) {
		memcpy(ad + 4, &sa->spi, 4);
		memcpy(ad, &ctx->saved, 4);
	}
	if (unlikely(err)) {
		cmap_dp_stat(dpn, CMAP_STAT_DROP_ENCRYPT);
		cmap_sa_ctr_inc(sa->ctr, CMAP_SA_CTR_A_SEND_ERRORS);
		kfree_skb(skb);
		goto out;
	}

	iph = ip_hdr(skb);
	if (ctx->transport) {
		iph->protocol = IPPROTO_ESP;
	} else {
		iph->version = 4;
		iph->ihl = sizeof(*iph) / 4;
		iph->tos = ctx->outer_tos;
		iph->tot_len = htons(skb->len);
		iph->frag_off = ctx->df ? htons(IP_DF) : 0;
		iph->ttl = ip4_dst_hoplimit(&ctx->rt->dst);
		iph->protocol = IPPROTO_ESP;
		iph->saddr = ctx->saddr;
		iph->daddr = sa->peer;
		ip_select_ident(dpn->net, skb, NULL);
	}

	cmap_sa_ctr_inc(sa->ctr, CMAP_SA_CTR_A_ENCAPS);
	if (cmap_crypto_encrypts(&sa->xf))
		cmap_sa_ctr_inc(sa->ctr, CMAP_SA_CTR_A_ENCRYPT);
	if (cmap_crypto_digests(&sa->xf))
		cmap_sa_ctr_inc(sa->ctr, CMAP_SA_CTR_A_DIGEST);
	cmap_sa_ctr_add(sa->ctr, CMAP_SA_CTR_A_BYTES, ctx->inner_len);
	cmap_dp_stat(dpn, CMAP_STAT_OUT_PROTECTED);

	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	IPCB(skb)->flags = IPSKB_REROUTED;
	skb_dst_drop(skb);
	skb_dst_set(skb, &ctx->rt->dst);
	ctx->rt = NULL;
	nf_reset_ct(skb);
	skb->protocol = htons(ETH_P_IP);
	skb->ip_summed = CHECKSUM_NONE;

	local_bh_disable();
	err = ip_local_out(dpn->net, NULL, skb);
	local_bh_enable();
	if (unlikely(net_xmit_eval(err)))
		cmap_sa_ctr_inc(sa->ctr, CMAP_SA_CTR_A_SEND_ERRORS);
out:
	if (ctx->rt)
		ip_rt_put(ctx->rt);
	kfree(ctx);
	cmap_sa_put(sa);
	cmap_crypto_inflight_dec(&dpn->inflight);
}

/* 6.1: completion callbacks still take the crypto_async_request. */
static void cmap_esp_output_done(struct crypto_async_request *base, int err)
{
	/* A backlogged request entered the queue: the real end comes later. */
	if (err == -EINPROGRESS)
		return;
	cmap_esp_output_finish(base->data, err);
}

void cmap_esp_output(struct cmap_dpnet *dpn, struct cmap_sa *sa,
		     struct sk_buff *skb, const struct cmap_esp_out *o)
{
	const struct cmap_esp_geom *g = &sa->geom;
	unsigned int hdrlen = sizeof(struct ip_esp_hdr) + g->ivlen;
	unsigned int ihl, plen, clen, padlen, tailen, push, assoclen;
	struct cmap_esp_ctx *ctx;
	struct ip_esp_hdr *esph;
	struct sk_buff *trailer;
	u8 next, tos, *tail, *ad;
	/* RFC 4303 3.3.3: a sender never cycles the counter. */
	u64 seq = 0, limit = sa->xf.esn ? U64_MAX : U32_MAX;
	bool par = cmap_par_enabled();
	int nfrags, err, i;

	/* In parallel mode the number comes with the place in the queue. */
	if (!par)
		seq = atomic64_inc_return(&sa->seq_out);
	else
		seq = atomic64_read(&sa->seq_out) + 1;
	if (unlikely(!seq || seq > limit))
		goto exhausted;

	ihl = ip_hdrlen(skb);
	tos = ip_hdr(skb)->tos;
	if (o->transport) {
		plen = skb->len - ihl;
		next = ip_hdr(skb)->protocol;
		push = hdrlen;
	} else {
		plen = skb->len;
		next = IPPROTO_IPIP;
		push = hdrlen + sizeof(struct iphdr);
	}
	clen = ALIGN(plen + 2, g->blksize);
	padlen = clen - plen - 2;
	tailen = padlen + 2 + g->icvlen;

	if (cmap_fault_packet() ||
	    skb_cow_head(skb, push + LL_RESERVED_SPACE(o->rt->dst.dev)))
		goto nomem;
	nfrags = cmap_fault_packet() ? -ENOMEM :
		 skb_cow_data(skb, tailen, &trailer);
	if (nfrags < 0)
		goto nomem;
	/* RFC 4303 2.4: the default padding is 1, 2, 3, ... */
	tail = skb_tail_pointer(trailer);
	for (i = 0; i < padlen; i++)
		tail[i] = i + 1;
	tail[padlen] = padlen;
	tail[padlen + 1] = next;
	pskb_put(skb, trailer, tailen);

	skb_push(skb, push);
	if (o->transport)
		memmove(skb->data, skb->data + push, ihl);
	skb_reset_network_header(skb);
	esph = (struct ip_esp_hdr *)(skb->data + (o->transport ? ihl :
						  sizeof(struct iphdr)));

	ctx = cmap_esp_ctx_new(sa->aead, nfrags);
	if (!ctx)
		goto nomem;
	if (par) {
		err = cmap_oq_add_seq(sa, ctx, limit, &seq);
		if (unlikely(err)) {
			kfree(ctx);
			if (err == -ERANGE)
				goto exhausted;
			cmap_dp_stat(dpn, CMAP_STAT_DROP_BACKLOG);
			goto drop;
		}
		/* Kept beyond this RCU section: a reference of its own. */
		skb_dst_force(skb);
	}
	ctx->skb = skb;
	ctx->sa = sa;
	ctx->dpn = dpn;
	ctx->rt = o->rt;
	dst_hold(&o->rt->dst);
	ctx->seq = seq;
	ctx->inner_len = plen;
	ctx->saddr = o->saddr;
	ctx->df = o->df;
	ctx->transport = o->transport;
	ctx->outer_tos = INET_ECN_encapsulate(tos, tos);

	esph->spi = sa->spi;
	esph->seq_no = htonl(lower_32_bits(seq));
	if (g->ivlen) {
		u8 *iv = (u8 *)(esph + 1);

		if (g->random_iv)
			get_random_bytes(iv, g->ivlen);
		else
			put_unaligned_be64(seq, iv);
		memcpy(ctx->iv, iv, g->ivlen);
	}
	ad = (u8 *)esph;
	assoclen = sizeof(*esph) + g->ivlen;
	if (sa->xf.esn) {
		/*
		 * authencesn and rfc4106/4543 with ESN take SPI, high and
		 * low sequence number in a row: borrow the 4 bytes in front.
		 */
		ad -= 4;
		assoclen += 4;
		memcpy(&ctx->saved, ad, 4);
		memcpy(ad, &sa->spi, 4);
		put_unaligned_be32(upper_32_bits(seq), ad + 4);
	}
	ctx->ad_off = ad - skb->data;

	sg_init_table(ctx->sg, nfrags);
	err = skb_to_sgvec(skb, ctx->sg, ctx->ad_off,
			   assoclen + clen + g->icvlen);
	aead_request_set_callback(ctx->req, CRYPTO_TFM_REQ_MAY_BACKLOG,
				  par ? cmap_par_req_done : cmap_esp_output_done,
				  ctx);
	aead_request_set_crypt(ctx->req, ctx->sg, ctx->sg, clen, ctx->iv);
	aead_request_set_ad(ctx->req, assoclen);
	cmap_crypto_inflight_inc(&dpn->inflight);
	if (par) {
		if (likely(err >= 0))
			cmap_par_crypt(ctx);
		else
			cmap_par_done(ctx, err);
		return;
	}
	if (likely(err >= 0))
		err = crypto_aead_encrypt(ctx->req);
	if (err == -EINPROGRESS || err == -EBUSY)
		return;
	cmap_esp_output_finish(ctx, err);
	return;

exhausted:
	set_bit(CMAP_SA_SEQ_BIT, &sa->bits);
	cmap_sa_kick_gc(&dpn->sadb);
	cmap_dp_stat(dpn, CMAP_STAT_DROP_SEQ);
	goto drop;
nomem:
	cmap_dp_stat(dpn, CMAP_STAT_DROP_NOMEM);
drop:
	cmap_sa_ctr_inc(sa->ctr, CMAP_SA_CTR_A_SEND_ERRORS);
	kfree_skb(skb);
	cmap_sa_put(sa);
}
