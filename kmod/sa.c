// SPDX-License-Identifier: GPL-2.0
/*
 * The SA table of a namespace, SA lifetimes and SPI reservations.
 */
#include <linux/hash.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "dataplane.h"
#include "events.h"
#include "pernet.h"
#include "sa.h"

static struct workqueue_struct *cmap_sa_wq;

static u32 cmap_sa_spi_hash(u8 dir, __be32 spi, __be32 peer)
{
	u32 k = (__force u32)spi;

	if (dir == CMAP_SA_DIR_OUT)
		k ^= (__force u32)peer * 0x9e3779b9;
	return hash_32(k, CMAP_SADB_BITS);
}

static u32 cmap_sa_flow_hash(u32 entry_id, u32 line)
{
	return hash_32(entry_id * 0x9e3779b9 + line, CMAP_SADB_BITS);
}

static void cmap_sa_assert_locked(struct cmap_sadb *db)
{
	lockdep_assert_held(&db->dpn->cn->lock);
}

/* Lookups run under RCU on the packet path, under the mutex elsewhere. */
#define cmap_sa_locked(db)	lockdep_is_held(&(db)->dpn->cn->lock)

bool cmap_sel_match(const struct cmap_sel *s, const struct cmap_pkt *p)
{
	if ((p->src & s->smask) != s->src || (p->dst & s->dmask) != s->dst)
		return false;
	if (s->proto && s->proto != p->proto)
		return false;
	if (!p->l4 || (p->proto != IPPROTO_TCP && p->proto != IPPROTO_UDP))
		return true;
	return p->sport >= s->sport_lo && p->sport <= s->sport_hi &&
	       p->dport >= s->dport_lo && p->dport <= s->dport_hi;
}

/* Under RCU or the mutex; no reference taken. */
struct cmap_sa *cmap_sa_in_find(struct cmap_sadb *db, __be32 spi)
{
	struct cmap_sa *sa;

	hlist_for_each_entry_rcu(sa, &db->spi[cmap_sa_spi_hash(CMAP_SA_DIR_IN,
							       spi, 0)],
				 spi_node, cmap_sa_locked(db))
		if (sa->dir == CMAP_SA_DIR_IN && sa->spi == spi)
			return sa;
	return NULL;
}

static struct cmap_sa *cmap_sa_out_find_one(struct cmap_sadb *db, u32 id,
					    u32 line, const struct cmap_pkt *p)
{
	struct cmap_sa *sa;

	hlist_for_each_entry_rcu(sa, &db->flow[cmap_sa_flow_hash(id, line)],
				 flow_node, cmap_sa_locked(db)) {
		if (sa->entry_id != id || sa->line != line)
			continue;
		if (sa->has_sel && !cmap_sel_match(&sa->sel, p))
			continue;
		return sa;
	}
	return NULL;
}

/*
 * Under RCU or the mutex; no reference taken. The newest SA of the line,
 * else the newest of the whole entry: SAs are added at the head of their
 * chain.
 */
struct cmap_sa *cmap_sa_out_find(struct cmap_sadb *db, u32 entry_id,
				 u32 line, const struct cmap_pkt *p)
{
	struct cmap_sa *sa = NULL;

	if (line)
		sa = cmap_sa_out_find_one(db, entry_id, line, p);
	return sa ?: cmap_sa_out_find_one(db, entry_id, 0, p);
}

struct cmap_sa *cmap_sa_find_key(struct cmap_sadb *db, u8 dir, __be32 spi,
				 __be32 peer, bool has_peer)
{
	struct cmap_sa *sa, *found = NULL;

	cmap_sa_assert_locked(db);
	if (dir == CMAP_SA_DIR_IN) {
		sa = cmap_sa_in_find(db, spi);
		return sa && (!has_peer || sa->peer == peer) ? sa : NULL;
	}
	/* Outbound SPIs are the peers' choice: without a peer, one must fit. */
	list_for_each_entry(sa, &db->all, list) {
		if (sa->dir != dir || sa->spi != spi ||
		    (has_peer && sa->peer != peer))
			continue;
		if (found)
			return ERR_PTR(-ENOTUNIQ);
		found = sa;
	}
	return found;
}

