// SPDX-License-Identifier: GPL-2.0-or-later
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cmap_state.h"

#define SA_BUCKETS 1024		/* a power of two */

struct trap {
	struct trap *next;
	uint32_t reqid, peer;
	struct cmap_flow flow;
	unsigned int refs;
};

struct sa {
	struct sa *next;
	struct cmap_sa_rec r;
};

struct line_use {
	struct line_use *next;
	uint32_t entry_id, line;
	uint64_t hits;
	time_t used;
};

struct resume {
	struct resume *next;
	uint32_t peer;
	struct cmap_flow flow;
	time_t since;
};

struct cmap_state {
	pthread_mutex_t lock;
	struct trap *traps;
	struct resume *resumes;
	struct sa *sas[SA_BUCKETS];
	struct line_use *uses;
};

struct cmap_state *cmap_state_create(void)
{
	struct cmap_state *st = calloc(1, sizeof(*st));

	if (st)
		pthread_mutex_init(&st->lock, NULL);
	return st;
}

static void free_sas(struct sa *s)
{
	struct sa *next;

	for (; s; s = next) {
		next = s->next;
		free(s);
	}
}

void cmap_state_destroy(struct cmap_state *st)
{
	size_t i;

	if (!st)
		return;
	while (st->traps) {
		struct trap *t = st->traps;

		st->traps = t->next;
		free(t);
	}
	for (i = 0; i < SA_BUCKETS; i++)
		free_sas(st->sas[i]);
	while (st->resumes) {
		struct resume *q = st->resumes;

		st->resumes = q->next;
		free(q);
	}
	while (st->uses) {
		struct line_use *u = st->uses;

		st->uses = u->next;
		free(u);
	}
	pthread_mutex_destroy(&st->lock);
	free(st);
}

/* --- traps ----------------------------------------------------------------- */

static struct trap **trap_slot(struct cmap_state *st, uint32_t reqid,
			       uint32_t peer, const struct cmap_flow *flow)
{
	struct trap **p;

	for (p = &st->traps; *p; p = &(*p)->next)
		if ((*p)->reqid == reqid && (*p)->peer == peer &&
		    cmap_flow_eq(&(*p)->flow, flow))
			break;
	return p;
}

void cmap_state_trap_add(struct cmap_state *st, uint32_t reqid, uint32_t peer,
			 const struct cmap_flow *flow)
{
	struct trap **p, *t;

	pthread_mutex_lock(&st->lock);
	p = trap_slot(st, reqid, peer, flow);
	if (*p) {
		(*p)->refs++;
	} else if ((t = calloc(1, sizeof(*t)))) {
		t->reqid = reqid;
		t->peer = peer;
		t->flow = *flow;
		t->refs = 1;
		*p = t;
	}
	pthread_mutex_unlock(&st->lock);
}

void cmap_state_trap_del(struct cmap_state *st, uint32_t reqid, uint32_t peer,
			 const struct cmap_flow *flow)
{
	struct trap **p, *t;

	pthread_mutex_lock(&st->lock);
	p = trap_slot(st, reqid, peer, flow);
	t = *p;
	if (t && !--t->refs) {
		*p = t->next;
		free(t);
	}
	pthread_mutex_unlock(&st->lock);
}

bool cmap_state_trap_find(struct cmap_state *st, uint32_t peer,
			  const struct cmap_flow *line,
			  const struct cmap_flow *packet, uint32_t *reqid)
{
	struct trap *t, *within = NULL;
	bool found = false;

	pthread_mutex_lock(&st->lock);
	for (t = st->traps; t; t = t->next) {
		if (t->peer != peer)
			continue;
		if (line && cmap_flow_eq(&t->flow, line)) {
			*reqid = t->reqid;
			found = true;
			break;
		}
		if (!within && packet && cmap_flow_within(packet, &t->flow))
			within = t;
	}
	if (!found && within) {
		*reqid = within->reqid;
		found = true;
	}
	pthread_mutex_unlock(&st->lock);
	return found;
}

