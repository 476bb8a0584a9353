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

static int crypto_parallel = -1;
module_param(crypto_parallel, int, 0444);
MODULE_PARM_DESC(crypto_parallel,
		 "encrypt and decrypt one SA's packets on every online CPU, in order: 1 on, 0 off, -1 (default) on when 2 or more CPUs are online at load");

struct cmap_par_cpu {
	struct llist_head reqs;
	struct work_struct work;
};

static unsigned int crypto_parallel_queue = CMAP_OQ_MAX;
module_param(crypto_parallel_queue, uint, 0444);
MODULE_PARM_DESC(crypto_parallel_queue,
		 "requests an SA's queue holds with crypto_parallel (default 4096, 1-65536)");

static DEFINE_PER_CPU(struct cmap_par_cpu, cmap_par_cpus);
static DEFINE_PER_CPU(int, cmap_par_next);
static struct workqueue_struct *cmap_par_wq;
static atomic_t cmap_oq_next_cpu = ATOMIC_INIT(0);

static bool cmap_par_on __read_mostly;

bool cmap_par_enabled(void)
{
	return cmap_par_on;
}

static void cmap_oq_work(struct work_struct *work)
{
	struct cmap_sa *sa = container_of(work, struct cmap_sa, oq.work);
	struct cmap_oq *q = &sa->oq;
	struct cmap_esp_ctx *ctx, *tmp;
	LIST_HEAD(ready);
	unsigned int n;

	for (;;) {
		n = 0;
		spin_lock_bh(&q->lock);
		while (n < CMAP_OQ_BATCH &&
		       (ctx = list_first_entry_or_null(&q->pending,
						       struct cmap_esp_ctx,
						       oq_node)) &&
		       smp_load_acquire(&ctx->done)) {
			list_move_tail(&ctx->oq_node, &ready);
			n++;
		}
		q->len -= n;
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

int cmap_oq_add_seq(struct cmap_sa *sa, struct cmap_esp_ctx *ctx, u64 limit,
		    u64 *seq)
{
	struct cmap_oq *q = &sa->oq;
	int err = 0;

	spin_lock_bh(&q->lock);
	if (unlikely(q->len >= crypto_parallel_queue)) {
		err = -ENOSPC;
	} else {
		*seq = atomic64_inc_return(&sa->seq_out);
		if (unlikely(!*seq || *seq > limit)) {
			err = -ERANGE;
		} else {
			list_add_tail(&ctx->oq_node, &q->pending);
			q->len++;
		}
	}
	spin_unlock_bh(&q->lock);
	return err;
}

bool cmap_oq_add(struct cmap_sa *sa, struct cmap_esp_ctx *ctx)
{
	struct cmap_oq *q = &sa->oq;
	bool ok;

	spin_lock_bh(&q->lock);
	ok = q->len < crypto_parallel_queue;
	if (likely(ok)) {
		list_add_tail(&ctx->oq_node, &q->pending);
		q->len++;
	}
	spin_unlock_bh(&q->lock);
	return ok;
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
	 * Once done is set, the finishing work may finish and free @ctx and put
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

/*
 * Callers may be preemptible (locally generated packets): a migration
 * between the reads below only skews the turns, which is harmless.
 */
void cmap_par_crypt(struct cmap_esp_ctx *ctx)
{
	struct cmap_par_cpu *pc;
	unsigned int cpu;
	int err;

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

	cmap_par_on = crypto_parallel > 0 ||
		      (crypto_parallel < 0 && num_online_cpus() > 1);
	if (!cmap_par_on)
		return 0;
	if (!crypto_parallel_queue || crypto_parallel_queue > 65536) {
		pr_err("cryptomap: crypto_parallel_queue must be 1 to 65536\n");
		return -EINVAL;
	}
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
	if (cmap_par_wq)
		destroy_workqueue(cmap_par_wq);
}