struct cmap_sa *cmap_sa_find_conn(struct cmap_sadb *db, u32 conn_id)
{
	struct cmap_sa *sa;

	cmap_sa_assert_locked(db);
	list_for_each_entry(sa, &db->all, list)
		if (sa->conn_id == conn_id)
			return sa;
	return NULL;
}

static void cmap_sa_free_work(struct work_struct *work)
{
	struct cmap_sa *sa = container_of(to_rcu_work(work), struct cmap_sa,
					  free_work);

	/* The crypto API wipes the transform's context, keys included. */
	if (sa->aead)
		crypto_free_aead(sa->aead);
	kfree(sa->replay);
	free_percpu(sa->ctr);
	kfree_sensitive(sa);
}

void cmap_sa_put(struct cmap_sa *sa)
{
	if (refcount_dec_and_test(&sa->ref))
		queue_rcu_work(cmap_sa_wq, &sa->free_work);
}

static struct cmap_sa *cmap_sa_alloc(struct cmap_sadb *db)
{
	struct cmap_sa *sa = kzalloc(sizeof(*sa), GFP_KERNEL_ACCOUNT);

	if (!sa)
		return NULL;
	sa->ctr = alloc_percpu_gfp(struct cmap_sa_ctr, GFP_KERNEL_ACCOUNT);
	if (!sa->ctr) {
		kfree(sa);
		return NULL;
	}
	refcount_set(&sa->ref, 1);
	INIT_RCU_WORK(&sa->free_work, cmap_sa_free_work);
	spin_lock_init(&sa->lock);
	cmap_oq_init(&sa->oq);
	sa->added = ktime_get_seconds();
	return sa;
}

static void cmap_sa_link(struct cmap_sadb *db, struct cmap_sa *sa)
{
	sa->conn_id = db->next_conn_id++;
	if (db->next_conn_id < CMAP_CONN_ID_BASE)
		db->next_conn_id = CMAP_CONN_ID_BASE;
	hlist_add_head_rcu(&sa->spi_node,
			   &db->spi[cmap_sa_spi_hash(sa->dir, sa->spi,
						     sa->peer)]);
	if (sa->dir == CMAP_SA_DIR_OUT)
		hlist_add_head_rcu(&sa->flow_node,
				   &db->flow[cmap_sa_flow_hash(sa->entry_id,
							       sa->line)]);
	list_add_tail(&sa->list, &db->all);
	db->count++;
	db->gen++;
	cmap_sa_kick_gc(db);
}

/* Unhashes @sa and drops the table's reference; @reason for the event. */
void cmap_sa_delete(struct cmap_sadb *db, struct cmap_sa *sa, u8 reason)
{
	cmap_sa_assert_locked(db);
	if (test_and_set_bit(CMAP_SA_DEAD_BIT, &sa->bits))
		return;
	hlist_del_rcu(&sa->spi_node);
	if (sa->dir == CMAP_SA_DIR_OUT)
		hlist_del_rcu(&sa->flow_node);
	list_del(&sa->list);
	db->count--;
	db->gen++;
	sa->state = CMAP_SA_DEAD;
	cmap_ev_sa(db->dpn, sa, CMAP_CMD_EV_SA_DELETED, reason, false);
	cmap_sa_put(sa);
}

/* Every lifetime counts from the SA's creation. 0: none. */
void cmap_sa_set_life(struct cmap_sa *sa, u32 soft_secs, u32 hard_secs,
		      u64 soft_kb, u64 hard_kb)
{
	sa->soft_secs = soft_secs;
	sa->hard_secs = hard_secs;
	sa->soft_bytes = soft_kb * 1024;
	sa->hard_bytes = hard_kb * 1024;
	sa->soft_sent = false;
	if (sa->state == CMAP_SA_DYING)
		sa->state = CMAP_SA_MATURE;
}

struct cmap_sa *cmap_sa_create(struct cmap_sadb *db,
			       const struct cmap_sa_req *req,
			       const char *map, u16 entry_seq, bool manual,
			       struct netlink_ext_ack *extack)
{
	struct cmap_sa *sa, *old = NULL;
	int err = -ENOMEM;

