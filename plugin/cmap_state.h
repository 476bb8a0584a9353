/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the backend remembers between charon's calls, behind one mutex
 * (charon calls from many threads, events arrive in a watcher callback):
 *
 * - trap policies: reqid, peer and flow of each outbound trap charon
 *   installed, so that the module's acquire (entry, line, peer) finds the
 *   reqid charon wants back;
 * - SAs: direction and peer of every SPI charon reserved or installed,
 *   keyed like charon's own calls (SPI and destination), so that del_sa and
 *   query_sa can name the module's SA and events can name charon's;
 * - line use: the hit counters of access-list lines seen by query_policy.
 */
#ifndef CMAP_STATE_H
#define CMAP_STATE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "cmap_cfg.h"

struct cmap_sa_rec {
	uint32_t spi;		/* network order, as charon has it */
	uint32_t dst;		/* network order: local (in) or the peer (out) */
	uint32_t peer;		/* network order */
	uint8_t dir;		/* CMAP_SA_DIR_* */
	uint32_t reqid;
	bool larval;		/* get_spi reserved it, add_sa not yet done */
	bool gone;		/* the module deleted it on its own */
	bool ending;		/* inbound: its hard lifetime was cut short
				 * (cmap_state_sa_rekeyed_in) */
	uint64_t added;		/* order of add_sa, from 1 */
	uint64_t pair;		/* outbound: added of its CHILD_SA's inbound SA */
};

struct cmap_state;

struct cmap_state *cmap_state_create(void);
void cmap_state_destroy(struct cmap_state *st);

/* Trap policies, counted: charon may install the same one more than once. */
void cmap_state_trap_add(struct cmap_state *st, uint32_t reqid, uint32_t peer,
			 const struct cmap_flow *flow);
void cmap_state_trap_del(struct cmap_state *st, uint32_t reqid, uint32_t peer,
			 const struct cmap_flow *flow);
/* The reqid of the trap to @peer whose flow equals @line, else of one whose
 * flow contains @packet. */
bool cmap_state_trap_find(struct cmap_state *st, uint32_t peer,
			  const struct cmap_flow *line,
			  const struct cmap_flow *packet, uint32_t *reqid);
unsigned int cmap_state_trap_count(struct cmap_state *st);

/*
 * Tunnels to resume: lines that had outbound SAs to @peer when a new charon
 * started and flushed them. Taken, as the reqids of the traps that now
 * exist for them, by cmap_state_resume_take(); items without a trap after
 * @max_age seconds are dropped. The count of items still pending.
 */
void cmap_state_resume_add(struct cmap_state *st, uint32_t peer,
			   const struct cmap_flow *flow, time_t now);
int cmap_state_resume_take(struct cmap_state *st, uint32_t *reqids, int max,
			   time_t now, time_t max_age, int *taken);

/* Inserts or replaces the record of (spi, dst). */
void cmap_state_sa_put(struct cmap_state *st, const struct cmap_sa_rec *r);
/* The record of (spi, dst); remove: and forget it. */
bool cmap_state_sa_get(struct cmap_state *st, uint32_t spi, uint32_t dst,
		       bool remove, struct cmap_sa_rec *out);
/* The record of the module's SA key: DIR and SPI, PEER for outbound.
 * mark_gone: note that the module has deleted it. */
bool cmap_state_sa_by_key(struct cmap_state *st, uint8_t dir, uint32_t spi,
			  uint32_t peer, bool mark_gone,
			  struct cmap_sa_rec *out);
void cmap_state_sa_clear(struct cmap_state *st);
/* The added of the newest inbound SA (not larval) of @reqid from @peer, 0
 * if none: an outbound SA's pair, as charon adds a CHILD_SA's inbound SA
 * right before its outbound one. */
uint64_t cmap_state_sa_newest_in(struct cmap_state *st, uint32_t reqid,
				 uint32_t peer);
/* An outbound SA (not larval or gone) of @reqid to @peer exists. */
bool cmap_state_sa_has_out(struct cmap_state *st, uint32_t reqid,
			   uint32_t peer);
/* The inbound SA paired with outbound @out, if it is still there and a
 * newer inbound SA of the same reqid and peer exists: charon is removing
 * the outbound half of a CHILD_SA it rekeyed. Marks it ending. */
bool cmap_state_sa_rekeyed_in(struct cmap_state *st,
			      const struct cmap_sa_rec *out,
			      struct cmap_sa_rec *in);

/*
 * query_policy: the monotonic time at which a line's hit counter was last
 * seen to grow (@hits now, @now the time), or 0 if it never was.
 */
time_t cmap_state_line_used(struct cmap_state *st, uint32_t entry_id,
			    uint32_t line, uint64_t hits, time_t now);

#endif /* CMAP_STATE_H */