unsigned int cmap_state_trap_count(struct cmap_state *st)
{
	unsigned int n = 0;
	struct trap *t;

	pthread_mutex_lock(&st->lock);
	for (t = st->traps; t; t = t->next)
		n++;
	pthread_mutex_unlock(&st->lock);
	return n;
}

/* --- tunnels to resume ------------------------------------------------------------ */

void cmap_state_resume_add(struct cmap_state *st, uint32_t peer,
			   const struct cmap_flow *flow, time_t now)
{
	struct resume *q, **p;

	pthread_mutex_lock(&st->lock);
	for (p = &st->resumes; *p; p = &(*p)->next)
		if ((*p)->peer == peer && cmap_flow_eq(&(*p)->flow, flow))
			break;
	if (!*p && (q = calloc(1, sizeof(*q)))) {
		q->peer = peer;
		q->flow = *flow;
		q->since = now;
		*p = q;
	}
	pthread_mutex_unlock(&st->lock);
}

int cmap_state_resume_take(struct cmap_state *st, uint32_t *reqids, int max,
			   time_t now, time_t max_age, int *taken)
{
	struct resume **p, *q;
	int left = 0;
	struct trap *t;

	*taken = 0;
	pthread_mutex_lock(&st->lock);
	for (p = &st->resumes; (q = *p);) {
		for (t = st->traps; t; t = t->next)
			if (t->peer == q->peer && cmap_flow_eq(&t->flow, &q->flow))
				break;
		if ((t && *taken < max) || (!t && now - q->since > max_age)) {
			if (t)
				reqids[(*taken)++] = t->reqid;
			*p = q->next;
			free(q);
			continue;
		}
		left++;
		p = &q->next;
	}
	pthread_mutex_unlock(&st->lock);
	return left;
}

/* --- SAs ------------------------------------------------------------------------- */

static struct sa **sa_bucket(struct cmap_state *st, uint32_t spi)
{
	uint32_t h = spi * 0x9e3779b1u;

	return &st->sas[(h >> 16) & (SA_BUCKETS - 1)];
}

static struct sa **sa_slot(struct cmap_state *st, uint32_t spi, uint32_t dst)
{
	struct sa **p;

	for (p = sa_bucket(st, spi); *p; p = &(*p)->next)
		if ((*p)->r.spi == spi && (*p)->r.dst == dst)
			break;
	return p;
}

void cmap_state_sa_put(struct cmap_state *st, const struct cmap_sa_rec *r)
{
	struct sa **p, *s;

	pthread_mutex_lock(&st->lock);
	p = sa_slot(st, r->spi, r->dst);
	if (*p) {
		(*p)->r = *r;
	} else if ((s = calloc(1, sizeof(*s)))) {
		s->r = *r;
		*p = s;
	}
	pthread_mutex_unlock(&st->lock);
}

bool cmap_state_sa_get(struct cmap_state *st, uint32_t spi, uint32_t dst,
		       bool remove, struct cmap_sa_rec *out)
{
	struct sa **p, *s;

	pthread_mutex_lock(&st->lock);
	p = sa_slot(st, spi, dst);
	s = *p;
	if (s) {
		*out = s->r;
		if (remove) {
			*p = s->next;
			free(s);
		}
	}
	pthread_mutex_unlock(&st->lock);
	return s != NULL;
}

bool cmap_state_sa_by_key(struct cmap_state *st, uint8_t dir, uint32_t spi,
			  uint32_t peer, bool mark_gone,
			  struct cmap_sa_rec *out)
{
	struct sa *s;

	pthread_mutex_lock(&st->lock);
	for (s = *sa_bucket(st, spi); s; s = s->next)
		if (s->r.spi == spi && s->r.dir == dir &&
		    (dir == CMAP_SA_DIR_IN || s->r.peer == peer))
			break;
	if (s) {
		if (mark_gone)
			s->r.gone = true;
		*out = s->r;
	}
	pthread_mutex_unlock(&st->lock);
	return s != NULL;
}