	cmap_sa_assert_locked(db);
	if (req->dir == CMAP_SA_DIR_IN) {
		old = cmap_sa_in_find(db, req->spi);
		if (old && old->state != CMAP_SA_LARVAL) {
			NL_SET_ERR_MSG(extack, "SA.SPI: an inbound SA has this SPI");
			return ERR_PTR(-EEXIST);
		}
	} else if (cmap_sa_find_key(db, req->dir, req->spi, req->peer, true)) {
		NL_SET_ERR_MSG(extack, "SA.SPI: an outbound SA to this peer has this SPI");
		return ERR_PTR(-EEXIST);
	}

	sa = cmap_sa_alloc(db);
	if (!sa)
		goto fail;
	sa->dir = req->dir;
	sa->spi = req->spi;
	sa->peer = req->peer;
	sa->local = req->local;
	sa->entry_id = req->entry_id;
	sa->line = req->line;
	sa->entry_seq = entry_seq;
	strscpy(sa->map, map, sizeof(sa->map));
	sa->has_sel = req->has_sel;
	sa->sel = req->sel;
	sa->xf = req->xf;
	sa->manual = manual;
	sa->replay_window = req->replay_window;
	sa->aead = cmap_crypto_new(&req->xf, req->ekey, req->ekeylen,
				   req->akey, req->akeylen, &sa->geom, extack);
	if (IS_ERR(sa->aead)) {
		err = PTR_ERR(sa->aead);
		sa->aead = NULL;
		goto fail;
	}
	if (sa->dir == CMAP_SA_DIR_IN) {
		sa->replay = cmap_replay_new(req->replay_window,
					     GFP_KERNEL_ACCOUNT);
		if (!sa->replay)
			goto fail;
	}
	if (!manual)
		cmap_sa_set_life(sa, req->soft_secs, req->hard_secs,
				 req->soft_kb, req->hard_kb);
	sa->state = CMAP_SA_MATURE;
	/* Ahead of the reservation in its chain, so the SPI is never free. */
	cmap_sa_link(db, sa);
	if (old)
		cmap_sa_delete(db, old, CMAP_SA_REASON_DELETED);
	cmap_ev_sa(db->dpn, sa, CMAP_CMD_EV_SA_ADDED, -1, false);
	return sa;

fail:
	if (err == -ENOMEM)
		NL_SET_ERR_MSG(extack, "SA: out of memory");
	if (sa)
		cmap_sa_put(sa);
	return ERR_PTR(err);
}

/* A larval inbound SA: the SPI is ours, packets for it are dropped. */
int cmap_sa_alloc_spi(struct cmap_sadb *db, u32 lo, u32 hi, __be32 peer,
		      u32 entry_id, u32 secs, struct cmap_sa **out)
{
	struct cmap_sa *sa;
	u32 spi = 0, i;

	cmap_sa_assert_locked(db);
	for (i = 0; i < 64; i++) {
		spi = lo + (hi > lo ? get_random_u32() % (hi - lo + 1) : 0);
		if (!cmap_sa_in_find(db, htonl(spi)))
			break;
		spi = 0;
	}
	for (i = lo; !spi && i <= hi && i >= lo; i++)
		if (!cmap_sa_in_find(db, htonl(i)))
			spi = i;
	if (!spi)
		return -ENOSPC;
	sa = cmap_sa_alloc(db);
	if (!sa)
		return -ENOMEM;
	sa->dir = CMAP_SA_DIR_IN;
	sa->spi = htonl(spi);
	sa->peer = peer;
	sa->entry_id = entry_id;
	sa->state = CMAP_SA_LARVAL;
	sa->larval_until = sa->added + secs;
	cmap_sa_link(db, sa);
	*out = sa;
	return 0;
}

