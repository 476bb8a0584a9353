/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ESP (RFC 4303) encapsulation and decapsulation with one SA.
 */
#ifndef _CMAP_ESP_H
#define _CMAP_ESP_H

#include <linux/list.h>
#include <linux/llist.h>
#include <linux/skbuff.h>
#include <net/route.h>

struct cmap_dpnet;
struct cmap_sa;

struct cmap_esp_out {
	struct rtable *rt;	/* to the peer; each packet takes a reference */
	__be32 saddr;		/* outer source (tunnel mode) */
	bool df;		/* outer DF (tunnel mode) */
	bool transport;
};

/* The largest IPv4 packet that still fits @mtu once protected. */
unsigned int cmap_esp_fit(const struct cmap_sa *sa, unsigned int mtu,
			  bool transport, unsigned int ihl);

/* Both consume @skb and one reference on @sa, whatever happens. */
void cmap_esp_output(struct cmap_dpnet *dpn, struct cmap_sa *sa,
		     struct sk_buff *skb, const struct cmap_esp_out *o);
void cmap_esp_input(struct cmap_dpnet *dpn, struct cmap_sa *sa,
		    struct sk_buff *skb);

struct cmap_esp_ctx;
/*
 * The ends of ESP output and input once the request is done: send, or hand
 * the inner packet on, or count a drop.
 */
void cmap_esp_output_finish(struct cmap_esp_ctx *ctx, int err);
void cmap_esp_input_finish(struct cmap_esp_ctx *ctx, int err);

/*
 * input.c: an inner packet that passed ESP, to check and hand on. @depth is
 * how many ESP layers were already removed around the ESP packet it came
 * from (cmap_input_depth() when that packet arrived): kept in the request,
 * it limits nesting when decryption completes later, on another stack.
 */
void cmap_input_inner(struct cmap_dpnet *dpn, struct cmap_sa *sa,
		      struct sk_buff *skb, u8 depth);
u8 cmap_input_depth(void);

/*
 * One per-packet allocation: this header, then the IV, the AEAD request and
 * the scatterlist, each aligned as the crypto API wants.
 */
struct cmap_esp_ctx {
	struct sk_buff *skb;
	struct cmap_sa *sa;
	struct cmap_dpnet *dpn;
	struct rtable *rt;		/* output */
	u64 seq;
	u32 ad_off;			/* associated data, from skb->data */
	u32 inner_len;
	u32 outer_ihl;			/* input: transport mode */
	__be32 saved;			/* ESN: the 4 bytes borrowed */
	__be32 saddr;
	__be32 outer_daddr;		/* input: restored after ESN */
	u8 outer_tos;
	u8 depth;			/* input: ESP layers around this one */
	bool df, transport;
	u8 *iv;
	struct aead_request *req;
	struct scatterlist *sg;
	/* with crypto_parallel (parallel.c) */
	struct list_head oq_node;	/* in the SA's ordered queue */
	struct llist_node llnode;	/* in a CPU's list of requests */
	int err;
	bool done;
	bool decrypt;
};

struct cmap_esp_ctx *cmap_esp_ctx_new(struct crypto_aead *aead, int nfrags);

#endif /* _CMAP_ESP_H */