/* An inbound SA of reqid and peer, not larval or gone, added after @after
 * (any if 0), or with added == @added (if not 0). Under st->lock. */
static struct sa *sa_in_find(struct cmap_state *st, uint32_t reqid,
			     uint32_t peer, uint64_t after, uint64_t added)
{
	struct sa *s, *best = NULL;
	size_t i;

	for (i = 0; i < SA_BUCKETS; i++)
		for (s = st->sas[i]; s; s = s->next) {
			if (s->r.dir != CMAP_SA_DIR_IN || s->r.reqid != reqid ||
			    s->r.peer != peer || s->r.larval || s->r.gone)
				continue;
			if (added ? s->r.added == added :
			    s->r.added > after &&
			    (!best || s->r.added > best->r.added))
				best = s;
		}
	return best;
}

uint64_t cmap_state_sa_newest_in(struct cmap_state *st, uint32_t reqid,
				 uint32_t peer)
{
	struct sa *s;
	uint64_t added;

	pthread_mutex_lock(&st->lock);
	s = sa_in_find(st, reqid, peer, 0, 0);
	added = s ? s->r.added : 0;
	pthread_mutex_unlock(&st->lock);
	return added;
}

bool cmap_state_sa_has_out(struct cmap_state *st, uint32_t reqid,
			   uint32_t peer)
{
	const struct sa *s;
	bool found = false;
	size_t i;

	pthread_mutex_lock(&st->lock);
	for (i = 0; i < SA_BUCKETS && !found; i++)
		for (s = st->sas[i]; s && !found; s = s->next)
			found = s->r.dir == CMAP_SA_DIR_OUT &&
				s->r.reqid == reqid && s->r.peer == peer &&
				!s->r.larval && !s->r.gone;
	pthread_mutex_unlock(&st->lock);
	return found;
}

bool cmap_state_sa_rekeyed_in(struct cmap_state *st,
			      const struct cmap_sa_rec *out,
			      struct cmap_sa_rec *in)
{
	struct sa *s = NULL;

	if (out->dir != CMAP_SA_DIR_OUT || !out->pair || !out->reqid)
		return false;
	pthread_mutex_lock(&st->lock);
	s = sa_in_find(st, out->reqid, out->peer, 0, out->pair);
	if (s && (s->r.ending ||
		  !sa_in_find(st, out->reqid, out->peer, s->r.added, 0)))
		s = NULL;
	if (s) {
		s->r.ending = true;
		*in = s->r;
	}
	pthread_mutex_unlock(&st->lock);
	return s != NULL;
}

void cmap_state_sa_clear(struct cmap_state *st)
{
	size_t i;

	pthread_mutex_lock(&st->lock);
	for (i = 0; i < SA_BUCKETS; i++) {
		free_sas(st->sas[i]);
		st->sas[i] = NULL;
	}
	pthread_mutex_unlock(&st->lock);
}

/* --- line use ------------------------------------------------------------------- */

time_t cmap_state_line_used(struct cmap_state *st, uint32_t entry_id,
			    uint32_t line, uint64_t hits, time_t now)
{
	struct line_use *u;
	time_t used = 0;

	pthread_mutex_lock(&st->lock);
	for (u = st->uses; u; u = u->next)
		if (u->entry_id == entry_id && u->line == line)
			break;
	if (!u && (u = calloc(1, sizeof(*u)))) {
		u->entry_id = entry_id;
		u->line = line;
		u->next = st->uses;
		st->uses = u;
	}
	if (u) {
		/* first sight of a used line counts as use now: we cannot
		 * know better, and "recent" errs on the side of keeping */
		if (hits > u->hits)
			u->used = now;
		u->hits = hits;
		used = u->used;
	}
	pthread_mutex_unlock(&st->lock);
	return used;
}