/* Hard and soft limits, larval reservations, exhausted sequence numbers. */
static void cmap_sa_gc_one(struct cmap_sadb *db, struct cmap_sa *sa,
			   time64_t now)
{
	struct cmap_sa_ctr sum;
	time64_t age = now - sa->added;
	u64 bytes;

	if (sa->state == CMAP_SA_LARVAL) {
		if (now >= sa->larval_until)
			cmap_sa_delete(db, sa, CMAP_SA_REASON_LARVAL);
		return;
	}
	if (test_bit(CMAP_SA_SEQ_BIT, &sa->bits)) {
		cmap_ev_sa(db->dpn, sa, CMAP_CMD_EV_EXPIRE, -1, true);
		cmap_sa_delete(db, sa, CMAP_SA_REASON_SEQ);
		return;
	}
	if (sa->manual || (!sa->hard_secs && !sa->soft_secs &&
			   !sa->hard_bytes && !sa->soft_bytes))
		return;
	cmap_sa_ctr_sum(sa->ctr, &sum);
	bytes = sum.v[CMAP_SA_CTR_A_BYTES];
	if ((sa->hard_secs && age >= sa->hard_secs) ||
	    (sa->hard_bytes && bytes >= sa->hard_bytes)) {
		cmap_ev_sa(db->dpn, sa, CMAP_CMD_EV_EXPIRE, -1, true);
		cmap_sa_delete(db, sa, CMAP_SA_REASON_EXPIRED);
		return;
	}
	if (!sa->soft_sent && ((sa->soft_secs && age >= sa->soft_secs) ||
			       (sa->soft_bytes && bytes >= sa->soft_bytes))) {
		sa->soft_sent = true;
		sa->state = CMAP_SA_DYING;
		db->gen++;
		cmap_ev_sa(db->dpn, sa, CMAP_CMD_EV_EXPIRE, -1, false);
	}
}

static void cmap_sa_gc(struct work_struct *work)
{
	struct cmap_sadb *db = container_of(to_delayed_work(work),
					    struct cmap_sadb, gc);
	struct cmap_net *cn = db->dpn->cn;
	time64_t now = ktime_get_seconds();
	struct cmap_sa *sa, *tmp;

	mutex_lock(&cn->lock);
	list_for_each_entry_safe(sa, tmp, &db->all, list)
		cmap_sa_gc_one(db, sa, now);
	if (db->count && !db->dying)
		queue_delayed_work(cmap_sa_wq, &db->gc, HZ);
	mutex_unlock(&cn->lock);
}

/* The packet path calls this for exhausted sequence numbers: any context. */
void cmap_sa_kick_gc(struct cmap_sadb *db)
{
	if (!db->dying)
		mod_delayed_work(cmap_sa_wq, &db->gc, 0);
}

void cmap_sadb_init(struct cmap_sadb *db, struct cmap_dpnet *dpn)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(db->spi); i++)
		INIT_HLIST_HEAD(&db->spi[i]);
	for (i = 0; i < ARRAY_SIZE(db->flow); i++)
		INIT_HLIST_HEAD(&db->flow[i]);
	INIT_LIST_HEAD(&db->all);
	db->next_conn_id = CMAP_CONN_ID_BASE;
	db->dpn = dpn;
	INIT_DELAYED_WORK(&db->gc, cmap_sa_gc);
}

/* Namespace exit: no packet reaches the SAs any more. No events. */
void cmap_sadb_flush_all(struct cmap_sadb *db)
{
	struct cmap_net *cn = db->dpn->cn;
	struct cmap_sa *sa, *tmp;

	mutex_lock(&cn->lock);
	db->dying = true;
	mutex_unlock(&cn->lock);
	cancel_delayed_work_sync(&db->gc);
	mutex_lock(&cn->lock);
	list_for_each_entry_safe(sa, tmp, &db->all, list)
		cmap_sa_delete(db, sa, CMAP_SA_REASON_FLUSH);
	mutex_unlock(&cn->lock);
}

int cmap_sa_init(void)
{
	cmap_sa_wq = alloc_workqueue("cryptomap", WQ_UNBOUND, 0);
	return cmap_sa_wq ? 0 : -ENOMEM;
}

void cmap_sa_uninit(void)
{
	rcu_barrier();
	destroy_workqueue(cmap_sa_wq);
}

struct workqueue_struct *cmap_wq(void)
{
	return cmap_sa_wq;
}
