/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Netlink requests the backend sends a little later, in the order they were
 * deferred: the NEW_SA of a rekeyed CHILD_SA's outbound SA, and the DEL_SA
 * of the outbound SA it replaces, which must not come first (see
 * kernel_cryptomap_ipsec.c, switch_later). A NEW_SA request holds keys: its
 * copy is wiped when it is sent, cancelled or flushed.
 */
#ifndef CMAP_DEFER_H
#define CMAP_DEFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmap_nl.h"

struct cmap_defer;

struct cmap_defer_req {
	uint64_t due_ms;	/* CLOCK_MONOTONIC milliseconds */
	uint32_t spi;		/* host order: the outbound SA it is about */
	uint32_t peer;		/* network order */
	uint32_t reqid;
	bool new_sa;		/* NEW_SA, else DEL_SA */
	size_t len;
	char req[CMAP_NL_REQ_SIZE];
};

struct cmap_defer *cmap_defer_create(void);
/* Wipes and frees what is still deferred. */
void cmap_defer_destroy(struct cmap_defer *d);

/* Appends a copy of @r (with @r->req of @r->len bytes); false if out of
 * memory. */
bool cmap_defer_add(struct cmap_defer *d, const struct cmap_defer_req *r);
/* The due time of the last NEW_SA deferred for @reqid and @peer, 0 if none. */
uint64_t cmap_defer_new_due(struct cmap_defer *d, uint32_t reqid,
			    uint32_t peer);
/* Removes (and wipes) the NEW_SA of outbound @spi to @peer; false if none
 * is deferred. */
bool cmap_defer_cancel(struct cmap_defer *d, uint32_t spi, uint32_t peer);
/* Takes the first request if it is due at @now_ms into @out (wipe it after
 * use); false if none is. */
bool cmap_defer_take(struct cmap_defer *d, uint64_t now_ms,
		     struct cmap_defer_req *out);
/* The due time of the first request, 0 if none. */
uint64_t cmap_defer_next(struct cmap_defer *d);
/* Wipes and drops everything deferred. */
void cmap_defer_flush(struct cmap_defer *d);

#endif /* CMAP_DEFER_H */
