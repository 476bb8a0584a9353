/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Security associations of a namespace. Inbound SAs are found by SPI,
 * outbound ones by the map entry and ACL line they protect (newest first,
 * for make-before-break) and, for management, by SPI and peer.
 *
 * Writers hold the namespace mutex (struct cmap_net.lock), as every
 * configuration writer does, so a commit and an SA change never interleave.
 * The packet path looks SAs up under RCU and takes a counted reference when
 * it keeps one beyond its RCU section (asynchronous crypto). A deleted SA is
 * unhashed at once and freed, its keys wiped, once the last reference and a
 * grace period are gone.
 */
#ifndef _CMAP_SA_H
#define _CMAP_SA_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/cryptomap.h>

#include "classify.h"
#include "crypto.h"
#include "parallel.h"
#include "replay.h"
#include "stats.h"

struct cmap_dpnet;

/* A traffic selector: prefixes, protocol, port ranges. */
struct cmap_sel {
	__be32 src, smask;
	__be32 dst, dmask;
	u8 proto;		/* 0: any */
	u16 sport_lo, sport_hi;
	u16 dport_lo, dport_hi;
};

enum {
	CMAP_SA_DEAD_BIT,	/* unhashed: no new packets */
	CMAP_SA_SEQ_BIT,	/* outbound sequence numbers exhausted */
};

struct cmap_sa {
	struct hlist_node spi_node;	/* dir, spi (and peer) */
	struct hlist_node flow_node;	/* outbound: entry and line */
	struct list_head list;		/* the namespace's SAs, oldest first */
	struct rcu_work free_work;
	refcount_t ref;
	unsigned long bits;		/* CMAP_SA_*_BIT */

	u32 conn_id;
	u8 dir;				/* enum cmap_sa_dir */
	u8 state;			/* enum cmap_sa_state */
	bool has_sel;
	bool manual;			/* of an ipsec-manual entry: no expiry */
	bool soft_sent;
	__be32 spi;
	__be32 peer;
	__be32 local;			/* 0: chosen per packet */
	u32 entry_id;
	u32 line;			/* ACL line SEQ, 0: all lines */
	u16 entry_seq;
	char map[CMAP_NAME_MAX];
	struct cmap_sel sel;

	struct cmap_xform xf;
	struct cmap_esp_geom geom;
	struct crypto_aead *aead;

	atomic64_t seq_out;		/* outbound: last sequence number used */
	struct cmap_oq oq;		/* crypto_parallel: in order */
	spinlock_t lock;		/* inbound: the replay window */
	struct cmap_replay *replay;	/* inbound */
	u32 replay_window;

	time64_t added;			/* ktime_get_seconds() */
	time64_t larval_until;
	u32 soft_secs, hard_secs;
	u64 soft_bytes, hard_bytes;

	struct cmap_sa_ctr __percpu *ctr;
};

#define CMAP_SADB_BITS	10

struct cmap_sadb {
	struct hlist_head spi[1 << CMAP_SADB_BITS];
	struct hlist_head flow[1 << CMAP_SADB_BITS];
	struct list_head all;
	u32 count;
	u32 gen;		/* changes: dumps flag NLM_F_DUMP_INTR */
	u32 next_conn_id;
	bool dying;
	struct delayed_work gc;
	struct cmap_dpnet *dpn;
};

/* What NEW_SA asks for, parsed and checked. */
struct cmap_sa_req {
	u8 dir;
	__be32 spi, peer, local;
	u32 entry_id, line;
	struct cmap_xform xf;
	const u8 *ekey, *akey;
	u32 ekeylen, akeylen;
	u32 replay_window;
	bool has_window;
	bool has_sel;
	struct cmap_sel sel;
	u32 soft_secs, hard_secs;
	u64 soft_kb, hard_kb;
	bool has_life;
};

void cmap_sadb_init(struct cmap_sadb *db, struct cmap_dpnet *dpn);
void cmap_sadb_flush_all(struct cmap_sadb *db);

struct cmap_sa *cmap_sa_in_find(struct cmap_sadb *db, __be32 spi);
struct cmap_sa *cmap_sa_out_find(struct cmap_sadb *db, u32 entry_id,
				 u32 line, const struct cmap_pkt *p);
struct cmap_sa *cmap_sa_find_key(struct cmap_sadb *db, u8 dir, __be32 spi,
				 __be32 peer, bool has_peer);
struct cmap_sa *cmap_sa_find_conn(struct cmap_sadb *db, u32 conn_id);

struct cmap_sa *cmap_sa_create(struct cmap_sadb *db,
			       const struct cmap_sa_req *req,
			       const char *map, u16 entry_seq, bool manual,
			       struct netlink_ext_ack *extack);
int cmap_sa_alloc_spi(struct cmap_sadb *db, u32 lo, u32 hi, __be32 peer,
		      u32 entry_id, u32 secs, struct cmap_sa **out);
void cmap_sa_delete(struct cmap_sadb *db, struct cmap_sa *sa, u8 reason);
void cmap_sa_set_life(struct cmap_sa *sa, u32 soft_secs, u32 hard_secs,
		      u64 soft_kb, u64 hard_kb);
void cmap_sa_kick_gc(struct cmap_sadb *db);

bool cmap_sel_match(const struct cmap_sel *s, const struct cmap_pkt *p);

static inline bool cmap_sa_get(struct cmap_sa *sa)
{
	return refcount_inc_not_zero(&sa->ref);
}

void cmap_sa_put(struct cmap_sa *sa);

struct workqueue_struct *cmap_wq(void);
int cmap_sa_init(void);
void cmap_sa_uninit(void);

#endif /* _CMAP_SA_H */
