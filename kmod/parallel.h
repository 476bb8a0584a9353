/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parallel encryption of one SA's packets, sent in the order of their
 * sequence numbers (module parameter crypto_parallel=1).
 *
 * The packet path prepares each packet as usual, takes its sequence number
 * and appends its request to the SA's transmit queue in one step under the
 * SA's queue lock, then hands the request to one of the online CPUs in turn
 * (a per-CPU list and work item). Requests complete in any order; each SA
 * has one transmit work item, always run on the same CPU, that sends the
 * head of its queue while the head is done. So the peer sees one SA's
 * packets in sequence order, and from one CPU: on veths and other software
 * devices the next hop's receive work stays on that CPU too, in order.
 *
 * References: a queued request holds one on its SA (as every request
 * does); a queued transmit work item holds one more, taken before the
 * request is marked done, so the SA outlives the work. Both work queues
 * are drained at module exit, after every namespace's requests.
 */
#ifndef _CMAP_PARALLEL_H
#define _CMAP_PARALLEL_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

struct crypto_async_request;
struct cmap_esp_ctx;
struct cmap_sa;

struct cmap_txq {
	spinlock_t lock;
	struct list_head pending;	/* requests, by sequence number */
	struct work_struct work;	/* sends the done head, in order */
	int cpu;			/* where @work runs */
};

bool cmap_par_enabled(void);
void cmap_txq_init(struct cmap_txq *q);

/*
 * The SA's next sequence number, and @ctx queued under it: returns it, or
 * 0 without queueing when it would exceed @limit (the caller drops).
 */
u64 cmap_txq_add(struct cmap_sa *sa, struct cmap_esp_ctx *ctx, u64 limit);

/* Encrypts a queued request on the next CPU; its end sends it in order. */
void cmap_par_encrypt(struct cmap_esp_ctx *ctx);

/* A queued request's crypto ended with @err (0: done, sendable). */
void cmap_par_done(struct cmap_esp_ctx *ctx, int err);

/* crypto_async_request callback of queued requests. */
void cmap_par_req_done(struct crypto_async_request *base, int err);

int cmap_par_init(void);
void cmap_par_uninit(void);

#endif /* _CMAP_PARALLEL_H */
