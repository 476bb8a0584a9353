// SPDX-License-Identifier: GPL-2.0
/*
 * Parallel crypto for one SA, finished in order: see parallel.h.
 */
#include <crypto/aead.h>
#include <linux/bottom_half.h>
#include <linux/cpumask.h>
#include <linux/llist.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/sched.h>

#include "esp.h"
#include "parallel.h"
#include "sa.h"

static bool crypto_parallel;
module_param(crypto_parallel, bool, 0444);
MODULE_PARM_DESC(crypto_parallel,
		 "encrypt and decrypt one SA's packets on every online CPU, in order (default: off)");

struct cmap_par_cpu {
	struct llist_head reqs;
	struct work_struct work;
};

static DEFINE_PER_CPU(struct cmap_par_cpu, cmap_par_cpus);
static DEFINE_PER_CPU(int, cmap_par_next);
static struct workqueue_struct *cmap_par_wq;
static atomic_t cmap_oq_next_cpu = ATOMIC_INIT(0);

bool cmap_par_enabled(void)
{
	return crypto_parallel;
}

static void cmap_oq_work(struct work_struct *work)
{
	struct cmap_sa *sa = container_of(work, struct cmap_sa, oq.work);
	struct cmap_oq *q = &sa->oq;
	struct cmap_esp_ctx *ctx, *tmp;
	LIST_HEAD(ready);

	for (;;) {
		spin_lock_bh(&q->lock);
		while ((ctx = list_first_entry_or_null(&q->pending,
						       struct cmap_esp_ctx,
						       oq_node)) &&
		       smp_load_acquire(&ctx->done))
			list_move_tail(&ctx->oq_node, &ready);
		spin_unlock_bh(&q->lock);
		if (list_empty(&ready))
			break;
		local_bh_disable();
		list_for_each_entry_safe(ctx, tmp, &ready, oq_node) {
			if (ctx->decrypt)
				cmap_esp_input_finish(ctx, ctx->err);
			else
				cmap_esp_output_finish(ctx, ctx->err);
		}
		local_bh_enable();
		INIT_LIST_HEAD(&ready);
		cond_resched();
	}
	cmap_sa_put(sa);	/* the work's own, see cmap_par_done() */
}

void cmap_oq_init(struct cmap_oq *q)
{
	unsigned int n = atomic_inc_return(&cmap_oq_next_cpu);

	spin_lock_init(&q->lock);
	INIT_LIST_HEAD(&q->pending);
	INIT_WORK(&q->work, cmap_oq_work);
	q->cpu = cpumask_local_spread(n % num_online_cpus(), NUMA_NO_NODE);
}

u64 cmap_oq_add_seq(struct cmap_sa *sa, struct cmap_esp_ctx *ctx, u64 limit)
{
	struct cmap_oq *q = &sa->oq;
	u64 seq;

	spin_lock_bh(&q->lock);
	seq = atomic64_inc_return(&sa->seq_out);
	if (likely(seq <= limit))
		list_add_tail(&ctx->oq_node, &q->pending);
	spin_unlock_bh(&q->lock);
	return seq <= limit ? seq : 0;
}

void cmap_oq_add(struct cmap_sa *sa, struct cmap_esp_ctx *ctx)
{
	spin_lock_bh(&sa->oq.lock);
	list_add_tail(&ctx->oq_node, &sa->oq.pending);
	spin_unlock_bh(&sa->oq.lock);
}

static int cmap_par_do(struct cmap_esp_ctx *ctx)
{
	return ctx->decrypt ? crypto_aead_decrypt(ctx->req) :
			      crypto_aead_encrypt(ctx->req);
}

void cmap_par_done(struct cmap_esp_ctx *ctx, int err)
{
	struct cmap_sa *sa = ctx->sa;

	/*
	 * Once done is set, the transmit work may send and free @ctx and put
	 * its reference on @sa: take the work's reference before.
	 */
	refcount_inc(&sa->ref);
	ctx->err = err;
	smp_store_release(&ctx->done, true);
	if (!queue_work_on(sa->oq.cpu, cmap_par_wq, &sa->oq.work))
		cmap_sa_put(sa);
}

/* 6.1: completion callbacks still take the crypto_async_request. */
void cmap_par_req_done(struct crypto_async_request *base, int err)
{
	if (err == -EINPROGRESS)
		return;
	cmap_par_done(base->data, err);
}

static void cmap_par_crypt_work(struct work_struct *work)
{
	struct cmap_par_cpu *pc = container_of(work, struct cmap_par_cpu,
					       work);
	struct llist_node *reqs = llist_reverse_order(llist_del_all(&pc->reqs));
	struct cmap_esp_ctx *ctx, *next;
	int err;

	llist_for_each_entry_safe(ctx, next, reqs, llnode) {
		err = cmap_par_do(ctx);
		if (err != -EINPROGRESS && err != -EBUSY)
			cmap_par_done(ctx, err);
		cond_resched();
	}
}

void cmap_par_crypt(struct cmap_esp_ctx *ctx)
{
	struct cmap_par_cpu *pc;
	int cpu, err;

	cpu = cpumask_next(this_cpu_read(cmap_par_next), cpu_online_mask);
	if (cpu >= nr_cpu_ids)
		cpu = cpumask_first(cpu_online_mask);
	this_cpu_write(cmap_par_next, cpu);
	/* This CPU's turn: here and now, without a worker's wake-up. */
	if (cpu == raw_smp_processor_id()) {
		err = cmap_par_do(ctx);
		if (err != -EINPROGRESS && err != -EBUSY)
			cmap_par_done(ctx, err);
		return;
	}
	pc = per_cpu_ptr(&cmap_par_cpus, cpu);
	if (llist_add(&ctx->llnode, &pc->reqs))
		queue_work_on(cpu, cmap_par_wq, &pc->work);
}

int cmap_par_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct cmap_par_cpu *pc = per_cpu_ptr(&cmap_par_cpus, cpu);

		init_llist_head(&pc->reqs);
		INIT_WORK(&pc->work, cmap_par_crypt_work);
		per_cpu(cmap_par_next, cpu) = -1;
	}
	cmap_par_wq = alloc_workqueue("cryptomap-crypt",
				      WQ_CPU_INTENSIVE | WQ_MEM_RECLAIM, 0);
	return cmap_par_wq ? 0 : -ENOMEM;
}

/* After every namespace's requests ended: what is still queued only puts. */
void cmap_par_uninit(void)
{
	destroy_workqueue(cmap_par_wq);
}
