/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parallel crypto for one SA, in order (module parameter crypto_parallel:
 * on by default when the module loads with 2 or more CPUs online).
 *
 * Each SA has an ordered queue. The packet path prepares each packet as
 * usual and appends its request to the queue of its SA: outbound together
 * with its sequence number, in one step under the queue's lock, so the
 * queue is in sequence order; inbound in the order of arrival, after the
 * replay check. It then hands the request to one of the online CPUs in
 * turn (a per-CPU list and work item; the submitting CPU's own turn is
 * done at once). Requests complete in any order; each SA has one work item
 * that finishes the head of its queue while the head is done (outbound:
 * sends it; inbound: advances the replay window and hands the inner packet
 * on), always on the same CPU. So a peer sees one SA's packets in sequence
 * order and from one CPU, and the stack sees what one SA decrypted in the
 * order it arrived: on veths and other software devices the next hop's
 * work then stays in order too.
 *
 * Each queue holds at most CMAP_OQ_MAX requests (module parameter
 * crypto_parallel_queue): beyond, packets are
 * dropped and counted (drop_backlog) rather than parked without bound when
 * the workers fall behind the softirqs that feed them. The work item
 * finishes at most CMAP_OQ_BATCH requests with bottom halves disabled, so
 * that what it hands to the stack (a veth's backlog, 1,000 by default) is
 * processed between batches.
 *
 * CPU hotplug: a queue's CPU is chosen when the SA is created. If it goes
 * offline, the work still runs (on an unbound worker) and the order of
 * finishing is kept, but successive runs may be on different CPUs.
 *
 * References: a queued request holds one on its SA (as every request
 * does); a queued finishing work item holds one more, taken before the
 * request is marked done, so the SA outlives the work. Module exit waits
 * for the completion callbacks, then drains the workqueue, after every
 * namespace's requests ended.
 */
#ifndef _CMAP_PARALLEL_H
#define _CMAP_PARALLEL_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

struct crypto_async_request;
struct cmap_esp_ctx;
struct cmap_sa;

#define CMAP_OQ_MAX	4096	/* default of crypto_parallel_queue */
#define CMAP_OQ_BATCH	64

struct cmap_oq {
	spinlock_t lock;
	struct list_head pending;	/* requests, in order */
	unsigned int len;		/* of @pending */
	struct work_struct work;	/* finishes the done head, in order */
	int cpu;			/* where @work runs */
};

bool cmap_par_enabled(void);
void cmap_oq_init(struct cmap_oq *q);

/*
 * Outbound: the SA's next sequence number in @seq, and @ctx queued under
 * it. -ENOSPC: the queue is full; -ERANGE: the number would be 0 or exceed
 * @limit. Either way nothing is queued and the caller drops.
 */
int cmap_oq_add_seq(struct cmap_sa *sa, struct cmap_esp_ctx *ctx, u64 limit,
		    u64 *seq);
/* Inbound: @ctx queued in the order of arrival; false: the queue is full. */
bool cmap_oq_add(struct cmap_sa *sa, struct cmap_esp_ctx *ctx);

/* Encrypts or decrypts (ctx->decrypt) a queued request on the next CPU. */
void cmap_par_crypt(struct cmap_esp_ctx *ctx);

/* A queued request's crypto ended with @err; it is finished in its turn. */
void cmap_par_done(struct cmap_esp_ctx *ctx, int err);

/* crypto_async_request callback of queued requests. */
void cmap_par_req_done(struct crypto_async_request *base, int err);

int cmap_par_init(void);
void cmap_par_uninit(void);

#endif /* _CMAP_PARALLEL_H */
